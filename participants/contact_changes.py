"""A person changes their email or phone from their own page: the new address proves itself
first (``services.contact_change_request`` starts it, ``services.participant_email_confirm``
and ``services.participant_phone_confirm`` end it).

Nothing is stored while the change waits: the email carries a signed link naming the
person and the new address (valid ``EMAIL_LINK_DAYS``); the text carries a six-digit code
derived from the person's secret token, the new number and the current ten-minute window
(valid ``PHONE_CODE_WINDOWS`` windows). Typing the code is rate-limited per personal link.
This module never imports ``services``.
"""

import hashlib
import hmac
import logging
import time
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from innov_insertion.phones import phone_receives_texts
from innov_insertion.sms import TextDeliveryError
from innov_insertion.sms import send as text_send

from .emails import DeliveryError
from .models import Participant
from .texts import GSM7_EQUIVALENTS

logger = logging.getLogger(__name__)

EMAIL_SALT = "participants.contact-changes.email"
EMAIL_LINK_DAYS = 2
PHONE_SALT = "participants.contact-changes.phone"
PHONE_WINDOW_SECONDS = 600
PHONE_CODE_WINDOWS = 2  # the current window and the one before: 10 to 20 minutes
TEMPLATES = "participants/emails"


# --- The email link ------------------------------------------------------------------------


def email_link_sign(*, participant: Participant, email: str) -> str:
    """The signed part of the link that confirms ``email`` for ``participant``."""
    return signing.dumps({"p": participant.pk, "e": email}, salt=EMAIL_SALT, compress=True)


def email_link_read(*, participant: Participant, signed: str) -> str | None:
    """The address a link confirms, if it was made for this person and is recent; else None."""
    try:
        data = signing.loads(signed, salt=EMAIL_SALT, max_age=EMAIL_LINK_DAYS * 86400)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != participant.pk:
        return None
    email = data.get("e")
    return email if isinstance(email, str) and email else None


def email_link_url(*, participant: Participant, email: str) -> str:
    path = reverse(
        "participants:email_confirm",
        kwargs={
            "token": participant.token,
            "signed": email_link_sign(participant=participant, email=email),
        },
    )
    return settings.SITE_URL + path


# --- The phone code ------------------------------------------------------------------------


def _window(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // PHONE_WINDOW_SECONDS)


def phone_code(*, participant: Participant, phone: str, window: int | None = None) -> str:
    """Six digits only this person's secret, ``phone`` and the time window give."""
    window = _window() if window is None else window
    key = hashlib.sha256(f"{PHONE_SALT}:{settings.SECRET_KEY}".encode()).digest()
    message = f"{participant.pk}:{participant.token}:{phone}:{window}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return f"{int.from_bytes(digest[:8], 'big') % 1_000_000:06d}"


def phone_code_check(*, participant: Participant, phone: str, code: str) -> bool:
    """Whether ``code`` was sent to ``phone`` for this person in the last windows."""
    code = "".join(code.split())
    now = _window()
    return any(
        hmac.compare_digest(code, phone_code(participant=participant, phone=phone, window=w))
        for w in range(now - PHONE_CODE_WINDOWS + 1, now + 1)
    )


def phone_signed(*, participant: Participant, phone: str) -> str:
    """The new number, signed, carried by the code form (the page stores nothing)."""
    return signing.dumps({"p": participant.pk, "t": phone}, salt=PHONE_SALT)


def phone_unsigned(*, participant: Participant, signed: str) -> str | None:
    try:
        data = signing.loads(
            signed, salt=PHONE_SALT, max_age=PHONE_CODE_WINDOWS * PHONE_WINDOW_SECONDS
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("p") != participant.pk:
        return None
    phone = data.get("t")
    return phone if isinstance(phone, str) and phone else None


def phone_can_confirm(phone: str) -> bool:
    """A number can prove itself only if it takes texts."""
    return phone_receives_texts(phone)


# --- Deliveries (tasks: services enqueue them after commit) ----------------------------------


def enqueue_after_commit(delivery, *args) -> None:
    """As ``tasks.enqueue_after_commit``, for a task that takes the new address too."""
    if delivery.get_backend().options.get("ENQUEUE_IN_TRANSACTION"):
        delivery.enqueue(*args)
    else:
        transaction.on_commit(partial(delivery.enqueue, *args))


def _participant(participant_id: int) -> Participant | None:
    return (
        Participant.objects.filter(pk=participant_id, anonymised_at__isnull=True)
        .select_related("event")
        .first()
    )


@task
def email_confirmation_deliver(participant_id: int, email: str) -> bool:
    """The link that confirms ``email``, sent to ``email`` only (in the person's language).
    ``DeliveryError`` when the SMTP server does not take it (the task is retried)."""
    participant = _participant(participant_id)
    if participant is None:
        return False
    event = participant.event
    context = {
        "event": event,
        "first_name": " ".join(participant.first_name.split()),
        "confirm_url": email_link_url(participant=participant, email=email),
        "days": EMAIL_LINK_DAYS,
        "site_url": settings.SITE_URL + event.get_absolute_url(),
        "is_copy": False,
    }
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        subject = " ".join(
            render_to_string(f"{TEMPLATES}/email_change_subject.txt", context).split()
        )
        context["subject"] = subject
        body = render_to_string(f"{TEMPLATES}/email_change.txt", context)
        html = render_to_string(f"{TEMPLATES}/email_change.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
        reply_to=[event.contact_email] if event.contact_email else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    try:
        return message.send() == 1
    except Exception as error:
        logger.exception("The email change link of participant %s was not sent.", participant.pk)
        raise DeliveryError(f"The email change link of participant {participant.pk}.") from error


@task
def phone_code_deliver(participant_id: int, phone: str) -> bool:
    """The code that confirms ``phone``, sent by text to ``phone`` only. Sent whatever the
    person's text preferences: they asked for it, now. ``TextDeliveryError``: retried."""
    participant = _participant(participant_id)
    if participant is None:
        return False
    code = phone_code(participant=participant, phone=phone)
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        body = render_to_string("participants/texts/phone_change.txt", {"code": code})
    body = " ".join(body.split()).translate(GSM7_EQUIVALENTS)
    try:
        text_send(to=phone, body=body)
    except TextDeliveryError:
        logger.warning("The phone change code of participant %s was not sent.", participant.pk)
        raise
    return True
