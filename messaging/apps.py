from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "messaging"
    verbose_name = _("Messages aux participants")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)
