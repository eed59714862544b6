"""The reception desk: arrivals (scan, typed code, search by name), walk-ins, the needs list."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from innov_insertion.web import CurrentEventMixin, PrivatePageMixin
from participants import selectors as registration_selectors
from participants.forms import CHOICE_FIELDS
from participants.services import BookingError

from .. import selectors, services
from ..forms import ParticipantSearchForm, TicketCodeForm, WalkInForm
from ..permissions import CHECK_IN, can_see_access_needs
from ..services import OnsiteError

# How the walk-in form says it recognised someone registered (``WalkInResult.known_by``).
KNOWN_NOTES = {
    "email": gettext_lazy("Cette adresse est déjà inscrite : voici son inscription."),
    "phone": gettext_lazy("Ce numéro est déjà inscrit : voici son inscription."),
}

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
        code_form = kwargs.setdefault("code_form", TicketCodeForm())
        if kwargs.get("people") is None:
            # The queue goes on: each page opens with the cursor in the code field (a barcode
            # reader types the code and Enter); after a search by name the results take it.
            code_form.fields["code"].widget.attrs["autofocus"] = True
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
                another_person=form.cleaned_data["another_person"],
            )
        except (BookingError, OnsiteError) as error:
            # By the choices it is about (both, for an overlap), as on the registration
            # form; else at the top.
            if not (isinstance(error, BookingError) and form.booking_error_add(error)):
                form.add_error(None, error.message)
            return self.form_invalid(form)
        if result.created:
            return redirect("onsite:walk_in_ticket", token=result.participant.token)
        # Already registered (same email or phone): welcomed as at the entrance, and their
        # plan offered to change (views/plans.py), with the choices ticked here.
        participant = result.participant
        choices = urlencode(
            [(name, target.pk) for name in CHOICE_FIELDS for target in form.cleaned_data[name]]
        )
        plan_url = reverse("onsite:person_plan", kwargs={"code": participant.ticket_code})
        context = self.get_context_data(
            form=form,
            result=result.arrival,
            plan=registration_selectors.participant_plan(participant=participant),
            access_needs=selectors.participant_access_needs(participant=participant),
            already_registered=KNOWN_NOTES[result.known_by],
            plan_url=f"{plan_url}?{choices}" if choices else plan_url,
            choices_ticked=bool(choices),
            # Known by the phone only: staff may see it is someone else's (a relative's).
            resend=[
                (name, value)
                for name, values in self.request.POST.lists()
                if name not in ("csrfmiddlewaretoken", "another_person")
                for value in values
            ]
            if result.known_by == "phone"
            else None,
        )
        return self.response_class(
            request=self.request,
            template="onsite/reception/walk_in_known.html",
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
