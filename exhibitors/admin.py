from django.contrib import admin
from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import JobOffer, Organisation, Sector, Stand, StandActivity
from .services import job_offers_publish


class StandInline(admin.TabularInline):
    model = Stand
    extra = 0
    fields = ["event", "number", "floor", "location_hint"]
    autocomplete_fields = ["event"]
    show_change_link = True


class JobOfferInline(admin.TabularInline):
    model = JobOffer
    extra = 0
    fields = ["title", "contract_type", "sector", "place", "is_published"]
    autocomplete_fields = ["sector"]
    show_change_link = True


class StandActivityInline(admin.TabularInline):
    model = StandActivity
    extra = 0
    fields = ["kind", "title", "starts_at", "ends_at", "capacity"]


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sector_names", "offer_count"]
    list_filter = ["kind", "sectors"]
    search_fields = ["name", "contact_name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["sectors"]
    inlines = [StandInline, JobOfferInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(offer_count=Count("job_offers", distinct=True))
            .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("name")))
        )

    @admin.display(description=_("secteurs"))
    def sector_names(self, organisation):
        return ", ".join(sector.name for sector in organisation.sectors.all())

    @admin.display(description=_("offres"), ordering="offer_count")
    def offer_count(self, organisation):
        return organisation.offer_count


@admin.register(Stand)
class StandAdmin(admin.ModelAdmin):
    list_display = ["number", "organisation", "floor", "event"]
    list_display_links = ["number", "organisation"]
    list_filter = ["event", "floor"]
    list_select_related = ["organisation", "event"]
    search_fields = ["=number", "organisation__name", "location_hint"]
    ordering = ["event", "number"]
    autocomplete_fields = ["organisation"]
    inlines = [StandActivityInline]

    def get_queryset(self, request):
        # Stand.__str__ names the organisation: the autocomplete of stand activities lists it.
        return super().get_queryset(request).select_related("organisation", "event")


@admin.register(StandActivity)
class StandActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "stand", "starts_at", "ends_at", "capacity"]
    list_filter = ["kind", "stand__event"]
    list_select_related = ["stand__organisation"]
    search_fields = ["title", "stand__organisation__name"]
    ordering = ["stand", "starts_at", "title"]
    autocomplete_fields = ["stand"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stand":
            kwargs["queryset"] = Stand.objects.select_related("organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(JobOffer)
class JobOfferAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "contract_type", "sector", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["is_published", "contract_type", "sector"]
    list_select_related = ["organisation", "sector"]
    search_fields = ["title", "organisation__name", "place"]
    ordering = ["organisation__name", "title"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["organisation", "sector"]
    readonly_fields = ["created_at", "updated_at"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publier les offres sélectionnées"))
    def publish(self, request, queryset):
        self._set_published(request, queryset, is_published=True)

    @admin.action(description=_("Retirer de la publication les offres sélectionnées"))
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, is_published=False)

    def _set_published(self, request, queryset, *, is_published):
        count = job_offers_publish(job_offers=queryset, is_published=is_published)
        if is_published:
            message = ngettext("%(count)d offre publiée.", "%(count)d offres publiées.", count)
        else:
            message = ngettext(
                "%(count)d offre retirée de la publication.",
                "%(count)d offres retirées de la publication.",
                count,
            )
        self.message_user(request, message % {"count": count})
