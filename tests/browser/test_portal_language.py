"""An exhibitor member chooses, from a phone with the keyboard, the language of the emails
the site sends them; the portal follows (issue 13, item 9)."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from exhibitors.models import Organisation, OrganisationMember

from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

PASSWORD = "Pneus-et-Recrutement-71"
USERNAME = "rh.langue@michelin.example.org"


@pytest.fixture
def member(site):
    user = get_user_model().objects.create_user(
        username=USERNAME, email=USERNAME, password=PASSWORD
    )
    return OrganisationMember.objects.create(
        organisation=Organisation.objects.get(slug="michelin"), user=user
    )


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def test_member_chooses_english_for_their_emails_with_the_keyboard(site, member, phone):
    phone.goto(site + "/exposants/")
    phone.get_by_label("Identifiant").fill(USERNAME)
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_label("Mot de passe").press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mon espace exposant")

    phone.get_by_role("link", name="Vos courriels : candidatures et langue").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Vos courriels : candidatures et langue"
    )
    language = phone.get_by_role("group", name="Langue des courriels que le site vous envoie")
    expect(language.get_by_label("Français")).to_be_checked()
    check_page(phone)

    # Radio buttons: Tab into the group, arrow to the next choice, Enter sends the form.
    tab_until(phone, "el.name === 'language' && el.checked", limit=80)
    phone.keyboard.press("ArrowDown")
    expect(language.get_by_label("English")).to_be_checked()
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("status")).to_contain_text("Noted")
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    check_page(phone)
    member.refresh_from_db()
    assert member.language == "en"
