"""The day itself: every write of the desk, the workshop doors and the stands goes through here.

Same shape as ``participants.services``: check, then inside ``transaction.atomic()`` lock the
rows that change (``select_for_update()``), re-check, write with ``update_fields``. A ticket
that cannot be used raises ``OnsiteError`` (its French messages are in ``MESSAGES``); the
rules of registration and seats stay ``participants.services.BookingError``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import NoReturn

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from exhibitors.models import Organisation, Stand
from innov_insertion.errors import DomainError
from messaging import tasks
from participants import services as registration
from participants.bookables import Bookable, kind_of
from participants.enums import BookingState, InterviewOutcome, ParticipantState
from participants.models import Booking, Participant
from recruitment.models import InterviewSlot
from workshops.models import Workshop

from . import selectors
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
    "door_waiting": _(
        "%(name)s est sur la liste d’attente de « %(workshop)s » : rang %(rank)s sur %(count)s."
    ),
    "door_released": _(
        "La place de %(name)s pour « %(workshop)s » a été libérée à %(time)s : pas "
        "arrivé·e à temps."
    ),
    "door_full": _("Il n’y a plus de place libre pour « %(workshop)s »."),
    "release_too_early": _(
        "Les places des personnes absentes de « %(workshop)s » se libèrent à %(time)s, pas avant."
    ),
    "contact_refused": _(
        "%(name)s n’a pas accepté que les exposants gardent son contact : rien n’a été noté."
    ),
    # The recruiter's day (an exhibitor's interview slots).
    "interview_not_slot": _("Cette réservation n’est pas un entretien de recrutement."),
    "interview_not_confirmed": _(
        "%(name)s n’a pas de place confirmée pour l’entretien de %(time)s : rien n’a été noté."
    ),
    "interview_too_early": _(
        "L’entretien de %(time)s n’a pas encore commencé : l’absence et la suite donnée se "
        "notent à partir de %(time)s."
    ),
    "interview_outcome_unknown": _("Cette suite n’existe pas : « %(outcome)s »."),
    "interview_ticket_unknown": _(
        "Aucun billet ne porte le code « %(ticket)s » : vérifiez les caractères sous le QR code."
    ),
    "interview_none": _("Ce billet n’a pas d’entretien avec %(organisation)s à cette édition."),
    "interview_waiting": _(
        "Ce billet est sur la liste d’attente de l’entretien de %(time)s : pas de place "
        "confirmée, rien n’a été noté."
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
    else they were already registered and ``arrival`` says when they came in;
    ``known_by`` then says how they were recognised ("email" or "phone")."""

    participant: Participant
    created: bool
    arrival: ArrivalResult
    known_by: str = ""


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


def _participant_registered(
    *, event: Event, person: registration.PersonDetails, by_phone: bool
) -> tuple[Participant | None, str]:
    """The person registered for ``event`` (not cancelled) with the same email, else (when
    ``by_phone``) the same phone; and how they were found ("email", "phone" or "")."""
    people = Participant.objects.filter(event=event, anonymised_at__isnull=True).exclude(
        state=ParticipantState.CANCELLED
    )
    email = registration.registration_email(
        email=person.email, referrer_email=person.referrer_email
    )
    if email:
        known = people.alias(email_lower=Lower("email")).filter(email_lower=email).first()
        if known is not None:
            return known, "email"
    if by_phone and person.phone:
        known = people.filter(phone=person.phone).order_by("pk").first()
        if known is not None:
            return known, "phone"
    return None, ""


def walk_in_register(
    *,
    event: Event,
    person: registration.PersonDetails,
    targets: Iterable,
    accepts_stand_contacts: bool = False,
    another_person: bool = False,
) -> WalkInResult:
    """Register someone who just walked in, and check them in, in one transaction.

    Side effects: through ``participants.services.registration_create(walk_in=True)`` (the
    seats and every rule of registration, but not the online window): a new person is
    registered, booked and noted arrived, and emailed their confirmation after commit.
    Someone already registered for the edition with the same email, or the same phone
    (unless ``another_person``: staff saw that the number is someone else's), is recognised:
    nothing of their registration changes and ``targets`` are not booked (the desk changes
    their plan on its own page, ``views/plans.py``) but the access needs noted at the desk,
    which are added to theirs; the person is checked in as at the entrance.
    Raises ``BookingError`` (a rule of registration) or ``OnsiteError``.
    """
    with transaction.atomic():
        known, known_by = _participant_registered(
            event=event, person=person, by_phone=not another_person
        )
        if known is not None:
            result = registration.RegistrationResult(participant=known, created=False)
        else:
            result = registration.registration_create(
                event=event,
                person=person,
                targets=targets,
                accepts_stand_contacts=accepts_stand_contacts,
                walk_in=True,
            )
            known_by = "" if result.created else "email"  # registered at this very moment
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
    return WalkInResult(
        participant=arrival.participant,
        created=result.created,
        arrival=arrival,
        known_by=known_by,
    )


def booking_attendance_mark(*, workshop: Workshop, ticket_code: str) -> ArrivalResult:
    """Mark a person present at a workshop's door: ``door_attendance_mark``."""
    return door_attendance_mark(target=workshop, ticket_code=ticket_code)


def door_attendance_mark(*, target: Bookable, ticket_code: str) -> ArrivalResult:
    """Mark a person present at the door of ``target`` (a workshop, a conference item, an
    activity session), from their ticket code.

    Side effects: the booking's ``attended_at`` is set the first time (and the person is
    checked in if the entrance missed them). Only a confirmed seat counts: anyone else is
    refused with their standing (``_door_refusal``: rank on the waiting list, seat released).
    """
    with transaction.atomic():
        participant = _participant_by_ticket(event=_event_of(target), ticket_code=ticket_code)
        booking = (
            Booking.objects.select_for_update()
            .filter(
                participant=participant,
                state=BookingState.CONFIRMED,
                **Booking.target_filter(target),
            )
            .first()
        )
        if booking is None:
            _door_refusal(participant=participant, target=target)
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


# --- The doors that fill the room: a refused person's standing, seats of no-shows released,
# the people present seated ------------------------------------------------------------------


def _event_of(target: Bookable) -> Event:
    """The edition of a workshop, a conference item or a stand activity."""
    event = getattr(target, "event", None)
    return event or Event.objects.get(pk=kind_of(target).event_id(target))


def _local_time(moment: datetime) -> str:
    return formats.time_format(timezone.localtime(moment))


def _door_refusal(*, participant: Participant, target: Bookable) -> NoReturn:
    """Why a person has no seat at the door: their rank on the waiting list, their seat
    released, or nothing booked. Always raises ``OnsiteError`` (``params["name"]``: the
    person's name)."""
    booking = Booking.objects.filter(participant=participant, **Booking.target_filter(target))
    booking = booking.first()
    if booking is not None and booking.state == BookingState.WAITING:
        queue = list(
            Booking.objects.waiting()
            .filter(**Booking.target_filter(target))
            .order_by("queued_at", "id")
            .values_list("pk", flat=True)
        )
        raise OnsiteError(
            "door_waiting",
            name=participant.full_name,
            workshop=target,
            rank=queue.index(booking.pk) + 1,
            count=len(queue),
        )
    if booking is not None and booking.state == BookingState.CANCELLED and booking.released_at:
        raise OnsiteError(
            "door_released",
            name=participant.full_name,
            workshop=target,
            time=_local_time(booking.released_at),
        )
    raise OnsiteError("not_booked", name=participant.full_name, workshop=target)


# Refusals at a door after which staff may seat the person when a seat is free.
DOOR_ADMISSIBLE = frozenset({"door_waiting", "door_released", "not_booked"})


def no_shows_release(*, target: Bookable, now: datetime | None = None) -> list[Booking]:
    """From the edition's release time (``Event.no_show_release_minutes`` after ``target``
    starts), give up the seats of the people booked for ``target`` who have not been noted
    present at its door.

    Side effects: through ``participants.services.seats_release_unattended``, under the
    target's row lock, each such booking is cancelled (``BookingState.CANCELLED``, which
    the personal page and the dashboard already understand) and marked ``released_at``;
    the seat count drops; nobody is promoted (staff seat the people present: ``door_admit``;
    a walk-in registered at the desk takes a free seat as usual). After commit each person
    is told (email and/or text, "seat released", ``messaging.tasks``). People who arrived
    keep their seats; a second run finds nobody (idempotent). Returns the released bookings.
    ``OnsiteError("release_too_early")`` before the release time: nothing changes.
    """
    now = now or timezone.now()
    release_at = _event_of(target).no_show_release_at(target.starts_at)
    if release_at is None or now < release_at:
        raise OnsiteError(
            "release_too_early",
            workshop=target,
            time=_local_time(release_at) if release_at else "—",
        )
    with transaction.atomic():
        released = registration.seats_release_unattended(target=target, now=now)
        for booking in released:
            tasks.enqueue_after_commit(tasks.seat_release_deliver, booking.pk)
            tasks.text_enqueue_after_commit(
                tasks.seat_release_text_deliver, booking.pk, participant=booking.participant
            )
    return released


def no_shows_release_due(*, now: datetime | None = None) -> list[tuple[Bookable, list[Booking]]]:
    """``no_shows_release`` for every session under way whose release time has passed and
    whose door is in use (``selectors.sessions_due_for_release``): the timer's command.
    A door where nobody has been noted present is left alone: its staff may be ticking the
    paper list, and releasing would take everyone's seat. Returns each session released,
    with its bookings."""
    now = now or timezone.now()
    done = []
    for target in selectors.sessions_due_for_release(now=now):
        released = no_shows_release(target=target, now=now)
        if released:
            done.append((target, released))
    return done


def door_admit(*, target: Bookable, ticket_code: str, now: datetime | None = None) -> ArrivalResult:
    """Staff seat a person present at the door ("Faire entrer"): someone on the waiting list,
    whose seat was released, or who booked nothing (a walk-in), when a seat is free.

    Side effects: through ``participants.services.seat_give_at_door`` (the seat rules: the
    target's lock, the capacity), their booking becomes a confirmed seat noted present, and
    the person is checked in if the entrance missed them; nothing is sent (they are there).
    ``OnsiteError``: a ticket that cannot be used, or ``door_full`` (nothing changes).
    """
    now = now or timezone.now()
    with transaction.atomic():
        participant = _participant_by_ticket(event=_event_of(target), ticket_code=ticket_code)
        try:
            booking = registration.seat_give_at_door(
                participant=participant, target=target, now=now
            )
        except registration.BookingError:
            raise OnsiteError("door_full", workshop=target) from None
        if participant.checked_in_at is None:
            participant.checked_in_at = now
            participant.save(update_fields=["checked_in_at"])
    return ArrivalResult(
        participant=participant,
        first_time=booking.attended_at == now,
        arrived_at=booking.attended_at,
    )


# --- The recruiter's day: who came to their interview, and what came of it ---------------------


@dataclass(frozen=True)
class InterviewArrival:
    """A ticket scanned at an exhibitor's interviews: whose, which slot, and whether they had
    already been noted present."""

    booking: Booking
    participant: Participant
    slot: InterviewSlot
    first_time: bool


def _interview_booking_locked(*, booking: Booking) -> tuple[Booking, InterviewSlot]:
    """The booking locked again, with its slot; ``OnsiteError`` unless it is a confirmed seat
    for an interview slot."""
    # Locked alone: PostgreSQL refuses FOR UPDATE across the nullable join to the slot.
    locked = Booking.objects.select_for_update().select_related("participant").get(pk=booking.pk)
    if locked.interview_slot_id is None:
        raise OnsiteError("interview_not_slot")
    slot = InterviewSlot.objects.get(pk=locked.interview_slot_id)
    if locked.state != BookingState.CONFIRMED:
        raise OnsiteError(
            "interview_not_confirmed",
            name=locked.participant.full_name,
            time=_local_time(slot.starts_at),
        )
    return locked, slot


def _interview_started(*, slot: InterviewSlot, now: datetime) -> None:
    """Absence and outcome are noted once the interview's time has come, not before (the
    applicant reads them on their page)."""
    if now < slot.starts_at:
        raise OnsiteError("interview_too_early", time=_local_time(slot.starts_at))


def interview_attendance_note(
    *, booking: Booking, present: bool, now: datetime | None = None
) -> Booking:
    """A recruiter notes whether the person booked for an interview slot came ("Venu·e") or
    not ("Absent·e").

    Side effects, on the locked booking: present sets ``attended_at`` (kept when already
    set) and clears ``noted_absent_at``; absent sets ``noted_absent_at`` (from the slot's
    start only) and clears ``attended_at`` and any outcome (nobody was interviewed). The
    applicant's personal page shows the absence. Nothing is sent. ``OnsiteError``: not a
    confirmed interview slot booking, or absent before the slot starts. Returns the booking.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked, slot = _interview_booking_locked(booking=booking)
        if present:
            locked.attended_at = locked.attended_at or now
            locked.noted_absent_at = None
        else:
            _interview_started(slot=slot, now=now)
            locked.noted_absent_at = locked.noted_absent_at or now
            locked.attended_at = None
            locked.outcome = ""
            locked.outcome_noted_at = None
        locked.save(update_fields=["attended_at", "noted_absent_at", "outcome", "outcome_noted_at"])
    return locked


def interview_outcome_note(
    *, booking: Booking, outcome: str, now: datetime | None = None
) -> Booking:
    """A recruiter notes what comes of an interview: a second interview, hired or not
    retained (``InterviewOutcome``).

    Side effects, on the locked booking: ``outcome`` and ``outcome_noted_at`` are set (a
    later choice replaces an earlier one); an interview with an outcome took place, so the
    person is noted present (``attended_at``, kept when set) and no longer absent. The
    applicant's personal page shows the outcome. Nothing is sent. ``OnsiteError``: an
    unknown outcome, not a confirmed interview slot booking, or before the slot starts.
    """
    if outcome not in InterviewOutcome.values:
        raise OnsiteError("interview_outcome_unknown", outcome=str(outcome)[:30])
    now = now or timezone.now()
    with transaction.atomic():
        locked, slot = _interview_booking_locked(booking=booking)
        _interview_started(slot=slot, now=now)
        locked.outcome = outcome
        locked.outcome_noted_at = now
        locked.attended_at = locked.attended_at or now
        locked.noted_absent_at = None
        locked.save(update_fields=["attended_at", "noted_absent_at", "outcome", "outcome_noted_at"])
    return locked


def interview_attendance_scan(
    *, organisation: Organisation, event: Event, ticket_code: str, now: datetime | None = None
) -> InterviewArrival:
    """The door scan at an exhibitor's interviews: the ticket's holder is noted present for
    their interview with ``organisation`` at ``event`` (``interview_attendance_note``), and
    checked in if the entrance missed them.

    ``OnsiteError``: a ticket that cannot be used, or no confirmed interview with
    ``organisation`` (a place on a slot's waiting list is said; the holder's name is not,
    since they have no interview here).
    """
    now = now or timezone.now()
    with transaction.atomic():
        try:
            participant = _participant_by_ticket(event=event, ticket_code=ticket_code)
        except OnsiteError as error:
            if error.code != "ticket_unknown":
                raise
            raise OnsiteError("interview_ticket_unknown", **error.params) from None
        bookings = list(
            Booking.objects.filter(
                participant=participant,
                state__in=[BookingState.CONFIRMED, BookingState.WAITING],
                interview_slot__session__stand__organisation=organisation,
                interview_slot__session__stand__event=event,
            )
            .select_related("interview_slot")
            .order_by("interview_slot__starts_at", "pk")
        )
        confirmed = [b for b in bookings if b.state == BookingState.CONFIRMED]
        if not confirmed:
            if bookings:
                raise OnsiteError(
                    "interview_waiting", time=_local_time(bookings[0].interview_slot.starts_at)
                )
            raise OnsiteError("interview_none", organisation=organisation.name)
        booking = confirmed[0]
        first_time = booking.attended_at is None
        noted = interview_attendance_note(booking=booking, present=True, now=now)
        if participant.checked_in_at is None:
            participant.checked_in_at = now
            participant.save(update_fields=["checked_in_at"])
    return InterviewArrival(
        booking=noted, participant=participant, slot=booking.interview_slot, first_time=first_time
    )
