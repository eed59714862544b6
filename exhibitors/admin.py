from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin import LimitedSeatsAdminMixin
from innov_insertion.addresses import email_normalize
from innov_insertion.history import HistoryAdmin

from . import services, uploads
from .models import (
    Application,
    JobOffer,
    Organisation,
    OrganisationMember,
    Sector,
    Stand,
    StandActivity,
)
from .services import job_offers_publish


def _job_offer_save(offer: JobOffer) -> None:
    """An offer typed in the admin (its form, the list's « publiée » column, the
    organisation's inline) is written by the offer services, like the portal's."""
    details = services.job_offer_details(offer)
    if offer.pk is None:
        created = services.job_offer_create(organisation=offer.organisation, details=details)
        offer.pk, offer.slug, offer.created_at, offer.updated_at = (
            created.pk,
            created.slug,
            created.created_at,
            created.updated_at,
        )
    else:
        services.job_offer_update(job_offer=offer, details=details, organisation=offer.organisation)


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
class SectorAdmin(HistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ("name",)}


class OrganisationMemberInline(admin.TabularInline):
    """Who has access to the portal; new people are invited from « Membres des
    organisations » (that sends them the link to choose a password)."""

    model = OrganisationMember
    extra = 0
    fields = ["user", "invited_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class OrganisationAdminForm(forms.ModelForm):
    """The logo goes through the same checks and re-encoding as in the portal."""

    new_logo = forms.FileField(
        label=_("nouveau logo"),
        required=False,
        help_text=_("JPEG, PNG ou WebP, 2 Mo au plus ; réencodé par le serveur."),
    )
    remove_logo = forms.BooleanField(label=_("retirer le logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "slug",
            "kind",
            "sectors",
            "description",
            "website",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]

    def clean_new_logo(self):
        upload = self.cleaned_data.get("new_logo")
        return uploads.logo_clean(upload) if upload else None


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "sector_names", "offer_count"]
    list_filter = ["kind", "sectors"]
    search_fields = ["name", "contact_name"]
    ordering = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ["sectors"]
    readonly_fields = ["current_logo"]
    inlines = [StandInline, JobOfferInline, OrganisationMemberInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not JobOffer:
            return super().save_formset(request, form, formset, change)
        for offer in formset.save(commit=False):
            _job_offer_save(offer)
        for offer in formset.deleted_objects:
            offer.delete()

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        logo = form.cleaned_data.get("new_logo")
        if logo is not None:
            services.organisation_logo_set(organisation=obj, logo=logo)
        elif form.cleaned_data.get("remove_logo"):
            services.organisation_logo_set(organisation=obj, logo=None)

    @admin.display(description=_("logo actuel"))
    def current_logo(self, organisation):
        image = organisation.logo_thumbnail or organisation.logo
        if not image:
            return None
        return format_html('<img src="{}" alt="" width="80">', image.url)

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
class StandAdmin(LimitedSeatsAdminMixin, HistoryAdmin):
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
class StandActivityAdmin(LimitedSeatsAdminMixin, HistoryAdmin):
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
class JobOfferAdmin(HistoryAdmin):
    list_display = ["title", "organisation", "contract_type", "sector", "is_published"]
    list_editable = ["is_published"]
    list_filter = ["is_published", "contract_type", "sector"]
    list_select_related = ["organisation", "sector"]
    search_fields = ["title", "organisation__name", "place"]
    ordering = ["organisation__name", "title"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["organisation", "sector"]
    readonly_fields = ["slug", "created_at", "updated_at"]  # the slug: given at creation
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        _job_offer_save(obj)

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


# --- Exhibitor portal: members and applications -------------------------------------------


class MemberInviteForm(forms.ModelForm):
    """Add a member by email: the account is created if needed and the invitation sent."""

    email = forms.EmailField(
        label=_("courriel"),
        help_text=_(
            "La personne reçoit un lien pour choisir son mot de passe ; son identifiant est "
            "cette adresse (ou celui de son compte, s’il existe déjà)."
        ),
    )

    language = forms.ChoiceField(
        label=_("langue des messages"),
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        required=False,
        help_text=_("L’invitation part dans cette langue, et les avis de candidature ensuite."),
    )

    class Meta:
        model = OrganisationMember
        fields = ["organisation"]

    def clean_language(self):
        return self.cleaned_data["language"] or None

    def clean_email(self):
        email = email_normalize(self.cleaned_data["email"])
        inactive = get_user_model().objects.filter(email__iexact=email, is_active=False)
        if inactive.exists():
            raise ValidationError(services.MESSAGES["account_disabled"] % {"email": email})
        return email


@admin.register(OrganisationMember)
class OrganisationMemberAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "language", "invited_at", "last_login"]
    list_filter = ["language", "organisation"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "user__username", "organisation__name"]
    ordering = ["organisation__name", "user__email"]
    autocomplete_fields = ["organisation", "user"]
    readonly_fields = ["invited_at"]
    actions = ["invite"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = MemberInviteForm
            kwargs["fields"] = ["organisation", "email", "language"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["organisation", "email", "language"]
        return ["organisation", "user", "language", "invited_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if "language" in form.changed_data:
                # One person, one language: all their organisations follow.
                services.member_language_set(user=obj.user, language=obj.language)
            return
        member = services.member_invite(
            organisation=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
        )
        obj.pk, obj.user, obj.invited_at = member.pk, member.user, member.invited_at
        self.message_user(
            request,
            _("Invitation envoyée à %(email)s.") % {"email": member.user.email},
            messages.SUCCESS,
        )

    @admin.display(description=_("courriel"), ordering="user__email")
    def email(self, member):
        return member.user.email or member.user.get_username()

    @admin.display(description=_("dernière connexion"), ordering="user__last_login")
    def last_login(self, member):
        return member.user.last_login

    @admin.action(description=_("Envoyer l’invitation (lien pour choisir le mot de passe)"))
    def invite(self, request, queryset):
        sent = 0
        for member in queryset.select_related("organisation", "user"):
            if not member.user.email:
                self.message_user(
                    request,
                    _("%(name)s n’a pas d’adresse électronique.") % {"name": member.user},
                    messages.WARNING,
                )
                continue
            try:
                services.member_invite(organisation=member.organisation, email=member.user.email)
            except services.ExhibitorError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                sent += 1
        message = ngettext("%(count)d invitation envoyée.", "%(count)d invitations envoyées.", sent)
        self.message_user(request, message % {"count": sent}, messages.SUCCESS)


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Counts and follow-up. The CVs themselves are for the organisation alone (that is
    what the person agreed to): they are downloaded from the portal, never from here."""

    list_display = ["organisation", "name", "job_offer", "status", "created_at"]
    list_filter = ["status", "organisation", "event"]
    list_select_related = ["organisation", "job_offer"]
    search_fields = ["first_name", "last_name", "email", "phone", "organisation__name"]
    ordering = ["-created_at"]
    date_hierarchy = "created_at"
    fields = [
        "organisation",
        "event",
        "job_offer",
        "first_name",
        "last_name",
        "email",
        "phone",
        "message",
        "status",
        "consent_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = [name for name in fields if name != "status"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("nom"), ordering="last_name")
    def name(self, application):
        return f"{application.first_name} {application.last_name}"

    def save_model(self, request, obj, form, change):
        services.application_status_set(application=obj, status=obj.status)

    def delete_model(self, request, obj):
        services.application_delete(application=obj)

    def delete_queryset(self, request, queryset):
        for application in queryset:
            services.application_delete(application=application)
