"""Pages the page cache does not serve (the registration form, a query string, a filter, the
personal page) keep their content per content version ({% fragment %}, events/cache.py):
what a visitor sees still changes at once with the content, and only the CSRF token and the
visitor's own data are rendered each time."""

import re

import pytest
from django.db.models.query import QuerySet
from django.urls import reverse

from .factories import StandFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = "/inscription/"
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def test_registration_form_shown_again_is_the_same_form_with_its_own_token(
    client, event, django_assert_num_queries
):
    WorkshopFactory(event=event, title="Réussir son CV", capacity=8)
    first = client.get(REGISTER_URL).content.decode()

    with django_assert_num_queries(0):
        second = client.get(REGISTER_URL).content.decode()

    assert "Réussir son CV" in second
    assert "8 places restantes" in second
    assert len(CSRF_VALUE.findall(second)) == 1
    assert CSRF_VALUE.sub("", second) == CSRF_VALUE.sub("", first)


def test_registration_form_shows_seats_left_after_a_booking(client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son CV", capacity=8)
    assert "8 places restantes" in client.get(REGISTER_URL).content.decode()

    register(workshop)

    page = client.get(REGISTER_URL).content.decode()
    assert "7 places restantes" in page
    assert "8 places restantes" not in page


def test_registration_form_ticks_the_workshop_of_the_link_it_came_from(client, event):
    WorkshopFactory(event=event, title="Réussir son CV", slug="reussir-son-cv")
    client.get(REGISTER_URL)

    page = client.get(REGISTER_URL, {"atelier": "reussir-son-cv"}).content.decode()
    plain = client.get(REGISTER_URL).content.decode()

    assert re.search(r'name="workshops" value="\d+" id="[^"]+" checked', page)
    assert " checked" not in plain.split('name="workshops"', 1)[1].split(">", 1)[0]


def test_personal_page_add_form_leaves_out_a_choice_just_booked(client, event, register):
    kept = WorkshopFactory(event=event, title="Réussir son CV")
    booked = WorkshopFactory(event=event, title="Simuler un entretien", starts_at=kept.ends_at)
    participant = register()
    url = participant.get_absolute_url()
    assert "Simuler un entretien" in client.get(url).content.decode()

    client.post(url, {"workshops": [booked.pk]})

    page = client.get(url).content.decode()
    add_form = page.split('id="titre-ajouter"', 1)[1]
    assert "Réussir son CV" in add_form
    assert "Simuler un entretien" not in add_form


@pytest.mark.parametrize("query", ["?x=1", "?utm_source=affiche"])
def test_page_with_a_query_string_shows_an_edit_at_once(client, event, query):
    workshop = WorkshopFactory(event=event, title="Réussir son CV", slug="cv")
    for url in ("/programme/", "/ateliers/", "/ateliers/cv/"):
        assert "Réussir son CV" in client.get(url + query).content.decode()

    workshop.title = "Préparer son entretien"
    workshop.save()

    for url in ("/programme/", "/ateliers/", "/ateliers/cv/"):
        page = client.get(url + query).content.decode()
        assert "Préparer son entretien" in page
        assert "Réussir son CV" not in page


def test_forum_filter_shows_a_new_stand_at_once(client, event):
    StandFactory(event=event, organisation__name="Mission locale", organisation__kind="association")
    url = reverse("exhibitors:list")
    assert "1 stand" in client.get(url, {"kind": "association"}).content.decode()

    StandFactory(
        event=event, organisation__name="Secours populaire", organisation__kind="association"
    )

    page = client.get(url, {"kind": "association"}).content.decode()
    assert "2 stands" in page
    assert "Secours populaire" in page


def test_forum_page_links_keep_the_filters_and_nothing_else(client, event):
    StandFactory.create_batch(50, event=event, organisation__kind="association")

    response = client.get(
        reverse("exhibitors:list"), {"utm_source": "affiche", "kind": "association"}
    )

    page = response.content.decode()
    assert 'href="?kind=association&amp;page=2" rel="next"' in page
    assert [link for link in re.findall(r'href="(\?[^"]*)"', page) if "utm_source" in link] == []


def test_forum_filter_that_does_not_exist_is_explained_every_time(client, event):
    url = reverse("exhibitors:list")

    first = client.get(url, {"kind": "inconnu"}).content.decode()
    second = client.get(url, {"kind": "inconnu"}).content.decode()

    assert "inconnu" in first
    assert second == first


def test_programme_ics_with_a_query_string_is_built_once_and_follows_changes(
    client, event, django_assert_num_queries
):
    WorkshopFactory(event=event, title="Réussir son CV")
    url = "/programme.ics?utm_source=partenaire"
    first = client.get(url).content

    with django_assert_num_queries(0):
        second = client.get(url).content
    WorkshopFactory(event=event, title="Simuler un entretien", slug="simuler-un-entretien")
    third = client.get(url).content.decode()

    assert second == first
    assert "SUMMARY:Réussir son CV" in third
    assert "SUMMARY:Simuler un entretien" in third


@pytest.mark.parametrize(
    "path",
    [
        "/?x=1",
        "/programme/?x=1",
        "/forum/?x=1",
        "/forum/?kind=association",
        "/forum/?page=2",
        "/forum/cv-club/?x=1",
        "/ateliers/?x=1",
        "/ateliers/?page=2",
        "/ateliers/cv/?x=1",
        "/conference/?x=1",
        "/infos-pratiques/?x=1",
    ],
)
def test_page_whose_content_is_kept_builds_no_queryset_again(client, event, monkeypatch, path):
    StandFactory(event=event, organisation__slug="cv-club", organisation__kind="association")
    WorkshopFactory(event=event, title="Réussir son CV", slug="cv")
    first = client.get(path).content
    built = []
    original = QuerySet.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "__init__", counting)

    second = client.get(path).content

    assert second == first
    assert built == [], "what the kept content holds is built again (make it lazy in the view)"
