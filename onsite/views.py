"""The day itself: the reception desk (arrivals, walk-ins), the workshop doors, the staff's
dashboard, and the contacts exhibitors note at their stand.

Desk and doors: only staff with ``participants.check_in`` (the "Accueil" group); anonymous
visitors go to the login page, other users get a 403. A ticket code, scanned by the page
(camera or photo) or typed, is posted to a view that calls ``services.py`` and shows the
result; everything works without JavaScript (typed code, search by name).

Contacts: everything is scoped to the stands of the current edition held by the
organisations the user is a member of: another organisation's contacts are never read, and a
contact can only be recorded at one's own stand. The visitor's consent is checked by the
service.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from events.selectors import event_for_request
from exhibitors.models import OrganisationMember, Stand
from exhibitors.selectors import member_organisations
from innov_insertion.web import CurrentEventMixin, PrivatePageMixin
from participants import selectors as registration_selectors
from participants.bookables import time_range_label
from participants.services import BookingError
from workshops.models import Workshop

from . import selectors, services
from .attendance_pdf import attendance_pdf
from .charts import BarChart, bar_chart
from .forms import ParticipantSearchForm, StandContactForm, TicketCodeForm, WalkInForm
from .resources import EXPORT_FORMATS, StandContactResource, day_figures_export
from .services import OnsiteError

VIEW_SITUATION = "participants.view_situation"
VIEW_ACCESS_NEEDS = "participants.view_access_needs"
CHECK_IN = "participants.check_in"


def can_see_access_needs(user) -> bool:
    """Access needs may reveal a disability: staff holding the dedicated permission
    (Administration) see them, and the desk (Accueil) to welcome people; nobody else."""
    return user.has_perm(VIEW_ACCESS_NEEDS) or user.has_perm(CHECK_IN)


# --- The reception desk and the workshop doors -------------------------------------------


class ReceptionMixin(PrivatePageMixin, PermissionRequiredMixin, CurrentEventMixin):
    """Staff of the desk only, on the current edition; pages never cached or indexed."""

    permission_required = CHECK_IN


class ScanMixin(ReceptionMixin):
    """A page with the scanner and the code form; a posted code shows the result screen."""

    template_name = "onsite/reception/check_in.html"
    result_template_name = "onsite/reception/result.html"

    def record(self, code: str) -> services.ArrivalResult:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        kwargs.setdefault("code_form", TicketCodeForm())
        return super().get_context_data(scanner=True, **kwargs)

    def post(self, request, *args, **kwargs):
        form = TicketCodeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(code_form=form))
        self.template_name = self.result_template_name
        try:
            result = self.record(form.cleaned_data["code"])
        except OnsiteError as error:
            return self.render_to_response(self.get_context_data(error=error.message))
        plan = registration_selectors.participant_plan(participant=result.participant)
        needs = selectors.participant_access_needs(participant=result.participant)
        return self.render_to_response(
            self.get_context_data(result=result, plan=plan, access_needs=needs)
        )


class CheckInView(ScanMixin, TemplateView):
    """The entrance: scan or type a ticket code, or find a person by name."""

    def record(self, code: str) -> services.ArrivalResult:
        return services.participant_check_in(event=self.event, ticket_code=code)

    def get_context_data(self, **kwargs):
        search_form = ParticipantSearchForm(self.request.GET or None)
        people = None
        if search_form.is_valid():
            people = selectors.participant_search(event=self.event, words=search_form.words())
        return super().get_context_data(
            search_form=search_form,
            people=people,
            search_limit=selectors.SEARCH_LIMIT,
            **kwargs,
        )


class WorkshopIndexView(ReceptionMixin, TemplateView):
    """The workshops of the day, each with its door and its list to print."""

    template_name = "onsite/reception/workshops.html"

    def get_context_data(self, **kwargs):
        workshops = selectors.workshops_of_the_day(event=self.event)
        return super().get_context_data(workshops=workshops, **kwargs)


class WorkshopMixin:
    """The workshop in the URL, of the current edition (another edition's is a 404)."""

    def get_workshop(self) -> Workshop:
        if not hasattr(self, "_workshop"):
            self._workshop = get_object_or_404(
                Workshop.objects.select_related("space", "event"),
                pk=self.kwargs["pk"],
                event=self.event,
            )
        return self._workshop

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.get_workshop(), **kwargs)


class WorkshopDoorView(WorkshopMixin, ScanMixin, TemplateView):
    """A workshop's door: scan or type a ticket code to note the person present."""

    template_name = "onsite/reception/door.html"
    result_template_name = "onsite/reception/door_result.html"

    def record(self, code: str) -> services.ArrivalResult:
        return services.booking_attendance_mark(workshop=self.get_workshop(), ticket_code=code)


class WorkshopAttendanceListView(WorkshopMixin, ReceptionMixin, TemplateView):
    """The list to print at a workshop's door (émargement): the date, time and room, seats
    by name with a box to tick and room to sign, then the queue in order."""

    template_name = "onsite/reception/attendance_list.html"

    def get_context_data(self, **kwargs):
        attendance = selectors.workshop_attendance_list(workshop=self.get_workshop())
        return super().get_context_data(
            confirmed=attendance.confirmed, waiting=attendance.waiting, **kwargs
        )


class WorkshopAttendancePdfView(WorkshopMixin, ReceptionMixin, View):
    """The same list as an A4 PDF to download."""

    def get(self, request, *args, **kwargs):
        workshop = self.get_workshop()
        attendance = selectors.workshop_attendance_list(workshop=workshop)
        response = HttpResponse(
            attendance_pdf(workshop=workshop, attendance=attendance),
            content_type="application/pdf",
        )
        filename = f"emargement-{slugify(workshop.title)[:60]}-{workshop.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class WalkInView(ReceptionMixin, FormView):
    """Register someone at the desk: same seats and rules as online, and checked in."""

    template_name = "onsite/reception/walk_in.html"
    form_class = WalkInForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def form_valid(self, form):
        try:
            result = services.walk_in_register(
                event=self.event,
                person=form.person(),
                targets=form.targets(),
                accepts_stand_contacts=form.cleaned_data["accepts_stand_contacts"],
            )
        except (BookingError, OnsiteError) as error:
            # By the choices it is about (both, for an overlap), as on the registration
            # form; else at the top.
            if not (isinstance(error, BookingError) and form.booking_error_add(error)):
                form.add_error(None, error.message)
            return self.form_invalid(form)
        if result.created:
            return redirect("onsite:walk_in_ticket", token=result.participant.token)
        # Already registered with this email: welcomed as at the entrance.
        context = self.get_context_data(
            form=form,
            result=result.arrival,
            plan=registration_selectors.participant_plan(participant=result.participant),
            access_needs=selectors.participant_access_needs(participant=result.participant),
            already_registered=_("Cette adresse est déjà inscrite : voici son inscription."),
            code_form=TicketCodeForm(),
            scanner=True,
        )
        return self.response_class(
            request=self.request,
            template="onsite/reception/result.html",
            context=context,
            using=self.template_engine,
        )


class AccessNeedsListView(ReceptionMixin, TemplateView):
    """The people who declared a need, per need: to book interpreters, prepare help and
    welcome them; printable. For the desk (``check_in``) and holders of
    ``view_access_needs``; not for the programme's staff."""

    template_name = "onsite/reception/access_needs.html"

    def has_permission(self):
        return can_see_access_needs(self.request.user)

    def get_context_data(self, **kwargs):
        groups = selectors.access_needs_list(event=self.event)
        return super().get_context_data(groups=groups, **kwargs)


class WalkInTicketView(ReceptionMixin, TemplateView):
    """The ticket of a person just registered at the desk, to print or show."""

    template_name = "onsite/reception/ticket.html"

    def get_context_data(self, **kwargs):
        participant = registration_selectors.participant_by_token(token=self.kwargs["token"])
        if participant is None or participant.event_id != self.event.pk:
            raise Http404("No such participant.")
        return super().get_context_data(
            participant=participant,
            plan=registration_selectors.participant_plan(participant=participant),
            **kwargs,
        )


# --- The staff's dashboard ---------------------------------------------------------------


class DashboardView(PrivatePageMixin, PermissionRequiredMixin, TemplateView):
    """Figures, bar charts drawn on the server as SVG, and the table behind every chart;
    read only. Anonymous visitors go to the login page; signed-in users without the
    permission get a 403. The situation breakdown shows only to holders of
    ``view_situation``, the counts per access need only to those who may see access needs
    (``can_see_access_needs``)."""

    permission_required = "participants.view_dashboard"
    template_name = "onsite/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = event_for_request(self.request)
        context["event"] = event
        if event is None:
            return context
        can_see_situation = self.request.user.has_perm(VIEW_SITUATION)
        figures = selectors.day_figures(
            event=event,
            with_situation=can_see_situation,
            with_access_needs=can_see_access_needs(self.request.user),
        )
        context["figures"] = figures
        context["charts"] = self._charts(figures)
        return context

    def _charts(self, figures) -> dict[str, BarChart]:
        registrations = figures.registrations
        counts = [
            (_("Inscrit·es"), registrations.registered),
            (_("Arrivé·es"), registrations.checked_in),
            (_("Inscrit·es sur place"), registrations.walk_ins),
            (_("Inscrit·es par un conseiller"), registrations.on_behalf),
            (_("Inscriptions annulées"), registrations.cancelled),
        ]
        stands = [
            (f"{_stand_label(row.stand)} : {row.contacts}", row.contacts) for row in figures.stands
        ]
        charts = {
            "registrations": bar_chart(
                key="registrations",
                title=_("Inscriptions et arrivées"),
                rows=[(f"{label} : {value}", value) for label, value in counts],
            ),
            "workshops": _fill_chart("workshops", _("Remplissage des ateliers"), figures.workshops),
            "conference": _fill_chart(
                "conference", _("Remplissage de la conférence"), figures.conference
            ),
            "activities": _fill_chart(
                "activities", _("Remplissage des activités sur les stands"), figures.activities
            ),
            "arrivals": bar_chart(
                key="arrivals",
                title=_("Arrivées par demi-heure"),
                rows=[
                    (f"{slot.label} : {slot.arrivals}", slot.arrivals) for slot in figures.arrivals
                ],
            ),
            "stands": bar_chart(
                key="stands",
                title=_("Contacts notés aux stands"),
                rows=stands,
            ),
        }
        if figures.access_needs is not None:
            charts["access_needs"] = bar_chart(
                key="access-needs",
                title=_("Inscrit·es par besoin d’accessibilité"),
                rows=[
                    (f"{row.label} : {row.registered}", row.registered)
                    for row in figures.access_needs
                ],
            )
        if figures.situations is not None:
            charts["situations"] = bar_chart(
                key="situations",
                title=_("Inscrit·es par situation"),
                rows=[
                    (f"{row.label} : {row.registered}", row.registered)
                    for row in figures.situations
                ],
            )
        return charts


def _fill_label(rate: int | None) -> str:
    return _("sans limite") if rate is None else f"{rate} %"


def _fill_chart(key: str, title: str, rows: list[selectors.SessionFigures]) -> BarChart:
    """Seats taken, in percent, of each workshop or session, with its time."""
    return bar_chart(
        key=key,
        title=title,
        rows=[
            (
                # The figure first: a long title is cut at the chart's edge on a phone.
                f"{_fill_label(row.fill_rate)} — "
                + " ".join(filter(None, [time_range_label(row.target), row.label])),
                row.fill_rate or 0,
            )
            for row in rows
        ],
        maximum=100,
    )


class DashboardExportView(PrivatePageMixin, PermissionRequiredMixin, View):
    """The dashboard's figures as a spreadsheet (``format``: "csv" or "xlsx"), for the same
    people and with the same limits: situations with ``view_situation``; the counts per
    access need only with ``view_access_needs`` (exports of needs are for Administration)."""

    permission_required = "participants.view_dashboard"

    def get(self, request, *args, **kwargs):
        event = event_for_request(request)
        if event is None or kwargs["format"] not in EXPORT_FORMATS:
            raise Http404("No published edition, or no such format.")
        figures = selectors.day_figures(
            event=event,
            with_situation=request.user.has_perm(VIEW_SITUATION),
            with_access_needs=request.user.has_perm(VIEW_ACCESS_NEEDS),
        )
        export = day_figures_export(figures=figures, file_format=kwargs["format"])
        response = HttpResponse(export.content, content_type=export.content_type)
        filename = f"tableau-de-bord-{timezone.localdate():%Y-%m-%d}.{kwargs['format']}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


def _stand_label(stand) -> str:
    return _("Stand %(number)s, %(name)s") % {
        "number": stand.number,
        "name": stand.organisation.name,
    }


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
