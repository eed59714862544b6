"""Text messages: a person stops (or takes back) the texts from their own page (a section of
the personal page, ``participants/_text_messages.html``), and the SMS provider tells us who
replied STOP."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from innov_insertion.phones import phone_normalize
from participants.views.registration import ParticipantMixin

from . import services

# What a provider's notice holds: the number, and a status or the reply itself.
NUMBER_KEYS = ("to", "phone", "number", "recipient", "from", "msisdn")
STOP_STATUSES = {"unsubscribed", "unsubscribe", "stop", "blacklisted", "optout", "opt-out"}


class TextMessagesView(ParticipantMixin, View):
    """POST only: ``stop`` True, no more texts; False, texts again."""

    stop = True
    registered_only = True

    def get(self, request, *args, **kwargs):
        return redirect(self.participant)

    def post(self, request, *args, **kwargs):
        if self.stop:
            services.text_messages_stop(participant=self.participant)
            text = _("C’est noté : vous ne recevrez plus de SMS de notre part.")
        else:
            services.text_messages_resume(participant=self.participant)
            text = _("C’est noté : vous recevrez de nouveau nos SMS.")
        messages.success(request, text)
        return redirect(self.participant.get_absolute_url() + "#sms")


def _notice(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


def _says_stop(notice: dict) -> bool:
    status = str(notice.get("msg_status") or notice.get("event") or notice.get("status") or "")
    reply = str(notice.get("reply") or notice.get("text") or notice.get("message") or "")
    return status.strip().lower() in STOP_STATUSES or reply.strip().upper().startswith("STOP")


def _number(notice: dict) -> str | None:
    for key in NUMBER_KEYS:
        value = str(notice.get(key) or "").strip()
        if value:
            # Providers write international numbers without the plus sign (33612345678).
            if value.isdigit() and not value.startswith("0"):
                value = "+" + value
            try:
                return phone_normalize(value)
            except ValidationError:
                return None
    return None


@method_decorator(csrf_exempt, name="dispatch")
class TextStopWebhookView(View):
    """The SMS provider's notice that a number replied STOP (its address holds
    ``SMS_WEBHOOK_SECRET``; 404 when it is wrong or unset). Every registration with that
    number gets no more texts. Other notices (delivered, …) are taken and ignored."""

    def post(self, request, *args, secret: str, **kwargs):
        expected = settings.SMS_WEBHOOK_SECRET
        if not expected or not constant_time_compare(secret, expected):
            raise Http404("No such address.")
        notice = _notice(request)
        number = _number(notice)
        if number and _says_stop(notice):
            services.text_messages_stop_number(phone=number)
        return HttpResponse("ok", content_type="text/plain")
