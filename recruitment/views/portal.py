"""Interview sessions in the exhibitor portal (``/exposants/entretiens/``).

A member publishes sessions on their organisation's stand at the current edition, edits them,
adds or cancels a slot, deletes a session nobody booked. Every read is scoped to the user's
organisations and the current edition (``member_sessions``, ``member_slots``), so another
exhibitor's session or slot is a 404 whatever id is typed; every write goes through
``recruitment.services``, whose refusals come back next to the field concerned.
"""

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Prefetch, Sum
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import (
    CreateView,
    DeleteView,
    DetailView,
    FormView,
    TemplateView,
    UpdateView,
)

from events.seats import SeatsError
from exhibitors.models import JobOffer, Organisation, Stand
from exhibitors.selectors import member_stands
from exhibitors.views.portal import MemberRequiredMixin

from .. import services
from ..models import InterviewSession, InterviewSlot
from ..portal_forms import (
    InterviewSessionForm,
    InterviewSlotAddForm,
    add_service_error,
    slot_summary,
)
from ..selectors import member_sessions, member_slots

LIST_URL = reverse_lazy("recruiter:sessions")


@dataclass
class OrganisationSessions:
    """One of the user's organisations on the list: its stand (None: not at this edition)
    and its sessions."""

    organisation: Organisation
    stand: Stand | None
    sessions: list


def _time_label(value) -> str:
    return formats.time_format(timezone.localtime(value))


def _session_summary(session: InterviewSession) -> str:
    live = [slot for slot in session.slots.all() if slot.cancelled_at is None]
    return slot_summary(
        slots=len(live), minutes=session.slot_minutes, recruiters=session.recruiters
    )


# --- The list -----------------------------------------------------------------------------


class SessionListView(MemberRequiredMixin, TemplateView):
    """Each organisation's sessions at the current edition, with their slots."""

    template_name = "recruitment/portal/session_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        stands = {
            stand.organisation_id: stand for stand in member_stands(user=user, event=self.event)
        }
        sessions = member_sessions(user=user, event=self.event).prefetch_related(
            Prefetch("slots", queryset=InterviewSlot.objects.order_by("starts_at")),
            Prefetch("job_offers", queryset=JobOffer.objects.order_by("title")),
        )
        by_organisation = {}
        for session in sessions:
            session.summary = _session_summary(session)
            by_organisation.setdefault(session.stand.organisation_id, []).append(session)
        groups = [
            OrganisationSessions(
                organisation=organisation,
                stand=stands.get(organisation.pk),
                sessions=by_organisation.get(organisation.pk, []),
            )
            for organisation in self.organisations
        ]
        return super().get_context_data(groups=groups, **kwargs)


# --- A session: publish, edit, delete ------------------------------------------------------


class SessionFormMixin:
    """The session form at one stand; "Voir les créneaux" shows what saving would make,
    "Publier"/"Enregistrer" saves through the service."""

    template_name = "recruitment/portal/session_form.html"
    form_class = InterviewSessionForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stand": self.stand}

    def get_context_data(self, **kwargs):
        if self.object is not None and self.object.pk:
            kwargs.setdefault("current_summary", _session_summary(self.object))
        return super().get_context_data(stand=self.stand, **kwargs)

    def form_valid(self, form):
        if "preview" in self.request.POST:
            preview = form.preview()
            if preview is None:
                return self.form_invalid(form)
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            session = self.save(form)
        except (services.RecruitmentError, SeatsError) as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        live = session.slots.filter(cancelled_at__isnull=True).count()
        summary = slot_summary(
            slots=live, minutes=session.slot_minutes, recruiters=session.recruiters
        )
        messages.success(
            self.request, self.success_message % {"title": session.title, "summary": summary}
        )
        return redirect(f"{LIST_URL}#session-{session.pk}")


class SessionCreateView(MemberRequiredMixin, SessionFormMixin, CreateView):
    success_message = gettext_lazy("« %(title)s » est publiée : %(summary)s.")

    @cached_property
    def stand(self):
        stands = member_stands(user=self.request.user, event=self.event)
        return get_object_or_404(stands, pk=self.kwargs["stand_id"])

    def get_form_kwargs(self):
        self.object = InterviewSession(stand=self.stand)
        return super().get_form_kwargs()

    def save(self, form):
        return services.interview_session_create(stand=self.stand, details=form.details())


class SessionUpdateView(MemberRequiredMixin, SessionFormMixin, UpdateView):
    success_message = gettext_lazy("« %(title)s » est enregistrée : %(summary)s.")

    def get_queryset(self):
        return member_sessions(user=self.request.user, event=self.event)

    @property
    def stand(self):
        return self.object.stand

    def get_form_kwargs(self):
        # The form writes what is typed onto its instance: a copy, so that the page (its
        # title, "Aujourd’hui : …") keeps telling what is saved until the service saves.
        return {**super().get_form_kwargs(), "instance": copy.copy(self.object)}

    def save(self, form):
        return services.interview_session_update(session=self.object, details=form.details())


class SessionDeleteView(MemberRequiredMixin, DeleteView):
    template_name = "recruitment/portal/session_delete.html"
    context_object_name = "session"

    def get_queryset(self):
        return member_sessions(user=self.request.user, event=self.event).annotate(
            seats_taken=Sum("slots__seats_taken", default=0)
        )

    def form_valid(self, form):
        try:
            services.interview_session_delete(session=self.object)
        except services.RecruitmentError as error:
            messages.error(self.request, error.message)
            return redirect(f"{LIST_URL}#session-{self.object.pk}")
        messages.success(
            self.request, _("« %(title)s » est supprimée.") % {"title": self.object.title}
        )
        return redirect(LIST_URL)


# --- One slot: add, cancel ------------------------------------------------------------------


class SlotAddView(MemberRequiredMixin, FormView):
    template_name = "recruitment/portal/slot_add.html"
    form_class = InterviewSlotAddForm

    @cached_property
    def session(self):
        sessions = member_sessions(user=self.request.user, event=self.event)
        return get_object_or_404(sessions, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "session": self.session}

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        try:
            slot = services.interview_slot_add(session=self.session, starts_at=form.starts_at())
        except (services.RecruitmentError, SeatsError) as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Le créneau de %(time)s est ajouté à « %(title)s ».") % {
            "time": _time_label(slot.starts_at),
            "title": self.session.title,
        })  # fmt: skip
        return redirect(f"{LIST_URL}#session-{self.session.pk}")


class SlotCancelView(MemberRequiredMixin, DetailView):
    """A confirmation page (no script needed), then the cancellation; refused with the
    service's message while someone holds or waits for the slot."""

    template_name = "recruitment/portal/slot_cancel.html"
    context_object_name = "slot"

    def get_queryset(self):
        return member_slots(user=self.request.user, event=self.event)

    def post(self, request, *args, **kwargs):
        slot = self.get_object()
        back = f"{LIST_URL}#session-{slot.session_id}"
        if slot.cancelled_at is not None:
            messages.info(request, _("Ce créneau est déjà annulé."))
            return redirect(back)
        try:
            services.interview_slot_cancel(slot=slot)
        except services.RecruitmentError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("Le créneau de %(time)s de « %(title)s » est annulé.") % {
            "time": _time_label(slot.starts_at),
            "title": slot.session.title,
        })  # fmt: skip
        return redirect(back)
