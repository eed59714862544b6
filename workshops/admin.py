from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events.admin import LimitedSeatsAdminMixin
from innov_insertion.history import HistoryAdmin

from .models import Workshop


@admin.register(Workshop)
class WorkshopAdmin(LimitedSeatsAdminMixin, HistoryAdmin):
    list_display = ["title", "schedule", "space", "seats", "host", "waiting_list"]
    list_filter = ["event", "theme", "space__floor"]
    list_select_related = ["space", "host_organisation"]
    search_fields = ["title", "description", "host_name", "host_organisation__name"]
    ordering = ["starts_at", "title"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ["host_organisation", "space"]
    fieldsets = [
        (None, {"fields": ["event", "title", "slug", "theme", "description", "audience"]}),
        (_("Animation"), {"fields": ["host_organisation", "host_name"]}),
        (
            _("Lieu et horaires"),
            {"fields": ["space", "starts_at", "ends_at", "capacity", "seats_taken"]},
        ),
    ]
    readonly_fields = ["seats_taken"]

    @admin.display(description=_("places prises"), ordering="seats_taken")
    def seats(self, workshop):
        if workshop.capacity is None:
            return _("%(taken)s (sans limite)") % {"taken": workshop.seats_taken}
        return f"{workshop.seats_taken} / {workshop.capacity}"

    @admin.display(description=_("liste d’attente"))
    def waiting_list(self, workshop):
        # The bookings live in the participants app, above this one: linked by URL name only.
        query = urlencode({"workshop__id__exact": workshop.pk, "state__exact": "waiting"})
        url = reverse("admin:participants_booking_changelist") + "?" + query
        return format_html('<a href="{}">{}</a>', url, _("Voir"))

    @admin.display(description=_("horaire"), ordering="starts_at")
    def schedule(self, workshop):
        starts_at = timezone.localtime(workshop.starts_at)
        ends_at = timezone.localtime(workshop.ends_at)
        return _("%(day)s, %(start)s–%(end)s") % {
            "day": formats.date_format(starts_at, "SHORT_DATE_FORMAT"),
            "start": formats.time_format(starts_at, "TIME_FORMAT"),
            "end": formats.time_format(ends_at, "TIME_FORMAT"),
        }

    @admin.display(description=_("animé par"), ordering="host_organisation__name")
    def host(self, workshop):
        return workshop.host_display
