from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitorsConfig(AppConfig):
    name = "exhibitors"
    verbose_name = _("Forum des exposants")

    def ready(self):
        # Saving or deleting what the public pages show makes their cache stale.
        from events.cache import watch

        from .models import JobOffer, Organisation, Sector, Stand, StandActivity

        watch(JobOffer, Organisation, Sector, Stand, StandActivity)
