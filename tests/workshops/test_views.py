import pytest
from django.urls import reverse

from events.enums import Floor

from ..factories import OrganisationFactory, SpaceFactory, StandFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db

# Event, the count for the pages, then workshops with room and host in one query.
WORKSHOP_LIST_QUERIES = 3


def test_workshop_list_shows_theme_time_room_and_seats(client, event):
    room = SpaceFactory(event=event, name="Salle Creusot", floor=Floor.GARDEN_LEVEL)
    WorkshopFactory(
        event=event,
        title="Intelligence artificielle et emploi",
        theme="ai",
        space=room,
        starts_at=at(event, 14),
        ends_at=at(event, 15, 30),
        capacity=15,
    )
    WorkshopFactory(event=event, title="Sans limite", capacity=None)

    page = client.get(reverse("workshops:list")).content.decode()

    assert "Intelligence artificielle et emploi" in page
    assert "14h00" in page and "15h30" in page
    assert "Salle Creusot" in page and "Rez-de-jardin" in page
    assert "15 places restantes" in page
    assert "Places sans limite" in page


def test_workshop_with_zero_seats_says_full(client, event):
    WorkshopFactory(event=event, title="Atelier complet", capacity=0)

    page = client.get(reverse("workshops:list")).content.decode()

    assert "Complet" in page


@pytest.mark.parametrize("size", [3, 30])
def test_workshop_list_query_count_stays_flat(client, event, django_assert_num_queries, size):
    for _ in range(size):
        WorkshopFactory(event=event, host_organisation=OrganisationFactory())

    with django_assert_num_queries(WORKSHOP_LIST_QUERIES):
        page = client.get(reverse("workshops:list")).content.decode()

    assert page.count("workshop-card__theme") == size


def test_workshop_detail_shows_host_audience_and_description(client, event):
    apor = OrganisationFactory(name="APOR", slug="apor")
    StandFactory(event=event, organisation=apor)
    WorkshopFactory(
        event=event,
        slug="candidater",
        title="Candidater avec succès",
        host_organisation=apor,
        audience="Moins de 26 ans",
        description="Lettre de motivation et relances.",
    )

    page = client.get(reverse("workshops:detail", kwargs={"slug": "candidater"})).content.decode()

    assert "<h1>Candidater avec succès</h1>" in page
    assert 'href="/forum/apor/">APOR</a>' in page
    assert "Moins de 26 ans" in page
    assert "Lettre de motivation et relances." in page
    assert "sur 12 places" in page


def test_workshop_detail_with_free_text_host(client, event):
    WorkshopFactory(event=event, slug="ia", host_name="Un formateur du numérique")

    page = client.get("/ateliers/ia/").content.decode()

    assert "Un formateur du numérique" in page


def test_workshop_detail_unknown_slug_is_404(client, event):
    response = client.get("/ateliers/inconnu/")

    assert response.status_code == 404
    assert "Cette page est introuvable" in response.content.decode()


def test_workshop_list_comes_in_pages_of_48(client, event):
    WorkshopFactory.create_batch(50, event=event)

    first = client.get(reverse("workshops:list")).content.decode()
    second = client.get(reverse("workshops:list"), {"page": "2"}).content.decode()

    assert first.count("workshop-card__theme") == 48
    assert second.count("workshop-card__theme") == 2
    assert 'href="?page=2" rel="next"' in first
    assert 'href="?page=1" rel="prev"' in second
    assert "Page 2 sur 2" in second


def test_workshop_list_at_the_real_size_shows_no_pages(client, event):
    WorkshopFactory.create_batch(12, event=event)

    page = client.get(reverse("workshops:list")).content.decode()

    assert page.count("workshop-card__theme") == 12
    assert "pagination" not in page
