"""Interview sessions for the recruitment tests, built through the services (as the portal
and the admin do): their slots are generated, never written by hand."""

import datetime as dt

from recruitment import services

from ..factories import StandFactory, at


def session_make(
    event, *, stand=None, start=(14, 0), end=(16, 0), minutes=20, recruiters=1, **extra
):
    """A published session open to all, 14:00–16:00 in 20-minute slots by default."""
    stand = stand or StandFactory(event=event)
    details = services.SessionDetails(
        title=extra.pop("title", "Entretiens — agents de production"),
        starts_at=at(event, *start),
        ends_at=at(event, *end),
        slot_minutes=minutes,
        recruiters=recruiters,
        **extra,
    )
    return services.interview_session_create(stand=stand, details=details)


def details_of(session, **changes) -> services.SessionDetails:
    """The session's details as a form would hand them back, with ``changes``."""
    values = {
        "title": session.title,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "slot_minutes": session.slot_minutes,
        "recruiters": session.recruiters,
        "description": session.description,
        "space": session.space,
        "invitation_only": session.invitation_only,
        "is_published": session.is_published,
        "job_offers": tuple(session.job_offers.all()),
    }
    return services.SessionDetails(**{**values, **changes})


def times_of(session) -> list[str]:
    """The live slots as people see them: "14:00–14:20"."""
    from django.utils import timezone

    return [
        f"{timezone.localtime(slot.starts_at):%H:%M}–{timezone.localtime(slot.ends_at):%H:%M}"
        for slot in session.slots.filter(cancelled_at__isnull=True).order_by("starts_at")
    ]


__all__ = ["session_make", "details_of", "times_of", "dt"]
