"""Emails and texts to participants, sent outside the request (Django's tasks framework).

``participants/services.py`` enqueues these (``enqueue_after_commit``) with the id of what
changed; each
task reads the row again and emails what is true *now* (a registration cancelled in between
gets no confirmation, a deleted person nothing at all). Services enqueue; tasks deliver:
this module never imports ``participants.services`` (nor ``messaging.services``).

Where they run is the ``TASKS`` setting (``TASKS_BACKEND``): at once, in the request that
enqueued them (``immediate``: development and tests), or in the ``manage.py db_worker``
service (``database``: production), so registering never waits for the QR code, the
calendar file and the SMTP server. The registration itself is never undone by an email.

Delivery, retried, each message once. A message the SMTP server does not take raises
``DeliveryError``: its task is kept as failed, with the error, in the admin (Tasks › DB
task results, filter "Failed"). ``deliveries_requeue`` (``manage.py messages_retry``, run
by a systemd timer) puts the same task row back in the queue, up to ``MAX_ATTEMPTS`` runs
(its worker ids), and so does it for a row left running by a worker that died
(``STALE_AFTER``). A row is claimed by one worker only (django-tasks-db locks it, ``SKIP
LOCKED``) and put back by one conditional update, so two workers or two retries never
send it together, and a task that succeeded is never run again. The one window left is
a worker killed between the SMTP server's "250 accepted" and the row marked successful
(milliseconds): that message is sent again. At least once, then: a duplicate
confirmation is better than none. A worker killed before the server's answer (the usual
case: sending is the slow part) loses nothing and sends nothing twice. (With the
``immediate`` backend of development there is no row to retry: a refusal is only logged.)
"""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.tasks import Task, TaskResultStatus, task
from django.utils import timezone

from participants.bookables import booking_related
from participants.enums import BookingState, ParticipantState
from participants.models import Booking, Participant

from . import contact_changes, emails, texts


def enqueue_after_commit(delivery: Task, *args) -> None:
    """Have ``delivery`` run with ``args`` (the id of what changed, and for a contact change
    the new address) once the current transaction commits: an email never announces what a
    rollback undid.

    A backend that keeps its tasks in this same database says so in its settings
    (``OPTIONS: {"ENQUEUE_IN_TRANSACTION": True}``, production's): the task is then written
    inside the transaction, so the change and its email are committed together or not at
    all, and the worker cannot see the task before the change. Any other backend (one that
    runs tasks at once, in development and tests) is only called after the commit.
    """
    if delivery.get_backend().options.get("ENQUEUE_IN_TRANSACTION"):
        delivery.enqueue(*args)
    else:
        transaction.on_commit(partial(delivery.enqueue, *args))


def _participant(participant_id: int) -> Participant | None:
    return Participant.objects.filter(pk=participant_id).select_related("event").first()


@task
def confirmation_deliver(participant_id: int) -> bool:
    """The confirmation (plan, QR ticket, .ics, personal link); returns whether it went.

    Side effects: on success ``confirmation_sent_at`` is set; when the SMTP server does not
    take it, ``DeliveryError`` (logged; the task is retried, and staff can resend it from
    the admin). A cancelled registration gets no confirmation.
    """
    participant = _participant(participant_id)
    if participant is None or participant.state == ParticipantState.CANCELLED:
        return False
    if not emails.confirmation_send(participant=participant, fail_silently=False):
        return False
    Participant.objects.filter(pk=participant.pk).update(confirmation_sent_at=timezone.now())
    return True


@task
def personal_link_deliver(participant_id: int) -> bool:
    """A known email registered again: their personal link, nothing else."""
    participant = _participant(participant_id)
    return participant is not None and emails.personal_link_send(
        participant=participant, fail_silently=False
    )


@task
def cancellation_deliver(participant_id: int) -> bool:
    """The registration was cancelled: say so."""
    participant = _participant(participant_id)
    return participant is not None and emails.cancellation_send(
        participant=participant, fail_silently=False
    )


@task
def waitlist_promotion_deliver(booking_id: int) -> bool:
    """A seat came free and this booking got it (still confirmed when the task runs)."""
    booking = (
        Booking.objects.filter(pk=booking_id, state=BookingState.CONFIRMED)
        .select_related("participant__event", *booking_related())
        .first()
    )
    return booking is not None and emails.waitlist_promotion_send(
        booking=booking, fail_silently=False
    )


# --- Text messages (texts.py): one task per message, apart from the emails, so a retry of
# one channel never sends the other again. ``TextDeliveryError``: kept as failed, retried.


def text_enqueue_after_commit(delivery: Task, object_id: int, *, participant: Participant) -> bool:
    """``enqueue_after_commit`` for a text task, only when the person gets texts (the task
    checks again when it runs: a STOP in between is respected). Returns whether it did."""
    if not texts.texts_wanted(participant):
        return False
    enqueue_after_commit(delivery, object_id)
    return True


@task
def confirmation_text_deliver(participant_id: int) -> bool:
    """The confirmation by text (ticket code, personal link); returns whether it went.

    Side effects: on success ``confirmation_sent_at`` is set (a phone-only person's
    confirmation went). A cancelled registration gets none.
    """
    participant = _participant(participant_id)
    if participant is None or participant.state == ParticipantState.CANCELLED:
        return False
    if not texts.confirmation_send(participant=participant):
        return False
    Participant.objects.filter(pk=participant.pk).update(confirmation_sent_at=timezone.now())
    return True


@task
def personal_link_text_deliver(participant_id: int) -> bool:
    participant = _participant(participant_id)
    return participant is not None and texts.personal_link_send(participant=participant)


@task
def cancellation_text_deliver(participant_id: int) -> bool:
    participant = _participant(participant_id)
    return participant is not None and texts.cancellation_send(participant=participant)


@task
def waitlist_promotion_text_deliver(booking_id: int) -> bool:
    booking = (
        Booking.objects.filter(pk=booking_id, state=BookingState.CONFIRMED)
        .select_related("participant__event")
        .first()
    )
    return booking is not None and texts.waitlist_promotion_send(participant=booking.participant)


def _released(booking_id: int) -> Booking | None:
    """A booking whose seat was released at the door, still so (not seated again since)."""
    return (
        Booking.objects.filter(
            pk=booking_id, state=BookingState.CANCELLED, released_at__isnull=False
        )
        .select_related("participant__event", *booking_related())
        .first()
    )


@task
def seat_release_deliver(booking_id: int) -> bool:
    """The person had not arrived when the seat was released (``onsite.services.
    no_shows_release``): say so, and which seat. Nothing if they were seated since."""
    booking = _released(booking_id)
    return booking is not None and emails.seat_release_send(booking=booking, fail_silently=False)


@task
def seat_release_text_deliver(booking_id: int) -> bool:
    booking = _released(booking_id)
    return booking is not None and texts.seat_release_send(participant=booking.participant)


@task
def reminder_text_deliver(participant_id: int) -> bool:
    """The day-before reminder by text (``messaging.services.reminders_send`` enqueues it
    once)."""
    participant = _participant(participant_id)
    return (
        participant is not None
        and participant.state == ParticipantState.REGISTERED
        and texts.reminder_send(participant=participant)
    )


# --- A new address or number proves itself first (the personal page's contact details:
# contact_changes.py signs the link and derives the code).


def _contact_owner(participant_id: int) -> Participant | None:
    return (
        Participant.objects.filter(pk=participant_id, anonymised_at__isnull=True)
        .select_related("event")
        .first()
    )


@task
def email_confirmation_deliver(participant_id: int, email: str) -> bool:
    """The link that confirms ``email``, sent to ``email`` only (in the person's language).
    ``DeliveryError`` when the SMTP server does not take it (the task is retried)."""
    participant = _contact_owner(participant_id)
    return participant is not None and emails.email_change_send(
        participant=participant,
        email=email,
        confirm_url=contact_changes.email_link_url(participant=participant, email=email),
        days=contact_changes.EMAIL_LINK_DAYS,
    )


@task
def phone_code_deliver(participant_id: int, phone: str) -> bool:
    """The code that confirms ``phone``, sent by text to ``phone`` only. Sent whatever the
    person's text preferences: they asked for it, now. ``TextDeliveryError``: retried."""
    participant = _contact_owner(participant_id)
    return participant is not None and texts.phone_code_send(
        participant=participant,
        phone=phone,
        code=contact_changes.phone_code(participant=participant, phone=phone),
    )


DeliveryError = emails.DeliveryError
TextDeliveryError = texts.TextDeliveryError
DELIVERIES = (
    confirmation_deliver,
    personal_link_deliver,
    cancellation_deliver,
    waitlist_promotion_deliver,
    confirmation_text_deliver,
    personal_link_text_deliver,
    cancellation_text_deliver,
    waitlist_promotion_text_deliver,
    reminder_text_deliver,
    email_confirmation_deliver,
    phone_code_deliver,
    seat_release_deliver,
    seat_release_text_deliver,
)
MAX_ATTEMPTS = 5
STALE_AFTER = timedelta(minutes=15)  # far beyond a send (EMAIL_TIMEOUT: 10 s)


class WorkerLost(Exception):
    """Recorded on a delivery left running by a worker that died, after its last attempt."""


def deliveries_requeue(
    *, max_attempts: int = MAX_ATTEMPTS, stale_after: timedelta = STALE_AFTER
) -> int:
    """Put back in the queue the emails that did not go; returns how many.

    Failed deliveries with fewer than ``max_attempts`` runs, and deliveries still running
    ``stale_after`` after they started (their worker died), go back to the queue as they
    are (same row, same arguments: the task reads the row again and sends what is true
    now). A stale one already at ``max_attempts`` is marked failed (``WorkerLost``) for
    staff to see. Each row changes by one conditional update: a row another run of this, or
    a worker, changed meanwhile is left alone. Only with the database task backend.
    """
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    rows = DBTaskResult.objects.filter(task_path__in=[d.module_path for d in DELIVERIES])
    failed = rows.filter(status=TaskResultStatus.FAILED)
    stale = rows.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - stale_after)
    requeued = 0
    for row in [*failed, *stale]:
        same = rows.filter(pk=row.pk, status=row.status, started_at=row.started_at)
        if len(row.worker_ids) < max_attempts:
            requeued += same.update(status=TaskResultStatus.READY, run_after=now)
        elif row.status == TaskResultStatus.RUNNING:
            same.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{__name__}.{WorkerLost.__name__}",
                traceback="The worker stopped while sending (killed, or the machine restarted).",
            )
    return requeued
