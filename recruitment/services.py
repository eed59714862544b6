"""Business operations on interview sessions and their slots.

The exhibitor portal, the admin and the demo call these functions; none of them writes a
session or a slot on its own. A session's slots are generated from its time range, slot
length and recruiters (``interview_slot_times``), then edited one by one (add, cancel).
Seats of a slot change only through ``events.seats.capacity_change`` (which serves the
waiting list); bookings live above this floor, in ``participants``: they are read here only
through the reverse relation ``slot.bookings``.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events import seats
from events.models import Space
from exhibitors.models import JobOffer, Stand
from innov_insertion.errors import DomainError

from .enums import SlotLength
from .models import InterviewSession, InterviewSlot

MESSAGES = {
    "no_whole_slot": _(
        "De %(start)s à %(end)s, il n’y a pas la place d’un entretien de %(minutes)s minutes : "
        "allongez la plage horaire ou raccourcissez les entretiens."
    ),
    "bad_slot_length": _("Un entretien dure 10, 15, 20 ou 30 minutes."),
    "no_recruiter": _("Il faut au moins un recruteur."),
    "slot_outside_day": _("Un créneau ajouté doit avoir lieu le même jour que la session."),
    "slot_overlaps": _(
        "Le créneau de %(start)s chevauche un autre créneau de la session (%(other)s) : "
        "rien n’a été ajouté."
    ),
    "slot_booked": _(
        "Des personnes ont réservé ou attendent le créneau de %(start)s : il ne peut pas être "
        "annulé ni supprimé. Prévenez-les d’abord et annulez leur réservation."
    ),
    "session_has_bookings": _(
        "Des personnes ont réservé des créneaux de « %(title)s » : la session ne peut pas "
        "être supprimée. Dépubliez-la ou annulez ses créneaux libres."
    ),
    "times_locked": _(
        "Des créneaux de « %(title)s » sont déjà réservés : la plage horaire et la durée des "
        "entretiens ne peuvent plus changer. Ajoutez ou annulez des créneaux un par un."
    ),
    "offer_not_theirs": _("L’offre « %(title)s » n’appartient pas à cet exposant."),
    "space_elsewhere": _("La salle « %(name)s » n’est pas une salle de cette édition."),
}

# What Booking.state says of someone holding or waiting for a seat (participants.enums;
# read here through the reverse relation only, this floor never imports participants).
_ACTIVE_STATES = ("confirmed", "waiting")


class RecruitmentError(DomainError):
    """A rule about interview sessions says no; ``message`` is written for the exhibitor
    or staff member."""

    messages = MESSAGES


@dataclass(frozen=True)
class SessionDetails:
    """What the portal and admin forms collect for a session (already validated)."""

    title: str
    starts_at: datetime
    ends_at: datetime
    slot_minutes: int
    recruiters: int
    description: str = ""
    space: Space | None = None
    invitation_only: bool = False
    is_published: bool = True
    job_offers: tuple[JobOffer, ...] = ()


def _time(value: datetime) -> str:
    return formats.time_format(timezone.localtime(value))


def interview_slot_times(
    *, starts_at: datetime, ends_at: datetime, minutes: int
) -> list[tuple[datetime, datetime]]:
    """The consecutive whole slots of ``minutes`` from ``starts_at`` to ``ends_at`` at most;
    a remainder shorter than one slot is dropped. Empty when not even one fits."""
    length = timedelta(minutes=minutes)
    times = []
    start = starts_at
    while start + length <= ends_at:
        times.append((start, start + length))
        start += length
    return times


def _is_held(slot: InterviewSlot) -> bool:
    """Someone holds or waits for a seat of ``slot``."""
    return slot.bookings.filter(state__in=_ACTIVE_STATES).exists()


def _details_check(*, stand: Stand, details: SessionDetails) -> list[tuple[datetime, datetime]]:
    """The checks needing no lock; returns the slot times."""
    if details.slot_minutes not in SlotLength.values:
        raise RecruitmentError("bad_slot_length")
    if details.recruiters < 1:
        raise RecruitmentError("no_recruiter")
    for offer in details.job_offers:
        if offer.organisation_id != stand.organisation_id:
            raise RecruitmentError("offer_not_theirs", title=offer.title)
    if details.space is not None and details.space.event_id != stand.event_id:
        raise RecruitmentError("space_elsewhere", name=details.space.name)
    times = interview_slot_times(
        starts_at=details.starts_at, ends_at=details.ends_at, minutes=details.slot_minutes
    )
    if not times:
        raise RecruitmentError(
            "no_whole_slot",
            start=_time(details.starts_at),
            end=_time(details.ends_at),
            minutes=details.slot_minutes,
        )
    return times


_SESSION_FIELDS = [
    "title",
    "description",
    "starts_at",
    "ends_at",
    "slot_minutes",
    "recruiters",
    "space",
    "invitation_only",
    "is_published",
]


def interview_session_create(*, stand: Stand, details: SessionDetails) -> InterviewSession:
    """Publish a session on ``stand`` and generate its slots (each with ``recruiters`` seats).

    Raises ``RecruitmentError`` when no whole slot fits, an offer is another organisation's,
    or the room belongs to another edition. Side effects: the slots show wherever slots are
    offered (stand page, offers, registration form) when the session is published and open
    to all.
    """
    times = _details_check(stand=stand, details=details)
    with transaction.atomic():
        session = InterviewSession.objects.create(
            stand=stand, **{name: getattr(details, name) for name in _SESSION_FIELDS}
        )
        session.job_offers.set(details.job_offers)
        InterviewSlot.objects.bulk_create(
            InterviewSlot(
                session=session, starts_at=start, ends_at=end, capacity=details.recruiters
            )
            for start, end in times
        )
    return session


def _slots_regenerate(*, session: InterviewSession, times) -> None:
    """Replace the session's slots by ``times`` (none of them is held: checked before).

    A slot already at one of the new start times is kept (its end set, cancelled no more);
    the others are deleted, or cancelled when old cancelled bookings still refer to them.
    """
    wanted = dict(times)
    now = timezone.now()
    for slot in session.slots.select_for_update():
        if slot.starts_at in wanted:
            slot.ends_at = wanted.pop(slot.starts_at)
            slot.cancelled_at = None
            slot.save(update_fields=["ends_at", "cancelled_at"])
            continue
        try:
            with transaction.atomic():
                slot.delete()
        except ProtectedError:
            if slot.cancelled_at is None:
                slot.cancelled_at = now
                slot.save(update_fields=["cancelled_at"])
    InterviewSlot.objects.bulk_create(
        InterviewSlot(session=session, starts_at=start, ends_at=end, capacity=session.recruiters)
        for start, end in wanted.items()
    )


def interview_session_update(
    *, session: InterviewSession, details: SessionDetails
) -> InterviewSession:
    """Change a session.

    Recruiters changed: every live slot's seats change through
    ``events.seats.capacity_change`` (``SeatsError`` below the seats taken of one of them,
    nothing changed; seats freed go to the people waiting). Time range or slot length
    changed: the slots are generated again, refused with ``RecruitmentError`` "times_locked"
    while someone holds or waits for one.
    """
    times = _details_check(stand=session.stand, details=details)
    with transaction.atomic():
        locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
        times_changed = (
            locked.starts_at != details.starts_at
            or locked.ends_at != details.ends_at
            or locked.slot_minutes != details.slot_minutes
        )
        if times_changed:
            held = InterviewSlot.objects.filter(
                session=locked, bookings__state__in=_ACTIVE_STATES
            ).exists()
            if held:
                raise RecruitmentError("times_locked", title=locked.title)
        for name in _SESSION_FIELDS:
            setattr(locked, name, getattr(details, name))
        locked.save()
        locked.job_offers.set(details.job_offers)
        if times_changed:
            _slots_regenerate(session=locked, times=times)
        live = InterviewSlot.objects.filter(session=locked, cancelled_at__isnull=True)
        for slot in live.exclude(capacity=details.recruiters).order_by("starts_at"):
            seats.capacity_change(target=slot, capacity=details.recruiters)
    session.refresh_from_db()
    return locked


def interview_slot_add(*, session: InterviewSession, starts_at: datetime) -> InterviewSlot:
    """Add one slot of the session's length at ``starts_at``, with ``recruiters`` seats.

    Refused (``RecruitmentError``) on another day than the session's, or when it overlaps a
    live slot of the session. A cancelled slot at that very time is opened again.
    """
    with transaction.atomic():
        locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
        ends_at = starts_at + timedelta(minutes=locked.slot_minutes)
        day = timezone.localdate(locked.starts_at)
        if timezone.localdate(starts_at) != day or timezone.localdate(ends_at) != day:
            raise RecruitmentError("slot_outside_day")
        other = (
            InterviewSlot.objects.filter(
                session=locked,
                cancelled_at__isnull=True,
                starts_at__lt=ends_at,
                ends_at__gt=starts_at,
            )
            .order_by("starts_at")
            .first()
        )
        if other is not None:
            raise RecruitmentError(
                "slot_overlaps",
                start=_time(starts_at),
                other=f"{_time(other.starts_at)}–{_time(other.ends_at)}",
            )
        cancelled = (
            InterviewSlot.objects.select_for_update()
            .filter(session=locked, starts_at=starts_at)
            .first()
        )
        if cancelled is not None:
            cancelled.ends_at = ends_at
            cancelled.cancelled_at = None
            cancelled.save(update_fields=["ends_at", "cancelled_at"])
            if cancelled.capacity != locked.recruiters:
                seats.capacity_change(target=cancelled, capacity=locked.recruiters)
            return cancelled
        return InterviewSlot.objects.create(
            session=locked, starts_at=starts_at, ends_at=ends_at, capacity=locked.recruiters
        )


def interview_slot_cancel(*, slot: InterviewSlot) -> None:
    """Cancel one slot nobody holds nor waits for; it is no longer offered anywhere.

    The slot's row is locked first, so a booking cannot slip in between the check and the
    cancellation (booking locks it too). Raises ``RecruitmentError`` "slot_booked".
    """
    with transaction.atomic():
        locked = InterviewSlot.objects.select_for_update().get(pk=slot.pk)
        if locked.cancelled_at is not None:
            return
        if _is_held(locked):
            raise RecruitmentError("slot_booked", start=_time(locked.starts_at))
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["cancelled_at"])
    slot.cancelled_at = locked.cancelled_at


def interview_session_delete(*, session: InterviewSession) -> None:
    """Delete a session whose slots nobody holds nor waits for.

    Raises ``RecruitmentError`` "slot_booked" while someone holds or waits for a slot, and
    "session_has_bookings" when cancelled bookings still refer to its slots (unpublish it).
    """
    try:
        with transaction.atomic():
            locked = InterviewSession.objects.select_for_update().get(pk=session.pk)
            slots = list(InterviewSlot.objects.select_for_update().filter(session=locked))
            for slot in sorted(slots, key=lambda slot: slot.starts_at):
                if _is_held(slot):
                    raise RecruitmentError("slot_booked", start=_time(slot.starts_at))
            locked.delete()
    except ProtectedError:
        raise RecruitmentError("session_has_bookings", title=session.title) from None
