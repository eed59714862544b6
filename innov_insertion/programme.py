"""The day's programme: timetable items and workshops merged into one timeline.

This lives in the project package because it composes several apps (events and
workshops), as ``urls.py`` does; the apps themselves never import upwards.
"""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.utils import timezone

from events.models import Event, Space
from events.selectors import timetable_items_for
from workshops.selectors import workshops_for


@dataclass(frozen=True)
class ProgrammeEntry:
    kind_label: str
    title: str
    starts_at: datetime
    ends_at: datetime
    space: Space | None
    url: str
    uid: str
    description: str = ""
    seats_left: int | None = None
    capacity: int | None = None
    is_workshop: bool = False


def programme_entries(*, event: Event) -> list[ProgrammeEntry]:
    """Every timetable item and workshop of the edition, by start time (two to three queries)."""
    entries = [
        ProgrammeEntry(
            kind_label=item.get_kind_display(),
            title=item.title,
            starts_at=item.starts_at,
            ends_at=item.ends_at,
            space=item.space,
            url="",
            uid=f"timetable-{item.pk}",
            description=item.description,
            capacity=item.capacity,
        )
        for item in timetable_items_for(event=event).prefetch_related(None)
    ]
    entries += [
        ProgrammeEntry(
            kind_label=workshop.get_theme_display(),
            title=workshop.title,
            starts_at=workshop.starts_at,
            ends_at=workshop.ends_at,
            space=workshop.space,
            url=workshop.get_absolute_url(),
            uid=f"workshop-{workshop.pk}",
            description=workshop.description,
            seats_left=workshop.seats_left,
            capacity=workshop.capacity,
            is_workshop=True,
        )
        for workshop in workshops_for(event=event)
    ]
    entries.sort(key=lambda entry: (entry.starts_at, entry.ends_at, entry.title))
    return entries


def programme_by_hour(*, event: Event) -> list[tuple[datetime, list[ProgrammeEntry]]]:
    """The programme grouped by the local hour at which each entry starts."""

    def local_hour(entry: ProgrammeEntry) -> datetime:
        return timezone.localtime(entry.starts_at).replace(minute=0, second=0, microsecond=0)

    entries = programme_entries(event=event)
    return [(hour, list(group)) for hour, group in groupby(entries, key=local_hour)]
