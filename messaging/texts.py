"""The text messages (SMS) participants receive, beside the emails (``emails.py``).

Who: a person who gave a phone number that can take texts, and no email or the wish to get
texts (``prefers_text_messages``), and who did not stop them (``text_messages_stopped_at``:
replied STOP to the provider, or withdrew on their personal page): ``texts_wanted``.

What: one short text per message (``messaging/texts/<kind>.txt``), one segment of 160
GSM-7 characters where possible, in the person's language; the only personal data in it is
the first name (with the ticket code and the personal link). Each function raises
``TextDeliveryError`` when the provider did not take it (the delivery task is retried:
``tasks.py``) and returns whether a text went (False: this person gets no texts).
"""

import logging

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from innov_insertion.phones import phone_normalize, phone_receives_texts
from innov_insertion.sms import TextDeliveryError
from innov_insertion.sms import send as text_send
from participants.models import Participant

logger = logging.getLogger(__name__)

TEMPLATES = "messaging/texts"

# Characters outside GSM-7 that the templates and dates use, written with ones inside it: a
# single one of them would send the whole text as UCS-2 (70 characters a segment).
GSM7_EQUIVALENTS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "–": "-",
        "—": "-",
        "…": "...",
        "â": "a",
        "ê": "e",
        "ë": "e",
        "î": "i",
        "ï": "i",
        "ô": "o",
        "û": "u",
        "ç": "c",
        "œ": "oe",
        "À": "A",
        "È": "E",
        "Ê": "E",
    }
)
_FIRST_NAME = "\x00"  # stands for the first name while the text is made GSM-7: kept as typed


def texts_wanted(participant: Participant) -> bool:
    """Whether this person gets text messages (see the module's docstring)."""
    return (
        bool(participant.phone)
        and (not participant.email or participant.prefers_text_messages)
        and participant.text_messages_stopped_at is None
        and participant.anonymised_at is None
        and phone_receives_texts(participant.phone)
    )


def compose(*, participant: Participant, kind: str) -> str:
    """The ``kind`` text for the person, in their language."""
    event = participant.event
    context = {
        "first_name": _FIRST_NAME,
        "ticket_code": participant.ticket_code,
        "personal_url": settings.SITE_URL + participant.get_absolute_url(),
        "site_url": settings.SITE_URL + event.get_absolute_url(),
    }
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        text = render_to_string(f"{TEMPLATES}/{kind}.txt", context)
    text = " ".join(text.split()).translate(GSM7_EQUIVALENTS)
    return text.replace(_FIRST_NAME, " ".join(participant.first_name.split()))


def confirmation_send(*, participant: Participant) -> bool:
    """Registered: the ticket code and the personal link."""
    return _send(participant=participant, kind="confirmation")


def personal_link_send(*, participant: Participant) -> bool:
    """Registered again with the same contact: the personal link, nothing else."""
    return _send(participant=participant, kind="personal_link")


def waitlist_promotion_send(*, participant: Participant) -> bool:
    """A seat came free and is now the person's: the personal link says which."""
    return _send(participant=participant, kind="waitlist_promotion")


def seat_release_send(*, participant: Participant) -> bool:
    """Not arrived when the release time passed: the seat went to someone present."""
    return _send(participant=participant, kind="seat_release")


def cancellation_send(*, participant: Participant) -> bool:
    """The registration is cancelled."""
    return _send(participant=participant, kind="cancellation")


def reminder_send(*, participant: Participant) -> bool:
    """The day before: the ticket code and the personal link (plan, address)."""
    return _send(participant=participant, kind="reminder")


def phone_code_send(*, participant: Participant, phone: str, code: str) -> bool:
    """The code that confirms a new number (``phone``, E.164), sent to it only, whatever the
    person's text preferences: they asked for it, now. ``TextDeliveryError``: retried."""
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        body = render_to_string(f"{TEMPLATES}/phone_change.txt", {"code": code})
    body = " ".join(body.split()).translate(GSM7_EQUIVALENTS)
    try:
        text_send(to=phone, body=body)
    except TextDeliveryError:
        logger.warning("The phone change code of participant %s was not sent.", participant.pk)
        raise
    return True


def _send(*, participant: Participant, kind: str) -> bool:
    if not texts_wanted(participant):
        return False
    try:
        to = phone_normalize(participant.phone)
    except Exception:
        logger.warning("The %s text of participant %s: no valid number.", kind, participant.pk)
        return False
    body = compose(participant=participant, kind=kind)
    try:
        text_send(to=to, body=body)
    except TextDeliveryError as error:
        logger.warning(
            "The %s text of participant %s was not sent: %s", kind, participant.pk, error
        )
        raise
    return True
