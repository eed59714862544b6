from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme de la journée")

    def ready(self):
        # Saving or deleting what the public pages show makes their cache stale.
        from events.cache import watch

        from .models import Event, Space, Speaker, StageAppearance, TimetableItem

        watch(Event, Space, Speaker, StageAppearance, TimetableItem)
