"""Emails leave through Django's tasks framework: queued in production (the database
backend and ``manage.py db_worker``), at once in development.

These tests use the production backend, on a real transaction (the worker commits).
"""

import pytest
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from messaging import services as messaging_services
from messaging import tasks
from participants import services
from participants.enums import ParticipantState
from participants.models import Participant

from ..factories import WorkshopFactory

pytestmark = pytest.mark.django_db(transaction=True)

CONFIRMED = "Innov’insertion : votre inscription est confirmée"
CANCELLED = "Innov’insertion : votre inscription est annulée"


@pytest.fixture(autouse=True)
def queued_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "OPTIONS": {"ENQUEUE_IN_TRANSACTION": True},
        }
    }


def worker_run() -> None:
    """What the db_worker service does, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def queued() -> list[tuple[str, list]]:
    return [
        (result.task_path.rsplit(".", 1)[-1], result.args_kwargs["args"])
        for result in DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    ]


def test_registering_answers_before_the_confirmation_is_built(event):
    workshop = WorkshopFactory(event=event, capacity=10)
    response = Client().post(
        reverse("participants:register"),
        {
            "first_name": "Amina",
            "last_name": "Benali",
            "email": "amina@example.org",
            "privacy_consent": "on",
            "workshops": [workshop.pk],
        },
    )

    assert response.status_code == 302
    participant = Participant.objects.get(email="amina@example.org")
    assert participant.bookings.count() == 1
    assert mail.outbox == []
    assert participant.confirmation_sent_at is None
    assert queued() == [("confirmation_deliver", [participant.pk])]

    worker_run()

    [message] = mail.outbox
    assert message.to == ["amina@example.org"]
    assert message.subject == CONFIRMED
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is not None
    assert queued() == []
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_a_registration_cancelled_before_the_worker_runs_gets_no_confirmation(event, register):
    participant = register()
    services.participant_cancel(participant=participant)
    assert [name for name, _ in queued()] == ["confirmation_deliver", "cancellation_deliver"]

    worker_run()

    assert [message.subject for message in mail.outbox] == [CANCELLED]
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is None


def test_a_person_deleted_before_the_worker_runs_is_not_written_to(event, register):
    participant = register()
    services.participant_delete(participant=participant)

    worker_run()

    assert mail.outbox == []
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()


def test_a_freed_seat_is_announced_by_the_worker(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop, email="first@example.org")
    waiting = register(workshop, email="second@example.org")
    worker_run()
    mail.outbox.clear()

    services.participant_cancel(participant=holder)
    assert ("waitlist_promotion_deliver", [waiting.bookings.get().pk]) in queued()

    worker_run()

    assert sorted(message.to[0] for message in mail.outbox) == [
        "first@example.org",
        "second@example.org",
    ]


def test_a_failing_email_server_marks_nothing_sent_and_keeps_the_registration(
    event, register, settings
):
    settings.MAILERS = {"default": {"BACKEND": "tests.messaging.test_emails.FailingBackend"}}
    participant = register()

    worker_run()

    participant.refresh_from_db()
    assert participant.state == ParticipantState.REGISTERED
    assert participant.confirmation_sent_at is None
    # Kept as failed, with its error, for staff and for messages_retry (tests/messaging/
    # test_faults.py); staff resending it by hand are told it did not go.
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    with pytest.raises(tasks.DeliveryError):
        tasks.confirmation_deliver.call(participant.pk)
    assert messaging_services.confirmation_resend(participant=participant) is False
