"""Reads of registrations that several pages, emails and the admin share."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from events.models import Event, Space, TimetableItem
from exhibitors.models import StandActivity
from workshops.models import Workshop

from .enums import BookingState
from .models import Booking, Participant

# What secrets.token_urlsafe() produces; anything else (NUL bytes…) is not even looked up.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,100}")


def participant_by_token(*, token: str) -> Participant | None:
    """The participant of a personal link, or None (a wrong token says nothing of others)."""
    if not token or token.startswith("anonymised-") or not TOKEN_SHAPE.fullmatch(token):
        return None
    return (
        Participant.objects.select_related("event")
        .filter(token=token, anonymised_at__isnull=True)
        .first()
    )


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


def participant_plan(*, participant: Participant) -> list[PlanEntry]:
    """The person's seats and waiting-list places, by start time, in two queries."""
    bookings = list(
        participant.bookings.active().select_related(
            "workshop__space",
            "timetable_item__space",
            "stand_activity__stand__organisation",
        )
    )
    positions = waitlist_positions(
        bookings=[b for b in bookings if b.state == BookingState.WAITING]
    )
    entries = [_plan_entry(booking, positions.get(booking.pk)) for booking in bookings]
    # Timed entries first, by start; untimed ones (none today) after, by title.
    return sorted(entries, key=lambda e: (e.starts_at is None, e.starts_at or 0, e.title))


def _plan_entry(booking: Booking, position: int | None) -> PlanEntry:
    target = booking.target
    if isinstance(target, StandActivity):
        stand = target.stand
        space = None
        place = f"{stand.organisation.name}, stand {stand.number} ({stand.get_floor_display()})"
        kind_label = target.get_kind_display()
    else:
        space = target.space
        place = f"{space.name} ({space.get_floor_display()})" if space else ""
        kind_label = (
            target.get_theme_display()
            if isinstance(target, Workshop)
            else target.get_kind_display()
        )
    return PlanEntry(
        booking=booking,
        title=str(target),
        kind_label=str(kind_label),
        starts_at=target.starts_at,
        ends_at=target.ends_at,
        space=space,
        place_label=place,
        is_confirmed=booking.state == BookingState.CONFIRMED,
        waitlist_position=position,
    )


def waitlist_positions(*, bookings: list[Booking]) -> dict[int, int]:
    """Position (1 = next) of each waiting booking in its queue, in one query."""
    if not bookings:
        return {}
    condition = Q()
    for field in ("workshop_id", "timetable_item_id", "stand_activity_id"):
        ids = {getattr(b, field) for b in bookings if getattr(b, field)}
        if ids:
            condition |= Q(**{f"{field}__in": ids})
    queue = (
        Booking.objects.filter(condition, state=BookingState.WAITING)
        .order_by("queued_at", "id")
        .values_list("pk", "workshop_id", "timetable_item_id", "stand_activity_id")
    )
    counters: dict[tuple, int] = {}
    positions = {}
    for pk, *target_ids in queue:
        key = tuple(target_ids)
        counters[key] = counters.get(key, 0) + 1
        positions[pk] = counters[key]
    wanted = {b.pk for b in bookings}
    return {pk: position for pk, position in positions.items() if pk in wanted}


def bookable_workshops(*, event: Event) -> QuerySet[Workshop]:
    return (
        Workshop.objects.filter(event=event)
        .select_related("space", "host_organisation")
        .order_by("starts_at", "title")
    )


def bookable_timetable_items(*, event: Event) -> QuerySet[TimetableItem]:
    """The conference and other items with limited seats; free-access items are not booked."""
    return (
        TimetableItem.objects.filter(event=event, capacity__isnull=False)
        .select_related("space")
        .order_by("starts_at", "title")
    )


def bookable_stand_activities(*, event: Event) -> QuerySet[StandActivity]:
    """Stand activities with limited seats (VR headsets, role plays), by stand and time."""
    return (
        StandActivity.objects.filter(stand__event=event, capacity__isnull=False)
        .select_related("stand__organisation")
        .order_by("stand__number", "starts_at", "title")
    )
