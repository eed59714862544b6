"""Forms of the forum: the public filters and CV drop-off, and the exhibitor portal.

Forms validate what people type and hand it over as the services' dataclasses; every rule
about seats, offers and files lives in ``services.py`` and ``uploads.py``.
"""

import datetime as dt
import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from events.cache import remembered
from innov_insertion.phones import phone_normalize
from innov_insertion.web import HoneypotFormMixin, validate_single_line

from . import services, uploads
from .enums import ActivityKind, OrganisationKind
from .models import (
    Application,
    JobOffer,
    Organisation,
    OrganisationMember,
    Sector,
    Stand,
    StandActivity,
)

# Field errors beside each field; the page shows a summary of all of them at the top
# (templates/includes/_form_errors.html), so crispy does not repeat the form-wide ones.
FORM_TEMPLATE = "includes/_crispy_fields.html"


def _helper(form: forms.BaseForm) -> FormHelper:
    helper = FormHelper(form)
    helper.form_tag = False
    helper.template = FORM_TEMPLATE
    return helper


class SectorFilterField(forms.ModelChoiceField):
    """A sector named by its slug, looked up once per content version (``events.cache``):
    a filtered forum page whose list comes from ``{% fragment %}`` costs no query. A slug
    that names no sector is not kept: it gets the usual "invalid choice" error."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        try:
            sector = remembered(
                f"sector:{hashlib.sha256(value.encode()).hexdigest()}",
                lambda: self.queryset.filter(slug=value).first(),
            )
        except (ValueError, TypeError):
            sector = None
        if sector is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return sector


class StandFilterForm(forms.Form):
    """The forum page's filters, read from the query string."""

    kind = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=[("", _("Tous les types"))] + OrganisationKind.choices,
    )
    sector = SectorFilterField(
        label=_("Secteur"),
        required=False,
        queryset=Sector.objects.order_by("name"),
        empty_label=_("Tous les secteurs"),
        to_field_name="slug",
    )
    activity = forms.ChoiceField(
        label=_("Activité sur le stand"),
        required=False,
        choices=[("", _("Toutes les activités"))] + ActivityKind.choices,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template owns the GET form and its button
        # A GET form carries no CSRF token: it would end up in the URL, and a page holding
        # a token cannot be cached (events/cache.py).
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div(Field("kind"), css_class="col-12 col-md-4"),
                Div(Field("sector"), css_class="col-12 col-md-4"),
                Div(Field("activity"), css_class="col-12 col-md-4"),
                css_class="row g-2",
            ),
        )

    @classmethod
    def valid_filters(cls, data) -> dict | None:
        """What ``cleaned_data`` holds once ``cls(data).is_valid()``, or None when it is not
        valid, worked out by the form's own fields without building the form (its copies of
        the fields and its crispy layout cost more than the forum page's list when that comes
        from ``{% fragment %}``: the form is built only to render it). ``data``: the query
        string, or None (no filter)."""
        if data is None:
            return {}
        filters = {}
        for name, field in cls.base_fields.items():
            try:
                filters[name] = field.clean(field.widget.value_from_datadict(data, None, name))
            except forms.ValidationError:
                return None
        return filters


# --- Accounts ----------------------------------------------------------------------------


class PortalLoginForm(AuthenticationForm):
    """Django's login form (django-axes counts its failures), with our labels."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Identifiant")
        self.fields["username"].help_text = _(
            "Votre adresse électronique, sauf si l’invitation indique un autre identifiant."
        )
        self.fields["username"].widget.attrs.update(autocomplete="username", spellcheck="false")
        self.helper = _helper(self)


class PortalPasswordResetForm(PasswordResetForm):
    """Sends the link to the members of an organisation only, including those who never
    chose a password (their invitation expired)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse électronique")
        self.helper = _helper(self)

    def get_users(self, email):
        users = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=True, organisation_memberships__isnull=False
        )
        return users.distinct()


class PortalSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self)


# --- The stand page --------------------------------------------------------------------


class LogoInput(forms.FileInput):
    def __init__(self):
        super().__init__(attrs={"accept": "image/jpeg,image/png,image/webp"})


class OrganisationForm(forms.ModelForm):
    """What the public stand page says: presentation, website, contact, sectors, logo."""

    logo = forms.FileField(
        label=_("Nouveau logo"),
        required=False,
        help_text=_(
            "JPEG, PNG ou WebP, 2 Mo au plus. Il est redimensionné (600 pixels de large au "
            "plus) et ses métadonnées sont effacées."
        ),
        error_messages={"empty": uploads.MESSAGES["logo_empty"]},
        widget=LogoInput(),
    )
    logo_remove = forms.BooleanField(label=_("Retirer le logo actuel"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
            "sectors",
        ]
        labels = {"description": _("Présentation"), "website": _("Site web")}
        help_texts = {
            "description": _("Qui vous êtes, ce que vous faites, qui vous recherchez."),
            "website": _("Adresse complète, par exemple https://www.exemple.fr"),
            "contact_name": _("Affiché sur la page publique du stand."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "sectors": forms.CheckboxSelectMultiple,
            "contact_email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sectors"].queryset = Sector.objects.order_by("name")
        for name in ("contact_name", "contact_phone"):
            self.fields[name].validators.append(validate_single_line)
        if not self.instance.logo:
            del self.fields["logo_remove"]
        self.helper = _helper(self)

    def clean_logo(self) -> uploads.CleanLogo | None:
        upload = self.cleaned_data.get("logo")
        return uploads.logo_clean(upload) if upload else None

    def details(self) -> services.OrganisationDetails:
        data = self.cleaned_data
        return services.OrganisationDetails(
            description=data["description"],
            website=data["website"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            sectors=list(data["sectors"]),
        )


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self):
        super().__init__(format="%H:%M")


class StandActivityForm(forms.ModelForm):
    """An activity at the stand; its times are on the edition's day. The seats taken are
    the registration service's and never appear here."""

    start_time = forms.TimeField(label=_("Début"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Fin"), required=False, widget=TimeInput())

    class Meta:
        model = StandActivity
        fields = ["kind", "title", "description", "capacity"]
        help_texts = {
            "capacity": _("Vide : sans limite, sans inscription. Un nombre : les visiteurs "
                          "réservent leur place en s’inscrivant à la journée."),
        }  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    field_order = ["kind", "title", "description", "start_time", "end_time", "capacity"]

    def __init__(self, *args, stand: Stand, **kwargs):
        super().__init__(*args, **kwargs)
        self.stand = stand
        self.fields["title"].validators.append(validate_single_line)
        self.fields["start_time"].help_text = _("Facultatif : laissez vide pour toute la journée.")
        if self.instance.starts_at and self.instance.ends_at:
            self.initial.setdefault(
                "start_time", timezone.localtime(self.instance.starts_at).time()
            )
            self.initial.setdefault("end_time", timezone.localtime(self.instance.ends_at).time())
        self.helper = _helper(self)
        self.helper.layout = Layout(
            "kind",
            "title",
            "description",
            Div(
                Div("start_time", css_class="col-6"),
                Div("end_time", css_class="col-6"),
                css_class="row",
            ),
            "capacity",
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("La fin doit suivre le début."))
        elif bool(start) != bool(end):
            missing = "end_time" if start else "start_time"
            if not self.has_error(missing):
                self.add_error(missing, _("Indiquez le début et la fin, ou aucun des deux."))
        return cleaned

    def _on_event_day(self, value: dt.time | None) -> dt.datetime | None:
        if value is None:
            return None
        day = self.stand.event.date
        return timezone.make_aware(dt.datetime.combine(day, value))

    def details(self) -> services.ActivityDetails:
        data = self.cleaned_data
        return services.ActivityDetails(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            starts_at=self._on_event_day(data.get("start_time")),
            ends_at=self._on_event_day(data.get("end_time")),
            capacity=data["capacity"],
        )


# --- Job offers ------------------------------------------------------------------------


class JobOfferForm(forms.ModelForm):
    class Meta:
        model = JobOffer
        fields = ["title", "contract_type", "sector", "place", "description", "is_published"]
        labels = {"is_published": _("Publier l’offre sur la page du stand")}
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = Sector.objects.order_by("name")
        self.fields["sector"].empty_label = _("— Choisir (facultatif) —")
        for name in ("title", "place"):
            self.fields[name].validators.append(validate_single_line)
        self.helper = _helper(self)

    def details(self) -> services.OfferDetails:
        data = self.cleaned_data
        return services.OfferDetails(**{name: data[name] for name in services.OFFER_FIELDS})


class JobOfferPublishForm(forms.Form):
    """The publish / withdraw button of an offer."""

    is_published = forms.TypedChoiceField(
        choices=[("1", _("Publier")), ("0", _("Retirer"))], coerce=lambda value: value == "1"
    )


# --- Applications ----------------------------------------------------------------------


class ApplicationStatusForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["status"]
        labels = {"status": _("Suite donnée")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(self)


class ApplicationForm(HoneypotFormMixin, forms.ModelForm):
    """The public CV drop-off: who, a few words, the PDF, and consent for this
    organisation alone."""

    cv = forms.FileField(
        label=_("Votre CV"),
        help_text=_(
            "Un PDF, ou une photo de votre CV papier (JPEG ou PNG), de 5 Mo au plus : la photo "
            "est transformée en PDF, sans ses informations de lieu. Les photos HEIC ne sont pas "
            "lues : choisissez JPEG, ou envoyez une capture d’écran."
        )
        if not uploads.HEIC_READABLE
        else _(
            "Un PDF, ou une photo de votre CV papier (JPEG, PNG ou HEIC), de 5 Mo au plus : "
            "la photo est transformée en PDF, sans ses informations de lieu."
        ),
        error_messages={"empty": uploads.MESSAGES["cv_empty"]},
        widget=forms.FileInput(
            attrs={
                "accept": "application/pdf,.pdf,image/jpeg,.jpg,.jpeg,image/png,.png"
                + (",image/heic,.heic" if uploads.HEIC_READABLE else "")
            }
        ),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=30,
        help_text=_("Si vous n’avez pas de courriel. Exemple : 06 12 34 56 78"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        error_messages={
            "required": _("Cochez cette case : sans votre accord, nous ne pouvons pas "
                          "transmettre votre candidature.")
        },
    )  # fmt: skip

    class Meta:
        model = Application
        fields = ["first_name", "last_name", "email", "message"]
        labels = {
            "first_name": _("Prénom"),
            "last_name": _("Nom"),
            "email": _("Courriel"),
            "message": _("Quelques mots (facultatif)"),
        }
        help_texts = {
            "email": _("Pour que l’employeur puisse vous répondre. Exemple : nom@exemple.fr"),
            "message": _("Le poste qui vous intéresse, vos disponibilités… 2 000 signes au plus."),
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        }

    def __init__(self, *args, organisation: Organisation, retention_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _(
            "J’accepte que mon CV et ces informations soient transmis à %(name)s, et à "
            "personne d’autre"
        ) % {"name": organisation.name}
        self.fields["consent"].help_text = _(
            "Votre CV et ces informations sont effacés %(days)s jours après le forum."
        ) % {"days": retention_days}
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_single_line)
        self.fields["email"].required = False
        self.fields["email"].help_text = _(
            "Courriel ou téléphone : au moins l’un des deux, pour que l’employeur vous réponde. "
            "Exemple : nom@exemple.fr"
        )
        self.helper = _helper(self)
        self.helper.layout = Layout(
            Div(
                Div("first_name", css_class="col-12 col-sm-6"),
                Div("last_name", css_class="col-12 col-sm-6"),
                css_class="row",
            ),
            "email",
            "phone",
            "message",
            "cv",
            "consent",
            self.honeypot_layout(),
        )

    def clean_cv(self) -> uploads.CleanCv:
        return uploads.cv_clean(self.cleaned_data["cv"])

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        return phone_normalize(phone) if phone else ""

    def clean(self):
        cleaned = super().clean()
        reachable = cleaned.get("email") or cleaned.get("phone")
        if not reachable and not self.has_error("email") and not self.has_error("phone"):
            self.add_error("email", services.MESSAGES["no_address"])
        return cleaned

    def applicant(self) -> services.ApplicantDetails:
        data = self.cleaned_data
        return services.ApplicantDetails(
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            message=data["message"],
        )


class MemberNoticeForm(forms.ModelForm):
    """How a member hears of new applications (each one, or a daily digest), and the
    language of the messages the site sends them. A form sent without a language keeps
    the one recorded."""

    class Meta:
        model = OrganisationMember
        fields = ["application_notice", "language"]
        labels = {
            "application_notice": _("Être prévenu·e des nouvelles candidatures"),
            "language": _("Langue des courriels que le site vous envoie"),
        }
        help_texts = {
            "language": _(
                "Invitation, avis de candidature et récapitulatif. Elle suit aussi la langue "
                "du site quand vous vous connectez."
            )
        }
        widgets = {"application_notice": forms.RadioSelect, "language": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = self.fields["language"]
        language.required = False
        # Each language named in itself, as in the footer's chooser: "English" for the
        # person who reads it, whatever the page's language.
        language.choices = [
            (code, capfirst(get_language_info(code)["name_local"]))
            for code, _name in settings.LANGUAGES
        ]
        self.helper = _helper(self)

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language


class ApplicationWithdrawForm(forms.Form):
    """The applicant's confirmation (a button: nothing to type)."""
