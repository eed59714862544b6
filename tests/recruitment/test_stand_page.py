"""A stand's page on the forum (/forum/<slug>/) shows the stand's interview sessions open to
all, with their slots to book, and links each job offer to its page on the job board: pieces
recruitment hands to the forum at start-up (exhibitors.hooks), kept with the page's content
and fresh at once when a session or a slot changes."""

import re

import pytest
from django.core.cache import cache

from events import cache as public_pages
from exhibitors import hooks
from participants.enums import BookingState
from recruitment import services

from ..factories import JobOfferFactory, OrganisationFactory, SpaceFactory, StandFactory
from .builders import details_of, session_make

pytestmark = pytest.mark.django_db

URL = "/forum/admr/"
# The event, the stand's heading, the stand (organisation), its sectors, its activities, its
# offers, the sessions, their slots.
STAND_PAGE_QUERIES = 8


@pytest.fixture
def stand(event):
    return StandFactory(
        event=event, number=12, organisation=OrganisationFactory(name="ADMR", slug="admr")
    )


def _section(page: str) -> str:
    return page.split('id="titre-entretiens"', 1)[1].split("</section>", 1)[0]


def test_recruitment_gives_the_forum_its_stand_section_and_offer_links():
    from recruitment import stand_page

    assert stand_page.stand_sessions_html in hooks.stand_page_sections
    assert hooks.job_offer_url(JobOfferFactory.build(slug="aide-a-domicile-admr")) == (
        "/offres/aide-a-domicile-admr/"
    )


def test_stand_page_lists_open_sessions_with_slots_to_book(client, event, stand, register):
    session = session_make(
        event, stand=stand, title="Entretiens aide à domicile", start=(10, 0), end=(11, 0),
        recruiters=2,
    )  # fmt: skip
    first, second, third = session.slots.order_by("starts_at")
    register(first), register(first)
    services.interview_slot_cancel(slot=third)
    session_make(event, stand=stand, title="Sur invitation seulement", invitation_only=True)
    session_make(event, stand=stand, title="Pas encore publiée", is_published=False)
    session_make(event, title="Entretiens d’un autre stand")
    cache.clear()
    public_pages.forget()  # seats left are paced: this page is the first one rendered

    page = client.get(URL).content.decode()

    section = _section(page)
    assert ">Entretiens de recrutement</h2>" in section
    assert "Entretiens aide à domicile" in section
    assert "sur le stand 12" in section
    assert "entretiens de 20 minutes" in section
    assert re.search(
        rf'href="/inscription/\?entretien={first.pk}">.*10h00.*10h20.*Complet — liste d’attente',
        section,
    )
    assert re.search(rf'href="/inscription/\?entretien={second.pk}">.*10h20.*2 places', section)
    assert f"entretien={third.pk}" not in section
    for absent in ("Sur invitation seulement", "Pas encore publiée", "d’un autre stand"):
        assert absent not in section
    # Between what happens on the stand and the offers.
    assert page.index('id="titre-activites"') < page.index('id="titre-entretiens"')
    assert page.index('id="titre-entretiens"') < page.index('id="titre-offres"')


def test_stand_page_names_the_room_of_a_session_held_elsewhere(client, event, stand):
    room = SpaceFactory(event=event, name="Salle Schneider")
    session_make(event, stand=stand, space=room)

    section = _section(client.get(URL).content.decode())

    assert "Salle Schneider" in section
    assert "sur le stand" not in section


def test_stand_page_without_open_session_has_no_interview_section(client, event, stand):
    session_make(event, stand=stand, invitation_only=True)

    page = client.get(URL).content.decode()

    assert 'id="titre-entretiens"' not in page
    assert "Entretiens de recrutement" not in page


def test_stand_page_links_each_offer_to_its_job_board_page(client, event, stand):
    offer = JobOfferFactory(organisation=stand.organisation, title="Aide à domicile")

    page = client.get(URL).content.decode()

    offers = page.split('id="titre-offres"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="/offres/{offer.slug}/">Aide à domicile</a>' in offers
    assert client.get(f"/offres/{offer.slug}/").status_code == 200


def test_stand_page_shows_a_session_change_at_once(client, event, stand):
    session = session_make(event, stand=stand, title="Entretiens du matin")
    first = session.slots.order_by("starts_at").first()
    assert "Entretiens du matin" in client.get(URL).content.decode()  # now in the page cache

    services.interview_slot_cancel(slot=first)
    services.interview_session_update(
        session=session, details=details_of(session, title="Entretiens de l’après-midi")
    )

    section = _section(client.get(URL).content.decode())
    assert "Entretiens de l’après-midi" in section
    assert f"entretien={first.pk}" not in section


def test_stand_page_seats_left_follow_bookings(client, event, stand, register, settings):
    settings.PUBLIC_SEATS_SECONDS = 0  # seats shown at once (not paced), as for activities
    slot = session_make(event, stand=stand, recruiters=2).slots.order_by("starts_at").first()
    assert re.search(rf"entretien={slot.pk}\">.*?2 places", client.get(URL).content.decode())

    person = register(slot)

    assert person.bookings.get().state == BookingState.CONFIRMED
    page = client.get(URL).content.decode()
    assert re.search(rf"entretien={slot.pk}\">.*?1 place<", page)


@pytest.mark.parametrize("sessions", [1, 4])
def test_stand_page_query_count_stays_flat(
    client, event, stand, django_assert_num_queries, sessions
):
    JobOfferFactory(organisation=stand.organisation)
    for n in range(sessions):
        session_make(event, stand=stand, title=f"Session {n}", start=(9 + n, 0), end=(10 + n, 0))
    cache.clear()
    public_pages.forget()

    with django_assert_num_queries(STAND_PAGE_QUERIES):
        page = client.get(URL).content.decode()

    assert len(re.findall(r'class="interview-session ', page)) == sessions


def test_stand_page_from_the_fragment_reads_no_session_again(
    client, event, stand, django_assert_num_queries
):
    session_make(event, stand=stand, title="Entretiens du matin")
    first = client.get(URL, {"x": "1"}).content.decode()

    with django_assert_num_queries(0):
        second = client.get(URL, {"x": "1"}).content.decode()

    assert second == first
    assert "Entretiens du matin" in second
