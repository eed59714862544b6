"""Many people at once: seats are never sold twice, queues have no gaps, nobody deadlocks.

Each test starts real threads, each with its own database connection, released together by
a barrier. Row locks (``select_for_update``) only exist on PostgreSQL and outside a
wrapping test transaction, hence ``transaction=True`` and the skip on SQLite.
"""

import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from django.db import connection

from participants import selectors, services
from participants.enums import BookingState, ParticipantState
from participants.models import Booking, Participant

from ..factories import WorkshopFactory, at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) need PostgreSQL: "
        "run with DATABASE_URL=postgres://… (make test does)",
    ),
]

CONFIRMED = "Innov’insertion : votre inscription est confirmée"
WITH_WAITLIST = "Innov’insertion : votre inscription (avec liste d’attente)"
PERSONAL_LINK = "Innov’insertion : votre lien personnel"


def run_together(calls: list[Callable]) -> tuple[list, list[BaseException]]:
    """Run each call in its own thread, all released at the same moment.

    Returns the results and the exceptions raised; every thread closes its connection, or
    the test database could not be dropped.
    """
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
    errors = [future.exception() for future in futures if future.exception() is not None]
    results = [future.result() for future in futures if future.exception() is None]
    return results, errors


def registering(event, person, targets) -> Callable:
    return partial(services.registration_create, event=event, person=person, targets=targets)


def assert_seats_consistent(workshop) -> None:
    """The seat count matches the confirmed bookings; the queue is numbered 1, 2, 3…"""
    workshop.refresh_from_db()
    confirmed = Booking.objects.confirmed().filter(workshop=workshop).count()
    assert workshop.seats_taken == confirmed
    assert workshop.seats_taken <= workshop.capacity
    waiting = list(Booking.objects.waiting().filter(workshop=workshop))
    positions = selectors.waitlist_positions(bookings=waiting)
    assert sorted(positions.values()) == list(range(1, len(waiting) + 1))


def test_fifty_people_registering_at_once_share_ten_seats(event, person, mailoutbox):
    workshop = WorkshopFactory(event=event, capacity=10)
    people = [person() for _ in range(50)]

    results, errors = run_together([registering(event, p, [workshop]) for p in people])

    assert errors == []
    assert all(result.created for result in results)
    assert Participant.objects.count() == 50
    states = Counter(Booking.objects.filter(workshop=workshop).values_list("state", flat=True))
    assert states == {BookingState.CONFIRMED: 10, BookingState.WAITING: 40}
    workshop.refresh_from_db()
    assert workshop.seats_taken == 10
    assert_seats_consistent(workshop)
    subjects = Counter(message.subject for message in mailoutbox)
    assert subjects == {CONFIRMED: 10, WITH_WAITLIST: 40}
    holders = set(Booking.objects.confirmed().values_list("participant__email", flat=True))
    assert {m.to[0] for m in mailoutbox if m.subject == CONFIRMED} == holders


def test_last_seat_goes_to_the_queue_while_others_book(event, person, register):
    for _ in range(10):
        workshop = WorkshopFactory(event=event, capacity=2, starts_at=at(event, 10))
        a, b, c = register(workshop), register(workshop), register(workshop)
        d, e = register(), register()
        a_booking = a.bookings.get()

        _, errors = run_together(
            [
                partial(services.booking_create, participant=d, target=workshop),
                partial(services.booking_create, participant=e, target=workshop),
                partial(services.booking_cancel, booking=a_booking),
            ]
        )

        assert errors == []
        state = {p: p.bookings.get().state for p in (a, b, c, d, e)}
        assert state == {
            a: BookingState.CANCELLED,
            b: BookingState.CONFIRMED,
            c: BookingState.CONFIRMED,
            d: BookingState.WAITING,
            e: BookingState.WAITING,
        }
        assert_seats_consistent(workshop)
        assert workshop.seats_taken == 2
        positions = selectors.waitlist_positions(bookings=[d.bookings.get(), e.bookings.get()])
        assert sorted(positions.values()) == [1, 2]


def test_choices_in_opposite_orders_do_not_deadlock(event, person):
    morning = WorkshopFactory(event=event, capacity=10, starts_at=at(event, 10))
    afternoon = WorkshopFactory(event=event, capacity=10, starts_at=at(event, 14))
    orders = [[morning, afternoon], [afternoon, morning]]

    results, errors = run_together([registering(event, person(), orders[i % 2]) for i in range(30)])

    assert errors == []
    assert len(results) == 30
    for workshop in (morning, afternoon):
        assert_seats_consistent(workshop)
        assert workshop.seats_taken == 10
        assert Booking.objects.waiting().filter(workshop=workshop).count() == 20


def test_same_email_registering_five_times_at_once_is_one_person(event, person, mailoutbox):
    workshop = WorkshopFactory(event=event, capacity=10)
    details = person(email="amina@example.org")

    results, errors = run_together([registering(event, details, [workshop])] * 5)

    assert errors == []
    assert Participant.objects.count() == 1
    participant = Participant.objects.get()
    assert {result.participant.pk for result in results} == {participant.pk}
    assert [result.created for result in results].count(True) == 1
    assert participant.bookings.get().state == BookingState.CONFIRMED
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
    assert Counter(message.subject for message in mailoutbox) == {
        CONFIRMED: 1,
        PERSONAL_LINK: 4,
    }


def test_double_click_on_two_overlapping_choices_books_one(event, register):
    for _ in range(10):
        first = WorkshopFactory(event=event, starts_at=at(event, 10))
        second = WorkshopFactory(event=event, starts_at=at(event, 10, 30))
        participant = register()

        results, errors = run_together(
            [
                partial(services.booking_create, participant=participant, target=first),
                partial(services.booking_create, participant=participant, target=second),
            ]
        )

        assert len(results) == 1
        assert [error.code for error in errors] == ["overlap"]
        assert participant.bookings.count() == 1
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.seats_taken + second.seats_taken == 1


def test_booking_while_cancelling_leaves_no_seat_held(event, register):
    for _ in range(10):
        workshop = WorkshopFactory(event=event, capacity=5, starts_at=at(event, 10))
        participant = register()

        _, errors = run_together(
            [
                partial(services.participant_cancel, participant=participant),
                partial(services.booking_create, participant=participant, target=workshop),
            ]
        )

        assert [error.code for error in errors] in ([], ["participant_cancelled"])
        participant.refresh_from_db()
        assert participant.state == ParticipantState.CANCELLED
        assert not participant.bookings.active().exists()
        workshop.refresh_from_db()
        assert workshop.seats_taken == 0
