from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class ExhibitorsConfig(AppConfig):
    name = "exhibitors"
    verbose_name = _("Forum des exposants")

    def ready(self):
        # Saving or deleting what the public pages show makes their cache stale.
        from events.cache import watch

        from .models import JobOffer, Organisation, Sector, Stand, StandActivity

        watch(JobOffer, Organisation, Sector, Stand, StandActivity)

        # A member's messages follow the language they sign in with (the login form, or
        # the invitation's set-password link, which logs them in).
        user_logged_in.connect(member_language_on_login, dispatch_uid="member_language")


def member_language_on_login(sender, request, user, **kwargs):
    """Record the page's language on the user's memberships. Only a request the locale
    middleware has seen carries one (a test's ``force_login`` does not)."""
    language = getattr(request, "LANGUAGE_CODE", None)
    if language:
        from .services import member_language_set

        member_language_set(user=user, language=language)
