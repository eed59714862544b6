"""The personal page in the browser (issue 13), on a 360 px phone with the keyboard only and
axe-core on every state: dropping one choice after a confirmation page, correcting one's
details (a new email confirmed by the link sent to it, a new number by the code texted to
it), registering again after cancelling everything, and printing the ticket."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import expect

from events.selectors import event_current
from innov_insertion import sms
from participants import services
from participants.enums import BookingState, ParticipantState
from participants.models import Participant
from workshops.models import Workshop

from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

FORM_TABS = 150
MIN_TARGET = 44  # px: the height of the buttons a thumb presses


@pytest.fixture(autouse=True)
def _empty_counters_and_outboxes():
    cache.clear()  # the live server shares this process's cache (rate limits)
    sms.outbox.clear()
    yield
    cache.clear()
    sms.outbox.clear()


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def focus_and_press(page, predicate_js: str, key: str = "Enter") -> None:
    tab_until(page, predicate_js, limit=FORM_TABS)
    page.keyboard.press(key)
    page.wait_for_load_state()


def named(tag: str, text: str) -> str:
    return f"el.tagName === {tag!r} && el.textContent.trim().startsWith({text!r})"


def retype(page, field_id: str, text: str) -> None:
    """Tab to the field, select what it holds, type over it."""
    tab_until(page, f"el.id === {field_id!r}", limit=FORM_TABS)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def registered(*workshops, **details) -> Participant:
    person = {"first_name": "Amina", "last_name": "Benali", **details}
    return services.registration_create(
        event=event_current(), person=services.PersonDetails(**person), targets=list(workshops)
    ).participant


def test_dropping_one_choice_asks_on_its_own_page_first(site, phone):
    workshops = Workshop.objects.filter(event=event_current()).order_by("starts_at")
    first = workshops.first()
    second = workshops.filter(starts_at__gte=first.ends_at).first()
    participant = registered(first, second, email="amina.drop@example.org")
    phone.goto(site + participant.get_absolute_url())
    drop = phone.locator(".plan-entry__drop").first
    assert drop.bounding_box()["height"] >= MIN_TARGET
    check_page(phone)

    focus_and_press(phone, f"el.tagName === 'A' && el.textContent.includes({first.title!r})")

    expect(phone.get_by_role("heading", level=1)).to_have_text(
        f"Ne plus participer à « {first.title} » ?"
    )
    expect(phone.get_by_text("Place confirmée")).to_be_visible()
    check_page(phone)
    for button in phone.locator("main form .btn").all():
        assert button.bounding_box()["height"] >= MIN_TARGET

    # "No": back to the page, nothing dropped.
    focus_and_press(phone, named("A", "Non, garder ma place"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Votre inscription")
    phone.wait_for_load_state("load")
    assert participant.bookings.get(workshop=first).state == BookingState.CONFIRMED

    # "Yes": dropped, the rest stays.
    focus_and_press(phone, f"el.tagName === 'A' && el.textContent.includes({first.title!r})")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Ne plus participer")
    focus_and_press(phone, named("BUTTON", "Oui, ne plus participer"))

    expect(phone.get_by_role("status")).to_contain_text(f"« {first.title} » est retiré")
    plan = phone.locator(".plan")
    expect(plan.get_by_role("heading", name=first.title)).to_have_count(0)
    expect(plan.get_by_role("heading", name=second.title)).to_be_visible()
    check_page(phone)
    assert participant.bookings.get(workshop=first).state == BookingState.CANCELLED


def test_correcting_contact_details_with_a_new_email_and_phone(site, phone):
    participant = registered(email="amina.old@example.org", phone="+33612345678")
    mail.outbox.clear()
    phone.goto(site + participant.get_absolute_url() + "#coordonnees")
    section = phone.locator("#coordonnees")
    # Folded to keep the page short: the details as they are, the form one press away.
    expect(section.locator(".contact-details__now")).to_contain_text("amina.old@example.org")
    expect(section.get_by_label("Courriel")).to_be_hidden()
    check_page(phone)
    focus_and_press(phone, named("SUMMARY", "Corriger mes coordonnées"))
    expect(section.get_by_label("Courriel")).to_have_value("amina.old@example.org")
    check_page(phone)

    retype(phone, "id_last_name", "Benali-Diallo")
    retype(phone, "id_email", "amina.new@example.org")
    retype(phone, "id_town", "Montceau-les-Mines")
    focus_and_press(phone, "el.id === 'id_accepts_stand_contacts'", key="Space")
    focus_and_press(phone, named("BUTTON", "Enregistrer mes coordonnées"))

    status = phone.get_by_role("status")
    expect(status).to_contain_text("vos coordonnées sont à jour")
    expect(status).to_contain_text("Nous avons envoyé un lien à amina.new@example.org")
    expect(phone.locator(".personal-name")).to_have_text("Amina Benali-Diallo")
    check_page(phone)
    participant.refresh_from_db()
    assert participant.email == "amina.old@example.org"
    assert participant.accepts_stand_contacts

    # The link sent to the new address asks, then confirms.
    [message] = [m for m in mail.outbox if m.to == ["amina.new@example.org"]]
    link = re.search(r"https?://\S+/courriel/\S+/", message.body).group(0)
    phone.goto(site + link[link.index("/inscription/") :])
    expect(phone.get_by_role("heading", level=1)).to_have_text("Confirmer votre nouvelle adresse")
    check_page(phone)
    focus_and_press(phone, named("BUTTON", "Confirmer cette adresse"))
    expect(phone.get_by_role("status")).to_contain_text(
        "nous vous écrirons désormais à amina.new@example.org"
    )
    check_page(phone)
    participant.refresh_from_db()
    assert participant.email == "amina.new@example.org"

    # A new number: a code by text, typed on a page of its own.
    retype(phone, "id_phone", "06 98 76 54 32")
    focus_and_press(phone, named("BUTTON", "Enregistrer mes coordonnées"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Confirmer votre nouveau numéro")
    expect(phone.locator("main")).to_contain_text("06 98 76 54 32")
    check_page(phone)
    [text] = sms.outbox
    code = re.search(r"\b(\d{6})\b", text.body).group(1)
    tab_until(phone, "el.id === 'id_code'", limit=FORM_TABS)
    phone.keyboard.type("000000")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("alert")).to_contain_text("Ce code n’est pas le bon")
    check_page(phone)
    retype(phone, "id_code", code)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_contain_text("votre numéro est à jour")
    participant.refresh_from_db()
    assert participant.phone == "+33698765432"


def test_registering_again_after_cancelling_everything(site, phone):
    participant = registered(email="amina.again@example.org")
    phone.goto(site + participant.get_absolute_url())

    focus_and_press(phone, named("A", "Annuler mon inscription"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Annuler votre inscription ?")
    focus_and_press(phone, named("BUTTON", "Oui, annuler mon inscription"))

    expect(phone.get_by_text("Cette inscription a été annulée")).to_be_visible()
    again = phone.get_by_role("link", name="M’inscrire de nouveau")
    expect(again).to_be_visible()
    assert again.bounding_box()["height"] >= MIN_TARGET
    check_page(phone)

    focus_and_press(phone, named("A", "M’inscrire de nouveau"))
    expect(phone).to_have_url(re.compile(r"/inscription/$"))
    for field_id, text in (
        ("id_first_name", "Amina"),
        ("id_last_name", "Benali"),
        ("id_email", "amina.again@example.org"),
    ):
        tab_until(phone, f"el.id === {field_id!r}", limit=FORM_TABS)
        phone.keyboard.type(text)
    focus_and_press(phone, "el.id === 'id_privacy_consent'", key="Space")
    focus_and_press(phone, "el.matches('.registration-form button[type=submit]')")

    expect(phone.get_by_role("heading", level=1)).to_have_text("C’est noté !")
    check_page(phone)
    participant.refresh_from_db()
    assert participant.state == ParticipantState.REGISTERED
    phone.goto(site + participant.get_absolute_url())
    expect(phone.locator(".ticket-code")).to_have_text(participant.ticket_code)
    check_page(phone)


def test_ticket_prints_without_the_site_header_and_footer(site, phone):
    participant = registered(email="amina.print@example.org")
    phone.goto(site + participant.get_absolute_url())
    focus_and_press(phone, named("A", "Imprimer mon billet"))
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Billet")
    phone.evaluate("window.print = () => { window.printed = true; }")
    print_button = phone.get_by_role("button", name="Imprimer")
    expect(print_button).to_be_visible()
    assert print_button.bounding_box()["height"] >= MIN_TARGET
    check_page(phone)

    focus_and_press(phone, named("BUTTON", "Imprimer"))

    assert phone.evaluate("window.printed === true")
    phone.emulate_media(media="print")
    expect(phone.locator(".site-header")).to_be_hidden()
    expect(phone.locator(".site-footer")).to_be_hidden()
    expect(print_button).to_be_hidden()
    expect(phone.get_by_role("img", name=re.compile("QR code du billet"))).to_be_visible()


def test_ticket_page_without_javascript_says_how_to_print(site, browser):
    participant = registered(email="amina.nojs@example.org")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()

    page.goto(site + participant.get_absolute_url() + "billet/")

    expect(page.get_by_text("Ctrl + P")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimer")).to_have_count(0)
    context.close()
