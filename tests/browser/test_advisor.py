"""An advisor registers two beneficiaries in a row on a phone, with the keyboard alone."""

import re

from playwright.sync_api import expect

from participants.models import Participant

from .conftest import PHONE, assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until
from .test_registration import FORM_TABS, focused_is, submit, type_into

ADVISOR_URL = "/inscription/merci/conseil/"


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def tick(page, field_id: str) -> None:
    tab_until(page, f"el.id === {field_id!r}", limit=FORM_TABS)
    page.keyboard.press("Space")
    expect(page.locator(f"#{field_id}")).to_be_checked()


def beneficiary(page, first_name: str, last_name: str, phone_number: str) -> None:
    """The person's part of the form, and the two agreements the advisor vouches for."""
    tick(page, "id_referrer_consent")
    tick(page, "id_referrer_receives_copies")
    type_into(page, "id_first_name", first_name)
    type_into(page, "id_last_name", last_name)
    type_into(page, "id_phone", phone_number)
    tick(page, "id_privacy_consent")
    submit(page, ".registration-form button[type=submit]")


def test_advisor_registers_two_people_and_keeps_their_details(site, phone):
    phone.goto(site + "/inscription/")
    tick(phone, "id_on_behalf")
    expect(phone.locator("#id_referrer_name")).to_be_visible()
    check_page(phone)
    type_into(phone, "id_referrer_name", "Julie Morel")
    type_into(phone, "id_referrer_organisation", "Mission locale")
    type_into(phone, "id_referrer_email", "julie.morel@mission-locale.example")
    beneficiary(phone, "Amina", "Benali", "06 12 34 56 78")

    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "C’est noté : Amina Benali est inscrit·e"
    )
    amina = Participant.objects.get(referrer_name="Julie Morel", first_name="Amina")
    expect(phone.locator(".ticket-code")).to_have_text(amina.ticket_code)
    expect(phone.get_by_label("Son lien personnel")).to_have_value(site + amina.get_absolute_url())
    check_page(phone)

    # The link is copied with the keyboard (the button exists only with JavaScript).
    tab_until(phone, focused_is("[data-copy]"))
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_have_text("Lien copié.")

    # The next person: the advisor's own details are already there.
    tab_until(phone, "el.textContent.trim() === 'Inscrire une autre personne'")
    phone.keyboard.press("Enter")
    expect(phone.locator("#id_on_behalf")).to_be_checked()
    expect(phone.locator("#id_referrer_name")).to_have_value("Julie Morel")
    expect(phone.locator("#id_referrer_email")).to_have_value("julie.morel@mission-locale.example")
    expect(phone.locator("#id_referrer_consent")).not_to_be_checked()
    expect(phone.locator("#id_first_name")).to_have_value("")
    check_page(phone)
    beneficiary(phone, "Karim", "Haddad", "06 98 76 54 32")

    expect(phone.get_by_role("heading", level=1)).to_contain_text("Karim Haddad")
    karim = Participant.objects.get(referrer_name="Julie Morel", first_name="Karim")
    registered = phone.locator(".advisor-registrations > li")
    expect(registered).to_have_count(2)
    expect(registered.nth(0)).to_contain_text(amina.ticket_code)
    expect(registered.nth(1)).to_contain_text(karim.ticket_code)
    check_page(phone)

    # The ticket to print.
    tab_until(phone, "el.textContent.trim() === 'Imprimer le billet'")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Billet")
    expect(phone.get_by_text(karim.ticket_code)).to_be_visible()


def test_advisor_fields_fold_again_when_the_box_is_unticked(site, phone):
    phone.goto(site + "/inscription/")
    tick(phone, "id_on_behalf")
    expect(phone.locator("#id_referrer_receives_copies")).to_be_visible()

    phone.keyboard.press("Space")

    expect(phone.locator("#id_referrer_name")).to_be_hidden()
    expect(phone.locator("#id_first_name")).to_be_visible()


def test_advisor_registers_someone_without_javascript(site, browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/inscription/")

    for field, value in {
        "#id_referrer_name": "Julie Morel",
        "#id_referrer_organisation": "Mission locale",
        "#id_referrer_email": "julie.morel@mission-locale.example",
        "#id_first_name": "Jean",
        "#id_last_name": "Martin",
        "#id_phone": "06 12 34 56 78",
    }.items():
        page.locator(field).fill(value)
    for box in ("#id_on_behalf", "#id_referrer_consent", "#id_privacy_consent"):
        page.locator(box).check()
    page.get_by_role("button", name="Valider mon inscription").click()

    expect(page).to_have_url(re.compile(re.escape(ADVISOR_URL) + "$"))
    expect(page.get_by_label("Son lien personnel")).to_be_visible()
    expect(page.get_by_role("button", name="Copier le lien")).to_have_count(0)
    expect(page.get_by_role("link", name="Imprimer le billet")).to_be_visible()
    context.close()


def test_advisor_who_unticks_the_box_registers_themselves(site, phone):
    phone.goto(site + "/inscription/")
    tick(phone, "id_on_behalf")
    type_into(phone, "id_referrer_name", "Julie Morel")
    type_into(phone, "id_referrer_organisation", "Mission locale")
    type_into(phone, "id_referrer_email", "julie.morel@mission-locale.example")
    beneficiary(phone, "Amina", "Benali", "06 12 34 56 78")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Amina Benali")
    phone.goto(site + "/inscription/")

    tab_until(phone, "el.id === 'id_on_behalf'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    expect(phone.locator("#id_referrer_name")).to_be_hidden()
    type_into(phone, "id_first_name", "Julie")
    type_into(phone, "id_last_name", "Morel")
    type_into(phone, "id_email", "julie.morel@example.org")
    tick(phone, "id_privacy_consent")
    submit(phone, ".registration-form button[type=submit]")

    expect(phone.get_by_role("heading", level=1)).to_have_text("C’est noté !")
    julie = Participant.objects.get(email="julie.morel@example.org")
    assert (julie.referrer_name, julie.referrer_email) == ("", "")
