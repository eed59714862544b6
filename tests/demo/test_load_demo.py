import datetime as dt
from io import StringIO
from itertools import combinations

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from demo.data import DEMO_SLUG
from demo.models import DemoEdition
from demo.services import LOAD, DemoError, demo_event_date, demo_load
from events.enums import Floor, StageRole, TimetableItemKind
from events.models import Event, Speaker, StageAppearance, TimetableItem
from exhibitors.models import Organisation, Stand
from workshops.models import Workshop

from ..factories import EventFactory, OrganisationFactory, StandFactory, WorkshopFactory

TWELVE_ORGANISATIONS = {
    "Agire",
    "ADMR",
    "Michelin",
    "APOR",
    "Les Restos du Cœur",
    "Eureka",
    "Solif",
    "Régie de Territoire",
    "France Travail",
    "Département de Saône-et-Loire",
    "CMQ ITIP",
    "Village de l’ESS",
}


def load_demo(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def model_counts(*, with_history: bool = False) -> dict[str, int]:
    """Rows per model; history (a log of changes) only when asked."""
    return {
        model._meta.label: model.objects.count()
        for label in ("events", "exhibitors", "workshops", "demo")
        for model in apps.get_app_config(label).get_models()
        if with_history or not model._meta.object_name.startswith("Historical")
    }


def appearances_of(kind: str) -> list[tuple[str, str, str, str]]:
    item = TimetableItem.objects.get(event__slug=DEMO_SLUG, kind=kind)
    return [
        (a.role, a.speaker.full_name, a.speaker.organisation, a.speaker.position)
        for a in item.appearances.select_related("speaker").order_by("order")
    ]


@pytest.mark.django_db
def test_load_demo_prints_a_summary():
    output = load_demo()

    assert "demo data loaded" in output
    assert "12 ateliers / workshops" in output


@pytest.mark.django_db
def test_load_demo_organisations_are_the_twelve_of_the_article():
    load_demo()

    names = set(Organisation.objects.values_list("name", flat=True))
    stand_numbers = sorted(
        Stand.objects.filter(event__slug=DEMO_SLUG).values_list("number", flat=True)
    )
    assert names == TWELVE_ORGANISATIONS
    assert stand_numbers == list(range(1, 13))
    assert Organisation.objects.get(slug="restos-du-coeur").name == "Les Restos du Cœur"


@pytest.mark.django_db
def test_load_demo_stands_use_both_floors():
    load_demo()

    floors = set(Stand.objects.filter(event__slug=DEMO_SLUG).values_list("floor", flat=True))
    assert floors == {Floor.GARDEN_LEVEL, Floor.GROUND_FLOOR}


@pytest.mark.django_db
def test_load_demo_twelve_workshops_spread_over_both_floors():
    load_demo()

    workshops = Workshop.objects.filter(event__slug=DEMO_SLUG)
    floors = set(workshops.values_list("space__floor", flat=True))
    assert workshops.count() == 12
    assert floors == {Floor.GARDEN_LEVEL, Floor.GROUND_FLOOR}


@pytest.mark.django_db
def test_load_demo_workshops_have_seats():
    load_demo()

    capacities = list(Workshop.objects.values_list("capacity", flat=True))
    assert all(capacity is not None and capacity > 0 for capacity in capacities)


@pytest.mark.django_db
def test_load_demo_workshops_never_overlap_in_one_room():
    load_demo()

    overlaps = [
        (a.slug, b.slug)
        for a, b in combinations(Workshop.objects.filter(event__slug=DEMO_SLUG), 2)
        if a.space_id == b.space_id and a.starts_at < b.ends_at and b.starts_at < a.ends_at
    ]
    assert overlaps == []


@pytest.mark.django_db
def test_load_demo_conference_is_opened_by_david_marti():
    load_demo()

    conference = TimetableItem.objects.get(kind=TimetableItemKind.CONFERENCE)
    assert appearances_of(TimetableItemKind.CONFERENCE) == [
        (
            StageRole.HOST,
            "David Marti",
            "Communauté Urbaine Creusot Montceau",
            "Président de la CUCM, maire du Creusot",
        )
    ]
    assert conference.space.name == "Amphithéâtre"
    assert timezone.localtime(conference.starts_at).time() == dt.time(17)


@pytest.mark.django_db
def test_load_demo_round_table_has_moderator_and_six_panelists():
    load_demo()

    people = [row[:3] for row in appearances_of(TimetableItemKind.ROUND_TABLE)]
    assert people == [
        (StageRole.MODERATOR, "Justine Journaix", "Impact Tank"),
        (StageRole.PANELIST, "Louis Raynaud", "Cabinet de conseil Bartle"),
        (StageRole.PANELIST, "Enorig Lasserre", "La Passerelle Sodexo"),
        (StageRole.PANELIST, "Marie Le Moigne", "1 km à pieds"),
        (StageRole.PANELIST, "Stéphane Loubet", "Geolink"),
        (StageRole.PANELIST, "Céline Peudenier", "Groupe SOS"),
        (StageRole.PANELIST, "Timothée Duverger", "Sciences Po Bordeaux"),
    ]


@pytest.mark.django_db
def test_load_demo_five_testimonies_in_order():
    load_demo()

    assert appearances_of(TimetableItemKind.TESTIMONIES) == [
        (StageRole.TESTIMONY, "Justine Bobin", "Halmahera", ""),
        (StageRole.TESTIMONY, "Elisa Lauro", "UNITC Business", "étudiante"),
        (StageRole.TESTIMONY, "Emma Salce", "UNITC Business", "étudiante"),
        (StageRole.TESTIMONY, "Patrick Bruyas", "Vitaris", ""),
        (StageRole.TESTIMONY, "Valentyna Lytvynenko", "Greta 71", ""),
    ]


@pytest.mark.django_db
def test_load_demo_event_is_a_future_tuesday_with_registration_open():
    load_demo()

    event = Event.objects.get(slug=DEMO_SLUG)
    assert event.date.weekday() == 1
    assert event.date >= timezone.localdate() + dt.timedelta(days=21)
    assert event.is_registration_open
    assert event.is_published


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (dt.date(2026, 3, 3), dt.date(2026, 3, 24)),  # a Tuesday: exactly three weeks
        (dt.date(2026, 3, 4), dt.date(2026, 3, 31)),  # a Wednesday: the Tuesday after
        (dt.date(2026, 12, 20), dt.date(2027, 1, 12)),  # across the new year
    ],
)
def test_demo_event_date_first_tuesday_three_weeks_ahead(today, expected):
    result = demo_event_date(today=today)

    assert result == expected


@pytest.mark.django_db
def test_load_demo_twice_changes_no_count():
    load_demo()
    before = model_counts(with_history=True)

    load_demo()

    assert model_counts(with_history=True) == before
    assert Event.objects.filter(slug=DEMO_SLUG).count() == 1
    assert Speaker.objects.count() == 13
    assert StageAppearance.objects.count() == 13


@pytest.mark.django_db
def test_load_demo_on_a_later_day_moves_the_date_not_the_counts():
    first = demo_load(today=dt.date(2026, 3, 3))
    before = model_counts()

    second = demo_load(today=dt.date(2026, 12, 20))

    assert second.pk == first.pk
    assert second.date == dt.date(2027, 1, 12)
    assert model_counts() == before
    assert {timezone.localtime(w.starts_at).date() for w in Workshop.objects.all()} == {second.date}


@pytest.fixture
def real_edition(db):
    """An edition staff created, with the demo's slug, not yet published, with content."""
    event = EventFactory(slug=DEMO_SLUG, name="Innov’insertion 2027", is_published=False)
    StandFactory(event=event, organisation=OrganisationFactory(slug="agire", name="Agire 71"))
    WorkshopFactory(event=event, slug="cv-et-lettre-de-motivation", title="Atelier CV")
    return event


def database_state(event: Event) -> tuple[dict, dict[str, int], list[tuple]]:
    """The edition's own fields, the rows per model, and what its workshops and stands say."""
    return (
        Event.objects.filter(pk=event.pk).values().get(),
        model_counts(with_history=True),
        [
            *Workshop.objects.values_list("slug", "title", "capacity", "starts_at"),
            *Stand.objects.values_list("number", "organisation__name", "floor"),
        ],
    )


def test_load_demo_refuses_an_edition_the_demo_did_not_create(real_edition):
    before = database_state(real_edition)

    with pytest.raises(CommandError) as refused:
        load_demo()

    message = str(refused.value)
    assert "Innov’insertion 2027" in message
    assert "(innov-insertion)" in message
    assert "n’a pas été créée par la démo" in message
    assert "--force" in message
    assert database_state(real_edition) == before
    assert not Event.objects.get(pk=real_edition.pk).is_published
    assert not DemoEdition.objects.exists()


def test_demo_load_refuses_an_edition_the_demo_did_not_create(real_edition):
    before = database_state(real_edition)

    with pytest.raises(DemoError) as refused:
        demo_load()

    assert refused.value.code == LOAD
    assert database_state(real_edition) == before


def test_load_demo_with_force_takes_the_edition_over(real_edition):
    output = load_demo("--force")

    event = Event.objects.get(slug=DEMO_SLUG)
    assert "demo data loaded" in output
    assert event.pk == real_edition.pk
    assert event.name == "Innov’insertion"
    assert event.is_published
    assert DemoEdition.objects.get().event == event
    assert Workshop.objects.filter(event=event).count() == 12


def test_load_demo_after_force_reloads_without_force_or_duplicates(real_edition):
    load_demo("--force")
    before = model_counts(with_history=True)

    load_demo()

    assert model_counts(with_history=True) == before
    assert DemoEdition.objects.count() == 1


@pytest.mark.django_db
def test_load_demo_marks_the_edition_it_creates_once():
    load_demo()
    load_demo()

    event = Event.objects.get(slug=DEMO_SLUG)
    assert list(DemoEdition.objects.values_list("event", flat=True)) == [event.pk]


@pytest.mark.django_db
def test_load_demo_republishes_its_own_edition():
    load_demo()
    Event.objects.filter(slug=DEMO_SLUG).update(is_published=False)

    load_demo()

    assert Event.objects.get(slug=DEMO_SLUG).is_published
