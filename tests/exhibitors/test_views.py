import pytest
from django.http import QueryDict
from django.urls import reverse

from events.enums import Floor
from exhibitors.enums import ActivityKind, ContractType, OrganisationKind
from exhibitors.forms import StandFilterForm
from exhibitors.views import forum as forum_views

from ..factories import (
    EventFactory,
    JobOfferFactory,
    OrganisationFactory,
    SectorFactory,
    StandActivityFactory,
    StandFactory,
)

pytestmark = pytest.mark.django_db

# Event, the count for the pages, stands with organisations, sectors, activities, the filter
# form's sectors.
STAND_LIST_QUERIES = 6


@pytest.fixture
def forum(event):
    """Three stands: a private industrial employer, an association, a public employer."""
    industry = SectorFactory(name="Industrie", slug="industrie")
    care = SectorFactory(name="Aide à la personne", slug="aide-a-la-personne")
    michelin = StandFactory(
        event=event,
        number=1,
        organisation=OrganisationFactory(
            name="Michelin",
            slug="michelin",
            sectors=[industry],
            kind=OrganisationKind.PRIVATE_EMPLOYER,
        ),
    )
    StandActivityFactory(stand=michelin, kind=ActivityKind.VR_IMMERSION, title="Casque 3D")
    admr = StandFactory(
        event=event,
        number=2,
        floor=Floor.GARDEN_LEVEL,
        organisation=OrganisationFactory(
            name="ADMR", slug="admr", sectors=[care], kind=OrganisationKind.ASSOCIATION
        ),
    )
    StandActivityFactory(stand=admr, kind=ActivityKind.ROLE_PLAY, title="Mise en situation")
    StandFactory(
        event=event,
        number=3,
        organisation=OrganisationFactory(
            name="France Travail", slug="france-travail", kind=OrganisationKind.PUBLIC_EMPLOYER
        ),
    )
    return event


def test_stand_list_shows_every_stand_with_number_floor_and_activities(client, forum):
    page = client.get(reverse("exhibitors:list")).content.decode()

    assert "3 stands" in page
    assert "Michelin" in page and "ADMR" in page and "France Travail" in page
    assert "Stand 2</span>, rez-de-jardin" in page
    assert "Casque 3D" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"kind": "association"}, ["ADMR"]),
        ({"sector": "industrie"}, ["Michelin"]),
        ({"activity": "role_play"}, ["ADMR"]),
        ({"kind": "private_employer", "sector": "industrie"}, ["Michelin"]),
        ({"kind": "public_employer", "sector": "industrie"}, []),
    ],
)
def test_stand_list_filters_by_kind_sector_and_activity(client, forum, query, expected):
    response = client.get(reverse("exhibitors:list"), query)

    shown = [stand.organisation.name for stand in response.context["page_obj"]]
    assert shown == expected
    if not expected:
        assert "Aucun stand ne correspond à ces filtres" in response.content.decode()


def test_stand_list_with_unknown_filter_values_shows_errors_not_a_crash(client, forum):
    response = client.get(reverse("exhibitors:list"), {"kind": "pirate", "sector": "nope"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sélectionnez un choix valide" in page
    assert [s.organisation.name for s in response.context["page_obj"]] == [
        "Michelin",
        "ADMR",
        "France Travail",
    ]


@pytest.mark.parametrize("size", [3, 30])
def test_stand_list_query_count_stays_flat(client, event, django_assert_num_queries, size):
    for _ in range(size):
        stand = StandFactory(event=event, organisation__sectors=[SectorFactory()])
        StandActivityFactory(stand=stand)

    with django_assert_num_queries(STAND_LIST_QUERIES):
        response = client.get(reverse("exhibitors:list"))

    assert len(response.context["page_obj"]) == size


def test_stand_detail_shows_description_activities_offers_and_location(client, forum):
    michelin = forum.stands.get(number=1).organisation
    JobOfferFactory(
        organisation=michelin, title="Opérateur de production", contract_type=ContractType.CDI
    )
    JobOfferFactory(organisation=michelin, title="Offre retirée", is_published=False)

    page = client.get(reverse("exhibitors:detail", kwargs={"slug": "michelin"})).content.decode()

    assert "<h1>Michelin</h1>" in page
    assert "Stand 1, rez-de-chaussée" in page
    assert "Casque 3D" in page
    assert "Opérateur de production" in page and "CDI" in page
    assert "Offre retirée" not in page


def test_stand_detail_of_organisation_without_stand_this_edition_is_404(client, forum):
    OrganisationFactory(slug="absente")

    response = client.get(reverse("exhibitors:detail", kwargs={"slug": "absente"}))

    assert response.status_code == 404
    assert "Cette page est introuvable" in response.content.decode()


def test_stand_detail_unknown_slug_is_404(client, forum):
    response = client.get("/forum/inconnue/")

    assert response.status_code == 404
    assert "Cette page est introuvable" in response.content.decode()


def test_stand_list_shows_only_the_current_edition(client, forum):
    past = EventFactory(date=forum.date.replace(year=forum.date.year - 1), slug="passee")
    StandFactory(event=past, organisation=OrganisationFactory(name="Ancien exposant"))

    page = client.get(reverse("exhibitors:list")).content.decode()

    assert "Ancien exposant" not in page


def test_stand_list_comes_in_pages_and_keeps_the_filters(client, event):
    StandFactory.create_batch(50, event=event, organisation__kind="association")

    first = client.get(reverse("exhibitors:list"), {"kind": "association"})
    second = client.get(reverse("exhibitors:list"), {"kind": "association", "page": "2"})

    assert len(first.context["page_obj"]) == 48
    assert len(second.context["page_obj"]) == 2
    page = first.content.decode()
    assert "50 stands" in page
    assert "Page 1 sur 2" in page
    assert 'href="?kind=association&amp;page=2" rel="next"' in page
    assert 'aria-current="page"' in second.content.decode()


# Not named "page": that is pytest-playwright's fixture, and overriding it would pull
# these tests (and, by pytest's reordering, every browser test) among the others.
@pytest.mark.parametrize("number", ["abc", "999", "-1", "0", "1e9", "２"])
def test_stand_list_any_page_number_gets_a_page_not_an_error(client, event, number):
    StandFactory.create_batch(3, event=event)

    response = client.get(reverse("exhibitors:list"), {"page": number})

    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 3


@pytest.mark.parametrize(
    "query",
    [
        "x=1",
        "kind=association",
        "kind=pirate",
        "sector=industrie",
        "sector=nope",
        "activity=role_play",
        "kind=private_employer&sector=industrie&activity=vr_immersion&page=2",
        "kind=&sector=&activity=",
    ],
)
def test_stand_filter_valid_filters_are_what_the_form_cleans(forum, query):
    data = QueryDict(query)
    form = StandFilterForm(data)

    filters = StandFilterForm.valid_filters(data)

    assert filters == (form.cleaned_data if form.is_valid() else None)


def test_stand_filter_without_a_query_string_filters_nothing():
    assert StandFilterForm.valid_filters(None) == {}


@pytest.mark.parametrize(
    "query", [{"x": "1"}, {"kind": "association"}, {"sector": "industrie"}, {"page": "2"}]
)
def test_stand_list_from_the_fragment_builds_neither_form_nor_stands(
    client, forum, monkeypatch, django_assert_num_queries, query
):
    url = reverse("exhibitors:list")
    first = client.get(url, query).content.decode()
    built = []
    monkeypatch.setattr(
        forum_views, "StandFilterForm", _counting(forum_views.StandFilterForm, built, "form")
    )
    monkeypatch.setattr(
        forum_views.selectors,
        "stands_filtered",
        _counting(forum_views.selectors.stands_filtered, built, "stands"),
    )

    with django_assert_num_queries(0):
        second = client.get(url, query).content.decode()

    assert second == first
    assert built == []


def _counting(original, calls: list, name: str):
    """``original`` (a class or function) that notes each call in ``calls``; class attributes
    (``valid_filters``, ``base_fields``) stay reachable."""

    class Counting:
        def __getattr__(self, attribute):
            return getattr(original, attribute)

        def __call__(self, *args, **kwargs):
            calls.append(name)
            return original(*args, **kwargs)

    return Counting()
