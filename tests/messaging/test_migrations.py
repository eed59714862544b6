"""The deliveries moved from participants to messaging without losing a queued message:
django-tasks-db stores each task's dotted path, so the rows a production database held
before the deploy (waiting, or failed and waiting for ``messages_retry``) are renamed by
messaging's first migration, and still go out after it.

Migrations change the schema, so these tests are transactional (and run last)."""

import datetime as dt
import importlib
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from innov_insertion import sms
from messaging import tasks

from ..factories import ParticipantFactory
from .test_faults import retry, worker_run

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("messaging", None)]
TASKS_STATE = ("django_tasks_database", "0021_conditional_partial_index_ordering")
MIGRATION = importlib.import_module("messaging.migrations.0001_task_paths")


def _migrate(targets):
    """Run the migrations to ``targets``; returns the task table's historical model."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    apps = executor.loader.project_state([TASKS_STATE]).apps
    return apps.get_model("django_tasks_database", "DBTaskResult")


def _migrate_to_the_end():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_the_move():
    """The database as the old code left it; migrated to the end afterwards."""
    try:
        yield _migrate(BEFORE_THE_MOVE)
    finally:
        _migrate_to_the_end()


@pytest.fixture
def queued_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "OPTIONS": {"ENQUEUE_IN_TRANSACTION": True},
        }
    }


def _old_row(OldTaskResult, task_path: str, *args, **fields):
    """A task row as the old code's backend wrote it."""
    return OldTaskResult.objects.create(
        id=uuid.uuid4(),
        task_path=task_path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        queue_name="default",
        priority=0,
        run_after=timezone.now() - dt.timedelta(minutes=1),
        **fields,
    )


# Deliveries written after the move (#14's "seat released") never had an old path.
ADDED_AFTER_THE_MOVE = {
    tasks.seat_release_deliver.module_path,
    tasks.seat_release_text_deliver.module_path,
}


def test_every_delivery_has_its_old_path_renamed():
    paths = {delivery.module_path for delivery in tasks.DELIVERIES}
    assert paths >= ADDED_AFTER_THE_MOVE
    assert set(MIGRATION.TASKS.values()) == paths - ADDED_AFTER_THE_MOVE
    assert all(old.startswith("participants.") for old in MIGRATION.TASKS)


def test_messages_queued_before_the_move_go_out_after_it(before_the_move, queued_tasks):
    participant = ParticipantFactory(email="amina@example.org", phone="+33612345678")
    failed = _old_row(
        before_the_move,
        "participants.tasks.confirmation_deliver",
        participant.pk,
        status=TaskResultStatus.FAILED,
        worker_ids=["worker-before-the-deploy"],
        exception_class_path="participants.emails.DeliveryError",
        traceback="smtplib.SMTPServerDisconnected",
    )
    waiting = _old_row(
        before_the_move,
        "participants.contact_changes.phone_code_deliver",
        participant.pk,
        "+33698765432",
        status=TaskResultStatus.READY,
    )
    other = _old_row(
        before_the_move,
        "exhibitors.tasks.not_ours",
        status=TaskResultStatus.FAILED,
        exception_class_path="participants.tasks.WorkerLost",
    )

    _migrate_to_the_end()
    renamed = {row.pk: row for row in DBTaskResult.objects.all()}
    requeued = retry()
    worker_run()

    assert renamed[failed.pk].task_path == "messaging.tasks.confirmation_deliver"
    assert renamed[failed.pk].exception_class_path == "messaging.emails.DeliveryError"
    assert renamed[failed.pk].task.func is tasks.confirmation_deliver.func
    assert renamed[waiting.pk].task_path == "messaging.tasks.phone_code_deliver"
    assert renamed[waiting.pk].task.func is tasks.phone_code_deliver.func
    # Not a delivery: left as it was.
    assert renamed[other.pk].task_path == "exhibitors.tasks.not_ours"
    assert renamed[other.pk].exception_class_path == "participants.tasks.WorkerLost"
    assert requeued.startswith("1 message(s) remis en file")
    assert [message.to for message in mail.outbox] == [["amina@example.org"]]
    assert mail.outbox[0].subject == "Innov’insertion : votre inscription est confirmée"
    assert [text.to for text in sms.outbox] == ["+33698765432"]
    assert DBTaskResult.objects.get(pk=failed.pk).status == TaskResultStatus.SUCCESSFUL
    assert DBTaskResult.objects.get(pk=waiting.pk).status == TaskResultStatus.SUCCESSFUL


def test_migrating_back_gives_the_old_code_its_paths(queued_tasks):
    participant = ParticipantFactory()
    confirmation = tasks.confirmation_deliver.enqueue(participant.pk)
    email_change = tasks.email_confirmation_deliver.enqueue(participant.pk, "new@example.org")
    DBTaskResult.objects.filter(pk=confirmation.id).update(
        status=TaskResultStatus.FAILED, exception_class_path="messaging.tasks.WorkerLost"
    )

    try:
        OldTaskResult = _migrate(BEFORE_THE_MOVE)
        rows = {str(row.pk): row for row in OldTaskResult.objects.all()}
    finally:
        _migrate_to_the_end()

    assert rows[str(confirmation.id)].task_path == "participants.tasks.confirmation_deliver"
    assert rows[str(confirmation.id)].exception_class_path == "participants.tasks.WorkerLost"
    assert (
        rows[str(email_change.id)].task_path
        == "participants.contact_changes.email_confirmation_deliver"
    )
