from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        from events import seats

        from . import (
            checks,  # noqa: F401  (registers the deploy checks)
            services,
        )

        # A capacity raised anywhere (admin, portal) serves the waiting list first.
        seats.waitlist_filler_set(services.waitlist_fill)
