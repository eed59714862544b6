from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from .models import StandContact
from .resources import StandContactResource


@admin.register(StandContact)
class StandContactAdmin(ExportMixin, admin.ModelAdmin):
    """Recorded by the exhibitors at their stand (with the visitor's consent); read and
    exported here, never typed by hand."""

    list_display = ["participant_name", "stand", "organisation", "created_at", "note"]
    list_filter = [
        "stand__event",
        ("stand__organisation", admin.RelatedOnlyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["participant", "stand__organisation", "stand__event"]
    search_fields = [
        "participant__first_name",
        "participant__last_name",
        "participant__email",
        "stand__organisation__name",
        "note",
    ]
    ordering = ["-created_at"]
    fields = ["stand", "participant", "recorded_by", "note", "created_at"]
    readonly_fields = fields
    export_formats = [CSV, XLSX]
    to_encoding = "utf-8-sig"
    resource_classes = [StandContactResource]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        return f"contacts-stands-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    @admin.display(description=_("participant·e"), ordering="participant__last_name")
    def participant_name(self, contact):
        return str(contact.participant)

    @admin.display(description=_("organisation"), ordering="stand__organisation__name")
    def organisation(self, contact):
        return contact.stand.organisation.name
