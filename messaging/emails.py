"""The emails participants receive. Each function composes and sends one message (and the
copy for the advisor who registered the person, if the person agreed: ``referrer_gets_copies``)
and returns whether it went out: a failed send is logged and the registration stays. With
``fail_silently=False`` (the delivery tasks, which are retried: ``tasks.py``) a message the
SMTP server did not take raises ``DeliveryError`` instead, and the advisor's copy waits for
the retry with it.

The delivery tasks (``tasks.py``, which ``participants/services.py`` enqueues after commit)
call them; the services' docstrings say when each one leaves. Messages are written in the
person's language (French unless they chose otherwise: ``LANGUAGE_CODE``), the HTML marked
with it (``<html lang>``; titles staff wrote in French marked ``lang="fr"`` inside), from the
templates in ``messaging/emails/``: an HTML part and a plain-text part of the same words, every link
absolute. The QR code of the ticket travels inside the message (``multipart/related``,
shown as ``cid:``), so it appears even when the mail client blocks remote images.
"""

import email.policy
import logging
import re
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from participants.enums import ParticipantState
from participants.models import Booking, Participant
from participants.selectors import PlanEntry, booking_entry, participant_plan
from participants.tickets import plan_ics, ticket_qr_png

logger = logging.getLogger(__name__)


class DeliveryError(Exception):
    """The SMTP server did not take the message (already logged): send it again later."""


TEMPLATES = "messaging/emails"
CALENDAR_FILENAME = "innov-insertion.ics"


class _HtmlEmail(EmailMultiAlternatives):
    """A text + HTML email whose HTML part carries its own images (``multipart/related``).

    Django attaches files beside the bodies (``multipart/mixed``); an image the HTML shows
    belongs *with* the HTML, or clients list it again as an attachment.
    """

    def __init__(self, *, related_images: dict[str, bytes] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.related_images = related_images or {}

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        if self.related_images:
            html = next(part for part in msg.walk() if part.get_content_type() == "text/html")
            for content_id, png in self.related_images.items():
                html.add_related(
                    png,
                    maintype="image",
                    subtype="png",
                    cid=f"<{content_id}>",
                    disposition="inline",
                    filename=f"{content_id.split('@')[0]}.png",
                )
        return msg


# --- The messages ------------------------------------------------------------------------


def confirmation_send(*, participant: Participant, fail_silently: bool = True) -> bool:
    """The registration confirmation: the day, the plan, the QR ticket, the .ics calendar
    and the personal link; a copy goes to the advisor who registered the person."""
    return _send(
        participant=participant,
        kind="confirmation",
        with_plan=True,
        with_ticket=True,
        with_calendar=True,
        copy_to_referrer=True,
        fail_silently=fail_silently,
    )


def personal_link_send(*, participant: Participant, fail_silently: bool = True) -> bool:
    """The personal link again, for a known email that registered a second time."""
    return _send(participant=participant, kind="personal_link", fail_silently=fail_silently)


def waitlist_promotion_send(*, booking: Booking, fail_silently: bool = True) -> bool:
    """A seat freed up and is now the person's: what, when, where, and how to give it up."""
    return _send(
        participant=booking.participant,
        kind="waitlist_promotion",
        booking=booking,
        copy_to_referrer=True,
        fail_silently=fail_silently,
    )


def seat_release_send(*, booking: Booking, fail_silently: bool = True) -> bool:
    """The person had not arrived when the seat's release time passed: the seat went to
    someone present; what it was, and that the rest of their plan stands."""
    return _send(
        participant=booking.participant,
        kind="seat_release",
        released=booking,
        copy_to_referrer=True,
        fail_silently=fail_silently,
    )


def cancellation_send(*, participant: Participant, fail_silently: bool = True) -> bool:
    """The registration is cancelled (a copy goes to the advisor, who may have done it)."""
    return _send(
        participant=participant,
        kind="cancellation",
        copy_to_referrer=True,
        fail_silently=fail_silently,
    )


def reminder_send(*, participant: Participant) -> bool:
    """The day before: the plan, the address, the QR ticket and the personal link; a copy
    goes to the advisor who registered the person."""
    return _send(
        participant=participant,
        kind="reminder",
        with_plan=True,
        with_ticket=True,
        copy_to_referrer=True,
    )


def email_change_send(*, participant: Participant, email: str, confirm_url: str, days: int) -> bool:
    """The link that confirms a new address (``email``), sent to it only, in the person's
    language. ``DeliveryError`` when the SMTP server does not take it (the task is retried)."""
    event = participant.event
    context = {
        "event": event,
        "first_name": _one_line(participant.first_name),
        "confirm_url": confirm_url,
        "days": days,
        "site_url": settings.SITE_URL + event.get_absolute_url(),
        "is_copy": False,
    }
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        subject = _one_line(render_to_string(f"{TEMPLATES}/email_change_subject.txt", context))
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


def referrer_gets_copies(participant: Participant) -> bool:
    """The advisor who registered the person gets a copy of every message about them
    (confirmation, promotion, cancellation, reminder) only when the person agreed."""
    return bool(participant.referrer_receives_copies and participant.referrer_email)


# --- Composing and sending ---------------------------------------------------------------


def _send(
    *,
    participant: Participant,
    kind: str,
    booking: Booking | None = None,
    released: Booking | None = None,
    with_plan: bool = False,
    with_ticket: bool = False,
    with_calendar: bool = False,
    copy_to_referrer: bool = False,
    fail_silently: bool = True,
) -> bool:
    """Compose the ``kind`` email for the person (and the advisor's copy) and send it.

    Returns whether the first message went out: the person's own, or the advisor's copy
    when the person gave no email. Failures are logged with the participant's id only.
    When the first one fails and not ``fail_silently``: ``DeliveryError``, nothing else
    sent (a retry sends both, each once); a failed copy after it is only logged.
    """
    recipients = [(participant.email, False)] if participant.email else []
    if copy_to_referrer and referrer_gets_copies(participant):
        recipients.append((participant.referrer_email, True))
    if not recipients:
        return False
    try:
        with translation.override(participant.language or settings.LANGUAGE_CODE):
            context = _context(
                participant=participant,
                booking=booking,
                released=released,
                with_plan=with_plan,
                with_ticket=with_ticket,
                with_calendar=with_calendar,
            )
            if context is None:
                return False
            messages = [
                _compose(
                    kind=kind,
                    to=address,
                    context={**context, "is_copy": is_copy, "has_email": bool(participant.email)},
                )
                for address, is_copy in recipients
            ]
    except Exception:
        logger.exception(
            "The %s email of participant %s could not be composed.", kind, participant.pk
        )
        return False
    sent = []
    for message, (_address, is_copy) in zip(messages, recipients, strict=True):
        try:
            sent.append(message.send() == 1)
        except Exception:
            logger.exception(
                "The %s email%s of participant %s could not be sent.",
                kind,
                " (advisor's copy)" if is_copy else "",
                participant.pk,
            )
            sent.append(False)
        if not sent[0] and not fail_silently:
            raise DeliveryError(f"The {kind} email of participant {participant.pk}.")
    return sent[0]


def _context(
    *,
    participant: Participant,
    booking: Booking | None,
    with_plan: bool,
    with_ticket: bool,
    with_calendar: bool,
    released: Booking | None = None,
) -> dict | None:
    """What the templates show; None when the promoted booking is no longer held.
    ``released``: the booking whose seat was released (no longer in the plan)."""
    event = participant.event
    context = {
        "event": event,
        "first_name": _one_line(participant.first_name),
        "full_name": _one_line(participant.full_name),
        "ticket_code": participant.ticket_code,
        "personal_url": settings.SITE_URL + participant.get_absolute_url(),
        "site_url": settings.SITE_URL + event.get_absolute_url(),
        "retention_days": settings.PERSONAL_DATA_RETENTION_DAYS,
        "calendar_filename": CALENDAR_FILENAME,
        "is_cancelled": participant.state == ParticipantState.CANCELLED,
    }
    if with_plan or booking is not None:
        plan = participant_plan(participant=participant)
        context["plan"] = plan
        context["has_waiting"] = any(not entry.is_confirmed for entry in plan)
    if booking is not None:
        context["entry"] = _plan_entry_of(plan, booking)
        if context["entry"] is None:
            return None
    if released is not None:
        context["entry"] = booking_entry(booking=released)
    if with_ticket:
        context["qr_png"] = ticket_qr_png(participant=participant)
        context["qr_cid"] = make_msgid(idstring="billet", domain="innov-insertion")[1:-1]
    if with_calendar:
        context["calendar"] = plan_ics(participant=participant)
    return context


def _plan_entry_of(plan: list[PlanEntry], booking: Booking) -> PlanEntry | None:
    return next((entry for entry in plan if entry.booking.pk == booking.pk), None)


def _compose(*, kind: str, to: str, context: dict) -> _HtmlEmail:
    subject = _one_line(render_to_string(f"{TEMPLATES}/{kind}_subject.txt", context))
    if context["is_copy"]:
        subject = _("Copie concernant %(first_name)s : %(subject)s") % {
            "first_name": context["first_name"],
            "subject": subject,
        }
    context = {**context, "subject": subject}
    text = re.sub(r"\n{3,}", "\n\n", render_to_string(f"{TEMPLATES}/{kind}.txt", context))
    html = render_to_string(f"{TEMPLATES}/{kind}.html", context)
    event = context["event"]
    message = _HtmlEmail(
        subject=subject,
        body=text.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[event.contact_email] if event.contact_email else None,
        headers={"Auto-Submitted": "auto-generated"},
        related_images={context["qr_cid"]: context["qr_png"]} if "qr_cid" in context else None,
    )
    message.attach_alternative(html, "text/html")
    if "calendar" in context:
        message.attach(CALENDAR_FILENAME, context["calendar"], "text/calendar")
    return message


def _one_line(value: str) -> str:
    """User input on one line: no newline can reach a header or break a sentence."""
    return " ".join(str(value).split())
