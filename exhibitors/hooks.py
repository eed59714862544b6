"""What apps above the forum add to a stand's page, without the forum knowing them.

A stand's page (``views.forum.StandDetailView``) shows what other parts of the day hold for
the stand: recruitment's interview sessions, say, and each job offer's page on the job
board. This floor may neither import those apps nor reverse their URL names (STYLE.md: the
floors), so they hand their pieces to this module once, at start-up (``register`` and
``job_offer_url_set`` in their ``AppConfig.ready``), as ``participants`` hands its
queue-filling to ``events.seats``.

The page keeps its content per content version (``{% fragment %}``, events.cache): a piece
must depend only on public content whose models are ``watch``ed, never on the visitor.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.safestring import SafeString

    from events.models import Event

    from .models import JobOffer, Stand

# A section of the stand's page: ``section(stand=…, event=…, request=…)`` (the stand, its
# edition, the request: for the context processors' links) returns its HTML, safe and
# complete (an empty string: nothing to show), shown between the stand's activities and its
# job offers, in the order registered.
StandPageSection = Callable[..., "SafeString | str"]
stand_page_sections: list[StandPageSection] = []

# The address of a job offer's own page (``url(offer)``), or None when no app gives one.
_job_offer_url: Callable[["JobOffer"], str] | None = None


def register(section: StandPageSection) -> StandPageSection:
    """Add ``section`` to every stand's page (once: registering it again changes nothing)."""
    if section not in stand_page_sections:
        stand_page_sections.append(section)
    return section


def job_offer_url_set(url: Callable[["JobOffer"], str]) -> None:
    """Name what gives a job offer's own page (the stand's page links each offer to it)."""
    global _job_offer_url
    _job_offer_url = url


def stand_page_html(
    *, stand: "Stand", event: "Event", request: "HttpRequest"
) -> list["SafeString | str"]:
    """Every registered section of ``stand``'s page, the empty ones left out."""
    sections = (
        section(stand=stand, event=event, request=request) for section in stand_page_sections
    )
    return [html for html in sections if html]


def job_offer_url(offer: "JobOffer") -> str | None:
    """The address of ``offer``'s own page; None when no app gives one."""
    return _job_offer_url(offer) if _job_offer_url else None
