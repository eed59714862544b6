"""The registration form and the form that adds choices from a person's own page.

Forms validate what people type; every rule about seats, overlaps and the registration
window lives in ``services.py`` (the views call it and show its ``BookingError``).
"""

import re
from collections.abc import Callable, Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event
from exhibitors.models import Stand
from innov_insertion.web import validate_single_line

from . import selectors, services
from .enums import HeardFrom, Situation
from .models import Booking

FORM_TEMPLATE = "participants/fields/_form.html"
CHOICES_TEMPLATE = "participants/fields/_bookable_choices.html"
PHONE_CHARACTERS = re.compile(r"^\+?[0-9 .\-()]+$")
PHONE_DIGITS = (10, 15)
ID_SHAPE = re.compile(r"^[0-9]{1,18}$")

CHOICE_ERRORS = {
    # Tampered, unknown or no longer offered ids: one plain message, never the value sent.
    "invalid_choice": _("Sélectionnez un choix valide : ce choix n’est pas ou plus proposé."),
    "invalid_pk_value": _("Sélectionnez un choix valide : ce choix n’est pas ou plus proposé."),
}


def validate_phone(value: str) -> None:
    """French and international numbers, written loosely: 06 12 34 56 78, +33 6 12…"""
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value) or not (PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]):
        raise ValidationError(
            _("Indiquez un numéro de téléphone, par exemple 06 12 34 56 78."), code="phone"
        )


class TelInput(forms.TextInput):
    input_type = "tel"


def _time_range(target) -> str:
    if target.starts_at is None:
        return ""
    start = formats.time_format(timezone.localtime(target.starts_at))
    end = formats.time_format(timezone.localtime(target.ends_at))
    return f"{start} – {end}"


def _activity_label(activity) -> str:
    stand = activity.stand
    return _("%(title)s — %(organisation)s, stand %(number)s (%(floor)s)") % {
        "title": activity.title,
        "organisation": stand.organisation.name,
        "number": stand.number,
        "floor": stand.get_floor_display(),
    }


class BookableBoundField(BoundField):
    """Gives the template the options in groups (a time slot, a stand), with their object."""

    @property
    def groups(self) -> list[tuple[str, list]]:
        """[(heading, [(subwidget, target), …]), …] in the order headings first appear."""
        groups: dict[str, list] = {}
        group_by = self.field.group_by
        for widget in self.subwidgets:
            target = widget.data["value"].instance
            groups.setdefault(group_by(target) if group_by else "", []).append((widget, target))
        return list(groups.items())

    @property
    def first_id(self) -> str:
        return f"{self.auto_id}_0"


class BookableChoiceField(forms.ModelMultipleChoiceField):
    """Workshops, conference or stand activities, as checkboxes grouped by ``group_by``."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, group_by: Callable | None = None, **kwargs):
        super().__init__(
            queryset=kwargs.pop("queryset", None),
            required=False,
            error_messages=CHOICE_ERRORS,
            **kwargs,
        )
        self.group_by = group_by

    def clean(self, value):
        # Ids are checked for shape first: a number too big for the database would
        # otherwise fail in the query (SQLite) rather than as a form error.
        for pk in value or ():
            if not ID_SHAPE.match(str(pk).strip()):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        if not value:
            return []  # nothing chosen: no query to build
        return super().clean(value)

    def get_bound_field(self, form, field_name):
        return BookableBoundField(form, self, field_name)


def _legend(text) -> str:
    return format_html('<h2 class="form-section__title">{}</h2>', text)


class BookableChoicesForm(forms.Form):
    """The three kinds of things with limited seats a person can choose."""

    workshops = BookableChoiceField(
        label=_("Les ateliers"),
        group_by=_time_range,
        help_text=_(
            "Places limitées. Quand un atelier est complet, vous êtes inscrit·e sur sa liste "
            "d’attente et prévenu·e par courriel si une place se libère."
        ),
    )
    conference = BookableChoiceField(label=_("La conférence"))
    activities = BookableChoiceField(
        label=_("Les activités sur les stands"), group_by=_activity_label
    )

    def __init__(self, *args, event: Event, held: Iterable[Booking] = (), **kwargs):
        super().__init__(*args, **kwargs)
        held = list(held)
        querysets = {
            "workshops": (selectors.bookable_workshops(event=event), "workshop_id"),
            "conference": (selectors.bookable_timetable_items(event=event), "timetable_item_id"),
            "activities": (selectors.bookable_stand_activities(event=event), "stand_activity_id"),
        }
        for name, (queryset, held_field) in querysets.items():
            held_ids = [getattr(b, held_field) for b in held if getattr(b, held_field)]
            self.fields[name].queryset = queryset.exclude(pk__in=held_ids) if held_ids else queryset

    @cached_property
    def helper(self) -> FormHelper:
        """How crispy-forms lays the form out: built when the form is shown, not for a
        valid post that is only checked."""
        helper = FormHelper()
        helper.form_tag = False
        helper.template = FORM_TEMPLATE
        helper.layout = self.layout()
        return helper

    def layout(self) -> Layout:
        return Layout(*self.choice_fields())

    def choice_fields(self) -> list:
        return [
            Field("workshops", template=CHOICES_TEMPLATE),
            Field("conference", template=CHOICES_TEMPLATE),
            Field("activities", template=CHOICES_TEMPLATE),
        ]

    def targets(self) -> list:
        """Everything chosen, for the booking services."""
        data = self.cleaned_data
        return [*data["workshops"], *data["conference"], *data["activities"]]

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) for each error; the anchor is "" for a form-wide one."""
        summary = [("", "", error) for error in self.non_field_errors()]
        for field in self:  # in the order of the page
            errors = field.errors
            anchor = field.first_id if isinstance(field, BookableBoundField) else field.auto_id
            if isinstance(field.field.widget, forms.RadioSelect):
                anchor = f"{field.auto_id}_0"
            summary += [(anchor, field.label, error) for error in errors]
        return summary


class BookingAddForm(BookableChoicesForm):
    """On a person's own page: add what they do not hold yet."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.targets():
            raise ValidationError(_("Cochez au moins un atelier, la conférence ou une activité."))
        return cleaned


def require_email_or_phone(form: forms.Form, message: str) -> None:
    """A person must be reachable: the error goes next to both fields."""
    if form.cleaned_data.get("email") or form.cleaned_data.get("phone"):
        return
    for name in ("email", "phone"):
        if name not in form.errors:
            form.add_error(name, message)


class RegistrationForm(BookableChoicesForm):
    """Everything a person (or their advisor) gives to register for the day."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Courriel"),
        required=False,
        max_length=254,
        help_text=_("Pour recevoir votre billet et votre lien personnel. Exemple : nom@exemple.fr"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        validators=[validate_phone],
        help_text=_("Courriel ou téléphone : indiquez au moins l’un des deux."),
        widget=TelInput(attrs={"autocomplete": "tel"}),
    )
    town = forms.CharField(
        label=_("Commune ou code postal"),
        required=False,
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    situation = forms.ChoiceField(
        label=_("Votre situation"),
        required=False,
        choices=[*Situation.choices, ("", _("Je préfère ne pas répondre"))],
        widget=forms.RadioSelect,
        help_text=_(
            "Facultatif. Cela nous aide à savoir si la journée touche celles et ceux à qui elle "
            "s’adresse en priorité. Seuls les agents habilités de la CUCM le voient, jamais "
            "les exposants."
        ),
    )
    heard_from = forms.ChoiceField(
        label=_("Comment avez-vous connu la journée ?"),
        required=False,
        choices=[("", _("— Choisir (facultatif) —")), *HeardFrom.choices],
    )
    access_needs = forms.CharField(
        label=_("Besoins pour vous accueillir"),
        required=False,
        max_length=1000,
        help_text=_("Facultatif. Ex. : fauteuil roulant, interprète LSF, boucle magnétique…"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    on_behalf = forms.BooleanField(
        label=_("J’inscris une autre personne (je suis son conseiller ou sa conseillère)"),
        required=False,
    )
    referrer_name = forms.CharField(
        label=_("Vos prénom et nom"),
        required=False,
        max_length=150,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "section-conseil name"}),
    )
    referrer_organisation = forms.CharField(
        label=_("Votre structure"),
        required=False,
        max_length=150,
        validators=[validate_single_line],
        help_text=_("Ex. : France Travail, mission locale, référent RSA du Département."),
        widget=forms.TextInput(attrs={"autocomplete": "section-conseil organization"}),
    )
    referrer_email = forms.EmailField(
        label=_("Votre courriel"),
        required=False,
        max_length=254,
        help_text=_("Vous recevrez une copie de la confirmation."),
        widget=forms.EmailInput(
            attrs={"autocomplete": "section-conseil email", "spellcheck": "false"}
        ),
    )
    referrer_consent = forms.BooleanField(
        label=_("La personne est d’accord pour que je l’inscrive"), required=False
    )
    privacy_consent = forms.BooleanField(
        label=_("J’accepte que la CUCM garde ces informations pour organiser ma venue"),
        error_messages={
            "required": _("Cochez cette case pour vous inscrire : nous en avons besoin pour "
                          "garder votre place.")
        },
    )  # fmt: skip
    accepts_stand_contacts = forms.BooleanField(
        label=_(
            "J’accepte que les exposants que je rencontre gardent mon contact en scannant "
            "mon billet"
        ),
        required=False,
        help_text=_("Facultatif. Vous pourrez toujours refuser sur place."),
    )
    # Honeypot: hidden from people and assistive technologies; robots fill it in.
    website = forms.CharField(
        label=_("Site web"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    REFERRER_FIELDS = ("referrer_name", "referrer_organisation", "referrer_email")
    field_order = [
        "first_name", "last_name", "email", "phone", "town", "situation", "heard_from",
        "access_needs", "on_behalf", *REFERRER_FIELDS, "referrer_consent",
        "workshops", "conference", "activities", "accepts_stand_contacts", "privacy_consent",
        "website",
    ]  # fmt: skip

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            '{} <a href="{}">{}</a>',
            _("Vos données sont effacées quelques semaines après la journée."),
            reverse("events:privacy"),
            _("Lire comment nous protégeons vos données personnelles"),
        )

    def layout(self) -> Layout:
        return Layout(
            Fieldset(
                _legend(_("Vous")),
                HTML(
                    format_html(
                        '<p class="form-section__intro">{}</p>',
                        _(
                            "Conseiller ou conseillère ? Indiquez ici les coordonnées de la "
                            "personne ; les vôtres se remplissent plus bas."
                        ),
                    )
                ),  # fmt: skip
                Div(
                    Div("first_name", css_class="col-12 col-sm-6"),
                    Div("last_name", css_class="col-12 col-sm-6"),
                    css_class="row",
                ),
                "email",
                "phone",
                "town",
                "situation",
                "heard_from",
                "access_needs",
                css_class="form-section",
            ),
            Fieldset(
                _legend(_("Vous inscrivez quelqu’un d’autre ?")),
                "on_behalf",
                Div(
                    *self.REFERRER_FIELDS,
                    "referrer_consent",
                    css_id="referrer-fields",
                    css_class="referrer-fields",
                ),
                css_class="form-section",
            ),
            Fieldset(_legend(_("Vos choix")), *self.choice_fields(), css_class="form-section"),
            Fieldset(
                _legend(_("Vos données")),
                "accepts_stand_contacts",
                "privacy_consent",
                css_class="form-section",
            ),
            Div(Field("website"), css_class="form-extra", aria_hidden="true"),
        )

    @property
    def honeypot_filled(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())

    @property
    def is_on_behalf(self) -> bool:
        """Checked, or advisor details typed (without JS every field shows)."""
        data = self.cleaned_data
        return data.get("on_behalf") or any(data.get(name) for name in self.REFERRER_FIELDS)

    def clean(self):
        cleaned = super().clean()
        require_email_or_phone(
            self,
            _("Indiquez un courriel ou un téléphone, pour que nous puissions vous joindre."),
        )
        if self.is_on_behalf:
            for name in self.REFERRER_FIELDS:
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(name, _("Vous inscrivez quelqu’un : ce champ est nécessaire."))
            if not cleaned.get("referrer_consent"):
                self.add_error(
                    "referrer_consent",
                    _("Cochez cette case : la personne doit être d’accord pour être inscrite."),
                )
        return cleaned

    def person(self) -> services.PersonDetails:
        data = self.cleaned_data
        on_behalf = self.is_on_behalf
        return services.PersonDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            town=data["town"],
            situation=data["situation"],
            heard_from=data["heard_from"],
            access_needs=data["access_needs"],
            **{name: data[name] if on_behalf else "" for name in self.REFERRER_FIELDS},
        )


# --- The reception desk and the workshop doors ---------------------------------------------


class TicketCodeForm(forms.Form):
    """The code under the ticket's QR code, scanned by the page or typed by staff."""

    code = forms.CharField(
        label=_("Code du billet"),
        max_length=40,
        validators=[validate_single_line],
        help_text=_("Les caractères sous le QR code, par exemple K7Q2M9XAPB."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.template = FORM_TEMPLATE


class ParticipantSearchForm(forms.Form):
    """Find a person by name when they have no ticket with them."""

    q = forms.CharField(
        label=_("Nom ou prénom"),
        min_length=2,
        max_length=100,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.template = FORM_TEMPLATE

    def words(self) -> list[str]:
        return self.cleaned_data["q"].split()[:4]


class WalkInForm(BookableChoicesForm):
    """Someone who just walked in, registered by staff at the desk: the short version."""

    first_name = RegistrationForm.base_fields["first_name"]
    last_name = RegistrationForm.base_fields["last_name"]
    email = forms.EmailField(
        label=_("Courriel"),
        required=False,
        max_length=254,
        help_text=_("Pour lui envoyer son billet et son lien personnel."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        validators=[validate_phone],
        help_text=_("Courriel ou téléphone : au moins l’un des deux."),
        widget=TelInput(attrs={"autocomplete": "off"}),
    )
    accepts_stand_contacts = forms.BooleanField(
        label=_(
            "La personne accepte que les exposants qu’elle rencontre gardent son contact en "
            "scannant son billet"
        ),
        required=False,
    )
    privacy_consent = forms.BooleanField(
        label=_(
            "La personne a lu ou entendu la notice et accepte que la CUCM garde ces "
            "informations pour organiser sa venue"
        ),
        error_messages={
            "required": _("Cochez cette case après avoir demandé son accord à la personne.")
        },
    )

    field_order = [
        "first_name", "last_name", "email", "phone",
        "workshops", "conference", "activities", "accepts_stand_contacts", "privacy_consent",
    ]  # fmt: skip

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("events:privacy"),
            _("La notice sur les données personnelles"),
        )

    def layout(self) -> Layout:
        return Layout(
            Fieldset(
                _legend(_("La personne")),
                Div(
                    Div("first_name", css_class="col-12 col-sm-6"),
                    Div("last_name", css_class="col-12 col-sm-6"),
                    css_class="row",
                ),
                "email",
                "phone",
                css_class="form-section",
            ),
            Fieldset(_legend(_("Ses choix")), *self.choice_fields(), css_class="form-section"),
            Fieldset(
                _legend(_("Ses données")),
                "accepts_stand_contacts",
                "privacy_consent",
                css_class="form-section",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        require_email_or_phone(self, _("Indiquez un courriel ou un téléphone."))
        return cleaned

    def person(self) -> services.PersonDetails:
        data = self.cleaned_data
        return services.PersonDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
        )


class StandContactForm(forms.Form):
    """An exhibitor notes a visitor met at the stand: the code under the ticket's QR code
    (typed or scanned), and a note."""

    stand = forms.ModelChoiceField(
        label=_("Stand"), queryset=Stand.objects.none(), empty_label=None
    )
    ticket_code = forms.CharField(
        label=_("Code du billet"),
        max_length=40,
        help_text=_("Les dix caractères écrits sous le QR code du billet."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "data-scanner-code": "",
            }
        ),
    )
    note = forms.CharField(
        label=_("Note (facultatif)"),
        max_length=500,
        required=False,
        help_text=_("Ex. : intéressé·e par le poste de soudeur, rappeler lundi."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, stands: QuerySet[Stand], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stand"].queryset = stands
        self.only_stand = stands[0] if len(stands) == 1 else None
        if self.only_stand is not None:
            del self.fields["stand"]  # nothing to choose
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.add_input(Submit("record", _("Noter le contact")))

    def clean(self):
        cleaned_data = super().clean()
        if self.only_stand is not None:
            cleaned_data["stand"] = self.only_stand
        return cleaned_data
