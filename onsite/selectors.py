"""Reads of the day: what the desk looks up (a name, the workshops, a door's list), the
exhibitors' own contacts, and the staff's dashboard figures.

The dashboard's figures are each one aggregation (``Count`` with a ``filter``), so the
dashboard costs the same nine queries whether 30 or 3,000 people registered: people, people
by situation (only asked for when the viewer may see situations), people by access need
(only for viewers who may see access needs), one per bookable kind (workshops, the
conference, the stand activities' sessions), stands, the recruitment interviews per
exhibitor, arrivals per half hour.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, TruncHour
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event
from exhibitors import selectors as exhibitor_selectors
from exhibitors.models import Application, JobOffer, Organisation, Stand
from innov_insertion.addresses import email_normalize
from participants.bookables import (
    BOOKABLE_KINDS,
    Bookable,
    booking_related,
    kind_of,
    time_range_label,
)
from participants.enums import (
    AccessNeedKind,
    BookingState,
    InterviewOutcome,
    ParticipantState,
    Situation,
)
from participants.models import REGISTERED_ON_BEHALF, AccessNeed, Booking, Participant
from recruitment.models import InterviewSlot
from workshops.models import Workshop

from .models import StandContact

SEARCH_LIMIT = 20
REGISTERED = Q(state=ParticipantState.REGISTERED)


@dataclass(frozen=True)
class RegistrationFigures:
    """People registered for the edition (cancelled ones are only counted as such)."""

    registered: int
    cancelled: int
    walk_ins: int
    on_behalf: int
    checked_in: int


@dataclass(frozen=True)
class SituationFigures:
    situation: str  # the code; "" when the person did not say
    label: str
    registered: int
    checked_in: int


@dataclass(frozen=True)
class AccessNeedFigures:
    kind: str  # an AccessNeedKind value; OTHER_NEED for the free text
    label: str
    registered: int
    checked_in: int


@dataclass(frozen=True)
class SessionFigures:
    """Seats, queue and attendance of one thing people book: a workshop, the conference, a
    session of a stand activity."""

    target: Bookable
    kind: str  # the bookable kind's field: "workshop", "timetable_item", "stand_activity"
    label: str  # as staff lists name it (an activity with its exhibitor)
    capacity: int | None
    taken: int
    waiting: int
    present: int
    started: bool
    released: int = 0  # seats given up at the door by people who had not arrived

    @property
    def fill_rate(self) -> int | None:
        """Percentage of seats taken, None without a limit (or without seats)."""
        if not self.capacity:
            return None
        return round(100 * self.taken / self.capacity)

    @property
    def no_shows(self) -> int | None:
        """Confirmed seats nobody came to (those released at the door included): only
        meaningful once the workshop started."""
        return self.taken - self.present + self.released if self.started else None


@dataclass(frozen=True)
class ArrivalSlot:
    """People checked in during one half hour (local time)."""

    starts_at: datetime
    arrivals: int
    other_day: bool  # not on the event's date (a test run, a check-in made the day before)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + HALF_HOUR

    @property
    def time_label(self) -> str:
        """ "9h30–10h00" (the locale's time format)."""
        start = formats.time_format(self.starts_at.time())
        return f"{start}–{formats.time_format(self.ends_at.time())}"

    @property
    def label(self) -> str:
        """The time range, after the date when not the event's."""
        if self.other_day:
            day = formats.date_format(self.starts_at.date(), "SHORT_DATE_FORMAT")
            return f"{day} {self.time_label}"
        return self.time_label


@dataclass(frozen=True)
class StandFigures:
    stand: Stand
    contacts: int


@dataclass(frozen=True)
class InterviewFigures:
    """One exhibitor's recruitment interviews at the edition (its published sessions, their
    slots still on): seats, queue, who came, what the recruiters noted; or the totals
    (``stand`` None)."""

    stand: Stand | None
    sessions: int
    slots: int
    places: int
    booked: int
    waiting: int
    attended: int
    absent: int
    second_interview: int
    hired: int
    not_retained: int

    @property
    def fill_rate(self) -> int | None:
        """Percentage of the places booked; None without places."""
        if not self.places:
            return None
        return round(100 * self.booked / self.places)


INTERVIEW_COUNTS = (
    "sessions",
    "slots",
    "places",
    "booked",
    "waiting",
    "attended",
    "absent",
    "second_interview",
    "hired",
    "not_retained",
)


@dataclass(frozen=True)
class DayFigures:
    event: Event
    computed_at: datetime
    registrations: RegistrationFigures
    situations: list[SituationFigures] | None  # None: the viewer may not see situations
    access_needs: list[AccessNeedFigures] | None  # None: the viewer may not see access needs
    workshops: list[SessionFigures]
    conference: list[SessionFigures]  # the timetable items with limited seats
    activities: list[SessionFigures]  # each session of a stand activity with limited seats
    stands: list[StandFigures]
    arrivals: list[ArrivalSlot]
    interviews: list[InterviewFigures]  # per exhibitor with a published session

    @property
    def contacts(self) -> int:
        return sum(row.contacts for row in self.stands)

    @property
    def interview_totals(self) -> InterviewFigures:
        """The interviews of every exhibitor added up (the fill rate of all their places)."""
        return InterviewFigures(
            stand=None,
            **{
                name: sum(getattr(row, name) for row in self.interviews)
                for name in INTERVIEW_COUNTS
            },
        )


def registration_figures(*, event: Event) -> RegistrationFigures:
    """One query."""
    figures = Participant.objects.filter(event=event).aggregate(
        registered=Count("pk", filter=REGISTERED),
        cancelled=Count("pk", filter=Q(state=ParticipantState.CANCELLED)),
        walk_ins=Count("pk", filter=REGISTERED & Q(is_walk_in=True)),
        on_behalf=Count("pk", filter=REGISTERED & REGISTERED_ON_BEHALF),
        checked_in=Count("pk", filter=REGISTERED & Q(checked_in_at__isnull=False)),
    )
    return RegistrationFigures(**figures)


def situation_figures(*, event: Event) -> list[SituationFigures]:
    """Registered people and arrivals by situation, in the order of the form; one query.

    Sensitive: only for viewers holding ``participants.view_situation``."""
    counts = {
        row["situation"]: row
        for row in Participant.objects.filter(event=event, state=ParticipantState.REGISTERED)
        .values("situation")
        .annotate(
            registered=Count("pk"),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
        .order_by()
    }
    rows = []
    for code, label in [*Situation.choices, ("", _("Non renseignée"))]:
        row = counts.get(code, {"registered": 0, "checked_in": 0})
        rows.append(
            SituationFigures(
                situation=code,
                label=str(label),
                registered=row["registered"],
                checked_in=row["checked_in"],
            )
        )
    return rows


OTHER_NEED = "other"
HAS_OTHER_NEED = ~Q(access_needs_other="")


def access_need_figures(*, event: Event) -> list[AccessNeedFigures]:
    """Registered people and arrivals per need (each kind, then "another need" written in
    full), so staff can book interpreters and help; one query (people joined to their
    needs, each person counted once per need).

    Sensitive: only for viewers holding ``participants.view_access_needs`` or
    ``participants.check_in``."""
    arrived = Q(checked_in_at__isnull=False)
    counts = {}
    for kind in AccessNeedKind.values:
        has = Q(access_needs__kind=kind)
        counts[f"{kind}__registered"] = Count("pk", filter=has, distinct=True)
        counts[f"{kind}__checked_in"] = Count("pk", filter=has & arrived, distinct=True)
    counts[f"{OTHER_NEED}__registered"] = Count("pk", filter=HAS_OTHER_NEED, distinct=True)
    counts[f"{OTHER_NEED}__checked_in"] = Count(
        "pk", filter=HAS_OTHER_NEED & arrived, distinct=True
    )
    figures = Participant.objects.filter(event=event, state=ParticipantState.REGISTERED).aggregate(
        **counts
    )
    return [
        AccessNeedFigures(
            kind=kind,
            label=str(label),
            registered=figures[f"{kind}__registered"],
            checked_in=figures[f"{kind}__checked_in"],
        )
        for kind, label in [*AccessNeedKind.choices, (OTHER_NEED, _("Autre besoin"))]
    ]


def session_figures(
    *, event: Event, kind_field: str, now: datetime | None = None
) -> list[SessionFigures]:
    """Seats, waiting lists and attendance of each bookable thing of one kind (``kind_field``:
    "workshop", "timetable_item", "stand_activity"), in the order the programme lists them;
    one query."""
    now = now or timezone.now()
    kind = next(kind for kind in BOOKABLE_KINDS if kind.field == kind_field)
    confirmed = Q(bookings__state=BookingState.CONFIRMED)
    targets = kind.bookable_in(event).annotate(
        confirmed_count=Count("bookings", filter=confirmed),
        waiting_count=Count("bookings", filter=Q(bookings__state=BookingState.WAITING)),
        present_count=Count("bookings", filter=confirmed & Q(bookings__attended_at__isnull=False)),
        released_count=Count(
            "bookings",
            filter=Q(bookings__state=BookingState.CANCELLED, bookings__released_at__isnull=False),
        ),
    )
    return [
        SessionFigures(
            target=target,
            kind=kind.field,
            label=kind.display(target),
            capacity=target.capacity,
            taken=target.confirmed_count,
            waiting=target.waiting_count,
            present=target.present_count,
            started=target.starts_at is not None and target.starts_at <= now,
            released=target.released_count,
        )
        for target in targets
    ]


def workshop_figures(*, event: Event, now: datetime | None = None) -> list[SessionFigures]:
    """Seats, waiting lists and attendance of each workshop, by start time; one query."""
    return session_figures(event=event, kind_field="workshop", now=now)


HALF_HOUR = timedelta(minutes=30)


def arrival_figures(*, event: Event) -> list[ArrivalSlot]:
    """People checked in per half hour, local time: every half hour from the doors' opening
    to the last one someone arrived in (none left out, so the chart reads as a timeline),
    and any other half hour someone arrived in (before the opening, another day); nothing
    before the first arrival. One query."""
    rows = (
        Participant.objects.filter(event=event, state=ParticipantState.REGISTERED)
        .filter(checked_in_at__isnull=False)
        .annotate(
            hour=TruncHour("checked_in_at"),
            half=Case(When(checked_in_at__minute__gte=30, then=Value(30)), default=Value(0)),
        )
        .values("hour", "half")
        .annotate(arrivals=Count("pk"))
        .order_by()
    )
    counts: dict[datetime, int] = {}
    for row in rows:
        start = timezone.localtime(row["hour"]).replace(minute=row["half"])
        counts[start] = counts.get(start, 0) + row["arrivals"]
    zone = timezone.get_current_timezone()
    start = _slot_start(event.date, event.opens_at, zone)
    on_the_day = [slot for slot in counts if slot.date() == event.date and slot >= start]
    end = max(on_the_day, default=start)
    while start <= end and on_the_day:
        counts.setdefault(start, 0)
        start = timezone.localtime(start + HALF_HOUR)
    return [
        ArrivalSlot(starts_at=start, arrivals=counts[start], other_day=start.date() != event.date)
        for start in sorted(counts)
    ]


def _slot_start(day: date, moment: time, zone) -> datetime:
    return datetime.combine(day, moment.replace(minute=30 if moment.minute >= 30 else 0), zone)


def stand_figures(*, event: Event) -> list[StandFigures]:
    """Contacts recorded at each stand of the edition, by stand number; one query."""
    stands = (
        Stand.objects.filter(event=event)
        .select_related("organisation")
        .annotate(contact_count=Count("contacts"))
        .order_by("number")
    )
    return [StandFigures(stand=stand, contacts=stand.contact_count) for stand in stands]


def interview_figures(*, event: Event) -> list[InterviewFigures]:
    """The recruitment interviews of each exhibitor of ``event`` with a published session
    (invitation-only ones included; drafts are not on offer), by organisation: sessions,
    slots still on, their places, confirmed and waiting bookings of those slots, who came
    (noted at the door or by the recruiter), who was noted absent, and the outcomes the
    recruiters noted. One query (the places are a subquery: summing them over the bookings'
    join would count a slot once per booking)."""
    published = Q(interview_sessions__is_published=True)
    live = published & Q(interview_sessions__slots__cancelled_at__isnull=True)
    booking = "interview_sessions__slots__bookings"
    confirmed = live & Q(**{f"{booking}__state": BookingState.CONFIRMED})

    def outcome(value: str) -> Count:
        return Count(booking, filter=confirmed & Q(**{f"{booking}__outcome": value}))

    places = (
        InterviewSlot.objects.filter(
            session__stand=OuterRef("pk"), session__is_published=True, cancelled_at__isnull=True
        )
        .order_by()
        .values("session__stand")
        .annotate(places=Sum("capacity"))
        .values("places")
    )
    stands = (
        Stand.objects.filter(event=event)
        .annotate(
            sessions=Count("interview_sessions", filter=published, distinct=True),
            slots=Count("interview_sessions__slots", filter=live, distinct=True),
            places=Coalesce(Subquery(places), 0),
            booked=Count(booking, filter=confirmed),
            waiting=Count(booking, filter=live & Q(**{f"{booking}__state": BookingState.WAITING})),
            attended=Count(
                booking, filter=confirmed & Q(**{f"{booking}__attended_at__isnull": False})
            ),
            absent=Count(
                booking, filter=confirmed & Q(**{f"{booking}__noted_absent_at__isnull": False})
            ),
            second_interview=outcome(InterviewOutcome.SECOND_INTERVIEW),
            hired=outcome(InterviewOutcome.HIRED),
            not_retained=outcome(InterviewOutcome.NOT_RETAINED),
        )
        .filter(sessions__gt=0)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )
    return [
        InterviewFigures(stand=stand, **{name: getattr(stand, name) for name in INTERVIEW_COUNTS})
        for stand in stands
    ]


def day_figures(
    *,
    event: Event,
    with_situation: bool,
    with_access_needs: bool = False,
    now: datetime | None = None,
) -> DayFigures:
    """Everything the dashboard shows: nine queries (one less without the situations, one
    less without the access needs)."""
    now = now or timezone.now()
    return DayFigures(
        event=event,
        computed_at=now,
        registrations=registration_figures(event=event),
        situations=situation_figures(event=event) if with_situation else None,
        access_needs=access_need_figures(event=event) if with_access_needs else None,
        workshops=session_figures(event=event, kind_field="workshop", now=now),
        conference=session_figures(event=event, kind_field="timetable_item", now=now),
        activities=session_figures(event=event, kind_field="stand_activity", now=now),
        stands=stand_figures(event=event),
        arrivals=arrival_figures(event=event),
        interviews=interview_figures(event=event),
    )


# --- The desk and the doors ------------------------------------------------------------------


def participant_search(
    *, event: Event, words: list[str], limit: int = SEARCH_LIMIT
) -> list[Participant]:
    """People of ``event`` whose first or last name holds every word, by name; at most
    ``limit`` of them (the desk then asks for a more precise name), each with
    ``has_access_needs`` (a need ticked or written). One query."""
    condition = Q()
    for word in words:
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return list(
        Participant.objects.filter(condition, event=event, anonymised_at__isnull=True)
        .annotate(
            has_access_needs=ExpressionWrapper(
                Exists(AccessNeed.objects.filter(participant=OuterRef("pk"))) | HAS_OTHER_NEED,
                output_field=BooleanField(),
            )
        )
        .order_by("last_name", "first_name", "pk")
        .only("first_name", "last_name", "ticket_code", "state", "checked_in_at", "is_walk_in")[
            :limit
        ]
    )


def workshops_of_the_day(*, event: Event) -> QuerySet[Workshop]:
    """The workshops of ``event`` by start time, each with ``present`` (confirmed seats noted
    at the door) and ``waiting`` (its queue's length)."""
    return (
        Workshop.objects.filter(event=event)
        .select_related("space")
        .annotate(
            present=Count(
                "bookings",
                filter=Q(
                    bookings__state=BookingState.CONFIRMED,
                    bookings__attended_at__isnull=False,
                ),
            ),
            waiting=Count("bookings", filter=Q(bookings__state=BookingState.WAITING)),
        )
        .order_by("starts_at", "title")
    )


@dataclass(frozen=True)
class AttendanceList:
    """The list printed for a door (a workshop, a conference item, an activity session):
    seats by name, then the queue in order."""

    confirmed: list[Booking]
    waiting: list[Booking]


def attendance_list(*, target: Bookable) -> AttendanceList:
    """One query."""
    bookings = list(
        Booking.objects.filter(
            state__in=[BookingState.CONFIRMED, BookingState.WAITING],
            **Booking.target_filter(target),
        )
        .select_related("participant")
        .order_by("queued_at", "id")
    )
    confirmed = sorted(
        (b for b in bookings if b.state == BookingState.CONFIRMED),
        key=lambda b: (b.participant.last_name.lower(), b.participant.first_name.lower()),
    )
    waiting = [b for b in bookings if b.state == BookingState.WAITING]
    return AttendanceList(confirmed=confirmed, waiting=waiting)


# --- Contacts met at the stands ----------------------------------------------------------------


def member_stands(*, user, event: Event | None) -> QuerySet[Stand]:
    """The stands of ``event`` held by the organisations ``user`` is a member of, by number."""
    if not user.is_authenticated:
        return Stand.objects.none()
    return exhibitor_selectors.member_stands(user=user, event=event).order_by("number").distinct()


def member_contacts(*, stands: QuerySet[Stand]) -> QuerySet[StandContact]:
    """The contacts recorded at ``stands``, the most recent first."""
    return (
        StandContact.objects.filter(stand__in=stands)
        .select_related("participant", "stand__organisation")
        .order_by("-created_at", "-id")
    )


# --- Access needs: the desk, the doors, the staff's list -------------------------------------


def participant_access_needs(*, participant: Participant) -> list[str]:
    """The labels of the needs ``participant`` ticked, in the form's order; one query."""
    held = set(participant.access_needs.values_list("kind", flat=True))
    return [str(label) for kind, label in AccessNeedKind.choices if kind in held]


@dataclass(frozen=True)
class AccessNeedGroup:
    """The people of one need (a kind ticked, or OTHER_NEED: something written)."""

    kind: str
    label: str
    people: list[Participant]


def access_needs_list(*, event: Event) -> list[AccessNeedGroup]:
    """The people registered for ``event`` who declared a need, one group per need that
    someone has (a person with two needs is in both), by name. Each person comes with
    ``access_needs`` and ``plan``: their confirmed seats as « 14:00–15:30 Atelier CV », by
    start time. Three queries, whatever the number of people."""
    now = timezone.now()
    confirmed = Booking.objects.confirmed().select_related(*booking_related())
    people = list(
        Participant.objects.filter(
            Exists(AccessNeed.objects.filter(participant=OuterRef("pk"))) | HAS_OTHER_NEED,
            event=event,
            state=ParticipantState.REGISTERED,
            anonymised_at__isnull=True,
        )
        .order_by("last_name", "first_name", "pk")
        .prefetch_related(
            "access_needs",
            Prefetch("bookings", queryset=confirmed, to_attr="confirmed_bookings"),
        )
    )
    for person in people:
        targets = sorted(
            (booking.target for booking in person.confirmed_bookings),
            key=lambda target: (target.starts_at is None, target.starts_at or now),
        )
        person.plan = [
            " ".join(filter(None, [time_range_label(target), kind_of(target).display(target)]))
            for target in targets
        ]
    groups = []
    for kind, label in [*AccessNeedKind.choices, (OTHER_NEED, _("Autre besoin"))]:
        if kind == OTHER_NEED:
            members = [person for person in people if person.access_needs_other]
        else:
            members = [
                person
                for person in people
                if any(need.kind == kind for need in person.access_needs.all())
            ]
        if members:
            groups.append(AccessNeedGroup(kind=kind, label=str(label), people=members))
    return groups


# --- The doors: who is expected, who came, who waits -----------------------------------------


@dataclass(frozen=True)
class DoorLists:
    """A door's people: ``expected`` (a confirmed seat, not noted present; by name),
    ``arrived`` (noted present; the latest first), ``waiting`` (the queue, in order) and
    ``released`` (seats released because they had not arrived; by name)."""

    capacity: int | None
    expected: list[Booking]
    arrived: list[Booking]
    waiting: list[Booking]
    released: list[Booking]

    @property
    def taken(self) -> int:
        return len(self.expected) + len(self.arrived)

    @property
    def seats_free(self) -> int | None:
        """Seats nobody holds; None without a limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.taken, 0)

    @property
    def can_seat(self) -> bool:
        """Whether someone present (waiting, released, a walk-in) can be seated now."""
        return self.capacity is None or self.taken < self.capacity


def _by_name(booking: Booking) -> tuple[str, str, int]:
    person = booking.participant
    return (person.last_name.lower(), person.first_name.lower(), booking.pk)


def door_lists(*, target: Bookable) -> DoorLists:
    """The people of ``target``'s door (a workshop, a conference item, an activity session);
    one query."""
    bookings = list(
        Booking.objects.filter(
            Q(state__in=[BookingState.CONFIRMED, BookingState.WAITING])
            | Q(state=BookingState.CANCELLED, released_at__isnull=False),
            **Booking.target_filter(target),
        )
        .select_related("participant")
        .order_by()
    )
    confirmed = [b for b in bookings if b.state == BookingState.CONFIRMED]
    return DoorLists(
        capacity=target.capacity,
        expected=sorted((b for b in confirmed if b.attended_at is None), key=_by_name),
        arrived=sorted(
            (b for b in confirmed if b.attended_at is not None),
            key=lambda b: (b.attended_at, b.pk),
            reverse=True,
        ),
        waiting=sorted(
            (b for b in bookings if b.state == BookingState.WAITING),
            key=lambda b: (b.queued_at, b.pk),
        ),
        released=sorted((b for b in bookings if b.state == BookingState.CANCELLED), key=_by_name),
    )


def sessions_due_for_release(*, now: datetime) -> list[Bookable]:
    """Every session with limited seats, of any bookable kind, under way at ``now`` (started,
    not ended) whose edition's release time has passed (``Event.no_show_release_at``), with
    someone booked not yet noted present and someone already noted present (the door is in
    use). One query per bookable kind released at the door (not interview slots: their
    recruiter notes who did not come), and one for their editions."""
    confirmed = Q(bookings__state=BookingState.CONFIRMED)
    candidates = []
    for kind in BOOKABLE_KINDS:
        if not kind.released_at_door:
            continue
        related = [path.removeprefix(f"{kind.field}__") for path in kind.related]
        candidates += (
            kind.model.objects.filter(capacity__isnull=False, starts_at__lte=now)
            .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
            .select_related(*related)
            .annotate(
                expected_count=Count(
                    "bookings", filter=confirmed & Q(bookings__attended_at__isnull=True)
                ),
                present_count=Count(
                    "bookings", filter=confirmed & Q(bookings__attended_at__isnull=False)
                ),
            )
            .filter(expected_count__gt=0, present_count__gt=0)
            .order_by("starts_at", "pk")
        )
    events = Event.objects.in_bulk({kind_of(target).event_id(target) for target in candidates})
    return [
        target
        for target in candidates
        if events[kind_of(target).event_id(target)].no_show_release_at(target.starts_at) <= now
    ]


# --- The recruiter's day: an exhibitor's interview slots and the people booked ----------------


@dataclass(frozen=True)
class InterviewPerson:
    """Someone with a confirmed seat in an interview slot, as their recruiter sees them.
    ``recruiter``: which of the slot's recruiters in parallel meets them (the k-th confirmed
    booking, by confirmation time); ``shows_contact``: whether they agreed that exhibitors
    keep their contact (the stand contacts' rule); ``application``: the newest application
    they sent this organisation at this edition (same email or phone), for its CV."""

    booking: Booking
    recruiter: int
    shows_contact: bool
    application: Application | None

    @property
    def participant(self) -> Participant:
        return self.booking.participant


@dataclass(frozen=True)
class InterviewDaySlot:
    """One slot of the day: its people, in recruiter order, and how many wait for it."""

    slot: InterviewSlot
    people: list[InterviewPerson]
    waiting: int

    @property
    def session(self):
        return self.slot.session

    @property
    def recruiters(self) -> int:
        """The recruiters in parallel (the slot's seats)."""
        return self.slot.capacity if self.slot.capacity is not None else len(self.people)


@dataclass(frozen=True)
class OrganisationDay:
    """One of the member's organisations: its interview slots of the edition, in time order."""

    organisation: Organisation
    slots: list[InterviewDaySlot]

    @property
    def sessions_count(self) -> int:
        return len({day_slot.slot.session_id for day_slot in self.slots})

    @property
    def people_count(self) -> int:
        return sum(len(day_slot.people) for day_slot in self.slots)


@dataclass(frozen=True)
class RecruiterSheet:
    """A recruiter's schedule on paper: recruiter ``number`` of ``organisation``, each slot
    they hold with the person they meet (None: nobody booked)."""

    organisation: Organisation
    number: int
    rows: list[tuple[InterviewDaySlot, InterviewPerson | None]]

    @property
    def session_titles(self) -> list[str]:
        """The titles of the sessions the recruiter holds slots of, each once, in order."""
        return list(dict.fromkeys(day_slot.session.title for day_slot, _person in self.rows))


def _application_keys(application: Application) -> list[tuple[int, str]]:
    keys = []
    if application.email:
        keys.append((application.organisation_id, email_normalize(application.email)))
    if application.phone:
        keys.append((application.organisation_id, application.phone))
    return keys


def _applications_by_person(
    *, organisations: list[Organisation], event: Event, bookings: list[Booking]
) -> dict[tuple[int, str], Application]:
    """The organisations' applications at ``event`` from the people of ``bookings``, keyed
    by (organisation, normalised email) and (organisation, phone), the newest first: one
    query, none without bookings."""
    emails = {email_normalize(b.participant.email) for b in bookings if b.participant.email}
    phones = {b.participant.phone for b in bookings if b.participant.phone}
    if not (emails or phones):
        return {}
    applications = (
        Application.objects.filter(organisation__in=organisations, event=event)
        .alias(email_lower=Lower("email"))
        .filter(Q(email_lower__in=emails) | Q(phone__in=phones))
        .order_by("-created_at", "-pk")
    )
    found = {}
    for application in applications:
        for key in _application_keys(application):
            found.setdefault(key, application)
    return found


def _application_of(
    found: dict[tuple[int, str], Application], *, organisation_id: int, participant: Participant
) -> Application | None:
    by_email = participant.email and found.get(
        (organisation_id, email_normalize(participant.email))
    )
    by_phone = participant.phone and found.get((organisation_id, participant.phone))
    return by_email or by_phone or None


def recruiter_day(
    *, organisations: list[Organisation], event: Event | None
) -> list[OrganisationDay]:
    """For each organisation (the member's: the caller scopes them), its interview slots of
    ``event`` still on, in time order, each with its confirmed people (in recruiter order,
    their CV when they applied) and its waiting count. Four queries whatever the number of
    slots and people: the slots, their sessions' offers, the bookings, the applications."""
    if event is None or not organisations:
        return [
            OrganisationDay(organisation=organisation, slots=[]) for organisation in organisations
        ]
    bookings = Booking.objects.filter(
        state__in=[BookingState.CONFIRMED, BookingState.WAITING],
        participant__anonymised_at__isnull=True,
    ).select_related("participant")
    slots = list(
        InterviewSlot.objects.filter(
            session__stand__organisation__in=organisations,
            session__stand__event=event,
            cancelled_at__isnull=True,
        )
        .select_related("session__stand", "session__space")
        .prefetch_related(
            Prefetch("session__job_offers", queryset=JobOffer.objects.order_by("title")),
            Prefetch("bookings", queryset=bookings.order_by(), to_attr="day_bookings"),
        )
        .order_by("starts_at", "session__title", "pk")
    )
    confirmed = [
        b for slot in slots for b in slot.day_bookings if b.state == BookingState.CONFIRMED
    ]
    found = _applications_by_person(organisations=organisations, event=event, bookings=confirmed)
    by_organisation: dict[int, list[InterviewDaySlot]] = {}
    for slot in slots:
        organisation_id = slot.session.stand.organisation_id
        seated = sorted(
            (b for b in slot.day_bookings if b.state == BookingState.CONFIRMED),
            key=lambda b: (b.confirmed_at is None, b.confirmed_at or b.created_at, b.pk),
        )
        people = [
            InterviewPerson(
                booking=booking,
                recruiter=number,
                shows_contact=booking.participant.accepts_stand_contacts,
                application=_application_of(
                    found, organisation_id=organisation_id, participant=booking.participant
                ),
            )
            for number, booking in enumerate(seated, start=1)
        ]
        waiting = sum(1 for b in slot.day_bookings if b.state == BookingState.WAITING)
        by_organisation.setdefault(organisation_id, []).append(
            InterviewDaySlot(slot=slot, people=people, waiting=waiting)
        )
    return [
        OrganisationDay(organisation=organisation, slots=by_organisation.get(organisation.pk, []))
        for organisation in organisations
    ]


def recruiter_sheets(*, days: list[OrganisationDay]) -> list[RecruiterSheet]:
    """One schedule per recruiter of each organisation (``recruiter_day``): recruiter k holds
    every slot with k recruiters or more, and meets its k-th person."""
    sheets = []
    for day in days:
        most = max((day_slot.recruiters for day_slot in day.slots), default=0)
        for number in range(1, most + 1):
            rows = [
                (
                    day_slot,
                    day_slot.people[number - 1] if number <= len(day_slot.people) else None,
                )
                for day_slot in day.slots
                if number <= day_slot.recruiters
            ]
            sheets.append(RecruiterSheet(organisation=day.organisation, number=number, rows=rows))
    return sheets


def member_interview_bookings(*, user, event: Event | None) -> QuerySet[Booking]:
    """The bookings of the interview slots of ``user``'s organisations at ``event``: what a
    recruiter may note (another organisation's booking is not in it)."""
    if event is None or not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(
        interview_slot__session__stand__organisation__members__user=user,
        interview_slot__session__stand__event=event,
    ).select_related("participant", "interview_slot")
