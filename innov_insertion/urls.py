"""Public paths are a contract: posters and partner sites link to them. Keep them."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from events.cache import public_page
from exhibitors.views.portal import PortalLoginView, PortalLogoutView

from . import accounts, views

admin.site.site_header = _("Innov'insertion — gestion")
admin.site.site_title = _("Innov'insertion")
admin.site.index_title = _("Programme, forum et ateliers")

urlpatterns = [
    path("", public_page(views.HomeView.as_view()), name="home"),
    path("programme/", public_page(views.ProgrammeView.as_view()), name="programme"),
    path("programme.ics", public_page(views.programme_ics), name="programme_ics"),
    path("sante/", views.health, name="health"),
    # One sign-in for staff and exhibitors: the portal's view, also at its old address
    # /exposants/connexion/ (posters, bookmarks); then each person's landing.
    path("connexion/", PortalLoginView.as_view(), name="login"),
    path("deconnexion/", PortalLogoutView.as_view(), name="logout"),
    path("mon-espace/", accounts.LandingView.as_view(), name="landing"),
    path("forum/", include("exhibitors.urls")),
    path("ateliers/", include("workshops.urls")),
    path("offres/", include("recruitment.urls")),
    path("inscription/", include("participants.urls")),
    path("inscription/", include("messaging.urls")),  # the texts: STOP, stop and resume
    # /accueil/… and /exposants/contacts/: before the exhibitor portal's /exposants/.
    path("", include("onsite.urls")),
    path("exposants/entretiens/", include("recruitment.portal_urls")),
    path("exposants/", include("exhibitors.portal_urls")),
    path("", include("events.urls")),
    # The footer's language form carries no CSRF token, so that public pages can be cached
    # whole (events/cache.py): choosing a language changes nothing but a cookie.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Stand contacts moved from participants to onsite (issue #10): old admin bookmarks follow.
    re_path(
        r"^admin/participants/standcontact/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/onsite/standcontact/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
