from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    """The day itself, at the desk and at the stands: the top floor, nothing imports it."""

    name = "onsite"
    verbose_name = _("Accueil du jour")
