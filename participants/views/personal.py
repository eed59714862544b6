"""From their own page, a person corrects their details (a new email or phone proves itself
first) and downloads their ticket as a PDF. Every write goes through ``services.py``."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View
from django_ratelimit.core import is_ratelimited

from events.cache import CACHE_ERRORS
from messaging import contact_changes

from .. import services, ticket_pdf
from ..forms import ContactDetailsForm, PhoneCodeForm
from .registration import ParticipantMixin

PHONE_SIGNED_PARAM = "numero"
PHONE_CODE_RATE = "5/10m"  # codes typed per personal link
CONTACT_DETAILS_RATE = "10/h"  # changes saved per personal link (each may send a message)


def _limited(request, *, group: str, token: str, rate: str) -> bool:
    """Whether this personal link posted ``group`` more than ``rate`` (the shared cache;
    fails open when it is unreachable, as the registration form does)."""
    try:
        return is_ratelimited(
            request,
            group=group,
            key=lambda group, request: token,
            rate=rate,
            method="POST",
            increment=True,
        )
    except CACHE_ERRORS:
        return False


def _language() -> str:
    return get_language() or settings.LANGUAGE_CODE


class ContactDetailsView(ParticipantMixin, FormView):
    """The form of the personal page (also shown alone, with its errors, at /coordonnees/)."""

    template_name = "participants/contact_details.html"
    form_class = ContactDetailsForm
    registered_only = True

    def get_form(self, form_class=None):
        data = self.request.POST if self.request.method == "POST" else None
        return ContactDetailsForm.for_participant(self.participant, data)

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_form=kwargs.pop("form"), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        token = self.participant.token
        if _limited(self.request, group="contact-details", token=token, rate=CONTACT_DETAILS_RATE):
            form.add_error(None, _("Trop de changements d’un coup : réessayez dans une heure."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            change = services.participant_details_update(
                participant=self.participant,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                town=data["town"],
                accepts_stand_contacts=data["accepts_stand_contacts"],
                language=_language(),
            )
        except services.BookingError as error:
            field = {"email_taken": "email", "phone_no_texts": "phone"}.get(error.code)
            form.add_error(field, error.message)
            return self.form_invalid(form)
        tag = ContactDetailsForm.message_tag  # back on the page, the section is open
        messages.success(
            self.request, _("C’est noté : vos coordonnées sont à jour."), extra_tags=tag
        )
        if change.email_pending:
            messages.info(
                self.request,
                _(
                    "Nous avons envoyé un lien à %(email)s : ouvrez-le pour confirmer cette "
                    "adresse. D’ici là, nous vous écrivons à l’ancienne."
                )
                % {"email": change.email_pending},
                extra_tags=tag,
            )
        if change.phone_pending:
            signed = contact_changes.phone_signed(
                participant=self.participant, phone=change.phone_pending
            )
            url = reverse("participants:phone_confirm", kwargs={"token": self.participant.token})
            return redirect(f"{url}?{urlencode({PHONE_SIGNED_PARAM: signed})}")
        return redirect(self.participant.get_absolute_url() + "#coordonnees")


class EmailConfirmView(ParticipantMixin, TemplateView):
    """The link sent to a new address: GET asks (mail scanners open links), POST confirms."""

    template_name = "participants/email_confirm.html"
    registered_only = True

    def new_email(self) -> str | None:
        return contact_changes.email_link_read(
            participant=self.participant, signed=self.kwargs["signed"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(new_email=self.new_email(), **kwargs)

    def post(self, request, *args, **kwargs):
        email = self.new_email()
        if email is None:
            return self.get(request, *args, **kwargs)
        try:
            services.participant_email_confirm(
                participant=self.participant, email=email, language=_language()
            )
        except services.BookingError as error:
            messages.error(request, error.message, extra_tags=ContactDetailsForm.message_tag)
            return redirect(self.participant.get_absolute_url() + "#coordonnees")
        messages.success(
            request,
            _("C’est confirmé : nous vous écrirons désormais à %(email)s.") % {"email": email},
            extra_tags=ContactDetailsForm.message_tag,
        )
        return redirect(self.participant.get_absolute_url() + "#coordonnees")


class PhoneConfirmView(ParticipantMixin, FormView):
    """The code texted to a new number, typed here (a few tries per personal link)."""

    template_name = "participants/phone_confirm.html"
    form_class = PhoneCodeForm
    registered_only = True

    def get_initial(self):
        return {"signed_phone": self.request.GET.get(PHONE_SIGNED_PARAM, "")}

    def new_phone(self, signed: str) -> str | None:
        return contact_changes.phone_unsigned(participant=self.participant, signed=signed)

    def get_context_data(self, **kwargs):
        form = kwargs.setdefault("form", self.get_form())
        source = form.data if form.is_bound else form.initial
        signed = str(source.get("signed_phone", ""))
        return super().get_context_data(new_phone=self.new_phone(signed), **kwargs)

    def form_valid(self, form):
        phone = self.new_phone(form.cleaned_data["signed_phone"])
        if phone is None:
            form.add_error(
                "code",
                _("Ce code a expiré : changez de nouveau votre numéro pour en recevoir un autre."),
            )
            return self.form_invalid(form)
        token = self.participant.token
        if _limited(self.request, group="phone-code", token=token, rate=PHONE_CODE_RATE):
            form.add_error(
                "code", _("Trop d’essais : attendez dix minutes, puis demandez un nouveau code.")
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        try:
            services.participant_phone_confirm(
                participant=self.participant,
                phone=phone,
                code=form.cleaned_data["code"],
                language=_language(),
            )
        except services.BookingError as error:
            form.add_error("code", error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("C’est confirmé : votre numéro est à jour."),
            extra_tags=ContactDetailsForm.message_tag,
        )
        return redirect(self.participant.get_absolute_url() + "#coordonnees")


class TicketPdfView(ParticipantMixin, View):
    """The ticket as a one-page PDF to download."""

    registered_only = True

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            ticket_pdf.ticket_pdf(participant=self.participant), content_type="application/pdf"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="billet-{self.participant.ticket_code}.pdf"'
        )
        return response
