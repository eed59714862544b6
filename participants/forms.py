"""The registration form and the form that adds choices from a person's own page.

Forms validate what people type; every rule about seats, overlaps and the registration
window lives in ``services.py`` (the views call it and show its ``BookingError``).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import Event
from innov_insertion.phones import MESSAGES as PHONE_MESSAGES
from innov_insertion.phones import phone_display, phone_normalize, phone_receives_texts
from innov_insertion.web import HoneypotFormMixin, form_section_legend, validate_single_line

from . import selectors, services
from .bookables import BOOKABLE_KINDS, BookableKind, kind_of
from .enums import AccessNeedKind, HeardFrom, Situation
from .models import Booking

FORM_TEMPLATE = "participants/fields/_form.html"
CHOICES_TEMPLATE = "participants/fields/_bookable_choices.html"
ID_SHAPE = re.compile(r"^[0-9]{1,18}$")

CHOICE_ERRORS = {
    # Tampered, unknown or no longer offered ids: one plain message, never the value sent.
    "invalid_choice": _("Sélectionnez un choix valide : ce choix n’est pas ou plus proposé."),
    "invalid_pk_value": _("Sélectionnez un choix valide : ce choix n’est pas ou plus proposé."),
}


class TelInput(forms.TextInput):
    input_type = "tel"


class PhoneField(forms.CharField):
    """A phone number written loosely (06 12 34 56 78, +44 7911 123456), cleaned to E.164."""

    def clean(self, value):
        value = super().clean(value)
        return phone_normalize(value) if value else value


@dataclass(frozen=True)
class ChoiceMark:
    """Why one choice of a list is marked (fields/_bookable_choices.html). ``error_id``: the
    id of the error text it is part of (the choice is then invalid), "" when it is only
    noted. ``same_time_as``: the other choice at the same time, named in a note beside it
    ("Même horaire que « … »", ``held``: "…, que vous avez déjà")."""

    error_id: str = ""
    same_time_as: object = None
    held: bool = False


class BookableBoundField(BoundField):
    """Gives the template the options in groups (a time slot, a stand), with their object
    and their mark (an error, a clash with a choice held), if any."""

    @property
    def groups(self) -> list[tuple[str, list]]:
        """[(heading, [(subwidget, target, mark or None), …]), …] in the order headings
        first appear."""
        options = [(widget, widget.data["value"].instance) for widget in self.subwidgets]
        flagged = self.form.flagged_choices.get(self.name, {})
        held = self.form.held_targets
        targets = [target for _widget, target in options]
        clashes = services.overlaps_held(targets=targets, held=held)
        groups: dict[str, list] = {}
        group_by = self.field.group_by
        for widget, target in options:
            mark = flagged.get(target.pk)
            if mark is None and target in clashes:
                mark = ChoiceMark(same_time_as=clashes[target], held=True)
            heading = group_by(target) if group_by else ""
            groups.setdefault(heading, []).append((widget, target, mark))
        return list(groups.items())

    @property
    def has_flagged_choices(self) -> bool:
        """Whether the list's error is about some of its choices (only those are marked)."""
        return bool(self.form.flagged_choices.get(self.name))

    @property
    def id_for_label(self) -> str:
        """The first choice marked in error (the error summary links to it); else none, as
        for any list of checkboxes (the summary then links to the first choice)."""
        flagged = self.form.flagged_choices.get(self.name)
        if flagged:
            for widget in self.subwidgets:
                if widget.data["value"].instance.pk in flagged:
                    return widget.id_for_label
        return super().id_for_label


class BookableChoiceField(forms.ModelMultipleChoiceField):
    """Workshops, conference or stand activities, as checkboxes grouped by ``group_by``."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, kind: BookableKind, queryset: QuerySet):
        super().__init__(
            queryset=queryset,
            required=False,
            error_messages=CHOICE_ERRORS,
            label=kind.form_label,
            help_text=kind.form_help,
        )
        self.kind = kind
        self.group_by = kind.form_group

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


CHOICE_FIELDS = [kind.form_field for kind in BOOKABLE_KINDS]


class BookableChoicesForm(forms.Form):
    """What a person can book, one list of checkboxes per bookable kind (``bookables.py``):
    the workshops, the conference, the stand activities."""

    # Whether the person reading the form holds the bookings its notes speak of ("…, que vous
    # avez déjà"); staff forms say "…, que la personne a déjà".
    holder_reads_it = True

    def __init__(self, *args, event: Event, held: Iterable[Booking] = (), **kwargs):
        super().__init__(*args, **kwargs)
        held = list(held)
        # What the person holds (their targets already fetched): choices at the same time
        # are marked in the lists. The marks depend on the held ids only (fragment_key).
        self.held_targets = [booking.target for booking in held]
        # {field name: {choice id: ChoiceMark}}: the choices a refusal is about.
        self.flagged_choices: dict[str, dict[int, ChoiceMark]] = {}
        for kind in BOOKABLE_KINDS:
            queryset = kind.bookable_in(event)
            held_ids = [getattr(b, f"{kind.field}_id") for b in held if b.kind == kind]
            if held_ids:
                queryset = queryset.exclude(pk__in=held_ids)
            self.fields[kind.form_field] = BookableChoiceField(kind=kind, queryset=queryset)
        self.order_fields(self.field_order)

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
        return [Field(name, template=CHOICES_TEMPLATE) for name in CHOICE_FIELDS]

    @classmethod
    def fragment_key(cls, *, event: Event, held: Iterable[Booking] = (), initial=None) -> str:
        """What the form's HTML, as first shown, depends on besides the public content
        (``{% fragment %}`` keeps it per content version and language, seats left included):
        the edition, the choices ticked at first (``?atelier=``), those the person holds.
        The views build the form only when the fragment must be rendered."""
        held_ids = sorted((b.kind.field, getattr(b, f"{b.kind.field}_id")) for b in held)
        ticked = sorted((name, sorted(map(str, ids))) for name, ids in (initial or {}).items())
        return f"{cls.__name__}:{event.pk}:{ticked}:{held_ids}"

    def targets(self) -> list:
        """Everything chosen, for the booking services."""
        return [target for name in CHOICE_FIELDS for target in self.cleaned_data[name]]

    def booking_error_add(self, error: services.BookingError) -> bool:
        """Show a refusal of the services by the choices it is about: its message once,
        in the first list holding one of them (the summary links to that choice); each of
        them marked invalid, tied to that message, with a note when it clashes with another
        (ticked or held). False when it is about none of the choices ticked: the caller
        shows it otherwise (form-wide)."""
        chosen = {}
        for target in error.targets:
            name = kind_of(target).form_field
            if target.pk in {t.pk for t in self.cleaned_data.get(name) or ()}:
                chosen[target] = name
        if not chosen:
            return False
        first_field = min(chosen.values(), key=CHOICE_FIELDS.index)  # first on the page
        error_id = f"{self[first_field].auto_id}_error"
        for target, name in chosen.items():
            other = next((t for t in error.targets if t != target), None)
            marks = self.flagged_choices.setdefault(name, {})
            marks[target.pk] = ChoiceMark(
                error_id=error_id,
                same_time_as=other,
                held=other is not None and other not in chosen,
            )
        self.add_error(first_field, error.message)
        return True


class BookingAddForm(BookableChoicesForm):
    """On a person's own page: add what they do not hold yet."""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.targets():
            raise ValidationError(
                _("Cochez au moins un atelier, la conférence, une activité ou un entretien.")
            )
        return cleaned


def email_field(*, help_text, autocomplete: str) -> forms.EmailField:
    """How a person is reached by email, optional (the phone may do instead).
    ``autocomplete="off"`` when staff type someone else's."""
    return forms.EmailField(
        label=_("Courriel"),
        required=False,
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


def phone_field(*, help_text, autocomplete: str) -> PhoneField:
    """How a person is reached by phone, optional (the email may do instead); E.164."""
    return PhoneField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        help_text=help_text,
        widget=TelInput(attrs={"autocomplete": autocomplete}),
    )


def require_email_or_phone(form: forms.Form, message: str) -> None:
    """A person must be reachable: one error (counted once in the summary), written under
    the email and pointed to from the phone, both fields marked invalid. Nothing more when
    one of them already has its own error (the person did give one)."""
    if form.cleaned_data.get("email") or form.cleaned_data.get("phone"):
        return
    if "email" in form.errors or "phone" in form.errors:
        return
    form.add_error("email", message)
    phone = form["phone"]
    described_by = f"{phone.auto_id}_helptext " if phone.help_text else ""
    form.fields["phone"].widget.attrs.update(
        {
            "aria-invalid": "true",
            "aria-describedby": f"{described_by}{form['email'].auto_id}_error",
            "class": "is-invalid",
        }
    )


class RegistrationForm(HoneypotFormMixin, BookableChoicesForm):
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
    email = email_field(
        help_text=_("Pour recevoir votre billet et votre lien personnel. Exemple : nom@exemple.fr"),
        autocomplete="email",
    )
    phone = phone_field(
        help_text=_(
            "Courriel ou téléphone : indiquez au moins l’un des deux. Sans courriel (ou si vous "
            "préférez les SMS), nous vous envoyons par SMS : la confirmation avec votre lien "
            "personnel et votre code de billet, une place libérée sur liste d’attente, un rappel "
            "la veille, une annulation. Rien d’autre. Exemple : 06 12 34 56 78"
        ),
        autocomplete="tel",
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
    prefers_text_messages = forms.BooleanField(
        label=_("Je préfère recevoir les messages par SMS"),
        required=False,
        help_text=_("Si vous donnez un courriel et un téléphone."),
    )
    access_needs = forms.MultipleChoiceField(
        label=_("Besoins pour vous accueillir"),
        required=False,
        choices=AccessNeedKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Facultatif. L’équipe prépare votre venue : seuls l’accueil et les organisateurs "
            "de la CUCM le voient."
        ),
    )
    access_needs_other = forms.CharField(
        label=_("Autre besoin (précisez)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
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
        help_text=_(
            "Si la personne est d’accord (case plus bas), vous recevrez une copie de ses messages."
        ),
        widget=forms.EmailInput(
            attrs={"autocomplete": "section-conseil email", "spellcheck": "false"}
        ),
    )
    referrer_consent = forms.BooleanField(
        label=_("La personne est d’accord pour que je l’inscrive"), required=False
    )
    referrer_receives_copies = forms.BooleanField(
        label=_("La personne est d’accord pour que je reçoive une copie de ses messages"),
        required=False,
        help_text=_(
            "Confirmation, rappel, place libérée, annulation : par courriel. La personne n’a ni "
            "courriel ni téléphone ? Cochez cette case : vous recevrez ses messages pour elle."
        ),
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

    REFERRER_FIELDS = ("referrer_name", "referrer_organisation", "referrer_email")
    field_order = [
        "on_behalf", *REFERRER_FIELDS, "referrer_consent", "referrer_receives_copies",
        "first_name", "last_name", "email", "phone", "prefers_text_messages", "town",
        "situation", "heard_from", "access_needs", "access_needs_other",
        *CHOICE_FIELDS, "accepts_stand_contacts", "privacy_consent",
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
                form_section_legend(_("Vous inscrivez quelqu’un d’autre ?")),
                "on_behalf",
                Div(
                    HTML(
                        format_html(
                            '<p class="form-section__intro">{}</p>',
                            _(
                                "Si vous inscrivez quelqu’un, les champs marqués d’un "
                                "astérisque (*) ci-dessous sont obligatoires."
                            ),
                        )
                    ),
                    # Required only on behalf: marked by the wrapper (theme.css), not by
                    # ``required`` (they stay optional for a person registering themselves).
                    *(
                        Field(name, wrapper_class="required-on-behalf")
                        for name in (*self.REFERRER_FIELDS, "referrer_consent")
                    ),
                    "referrer_receives_copies",
                    css_id="referrer-fields",
                    css_class="referrer-fields",
                ),
                css_class="form-section",
            ),
            Fieldset(
                form_section_legend(_("Vous")),
                HTML(
                    format_html(
                        '<p class="form-section__intro">{}</p>',
                        _(
                            "Conseiller ou conseillère ? Indiquez ici les coordonnées de la "
                            "personne que vous inscrivez, pas les vôtres."
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
                "prefers_text_messages",
                "town",
                "situation",
                "heard_from",
                css_class="form-section",
            ),
            Fieldset(
                form_section_legend(_("Pour vous accueillir")),
                "access_needs",
                "access_needs_other",
                css_class="form-section",
            ),
            Fieldset(
                form_section_legend(_("Vos choix")), *self.choice_fields(), css_class="form-section"
            ),
            Fieldset(
                form_section_legend(_("Vos données")),
                "accepts_stand_contacts",
                "privacy_consent",
                css_class="form-section",
            ),
            self.honeypot_layout(),
        )

    @property
    def is_on_behalf(self) -> bool:
        """Checked, or advisor details typed (without JS every field shows)."""
        data = self.cleaned_data
        return data.get("on_behalf") or any(data.get(name) for name in self.REFERRER_FIELDS)

    def clean_phone(self):
        """A landline given as the only way to reach the person cannot take the texts."""
        phone = self.cleaned_data["phone"]
        reached_otherwise = self.cleaned_data.get("email") or self.cleaned_data.get(
            "referrer_email"
        )
        if phone and not reached_otherwise and not phone_receives_texts(phone):
            raise ValidationError(PHONE_MESSAGES["no_texts"], code="no_texts")
        return phone

    def clean(self):
        cleaned = super().clean()
        self.advisor_email_dropped = False
        if not self.is_on_behalf:
            require_email_or_phone(
                self,
                _("Indiquez un courriel ou un téléphone, pour que nous puissions vous joindre."),
            )
            return cleaned
        for name in self.REFERRER_FIELDS:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, _("Vous inscrivez quelqu’un : ce champ est nécessaire."))
        if not cleaned.get("referrer_consent"):
            self.add_error(
                "referrer_consent",
                _("Cochez cette case : la personne doit être d’accord pour être inscrite."),
            )
        # The advisor's own address typed for the person is not the person's: not kept.
        email = cleaned.get("email")
        if email and not services.registration_email(
            email=email, referrer_email=cleaned.get("referrer_email") or ""
        ):
            cleaned["email"] = ""
            self.advisor_email_dropped = True
        # Someone receives the messages: the person (email, phone), or the advisor for them.
        if not (cleaned.get("referrer_email") and cleaned.get("referrer_receives_copies")):
            require_email_or_phone(
                self,
                _(
                    "Indiquez le courriel ou le téléphone de la personne (pas les vôtres), ou "
                    "cochez plus haut « La personne est d’accord pour que je reçoive une copie "
                    "de ses messages » : vous les recevrez pour elle."
                ),
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
            access_needs_other=data["access_needs_other"],
            access_needs=tuple(data["access_needs"]),
            prefers_text_messages=data["prefers_text_messages"],
            language=get_language() or settings.LANGUAGE_CODE,
            **{name: data[name] if on_behalf else "" for name in self.REFERRER_FIELDS},
            referrer_receives_copies=on_behalf and data["referrer_receives_copies"],
        )


class AccessNeedsForm(forms.Form):
    """On a person's own page: the needs ticked at registration, to change."""

    # The message of the view that changes them carries it: back on the personal page,
    # the folded section is shown open (``_access_needs.html``).
    message_tag = "access-needs"

    access_needs = RegistrationForm.base_fields["access_needs"]
    access_needs_other = RegistrationForm.base_fields["access_needs_other"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.template = FORM_TEMPLATE

    @property
    def fragment_key(self) -> str | None:
        """The key ``{% fragment %}`` keeps this form's HTML under, as first shown: only the
        needs ticked (a bounded set), so only when the person wrote no other need (what
        someone types is never part of a key, nor kept in the shared cache); None once
        posted (errors, typed values) or with a text."""
        if self.is_bound or self.initial.get("access_needs_other"):
            return None
        return f"{type(self).__name__}:{sorted(self.initial.get('access_needs', []))}"

    def declared(self) -> list[str]:
        """The needs recorded (not what was just typed), as the person reads them."""
        kinds = set(self.initial.get("access_needs") or ())
        return [label for value, label in AccessNeedKind.choices if value in kinds]

    @classmethod
    def initial_for(cls, participant) -> dict:
        """What the person declared so far (one query)."""
        return {
            "access_needs": selectors.access_need_kinds(participant=participant),
            "access_needs_other": participant.access_needs_other,
        }


class ContactDetailsForm(forms.Form):
    """On a person's own page: their name, how to reach them, their town, and the
    stand-contact consent. A new email or phone waits for its confirmation (services)."""

    # The messages of the views that change the details carry it: back on the personal
    # page, the folded section is shown open (``_contact_details.html``).
    message_tag = "contact-details"

    first_name = RegistrationForm.base_fields["first_name"]
    last_name = RegistrationForm.base_fields["last_name"]
    email = email_field(
        help_text=_(
            "Une nouvelle adresse reçoit d’abord un lien : elle remplace l’ancienne quand vous "
            "l’ouvrez."
        ),
        autocomplete="email",
    )
    phone = phone_field(
        help_text=_(
            "Un nouveau numéro reçoit d’abord un code par SMS : il remplace l’ancien quand vous "
            "tapez ce code ici. Exemple : 06 12 34 56 78"
        ),
        autocomplete="tel",
    )
    town = RegistrationForm.base_fields["town"]
    accepts_stand_contacts = RegistrationForm.base_fields["accepts_stand_contacts"]

    def __init__(self, *args, contact_required: bool = True, **kwargs):
        """``contact_required`` False: the person gave neither email nor phone (an advisor
        registered them and receives their messages): they may still leave both empty."""
        super().__init__(*args, **kwargs)
        self.contact_required = contact_required
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.template = FORM_TEMPLATE

    def clean(self):
        cleaned = super().clean()
        if self.contact_required:
            require_email_or_phone(
                self,
                _(
                    "Indiquez au moins un courriel ou un téléphone : nous devons pouvoir vous "
                    "joindre."
                ),
            )
        return cleaned

    @classmethod
    def for_participant(cls, participant, *args, **kwargs) -> "ContactDetailsForm":
        """The form for this person: their details as they are (no query)."""
        initial = {name: getattr(participant, name) for name in cls.base_fields}
        return cls(
            *args,
            initial={**initial, "phone": phone_display(participant.phone or "")},
            contact_required=bool(participant.email or participant.phone),
            **kwargs,
        )


class PhoneCodeForm(forms.Form):
    """The code texted to a new number, and that number (signed: the page stores nothing)."""

    code = forms.CharField(
        label=_("Code reçu par SMS"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        help_text=_("Six chiffres, valables 10 minutes."),
    )
    signed_phone = forms.CharField(widget=forms.HiddenInput, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.template = FORM_TEMPLATE
