from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Ateliers")

    def ready(self):
        # Saving or deleting what the public pages show makes their cache stale.
        from events.cache import watch

        from .models import Workshop

        watch(Workshop)
