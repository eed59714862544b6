"""The job board's filters (/offres/), read from the query string."""

import hashlib

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from events.cache import remembered
from events.models import Event
from exhibitors.enums import ContractType
from exhibitors.models import Organisation, Sector

from . import selectors


class SlugFilterField(forms.ModelChoiceField):
    """A sector or an organisation named by its slug, looked up once per content version
    (``events.cache``): a filtered page whose list comes from ``{% fragment %}`` costs no
    query. A slug that names nothing is not kept: it gets the usual "invalid choice".

    Any row of ``queryset`` as given here is valid (the form's list may show fewer: those
    of the edition's offers), so that the form and ``valid_filters`` agree."""

    def __init__(self, *, queryset, remember_as: str, **kwargs):
        super().__init__(queryset=queryset, to_field_name="slug", **kwargs)
        self.lookup = queryset
        self.remember_as = remember_as

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value)
        try:
            found = remembered(
                f"{self.remember_as}:{hashlib.sha256(value.encode()).hexdigest()}",
                lambda: self.lookup.filter(slug=value).first(),
            )
        except (ValueError, TypeError):
            found = None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


def _town_choices(event: Event) -> list[tuple[str, str]]:
    """The towns of the edition's offers, worked out once per content version."""
    places = remembered(f"offer-places:{event.pk}", lambda: selectors.job_offer_places(event=event))
    return [("", _("Toutes les villes")), *((place, place) for place in places)]


class JobOfferFilterForm(forms.Form):
    """What a job seeker narrows the job board to. The lists offer only what the edition's
    offers hold (their sectors, towns and organisations)."""

    q = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=100,
        strip=True,
        help_text=_("Un métier, une entreprise, un mot de l’annonce."),
        widget=forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"}),
    )
    contract = forms.ChoiceField(
        label=_("Type de contrat"),
        required=False,
        choices=[("", _("Tous les contrats")), *ContractType.choices],
    )
    sector = SlugFilterField(
        label=_("Secteur"),
        required=False,
        queryset=Sector.objects.order_by("name"),
        empty_label=_("Tous les secteurs"),
        remember_as="offer-sector",
    )
    # Its choices are the edition's towns: set for each form (__init__, valid_filters).
    town = forms.ChoiceField(label=_("Ville"), required=False, choices=())
    exhibitor = SlugFilterField(
        label=_("Exposant"),
        required=False,
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Tous les exposants"),
        remember_as="offer-exhibitor",
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].queryset = selectors.job_offer_sectors(event=event)
        self.fields["exhibitor"].queryset = selectors.job_offer_exhibitors(event=event)
        self.fields["town"].choices = _town_choices(event)
        self.helper = FormHelper()
        self.helper.form_tag = False  # the template owns the GET form and its buttons
        # A GET form carries no CSRF token: it would end up in the URL, and a page holding
        # a token cannot be cached (events/cache.py).
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                Div(Field("q"), css_class="col-12"),
                Div(Field("contract"), css_class="col-12 col-sm-6 col-lg-3"),
                Div(Field("sector"), css_class="col-12 col-sm-6 col-lg-3"),
                Div(Field("town"), css_class="col-12 col-sm-6 col-lg-3"),
                Div(Field("exhibitor"), css_class="col-12 col-sm-6 col-lg-3"),
                css_class="row g-2",
            ),
        )

    @classmethod
    def valid_filters(cls, data, *, event: Event) -> dict | None:
        """What ``cleaned_data`` holds once ``cls(data, event=event).is_valid()``, or None
        when it is not valid, worked out by the form's own fields without building the form
        (see ``exhibitors.forms.StandFilterForm.valid_filters``; a sector or an exhibitor
        of another edition is valid and finds nothing). ``data``: the query string, or None
        (no filter)."""
        if data is None:
            return {}
        filters = {}
        for name, field in cls.base_fields.items():
            if name == "town":
                field = forms.ChoiceField(required=False, choices=_town_choices(event))
            try:
                filters[name] = field.clean(field.widget.value_from_datadict(data, None, name))
            except forms.ValidationError:
                return None
        return filters
