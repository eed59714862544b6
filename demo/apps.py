from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo programme and the benchmark's data: for development machines only.

    Installed when ``DEBUG`` is on or ``DEMO_ENABLED=true`` (innov_insertion/settings.py);
    the product imports nothing from it.
    """

    name = "demo"
    verbose_name = _("Démonstration")
