"""What recruitment adds to a stand's page on the forum (exhibitors.hooks): the stand's
interview sessions open to all, with their slots, and each job offer's page on the job
board. Registered at start-up (``RecruitmentConfig.ready``): the forum, a floor below,
neither imports this app nor reverses its URLs.

The stand's page keeps its content per content version (``{% fragment %}``): sessions and
slots are ``watch``ed (a change shows at once), seats left follow the slots' ``seats_taken``
(paced like the stand activities' seats, events.cache)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from events.models import Event
from exhibitors.models import JobOffer, Stand

from .selectors import stand_open_sessions


def stand_sessions_html(*, stand: Stand, event: Event, request: HttpRequest) -> SafeString | str:
    """The stand's open interview sessions as a section of its page (times, slot length,
    seats left per slot, a link to book each): two queries; "" when it has none."""
    sessions = list(stand_open_sessions(stand_id=stand.pk))
    if not sessions:
        return ""
    # With the request: the context processors give the registration form's address.
    return render_to_string(
        "recruitment/stand/_sessions.html",
        {"stand": stand, "event": event, "sessions": sessions},
        request=request,
    )


def job_offer_url(offer: JobOffer) -> str:
    """The offer's page on the job board."""
    return reverse("offers:detail", kwargs={"slug": offer.slug})
