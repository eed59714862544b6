"""The pages that bring the apps together: home, programme, calendar, error pages."""

import datetime as dt

import icalendar
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from events.enums import Floor, TimetableItemKind

from .factories import (
    EventFactory,
    OrganisationFactory,
    SpaceFactory,
    StandFactory,
    TimetableItemFactory,
    WorkshopFactory,
    at,
)

pytestmark = pytest.mark.django_db

# Event, timetable items with rooms, workshops with rooms and hosts: the same at any size.
PROGRAMME_QUERIES = 3


def test_home_without_published_edition_says_programme_is_coming(client):
    EventFactory(is_published=False)

    response = client.get("/")

    assert response.status_code == 200
    assert "sera publié très bientôt" in response.content.decode()


def test_home_shows_what_when_where_and_how_to_register(client, event):
    TimetableItemFactory(event=event, title="Conférence d’ouverture", starts_at=at(event, 17))
    StandFactory(event=event, organisation=OrganisationFactory(name="Michelin"))

    page = client.get("/").content.decode()

    assert "Innov&#x27;insertion" in page or "Innov'insertion" in page
    assert "Technopôle Hub&amp;Go" in page
    assert "Le Creusot" in page
    assert "les bénéficiaires du RSA" in page
    assert "17h00" in page and "Conférence d’ouverture" in page
    assert "Michelin" in page
    assert "Les inscriptions sont ouvertes" in page


def test_home_before_registration_opens_gives_the_opening_date(client):
    EventFactory(registration_opens_at=timezone.now() + dt.timedelta(days=5))

    page = client.get("/").content.decode()

    assert "Les inscriptions ouvriront le" in page


def test_programme_lists_items_and_workshops_by_hour_with_room_and_floor(client, event):
    amphi = SpaceFactory(event=event, name="Amphithéâtre", floor=Floor.GROUND_FLOOR)
    garden_room = SpaceFactory(event=event, name="Salle Schneider", floor=Floor.GARDEN_LEVEL)
    TimetableItemFactory(
        event=event,
        kind=TimetableItemKind.CONFERENCE,
        title="Conférence d’ouverture",
        space=amphi,
        starts_at=at(event, 17),
        ends_at=at(event, 17, 20),
    )
    WorkshopFactory(
        event=event,
        title="Réussir son entretien",
        space=garden_room,
        starts_at=at(event, 10, 30),
        ends_at=at(event, 11, 30),
        capacity=12,
    )

    page = client.get(reverse("programme")).content.decode()

    assert page.index(">10h00<") < page.index("Réussir son entretien") < page.index(">17h00<")
    assert page.index(">17h00<") < page.index("Conférence d’ouverture")
    assert "10h30" in page and "11h30" in page
    assert "Salle Schneider" in page and "Rez-de-jardin" in page
    assert "Amphithéâtre" in page and "Rez-de-chaussée" in page
    assert "12 places restantes" in page


def test_programme_links_to_print_stylesheet_and_calendar(client, event):
    page = client.get(reverse("programme")).content.decode()

    assert 'media="print"' in page
    assert reverse("programme_ics") in page


def test_programme_ics_holds_every_item_with_place_and_paris_time(client, event):
    amphi = SpaceFactory(event=event, name="Amphithéâtre")
    TimetableItemFactory(event=event, title="Table ronde Impact Tank", space=amphi)
    WorkshopFactory(
        event=event, title="Atelier IA et emploi", slug="ia-et-emploi", starts_at=at(event, 14)
    )

    response = client.get("/programme.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    entries = {str(c["summary"]): c for c in calendar.walk("VEVENT")}
    assert set(entries) == {"Table ronde Impact Tank", "Atelier IA et emploi"}
    assert "Amphithéâtre" in str(entries["Table ronde Impact Tank"]["location"])
    assert "Le Creusot" in str(entries["Table ronde Impact Tank"]["location"])
    workshop_start = entries["Atelier IA et emploi"].decoded("dtstart")
    assert workshop_start == at(event, 14)
    assert (
        str(entries["Atelier IA et emploi"]["url"]) == f"{settings.SITE_URL}/ateliers/ia-et-emploi/"
    )


def test_programme_without_published_edition_is_the_404_page(client):
    response = client.get(reverse("programme"))

    assert response.status_code == 404
    assert "Cette page est introuvable" in response.content.decode()


def test_unknown_path_gives_the_friendly_404_page(client, event):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "Cette page est introuvable" in page
    assert reverse("programme") in page


@pytest.mark.parametrize("size", [3, 30])
def test_programme_query_count_stays_flat(client, event, django_assert_num_queries, size):
    for _ in range(size):
        WorkshopFactory(event=event)
        TimetableItemFactory(event=event)

    with django_assert_num_queries(PROGRAMME_QUERIES):
        page = client.get(reverse("programme")).content.decode()

    assert page.count("programme-entry__title") == 2 * size


def test_server_error_page_is_friendly_and_stands_alone(rf):
    response = server_error(rf.get("/programme/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert "Un problème est survenu de notre côté" in page
    assert 'href="/"' in page
