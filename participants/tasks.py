"""Emails to participants, sent outside the request (Django's tasks framework).

``services.py`` enqueues these once its transaction has committed, with the id of what
changed; each task reads the row again and emails what is true *now* (a registration
cancelled in between gets no confirmation, a deleted person nothing at all).

Where they run is the ``TASKS`` setting (``TASKS_BACKEND``): at once, in the request that
enqueued them (``immediate``: development and tests), or in the ``manage.py db_worker``
service (``database``: production), so registering never waits for the QR code, the
calendar file and the SMTP server. A task that fails is logged and kept as failed in the
admin (Tasks › DB task results); the registration itself is never undone, and staff can
send the confirmation again from the participants' list.
"""

from django.tasks import task

from . import emails, services
from .enums import BookingState
from .models import Booking, Participant


def _participant(participant_id: int) -> Participant | None:
    return Participant.objects.filter(pk=participant_id).select_related("event").first()


@task
def confirmation_deliver(participant_id: int) -> bool:
    """The confirmation (plan, QR ticket, .ics, personal link); returns whether it went."""
    participant = _participant(participant_id)
    return participant is not None and services.confirmation_send(participant=participant)


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
        .select_related(
            "participant__event",
            "workshop__space",
            "timetable_item__space",
            "stand_activity__stand__organisation",
        )
        .first()
    )
    return booking is not None and emails.waitlist_promotion_send(booking=booking)
