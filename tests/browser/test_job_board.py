"""The job board in a real browser: a job seeker on a phone finds an offer at /offres/ with
the keyboard, opens it, and finds "Postuler" and the interview slots; axe-core finds nothing
on the list, a filtered list, the empty list and an offer's page, in French and English."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from demo.data import DEMO_SLUG
from events.models import Event
from exhibitors.models import JobOffer
from recruitment.models import InterviewSession, InterviewSlot

from ..factories import at
from .conftest import PHONE, _open_page, assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

OFFER = "Aide à domicile (H/F)"  # the demo's only CDI, at ADMR
PATHS = [
    "/offres/",
    "/offres/?contract=cdd&town=Montchanin",
    "/offres/?q=boulanger",
    "/offres/?contract=pirate",
    "/offres/aide-a-domicile-hf-admr/",
]


@pytest.fixture
def interviews(demo):
    """ADMR's interview session for its home-help offer: two slots, the first one full."""
    event = Event.objects.get(slug=DEMO_SLUG)
    offer = JobOffer.objects.get(title=OFFER)
    starts_at = at(event, 14)
    session = InterviewSession.objects.create(
        stand=offer.organisation.stands.get(event=event),
        title="Entretiens d’embauche — aide à domicile",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=40),
        recruiters=1,
    )
    session.job_offers.add(offer)
    InterviewSlot.objects.bulk_create(
        [
            InterviewSlot(
                session=session,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=20),
                capacity=1,
                seats_taken=1,
            ),
            InterviewSlot(
                session=session,
                starts_at=starts_at + dt.timedelta(minutes=20),
                ends_at=starts_at + dt.timedelta(minutes=40),
                capacity=1,
            ),
        ]
    )
    return session


@pytest.fixture
def english_phone(browser, site):
    """A 360 px page of someone who chose English (the language cookie)."""
    context, page = _open_page(browser, PHONE)
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    yield page
    errors = page.console_errors
    context.close()
    assert errors == [], f"console errors: {errors}"


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def test_job_seeker_on_a_phone_finds_an_offer_with_the_keyboard(site, phone, interviews):
    phone.goto(site + "/")
    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Offres d’emploi").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Offres d’emploi")
    expect(phone.get_by_role("status")).to_have_text("8 offres")
    check_page(phone)

    tab_until(phone, "el.name === 'contract'")
    phone.keyboard.press("ArrowDown")  # "Tous les contrats" → "CDI"
    expect(phone.get_by_label("Type de contrat")).to_have_value("cdi")
    tab_until(phone, "el.matches('button[type=submit]')")
    phone.keyboard.press("Enter")
    phone.wait_for_url(re.compile(r"/offres/\?.*contract=cdi"))
    expect(phone.get_by_role("status")).to_have_text("1 offre")
    check_page(phone)

    tab_until(phone, f"el.textContent.trim() === {OFFER!r}")
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/offres/aide-a-domicile-hf-admr/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(OFFER)
    expect(phone.get_by_role("link", name="Postuler", exact=True)).to_be_visible()
    sessions = phone.locator(
        "section", has=phone.get_by_role("heading", name="Entretiens de recrutement")
    )
    expect(sessions.get_by_text("Entretiens d’embauche — aide à domicile")).to_be_visible()
    free, full = interviews.slots.order_by("-starts_at")
    expect(sessions.locator(f'a[href$="?entretien={free.pk}"]')).to_contain_text("1 place")
    expect(sessions.locator(f'a[href$="?entretien={full.pk}"]')).to_contain_text(
        "Complet — liste d’attente"
    )
    check_page(phone)

    phone.get_by_role("link", name="Postuler", exact=True).click()
    phone.wait_for_url(re.compile(r"/forum/admr/offres/\d+/candidature/"))


def test_job_board_clears_its_filters_and_says_when_nothing_matches(site, phone, demo):
    phone.goto(site + "/offres/?q=boulanger")

    expect(phone.get_by_text("Aucune offre ne correspond à ces critères.")).to_be_visible()
    check_page(phone)
    phone.get_by_role("link", name="Effacer les filtres").first.click()
    expect(phone.get_by_role("status")).to_have_text("8 offres")


@pytest.mark.parametrize("path", PATHS)
def test_job_board_page_in_french_is_accessible_and_fits(site, phone, interviews, path):
    phone.goto(site + path)

    check_page(phone)


@pytest.mark.parametrize("path", PATHS)
def test_job_board_page_in_english_is_accessible_and_fits(site, english_phone, interviews, path):
    english_phone.goto(site + path)

    expect(english_phone.locator("html")).to_have_attribute("lang", "en")
    check_page(english_phone)


@pytest.mark.parametrize("path", ["/offres/", "/offres/aide-a-domicile-hf-admr/"])
def test_job_board_on_a_desktop_is_accessible_with_the_whole_menu(site, desktop, interviews, path):
    desktop.goto(site + path)

    menu = desktop.get_by_role("navigation", name="Menu principal")
    expect(menu.get_by_role("link", name="Offres d’emploi")).to_be_visible()
    header = desktop.locator(".site-header .container")
    assert header.evaluate("el => el.scrollWidth <= el.clientWidth"), "the menu overflows"
    assert_accessible(desktop)
