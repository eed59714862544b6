"""Two desks swapping people into the last seat at the same moment (PostgreSQL row locks)."""

from functools import partial

import pytest
from django.db import connection

from participants import selectors, services
from participants.enums import BookingState
from participants.models import Booking

from ..factories import WorkshopFactory, at
from .test_concurrency import assert_seats_consistent, run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) need PostgreSQL: "
        "run with DATABASE_URL=postgres://… (make test does)",
    ),
]


def test_two_desks_moving_into_the_last_seat_one_gets_it_the_other_waits(event, register):
    morning = WorkshopFactory(event=event, title="CV", capacity=5, starts_at=at(event, 10))
    other = WorkshopFactory(event=event, title="Numérique", capacity=5, starts_at=at(event, 10))
    last_seat = WorkshopFactory(event=event, title="Entretien", capacity=1, starts_at=at(event, 14))
    amina, karim = register(morning), register(other)
    moves = [
        partial(services.booking_move, booking=amina.bookings.get(), target=last_seat),
        partial(services.booking_move, booking=karim.bookings.get(), target=last_seat),
    ]

    results, errors = run_together(moves)

    assert errors == []
    assert sorted(booking.state for booking in results) == [
        BookingState.CONFIRMED,
        BookingState.WAITING,
    ]
    waiting = next(booking for booking in results if booking.state == BookingState.WAITING)
    assert selectors.waitlist_positions(bookings=[waiting]) == {waiting.pk: 1}
    # Both left their morning workshop, whatever they got.
    assert not Booking.objects.active().filter(workshop__in=[morning, other]).exists()
    for workshop in (morning, other, last_seat):
        assert_seats_consistent(workshop)
    last_seat.refresh_from_db()
    assert last_seat.seats_taken == 1


def test_a_move_racing_a_cancellation_never_loses_the_freed_seat(event, register):
    full = WorkshopFactory(event=event, title="Entretien", capacity=1, starts_at=at(event, 14))
    holder = register(full)
    morning = WorkshopFactory(event=event, title="CV", capacity=5, starts_at=at(event, 10))
    amina = register(morning)

    results, errors = run_together(
        [
            partial(services.booking_move, booking=amina.bookings.get(), target=full),
            partial(services.booking_cancel, booking=holder.bookings.get()),
        ]
    )

    assert errors == []
    full.refresh_from_db()
    assert full.seats_taken == 1
    # Queued behind the holder or taking the seat they freed: in the end, amina holds it.
    assert amina.bookings.get(workshop=full).state == BookingState.CONFIRMED
    assert_seats_consistent(full)
    assert_seats_consistent(morning)
