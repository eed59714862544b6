"""The day itself: arrivals, workshop doors, walk-ins and contacts at the stands."""

import datetime as dt

import pytest
from django.utils import timezone

from participants import services
from participants.enums import BookingState
from participants.models import StandContact

from ..factories import EventFactory, StandFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_check_in_marks_the_arrival_once_and_remembers_when(event, register):
    participant = register()

    first = services.participant_check_in(event=event, ticket_code=participant.ticket_code)
    second = services.participant_check_in(event=event, ticket_code=participant.ticket_code.lower())

    assert first.first_time is True
    assert second.first_time is False
    assert second.arrived_at == first.arrived_at
    participant.refresh_from_db()
    assert participant.checked_in_at == first.arrived_at


@pytest.mark.parametrize("code", ["ABCDEFGHJK", "", "<script>", "X" * 200])
def test_check_in_with_an_unknown_code_says_so(event, code):
    with pytest.raises(services.BookingError) as error:
        services.participant_check_in(event=event, ticket_code=code)

    assert error.value.code == "ticket_unknown"
    assert "Aucun billet ne porte le code" in error.value.message


def test_check_in_of_a_cancelled_registration_is_refused(event, register):
    participant = register(first_name="Lina")
    services.participant_cancel(participant=participant)

    with pytest.raises(services.BookingError) as error:
        services.participant_check_in(event=event, ticket_code=participant.ticket_code)

    assert error.value.code == "ticket_cancelled"
    assert "Lina" in error.value.message


def test_check_in_with_another_editions_ticket_is_refused(event, register):
    participant = register()
    other = EventFactory(slug="edition-suivante")

    with pytest.raises(services.BookingError) as error:
        services.participant_check_in(event=other, ticket_code=participant.ticket_code)

    assert error.value.code == "ticket_other_event"


def test_attendance_at_the_door_needs_a_confirmed_seat(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    seated = register(workshop)
    waiting = register(workshop)

    result = services.booking_attendance_mark(workshop=workshop, ticket_code=seated.ticket_code)
    with pytest.raises(services.BookingError) as error:
        services.booking_attendance_mark(workshop=workshop, ticket_code=waiting.ticket_code)

    assert result.first_time is True
    assert seated.bookings.get().attended_at is not None
    seated.refresh_from_db()
    assert seated.checked_in_at is not None, "the entrance missed them: the door counts"
    assert error.value.code == "not_booked"


def test_walk_in_ignores_the_online_window_but_not_the_seats(register, person):
    today = timezone.localdate()
    event = EventFactory(
        date=today,
        registration_opens_at=timezone.now() - dt.timedelta(days=30),
        registration_closes_at=timezone.now() - dt.timedelta(days=1),
    )
    workshop = WorkshopFactory(event=event, capacity=1)
    first = services.registration_create(
        event=event, person=person(), targets=[workshop], walk_in=True
    ).participant
    second = services.registration_create(
        event=event, person=person(), targets=[workshop], walk_in=True
    ).participant

    assert first.is_walk_in and first.checked_in_at is not None
    assert first.bookings.get().state == BookingState.CONFIRMED
    assert second.bookings.get().state == BookingState.WAITING
    with pytest.raises(services.BookingError):
        services.registration_create(event=event, person=person(), targets=[workshop])


def test_stand_contact_needs_the_visitors_consent(event, register):
    stand = StandFactory(event=event)
    refused = register()

    with pytest.raises(services.BookingError) as error:
        services.stand_contact_record(stand=stand, ticket_code=refused.ticket_code)

    assert error.value.code == "contact_refused"
    assert StandContact.objects.count() == 0


def test_stand_contact_is_kept_once_per_stand(event, person):
    stand = StandFactory(event=event)
    visitor = services.registration_create(
        event=event, person=person(), targets=[], accepts_stand_contacts=True
    ).participant

    contact, created = services.stand_contact_record(
        stand=stand, ticket_code=visitor.ticket_code, note="Intéressée par la maintenance"
    )
    again, created_again = services.stand_contact_record(
        stand=stand, ticket_code=visitor.ticket_code
    )

    assert (created, created_again) == (True, False)
    assert again.pk == contact.pk
    assert contact.note == "Intéressée par la maintenance"
