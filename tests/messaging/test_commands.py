"""``manage.py send_reminders`` (a daily systemd timer): the day-before reminder, once."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from participants import services

from ..factories import EventFactory

pytestmark = pytest.mark.django_db

REMINDER = "Innov’insertion, c’est demain !"


def run(command: str, *args) -> str:
    stdout = StringIO()
    call_command(command, *args, stdout=stdout)
    return stdout.getvalue()


def days_from_today(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def reminders() -> list:
    return [message for message in mail.outbox if message.subject == REMINDER]


# --- send_reminders ----------------------------------------------------------------------


def test_send_reminders_emails_each_registered_person_the_day_before(register):
    event = EventFactory(date=days_from_today(1))
    first = register(event=event)
    second = register(event=event)
    register(event=event, phone="06 12 34 56 78")
    services.participant_cancel(participant=register(event=event))

    output = run("send_reminders")

    assert sorted(message.to[0] for message in reminders()) == sorted([first.email, second.email])
    # The two emails, and a text for the phone-only person.
    assert output.startswith("3 rappel(s) envoyé(s)")
    first.refresh_from_db()
    assert first.reminder_sent_at is not None


def test_send_reminders_run_twice_sends_nothing_more(register):
    event = EventFactory(date=days_from_today(1))
    register(event=event)
    run("send_reminders")

    output = run("send_reminders")

    assert len(reminders()) == 1
    assert output.startswith("0 rappel(s) envoyé(s)")


def test_send_reminders_failing_server_leaves_the_reminder_to_retry(register, settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.messaging.test_emails.FailingBackend"}}
    participant = register(event=EventFactory(date=days_from_today(1)))

    output = run("send_reminders")

    assert output.startswith("0 rappel(s)")
    participant.refresh_from_db()
    assert participant.reminder_sent_at is None


def test_send_reminders_event_in_three_days_sends_nothing(register):
    event = EventFactory(date=days_from_today(3))
    participant = register(event=event)

    output = run("send_reminders")

    assert reminders() == []
    assert output.startswith("0 rappel(s)")
    participant.refresh_from_db()
    assert participant.reminder_sent_at is None
