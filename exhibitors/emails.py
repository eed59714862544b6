"""The emails exhibitors receive, and the acknowledgement an applicant receives. Each
function composes and sends its message, returns whether it went out, and never raises: a
failed send is logged (staff invite again; the applicant still has the portal's answer).

``services.py`` calls them after commit. Messages are plain text, from the templates in
``exhibitors/emails/``, every link absolute: a member's in their own language
(``OrganisationMember.language``), the applicant's in the language of the form.
"""

import logging

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from innov_insertion.sms import send as sms_send

from .enums import ApplicationNotice
from .models import Application, OrganisationMember

logger = logging.getLogger(__name__)

TEMPLATES = "exhibitors/emails"


def set_password_url(user) -> str:
    """The absolute link where ``user`` chooses a password (Django's reset token)."""
    path = reverse(
        "portal:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL + path


def invitation_send(*, member: OrganisationMember) -> bool:
    """The invitation to the portal: what it is for, and the link to choose a password."""
    user = member.user
    try:
        with translation.override(member.language or settings.LANGUAGE_CODE):
            context = {
                "organisation": member.organisation,
                "email": user.email,
                "username": user.get_username(),
                "set_password_url": set_password_url(user),
                "portal_url": settings.SITE_URL + reverse("portal:home"),
                "reset_url": settings.SITE_URL + reverse("portal:password_reset"),
                "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
            }
            subject = " ".join(
                render_to_string(f"{TEMPLATES}/invitation_subject.txt", context).split()
            )
            body = render_to_string(f"{TEMPLATES}/invitation.txt", context)
        message = EmailMessage(
            subject=subject,
            body=body.strip() + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        return message.send() == 1
    except Exception:
        logger.exception("The portal invitation of member %s could not be sent.", member.pk)
        return False


def _send(*, template: str, context: dict, to: str) -> bool:
    """Compose ``template`` (and its ``_subject``) in the active language and send it."""
    subject = " ".join(render_to_string(f"{TEMPLATES}/{template}_subject.txt", context).split())
    body = render_to_string(f"{TEMPLATES}/{template}.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body.strip() + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    )
    return message.send() == 1


def application_received_send(
    *, application: Application, withdraw_url: str, language: str | None = None
) -> bool:
    """The applicant's acknowledgement with the withdraw link: by email, or by text message
    to a person who gave only a phone number. In ``language`` (the form's)."""
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {
                "application": application,
                "organisation": application.organisation,
                "job_offer": application.job_offer,
                "withdraw_url": withdraw_url,
                "retention_days": settings.CV_RETENTION_DAYS,
            }
            if application.email:
                return _send(template="application_received", context=context, to=application.email)
            body = render_to_string(f"{TEMPLATES}/application_received_sms.txt", context)
            sms_send(to=application.phone, body=" ".join(body.split()))
            return True
    except Exception:
        logger.exception("The acknowledgement of application %s could not be sent.", application.pk)
        return False


def application_notify_members(application: Application) -> int:
    """One email per member who asked to hear of each new application, each in the
    member's language; returns how many went out. No CV attached and no personal detail
    but the name: the portal has the rest."""
    members = (
        OrganisationMember.objects.filter(
            organisation_id=application.organisation_id,
            application_notice=ApplicationNotice.EACH,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
    )
    sent = 0
    for member in members:
        try:
            with translation.override(member.language or settings.LANGUAGE_CODE):
                context = {
                    "application": application,
                    "organisation": application.organisation,
                    "job_offer": application.job_offer,
                    "application_url": settings.SITE_URL
                    + reverse("portal:application", kwargs={"pk": application.pk}),
                    "settings_url": settings.SITE_URL + reverse("portal:notice"),
                }
                sent += _send(template="application_new", context=context, to=member.user.email)
        except Exception:
            logger.exception("Member %s could not be told of a new application.", member.pk)
    return sent


def applications_digest_send(*, member: OrganisationMember, applications: list) -> bool:
    """The daily digest of new applications for one member, in the member's language."""
    try:
        with translation.override(member.language or settings.LANGUAGE_CODE):
            context = {
                "organisation": member.organisation,
                "applications": applications,
                "inbox_url": settings.SITE_URL + reverse("portal:applications"),
                "settings_url": settings.SITE_URL + reverse("portal:notice"),
            }
            return _send(template="applications_digest", context=context, to=member.user.email)
    except Exception:
        logger.exception("The digest of member %s could not be sent.", member.pk)
        return False
