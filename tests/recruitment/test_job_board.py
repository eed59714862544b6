"""The job board: /offres/ (every published offer of the edition, filters and search) and
each offer's page /offres/<slug>/ (its stand, "Postuler", its interview sessions)."""

import dataclasses
import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.db.models.query import QuerySet
from django.http import QueryDict
from django.urls import reverse

from events.enums import Floor
from exhibitors import services as exhibitor_services
from exhibitors.enums import ContractType
from exhibitors.models import JobOffer, job_offer_slug_base
from recruitment.forms import JobOfferFilterForm
from recruitment.models import InterviewSession, InterviewSlot
from recruitment.views import offers as offer_views

from ..factories import (
    EventFactory,
    JobOfferFactory,
    OrganisationFactory,
    SectorFactory,
    SpaceFactory,
    StandFactory,
    at,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/offres/"
# The event, the count, the page of offers (organisation, sector and stand joined), the
# form's sectors, towns and exhibitors.
LIST_QUERIES = 6
# The event, the offer's heading, the offer with its stand, the sessions, their slots.
DETAIL_QUERIES = 5


@pytest.fixture
def board(event):
    """Three employers at the edition, one without a stand, one from a past edition."""
    industry = SectorFactory(name="Industrie", slug="industrie")
    care = SectorFactory(name="Aide à la personne", slug="aide-a-la-personne")
    michelin = StandFactory(
        event=event,
        number=3,
        organisation=OrganisationFactory(name="Michelin", slug="michelin"),
    ).organisation
    admr = StandFactory(
        event=event,
        number=12,
        floor=Floor.GARDEN_LEVEL,
        organisation=OrganisationFactory(name="ADMR", slug="admr"),
    ).organisation
    JobOfferFactory(
        organisation=michelin,
        title="Opérateur de production",
        contract_type=ContractType.TEMPORARY,
        sector=industry,
        place="Montceau-les-Mines",
        description="Travail en équipe, horaires postés.",
    )
    JobOfferFactory(
        organisation=michelin,
        title="Technicien·ne de maintenance",
        contract_type=ContractType.APPRENTICESHIP,
        sector=industry,
        place="Le Creusot",
    )
    JobOfferFactory(
        organisation=admr,
        title="Aide à domicile",
        contract_type=ContractType.CDI,
        sector=care,
        place="Le Creusot",
        description="Accompagner des personnes âgées chez elles : l’Œuvre d’une équipe.",
    )
    JobOfferFactory(organisation=admr, title="Offre retirée", is_published=False)
    JobOfferFactory(organisation=OrganisationFactory(name="Sans stand"), title="Offre sans stand")
    past = EventFactory(date=event.date.replace(year=event.date.year - 1), slug="passee")
    former = StandFactory(event=past, organisation=OrganisationFactory(name="Ancien")).organisation
    JobOfferFactory(organisation=former, title="Offre de l’an dernier")
    return event


def _titles(response) -> list[str]:
    return [offer.title for offer in response.context["page_obj"]]


def _offer_session(
    offer: JobOffer, *, slots: int = 3, recruiters: int = 2, **fields
) -> InterviewSession:
    """A session at the offer's stand recruiting for it, from 10:00, 20-minute slots."""
    stand = offer.organisation.stands.get()
    starts_at = at(stand.event, 10)
    session = InterviewSession.objects.create(
        stand=stand,
        title=fields.pop("title", "Entretiens production"),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=20 * slots),
        recruiters=recruiters,
        **fields,
    )
    session.job_offers.add(offer)
    InterviewSlot.objects.bulk_create(
        InterviewSlot(
            session=session,
            starts_at=starts_at + dt.timedelta(minutes=20 * n),
            ends_at=starts_at + dt.timedelta(minutes=20 * (n + 1)),
            capacity=recruiters,
        )
        for n in range(slots)
    )
    return session


# --- Slugs -----------------------------------------------------------------------------------


def test_offer_slug_comes_from_its_title_and_organisation():
    offer = JobOfferFactory(
        title="Agent·e d’entretien (H/F)", organisation__name="Les Restos du Cœur"
    )

    assert offer.slug == "agente-d-entretien-hf-les-restos-du-coeur"


def test_offer_with_the_same_title_again_gets_a_numbered_slug():
    organisation = OrganisationFactory(name="ADMR")

    slugs = [
        JobOfferFactory(organisation=organisation, title="Aide à domicile").slug for _ in "abc"
    ]

    assert slugs == ["aide-a-domicile-admr", "aide-a-domicile-admr-2", "aide-a-domicile-admr-3"]


def test_offer_created_in_the_portal_gets_a_slug_that_stays_when_its_title_changes():
    organisation = OrganisationFactory(name="Michelin")
    details = exhibitor_services.OfferDetails(
        title="Soudeur",
        contract_type=ContractType.CDI,
        sector=None,
        place="Le Creusot",
        description="",
        is_published=True,
    )
    offer = exhibitor_services.job_offer_create(organisation=organisation, details=details)

    exhibitor_services.job_offer_update(
        job_offer=offer, details=dataclasses.replace(details, title="Soudeuse")
    )

    offer.refresh_from_db()
    assert offer.title == "Soudeuse"
    assert offer.slug == "soudeur-michelin"


def test_offer_added_in_the_admin_gets_a_slug(admin_client):
    organisation = OrganisationFactory(name="Michelin")

    admin_client.post(
        reverse("admin:exhibitors_joboffer_add"),
        {
            "organisation": organisation.pk,
            "title": "Cariste",
            "contract_type": ContractType.CDD,
            "place": "Torcy",
            "is_published": "on",
        },
    )

    assert list(JobOffer.objects.values_list("slug", flat=True)) == ["cariste-michelin"]


def test_bench_fill_copies_offers_with_slugs_of_their_own():
    call_command("load_demo", stdout=None)

    call_command("bench_fill", scale=3, stdout=None)

    slugs = list(JobOffer.objects.values_list("slug", flat=True))
    assert len(slugs) == 3 * 8
    assert len(set(slugs)) == len(slugs) and "" not in slugs
    assert "aide-a-domicile-hf-admr-3" in slugs
    assert job_offer_slug_base(title="Aide à domicile (H/F)", organisation_name="ADMR (3)") in slugs


# --- The list --------------------------------------------------------------------------------


def test_job_board_lists_the_published_offers_of_the_edition_with_their_stand(client, board):
    response = client.get(LIST_URL)

    assert _titles(response) == [
        "Aide à domicile",
        "Opérateur de production",
        "Technicien·ne de maintenance",
    ]
    page = response.content.decode()
    assert "3 offres" in page
    card = page.split("Opérateur de production</a>", 1)[1].split("</article>", 1)[0]
    assert "Michelin" in card
    assert "Intérim" in card
    assert "Montceau-les-Mines" in card
    assert "Industrie" in card
    assert "Stand 3, rez-de-chaussée" in card
    offer = JobOffer.objects.get(title="Opérateur de production")
    assert f'href="/offres/{offer.slug}/"' in page
    assert "Stand 12, rez-de-jardin" in page
    for absent in ("Offre retirée", "Offre sans stand", "Offre de l’an dernier"):
        assert absent not in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"contract": "cdi"}, ["Aide à domicile"]),
        ({"contract": "apprenticeship"}, ["Technicien·ne de maintenance"]),
        ({"sector": "industrie"}, ["Opérateur de production", "Technicien·ne de maintenance"]),
        ({"town": "Le Creusot"}, ["Aide à domicile", "Technicien·ne de maintenance"]),
        ({"exhibitor": "admr"}, ["Aide à domicile"]),
        ({"sector": "industrie", "town": "Le Creusot"}, ["Technicien·ne de maintenance"]),
        ({"exhibitor": "michelin", "contract": "temporary"}, ["Opérateur de production"]),
        ({"exhibitor": "admr", "sector": "industrie"}, []),
        ({"contract": "internship"}, []),
    ],
)
def test_job_board_filters_one_by_one_and_combined(client, board, query, expected):
    response = client.get(LIST_URL, query)

    assert _titles(response) == expected
    page = response.content.decode()
    assert 'href="/offres/">Effacer les filtres</a>' in page
    if not expected:
        assert "Aucune offre ne correspond à ces critères." in page


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("operateur", ["Opérateur de production"]),
        ("OPÉRATEUR", ["Opérateur de production"]),
        ("technicien", ["Technicien·ne de maintenance"]),
        ("michelin", ["Opérateur de production", "Technicien·ne de maintenance"]),
        ("agees", ["Aide à domicile"]),  # the description, accents aside
        ("oeuvre", ["Aide à domicile"]),  # "Œuvre"
        ("l'oeuvre", ["Aide à domicile"]),  # typed apostrophe, typographic in the text
        ("equipe michelin", ["Opérateur de production"]),  # every word
        ("creusot aide", ["Aide à domicile"]),  # the town too
        ("boulanger", []),
        ("(.*", []),  # typed as is, never a pattern
    ],
)
def test_job_board_search_finds_words_whatever_their_case_and_accents(client, board, q, expected):
    response = client.get(LIST_URL, {"q": q})

    assert _titles(response) == expected


def test_job_board_search_and_a_filter_together(client, board):
    response = client.get(LIST_URL, {"q": "creusot", "exhibitor": "michelin"})

    assert _titles(response) == ["Technicien·ne de maintenance"]


def test_job_board_lists_only_the_towns_sectors_and_exhibitors_of_its_offers(client, board):
    form = client.get(LIST_URL).context["form"]

    assert [label for _, label in form.fields["town"].choices] == [
        "Toutes les villes",
        "Le Creusot",
        "Montceau-les-Mines",
    ]
    assert [str(s) for s in form.fields["sector"].queryset] == ["Aide à la personne", "Industrie"]
    assert [str(o) for o in form.fields["exhibitor"].queryset] == ["ADMR", "Michelin"]


def test_job_board_with_unknown_filter_values_explains_and_shows_every_offer(client, board):
    response = client.get(LIST_URL, {"contract": "pirate", "town": "Paris", "exhibitor": "nope"})

    assert response.status_code == 200
    assert response.content.decode().count("Sélectionnez un choix valide") == 3
    assert len(_titles(response)) == 3


def test_job_board_without_offers_says_so(client, event):
    page = client.get(LIST_URL).content.decode()

    assert "0 offre" in page
    assert "Pas encore d’offre publiée" in page
    assert "Effacer les filtres" not in page


def test_job_board_comes_in_pages_and_keeps_the_filters(client, event):
    organisation = StandFactory(event=event).organisation
    JobOfferFactory.create_batch(50, organisation=organisation, contract_type=ContractType.CDD)

    first = client.get(LIST_URL, {"contract": "cdd"})
    second = client.get(LIST_URL, {"contract": "cdd", "page": "2"})

    assert len(first.context["page_obj"]) == 48
    assert len(second.context["page_obj"]) == 2
    assert 'href="?contract=cdd&amp;page=2" rel="next"' in first.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "x=1",
        "contract=cdi",
        "contract=pirate",
        "sector=industrie",
        "sector=nope",
        "town=Le+Creusot",
        "town=Paris",
        "exhibitor=admr",
        "exhibitor=sans-stand",
        "q=aide&contract=cdi&sector=aide-a-la-personne&town=Le+Creusot&exhibitor=admr&page=2",
        "q=&contract=&sector=&town=&exhibitor=",
    ],
)
def test_job_board_valid_filters_are_what_the_form_cleans(board, query):
    data = QueryDict(query)
    form = JobOfferFilterForm(data, event=board)

    filters = JobOfferFilterForm.valid_filters(data, event=board)

    assert filters == (form.cleaned_data if form.is_valid() else None)


# --- Queries and caches ------------------------------------------------------------------------


def _offers(event, count: int) -> None:
    sectors = [SectorFactory() for _ in range(3)]
    stands = [StandFactory(event=event) for _ in range(3)]
    for n in range(count):
        JobOfferFactory(
            organisation=stands[n % 3].organisation, sector=sectors[n % 3], place=f"Ville {n % 5}"
        )


@pytest.mark.parametrize("size", [3, 30])
def test_job_board_query_count_stays_flat(client, event, django_assert_num_queries, size):
    _offers(event, size)

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert len(response.context["page_obj"]) == size


@pytest.mark.parametrize("query", [{"contract": "cdi"}, {"q": "agent"}, {"page": "2"}])
def test_job_board_with_1000_offers_keeps_its_queries_flat(
    client, event, django_assert_max_num_queries, query
):
    stands = [StandFactory(event=event, organisation__sectors=[SectorFactory()]) for _ in range(20)]
    JobOffer.objects.bulk_create(
        JobOffer(
            organisation=stands[n % 20].organisation,
            title=f"Agent de production {n}",
            slug=f"agent-de-production-{n}",
            contract_type=ContractType.CDI,
            place=f"Ville {n % 7}",
        )
        for n in range(1000)
    )

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL, query)

    assert response.context["page_obj"].paginator.count == 1000
    assert len(response.context["page_obj"]) == 48


def test_job_board_second_visit_comes_from_the_page_cache(client, board, django_assert_num_queries):
    first = client.get(LIST_URL).content

    with django_assert_num_queries(0):
        second = client.get(LIST_URL).content

    assert second == first


def test_job_board_shows_a_changed_offer_at_once(client, board):
    client.get(LIST_URL)
    client.get(LIST_URL, {"contract": "temporary"})
    offer = JobOffer.objects.get(title="Opérateur de production")

    offer.title = "Conducteur de ligne"
    offer.save()

    for query in ({}, {"contract": "temporary"}):
        page = client.get(LIST_URL, query).content.decode()
        assert "Conducteur de ligne" in page
        assert "Opérateur de production" not in page


def test_job_board_hides_a_withdrawn_offer_at_once(client, board):
    client.get(LIST_URL)

    exhibitor_services.job_offers_publish(
        job_offers=JobOffer.objects.filter(title="Aide à domicile"), is_published=False
    )

    assert "Aide à domicile" not in client.get(LIST_URL).content.decode()


@pytest.mark.parametrize("query", [{"contract": "cdi"}, {"town": "Le Creusot"}, {"page": "2"}])
def test_job_board_filtered_list_from_the_fragment_builds_neither_form_nor_offers(
    client, board, monkeypatch, django_assert_num_queries, query
):
    first = client.get(LIST_URL, query).content.decode()
    built = []
    monkeypatch.setattr(
        offer_views.selectors, "job_offers_filtered", lambda **kwargs: built.append(kwargs)
    )

    with django_assert_num_queries(0):
        second = client.get(LIST_URL, query).content.decode()

    assert second == first
    assert built == []


@pytest.mark.parametrize(
    "path",
    [
        "/offres/?x=1",
        "/offres/?contract=cdi",
        "/offres/?town=Le+Creusot&sector=industrie&exhibitor=michelin",
        "/offres/?page=2",
        "/offres/?q=op%C3%A9rateur&contract=temporary",
        "/offres/aide-a-domicile-admr/?x=1",
    ],
)
def test_job_board_page_whose_content_is_kept_builds_no_queryset_again(
    client, board, monkeypatch, path
):
    response = client.get(path)
    assert response.status_code == 200
    first = response.content
    built = []
    original = QuerySet.__init__

    def counting(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "__init__", counting)

    second = client.get(path).content

    assert second == first
    assert built == [], "what the kept content holds is built again (make it lazy in the view)"


def test_job_board_search_is_worked_out_each_time(client, board):
    client.get(LIST_URL, {"q": "aide"})
    JobOfferFactory(organisation=JobOffer.objects.get(title="Aide à domicile").organisation,
                    title="Aide-soignante")  # fmt: skip

    assert _titles(client.get(LIST_URL, {"q": "aide"})) == ["Aide à domicile", "Aide-soignante"]


def test_job_board_search_kept_shows_back_exactly_what_each_person_typed(client, board):
    client.get(LIST_URL, {"q": "Aide"})

    page = client.get(LIST_URL, {"q": "aide"}).content.decode()

    assert 'value="aide"' in page
    assert 'value="Aide"' not in page


# --- An offer's page -------------------------------------------------------------------------


def test_offer_page_shows_the_offer_its_stand_and_postuler(client, board):
    offer = JobOffer.objects.get(title="Opérateur de production")

    page = client.get(f"/offres/{offer.slug}/").content.decode()

    assert "<h1>Opérateur de production</h1>" in page
    assert '<a href="/forum/michelin/">Michelin</a>' in page
    assert "Stand 3, rez-de-chaussée" in page
    assert "Intérim" in page and "Montceau-les-Mines" in page and "Industrie" in page
    assert "Travail en équipe, horaires postés." in page
    apply_url = reverse("exhibitors:apply_offer", kwargs={"slug": "michelin", "offer_id": offer.pk})
    assert f'href="{apply_url}">Postuler</a>' in page
    assert "Pas d’entretien programmé pour cette offre" in page


def test_offer_page_lists_its_open_sessions_and_live_slots(client, board):
    offer = JobOffer.objects.get(title="Opérateur de production")
    session = _offer_session(offer, slots=3, recruiters=2)
    first, second, third = session.slots.order_by("starts_at")
    InterviewSlot.objects.filter(pk=first.pk).update(seats_taken=2)
    InterviewSlot.objects.filter(pk=third.pk).update(cancelled_at=at(board, 8))
    _offer_session(offer, title="Sur invitation seulement", invitation_only=True)
    _offer_session(offer, title="Pas encore publiée", is_published=False)
    other = JobOffer.objects.get(title="Technicien·ne de maintenance")
    _offer_session(other, title="Entretiens maintenance")

    page = client.get(f"/offres/{offer.slug}/").content.decode()

    section = page.split('id="titre-entretiens"', 1)[1].split("</section>", 1)[0]
    assert "Entretiens production" in section
    assert re.search(
        rf'href="/inscription/\?entretien={first.pk}">.*10h00.*10h20.*Complet — liste d’attente',
        section,
    )
    assert re.search(rf'href="/inscription/\?entretien={second.pk}">.*10h20.*2 places', section)
    assert f"entretien={third.pk}" not in section
    for absent in ("Sur invitation seulement", "Pas encore publiée", "Entretiens maintenance"):
        assert absent not in section


def test_offer_page_in_a_room_names_the_room(client, board):
    offer = JobOffer.objects.get(title="Aide à domicile")
    _offer_session(offer, space=SpaceFactory(event=board, name="Salle Schneider"))

    page = client.get(f"/offres/{offer.slug}/").content.decode()

    assert "Salle Schneider" in page.split('id="titre-entretiens"', 1)[1]


@pytest.mark.parametrize(
    "title", ["Offre retirée", "Offre sans stand", "Offre de l’an dernier", None]
)
def test_offer_page_of_an_offer_not_on_the_board_is_404(client, board, title):
    slug = JobOffer.objects.get(title=title).slug if title else "inconnue"

    response = client.get(f"/offres/{slug}/")

    assert response.status_code == 404
    assert "Cette page est introuvable" in response.content.decode()


@pytest.mark.parametrize("sessions", [1, 8])
def test_offer_page_query_count_stays_flat(client, board, django_assert_num_queries, sessions):
    offer = JobOffer.objects.get(title="Opérateur de production")
    for n in range(sessions):
        _offer_session(offer, title=f"Session {n}", slots=6)

    with django_assert_num_queries(DETAIL_QUERIES):
        page = client.get(f"/offres/{offer.slug}/").content.decode()

    assert page.count("/inscription/?entretien=") == sessions * 6


def test_offer_page_comes_from_the_page_cache_and_follows_changes(
    client, board, django_assert_num_queries
):
    offer = JobOffer.objects.get(title="Opérateur de production")
    url = f"/offres/{offer.slug}/"
    client.get(url)
    with django_assert_num_queries(0):
        assert "Opérateur de production" in client.get(url).content.decode()

    _offer_session(offer, title="Entretiens du matin")

    assert "Entretiens du matin" in client.get(url).content.decode()


def test_header_links_to_the_job_board(client, board):
    page = client.get("/").content.decode()

    assert 'href="/offres/">Offres d’emploi</a>' in page
    assert (
        'href="/offres/" aria-current="page">Offres d’emploi</a>'
        in client.get(LIST_URL).content.decode()
    )
