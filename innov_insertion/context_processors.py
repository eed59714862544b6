"""Links a lower app's templates show to a higher app's pages.

A lower app's template (``workshops``, ``exhibitors``…) never reverses a URL name of an app
above it (STYLE.md: the floors): the link comes in from here, so the lower app keeps not
knowing the higher one. One entry per link, named by what it opens.
"""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from events.selectors import event_for_request
from recruitment.selectors import member_session_counts

from .accounts import staff_places


def site_links(request) -> dict[str, str]:
    return {
        "registration_url": reverse("participants:register"),
        "stand_contacts_url": reverse("onsite:contacts"),
        "recruiter_sessions_url": reverse("recruiter:sessions"),
        "recruiter_day_url": reverse("onsite:recruiter_day"),
        # The portal home's summary of the interview sessions, per organisation: queried
        # only when the home asks.
        "interview_session_counts": SimpleLazyObject(
            lambda: member_session_counts(user=request.user, event=event_for_request(request))
        ),
    }


def staff_navigation(request) -> dict:
    """The staff pages the signed-in person may open (``accounts.staff_places``), for the
    staff header and the error pages; worked out only when a template asks."""
    return {"staff_places": SimpleLazyObject(lambda: staff_places(request.user))}
