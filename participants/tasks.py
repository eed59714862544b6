"""Emails to participants, sent outside the request (Django's tasks framework).

``services.py`` enqueues these (``enqueue_after_commit``) with the id of what changed; each
task reads the row again and emails what is true *now* (a registration cancelled in between
gets no confirmation, a deleted person nothing at all). Services enqueue; tasks deliver:
this module never imports ``services``.

Where they run is the ``TASKS`` setting (``TASKS_BACKEND``): at once, in the request that
enqueued them (``immediate``: development and tests), or in the ``manage.py db_worker``
service (``database``: production), so registering never waits for the QR code, the
calendar file and the SMTP server. A task that fails is logged and kept as failed in the
admin (Tasks › DB task results); the registration itself is never undone, and staff can
send the confirmation again from the participants' list.
"""

from functools import partial

from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone

from . import emails
from .bookables import booking_related
from .enums import BookingState, ParticipantState
from .models import Booking, Participant


def enqueue_after_commit(delivery: Task, object_id: int) -> None:
    """Have ``delivery`` run about ``object_id`` once the current transaction commits: an
    email never announces what a rollback undid.

    A backend that keeps its tasks in this same database says so in its settings
    (``OPTIONS: {"ENQUEUE_IN_TRANSACTION": True}``, production's): the task is then written
    inside the transaction, so the change and its email are committed together or not at
    all, and the worker cannot see the task before the change. Any other backend (one that
    runs tasks at once, in development and tests) is only called after the commit.
    """
    if delivery.get_backend().options.get("ENQUEUE_IN_TRANSACTION"):
        delivery.enqueue(object_id)
    else:
        transaction.on_commit(partial(delivery.enqueue, object_id))


def _participant(participant_id: int) -> Participant | None:
    return Participant.objects.filter(pk=participant_id).select_related("event").first()


@task
def confirmation_deliver(participant_id: int) -> bool:
    """The confirmation (plan, QR ticket, .ics, personal link); returns whether it went.

    Side effects: on success ``confirmation_sent_at`` is set; a failure is logged and the
    registration stays (staff resend it from the admin). A cancelled registration gets no
    confirmation.
    """
    participant = _participant(participant_id)
    if participant is None or participant.state == ParticipantState.CANCELLED:
        return False
    if not emails.confirmation_send(participant=participant):
        return False
    Participant.objects.filter(pk=participant.pk).update(confirmation_sent_at=timezone.now())
    return True


@task
def personal_link_deliver(participant_id: int) -> bool:
    """A known email registered again: their personal link, nothing else."""
    participant = _participant(participant_id)
    return participant is not None and emails.personal_link_send(participant=participant)


@task
def cancellation_deliver(participant_id: int) -> bool:
    """The registration was cancelled: say so."""
    participant = _participant(participant_id)
    return participant is not None and emails.cancellation_send(participant=participant)


@task
def waitlist_promotion_deliver(booking_id: int) -> bool:
    """A seat came free and this booking got it (still confirmed when the task runs)."""
    booking = (
        Booking.objects.filter(pk=booking_id, state=BookingState.CONFIRMED)
        .select_related("participant__event", *booking_related())
        .first()
    )
    return booking is not None and emails.waitlist_promotion_send(booking=booking)
