"""Many people at once for interview slots: never more people than recruiters, one slot
per exhibitor even for a double click. Real threads, each with its own connection (see
tests/participants/test_concurrency.py)."""

from collections import Counter
from functools import partial

import pytest
from django.db import connection

from participants import services
from participants.enums import BookingState
from participants.models import Booking, Participant

from ..participants.test_concurrency import run_together
from .builders import session_make

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) need PostgreSQL: "
        "run with DATABASE_URL=postgres://… (make test does)",
    ),
]


def test_fifty_people_for_four_one_recruiter_slots_get_four_seats(event, person):
    session = session_make(event, start=(14, 0), end=(15, 20), minutes=20, recruiters=1)
    slots = list(session.slots.order_by("starts_at"))
    assert len(slots) == 4
    people = [person() for _ in range(50)]

    results, errors = run_together(
        [
            partial(services.registration_create, event=event, person=p, targets=[slots[i % 4]])
            for i, p in enumerate(people)
        ]
    )

    assert errors == []
    assert Participant.objects.count() == 50
    states = Counter(
        Booking.objects.filter(interview_slot__session=session).values_list("state", flat=True)
    )
    assert states == {BookingState.CONFIRMED: 4, BookingState.WAITING: 46}
    for slot in slots:
        slot.refresh_from_db()
        assert slot.seats_taken == 1 == slot.capacity
        assert Booking.objects.confirmed().filter(interview_slot=slot).count() == 1


def test_one_person_racing_for_two_slots_of_one_exhibitor_gets_one(event, register):
    session = session_make(event, recruiters=3)
    first, second = session.slots.order_by("starts_at")[:2]
    for _ in range(5):
        someone = register()

        results, errors = run_together(
            [
                partial(services.booking_create, participant=someone, target=first),
                partial(services.booking_create, participant=someone, target=second),
            ]
        )

        assert len(results) == 1
        assert [error.code for error in errors] == ["one_interview_per_exhibitor"]
        assert someone.bookings.active().count() == 1
