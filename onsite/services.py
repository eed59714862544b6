"""The day itself: every write of the desk, the workshop doors and the stands goes through here.

Same shape as ``participants.services``: check, then inside ``transaction.atomic()`` lock the
rows that change (``select_for_update()``), re-check, write with ``update_fields``. A ticket
that cannot be used raises ``OnsiteError`` (its French messages are in ``MESSAGES``); the
rules of registration and seats stay ``participants.services.BookingError``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from exhibitors.models import Stand
from innov_insertion.errors import DomainError
from participants import services as registration
from participants.enums import BookingState, ParticipantState
from participants.models import Booking, Participant
from workshops.models import Workshop

from .models import StandContact

MESSAGES = {
    "ticket_unknown": _(
        "Aucun billet ne porte le code « %(ticket)s » : vérifiez-le, ou cherchez par le nom."
    ),
    "ticket_other_event": _("Ce billet est celui d’une autre édition (%(event)s)."),
    "ticket_cancelled": _(
        "L’inscription de %(name)s a été annulée : elle peut se réinscrire sur place."
    ),
    "not_booked": _("%(name)s n’a pas de place confirmée pour « %(workshop)s »."),
    "contact_refused": _(
        "%(name)s n’a pas accepté que les exposants gardent son contact : rien n’a été noté."
    ),
}


class OnsiteError(DomainError):
    """A ticket cannot be used at the desk, a door or a stand; ``message`` is for the staff
    or the exhibitor holding the scanner."""

    messages = MESSAGES


@dataclass(frozen=True)
class ArrivalResult:
    """What the reception screen shows after a scan: who, and whether they were already in."""

    participant: Participant
    first_time: bool
    arrived_at: datetime


@dataclass(frozen=True)
class WalkInResult:
    """A person registered at the desk: ``created`` when new (their ticket is to print),
    else they were already registered and ``arrival`` says when they came in."""

    participant: Participant
    created: bool
    arrival: ArrivalResult


def _participant_by_ticket(*, event: Event, ticket_code: str) -> Participant:
    """The registration a ticket code belongs to, locked; OnsiteError when it cannot be used."""
    code = "".join(ticket_code.split()).upper()
    participant = (
        Participant.objects.select_for_update()
        .select_related("event")
        .filter(ticket_code=code, anonymised_at__isnull=True)
        .first()
    )
    if participant is None:
        raise OnsiteError("ticket_unknown", ticket=code[:20])
    if participant.event_id != event.pk:
        raise OnsiteError("ticket_other_event", event=participant.event.name)
    if participant.state == ParticipantState.CANCELLED:
        raise OnsiteError("ticket_cancelled", name=participant.full_name)
    return participant


def participant_check_in(*, event: Event, ticket_code: str) -> ArrivalResult:
    """Mark a person arrived at the entrance, from their ticket code (scanned or typed).

    Side effects: ``checked_in_at`` is set the first time only; a second scan changes
    nothing and says when they first arrived.
    """
    with transaction.atomic():
        participant = _participant_by_ticket(event=event, ticket_code=ticket_code)
        first_time = participant.checked_in_at is None
        if first_time:
            participant.checked_in_at = timezone.now()
            participant.save(update_fields=["checked_in_at"])
    return ArrivalResult(
        participant=participant, first_time=first_time, arrived_at=participant.checked_in_at
    )


def walk_in_register(
    *,
    event: Event,
    person: registration.PersonDetails,
    targets: Iterable,
    accepts_stand_contacts: bool = False,
) -> WalkInResult:
    """Register someone who just walked in, and check them in, in one transaction.

    Side effects: through ``participants.services.registration_create(walk_in=True)`` (the
    seats and every rule of registration, but not the online window): a new person is
    registered, booked and noted arrived, and emailed their confirmation after commit. An
    email already registered for the edition changes nothing of the registration (the person
    is emailed their personal link) but the access needs noted at the desk, which are added
    to theirs; the person is checked in as at the entrance.
    Raises ``BookingError`` (a rule of registration) or ``OnsiteError``.
    """
    with transaction.atomic():
        result = registration.registration_create(
            event=event,
            person=person,
            targets=targets,
            accepts_stand_contacts=accepts_stand_contacts,
            walk_in=True,
        )
        participant = result.participant
        if result.created:
            arrival = ArrivalResult(
                participant=participant, first_time=True, arrived_at=participant.checked_in_at
            )
        else:
            arrival = participant_check_in(event=event, ticket_code=participant.ticket_code)
            if person.access_needs or person.access_needs_other:
                # What the desk just noted adds to what the person declared before.
                held = participant.access_needs.values_list("kind", flat=True)
                registration.access_needs_update(
                    participant=arrival.participant,
                    kinds={*held, *person.access_needs},
                    other=person.access_needs_other or participant.access_needs_other,
                )
    return WalkInResult(participant=arrival.participant, created=result.created, arrival=arrival)


def booking_attendance_mark(*, workshop: Workshop, ticket_code: str) -> ArrivalResult:
    """Mark a person present at a workshop's door, from their ticket code.

    Side effects: the booking's ``attended_at`` is set the first time (and the person is
    checked in if the entrance missed them). Only a confirmed seat counts.
    """
    with transaction.atomic():
        participant = _participant_by_ticket(event=workshop.event, ticket_code=ticket_code)
        booking = (
            Booking.objects.select_for_update()
            .filter(participant=participant, workshop=workshop, state=BookingState.CONFIRMED)
            .first()
        )
        if booking is None:
            raise OnsiteError("not_booked", name=participant.full_name, workshop=workshop)
        now = timezone.now()
        first_time = booking.attended_at is None
        if first_time:
            booking.attended_at = now
            booking.save(update_fields=["attended_at"])
        if participant.checked_in_at is None:
            participant.checked_in_at = now
            participant.save(update_fields=["checked_in_at"])
    return ArrivalResult(
        participant=participant, first_time=first_time, arrived_at=booking.attended_at
    )


def stand_contact_record(
    *, stand: Stand, ticket_code: str, recorded_by=None, note: str = ""
) -> tuple[StandContact, bool]:
    """An exhibitor keeps the contact of a visitor met at their stand, by scanning the
    visitor's ticket — only if the visitor agreed to it when registering.

    Side effects: one StandContact per stand and person (a second scan returns it).
    Returns (contact, created).
    """
    with transaction.atomic():
        participant = _participant_by_ticket(event=stand.event, ticket_code=ticket_code)
        if not participant.accepts_stand_contacts:
            raise OnsiteError("contact_refused", name=participant.first_name)
        return StandContact.objects.get_or_create(
            stand=stand,
            participant=participant,
            defaults={"recorded_by": recorded_by, "note": note[:500]},
        )
