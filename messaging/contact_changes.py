"""A person changes their email or phone from their own page: the new address proves itself
first, by the message we send it (``participants.services.participant_details_update``
starts it, ``participant_email_confirm`` and ``participant_phone_confirm`` end it).

Nothing is stored while the change waits: the email carries a signed link naming the
person and the new address (valid ``EMAIL_LINK_DAYS``); the text carries a six-digit code
derived from the person's secret token, the new number and the current ten-minute window
(valid ``PHONE_CODE_WINDOWS`` windows). Typing the code is rate-limited per personal link.
``tasks.email_confirmation_deliver`` and ``tasks.phone_code_deliver`` send them. This module
imports no services.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.urls import reverse

from innov_insertion.phones import phone_receives_texts
from participants.models import Participant

EMAIL_SALT = "participants.contact-changes.email"
EMAIL_LINK_DAYS = 2
PHONE_SALT = "participants.contact-changes.phone"
PHONE_WINDOW_SECONDS = 600
PHONE_CODE_WINDOWS = 2  # the current window and the one before: 10 to 20 minutes


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
