from django.contrib import admin
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .models import Event, Space, Speaker, StageAppearance, TimetableItem


class SpaceInline(admin.TabularInline):
    model = Space
    extra = 0
    fields = ["name", "floor", "capacity", "directions"]


class StageAppearanceInline(admin.TabularInline):
    model = StageAppearance
    extra = 0
    fields = ["speaker", "role", "order"]
    autocomplete_fields = ["speaker"]
    ordering = ["order", "id"]

    def get_queryset(self, request):
        # StageAppearance.__str__, shown on each row, names the speaker.
        return super().get_queryset(request).select_related("speaker")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "date", "venue", "is_published", "registration_window"]
    list_filter = ["is_published"]
    search_fields = ["name", "venue", "city"]
    ordering = ["-date"]
    date_hierarchy = "date"
    prepopulated_fields = {"slug": ("name",)}
    inlines = [SpaceInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "tagline", "description", "organiser", "is_published"]}),
        (_("Date et horaires"), {"fields": ["date", "opens_at", "closes_at"]}),
        (
            _("Lieu"),
            {
                "fields": [
                    "venue",
                    "address",
                    "postcode",
                    "city",
                    "getting_there",
                    "venue_accessibility",
                ]
            },
        ),
        (_("Contact"), {"fields": ["contact_email", "contact_phone"]}),
        (_("Inscriptions"), {"fields": ["registration_opens_at", "registration_closes_at"]}),
    ]

    @admin.display(description=_("inscriptions"), ordering="registration_opens_at")
    def registration_window(self, event):
        return _("du %(opens)s au %(closes)s") % {
            "opens": formats.date_format(
                timezone.localtime(event.registration_opens_at), "SHORT_DATETIME_FORMAT"
            ),
            "closes": formats.date_format(
                timezone.localtime(event.registration_closes_at), "SHORT_DATETIME_FORMAT"
            ),
        }


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "floor", "capacity", "event"]
    list_filter = ["event", "floor"]
    list_select_related = ["event"]
    search_fields = ["name", "directions"]
    ordering = ["event", "floor", "name"]


@admin.register(TimetableItem)
class TimetableItemAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "space"]
    list_filter = ["event", "kind"]
    list_select_related = ["space"]
    search_fields = ["title", "description"]
    ordering = ["starts_at", "ends_at", "title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["space"]
    inlines = [StageAppearanceInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "position"]
    search_fields = ["full_name", "organisation", "position"]
    ordering = ["full_name"]


@admin.register(StageAppearance)
class StageAppearanceAdmin(admin.ModelAdmin):
    list_display = ["speaker", "timetable_item", "role", "order"]
    list_filter = ["role", "timetable_item__event"]
    list_select_related = ["speaker", "timetable_item"]
    search_fields = ["speaker__full_name", "timetable_item__title"]
    ordering = ["timetable_item__starts_at", "order", "id"]
    autocomplete_fields = ["timetable_item", "speaker"]
