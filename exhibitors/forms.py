from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import ActivityKind, OrganisationKind
from .models import Sector


class StandFilterForm(forms.Form):
    """The forum page's filters, read from the query string."""

    kind = forms.ChoiceField(
        label=_("Type de structure"),
        required=False,
        choices=[("", _("Tous les types"))] + OrganisationKind.choices,
    )
    sector = forms.ModelChoiceField(
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
        self.helper.layout = Layout(
            Div(
                Div(Field("kind"), css_class="col-12 col-md-4"),
                Div(Field("sector"), css_class="col-12 col-md-4"),
                Div(Field("activity"), css_class="col-12 col-md-4"),
                css_class="row g-2",
            ),
        )
