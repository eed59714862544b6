"""Staff's view of the recruitment sessions: every write goes through ``services.py``.

A session typed in the admin is created or changed by the session services (its slots are
generated, its seats changed through ``events.seats``); a slot is added from the session's
form, cancelled from the slots' list (an action). A rule saying no is a form error or a
message, never an error page.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.seats import SeatsError
from exhibitors.models import Stand
from innov_insertion.history import HistoryAdmin

from . import services
from .models import InterviewSession, InterviewSlot

# Which field of the session form a refusal of the services is about (None: the form).
_ERROR_FIELDS = {
    "no_whole_slot": "ends_at",
    "bad_slot_length": "slot_minutes",
    "no_recruiter": "recruiters",
    "offer_not_theirs": "job_offers",
    "space_elsewhere": "space",
    "times_locked": None,
}


class InterviewSessionAdminForm(forms.ModelForm):
    """The session's fields, written by the services once the form is valid (in
    ``_post_clean``, so that a refusal shows as a form error and nothing is written)."""

    add_slot_at = forms.TimeField(
        label=_("Ajouter un créneau à"),
        required=False,
        help_text=_(
            "Heure de début d’un créneau de plus, le même jour (il dure la durée d’un "
            "entretien). Vide : aucun."
        ),
    )

    class Meta:
        model = InterviewSession
        fields = [
            "stand",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "slot_minutes",
            "recruiters",
            "job_offers",
            "space",
            "invitation_only",
            "is_published",
        ]

    def details(self) -> services.SessionDetails:
        data = self.cleaned_data
        return services.SessionDetails(
            title=data["title"],
            description=data.get("description", ""),
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            slot_minutes=data["slot_minutes"],
            recruiters=data["recruiters"],
            space=data.get("space"),
            invitation_only=data.get("invitation_only", False),
            is_published=data.get("is_published", False),
            job_offers=tuple(data.get("job_offers") or ()),
        )

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        creating = self.instance.pk is None
        field = None
        try:
            with transaction.atomic():
                if creating:
                    session = services.interview_session_create(
                        stand=self.cleaned_data["stand"], details=self.details()
                    )
                else:
                    session = services.interview_session_update(
                        session=self.instance, details=self.details()
                    )
                add_at = self.cleaned_data.get("add_slot_at")
                if add_at is not None:
                    field = "add_slot_at"
                    day = timezone.localdate(session.starts_at)
                    starts_at = timezone.make_aware(dt.datetime.combine(day, add_at))
                    services.interview_slot_add(session=session, starts_at=starts_at)
        except services.RecruitmentError as error:
            self.add_error(field or _ERROR_FIELDS.get(error.code), error.message)
            return
        except SeatsError as error:
            self.add_error("recruiters", error.message)
            return
        self.instance = session


class InterviewSlotInline(admin.TabularInline):
    """The session's slots and their seats, read only (cancel them from the slots' list)."""

    model = InterviewSlot
    fields = ["starts_at", "ends_at", "capacity", "seats_taken", "cancelled_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InterviewSession)
class InterviewSessionAdmin(HistoryAdmin):
    form = InterviewSessionAdminForm
    list_display = [
        "title",
        "organisation",
        "stand_number",
        "starts_at",
        "ends_at",
        "slot_minutes",
        "recruiters",
        "fill",
        "invitation_only",
        "is_published",
    ]
    list_filter = ["stand__event", "is_published", "invitation_only", "slot_minutes"]
    list_select_related = ["stand__organisation"]
    search_fields = ["title", "stand__organisation__name", "=stand__number"]
    ordering = ["stand__event", "starts_at", "stand__number"]
    autocomplete_fields = ["stand"]
    filter_horizontal = ["job_offers"]
    inlines = [InterviewSlotInline]

    def get_queryset(self, request):
        live = Q(slots__cancelled_at__isnull=True)
        return (
            super()
            .get_queryset(request)
            .annotate(
                seats_total=Sum("slots__capacity", filter=live),
                seats_booked=Sum("slots__seats_taken", filter=live),
                live_slots=Count("slots", filter=live),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        return ["stand"] if obj is not None else []

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        actions.pop("delete_selected", None)  # one at a time, through the service
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "stand":
            kwargs["queryset"] = Stand.objects.select_related("organisation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("exposant"), ordering="stand__organisation__name")
    def organisation(self, session):
        return session.stand.organisation.name

    @admin.display(description=_("stand"), ordering="stand__number")
    def stand_number(self, session):
        return session.stand.number

    @admin.display(description=_("places réservées"))
    def fill(self, session):
        return _("%(booked)s sur %(total)s (%(slots)s créneaux)") % {
            "booked": session.seats_booked or 0,
            "total": session.seats_total or 0,
            "slots": session.live_slots,
        }

    def save_model(self, request, obj, form, change):
        """Already written by the services when the form was validated."""

    def save_related(self, request, form, formsets, change):
        # The offers were set by the services; the slots' inline is read only.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.interview_session_delete(session=obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.RecruitmentError as error:
            self.message_user(request, error.message, messages.ERROR)
            return redirect(reverse("admin:recruitment_interviewsession_change", args=[object_id]))


@admin.register(InterviewSlot)
class InterviewSlotAdmin(admin.ModelAdmin):
    """Every slot, read only; the action cancels the ones chosen nobody holds."""

    list_display = ["__str__", "organisation", "time", "capacity", "seats_taken", "cancelled_at"]
    list_filter = ["session__stand__event", ("cancelled_at", admin.EmptyFieldListFilter)]
    list_select_related = ["session__stand__organisation"]
    search_fields = ["session__title", "session__stand__organisation__name"]
    ordering = ["session__stand__event", "starts_at", "session"]
    readonly_fields = ["session", "starts_at", "ends_at", "capacity", "seats_taken", "cancelled_at"]
    fields = readonly_fields
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False  # added from the session's form

    def has_delete_permission(self, request, obj=None):
        return False  # cancelled, through the service

    @admin.display(description=_("exposant"), ordering="session__stand__organisation__name")
    def organisation(self, slot):
        return slot.session.stand.organisation.name

    @admin.display(description=_("horaire"), ordering="starts_at")
    def time(self, slot):
        start = formats.time_format(timezone.localtime(slot.starts_at))
        end = formats.time_format(timezone.localtime(slot.ends_at))
        return f"{start}–{end}"

    @admin.action(description=_("Annuler les créneaux choisis"), permissions=["change"])
    def cancel(self, request, queryset):
        cancelled = 0
        for slot in queryset.filter(cancelled_at__isnull=True):
            try:
                services.interview_slot_cancel(slot=slot)
            except services.RecruitmentError as error:
                self.message_user(request, error.message, messages.ERROR)
                continue
            cancelled += 1
        if cancelled:
            message = ngettext(
                "%(count)s créneau annulé.", "%(count)s créneaux annulés.", cancelled
            )
            self.message_user(request, message % {"count": cancelled}, messages.SUCCESS)
