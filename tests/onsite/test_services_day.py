"""The day itself: arrivals, workshop doors, walk-ins and contacts at the stands."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from innov_insertion.errors import DomainError
from onsite import services as onsite
from onsite.models import StandContact
from participants import services
from participants.enums import BookingState
from participants.models import Participant

from ..factories import EventFactory, StandFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db


def test_check_in_marks_the_arrival_once_and_remembers_when(event, register):
    participant = register()

    first = onsite.participant_check_in(event=event, ticket_code=participant.ticket_code)
    second = onsite.participant_check_in(event=event, ticket_code=participant.ticket_code.lower())

    assert first.first_time is True
    assert second.first_time is False
    assert second.arrived_at == first.arrived_at
    participant.refresh_from_db()
    assert participant.checked_in_at == first.arrived_at


@pytest.mark.parametrize("code", ["ABCDEFGHJK", "", "<script>", "X" * 200])
def test_check_in_with_an_unknown_code_says_so(event, code):
    with pytest.raises(onsite.OnsiteError) as error:
        onsite.participant_check_in(event=event, ticket_code=code)

    assert error.value.code == "ticket_unknown"
    assert "Aucun billet ne porte le code" in error.value.message


def test_check_in_of_a_cancelled_registration_is_refused(event, register):
    participant = register(first_name="Lina")
    services.participant_cancel(participant=participant)

    with pytest.raises(onsite.OnsiteError) as error:
        onsite.participant_check_in(event=event, ticket_code=participant.ticket_code)

    assert error.value.code == "ticket_cancelled"
    assert "Lina" in error.value.message


def test_check_in_with_another_editions_ticket_is_refused(event, register):
    participant = register()
    other = EventFactory(slug="edition-suivante")

    with pytest.raises(onsite.OnsiteError) as error:
        onsite.participant_check_in(event=other, ticket_code=participant.ticket_code)

    assert error.value.code == "ticket_other_event"


def test_attendance_at_the_door_needs_a_confirmed_seat(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    seated = register(workshop)
    waiting = register(workshop)

    result = onsite.booking_attendance_mark(workshop=workshop, ticket_code=seated.ticket_code)
    with pytest.raises(onsite.OnsiteError) as error:
        onsite.booking_attendance_mark(workshop=workshop, ticket_code=waiting.ticket_code)

    assert result.first_time is True
    assert seated.bookings.get().attended_at is not None
    seated.refresh_from_db()
    assert seated.checked_in_at is not None, "the entrance missed them: the door counts"
    # Refused, with their rank (#14: doors that fill the room); nothing noted.
    assert error.value.code == "door_waiting"
    assert error.value.message.endswith(" : rang 1 sur 1.")
    assert waiting.bookings.get().attended_at is None


def test_walk_in_ignores_the_online_window_but_not_the_seats(register, person):
    today = timezone.localdate()
    event = EventFactory(
        date=today,
        registration_opens_at=timezone.now() - dt.timedelta(days=30),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    workshop = WorkshopFactory(event=event, capacity=1)
    first = onsite.walk_in_register(event=event, person=person(), targets=[workshop]).participant
    second = onsite.walk_in_register(event=event, person=person(), targets=[workshop]).participant

    assert first.is_walk_in and first.checked_in_at is not None
    assert first.bookings.get().state == BookingState.CONFIRMED
    assert second.bookings.get().state == BookingState.WAITING
    with pytest.raises(services.BookingError):
        services.registration_create(event=event, person=person(), targets=[workshop])


def test_walk_in_of_a_new_person_registers_and_checks_them_in(
    event, person, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=5)

    with django_capture_on_commit_callbacks(execute=True):
        result = onsite.walk_in_register(
            event=event,
            person=person(first_name="Karim", email="karim@example.org"),
            targets=[workshop],
            accepts_stand_contacts=True,
        )

    karim = Participant.objects.get(email="karim@example.org")
    assert result.created is True
    assert result.participant == karim
    assert result.arrival.first_time is True
    assert karim.is_walk_in is True
    assert karim.accepts_stand_contacts is True
    assert karim.checked_in_at == result.arrival.arrived_at is not None
    assert karim.bookings.get().state == BookingState.CONFIRMED
    assert [message.to for message in mail.outbox] == [["karim@example.org"]]


def test_walk_in_of_someone_already_registered_checks_them_in_once(event, register, person):
    workshop = WorkshopFactory(event=event, capacity=5)
    amina = register(workshop, email="amina@example.org")

    result = onsite.walk_in_register(
        event=event, person=person(first_name="Amina", email="AMINA@example.org"), targets=[]
    )
    again = onsite.walk_in_register(
        event=event, person=person(first_name="Amina", email="amina@example.org"), targets=[]
    )

    amina.refresh_from_db()
    assert result.created is False
    assert result.participant == amina
    assert result.arrival.first_time is True
    assert again.arrival.first_time is False
    assert again.arrival.arrived_at == amina.checked_in_at == result.arrival.arrived_at
    assert Participant.objects.filter(event=event).count() == 1
    assert amina.is_walk_in is False
    assert amina.bookings.get().workshop == workshop


def test_walk_in_refused_by_a_rule_changes_nothing(event, register, person):
    morning = WorkshopFactory(event=event, capacity=5, starts_at=at(event, 10))
    same_time = WorkshopFactory(event=event, capacity=5, starts_at=at(event, 10))

    with pytest.raises(services.BookingError) as error:
        onsite.walk_in_register(event=event, person=person(), targets=[morning, same_time])

    assert error.value.code == "overlap"
    assert Participant.objects.count() == 0


def test_unknown_ticket_is_an_onsite_error_not_a_booking_error(event):
    with pytest.raises(DomainError) as error:
        onsite.participant_check_in(event=event, ticket_code="abcde fghjk")

    assert type(error.value) is onsite.OnsiteError
    assert not isinstance(error.value, services.BookingError)
    assert error.value.code == "ticket_unknown"
    assert error.value.message == (
        "Aucun billet ne porte le code « ABCDEFGHJK » : vérifiez-le, ou cherchez par le nom."
    )


def test_stand_contact_needs_the_visitors_consent(event, register):
    stand = StandFactory(event=event)
    refused = register()

    with pytest.raises(onsite.OnsiteError) as error:
        onsite.stand_contact_record(stand=stand, ticket_code=refused.ticket_code)

    assert error.value.code == "contact_refused"
    assert StandContact.objects.count() == 0


def test_stand_contact_is_kept_once_per_stand(event, person):
    stand = StandFactory(event=event)
    visitor = services.registration_create(
        event=event, person=person(), targets=[], accepts_stand_contacts=True
    ).participant

    contact, created = onsite.stand_contact_record(
        stand=stand, ticket_code=visitor.ticket_code, note="Intéressée par la maintenance"
    )
    again, created_again = onsite.stand_contact_record(stand=stand, ticket_code=visitor.ticket_code)

    assert (created, created_again) == (True, False)
    assert again.pk == contact.pk
    assert contact.note == "Intéressée par la maintenance"
