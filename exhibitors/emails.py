"""The emails exhibitors receive. Each function composes and sends one message, returns
whether it went out, and never raises: a failed send is logged (staff invite again).

``services.py`` calls them after commit. Messages are plain text in French
(``LANGUAGE_CODE``), from the templates in ``exhibitors/emails/``, every link absolute.
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

from .models import OrganisationMember

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
        with translation.override(settings.LANGUAGE_CODE):
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
