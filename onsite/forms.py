"""The forms of the day: a ticket code (scanned or typed), a name to look up, a walk-in's
registration at the desk, and a contact noted at a stand.

Forms validate what people type; the rules live in ``services.py`` (and, for registering
and seats, in ``participants.services``).
"""

from collections.abc import Iterable

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.models import Event
from exhibitors.models import Stand
from innov_insertion.web import form_section_legend, validate_single_line
from participants import services as registration
from participants.forms import (
    CHOICE_FIELDS,
    CHOICES_TEMPLATE,
    FORM_TEMPLATE,
    BookableChoicesForm,
    BookingAddForm,
    RegistrationForm,
    email_field,
    phone_field,
    require_email_or_phone,
)
from participants.models import Booking


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
    email = email_field(
        help_text=_("Pour lui envoyer son billet et son lien personnel."), autocomplete="off"
    )
    phone = phone_field(
        help_text=_("Courriel ou téléphone : au moins l’un des deux."), autocomplete="off"
    )
    access_needs = RegistrationForm.base_fields["access_needs"]
    access_needs_other = RegistrationForm.base_fields["access_needs_other"]
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

    # Sent again from the page that recognised a registered person by their phone, when
    # staff say the number is someone else's (a relative's, say): register this one.
    another_person = forms.BooleanField(required=False, widget=forms.HiddenInput)

    field_order = [
        "first_name", "last_name", "email", "phone", "access_needs", "access_needs_other",
        *CHOICE_FIELDS, "accepts_stand_contacts", "privacy_consent",
    ]  # fmt: skip

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        self.fields["privacy_consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("events:privacy"),
            _("La notice sur les données personnelles"),
        )
        self.fields["access_needs"].label = _("Ses besoins pour l’accueillir")
        self.fields["access_needs"].help_text = _(
            "Facultatif. Montrés à l’accueil et aux portes des ateliers."
        )

    def layout(self) -> Layout:
        return Layout(
            Fieldset(
                form_section_legend(_("La personne")),
                Div(
                    Div("first_name", css_class="col-12 col-sm-6"),
                    Div("last_name", css_class="col-12 col-sm-6"),
                    css_class="row",
                ),
                "email",
                "phone",
                css_class="form-section",
            ),
            Fieldset(
                form_section_legend(_("Pour l’accueillir")),
                "access_needs",
                "access_needs_other",
                css_class="form-section",
            ),
            Fieldset(
                form_section_legend(_("Ses choix")), *self.choice_fields(), css_class="form-section"
            ),
            Fieldset(
                form_section_legend(_("Ses données")),
                "accepts_stand_contacts",
                "privacy_consent",
                css_class="form-section",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        require_email_or_phone(self, _("Indiquez un courriel ou un téléphone."))
        return cleaned

    def person(self) -> registration.PersonDetails:
        data = self.cleaned_data
        return registration.PersonDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            access_needs=tuple(data["access_needs"]),
            access_needs_other=data["access_needs_other"],
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


# --- A registered person's plan, changed at the desk (views/plans.py) --------------------


class BookableRadioSelect(forms.RadioSelect):
    """One choice in a list of bookables, read as a list of one for ``BookableChoiceField``
    (the registration's field: same checks, same partial, radio buttons instead of boxes)."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        return [value] if value else []


class DeskBookingAddForm(BookingAddForm):
    """At the desk: add to a registered person's plan (staff read it, the notes say "la
    personne")."""

    holder_reads_it = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The lists' help speaks to the person ("vous êtes inscrit·e…"); the page's own
        # introduction says it for staff.
        for field in self.fields.values():
            field.help_text = ""


class DeskBookingMoveForm(BookableChoicesForm):
    """What replaces one booking: one choice among the things of the same kind (another
    workshop, another session), the booking's own excluded. The choices at the same time as
    something else the person keeps are marked, as on the personal page; those at the same
    time as the booking replaced are not (that is often why it is swapped)."""

    def __init__(self, *args, event: Event, held: Iterable[Booking], booking: Booking, **kwargs):
        kept = [other for other in held if other.pk != booking.pk]
        self.holder_reads_it = False
        super().__init__(*args, event=event, held=kept, **kwargs)
        self.kind = booking.kind
        for name in CHOICE_FIELDS:
            if name != self.kind.form_field:
                del self.fields[name]
        field = self.fields[self.kind.form_field]
        field.widget = BookableRadioSelect()
        field.queryset = field.queryset.exclude(pk=booking.target.pk)  # sets the widget's choices
        field.help_text = _(
            "Un seul choix. S’il est complet, la personne passe sur sa liste d’attente et sa "
            "place actuelle est donnée à la première personne qui attend."
        )

    def choice_fields(self) -> list:
        return [Field(self.kind.form_field, template=CHOICES_TEMPLATE)]

    def targets(self) -> list:
        return list(self.cleaned_data.get(self.kind.form_field) or [])

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.targets():
            self.add_error(self.kind.form_field, _("Choisissez ce qui remplace cette réservation."))
        return cleaned
