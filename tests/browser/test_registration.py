"""Registering on a phone with the keyboard only, then managing it from the personal page."""

import re

from playwright.sync_api import expect

from participants.enums import ParticipantState
from participants.models import Participant

from .conftest import PHONE, assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

# The registration form has ~60 stops (fields, workshops, activities) before the button.
FORM_TABS = 150
FIRST = "Préparer sa recherche d’emploi"  # 9h30
SECOND = "Rencontrer les RH de l’industrie"  # 11h00


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def focused_is(selector: str) -> str:
    return f"el.matches({selector!r})"


def labelled(text: str) -> str:
    return f"el.labels && el.labels.length > 0 && el.labels[0].textContent.includes({text!r})"


def type_into(page, field_id: str, text: str) -> None:
    tab_until(page, f"el.id === {field_id!r}", limit=FORM_TABS)
    page.keyboard.type(text)


def submit(page, selector: str) -> None:
    tab_until(page, focused_is(selector), limit=FORM_TABS)
    page.keyboard.press("Enter")


def test_job_seeker_registers_and_manages_it_with_the_keyboard(site, phone):
    phone.goto(site + "/inscription/")
    check_page(phone)

    # An empty form first: the summary says what is missing and takes the focus.
    submit(phone, ".registration-form button[type=submit]")
    summary = phone.get_by_role("alert")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(re.compile(r"Le formulaire contient \d+ erreurs"))
    expect(summary).to_be_focused()
    check_page(phone)

    # Then filled in with the keyboard alone.
    type_into(phone, "id_first_name", "Amina")
    type_into(phone, "id_last_name", "N’Diaye")
    type_into(phone, "id_email", "amina.ndiaye@example.org")
    type_into(phone, "id_town", "Le Creusot")
    for title in (FIRST, SECOND):
        tab_until(phone, labelled(title), limit=FORM_TABS)
        phone.keyboard.press("Space")
    tab_until(phone, "el.id === 'id_privacy_consent'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    expect(phone.locator("#id_privacy_consent")).to_be_checked()
    submit(phone, ".registration-form button[type=submit]")

    expect(phone.get_by_role("heading", level=1)).to_have_text("C’est noté !")
    expect(phone.get_by_text("amina.ndiaye@example.org")).to_be_visible()
    check_page(phone)

    # The personal link (also in the email, which another part of the code sends).
    participant = Participant.objects.get(email="amina.ndiaye@example.org")
    phone.goto(site + participant.get_absolute_url())
    plan = phone.locator(".plan")
    expect(plan.get_by_role("heading", name=FIRST)).to_be_visible()
    expect(plan.get_by_role("heading", name=SECOND)).to_be_visible()
    expect(phone.locator(".ticket-code")).to_have_text(participant.ticket_code)
    check_page(phone)

    # Drop one workshop.
    tab_until(phone, f"el.tagName === 'A' && el.textContent.includes({FIRST!r})")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Ne plus participer")
    check_page(phone)
    submit(phone, "button[type=submit].btn-danger")
    expect(phone.get_by_role("status")).to_contain_text(f"« {FIRST} » est retiré")
    expect(plan.get_by_role("heading", name=FIRST)).to_have_count(0)
    expect(plan.get_by_role("heading", name=SECOND)).to_be_visible()
    check_page(phone)

    # The ticket to print.
    tab_until(phone, "el.textContent.trim() === 'Imprimer mon billet'")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Billet")
    expect(phone.get_by_role("img", name=re.compile("QR code du billet"))).to_be_visible()
    check_page(phone)
    tab_until(phone, "el.textContent.trim() === 'Retour à mon inscription'")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Votre inscription")

    # Cancel: a confirmation page, then the cancelled state.
    tab_until(phone, "el.textContent.trim() === 'Annuler mon inscription'")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Annuler votre inscription ?")
    check_page(phone)
    submit(phone, "button[type=submit].btn-danger")

    expect(phone.get_by_text("Cette inscription a été annulée")).to_be_visible()
    expect(phone.get_by_role("link", name="Supprimer mes données")).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile("Ne plus participer"))).to_have_count(0)
    check_page(phone)
    participant.refresh_from_db()
    assert participant.state == ParticipantState.CANCELLED


def test_advisor_fields_unfold_when_the_box_is_ticked(site, phone):
    phone.goto(site + "/inscription/")
    expect(phone.locator("#id_referrer_name")).to_be_hidden()

    tab_until(phone, "el.id === 'id_on_behalf'", limit=FORM_TABS)
    phone.keyboard.press("Space")

    expect(phone.locator("#id_referrer_name")).to_be_visible()
    phone.keyboard.press("Tab")
    expect(phone.locator("#id_referrer_name")).to_be_focused()
    check_page(phone)


def test_registration_form_works_without_javascript(site, browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/inscription/?atelier=rh-industrie")

    expect(page.get_by_label(re.compile(SECOND))).to_be_checked()
    expect(page.locator("#id_referrer_name")).to_be_visible()
    page.locator("#id_first_name").fill("Jean")
    page.locator("#id_last_name").fill("Martin")
    page.locator("#id_phone").fill("06 12 34 56 78")
    page.locator("#id_privacy_consent").check()
    page.get_by_role("button", name="Valider mon inscription").click()

    expect(page.get_by_role("status")).to_contain_text("Gardez bien cette page")
    expect(page.locator(".plan").get_by_role("heading", name=SECOND)).to_be_visible()
    context.close()
