"""Reads of the event that several pages share."""

from django.db.models import Prefetch
from django.utils import timezone

from .cache import remembered
from .models import Event, StageAppearance, TimetableItem


def event_current() -> Event | None:
    """The edition the public site shows: the next published one, else the latest past one."""
    today = timezone.localdate()
    published = Event.objects.published()
    return (
        published.filter(date__gte=today).order_by("date").first()
        or published.order_by("-date").first()
    )


def event_for_request(request) -> Event | None:
    """The current edition, looked up once per request (views and templates share it) and
    remembered by the worker until the content changes (``events.cache.remembered``)."""
    if not hasattr(request, "_current_event"):
        request._current_event = remembered("event_current", event_current)
    return request._current_event


def timetable_items_for(*, event: Event):
    """Timetable items of an edition with their room and speakers, in two queries."""
    appearances = StageAppearance.objects.select_related("speaker").order_by("order", "id")
    return (
        TimetableItem.objects.filter(event=event)
        .select_related("space")
        .prefetch_related(Prefetch("appearances", queryset=appearances))
        .order_by("starts_at", "ends_at", "title")
    )
