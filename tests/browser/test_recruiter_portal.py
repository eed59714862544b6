"""A recruiter publishes interview sessions from a phone, with the keyboard only (issue 15,
item 2): the form shows the slots it will make, the list shows them, one is cancelled after a
confirmation page. Every page passes axe, in French and in English."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from exhibitors.models import Organisation, OrganisationMember, Stand
from recruitment import services

from ..factories import at
from .conftest import PHONE, _open_page, assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

PASSWORD = "Entretiens-au-Creusot-71"
USERNAME = "recrutement.entretiens@michelin.example.org"
TITLE = "Entretiens — conducteurs de ligne"


@pytest.fixture
def recruiter(site):
    """Michelin's recruiter, with a portal account (the demo has the stand)."""
    user = get_user_model().objects.create_user(
        username=USERNAME, email=USERNAME, password=PASSWORD
    )
    OrganisationMember.objects.create(
        organisation=Organisation.objects.get(slug="michelin"), user=user
    )
    return user


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


def log_in_with_the_keyboard(page):
    tab_until(page, "el.name === 'username'")
    page.keyboard.type(USERNAME)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def focus_and_type(page, name: str, text: str):
    """Tab to the field named ``name``, clear it and type ``text``."""
    tab_until(page, f"el.name === '{name}'", limit=120)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def type_time(page, name: str, hour: int, minute: int = 0):
    """Tab to the time field ``name`` and type the time, as a keyboard user does: hours
    and minutes, then AM or PM when the browser shows a 12-hour field (it follows the
    system's locale; the value stays empty until then). Hours up to 12 only."""
    assert 1 <= hour <= 12
    tab_until(page, f"el.name === '{name}'", limit=120)
    page.keyboard.type(f"{hour:02d}{minute:02d}")
    if page.evaluate("document.activeElement.value") == "":
        page.keyboard.type("PM" if hour == 12 else "AM")
    assert page.evaluate("document.activeElement.value") == f"{hour:02d}:{minute:02d}"


def test_recruiter_publishes_a_session_and_cancels_a_slot_with_the_keyboard(site, recruiter, phone):
    phone.goto(site + "/exposants/entretiens/")
    expect(phone).to_have_url(re.compile(r"/connexion/\?next=/exposants/entretiens/$"))
    log_in_with_the_keyboard(phone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Entretiens de recrutement")
    check_page(phone)

    # The form: a title alone, sent with Enter, gives errors on the times.
    tab_until(phone, "el.textContent.trim() === 'Publier une session'")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Publier une session d’entretiens")
    check_page(phone)
    focus_and_type(phone, "title", TITLE)
    phone.keyboard.press("Enter")
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient 2 erreurs")
    expect(summary).to_contain_text("Début")
    check_page(phone)

    # The times, two recruiters, an offer; "see the slots first", then publish.
    type_time(phone, "start_time", 10)
    type_time(phone, "end_time", 12)
    focus_and_type(phone, "recruiters", "2")
    tab_until(phone, "el.name === 'job_offers'")
    phone.keyboard.press("Space")
    tab_until(phone, "el.name === 'preview'")
    phone.keyboard.press("Enter")
    preview = phone.get_by_role("region", name="Ce que la session proposera")
    expect(preview).to_contain_text(
        "6 créneaux de 20 minutes, 2 entretiens en même temps : 12 places"
    )
    check_page(phone)
    tab_until(phone, "el.textContent.trim() === 'Publier la session'", limit=120)
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("status")).to_contain_text(f"« {TITLE} » est publiée")
    session = phone.get_by_role("article", name=TITLE)
    expect(session.get_by_role("listitem")).to_have_count(6)
    expect(session).to_contain_text("0 places réservées sur 2")
    expect(session).to_contain_text("Opérateur / opératrice de production")
    check_page(phone)

    # Cancel the 10:20 slot: a confirmation page first.
    tab_until(
        phone,
        "el.textContent.includes('Annuler ce créneau 10h20') "
        f"&& el.closest('article').querySelector('h3').textContent === '{TITLE}'",
        limit=200,
    )
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Annuler le créneau de 10h20 ?")
    check_page(phone)
    tab_until(phone, "el.matches('button.btn-danger')")
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("status")).to_contain_text("Le créneau de 10h20")
    session = phone.get_by_role("article", name=TITLE)
    expect(session.get_by_text("Annulé", exact=True)).to_have_count(1)
    expect(session.get_by_role("link", name=re.compile("^Annuler ce créneau"))).to_have_count(5)
    check_page(phone)


def test_sessions_pages_in_english_are_accessible(site, recruiter, english_phone):
    stand = Stand.objects.get(organisation__slug="michelin", event__slug="innov-insertion")
    session = services.interview_session_create(
        stand=stand,
        details=services.SessionDetails(
            title=TITLE,
            starts_at=at(stand.event, 14),
            ends_at=at(stand.event, 15),
            slot_minutes=30,
            recruiters=1,
            invitation_only=True,
        ),
    )
    slot = session.slots.order_by("starts_at").first()
    page = english_phone
    page.goto(site + "/exposants/entretiens/")
    log_in_with_the_keyboard(page)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("article", name=TITLE)).to_be_visible()
    check_page(page)

    page.goto(site + f"/exposants/entretiens/stands/{stand.pk}/publier/")
    tab_until(page, "el.name === 'title'", limit=120)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    check_page(page)

    page.goto(site + f"/exposants/entretiens/creneaux/{slot.pk}/annuler/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page)
