"""Reads of the workshops that several pages share."""

from django.db.models import QuerySet

from events.models import Event

from .models import Workshop


def workshops_for(*, event: Event) -> QuerySet[Workshop]:
    """An edition's workshops with their room and host, in one query.

    Seats left come from ``Workshop.seats_left``; the registration issue annotates
    ``seats_taken`` here once bookings exist.
    """
    return (
        Workshop.objects.filter(event=event)
        .select_related("space", "host_organisation")
        .order_by("starts_at", "title")
    )


def workshop_heading(*, event: Event, slug: str) -> tuple[int, str] | None:
    """(id, title) of an edition's workshop, or None: one small query, what a workshop page
    needs when its content comes from ``{% fragment %}``."""
    return Workshop.objects.filter(event=event, slug=slug).values_list("pk", "title").first()
