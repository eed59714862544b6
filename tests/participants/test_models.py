"""Constraints of the participants tables. Rows are written by hand here, and only here:
everywhere else bookings go through participants.services."""

import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from participants.enums import BookingState
from participants.models import TICKET_ALPHABET, TICKET_CODE_LENGTH, Booking

from ..factories import (
    ParticipantFactory,
    StandActivityFactory,
    TimetableItemFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db


def refused(**fields) -> bool:
    """Whether the database refuses a booking with these fields."""
    try:
        with transaction.atomic():
            Booking.objects.create(**fields)
    except IntegrityError:
        return True
    return False


# --- Participant -----------------------------------------------------------------------


def test_participant_without_email_or_phone_is_refused(event):
    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(event=event, email="", phone="")


@pytest.mark.parametrize(("email", "phone"), [("amina@example.org", ""), ("", "06 12 34 56 78")])
def test_participant_with_email_or_phone_is_accepted(event, email, phone):
    participant = ParticipantFactory(event=event, email=email, phone=phone)

    assert participant.pk is not None


def test_participant_anonymised_may_have_neither_email_nor_phone(event):
    participant = ParticipantFactory(event=event, email="", phone="", anonymised_at=timezone.now())

    assert participant.pk is not None


def test_participant_email_is_unique_per_event(event):
    ParticipantFactory(event=event, email="amina@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(event=event, email="amina@example.org")


def test_participant_same_email_in_two_events_is_accepted(event):
    ParticipantFactory(event=event, email="amina@example.org")

    other = ParticipantFactory(email="amina@example.org")

    assert other.event != event


def test_participant_without_email_twice_is_accepted(event):
    ParticipantFactory(event=event, email="", phone="06 12 34 56 78")

    second = ParticipantFactory(event=event, email="", phone="06 12 34 56 78")

    assert second.pk is not None


def test_participant_token_is_long_url_safe_and_personal(event):
    first, second = ParticipantFactory(event=event), ParticipantFactory(event=event)

    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", first.token)
    assert re.fullmatch(r"[A-Za-z0-9_-]{43,}", second.token)
    assert first.token != second.token


def test_participant_ticket_code_uses_the_unambiguous_alphabet(event):
    codes = {ParticipantFactory(event=event).ticket_code for _ in range(5)}

    assert len(codes) == 5
    for code in codes:
        assert len(code) == TICKET_CODE_LENGTH
        assert set(code) <= set(TICKET_ALPHABET)
    assert not set("01OIL") & set(TICKET_ALPHABET)


def test_participant_token_is_unique(event):
    first = ParticipantFactory(event=event)

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(event=event, token=first.token)


def test_participant_str_of_an_anonymised_person_says_so(event):
    participant = ParticipantFactory(event=event, first_name="Amina", last_name="Benali")
    anonymised = ParticipantFactory(
        event=event, first_name="", last_name="", email="", anonymised_at=timezone.now()
    )

    assert str(participant) == "Amina Benali"
    assert str(anonymised) == f"Participant·e anonymisé·e n° {anonymised.pk}"


# --- Booking ---------------------------------------------------------------------------


@pytest.fixture
def targets(event):
    return {
        "workshop": WorkshopFactory(event=event),
        "timetable_item": TimetableItemFactory(event=event, capacity=10),
        "stand_activity": StandActivityFactory(stand__event=event, capacity=5),
    }


@pytest.mark.parametrize("field", ["workshop", "timetable_item", "stand_activity"])
def test_booking_of_exactly_one_target_is_accepted(event, targets, field):
    participant = ParticipantFactory(event=event)

    assert not refused(
        participant=participant, state=BookingState.CONFIRMED, **{field: targets[field]}
    )


@pytest.mark.parametrize(
    "fields",
    [
        (),
        ("workshop", "timetable_item"),
        ("workshop", "stand_activity"),
        ("timetable_item", "stand_activity"),
        ("workshop", "timetable_item", "stand_activity"),
    ],
    ids=lambda fields: "+".join(fields) or "none",
)
def test_booking_of_no_target_or_several_is_refused(event, targets, fields):
    participant = ParticipantFactory(event=event)

    assert refused(
        participant=participant,
        state=BookingState.CONFIRMED,
        **{field: targets[field] for field in fields},
    )


@pytest.mark.parametrize("field", ["workshop", "timetable_item", "stand_activity"])
def test_booking_of_the_same_target_twice_is_refused(event, targets, field):
    participant = ParticipantFactory(event=event)
    Booking.objects.create(
        participant=participant, state=BookingState.CONFIRMED, **{field: targets[field]}
    )

    assert refused(participant=participant, state=BookingState.CANCELLED, **{field: targets[field]})


@pytest.mark.parametrize("field", ["workshop", "timetable_item", "stand_activity"])
def test_booking_of_the_same_target_by_two_people_is_accepted(event, targets, field):
    first, second = ParticipantFactory(event=event), ParticipantFactory(event=event)
    Booking.objects.create(
        participant=first, state=BookingState.CONFIRMED, **{field: targets[field]}
    )

    assert not refused(participant=second, state=BookingState.CONFIRMED, **{field: targets[field]})


def test_booking_waiting_without_a_queue_time_is_refused(event, targets):
    participant = ParticipantFactory(event=event)

    assert refused(
        participant=participant, state=BookingState.WAITING, workshop=targets["workshop"]
    )
    assert not refused(
        participant=participant,
        state=BookingState.WAITING,
        queued_at=timezone.now(),
        workshop=targets["workshop"],
    )


def test_booking_target_is_what_was_booked(event, targets):
    participant = ParticipantFactory(event=event)

    bookings = [
        Booking.objects.create(
            participant=participant, state=BookingState.CONFIRMED, **{field: target}
        )
        for field, target in targets.items()
    ]

    assert [booking.target for booking in bookings] == list(targets.values())
