"""Exhibitors keep the contacts of the people they meet at their stand.

Everything is scoped to the stands of the current edition held by the organisations the
user is a member of: another organisation's contacts are never read, and a contact can
only be recorded at one's own stand. The visitor's consent is checked by the service.
"""

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

from .. import services
from ..forms import StandContactForm
from ..models import StandContact
from ..resources import StandContactResource


def member_stands(*, user, event) -> QuerySet[Stand]:
    """The stands of ``event`` held by the organisations ``user`` is a member of."""
    if event is None or not user.is_authenticated:
        return Stand.objects.none()
    return (
        Stand.objects.filter(event=event, organisation__members__user=user)
        .select_related("organisation")
        .order_by("number")
        .distinct()
    )


def member_contacts(*, stands: QuerySet[Stand]) -> QuerySet[StandContact]:
    return (
        StandContact.objects.filter(stand__in=stands)
        .select_related("participant", "stand__organisation")
        .order_by("-created_at", "-id")
    )


class MemberStandsMixin(LoginRequiredMixin):
    """Only members of an exhibiting organisation; their stands of the current edition."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not OrganisationMember.objects.filter(user=request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def stands(self) -> QuerySet[Stand]:
        return member_stands(user=self.request.user, event=event_for_request(self.request))


class ContactListView(MemberStandsMixin, FormView):
    template_name = "participants/contacts/list.html"
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
        except services.BookingError as error:
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
        return redirect("contact:list")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = event_for_request(self.request)
        context["organisations"] = member_organisations(user=self.request.user)
        context["stands"] = self.stands
        context["contacts"] = member_contacts(stands=self.stands)
        return context


class ContactExportView(MemberStandsMixin, View):
    """The user's own contacts as CSV (with a BOM so that Excel reads the accents)."""

    def get(self, request, *args, **kwargs):
        dataset = StandContactResource().export(queryset=member_contacts(stands=self.stands))
        response = HttpResponse("\ufeff" + dataset.csv, content_type="text/csv; charset=utf-8")
        filename = f"contacts-{timezone.localdate():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
