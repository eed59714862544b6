"""The doors under load (PostgreSQL): two staff seating the last freed seat at once, the
release racing an arrival, the staff's button racing the timer.

Real threads with their own connections, released together (``run_together``); row locks
only exist on PostgreSQL and outside a wrapping test transaction.
"""

import pytest
from django.db import connection

from onsite import services as onsite
from participants.enums import BookingState
from participants.models import Booking

from ..factories import WorkshopFactory, at
from ..participants.test_concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) need PostgreSQL: "
        "run with DATABASE_URL=postgres://… (make test does)",
    ),
]

RELEASED = "Innov’insertion : votre place a été donnée à une autre personne"


def assert_seats_consistent(workshop) -> None:
    workshop.refresh_from_db()
    assert workshop.seats_taken == Booking.objects.confirmed().filter(workshop=workshop).count()
    assert workshop.seats_taken <= workshop.capacity


def test_two_staff_seating_the_last_freed_seat_at_once_one_gets_it(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    absent = register(workshop)
    first, second = register(workshop), register(workshop)
    onsite.no_shows_release(target=workshop, now=at(event, 10, 10))

    def admit(person):
        return lambda: onsite.door_admit(
            target=workshop, ticket_code=person.ticket_code, now=at(event, 10, 11)
        )

    results, errors = run_together([admit(first), admit(second)])

    assert len(results) == 1
    assert [error.code for error in errors] == ["door_full"]
    [seated] = [result.participant for result in results]
    states = {p: Booking.objects.get(participant=p).state for p in (first, second)}
    assert states[seated] == BookingState.CONFIRMED
    assert sorted(states.values()) == [BookingState.CONFIRMED, BookingState.WAITING]
    assert Booking.objects.get(participant=absent).state == BookingState.CANCELLED
    assert_seats_consistent(workshop)


def test_release_racing_an_arrival_never_takes_the_seat_of_someone_noted_present(event, register):
    workshop = WorkshopFactory(event=event, capacity=2)
    late, absent = register(workshop), register(workshop)

    results, errors = run_together(
        [
            lambda: onsite.no_shows_release(target=workshop, now=at(event, 10, 10)),
            lambda: onsite.booking_attendance_mark(workshop=workshop, ticket_code=late.ticket_code),
        ]
    )

    late_booking = Booking.objects.get(participant=late)
    if late_booking.attended_at is not None:  # noted present first: keeps the seat
        assert late_booking.state == BookingState.CONFIRMED
        assert errors == []
    else:  # released first: the door says so
        assert late_booking.state == BookingState.CANCELLED
        assert [error.code for error in errors] == ["door_released"]
    assert Booking.objects.get(participant=absent).state == BookingState.CANCELLED
    assert_seats_consistent(workshop)


def test_the_button_and_the_timer_at_once_release_each_seat_once(event, register, mailoutbox):
    workshop = WorkshopFactory(event=event, capacity=3)
    absent = [register(workshop) for _ in range(3)]

    def release():
        return onsite.no_shows_release(target=workshop, now=at(event, 10, 10))

    results, errors = run_together([release, release])

    assert errors == []
    assert sorted(len(released) for released in results) == [0, 3]
    assert sorted(message.to[0] for message in mailoutbox if message.subject == RELEASED) == (
        sorted(person.email for person in absent)
    )
    assert_seats_consistent(workshop)
