"""Reads that several recruitment pages share."""

import re
from dataclasses import dataclass

from django.db.models import Count, FilteredRelation, Prefetch, Q, QuerySet, Sum

from events.models import Event
from exhibitors.models import JobOffer, Organisation, Sector
from exhibitors.selectors import member_organisations

from .models import InterviewSession, InterviewSlot

# --- Interview sessions and slots -----------------------------------------------------------


def live_slots() -> QuerySet[InterviewSlot]:
    """Slots still on (not cancelled), in time order."""
    return InterviewSlot.objects.filter(cancelled_at__isnull=True).order_by("starts_at", "pk")


def stand_open_sessions(*, stand_id: int) -> QuerySet[InterviewSession]:
    """A stand's sessions open to all, with their room and live slots (``live_slots``), in
    order: two queries (the stand page)."""
    return (
        InterviewSession.objects.open_to_all()
        .filter(stand_id=stand_id)
        .select_related("space")
        .prefetch_related(Prefetch("slots", queryset=live_slots(), to_attr="live_slots"))
        .order_by("starts_at", "pk")
    )


def session_slots(*, session_id: int) -> QuerySet[InterviewSlot]:
    """Every slot of a session, cancelled ones included, in time order (staff and portal)."""
    return InterviewSlot.objects.filter(session_id=session_id).order_by("starts_at", "pk")


# --- The exhibitor portal: the user's organisations, the current edition -----------------


def member_sessions(*, user, event: Event | None) -> QuerySet[InterviewSession]:
    """The interview sessions of the user's organisations at ``event``."""
    if event is None:
        return InterviewSession.objects.none()
    return InterviewSession.objects.filter(
        stand__organisation__members__user=user, stand__event=event
    ).select_related("stand__organisation", "stand__event", "space")


def member_slots(*, user, event: Event | None) -> QuerySet[InterviewSlot]:
    """The slots of the user's sessions at ``event``."""
    if event is None:
        return InterviewSlot.objects.none()
    return InterviewSlot.objects.filter(
        session__stand__organisation__members__user=user, session__stand__event=event
    ).select_related("session__stand__organisation", "session__stand__event")


@dataclass(frozen=True)
class SessionCounts:
    """What the portal home says of an organisation's interview sessions."""

    organisation_id: int
    sessions: int
    slots: int
    seats_taken: int
    seats: int


def member_session_counts(*, user, event: Event | None) -> list[SessionCounts]:
    """For each organisation of the user: its sessions at ``event``, their live slots and
    seats (one query; nothing for anonymous visitors)."""
    if not user.is_authenticated:
        return []
    at_event = Q(stands__event=event)
    live = at_event & Q(stands__interview_sessions__slots__cancelled_at__isnull=True)
    slots = "stands__interview_sessions__slots"
    rows = (
        member_organisations(user=user)
        .order_by()
        .annotate(
            sessions=Count("stands__interview_sessions", filter=at_event, distinct=True),
            slots=Count(slots, filter=live, distinct=True),
            seats_taken=Sum(f"{slots}__seats_taken", filter=live, default=0),
            seats=Sum(f"{slots}__capacity", filter=live, default=0),
        )
        .values_list("pk", "sessions", "slots", "seats_taken", "seats")
    )
    return [SessionCounts(*row) for row in rows]


# --- The job board ---------------------------------------------------------------------------

# A French search finds words whatever their accents and case: "operateur" finds
# "Opérateur", "coeur" "Cœur", "d'entretien" "d’entretien". Portable (PostgreSQL's unaccent
# is not installed, SQLite's lower() knows only ASCII): the words typed are folded here, then
# each becomes a regular expression that accepts every accented form of its letters
# (``iregex``: Python's re on SQLite, ``~*`` on PostgreSQL, the same syntax for these).
_ACCENTED = {"a": "àâäáã", "e": "éèêë", "i": "îïí", "o": "ôöó", "u": "ùûüú", "c": "ç", "y": "ÿ"}
_LIGATURES = {"oe": "œ", "ae": "æ"}
_APOSTROPHES = "'’ʼ"
SEARCH_FOLDS = {letter: plain for plain, letters in _ACCENTED.items() for letter in letters}
SEARCH_FOLDS |= {ligature: plain for plain, ligature in _LIGATURES.items()}
SEARCH_FOLDS |= {apostrophe: "'" for apostrophe in _APOSTROPHES}
SEARCH_FOLDS |= {letter.upper(): plain for letter, plain in SEARCH_FOLDS.items()}
SEARCH_WORDS_MAX = 8


def search_fold(text: str) -> str:
    """``text`` as the job board compares it: lower case, French accents folded."""
    for letter, plain in SEARCH_FOLDS.items():
        text = text.replace(letter, plain)
    return text.lower()


def search_pattern(word: str) -> str:
    """A regular expression that finds the folded ``word`` in any accented form (both
    cases are in each set: PostgreSQL may not fold non-ASCII case)."""
    parts, index = [], 0
    while index < len(word):
        pair = word[index : index + 2]
        if pair in _LIGATURES:
            ligature = _LIGATURES[pair]
            parts.append(f"({pair}|{ligature}|{ligature.upper()})")
            index += 2
            continue
        letter = word[index]
        if letter in _ACCENTED:
            forms = letter + _ACCENTED[letter]
            parts.append(f"[{forms}{forms.upper()}]")
        elif letter == "'":
            parts.append(f"[{_APOSTROPHES}]")
        else:
            parts.append(re.escape(letter))
        index += 1
    return "".join(parts)


def job_offers_current(*, event: Event) -> QuerySet[JobOffer]:
    """The published offers of the organisations with a stand at ``event``, each with its
    organisation, sector and that stand (``offer.current_stand``): one query."""
    return (
        JobOffer.objects.published()
        .annotate(
            current_stand=FilteredRelation(
                "organisation__stands", condition=Q(organisation__stands__event=event)
            )
        )
        .filter(current_stand__isnull=False)
        .select_related("organisation", "sector", "current_stand")
        .order_by("title", "organisation__name", "pk")
    )


def job_offers_filtered(
    *,
    event: Event,
    q: str = "",
    contract: str = "",
    sector: Sector | None = None,
    town: str = "",
    exhibitor: Organisation | None = None,
) -> QuerySet[JobOffer]:
    """The job board's offers, narrowed by each filter given; ``q``: words that must all
    appear in the title, the organisation's name, the town or the description (accents and
    case aside)."""
    offers = job_offers_current(event=event)
    if contract:
        offers = offers.filter(contract_type=contract)
    if sector is not None:
        offers = offers.filter(sector=sector)
    if town:
        offers = offers.filter(place=town)
    if exhibitor is not None:
        offers = offers.filter(organisation=exhibitor)
    for word in search_fold(q).split()[:SEARCH_WORDS_MAX]:
        pattern = search_pattern(word)
        offers = offers.filter(
            Q(title__iregex=pattern)
            | Q(organisation__name__iregex=pattern)
            | Q(place__iregex=pattern)
            | Q(description__iregex=pattern)
        )
    return offers


def job_offer_places(*, event: Event) -> list[str]:
    """The towns of the job board's offers, each once, in order."""
    places = job_offers_current(event=event).order_by("place").values_list("place", flat=True)
    return list(places.distinct())


def job_offer_sectors(*, event: Event) -> QuerySet[Sector]:
    """The sectors of the job board's offers."""
    offers = job_offers_current(event=event)
    return Sector.objects.filter(job_offers__in=offers.values("pk")).distinct().order_by("name")


def job_offer_exhibitors(*, event: Event) -> QuerySet[Organisation]:
    """The organisations with offers on the job board."""
    offers = job_offers_current(event=event)
    return (
        Organisation.objects.filter(job_offers__in=offers.values("pk")).distinct().order_by("name")
    )


def job_offer_heading(*, event: Event, slug: str) -> tuple[int, str, str] | None:
    """(offer id, title, organisation name) of the job board's offer ``slug``, or None: one
    small query, what an offer's page needs when its content comes from ``{% fragment %}``."""
    offers = job_offers_current(event=event).filter(slug=slug)
    return offers.values_list("pk", "title", "organisation__name").first()


def job_offer_detail(*, event: Event, slug: str) -> JobOffer:
    """The job board's offer ``slug`` with its stand; raises JobOffer.DoesNotExist."""
    return job_offers_current(event=event).get(slug=slug)


def job_offer_sessions(*, event: Event, offer_id: int) -> QuerySet[InterviewSession]:
    """The interview sessions open to all that recruit for the offer, with their room and
    their slots still on (not cancelled), in order: two queries."""
    slots = InterviewSlot.objects.filter(cancelled_at__isnull=True).order_by("starts_at", "pk")
    return (
        InterviewSession.objects.open_to_all()
        .filter(job_offers=offer_id, stand__event=event)
        .select_related("space")
        .prefetch_related(Prefetch("slots", queryset=slots, to_attr="live_slots"))
        .order_by("starts_at", "pk")
    )
