import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Event
from participants import selectors
from participants.models import Participant

from ..factories import EventFactory, ParticipantFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def run(command: str, *args) -> str:
    stdout = StringIO()
    call_command(command, *args, stdout=stdout)
    return stdout.getvalue()


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


# --- purge_personal_data -----------------------------------------------------------------


def test_purge_personal_data_anonymises_past_editions_and_keeps_counts(event, register):
    workshop = WorkshopFactory(event=event)
    participant = register(workshop, referrer_name="Julie Morel", town="Le Creusot")
    old_token = participant.token
    Event.objects.filter(pk=event.pk).update(date=days_from_today(-100))

    output = run("purge_personal_data", "--days", "90")

    participant.refresh_from_db()
    assert output.startswith("1 participant·e(s) anonymisé·e(s)")
    assert (participant.first_name, participant.last_name, participant.email) == ("", "", "")
    assert (participant.town, participant.referrer_name) == ("", "")
    assert participant.anonymised_at is not None
    assert selectors.participant_by_token(token=old_token) is None
    assert participant.bookings.confirmed().count() == 1
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


def test_purge_personal_data_leaves_recent_editions_alone():
    recent = ParticipantFactory(event=EventFactory(date=days_from_today(-10)), first_name="Léa")
    upcoming = ParticipantFactory(first_name="Noé")

    output = run("purge_personal_data", "--days", "90")

    assert output.startswith("0 participant")
    assert Participant.objects.filter(anonymised_at__isnull=False).count() == 0
    recent.refresh_from_db()
    upcoming.refresh_from_db()
    assert (recent.first_name, upcoming.first_name) == ("Léa", "Noé")
    assert selectors.participant_by_token(token=recent.token) == recent


def test_purge_personal_data_run_twice_anonymises_nothing_more():
    participant = ParticipantFactory(event=EventFactory(date=days_from_today(-100)))
    run("purge_personal_data", "--days", "90")
    participant.refresh_from_db()
    anonymised_at = participant.anonymised_at

    output = run("purge_personal_data", "--days", "90")

    assert output.startswith("0 participant")
    participant.refresh_from_db()
    assert participant.anonymised_at == anonymised_at


def test_purge_personal_data_defaults_to_the_retention_setting(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 10
    participant = ParticipantFactory(event=EventFactory(date=days_from_today(-20)))

    run("purge_personal_data")

    participant.refresh_from_db()
    assert participant.anonymised_at is not None
