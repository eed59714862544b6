"""A person changes, from their own page, what they need to be welcomed (the needs the
desk and the workshop doors see)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView

from .. import services
from ..forms import AccessNeedsForm
from .registration import ParticipantMixin


class AccessNeedsView(ParticipantMixin, FormView):
    """The form of the personal page (also shown alone, with its errors, at /besoins/)."""

    template_name = "participants/access_needs.html"
    form_class = AccessNeedsForm
    registered_only = True

    def get_initial(self):
        return AccessNeedsForm.initial_for(self.participant)

    def get_context_data(self, **kwargs):
        return super().get_context_data(access_needs_form=kwargs.pop("form"), **kwargs)

    def form_valid(self, form):
        services.access_needs_update(
            participant=self.participant,
            kinds=form.cleaned_data["access_needs"],
            other=form.cleaned_data["access_needs_other"],
        )
        messages.success(
            self.request,
            _("C’est noté : l’équipe d’accueil préparera votre venue avec ces besoins."),
            extra_tags=AccessNeedsForm.message_tag,  # back on the page, the section is open
        )
        return redirect(self.participant.get_absolute_url() + "#besoins")
