"""booking_move: one booking swapped for another at the desk, in one step, all or nothing."""

import datetime as dt

import pytest
from django.utils import timezone

from participants import selectors, services
from participants.enums import BookingState, ParticipantState
from participants.models import Booking

from ..factories import EventFactory, WorkshopFactory, at

PROMOTED = "Innov’insertion : une place s’est libérée pour vous"


def seats(*workshops) -> list[int]:
    for workshop in workshops:
        workshop.refresh_from_db()
    return [workshop.seats_taken for workshop in workshops]


def states(participant) -> dict[str, str]:
    """{workshop title: state} of every booking the person ever had."""
    return {b.workshop.title: b.state for b in participant.bookings.select_related("workshop")}


def test_booking_move_takes_the_new_seat_and_frees_the_old_one(event, register):
    old = WorkshopFactory(event=event, title="CV", capacity=3, starts_at=at(event, 10))
    new = WorkshopFactory(event=event, title="Entretien", capacity=3, starts_at=at(event, 14))
    amina = register(old)

    moved = services.booking_move(booking=amina.bookings.get(), target=new)

    assert moved.workshop == new
    assert moved.state == BookingState.CONFIRMED
    assert states(amina) == {"CV": BookingState.CANCELLED, "Entretien": BookingState.CONFIRMED}
    assert seats(old, new) == [0, 1]


def test_booking_move_to_the_same_time_as_the_old_booking_is_allowed(event, register):
    old = WorkshopFactory(event=event, title="CV", starts_at=at(event, 10))
    same_time = WorkshopFactory(event=event, title="Entretien", starts_at=at(event, 10, 30))
    amina = register(old)

    services.booking_move(booking=amina.bookings.get(), target=same_time)

    assert states(amina) == {"CV": BookingState.CANCELLED, "Entretien": BookingState.CONFIRMED}


def test_booking_move_gives_the_old_seat_to_the_first_waiting_in_order(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    old = WorkshopFactory(event=event, title="CV", capacity=1, starts_at=at(event, 10))
    new = WorkshopFactory(event=event, title="Entretien", capacity=5, starts_at=at(event, 14))
    amina = register(old)
    first = register(old, email="first@example.org")
    second = register(old, email="second@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_move(booking=amina.bookings.get(), target=new)

    assert first.bookings.get().state == BookingState.CONFIRMED
    waiting = second.bookings.get()
    assert waiting.state == BookingState.WAITING
    assert selectors.waitlist_positions(bookings=[waiting]) == {waiting.pk: 1}
    assert seats(old, new) == [1, 1]
    assert [(m.to, m.subject) for m in mailoutbox] == [(["first@example.org"], PROMOTED)]


def test_booking_move_overlapping_another_booking_changes_nothing(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    old = WorkshopFactory(event=event, title="CV", capacity=1, starts_at=at(event, 10))
    kept = WorkshopFactory(event=event, title="Numérique", starts_at=at(event, 14))
    clash = WorkshopFactory(event=event, title="Entretien", starts_at=at(event, 14, 30))
    amina = register(old, kept)
    waiting = register(old)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.BookingError) as error,
    ):
        services.booking_move(booking=amina.bookings.get(workshop=old), target=clash)

    assert error.value.code == "overlap"
    assert set(error.value.targets) == {clash, kept}
    assert states(amina) == {"CV": BookingState.CONFIRMED, "Numérique": BookingState.CONFIRMED}
    assert waiting.bookings.get().state == BookingState.WAITING
    assert seats(old, kept, clash) == [1, 1, 0]
    assert mailoutbox == []


def test_booking_move_to_a_full_target_queues_the_person(event, register):
    old = WorkshopFactory(event=event, title="CV", capacity=2, starts_at=at(event, 10))
    full = WorkshopFactory(event=event, title="Entretien", capacity=1, starts_at=at(event, 14))
    register(full)
    register(full)  # n° 1 in the queue
    amina = register(old)

    moved = services.booking_move(booking=amina.bookings.get(), target=full)

    assert moved.state == BookingState.WAITING
    assert selectors.waitlist_positions(bookings=[moved]) == {moved.pk: 2}
    assert states(amina) == {"CV": BookingState.CANCELLED, "Entretien": BookingState.WAITING}
    assert seats(old, full) == [0, 1]


def test_booking_move_to_something_already_held_is_refused(event, register):
    old = WorkshopFactory(event=event, title="CV", starts_at=at(event, 10))
    held = WorkshopFactory(event=event, title="Entretien", starts_at=at(event, 14))
    amina = register(old, held)

    with pytest.raises(services.BookingError) as error:
        services.booking_move(booking=amina.bookings.get(workshop=old), target=held)

    assert error.value.code == "already_held"
    assert states(amina) == {"CV": BookingState.CONFIRMED, "Entretien": BookingState.CONFIRMED}


def test_booking_move_of_a_dropped_booking_is_refused(event, register):
    old = WorkshopFactory(event=event, capacity=2, starts_at=at(event, 10))
    new = WorkshopFactory(event=event, capacity=2, starts_at=at(event, 14))
    amina = register(old)
    booking = amina.bookings.get()
    services.booking_cancel(booking=booking)

    with pytest.raises(services.BookingError) as error:
        services.booking_move(booking=booking, target=new)

    assert error.value.code == "booking_gone"
    assert not Booking.objects.filter(workshop=new).exists()
    assert seats(old, new) == [0, 0]


def test_booking_move_of_a_cancelled_registration_is_refused(event, register):
    old = WorkshopFactory(event=event, starts_at=at(event, 10))
    new = WorkshopFactory(event=event, starts_at=at(event, 14))
    amina = register(old)
    booking = amina.bookings.get()
    services.participant_cancel(participant=amina)

    with pytest.raises(services.BookingError) as error:
        services.booking_move(booking=booking, target=new)

    assert error.value.code == "participant_cancelled"
    amina.refresh_from_db()
    assert amina.state == ParticipantState.CANCELLED
    assert not Booking.objects.filter(workshop=new).exists()


def test_booking_move_to_another_edition_is_refused(event, register):
    old = WorkshopFactory(event=event, starts_at=at(event, 10))
    elsewhere = WorkshopFactory(event=EventFactory(date=event.date + dt.timedelta(days=365)))
    amina = register(old)

    with pytest.raises(services.BookingError) as error:
        services.booking_move(booking=amina.bookings.get(), target=elsewhere)

    assert error.value.code == "wrong_event"
    assert amina.bookings.get().state == BookingState.CONFIRMED


def test_desk_bookings_ignore_the_closed_online_window(db):
    event = EventFactory(date=timezone.localdate())  # on the day: online registration is closed
    workshop = WorkshopFactory(event=event, starts_at=at(event, 10))
    amina = services.registration_create(
        event=event,
        person=services.PersonDetails(first_name="Amina", last_name="B", email="a@example.org"),
        targets=[],
        walk_in=True,
    ).participant

    with pytest.raises(services.BookingError) as online:
        services.bookings_create(participant=amina, targets=[workshop])
    booking = services.booking_create(participant=amina, target=workshop, at_desk=True)

    assert online.value.code == "registration_closed"
    assert booking.state == BookingState.CONFIRMED
