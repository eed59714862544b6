"""A registered person's plan, changed at the reception desk on the day.

Someone found at the desk (scan, typed code, search by name, or recognised by the walk-in
form) asks for another workshop: staff open their plan (``/accueil/personnes/<code>/``) and
add, swap or drop a booking through the registration's services, with the same seats,
overlap checks and waiting lists (``participants.services``: ``bookings_create`` with
``at_desk``, ``booking_move``, ``booking_cancel``), then print the updated ticket. The
person's own page reads the same rows. Only staff with ``participants.check_in``.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from participants import selectors as registration_selectors
from participants import services as registration
from participants.bookables import BOOKABLE_KINDS
from participants.enums import BookingState, ParticipantState
from participants.forms import ID_SHAPE
from participants.models import Booking, Participant

from .. import selectors
from ..forms import DeskBookingAddForm, DeskBookingMoveForm
from .desk import ReceptionMixin


def _waitlist_position(booking: Booking) -> int | None:
    return registration_selectors.waitlist_positions(bookings=[booking]).get(booking.pk)


def _added_said(*, booking: Booking, target) -> str:
    if booking.state == BookingState.CONFIRMED:
        return _("« %(title)s » ajouté à son programme : place confirmée.") % {"title": target}
    return _(
        "« %(title)s » est complet : la personne est n° %(position)s sur sa liste d’attente."
    ) % {"title": target, "position": _waitlist_position(booking)}


def _moved_said(*, booking: Booking, old, target) -> str:
    if booking.state == BookingState.CONFIRMED:
        return _("« %(old)s » remplacé par « %(new)s » : place confirmée.") % {
            "old": old,
            "new": target,
        }
    return _(
        "« %(old)s » remplacé par « %(new)s », complet : la personne est n° %(position)s sur "
        "sa liste d’attente."
    ) % {"old": old, "new": target, "position": _waitlist_position(booking)}


class PersonMixin(ReceptionMixin):
    """The person whose ticket code is in the URL, of the current edition (another
    edition's, an unknown or an anonymised one is a 404), with their plan."""

    def get_participant(self) -> Participant:
        if not hasattr(self, "_participant"):
            code = "".join(self.kwargs["code"].split()).upper()
            participant = Participant.objects.filter(
                event=self.event, ticket_code=code, anonymised_at__isnull=True
            ).first()
            if participant is None:
                raise Http404("No such ticket in this edition.")
            participant.event = self.event
            self._participant = participant
        return self._participant

    def get_plan(self) -> list[registration_selectors.PlanEntry]:
        if not hasattr(self, "_plan"):
            self._plan = registration_selectors.participant_plan(participant=self.get_participant())
        return self._plan

    def held(self) -> list[Booking]:
        return [entry.booking for entry in self.get_plan()]

    @property
    def is_registered(self) -> bool:
        return self.get_participant().state == ParticipantState.REGISTERED

    def plan_redirect(self):
        return redirect("onsite:person_plan", code=self.get_participant().ticket_code)

    def get_context_data(self, **kwargs):
        participant = self.get_participant()
        return super().get_context_data(
            participant=participant,
            person=participant,
            plan=self.get_plan(),
            is_registered=self.is_registered,
            **kwargs,
        )


class PersonPlanView(PersonMixin, TemplateView):
    """The person's plan, each booking to swap or drop, and the list to add from (the
    registration's lists: what they hold left out, what clashes with it marked). A link
    from the walk-in form may tick choices at first (``?workshops=12``)."""

    template_name = "onsite/reception/plan.html"

    def get_initial(self) -> dict:
        return {
            kind.form_field: [
                value
                for value in self.request.GET.getlist(kind.form_field)
                if ID_SHAPE.match(value)
            ][:20]
            for kind in BOOKABLE_KINDS
        }

    def get_context_data(self, *, add_form=None, **kwargs):
        if add_form is None and self.is_registered:
            add_form = DeskBookingAddForm(
                event=self.event, held=self.held(), initial=self.get_initial()
            )
        return super().get_context_data(
            add_form=add_form,
            access_needs=selectors.participant_access_needs(participant=self.get_participant()),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Add the choices ticked, all or none (the services say why not, by the choices
        concerned); a full one puts the person on its waiting list, with their rank said."""
        participant = self.get_participant()
        form = DeskBookingAddForm(request.POST, event=self.event, held=self.held())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(add_form=form))
        targets = form.targets()
        try:
            bookings = registration.bookings_create(
                participant=participant, targets=targets, at_desk=True
            )
        except registration.BookingError as error:
            if form.booking_error_add(error):
                return self.render_to_response(self.get_context_data(add_form=form))
            messages.error(request, error.message)  # a cancelled registration, say
            return self.plan_redirect()
        for target, booking in zip(targets, bookings, strict=True):
            messages.success(request, _added_said(booking=booking, target=target))
        return self.plan_redirect()


class BookingMixin(PersonMixin):
    """One active booking of the person, from the URL; gone (dropped, swapped, never
    theirs): back to their plan, which says what holds."""

    def get_entry(self) -> registration_selectors.PlanEntry | None:
        booking_id = self.kwargs["booking_id"]
        return next((e for e in self.get_plan() if e.booking.pk == booking_id), None)

    def dispatch_booking(self, handler, request, *args, **kwargs):
        entry = self.get_entry()
        if entry is None or not self.is_registered:
            messages.info(request, _("Cette réservation n’est plus active : voici son programme."))
            return self.plan_redirect()
        self.entry = entry
        return handler(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(entry=self.entry, **kwargs)


class BookingMoveView(BookingMixin, TemplateView):
    """Swap one booking for another of the same kind, in one step: the new one is booked
    (or queued when full) and the old seat given to the first person waiting, or nothing
    changes (``booking_move``)."""

    template_name = "onsite/reception/booking_move.html"

    def get_form(self, data=None) -> DeskBookingMoveForm:
        return DeskBookingMoveForm(
            data, event=self.event, held=self.held(), booking=self.entry.booking
        )

    def get(self, request, *args, **kwargs):
        return self.dispatch_booking(self._show, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.dispatch_booking(self._move, request, *args, **kwargs)

    def _show(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def _move(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        old = self.entry.booking
        target = form.targets()[0]
        try:
            booking = registration.booking_move(booking=old, target=target)
        except registration.BookingError as error:
            if not form.booking_error_add(error):
                form.add_error(None, error.message)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, _moved_said(booking=booking, old=old.target, target=target))
        return self.plan_redirect()


class BookingDropView(BookingMixin, TemplateView):
    """Drop one booking (after confirming, on a page of its own: no JavaScript needed); its
    seat goes at once to the first person waiting, who is told (``booking_cancel``)."""

    template_name = "onsite/reception/booking_drop.html"

    def get(self, request, *args, **kwargs):
        return self.dispatch_booking(super().get, request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.dispatch_booking(self._drop, request, *args, **kwargs)

    def _drop(self, request, *args, **kwargs):
        booking = self.entry.booking
        registration.booking_cancel(booking=booking)
        if self.entry.is_confirmed:
            text = _("« %(title)s » retiré de son programme ; la place est libérée.")
        else:
            text = _("« %(title)s » retiré de son programme ; sa place d’attente est rendue.")
        messages.success(request, text % {"title": booking.target})
        return self.plan_redirect()


class PersonTicketView(PersonMixin, TemplateView):
    """The person's ticket with their plan as it is now, to print at the desk."""

    template_name = "onsite/reception/plan_ticket.html"

    def get(self, request, *args, **kwargs):
        if not self.is_registered:
            return self.plan_redirect()
        return super().get(request, *args, **kwargs)
