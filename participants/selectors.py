"""Reads of registrations that several pages, emails and the admin share."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q
from django.utils.translation import gettext as _

from events.models import Event, Space

from .bookables import BOOKABLE_KINDS
from .enums import BookingState, InterviewOutcome
from .models import Booking, Participant

# What secrets.token_urlsafe() produces; anything else (NUL bytes…) is not even looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,100}")


def participant_by_token(*, token: str, event: Event | None = None) -> Participant | None:
    """The participant of a personal link, or None (a wrong token says nothing of others).

    ``event``: the current edition when the caller has it already (``event_for_request``,
    remembered per content version): a participant of that edition gets it without a join
    (the join and the edition's twenty columns cost as much again as the person alone);
    anyone else's is read when first used."""
    if not token or token.startswith("anonymised-") or not TOKEN_SHAPE.fullmatch(token):
        return None
    participants = Participant.objects.filter(token=token, anonymised_at__isnull=True)
    if event is None:
        participants = participants.select_related("event")
    try:  # get(), not first(): no ORDER BY for a unique token
        participant = participants.get()
    except Participant.DoesNotExist:
        return None
    if event is not None and participant.event_id == event.pk:
        participant.event = event  # another edition's person: read when first used
    return participant


def access_need_kinds(*, participant: Participant) -> list[str]:
    """The access needs the person ticked (``AccessNeedKind`` values), in no order."""
    return list(participant.access_needs.order_by().values_list("kind", flat=True))


@dataclass(frozen=True)
class PlanEntry:
    """One line of a person's plan for the day."""

    booking: Booking
    title: str
    kind_label: str
    starts_at: datetime | None
    ends_at: datetime | None
    space: Space | None
    place_label: str
    is_confirmed: bool
    waitlist_position: int | None

    @property
    def interview_note(self) -> str:
        """What the recruiter noted of an interview slot booking, for the applicant: the
        outcome ("Recruté·e"…), else "Absent·e", else "" (nothing noted, or not an
        interview). Read from the booking: no query."""
        booking = self.booking
        if booking.interview_slot_id is None:
            return ""
        if booking.outcome:
            return str(InterviewOutcome(booking.outcome).label)
        if booking.noted_absent_at is not None:
            return str(_("Absent·e"))
        return ""


def targets_attach(bookings: list[Booking]) -> list[Booking]:
    """Fetch the bookings' targets, one small query per kind held, and set them on the
    bookings. Cheaper than one select_related join over every kind: its planning alone
    cost more than the whole of these (``make bench``, the personal page)."""
    for kind in BOOKABLE_KINDS:
        ids = {getattr(b, f"{kind.field}_id") for b in bookings} - {None}
        if not ids:
            continue
        related = [path.removeprefix(f"{kind.field}__") for path in kind.related]
        targets = kind.model.objects.select_related(*related).order_by().in_bulk(ids)
        for booking in bookings:
            target_id = getattr(booking, f"{kind.field}_id")
            if target_id is not None:
                setattr(booking, kind.field, targets[target_id])
    return bookings


def participant_plan(*, participant: Participant) -> list[PlanEntry]:
    """The person's seats and waiting-list places, by start time: one query for the
    bookings, one per kind they hold, one for waiting-list places if they have any."""
    bookings = targets_attach(list(participant.bookings.active().order_by()))  # sorted below
    positions = waitlist_positions(
        bookings=[b for b in bookings if b.state == BookingState.WAITING]
    )
    entries = [_plan_entry(booking, positions.get(booking.pk)) for booking in bookings]
    # Timed entries first, by start; untimed ones (none today) after, by title.
    return sorted(entries, key=lambda e: (e.starts_at is None, e.starts_at or 0, e.title))


def _plan_entry(booking: Booking, position: int | None) -> PlanEntry:
    kind, target = booking.kind, booking.target
    return PlanEntry(
        booking=booking,
        title=str(target),
        kind_label=str(kind.kind_label(target)),
        starts_at=target.starts_at,
        ends_at=target.ends_at,
        space=kind.space(target),
        place_label=kind.place_label(target),
        is_confirmed=booking.state == BookingState.CONFIRMED,
        waitlist_position=position,
    )


def booking_entry(*, booking: Booking) -> PlanEntry:
    """One booking as a line of a plan, whatever its state (the email that tells a person
    their seat was released shows it, though it is no longer in their plan)."""
    return _plan_entry(booking, None)


def waitlist_positions(*, bookings: list[Booking]) -> dict[int, int]:
    """Position (1 = next) of each waiting booking in its queue, in one query."""
    if not bookings:
        return {}
    target_ids = [f"{kind.field}_id" for kind in BOOKABLE_KINDS]
    condition = Q()
    for name in target_ids:
        ids = {getattr(b, name) for b in bookings if getattr(b, name)}
        if ids:
            condition |= Q(**{f"{name}__in": ids})
    queue = (
        Booking.objects.filter(condition, state=BookingState.WAITING)
        .order_by("queued_at", "id")
        .values_list("pk", *target_ids)
    )
    counters: dict[tuple, int] = {}
    positions = {}
    for pk, *target_key in queue:
        key = tuple(target_key)
        counters[key] = counters.get(key, 0) + 1
        positions[pk] = counters[key]
    wanted = {b.pk for b in bookings}
    return {pk: position for pk, position in positions.items() if pk in wanted}
