"""Changing how many seats something has: the one service every entry point calls (the
workshop, conference and stand-activity admins, the exhibitor portal).

The number of seats lives here, on the ground floor (``LimitedSeatsModel``); the waiting
lists live above, in ``participants``. When seats come free, the people waiting must get
them before anyone new: ``participants`` hands its queue-filling operation to this module
once, at start-up (``waitlist_filler_set`` in its ``AppConfig.ready``), so this floor never
imports the one above it and no caller can change a capacity without serving the queue.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innov_insertion.errors import DomainError

from .models import LimitedSeatsModel

MESSAGES = {
    "capacity_below_seats": _(
        "%(taken)s places de « %(name)s » sont déjà réservées : le nombre de places ne peut "
        "pas descendre en dessous. Rien n’a été changé."
    ),
}


class SeatsError(DomainError):
    """A rule about seats says no; ``message`` is written for the staff member or exhibitor."""

    messages = MESSAGES


# Set by participants at start-up: gives the free seats of a locked target to the first
# people waiting, announces it to them after commit, and returns their bookings.
_waitlist_fill: Callable[..., list] | None = None


def waitlist_filler_set(fill: Callable[..., list]) -> None:
    """Name the operation that serves a waiting list once seats come free (``target=``)."""
    global _waitlist_fill
    _waitlist_fill = fill


def capacity_change(*, target: LimitedSeatsModel, capacity: int | None) -> list:
    """Set how many seats ``target`` has (``None``: no limit).

    Side effects: the target's row is locked, the new capacity checked against the seats
    already taken (``SeatsError`` below them, nothing changed), saved, and every seat that
    is now free goes to the first people waiting, in queue order, each told after commit.
    Returns the bookings promoted from the waiting list.
    """
    with transaction.atomic():
        locked = type(target).objects.select_for_update().get(pk=target.pk)
        if capacity is not None and capacity < locked.seats_taken:
            raise SeatsError("capacity_below_seats", taken=locked.seats_taken, name=locked)
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        promoted = _waitlist_fill(target=locked) if _waitlist_fill else []
    target.refresh_from_db(fields=["capacity", "seats_taken"])
    return promoted
