"""The recruiter's day in the exhibitor portal (``/exposants/entretiens/journee/``).

For each of the member's organisations: the interview slots of the current edition in time
order, the people booked (contact details only when they agreed, the CV when they applied),
"Venu·e" / "Absent·e" and the outcome; the door scan for the slots; a printable schedule per
recruiter. Reads are scoped to the member's organisations (``MemberRequiredMixin``,
``selectors.member_interview_bookings``): another organisation's booking is a 404. Every
write goes through ``onsite.services``; every form posts and redirects, no script needed.
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from exhibitors.models import Organisation
from exhibitors.views.portal import MemberRequiredMixin
from innov_insertion.web import validate_single_line
from participants.enums import InterviewOutcome
from participants.forms import FORM_TEMPLATE

from .. import selectors, services
from ..services import OnsiteError

# --- Forms (the page's own: a scanned code, a presence, an outcome) ---------------------------


class InterviewScanForm(forms.Form):
    """A ticket scanned (or typed) at the interviews; the organisation, for a member of
    several."""

    organisation = forms.ModelChoiceField(
        label=gettext_lazy("Entretiens de"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    code = forms.CharField(
        label=gettext_lazy("Code du billet"),
        max_length=40,
        validators=[validate_single_line],
        help_text=gettext_lazy("Les dix caractères écrits sous le QR code du billet."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "data-scanner-code": "",
            }
        ),
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        if self.only_organisation is not None:
            del self.fields["organisation"]  # nothing to choose
        else:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[organisation.pk for organisation in organisations]
            ).order_by("name")
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.template = FORM_TEMPLATE

    def clean(self):
        cleaned_data = super().clean()
        if self.only_organisation is not None:
            cleaned_data["organisation"] = self.only_organisation
        return cleaned_data


class InterviewAttendanceForm(forms.Form):
    """ "Venu·e" or "Absent·e" (the button pressed)."""

    present = forms.TypedChoiceField(
        choices=[("oui", "oui"), ("non", "non")], coerce=lambda value: value == "oui"
    )


class InterviewOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(choices=InterviewOutcome.choices)


# --- Pages ----------------------------------------------------------------------------------


def _time_label(value) -> str:
    return formats.time_format(timezone.localtime(value))


def _day_url(anchor: str = "") -> str:
    url = reverse("onsite:recruiter_day")
    return f"{url}#{anchor}" if anchor else url


class RecruiterDayView(MemberRequiredMixin, FormView):
    """The day's slots and people of each of the member's organisations, and the scanner."""

    template_name = "onsite/recruiter/day.html"
    form_class = InterviewScanForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisations": self.organisations}

    def form_valid(self, form):
        if self.event is None:
            form.add_error(None, _("Aucune édition n’est publiée pour le moment."))
            return self.form_invalid(form)
        try:
            arrival = services.interview_attendance_scan(
                organisation=form.cleaned_data["organisation"],
                event=self.event,
                ticket_code=form.cleaned_data["code"],
            )
        except OnsiteError as error:
            form.add_error("code", error.message)
            return self.form_invalid(form)
        values = {
            "name": arrival.participant.full_name,
            "time": _time_label(arrival.slot.starts_at),
        }
        if arrival.first_time:
            text = _("%(name)s — entretien de %(time)s : présent·e.") % values
        else:
            values["arrived"] = _time_label(arrival.booking.attended_at)
            text = _("%(name)s — entretien de %(time)s : déjà noté·e présent·e à %(arrived)s.")
            text %= values
        messages.success(self.request, text)
        return redirect(_day_url())

    def get_context_data(self, **kwargs):
        days = selectors.recruiter_day(organisations=self.organisations, event=self.event)
        return super().get_context_data(
            days=days,
            now=timezone.now(),
            has_slots=any(day.slots for day in days),
            outcome_choices=InterviewOutcome.choices,
            **kwargs,
        )


class RecruiterScheduleView(MemberRequiredMixin, TemplateView):
    """One A4 page per recruiter: their times and the people they meet."""

    template_name = "onsite/recruiter/schedule.html"

    def get_context_data(self, **kwargs):
        days = selectors.recruiter_day(organisations=self.organisations, event=self.event)
        return super().get_context_data(sheets=selectors.recruiter_sheets(days=days), **kwargs)


class InterviewNoteMixin(MemberRequiredMixin):
    """A note on one booking of the member's slots (POST only); back to the person on the
    day page, with what was noted or why not."""

    form_class: type[forms.Form]

    def post(self, request, *args, pk: int, **kwargs):
        bookings = selectors.member_interview_bookings(user=request.user, event=self.event)
        booking = get_object_or_404(bookings, pk=pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choisissez l’un des boutons proposés."))
            return redirect(_day_url(f"personne-{booking.pk}"))
        try:
            text = self.note(booking=booking, data=form.cleaned_data)
        except OnsiteError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, text)
        return redirect(_day_url(f"personne-{booking.pk}"))


class InterviewAttendanceView(InterviewNoteMixin, View):
    form_class = InterviewAttendanceForm

    def note(self, *, booking, data) -> str:
        present = data["present"]
        services.interview_attendance_note(booking=booking, present=present)
        values = {
            "name": booking.participant.full_name,
            "time": _time_label(booking.interview_slot.starts_at),
        }
        if present:
            return _("%(name)s — entretien de %(time)s : présent·e.") % values
        return _("%(name)s — entretien de %(time)s : absent·e.") % values


class InterviewOutcomeView(InterviewNoteMixin, View):
    form_class = InterviewOutcomeForm

    def note(self, *, booking, data) -> str:
        outcome = data["outcome"]
        services.interview_outcome_note(booking=booking, outcome=outcome)
        return _("%(name)s — entretien de %(time)s : « %(outcome)s ».") % {
            "name": booking.participant.full_name,
            "time": _time_label(booking.interview_slot.starts_at),
            "outcome": InterviewOutcome(outcome).label,
        }
