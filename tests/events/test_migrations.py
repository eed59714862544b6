"""The history migrations on a database holding data: the programme and the forum written
before history began get their current version recorded, so staff can restore it after the
first change.

Migrations change the schema, so these tests are transactional."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from events.enums import Floor, TimetableItemKind
from events.models import Event, Space, Speaker, TimetableItem
from exhibitors.enums import OrganisationKind
from exhibitors.models import Sector, Stand
from innov_insertion.history import BASELINE_REASON
from workshops.enums import WorkshopTheme
from workshops.models import Workshop

from ..admin_forms import admin_change, history_restore

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_HISTORY = [
    ("events", "0002_seats_taken"),
    ("exhibitors", "0003_exhibitor_portal"),
    ("workshops", "0003_seat_constraints"),
]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def _migrate_to_the_end() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_history():
    """The models as they were before history, to write rows through; migrated to the end
    afterwards."""
    try:
        _migrate(BEFORE_HISTORY)
        executor = MigrationExecutor(connection)
        yield executor.loader.project_state(BEFORE_HISTORY).apps
    finally:
        _migrate_to_the_end()


def _day_written_before_history(apps) -> dict[str, int]:
    """One row of each model that gains a history, written through the old models."""
    model = apps.get_model
    day = timezone.localdate() + dt.timedelta(days=40)
    now = timezone.now()
    event = model("events", "Event").objects.create(
        name="Innov’insertion 2027",
        slug="innov-insertion-2027",
        organiser="CUCM",
        date=day,
        opens_at=dt.time(9),
        closes_at=dt.time(18),
        venue="Hub&Go",
        address="Technopôle",
        postcode="71200",
        city="Le Creusot",
        registration_opens_at=now,
        registration_closes_at=now + dt.timedelta(days=30),
    )
    space = model("events", "Space").objects.create(
        event=event, name="Salle Eiffel", floor=Floor.GROUND_FLOOR
    )
    starts_at = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)
    item = model("events", "TimetableItem").objects.create(
        event=event,
        kind=TimetableItemKind.CONFERENCE,
        title="Table ronde",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        space=space,
    )
    speaker = model("events", "Speaker").objects.create(full_name="Dominique Lefèvre")
    sector = model("exhibitors", "Sector").objects.create(name="Industrie", slug="industrie")
    organisation = model("exhibitors", "Organisation").objects.create(
        name="Forges du Creusot", slug="forges", kind=OrganisationKind.PRIVATE_EMPLOYER
    )
    stand = model("exhibitors", "Stand").objects.create(
        event=event, organisation=organisation, number=12, floor=Floor.GROUND_FLOOR
    )
    workshop = model("workshops", "Workshop").objects.create(
        event=event,
        title="Atelier CV",
        slug="atelier-cv",
        theme=WorkshopTheme.APPLYING,
        space=space,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=1),
        capacity=12,
        seats_taken=3,
    )
    return {
        "event": event.pk,
        "space": space.pk,
        "timetable_item": item.pk,
        "speaker": speaker.pk,
        "sector": sector.pk,
        "stand": stand.pk,
        "workshop": workshop.pk,
    }


MODELS = {
    "event": Event,
    "space": Space,
    "timetable_item": TimetableItem,
    "speaker": Speaker,
    "sector": Sector,
    "stand": Stand,
    "workshop": Workshop,
}


def test_rows_written_before_history_get_their_current_version(before_history):
    pks = _day_written_before_history(before_history)

    _migrate_to_the_end()

    for name, model in MODELS.items():
        row = model.objects.get(pk=pks[name])
        versions = list(row.history.all())
        assert [(v.history_type, v.history_change_reason) for v in versions] == [
            ("+", BASELINE_REASON)
        ], name
        assert str(versions[0].instance) == str(row), name


def test_version_from_before_history_restored_after_a_first_change(before_history, admin_client):
    workshop_pk = _day_written_before_history(before_history)["workshop"]
    _migrate_to_the_end()
    workshop = Workshop.objects.get(pk=workshop_pk)
    admin_change(admin_client, workshop, title="Réussir son CV")

    history_restore(admin_client, workshop, workshop.history.earliest())

    workshop.refresh_from_db()
    assert (workshop.title, workshop.seats_taken) == ("Atelier CV", 3)
