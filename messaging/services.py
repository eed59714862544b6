"""What people receive, decided here: the confirmation staff send again, whether a person
gets texts (they stop them from their personal page, or by replying STOP to the provider)
and the day-before reminders.

Services write and enqueue; the tasks (``tasks.py``) deliver. Every other message is enqueued
by the operation that causes it (``participants/services.py``: registered, cancelled, a seat
came free, a contact changed).
"""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from participants.enums import ParticipantState
from participants.models import Participant

from . import emails, tasks

# --- Staff resend --------------------------------------------------------------------------


def confirmation_resend(*, participant: Participant) -> bool:
    """Staff send the confirmation again (from the admin), now, whatever the task backend.

    Side effects: see ``tasks.confirmation_deliver`` (and ``confirmation_text_deliver``
    for a person who gets texts). Returns whether it went out (a refusal of the SMTP server
    or the SMS provider is logged).
    """
    try:
        emailed = tasks.confirmation_deliver.call(participant.pk)
    except tasks.DeliveryError:
        emailed = False
    try:
        texted = tasks.confirmation_text_deliver.call(participant.pk)
    except tasks.TextDeliveryError:
        texted = False
    return emailed or texted


# --- Text messages: stopped and taken back -----------------------------------------------


def text_messages_stop(*, participant: Participant) -> None:
    """The person wants no more text messages (their personal page).

    Side effects: ``text_messages_stopped_at`` set (kept if already set); texts waiting in
    the queue are not sent (each task checks it again).
    """
    Participant.objects.filter(pk=participant.pk, text_messages_stopped_at__isnull=True).update(
        text_messages_stopped_at=timezone.now()
    )
    participant.refresh_from_db(fields=["text_messages_stopped_at"])


def text_messages_resume(*, participant: Participant) -> None:
    """The person wants text messages again (their personal page). Side effects: the stop
    date is cleared; nothing missed meanwhile is sent."""
    Participant.objects.filter(pk=participant.pk).update(text_messages_stopped_at=None)
    participant.text_messages_stopped_at = None


def text_messages_stop_number(*, phone: str) -> int:
    """The SMS provider says ``phone`` (E.164) replied STOP: every registration with that
    number gets no more texts. Returns how many were stopped."""
    return Participant.objects.filter(phone=phone, text_messages_stopped_at__isnull=True).update(
        text_messages_stopped_at=timezone.now()
    )


# --- The day before --------------------------------------------------------------------------


def reminders_send(*, today: date | None = None) -> int:
    """Email (and text, ``texts.texts_wanted``) each registered person the day before
    their edition, once.

    Side effects: one reminder per person, ``reminder_sent_at`` set so a second run sends
    nothing new (rows are locked with SKIP LOCKED, so two runs at once never both send).
    Returns how many reminders were sent.
    """
    today = today or timezone.localdate()
    sent = 0
    candidates = Participant.objects.filter(
        event__date=today + timedelta(days=1),
        state=ParticipantState.REGISTERED,
        reminder_sent_at__isnull=True,
        anonymised_at__isnull=True,
    ).filter(
        ~Q(email="")
        | Q(referrer_receives_copies=True) & ~Q(referrer_email="")
        | ~Q(phone="") & Q(text_messages_stopped_at__isnull=True)
    )
    for participant_id in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            participant = (
                Participant.objects.select_for_update(skip_locked=True)
                .filter(pk=participant_id, reminder_sent_at__isnull=True)
                .first()
            )
            if participant is None:
                continue
            emailed = emails.reminder_send(participant=participant)
            # By text (through the task queue, retried there): enqueued in this transaction,
            # with the date that keeps the next run from sending it again.
            texted = tasks.text_enqueue_after_commit(
                tasks.reminder_text_deliver, participant.pk, participant=participant
            )
            if emailed or texted:
                participant.reminder_sent_at = timezone.now()
                participant.save(update_fields=["reminder_sent_at"])
                sent += 1
    return sent
