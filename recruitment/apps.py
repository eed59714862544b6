from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecruitmentConfig(AppConfig):
    name = "recruitment"
    verbose_name = _("Sessions de recrutement")

    def ready(self):
        # Saving or deleting what the public pages show makes their cache stale.
        from events.cache import watch
        from exhibitors import hooks

        from . import stand_page
        from .models import InterviewSession, InterviewSlot

        watch(InterviewSession)
        watch(InterviewSlot)
        # A stand's page on the forum shows its interview sessions and links each offer to
        # the job board (the forum is a floor below: it cannot ask for them itself).
        hooks.register(stand_page.stand_sessions_html)
        hooks.job_offer_url_set(stand_page.job_offer_url)
