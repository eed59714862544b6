from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from innov_insertion.history import HistoryAdmin

from . import seats
from .models import Event, LimitedSeatsModel, Space, Speaker, StageAppearance, TimetableItem

UNCHANGED = object()


class LimitedSeatsAdminMixin:
    """For the admin of something with limited seats (a workshop, the conference, a stand
    activity), or of a parent whose inlines have some: a capacity changed in the form goes
    through ``events.seats.capacity_change``, so seats that come free go to the people
    waiting, in order, and they are told. The other fields are saved as usual."""

    def save_model(self, request, obj, form, change):
        if not isinstance(obj, LimitedSeatsModel):
            return super().save_model(request, obj, form, change)
        capacity = self._capacity_held_back(form)
        if capacity is UNCHANGED or form.changed_data != ["capacity"]:  # else one save: the service
            super().save_model(request, obj, form, change)
        self._capacity_change(request, obj, capacity)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, LimitedSeatsModel):
            return super().save_formset(request, form, formset, change)
        held_back = [
            (inline.instance, self._capacity_held_back(inline))
            for inline in formset.initial_forms
            if not formset._should_delete_form(inline)
        ]
        super().save_formset(request, form, formset, change)
        for target, capacity in held_back:
            self._capacity_change(request, target, capacity)

    @staticmethod
    def _capacity_held_back(form):
        """The new capacity of an existing row, put back to the saved one until the service
        changes it; ``UNCHANGED`` when there is nothing to change."""
        if form.instance.pk is None or "capacity" not in form.changed_data:
            return UNCHANGED
        capacity = form.instance.capacity
        form.instance.capacity = form.initial["capacity"]
        return capacity

    def _capacity_change(self, request, target, capacity) -> None:
        if capacity is UNCHANGED:
            return
        try:
            promoted = seats.capacity_change(target=target, capacity=capacity)
        except seats.SeatsError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        if promoted:
            message = ngettext(
                "%(count)d personne de la liste d’attente a obtenu une place.",
                "%(count)d personnes de la liste d’attente ont obtenu une place.",
                len(promoted),
            )
            self.message_user(request, message % {"count": len(promoted)}, messages.SUCCESS)


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
class EventAdmin(HistoryAdmin):
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
        (_("Le jour même"), {"fields": ["no_show_release_minutes"]}),
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
class SpaceAdmin(HistoryAdmin):
    list_display = ["name", "floor", "capacity", "event"]
    list_filter = ["event", "floor"]
    list_select_related = ["event"]
    search_fields = ["name", "directions"]
    ordering = ["event", "floor", "name"]


@admin.register(TimetableItem)
class TimetableItemAdmin(LimitedSeatsAdminMixin, HistoryAdmin):
    list_display = ["title", "kind", "starts_at", "ends_at", "space"]
    list_filter = ["event", "kind"]
    list_select_related = ["space"]
    search_fields = ["title", "description"]
    ordering = ["starts_at", "ends_at", "title"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["space"]
    inlines = [StageAppearanceInline]


@admin.register(Speaker)
class SpeakerAdmin(HistoryAdmin):
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
