"""The day itself: the reception desk (arrivals, walk-ins) and the workshop doors.

Only staff with ``participants.check_in`` (the "Accueil" group) get here; anonymous
visitors go to the login page, other users get a 403. A ticket code, scanned by the page
(camera or photo) or typed, is posted to a view that calls ``services.py`` and shows the
result; everything works without JavaScript (typed code, search by name).
"""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from innov_insertion.web import CurrentEventMixin
from workshops.models import Workshop

from .. import selectors, services
from ..enums import BookingState
from ..forms import ParticipantSearchForm, TicketCodeForm, WalkInForm
from ..models import Booking, Participant

SEARCH_LIMIT = 20


class ReceptionMixin(PermissionRequiredMixin, CurrentEventMixin):
    """Staff of the desk only, on the current edition; pages never cached or indexed."""

    permission_required = "participants.check_in"

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class ScanMixin(ReceptionMixin):
    """A page with the scanner and the code form; a posted code shows the result screen."""

    template_name = "participants/reception/check_in.html"
    result_template_name = "participants/reception/result.html"

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
        except services.BookingError as error:
            return self.render_to_response(self.get_context_data(error=error.message))
        plan = selectors.participant_plan(participant=result.participant)
        return self.render_to_response(self.get_context_data(result=result, plan=plan))


class CheckInView(ScanMixin, TemplateView):
    """The entrance: scan or type a ticket code, or find a person by name."""

    def record(self, code: str) -> services.ArrivalResult:
        return services.participant_check_in(event=self.event, ticket_code=code)

    def get_context_data(self, **kwargs):
        search_form = ParticipantSearchForm(self.request.GET or None)
        people = None
        if search_form.is_valid():
            condition = Q()
            for word in search_form.words():
                condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
            people = list(
                Participant.objects.filter(condition, event=self.event, anonymised_at__isnull=True)
                .order_by("last_name", "first_name", "pk")
                .only(
                    "first_name",
                    "last_name",
                    "ticket_code",
                    "state",
                    "checked_in_at",
                    "is_walk_in",
                )[:SEARCH_LIMIT]
            )
        return super().get_context_data(
            search_form=search_form, people=people, search_limit=SEARCH_LIMIT, **kwargs
        )


class WorkshopIndexView(ReceptionMixin, TemplateView):
    """The workshops of the day, each with its door and its list to print."""

    template_name = "participants/reception/workshops.html"

    def get_context_data(self, **kwargs):
        workshops = (
            Workshop.objects.filter(event=self.event)
            .select_related("space")
            .annotate(
                present=Count(
                    "bookings",
                    filter=Q(
                        bookings__state=BookingState.CONFIRMED,
                        bookings__attended_at__isnull=False,
                    ),
                ),
                waiting=Count("bookings", filter=Q(bookings__state=BookingState.WAITING)),
            )
            .order_by("starts_at", "title")
        )
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

    template_name = "participants/reception/door.html"
    result_template_name = "participants/reception/door_result.html"

    def record(self, code: str) -> services.ArrivalResult:
        return services.booking_attendance_mark(workshop=self.get_workshop(), ticket_code=code)


class WorkshopAttendanceListView(WorkshopMixin, ReceptionMixin, TemplateView):
    """The list to print at a workshop's door: seats by name, then the queue in order."""

    template_name = "participants/reception/attendance_list.html"

    def get_context_data(self, **kwargs):
        workshop = self.get_workshop()
        bookings = list(
            Booking.objects.filter(
                workshop=workshop, state__in=[BookingState.CONFIRMED, BookingState.WAITING]
            )
            .select_related("participant")
            .order_by("queued_at", "id")
        )
        confirmed = sorted(
            (b for b in bookings if b.state == BookingState.CONFIRMED),
            key=lambda b: (b.participant.last_name.lower(), b.participant.first_name.lower()),
        )
        waiting = [b for b in bookings if b.state == BookingState.WAITING]
        return super().get_context_data(confirmed=confirmed, waiting=waiting, **kwargs)


class WalkInView(ReceptionMixin, FormView):
    """Register someone at the desk: same seats and rules as online, and checked in."""

    template_name = "participants/reception/walk_in.html"
    form_class = WalkInForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def form_valid(self, form):
        try:
            result = services.registration_create(
                event=self.event,
                person=form.person(),
                targets=form.targets(),
                accepts_stand_contacts=form.cleaned_data["accepts_stand_contacts"],
                walk_in=True,
            )
        except services.BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        participant = result.participant
        if result.created:
            return redirect("reception:walk_in_ticket", token=participant.token)
        # Already registered with this email: welcome them as at the entrance.
        try:
            arrival = services.participant_check_in(
                event=self.event, ticket_code=participant.ticket_code
            )
        except services.BookingError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        context = self.get_context_data(
            form=form,
            result=arrival,
            plan=selectors.participant_plan(participant=arrival.participant),
            already_registered=_("Cette adresse est déjà inscrite : voici son inscription."),
            code_form=TicketCodeForm(),
            scanner=True,
        )
        return self.response_class(
            request=self.request,
            template="participants/reception/result.html",
            context=context,
            using=self.template_engine,
        )


class WalkInTicketView(ReceptionMixin, TemplateView):
    """The ticket of a person just registered at the desk, to print or show."""

    template_name = "participants/reception/ticket.html"

    def get_context_data(self, **kwargs):
        participant = selectors.participant_by_token(token=self.kwargs["token"])
        if participant is None or participant.event_id != self.event.pk:
            raise Http404("No such participant.")
        return super().get_context_data(
            participant=participant,
            plan=selectors.participant_plan(participant=participant),
            **kwargs,
        )
