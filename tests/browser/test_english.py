"""The English version in a real browser (issue 13, item 10): every public page and the
registration form pass axe-core in English too (the French content in them marked
lang="fr"), and a person who registers in English gets the confirmation email in English."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from participants.models import Participant

from .conftest import PHONE, _open_page, assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until
from .test_public_pages import PUBLIC_PATHS

FORM_TABS = 150
WORKSHOP = "Préparer sa recherche d’emploi"  # a demo workshop, written in French


@pytest.fixture
def english_phone(browser, site):
    """A 360 px page of someone who chose English in the footer (the language cookie)."""
    context, page = _open_page(browser, PHONE)
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    yield page
    errors = page.console_errors
    context.close()
    assert errors == [], f"console errors: {errors}"


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("path", [*PUBLIC_PATHS, "/inscription/"])
def test_english_page_on_a_phone_is_accessible_and_fits(site, english_phone, path):
    english_phone.goto(site + path)

    expect(english_phone.locator("html")).to_have_attribute("lang", "en")
    check_page(english_phone)


def test_english_programme_marks_french_titles(site, english_phone):
    english_phone.goto(site + "/programme/")

    title = english_phone.locator(".programme-entry__title").filter(has_text=WORKSHOP)
    expect(title.locator("[lang=fr]")).to_have_text(WORKSHOP)


def test_registering_in_english_gets_the_confirmation_in_english(site, phone):
    # French first, then English from the footer's language switch.
    phone.goto(site + "/inscription/")
    phone.locator("#langue").select_option("en")
    tab_until(phone, "el.matches('.language-form button')", limit=FORM_TABS * 2)
    phone.keyboard.press("Enter")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    choice = phone.locator(".bookable__choice").filter(has_text=WORKSHOP)
    expect(choice.locator(".bookable__title [lang=fr]")).to_have_text(WORKSHOP)
    check_page(phone)

    for field_id, text in (
        ("id_first_name", "Grace"),
        ("id_last_name", "Okafor"),
        ("id_email", "grace.okafor@example.org"),
        ("id_town", "Montceau-les-Mines"),
    ):
        tab_until(phone, f"el.id === {field_id!r}", limit=FORM_TABS)
        phone.keyboard.type(text)
    tab_until(
        phone,
        f"el.labels && el.labels[0] && el.labels[0].textContent.includes({WORKSHOP!r})",
        limit=FORM_TABS,
    )
    phone.keyboard.press("Space")
    tab_until(phone, "el.id === 'id_privacy_consent'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    tab_until(phone, "el.matches('.registration-form button[type=submit]')", limit=FORM_TABS)
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", level=1)).to_have_text("All done!")
    check_page(phone)
    grace = Participant.objects.get(email="grace.okafor@example.org")
    assert grace.language == "en"
    [message] = [m for m in mail.outbox if m.to == ["grace.okafor@example.org"]]
    assert message.subject.startswith("Innov’insertion: your registration")
    assert message.body.startswith("Hello Grace,")
    assert "We have received your registration." in message.body
    assert WORKSHOP in message.body
