"""Forms of the exhibitor portal's interview sessions (``/exposants/entretiens/``).

They validate what the recruiter types and hand it to ``services.py`` as a ``SessionDetails``;
the rules (whole slots, bookings, locked times, whose offers) are the services'. A service's
refusal comes back next to the field it concerns (``add_service_error``).
"""

import datetime as dt

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Space
from exhibitors.forms import FORM_TEMPLATE, TimeInput
from exhibitors.models import JobOffer, Stand
from innov_insertion.errors import DomainError
from innov_insertion.web import validate_single_line

from . import services
from .models import InterviewSession

# The field a service's refusal is about (its ``code``); the others are form-wide.
ERROR_FIELDS = {
    "no_whole_slot": "end_time",
    "bad_slot_length": "slot_minutes",
    "no_recruiter": "recruiters",
    "capacity_below_seats": "recruiters",  # events.seats.SeatsError
    "offer_not_theirs": "job_offers",
    "space_elsewhere": "space",
    "times_locked": "start_time",
    "slot_overlaps": "start_time",
    "slot_outside_day": "start_time",
}


def add_service_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a service's refusal next to the field it concerns (form-wide when none)."""
    field = ERROR_FIELDS.get(error.code)
    form.add_error(field if field in form.fields else None, error.message)


def slot_summary(*, slots: int, minutes: int, recruiters: int) -> str:
    """ "6 créneaux de 20 minutes, 2 entretiens en même temps : 12 places"."""
    return gettext("%(slots)s, %(parallel)s : %(places)s") % {
        "slots": ngettext(
            "%(count)s créneau de %(minutes)s minutes",
            "%(count)s créneaux de %(minutes)s minutes",
            slots,
        )
        % {"count": slots, "minutes": minutes},
        "parallel": ngettext(
            "%(count)s entretien à la fois",
            "%(count)s entretiens en même temps",
            recruiters,
        )
        % {"count": recruiters},
        "places": ngettext("%(count)s place", "%(count)s places", slots * recruiters)
        % {"count": slots * recruiters},
    }


def _helper(form: forms.BaseForm) -> FormHelper:
    helper = FormHelper(form)
    helper.form_tag = False
    helper.template = FORM_TEMPLATE
    return helper


def _on_day(stand: Stand, value: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(stand.event.date, value))


class InterviewSessionForm(forms.ModelForm):
    """A session at one stand, on the edition's day: its times, how long one interview
    lasts, how many recruiters in parallel, the offers, the place and who may book."""

    start_time = forms.TimeField(label=_("Début"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Fin"), widget=TimeInput())

    class Meta:
        model = InterviewSession
        fields = [
            "title",
            "description",
            "slot_minutes",
            "recruiters",
            "job_offers",
            "space",
            "invitation_only",
        ]
        labels = {
            "title": _("Intitulé"),
            "description": _("Description"),
            "slot_minutes": _("Durée d’un entretien"),
            "recruiters": _("Recruteurs en parallèle"),
            "job_offers": _("Offres concernées"),
            "space": _("Lieu"),
            "invitation_only": _("Sur invitation"),
        }
        help_texts = {
            "description": _("Facultatif : le profil recherché, ce qu’il faut apporter."),
            "recruiters": _(
                "Combien d’entretiens ont lieu en même temps : autant de places par créneau."
            ),
            "job_offers": _("Vos offres publiées ; aucune cochée : candidatures spontanées."),
            "invitation_only": _(
                "Cochez si vous choisissez vous-même les candidats : la session ne paraît pas "
                "sur le site, seules les personnes que vous invitez peuvent réserver."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "slot_minutes": forms.RadioSelect,
            "recruiters": forms.NumberInput(attrs={"min": 1, "max": 20}),
            "job_offers": forms.CheckboxSelectMultiple,
        }

    field_order = [
        "title",
        "description",
        "start_time",
        "end_time",
        "slot_minutes",
        "recruiters",
        "job_offers",
        "space",
        "invitation_only",
    ]

    def __init__(self, *args, stand: Stand, **kwargs):
        super().__init__(*args, **kwargs)
        self.stand = stand
        self.fields["title"].validators.append(validate_single_line)
        offers = JobOffer.objects.filter(organisation=stand.organisation)
        if self.instance.pk:
            # An offer chosen earlier and withdrawn since stays checked, to be unticked.
            offers = offers.filter(is_published=True) | offers.filter(
                interview_sessions=self.instance
            )
        else:
            offers = offers.filter(is_published=True)
        self.fields["job_offers"].queryset = offers.distinct().order_by("title")
        self.fields["job_offers"].label_from_instance = lambda offer: offer.title
        space = self.fields["space"]
        space.queryset = Space.objects.filter(event=stand.event).order_by("floor", "name")
        space.empty_label = gettext("Sur le stand (n° %(number)s)") % {"number": stand.number}
        space.help_text = _("Sur le stand, ou dans une salle si vous en avez réservé une.")
        if self.instance.pk:
            self.initial.setdefault("start_time", timezone.localtime(self.instance.starts_at))
            self.initial.setdefault("end_time", timezone.localtime(self.instance.ends_at))
            for name in ("start_time", "end_time"):
                self.initial[name] = self.initial[name].time().replace(second=0, microsecond=0)
        if not self.fields["job_offers"].queryset.exists():
            self.fields["job_offers"].help_text = _(
                "Aucune offre publiée : la session sera pour des candidatures spontanées."
            )
        self.helper = _helper(self)
        self.helper.layout = Layout(
            "title",
            "description",
            Div(
                Div("start_time", css_class="col-6"),
                Div("end_time", css_class="col-6"),
                css_class="row",
            ),
            "slot_minutes",
            "recruiters",
            "job_offers",
            "space",
            "invitation_only",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("La fin doit suivre le début."))
        return cleaned

    def details(self) -> services.SessionDetails:
        data = self.cleaned_data
        return services.SessionDetails(
            title=data["title"],
            description=data["description"],
            starts_at=_on_day(self.stand, data["start_time"]),
            ends_at=_on_day(self.stand, data["end_time"]),
            slot_minutes=data["slot_minutes"],
            recruiters=data["recruiters"],
            space=data["space"],
            invitation_only=data["invitation_only"],
            is_published=self.instance.is_published if self.instance.pk else True,
            job_offers=tuple(data["job_offers"]),
        )

    def preview(self) -> dict | None:
        """What saving would make: the slots' times and the one-line summary; None, and
        the service's error on the end time, when not even one slot fits."""
        data = self.cleaned_data
        starts_at = _on_day(self.stand, data["start_time"])
        ends_at = _on_day(self.stand, data["end_time"])
        minutes = data["slot_minutes"]
        times = services.interview_slot_times(starts_at=starts_at, ends_at=ends_at, minutes=minutes)
        if not times:
            error = services.RecruitmentError(
                "no_whole_slot",
                start=formats.time_format(timezone.localtime(starts_at)),
                end=formats.time_format(timezone.localtime(ends_at)),
                minutes=minutes,
            )
            add_service_error(self, error)
            return None
        return {
            "times": times,
            "summary": slot_summary(
                slots=len(times), minutes=data["slot_minutes"], recruiters=data["recruiters"]
            ),
        }


class InterviewSlotAddForm(forms.Form):
    """One more slot in a session: its start; it lasts the session's slot length."""

    start_time = forms.TimeField(label=_("Heure de début"), widget=TimeInput())

    def __init__(self, *args, session: InterviewSession, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["start_time"].help_text = ngettext(
            "Le créneau dure %(count)s minute, comme les autres créneaux de la session.",
            "Le créneau dure %(count)s minutes, comme les autres créneaux de la session.",
            session.slot_minutes,
        ) % {"count": session.slot_minutes}
        self.helper = _helper(self)

    def starts_at(self) -> dt.datetime:
        return _on_day(self.session.stand, self.cleaned_data["start_time"])
