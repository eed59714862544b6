"""Loading the demo programme (``demo/data.py``) into the database: ``manage.py load_demo``.

Every row is found again by its natural key (slugs, names, stand numbers), so loading twice
changes nothing. The date follows today: the first Tuesday at least three weeks ahead, with
registration already open. The demo only ever writes into the edition it created itself
(``DemoEdition``): a real edition that happens to have its slug is refused, unless forced.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, Space, Speaker, StageAppearance, TimetableItem
from exhibitors.models import JobOffer, Organisation, Sector, Stand, StandActivity
from innov_insertion.errors import DomainError
from recruitment import services as recruitment_services
from recruitment.models import InterviewSession
from workshops.models import Workshop

from .data import (
    DEMO_SLUG,
    EVENT,
    FORUM_GALLERY,
    FORUM_HALL,
    GARDEN,
    GROUND,
    INTERVIEW_SESSIONS,
    JOB_OFFERS,
    ORGANISATIONS,
    SECTORS,
    SPACES,
    STAND_ACTIVITIES,
    STANDS_ON_GROUND_FLOOR,
    TIMETABLE,
    WORKSHOPS,
)
from .models import DemoEdition

PARIS = ZoneInfo("Europe/Paris")
TUESDAY = 1  # date.weekday()
LOAD, FILL = "load", "fill"


class DemoError(DomainError):
    """The demo will not touch an edition it did not create. Written for the developer
    at the terminal, in French then English, like the commands' other output."""

    messages = {
        LOAD: (
            "L’édition « %(edition)s » du %(date)s (%(slug)s) n’a pas été créée par la démo : "
            "load_demo ne la modifie pas. Ajoutez --force pour la remplacer quand même. / "
            "The edition “%(edition)s” of %(date)s (%(slug)s) was not created by the demo: "
            "load_demo leaves it alone. Add --force to replace it anyway."
        ),
        FILL: (
            "L’édition « %(edition)s » du %(date)s (%(slug)s) n’a pas été créée par la démo : "
            "bench_fill n’y écrit pas. Ajoutez --force pour la remplir quand même. / "
            "The edition “%(edition)s” of %(date)s (%(slug)s) was not created by the demo: "
            "bench_fill does not write into it. Add --force to fill it anyway."
        ),
    }


def _fields_set(instance, values: dict) -> bool:
    """Set ``values`` on ``instance`` and save it only if new or changed: a second run of
    the demo writes nothing (no history entry, no modification date moves)."""
    if instance._state.adding:
        changed = list(values)
    else:
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if instance._state.adding or changed:
        instance.save()
        return True
    return False


def _upsert(model, defaults: dict | None = None, **lookup):
    """update_or_create that leaves an unchanged row alone; returns (instance, created)."""
    instance = model.objects.filter(**lookup).first()
    created = instance is None
    if created:
        instance = model(**lookup)
    _fields_set(instance, defaults or {})
    return instance, created


def demo_event_date(*, today: dt.date) -> dt.date:
    """The first Tuesday at least 21 days after ``today``."""
    day = today + dt.timedelta(days=21)
    return day + dt.timedelta(days=(TUESDAY - day.weekday()) % 7)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm), tzinfo=PARIS)


def demo_edition_get(*, purpose: str, force: bool = False) -> Event | None:
    """The edition with the demo's slug, or None when there is none yet.

    Raises ``DemoError(purpose)`` when that edition exists and the demo did not create it
    (no ``DemoEdition`` row), unless ``force``: a real edition is never the demo's by
    accident. ``purpose`` is ``LOAD`` or ``FILL`` and picks the message. Reads only.
    """
    event = Event.objects.filter(slug=DEMO_SLUG).first()
    if event is None or force or DemoEdition.objects.filter(event=event).exists():
        return event
    raise DemoError(purpose, edition=event.name, date=f"{event.date:%d/%m/%Y}", slug=event.slug)


def demo_load(*, today: dt.date | None = None, force: bool = False) -> Event:
    """Create or update the demo edition and everything in it; returns the event.

    Refuses (``DemoError``, nothing written) an edition with the demo's slug that the demo
    did not create, unless ``force``; then takes it over as its own.

    Side effects: writes events, spaces, sectors, organisations, stands, activities, job
    offers, workshops, timetable items, speakers and the ``DemoEdition`` mark, in one
    transaction. Idempotent.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        demo_edition_get(purpose=LOAD, force=force)
        event = _event_load(today=today)
        DemoEdition.objects.get_or_create(event=event)
        spaces = _spaces_load(event=event)
        organisations = _forum_load(event=event)
        _workshops_load(event=event, spaces=spaces, organisations=organisations)
        _timetable_load(event=event, spaces=spaces)
        _interview_sessions_load(event=event)
    return event


def _event_load(*, today: dt.date) -> Event:
    date = demo_event_date(today=today)
    event, _ = _upsert(
        Event,
        slug=DEMO_SLUG,
        defaults={
            **EVENT,
            "date": date,
            "registration_opens_at": _at(today - dt.timedelta(days=7), "00:00"),
            "registration_closes_at": _at(date - dt.timedelta(days=1), "23:59"),
        },
    )
    return event


def _spaces_load(*, event: Event) -> dict[str, Space]:
    return {
        row["name"]: _upsert(
            Space,
            event=event,
            name=row["name"],
            defaults={k: v for k, v in row.items() if k != "name"},
        )[0]
        for row in SPACES
    }


def _forum_load(*, event: Event) -> dict[str, Organisation]:
    """Sectors, organisations with their stand, stand activities and job offers."""
    sectors = {}
    for name in SECTORS:
        sectors[slugify(name)], _ = _upsert(Sector, slug=slugify(name), defaults={"name": name})
    organisations, stands = {}, {}
    for row in ORGANISATIONS:
        organisation, _ = _upsert(
            Organisation,
            slug=row["slug"],
            defaults={"name": row["name"], "kind": row["kind"], "description": row["description"]},
        )
        organisation.sectors.set([sectors[slug] for slug in row["sectors"]])
        on_ground = row["stand"] <= STANDS_ON_GROUND_FLOOR
        stands[row["slug"]], _ = _upsert(
            Stand,
            event=event,
            organisation=organisation,
            defaults={
                "number": row["stand"],
                "floor": GROUND if on_ground else GARDEN,
                "location_hint": FORUM_HALL if on_ground else FORUM_GALLERY,
            },
        )
        organisations[row["slug"]] = organisation
    for row in STAND_ACTIVITIES:
        _stand_activity_load(stand=stands[row["org"]], row=row, day=event.date)
    for row in JOB_OFFERS:
        _upsert(
            JobOffer,
            organisation=organisations[row["org"]],
            title=row["title"],
            defaults={
                "contract_type": row["contract_type"],
                "sector": sectors[row["sector"]],
                "place": row["place"],
                "is_published": True,
            },
        )
    return organisations


def _stand_activity_load(*, stand: Stand, row: dict, day: dt.date) -> None:
    """One activity, or one timed session of it, found again by its local start time."""
    sessions = StandActivity.objects.filter(stand=stand, title=row["title"])
    if "start" in row:
        starts_at = _at(day, row["start"])
        session = sessions.filter(starts_at__time=starts_at.time()).first()
        ends_at = starts_at + dt.timedelta(minutes=row["minutes"])
    else:
        starts_at = ends_at = None
        session = sessions.filter(starts_at__isnull=True).first()
    session = session or StandActivity(stand=stand, title=row["title"])
    _fields_set(
        session,
        {
            "kind": row["kind"],
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": row.get("capacity"),
        },
    )


def _same_time_on(moment: dt.datetime, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, timezone.localtime(moment).time(), tzinfo=PARIS)


def _interview_sessions_load(*, event: Event) -> None:
    """The exhibitors' interview sessions, through the recruitment services (their slots
    are generated); found again by stand and title, changed only when the data differ."""
    for row in INTERVIEW_SESSIONS:
        stand = Stand.objects.get(event=event, organisation__slug=row["org"])
        offers = tuple(
            JobOffer.objects.filter(
                organisation=stand.organisation, title__in=row["offers"]
            ).order_by("pk")
        )
        details = recruitment_services.SessionDetails(
            title=row["title"],
            description=row["description"],
            starts_at=_at(event.date, row["start"]),
            ends_at=_at(event.date, row["end"]),
            slot_minutes=row["minutes"],
            recruiters=row["recruiters"],
            invitation_only=row["invitation_only"],
            job_offers=offers,
        )
        session = InterviewSession.objects.filter(stand=stand, title=row["title"]).first()
        if session is None:
            recruitment_services.interview_session_create(stand=stand, details=details)
            continue
        if timezone.localdate(session.starts_at) != event.date:
            # The edition moved to another day: the session and its slots (booked ones
            # too) move with it, their times of day unchanged.
            for slot in session.slots.all():
                _fields_set(
                    slot,
                    {
                        "starts_at": _same_time_on(slot.starts_at, event.date),
                        "ends_at": _same_time_on(slot.ends_at, event.date),
                    },
                )
            _fields_set(
                session,
                {
                    "starts_at": _same_time_on(session.starts_at, event.date),
                    "ends_at": _same_time_on(session.ends_at, event.date),
                },
            )
        current = (
            session.title,
            session.description,
            session.starts_at,
            session.ends_at,
            session.slot_minutes,
            session.recruiters,
            session.space,
            session.invitation_only,
            session.is_published,
            {offer.pk for offer in session.job_offers.all()},
        )
        wanted = (
            details.title,
            details.description,
            details.starts_at,
            details.ends_at,
            details.slot_minutes,
            details.recruiters,
            details.space,
            details.invitation_only,
            details.is_published,
            {offer.pk for offer in details.job_offers},
        )
        if current != wanted:
            recruitment_services.interview_session_update(session=session, details=details)


def _workshops_load(
    *, event: Event, spaces: dict[str, Space], organisations: dict[str, Organisation]
) -> None:
    for row in WORKSHOPS:
        _upsert(
            Workshop,
            event=event,
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "theme": row["theme"],
                "description": row["description"],
                "host_organisation": organisations.get(row.get("host", "")),
                "host_name": row.get("host_name", ""),
                "space": spaces[row["space"]],
                "starts_at": _at(event.date, row["start"]),
                "ends_at": _at(event.date, row["end"]),
                "capacity": row["capacity"],
                "audience": row["audience"],
            },
        )


def _timetable_load(*, event: Event, spaces: dict[str, Space]) -> None:
    for row in TIMETABLE:
        item, _ = _upsert(
            TimetableItem,
            event=event,
            title=row["title"],
            defaults={
                "kind": row["kind"],
                "description": row["description"],
                "space": spaces[row["space"]],
                "starts_at": _at(event.date, row["start"]),
                "ends_at": _at(event.date, row["end"]),
                "capacity": row["capacity"],
            },
        )
        for order, (role, full_name, organisation, position) in enumerate(row["speakers"], 1):
            speaker, _ = _upsert(
                Speaker,
                full_name=full_name,
                organisation=organisation,
                defaults={"position": position},
            )
            _upsert(
                StageAppearance,
                timetable_item=item,
                speaker=speaker,
                defaults={"role": role, "order": order},
            )
