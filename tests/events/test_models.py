import datetime as dt

import pytest
from django.db import IntegrityError
from django.utils import timezone

from events.enums import RegistrationState

from ..factories import (
    EventFactory,
    SpaceFactory,
    SpeakerFactory,
    StageAppearanceFactory,
    TimetableItemFactory,
    at,
)

pytestmark = pytest.mark.django_db


def test_event_that_ends_before_doors_open_is_refused():
    with pytest.raises(IntegrityError):
        EventFactory(opens_at=dt.time(18), closes_at=dt.time(9))


def test_event_registration_closing_before_opening_is_refused():
    now = timezone.now()

    with pytest.raises(IntegrityError):
        EventFactory(registration_opens_at=now, registration_closes_at=now - dt.timedelta(hours=1))


def test_event_slug_is_unique():
    EventFactory(slug="innov-insertion")
    duplicate = EventFactory.build(slug="innov-insertion")

    with pytest.raises(IntegrityError):
        duplicate.save()


@pytest.mark.parametrize(
    ("opens_in_days", "closes_in_days", "event_in_days", "expected"),
    [
        (1, 10, 20, RegistrationState.NOT_YET_OPEN),
        (-1, 10, 20, RegistrationState.OPEN),
        (-10, -1, 20, RegistrationState.CLOSED),
        (-30, 10, -1, RegistrationState.CLOSED),
    ],
)
def test_event_registration_state_follows_the_window_and_the_day(
    opens_in_days, closes_in_days, event_in_days, expected
):
    now = timezone.now()
    event = EventFactory.build(
        date=timezone.localdate() + dt.timedelta(days=event_in_days),
        registration_opens_at=now + dt.timedelta(days=opens_in_days),
        registration_closes_at=now + dt.timedelta(days=closes_in_days),
    )

    assert event.registration_state == expected
    assert event.is_registration_open is (expected == RegistrationState.OPEN)


def test_event_full_address_does_not_repeat_the_venue():
    event = EventFactory.build(venue="Technopôle Hub&Go", address="Technopôle Hub&Go")

    assert event.full_address == "Technopôle Hub&Go, 71200 Le Creusot"


def test_space_name_is_unique_within_an_edition(event):
    SpaceFactory(event=event, name="Amphithéâtre")
    SpaceFactory(event=EventFactory(slug="autre"), name="Amphithéâtre")

    with pytest.raises(IntegrityError):
        SpaceFactory(event=event, name="Amphithéâtre")


def test_timetable_item_ending_before_it_starts_is_refused(event):
    with pytest.raises(IntegrityError):
        TimetableItemFactory(event=event, starts_at=at(event, 18), ends_at=at(event, 17))


def test_timetable_item_with_negative_capacity_is_refused(event):
    with pytest.raises(IntegrityError):
        TimetableItemFactory(event=event, capacity=-1)


def test_speaker_appears_once_per_item(event):
    item = TimetableItemFactory(event=event)
    speaker = SpeakerFactory(full_name="Justine Journaix", organisation="Impact Tank")
    StageAppearanceFactory(timetable_item=item, speaker=speaker)

    with pytest.raises(IntegrityError):
        StageAppearanceFactory(timetable_item=item, speaker=speaker)


def test_speaker_str_names_the_organisation():
    speaker = SpeakerFactory.build(
        full_name="Timothée Duverger", organisation="Sciences Po Bordeaux"
    )

    assert str(speaker) == "Timothée Duverger (Sciences Po Bordeaux)"
