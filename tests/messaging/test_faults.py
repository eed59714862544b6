"""Emails survive a failing SMTP server and a killed task worker: retried, each sent once.

A real SMTP server on 127.0.0.1 (``SmtpServer``, a few lines of sockets) or a closed port;
the production task backend (django-tasks-db) and its ``db_worker``, in this process or,
to be killed, in its own.
"""

import os
import signal
import socket
import subprocess
import sys
import threading

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.tasks import TaskResultStatus
from django.test import Client
from django_tasks_db.models import DBTaskResult

from participants import services
from participants.enums import ParticipantState
from participants.models import Participant

from ..factories import WorkshopFactory
from ..test_production import BASE_DIR, free_port
from ..test_settings import process_env

pytestmark = pytest.mark.django_db(transaction=True)


class SmtpServer:
    """An SMTP server on 127.0.0.1 that keeps what it accepted (``delivered``: the
    recipients of each message). ``stall``: it reads the first message, then never answers
    (``received`` is set): what a client killed at that moment sent is not delivered."""

    def __init__(self, *, stall: bool = False):
        self.stall, self.delivered = stall, []
        self.received = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 test ESMTP\r\n")
            recipients = []
            for line in lines:
                command = line.decode().strip().upper()
                if command.startswith("RCPT TO:"):
                    recipients.append(line.decode().strip()[8:].strip("<> "))
                if command == "DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    for body_line in lines:
                        if body_line == b".\r\n":
                            break
                    if self.stall:
                        self.stall = False
                        self.received.set()
                        lines.read()  # no answer, until the client goes away
                        return
                    self.delivered.append(recipients)
                    recipients = []
                    conn.sendall(b"250 accepted\r\n")
                elif command == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                elif command != "DATA":
                    conn.sendall(b"250 ok\r\n")

    def close(self):
        self.listener.close()


@pytest.fixture
def smtp():
    servers = []

    def start(**kwargs) -> SmtpServer:
        servers.append(SmtpServer(**kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def mailer_at(port: int) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }


@pytest.fixture(autouse=True)
def queued_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "OPTIONS": {"ENQUEUE_IN_TRANSACTION": True},
        }
    }


def worker_run() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def retry(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("messages_retry", *args, stdout=out)
    return out.getvalue()


def statuses() -> list[tuple[str, str]]:
    return sorted(
        (row.task_path.rsplit(".", 1)[-1], row.status) for row in DBTaskResult.objects.all()
    )


def test_smtp_down_registration_stays_and_the_emails_are_retried_once_each(
    event, register, settings, smtp, admin_client
):
    settings.MAILERS = mailer_at(free_port())  # nothing listens there
    response = Client().post(
        "/inscription/",
        {
            "first_name": "Amina",
            "last_name": "Benali",
            "email": "amina@example.org",
            "privacy_consent": "on",
        },
    )
    participant = Participant.objects.get()
    services.participant_cancel(participant=register(email="karim@example.org"))
    worker_run()
    failed = statuses()
    staff_page = admin_client.get(
        "/admin/django_tasks_database/dbtaskresult/", {"status__exact": "FAILED"}
    ).content.decode()
    server = smtp()
    settings.MAILERS = mailer_at(server.port)

    first = retry()
    worker_run()
    again = retry()
    worker_run()

    assert response["Location"] == "/inscription/merci/"
    assert participant.state == ParticipantState.REGISTERED
    # Karim cancelled before the worker ran: no confirmation (the task reads the row again).
    assert failed == [
        ("cancellation_deliver", TaskResultStatus.FAILED),
        ("confirmation_deliver", TaskResultStatus.FAILED),
        ("confirmation_deliver", TaskResultStatus.SUCCESSFUL),
    ]
    assert "2 Task Results" in staff_page
    assert "cancellation_deliver" in staff_page and "confirmation_deliver" in staff_page
    assert sorted(server.delivered) == [["amina@example.org"], ["karim@example.org"]]
    assert first.startswith("2 message(s) remis en file")
    assert again.startswith("0 message(s) remis en file")
    assert {status for _, status in statuses()} == {TaskResultStatus.SUCCESSFUL}
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is not None


def test_smtp_down_for_good_the_email_stays_failed_after_its_last_attempt(
    event, register, settings
):
    settings.MAILERS = mailer_at(free_port())
    register()
    worker_run()

    requeued = [retry("--max-attempts", "3") for _ in range(3) if worker_run() is None]

    assert [text.split()[0] for text in requeued] == ["1", "1", "0"]
    assert statuses() == [("confirmation_deliver", TaskResultStatus.FAILED)]
    assert len(DBTaskResult.objects.get().worker_ids) == 3


def test_smtp_down_every_kind_of_email_is_retried_and_sent_once(
    event, register, person, settings, smtp
):
    settings.MAILERS = mailer_at(free_port())
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop, email="first@example.org")
    register(workshop, email="second@example.org")  # waits for the seat
    again = services.registration_create(
        event=event, person=person(email="first@example.org"), targets=[]
    )
    services.participant_cancel(participant=holder)  # the seat goes to the second person
    worker_run()
    failed = statuses()
    server = smtp()
    settings.MAILERS = mailer_at(server.port)

    retry()
    worker_run()
    retry()
    worker_run()

    assert again.created is False
    assert failed == [
        ("cancellation_deliver", TaskResultStatus.FAILED),
        ("confirmation_deliver", TaskResultStatus.FAILED),  # the second person's
        ("confirmation_deliver", TaskResultStatus.SUCCESSFUL),  # cancelled: nothing to send
        ("personal_link_deliver", TaskResultStatus.FAILED),
        ("waitlist_promotion_deliver", TaskResultStatus.FAILED),
    ]
    assert sorted(
        (row.task_path.rsplit(".", 1)[-1], row.return_value) for row in DBTaskResult.objects.all()
    ) == [
        ("cancellation_deliver", True),
        ("confirmation_deliver", False),
        ("confirmation_deliver", True),
        ("personal_link_deliver", True),
        ("waitlist_promotion_deliver", True),
    ]
    assert sorted(server.delivered) == [["first@example.org"]] * 2 + [["second@example.org"]] * 2


def test_a_delivery_left_running_by_a_dead_worker_is_requeued_then_shown_failed(register):
    register()
    row = DBTaskResult.objects.get()
    row.claim("dead-worker")  # a worker took it, then died: nobody will finish it

    requeued = retry("--stale-minutes", "0", "--max-attempts", "2")
    DBTaskResult.objects.get().claim("second-dead-worker")
    last = retry("--stale-minutes", "0", "--max-attempts", "2")

    assert requeued.startswith("1 message(s) remis en file")
    assert last.startswith("0 message(s) remis en file")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert row.exception_class_path == "messaging.tasks.WorkerLost"


@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker in another process needs a database it can reach: PostgreSQL "
    "(run with DATABASE_URL=postgres://…, make test does)",
)
def test_worker_killed_while_sending_each_email_leaves_once_after_restart(event, register, smtp):
    server = smtp(stall=True)
    register(email="amina@example.org")
    register(email="karim@example.org")
    db = django_settings.DATABASES["default"]
    env = process_env(
        {
            "DEBUG": "false",
            "SECRET_KEY": "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{db['NAME']}",
            "TASKS_BACKEND": "database",
            "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
            "DEMO_ENABLED": "false",
        }
    )
    worker = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
    running = subprocess.Popen(
        [*worker, "--interval", "0.1"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert server.received.wait(timeout=60), "the worker never sent the first email"
    finally:
        os.kill(running.pid, signal.SIGKILL)
        running.wait(timeout=30)
    left_running = statuses()

    requeued = retry("--stale-minutes", "0")
    restarted = subprocess.run(
        [*worker, "--batch"], cwd=BASE_DIR, env=env, capture_output=True, timeout=120
    )

    assert left_running == [
        ("confirmation_deliver", TaskResultStatus.READY),
        ("confirmation_deliver", TaskResultStatus.RUNNING),
    ]
    assert requeued.startswith("1 message(s) remis en file")
    assert restarted.returncode == 0, restarted.stderr.decode()
    assert sorted(server.delivered) == [["amina@example.org"], ["karim@example.org"]]
    assert statuses() == [
        ("confirmation_deliver", TaskResultStatus.SUCCESSFUL),
        ("confirmation_deliver", TaskResultStatus.SUCCESSFUL),
    ]
