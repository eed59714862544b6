"""Public paths are a contract: posters and partner sites link to them. Keep them."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Innov'insertion — gestion")
admin.site.site_title = _("Innov'insertion")
admin.site.index_title = _("Programme, forum et ateliers")

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("programme/", views.ProgrammeView.as_view(), name="programme"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("forum/", include("exhibitors.urls")),
    path("ateliers/", include("workshops.urls")),
    path("inscription/", include("participants.urls")),
    path("accueil/tableau-de-bord/", include("participants.dashboard_urls")),
    path("accueil/", include("participants.reception_urls")),
    path("exposants/contacts/", include("participants.contact_urls")),
    path("exposants/", include("exhibitors.portal_urls")),
    path("", include("events.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
