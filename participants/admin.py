from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX

from innov_insertion.addresses import email_normalize
from innov_insertion.phones import phone_display, phone_normalize
from messaging import services as messaging_services
from workshops.models import Workshop

from . import services
from .bookables import BOOKABLE_KINDS, booking_related
from .enums import AccessNeedKind, BookingState, ParticipantState
from .models import REGISTERED_ON_BEHALF, Booking, Participant
from .resources import (
    AttendanceResource,
    AttendanceWithSituationResource,
    participant_resource_class,
)
from .selectors import waitlist_positions

VIEW_SITUATION = "participants.view_situation"
VIEW_ACCESS_NEEDS = "participants.view_access_needs"
ACCESS_NEEDS_FIELDS = ("access_needs", "access_needs_other")


def _can_view_situation(request) -> bool:
    return request.user.has_perm(VIEW_SITUATION)


def _can_view_access_needs(request) -> bool:
    return request.user.has_perm(VIEW_ACCESS_NEEDS)


def _booking_kind(booking: Booking) -> str:
    return str(booking.kind.label).capitalize()


def _booking_target(booking: Booking) -> str:
    return booking.kind.display(booking.target)


# --- Participants ------------------------------------------------------------------------


class WorkshopFilter(admin.SimpleListFilter):
    """People holding a seat, or waiting, for one workshop."""

    title = _("atelier")
    parameter_name = "atelier"

    def lookups(self, request, model_admin):
        return Workshop.objects.order_by("starts_at", "title").values_list("pk", "title")

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        # A subquery, not a join: the booking counts of each row stay right.
        bookings = Booking.objects.active().filter(workshop=self.value())
        return queryset.filter(pk__in=bookings.values("participant_id"))


class BookingStateFilter(admin.SimpleListFilter):
    title = _("état des réservations")
    parameter_name = "reservations"

    def lookups(self, request, model_admin):
        return [
            ("confirmed", _("Au moins une place confirmée")),
            ("waiting", _("Sur une liste d’attente")),
            ("none", _("Aucune réservation")),
        ]

    def queryset(self, request, queryset):
        bookings = {
            "confirmed": Booking.objects.confirmed(),
            "waiting": Booking.objects.waiting(),
            "none": Booking.objects.active(),
        }.get(self.value())
        if bookings is None:
            return queryset
        holders = Q(pk__in=bookings.values("participant_id"))
        return queryset.exclude(holders) if self.value() == "none" else queryset.filter(holders)


class OnBehalfFilter(admin.SimpleListFilter):
    title = _("inscrit·e par un conseiller")
    parameter_name = "par_conseiller"

    def lookups(self, request, model_admin):
        return [("yes", _("Oui")), ("no", _("Non"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(REGISTERED_ON_BEHALF)
        if self.value() == "no":
            return queryset.exclude(REGISTERED_ON_BEHALF)
        return queryset


class BookingInline(admin.TabularInline):
    """The person's seats and waiting-list places: they change only through the services
    (the actions of the booking list), never by hand here."""

    model = Booking
    extra = 0
    fields = ["kind", "target", "state", "queued_at", "confirmed_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*booking_related())

    @admin.display(description=_("type"))
    def kind(self, booking):
        return _booking_kind(booking)

    @admin.display(description=_("pour"))
    def target(self, booking):
        return _booking_target(booking)


class ParticipantChangeForm(forms.ModelForm):
    # The needs ticked (AccessNeed rows), saved by ``services.access_needs_update``.
    access_needs = forms.MultipleChoiceField(
        label=_("besoins d’accessibilité"),
        choices=AccessNeedKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "access_needs" in self.fields:
            self.fields["access_needs"].initial = list(
                self.instance.access_needs.values_list("kind", flat=True)
            )

    def clean_email(self):
        return email_normalize(self.cleaned_data["email"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return phone_normalize(phone) if phone else phone

    def validate_constraints(self):
        super().validate_constraints()
        # The edition is read-only here, so Django skips the one-email-per-edition
        # constraint (it names a field outside the form): check that one too.
        others = {field.name for field in Participant._meta.fields} - {"event", "email"}
        try:
            self.instance.validate_constraints(exclude=others)
        except ValidationError as error:
            self._update_errors(error)


@admin.register(Participant)
class ParticipantAdmin(ExportMixin, admin.ModelAdmin):
    form = ParticipantChangeForm
    list_display = [
        "name",
        "email",
        "phone_shown",
        "event",
        "state",
        "situation",
        "created_at",
        "referrer",
        "confirmation_sent",
        "confirmed_count",
        "waiting_count",
    ]
    list_filter = [
        "state",
        "event",
        "situation",
        WorkshopFilter,
        BookingStateFilter,
        OnBehalfFilter,
        # Who has no confirmation yet (the task worker is behind, or the SMTP server refused).
        ("confirmation_sent_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["event"]
    search_fields = [
        "first_name",
        "last_name",
        "email",
        "phone",
        "=ticket_code",
        "referrer_organisation",
    ]
    ordering = ["-created_at"]
    readonly_fields = [
        "event",
        "state",
        "token",
        "ticket_code",
        "privacy_consent_at",
        "created_at",
        "confirmation_sent_at",
        "reminder_sent_at",
        "anonymised_at",
    ]
    fieldsets = [
        (None, {"fields": ["event", "first_name", "last_name", "email", "phone", "town"]}),
        (
            _("Profil"),
            {"fields": ["situation", "heard_from", "access_needs", "access_needs_other"]},
        ),
        (
            _("Inscrit·e par un conseiller"),
            {"fields": ["referrer_name", "referrer_organisation", "referrer_email"]},
        ),
        (
            _("Suivi"),
            {
                "fields": [
                    "state",
                    "ticket_code",
                    "token",
                    "privacy_consent_at",
                    "created_at",
                    "confirmation_sent_at",
                    "reminder_sent_at",
                    "anonymised_at",
                ]
            },
        ),
    ]
    inlines = [BookingInline]
    actions = ["resend_confirmation", "cancel_registration"]
    export_formats = [CSV, XLSX]
    to_encoding = "utf-8-sig"  # the BOM lets Excel read the accents

    # The situation is sensitive: without the permission it is nowhere to be seen, nor
    # can it be guessed by filtering on it.

    def get_list_display(self, request):
        return self._without_situation(request, super().get_list_display(request))

    def get_list_filter(self, request):
        return self._without_situation(request, super().get_list_filter(request))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [
            (name, {**options, "fields": self._without_situation(request, options["fields"])})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return self._without_situation(request, super().get_readonly_fields(request, obj))

    def lookup_allowed(self, lookup, value, request):
        if lookup.split("__")[0] == "situation" and not _can_view_situation(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def _without_situation(self, request, names):
        hidden = set()
        if not _can_view_situation(request):
            hidden.add("situation")
        if not _can_view_access_needs(request):
            # Access needs too: nowhere without their permission.
            hidden.update(ACCESS_NEEDS_FIELDS)
        return [name for name in names if name not in hidden]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not _can_view_access_needs(request):
            # A declared field stays in the form unless removed here: the needs would be
            # read (and emptied on saving) by staff who may not see them.
            kwargs["form"] = type(self.form.__name__, (self.form,), {"access_needs": None})
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "access_needs" in form.cleaned_data:
            services.access_needs_update(
                participant=obj,
                kinds=form.cleaned_data["access_needs"],
                other=form.cleaned_data.get("access_needs_other", obj.access_needs_other),
            )

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=Count("bookings", filter=Q(bookings__state=BookingState.CONFIRMED)),
                waiting_count=Count("bookings", filter=Q(bookings__state=BookingState.WAITING)),
            )
        )

    # People register through the public form (or at the desk), which books their seats.
    def has_add_permission(self, request):
        return False

    def delete_model(self, request, obj):
        services.participant_delete(participant=obj)

    def delete_queryset(self, request, queryset):
        for participant in queryset:
            services.participant_delete(participant=participant)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # Bookings cannot be deleted by hand; they go with the person, through the service.
        perms_needed.discard(Booking._meta.verbose_name)
        return deleted, counts, perms_needed, protected

    @admin.display(description=_("nom"), ordering="last_name")
    def name(self, participant):
        return str(participant)

    @admin.display(description=_("besoins d’accessibilité"))
    def access_needs(self, participant):
        """The needs, read only (for staff who may only view the registration)."""
        return "; ".join(need.get_kind_display() for need in participant.access_needs.all())

    @admin.display(description=_("inscrit·e par"), ordering="referrer_organisation")
    def referrer(self, participant):
        return participant.referrer_organisation or participant.referrer_name or None

    def get_search_results(self, request, queryset, search_term):
        """A phone typed as people write it (06 12 34 56 78) finds the stored +33612345678."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        try:
            phone = phone_normalize(search_term)
        except ValidationError:
            return results, may_have_duplicates
        return results | queryset.filter(phone=phone), may_have_duplicates

    @admin.display(description=_("téléphone"), ordering="phone")
    def phone_shown(self, participant):
        return phone_display(participant.phone) or None

    @admin.display(description=_("confirmation envoyée"), boolean=True)
    def confirmation_sent(self, participant):
        return participant.confirmation_sent_at is not None

    @admin.display(description=_("places"), ordering="confirmed_count")
    def confirmed_count(self, participant):
        return participant.confirmed_count

    @admin.display(description=_("en attente"), ordering="waiting_count")
    def waiting_count(self, participant):
        return participant.waiting_count

    @admin.action(description=_("Renvoyer la confirmation par courriel"), permissions=["change"])
    def resend_confirmation(self, request, queryset):
        sent = failed = skipped = 0
        for participant in queryset:
            if not participant.email or participant.state == ParticipantState.CANCELLED:
                skipped += 1
            elif messaging_services.confirmation_resend(participant=participant):
                sent += 1
            else:
                failed += 1
        if sent:
            message = ngettext(
                "%(count)d confirmation envoyée.", "%(count)d confirmations envoyées.", sent
            )
            self.message_user(request, message % {"count": sent}, messages.SUCCESS)
        if failed:
            message = ngettext(
                "%(count)d confirmation n’a pas pu partir : réessayez plus tard.",
                "%(count)d confirmations n’ont pas pu partir : réessayez plus tard.",
                failed,
            )
            self.message_user(request, message % {"count": failed}, messages.ERROR)
        if skipped:
            message = ngettext(
                "%(count)d personne sans courriel ou désinscrite : rien envoyé.",
                "%(count)d personnes sans courriel ou désinscrites : rien envoyé.",
                skipped,
            )
            self.message_user(request, message % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Annuler l’inscription"), permissions=["change"])
    def cancel_registration(self, request, queryset):
        cancelled = promoted = 0
        for participant in queryset.filter(state=ParticipantState.REGISTERED):
            promoted += len(services.participant_cancel(participant=participant))
            cancelled += 1
        message = ngettext(
            "%(count)d inscription annulée.", "%(count)d inscriptions annulées.", cancelled
        ) % {"count": cancelled}
        if promoted:
            message += " " + ngettext(
                "%(count)d place libérée est allée à la liste d’attente.",
                "%(count)d places libérées sont allées à la liste d’attente.",
                promoted,
            ) % {"count": promoted}
        self.message_user(request, message, messages.SUCCESS)

    # Exports: CSV and XLSX, with the situation only for staff allowed to see it.

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_resource_classes(self, request):
        return [
            participant_resource_class(
                with_situation=_can_view_situation(request),
                with_access_needs=_can_view_access_needs(request),
            )
        ]

    def get_export_filename(self, request, queryset, file_format):
        return f"participants-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"


# --- Bookings and waiting lists ----------------------------------------------------------


class AttendedFilter(admin.SimpleListFilter):
    title = _("présence")
    parameter_name = "presence"

    def lookups(self, request, model_admin):
        return [("yes", _("Présent·e")), ("no", _("Pas (encore) venu·e"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(attended_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(attended_at__isnull=True)
        return queryset


@admin.register(Booking)
class BookingAdmin(ExportMixin, admin.ModelAdmin):
    """The waiting lists: filter by workshop and « Liste d’attente », oldest first.

    Seats change only through the services: here by the actions, never by editing."""

    list_display = [
        "participant",
        "kind",
        "target",
        "state",
        "position",
        "queued_at",
        "confirmed_at",
        "attended",
    ]
    list_filter = [
        "state",
        AttendedFilter,
        *((kind.field, admin.RelatedOnlyFieldListFilter) for kind in BOOKABLE_KINDS),
    ]
    list_select_related = ["participant", *booking_related()]
    search_fields = [
        "participant__first_name",
        "participant__last_name",
        "participant__email",
        "=participant__ticket_code",
    ]
    ordering = ["state", "queued_at", "id"]
    fields = [
        "participant",
        "kind",
        "target",
        "state",
        "created_at",
        "queued_at",
        "confirmed_at",
        "cancelled_at",
        "attended_at",
        "released_at",
    ]
    readonly_fields = fields
    actions = ["promote", "fill", "cancel"]
    export_formats = [CSV, XLSX]
    to_encoding = "utf-8-sig"

    # Exports: attendance (who came to what), the situation only with the permission.

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_resource_classes(self, request):
        if _can_view_situation(request):
            return [AttendanceWithSituationResource]
        return [AttendanceResource]

    def get_export_filename(self, request, queryset, file_format):
        return f"presences-{timezone.localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        # Queue positions of the whole page in one query, kept on the rows shown.
        bookings = list(changelist.result_list)
        positions = waitlist_positions(
            bookings=[booking for booking in bookings if booking.state == BookingState.WAITING]
        )
        for booking in bookings:
            booking.waitlist_position = positions.get(booking.pk)
        return changelist

    @admin.display(description=_("type"))
    def kind(self, booking):
        return _booking_kind(booking)

    @admin.display(description=_("pour"))
    def target(self, booking):
        return _booking_target(booking)

    @admin.display(description=_("présent·e"), boolean=True)
    def attended(self, booking):
        return booking.attended_at is not None

    @admin.display(description=_("rang d’attente"))
    def position(self, booking):
        return getattr(booking, "waitlist_position", None)

    @admin.action(description=_("Donner une place (liste d’attente)"), permissions=["change"])
    def promote(self, request, queryset):
        promoted = 0
        for booking in queryset:
            try:
                services.waitlist_promote(booking=booking)
            except services.BookingError as error:
                self.message_user(request, f"{booking.participant} : {error}", messages.ERROR)
            else:
                promoted += 1
        if promoted:
            message = ngettext(
                "%(count)d personne a obtenu une place.",
                "%(count)d personnes ont obtenu une place.",
                promoted,
            )
            self.message_user(request, message % {"count": promoted}, messages.SUCCESS)

    @admin.action(
        description=_("Donner les places libres aux premiers en attente"), permissions=["change"]
    )
    def fill(self, request, queryset):
        """After raising a capacity: the free seats of what the selected bookings are for go to
        the people waiting, in queue order."""
        targets = {booking.target for booking in queryset}
        promoted = sum(len(services.waitlist_fill(target=target)) for target in targets)
        message = ngettext(
            "%(count)d personne a obtenu une place.",
            "%(count)d personnes ont obtenu une place.",
            promoted,
        )
        self.message_user(request, message % {"count": promoted}, messages.SUCCESS)

    @admin.action(description=_("Annuler la réservation"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = promoted = 0
        for booking in queryset.active():
            promoted += len(services.booking_cancel(booking=booking))
            cancelled += 1
        message = ngettext(
            "%(count)d réservation annulée.", "%(count)d réservations annulées.", cancelled
        ) % {"count": cancelled}
        if promoted:
            message += " " + ngettext(
                "%(count)d personne de la liste d’attente a obtenu la place.",
                "%(count)d personnes de la liste d’attente ont obtenu une place.",
                promoted,
            ) % {"count": promoted}
        self.message_user(request, message, messages.SUCCESS)
