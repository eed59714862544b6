from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Sessions de recrutement")

    def ready(self):
        # Saving or deleting what the public pages show makes their cache stale.
        from events.cache import watch

        from .models import InterviewSession, InterviewSlot

        watch(InterviewSession)
        watch(InterviewSlot)
