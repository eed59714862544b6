"""Booking an interview slot: the rules of every bookable kind, and one slot per exhibitor."""

import pytest

from participants import services
from participants.enums import BookingState
from recruitment import services as recruitment_services
from recruitment.models import InterviewSession

from ..factories import OrganisationFactory, StandFactory, WorkshopFactory, at
from ..participants.forms_data import registration
from .builders import session_make

pytestmark = pytest.mark.django_db

REGISTER_URL = "/inscription/"


def first_slot(session):
    return session.slots.order_by("starts_at").first()


def test_an_interview_at_the_time_of_a_workshop_is_refused(event, register):
    workshop = WorkshopFactory(event=event, starts_at=at(event, 14), ends_at=at(event, 15))
    slot = first_slot(session_make(event, start=(14, 0), end=(15, 0)))
    person = register(workshop)

    with pytest.raises(services.BookingError) as refused:
        services.booking_create(participant=person, target=slot)

    assert refused.value.code == "overlap"
    assert list(person.bookings.values_list("workshop", flat=True)) == [workshop.pk]


def test_one_slot_per_exhibitor_another_exhibitor_is_fine(event, register):
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="Framatome"))
    session = session_make(event, stand=stand, start=(14, 0), end=(15, 0), minutes=20)
    first, second, _third = session.slots.order_by("starts_at")
    other = first_slot(session_make(event, start=(15, 0), end=(16, 0)))
    person = register(first)

    with pytest.raises(services.BookingError) as refused:
        services.booking_create(participant=person, target=second)
    assert refused.value.code == "one_interview_per_exhibitor"
    assert "Framatome" in refused.value.message
    assert "14h00" in refused.value.message

    services.booking_create(participant=person, target=other)
    assert person.bookings.active().count() == 2


def test_two_slots_of_one_exhibitor_in_one_registration_are_refused(event, person):
    session = session_make(event, minutes=20)
    first, second = session.slots.order_by("starts_at")[:2]

    with pytest.raises(services.BookingError) as refused:
        services.registration_create(event=event, person=person(), targets=[first, second])

    assert refused.value.code == "one_interview_per_exhibitor"


def test_a_slot_can_be_swapped_for_another_of_the_same_exhibitor(event, register):
    session = session_make(event, minutes=20)
    first, second = session.slots.order_by("starts_at")[:2]
    person = register(first)

    moved = services.booking_move(booking=person.bookings.get(), target=second)

    assert moved.target == second
    assert [b.target for b in person.bookings.active()] == [second]


def test_a_full_slot_puts_the_next_person_on_its_waiting_list(event, register):
    slot = first_slot(session_make(event, recruiters=1))
    register(slot)

    late = register(slot)

    assert late.bookings.get().state == BookingState.WAITING
    slot.refresh_from_db()
    assert slot.seats_taken == 1


def test_a_cancelled_slot_cannot_be_booked(event, register):
    slot = first_slot(session_make(event))
    recruitment_services.interview_slot_cancel(slot=slot)
    person = register()

    with pytest.raises(services.BookingError) as refused:
        services.booking_create(participant=person, target=slot)

    assert refused.value.code == "not_offered"


def test_the_form_lists_open_slots_under_their_exhibitor(client, event):
    stand = StandFactory(event=event, number=12, organisation=OrganisationFactory(name="Keolis"))
    open_session = session_make(
        event, stand=stand, title="Conducteurs de bus", start=(14, 0), end=(14, 40)
    )
    session_make(event, title="Sur invitation", invitation_only=True)
    session_make(event, title="Pas encore publiée", is_published=False)
    cancelled = open_session.slots.order_by("starts_at").last()
    recruitment_services.interview_slot_cancel(slot=cancelled)

    page = client.get(REGISTER_URL).content.decode()

    assert "Les entretiens de recrutement" in page
    assert "Conducteurs de bus — Keolis, stand 12" in page
    assert "14h00" in page
    assert page.count('name="interviews"') == 1
    assert f'name="interviews" value="{cancelled.pk}"' not in page
    assert "Sur invitation" not in page
    assert "Pas encore publiée" not in page


def test_the_link_of_a_slot_ticks_it(client, event):
    slot = first_slot(session_make(event))

    page = client.get(REGISTER_URL, {"entretien": slot.pk}).content.decode()

    assert f'value="{slot.pk}" id="id_interviews_0" checked>' in page


@pytest.mark.parametrize("which", ["invitation", "cancelled", "unknown", "garbage"])
def test_a_link_to_a_slot_not_offered_ticks_nothing(client, event, which):
    invited = first_slot(session_make(event, invitation_only=True))
    cancelled = first_slot(session_make(event, start=(10, 0), end=(11, 0)))
    recruitment_services.interview_slot_cancel(slot=cancelled)
    value = {
        "invitation": invited.pk,
        "cancelled": cancelled.pk,
        "unknown": 999999,
        "garbage": "1'x",
    }[which]

    response = client.get(REGISTER_URL, {"entretien": value})

    assert response.status_code == 200
    assert 'id="id_interviews_0" checked' not in response.content.decode()


def test_registering_with_a_slot_books_it(client, event):
    slot = first_slot(session_make(event))

    response = client.post(REGISTER_URL, registration(interviews=[slot.pk]))

    assert response.status_code == 302
    slot.refresh_from_db()
    assert slot.seats_taken == 1


def test_the_form_marks_the_second_slot_of_one_exhibitor(client, event):
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="Framatome"))
    first, second = session_make(event, stand=stand).slots.order_by("starts_at")[:2]

    response = client.post(REGISTER_URL, registration(interviews=[first.pk, second.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Un seul entretien par employeur" in page
    assert "Framatome" in page
    assert 'aria-invalid="true"' in page


def test_a_slot_of_an_unpublished_session_cannot_be_booked(event, register):
    session = session_make(event)
    slot = first_slot(session)
    InterviewSession.objects.filter(pk=session.pk).update(is_published=False)
    slot.refresh_from_db()
    person = register()

    with pytest.raises(services.BookingError) as refused:
        services.booking_create(participant=person, target=slot)

    assert refused.value.code == "not_offered"
    assert "n’est plus proposé" in refused.value.message
