"""Contacts exhibitors note at their stand (lead scan) and their export."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from events.selectors import event_for_request
from exhibitors.models import OrganisationMember, Stand
from exhibitors.selectors import member_organisations
from innov_insertion.web import PrivatePageMixin

from .. import selectors, services
from ..forms import StandContactForm
from ..resources import StandContactResource
from ..services import OnsiteError

# --- Contacts met at the stands ----------------------------------------------------------


class MemberStandsMixin(PrivatePageMixin, LoginRequiredMixin):
    """Only members of an exhibiting organisation; their stands of the current edition."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not OrganisationMember.objects.filter(user=request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def stands(self) -> QuerySet[Stand]:
        return selectors.member_stands(
            user=self.request.user, event=event_for_request(self.request)
        )


class ContactListView(MemberStandsMixin, FormView):
    template_name = "onsite/contacts/list.html"
    form_class = StandContactForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stands": self.stands}

    def post(self, request, *args, **kwargs):
        if not self.stands:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            contact, created = services.stand_contact_record(
                stand=form.cleaned_data["stand"],
                ticket_code=form.cleaned_data["ticket_code"],
                recorded_by=self.request.user,
                note=form.cleaned_data["note"],
            )
        except OnsiteError as error:
            form.add_error("ticket_code", error.message)
            return self.form_invalid(form)
        name = contact.participant.full_name
        if created:
            messages.success(self.request, _("Contact de %(name)s noté.") % {"name": name})
        else:
            when = timezone.localtime(contact.created_at).strftime("%H:%M")
            messages.info(
                self.request,
                _("Vous aviez déjà noté %(name)s, à %(time)s.") % {"name": name, "time": when},
            )
        return redirect("onsite:contacts")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = event_for_request(self.request)
        context["organisations"] = member_organisations(user=self.request.user)
        context["stands"] = self.stands
        context["contacts"] = selectors.member_contacts(stands=self.stands)
        return context


class ContactExportView(MemberStandsMixin, View):
    """The user's own contacts as CSV (with a BOM so that Excel reads the accents)."""

    def get(self, request, *args, **kwargs):
        contacts = selectors.member_contacts(stands=self.stands)
        dataset = StandContactResource().export(queryset=contacts)
        response = HttpResponse("\ufeff" + dataset.csv, content_type="text/csv; charset=utf-8")
        filename = f"contacts-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
