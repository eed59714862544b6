"""Changing a capacity serves the waiting list first, wherever it is changed: the service,
the three admins (workshop, conference, stand activity) and the exhibitor portal."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains

from events import seats
from exhibitors.models import StandActivity
from participants.enums import BookingState
from participants.models import Booking

from ..admin_forms import change_form_data
from ..factories import (
    OrganisationMemberFactory,
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    UserFactory,
    WorkshopFactory,
    at,
)

PROMOTED = "Innov’insertion : une place s’est libérée pour vous"

TARGETS = {
    "workshop": lambda event: WorkshopFactory(event=event, capacity=1),
    "timetable_item": lambda event: TimetableItemFactory(event=event, capacity=1),
    "stand_activity": lambda event: StandActivityFactory(
        stand=StandFactory(event=event),
        capacity=1,
        starts_at=at(event, 14),
        ends_at=at(event, 14, 30),
    ),
}
ADMIN_CHANGE = {
    "workshop": "admin:workshops_workshop_change",
    "timetable_item": "admin:events_timetableitem_change",
    "stand_activity": "admin:exhibitors_standactivity_change",
}


@pytest.fixture
def full_with_queue(event, register, django_capture_on_commit_callbacks):
    """A target of each kind with its one seat taken and three people waiting, in order."""

    def make(kind: str):
        target = TARGETS[kind](event)
        with django_capture_on_commit_callbacks(execute=True):
            holder = register(target)
            waiting = [register(target) for _ in range(3)]
        mail.outbox.clear()
        return target, holder, waiting

    return make


def _states(people, target) -> list[str]:
    return [person.bookings.get(**Booking.target_filter(target)).state for person in people]


def _promoted_addresses() -> list[str]:
    return [m.to[0] for m in mail.outbox if m.subject == PROMOTED]


@pytest.mark.parametrize("kind", TARGETS)
def test_capacity_change_raised_confirms_the_first_waiting_in_order(
    kind, full_with_queue, django_capture_on_commit_callbacks
):
    target, _, waiting = full_with_queue(kind)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = seats.capacity_change(target=target, capacity=3)

    assert [b.participant for b in promoted] == waiting[:2]
    assert _states(waiting, target) == [
        BookingState.CONFIRMED,
        BookingState.CONFIRMED,
        BookingState.WAITING,
    ]
    target.refresh_from_db()
    assert (target.capacity, target.seats_taken) == (3, 3)
    assert _promoted_addresses() == [waiting[0].email, waiting[1].email]


def test_capacity_change_unlimited_confirms_everyone_waiting(
    full_with_queue, django_capture_on_commit_callbacks
):
    target, _, waiting = full_with_queue("workshop")

    with django_capture_on_commit_callbacks(execute=True):
        seats.capacity_change(target=target, capacity=None)

    assert _states(waiting, target) == [BookingState.CONFIRMED] * 3
    assert len(_promoted_addresses()) == 3


def test_capacity_change_below_the_seats_taken_is_refused_and_changes_nothing(
    event, register, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)
        register(workshop)
    mail.outbox.clear()

    with pytest.raises(seats.SeatsError) as refused:
        seats.capacity_change(target=workshop, capacity=1)

    assert refused.value.message == (
        f"2 places de « {workshop.title} » sont déjà réservées : le nombre de places ne peut "
        "pas descendre en dessous. Rien n’a été changé."
    )
    workshop.refresh_from_db()
    assert (workshop.capacity, workshop.seats_taken) == (3, 2)
    assert mail.outbox == []


@pytest.mark.parametrize("kind", TARGETS)
def test_admin_capacity_raised_confirms_the_first_waiting_in_order(
    kind, admin_client, full_with_queue, django_capture_on_commit_callbacks
):
    target, _, waiting = full_with_queue(kind)
    url = reverse(ADMIN_CHANGE[kind], args=[target.pk])
    data = change_form_data(admin_client.get(url), capacity="2")

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)

    assertContains(response, "1 personne de la liste d’attente a obtenu une place.")
    assert _states(waiting, target) == [
        BookingState.CONFIRMED,
        BookingState.WAITING,
        BookingState.WAITING,
    ]
    target.refresh_from_db()
    assert (target.capacity, target.seats_taken) == (2, 2)
    assert _promoted_addresses() == [waiting[0].email]


@pytest.mark.parametrize("kind", TARGETS)
def test_admin_capacity_below_the_seats_taken_is_a_form_error_and_changes_nothing(
    kind, admin_client, full_with_queue
):
    target, _, waiting = full_with_queue(kind)
    url = reverse(ADMIN_CHANGE[kind], args=[target.pk])
    data = change_form_data(admin_client.get(url), capacity="0")

    response = admin_client.post(url, data)

    assertContains(response, "1 places sont déjà réservées")
    target.refresh_from_db()
    assert (target.capacity, target.seats_taken) == (1, 1)
    assert _states(waiting, target) == [BookingState.WAITING] * 3


def test_portal_capacity_raised_confirms_the_first_waiting_in_order(
    client, event, full_with_queue, django_capture_on_commit_callbacks
):
    activity, _, waiting = full_with_queue("stand_activity")
    user = UserFactory()
    OrganisationMemberFactory(user=user, organisation=activity.stand.organisation)
    client.force_login(user)
    url = reverse("portal:activity_edit", kwargs={"pk": activity.pk})
    data = {
        "kind": activity.kind,
        "title": activity.title,
        "description": activity.description,
        "start_time": "14:00",
        "end_time": "14:30",
        "capacity": "3",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)

    assert response.status_code == 200
    assert _states(waiting, activity) == [
        BookingState.CONFIRMED,
        BookingState.CONFIRMED,
        BookingState.WAITING,
    ]
    activity.refresh_from_db()
    assert (activity.capacity, activity.seats_taken) == (3, 3)
    assert StandActivity.objects.get(pk=activity.pk).title == activity.title
    assert _promoted_addresses() == [waiting[0].email, waiting[1].email]
