"""Registration without dead ends, on a phone with the keyboard only (issue 13): the error
count, the focus ring of the boxes, the public pages that lead to registration, and what the
person sees once registered."""

import re

from playwright.sync_api import expect

from participants.models import Participant
from workshops.models import Workshop

from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

FORM_TABS = 150
FIRST = "Préparer sa recherche d’emploi"  # 9h30
FULL = "Rencontrer les RH de l’industrie"  # 11h00, made full below
CONFERENCE = "Conférence Innov’insertion CUCM"  # 150 seats
REACH_RULE = "Indiquez un courriel ou un téléphone"

FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow];
}"""


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def focus_style(page) -> list[str]:
    return page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")


def type_into(page, field_id: str, text: str) -> None:
    tab_until(page, f"el.id === {field_id!r}", limit=FORM_TABS)
    page.keyboard.type(text)


def submit(page) -> None:
    tab_until(page, "el.matches('.registration-form button[type=submit]')", limit=FORM_TABS)
    page.keyboard.press("Enter")


def test_empty_form_counts_the_email_or_phone_rule_once_then_thanks_without_dead_end(site, phone):
    phone.goto(site + "/inscription/")
    submit(phone)

    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient 4 erreurs")
    expect(summary.get_by_role("listitem")).to_have_count(4)
    expect(summary.get_by_text(re.compile(REACH_RULE))).to_have_count(1)
    expect(phone.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#id_phone")).to_have_accessible_description(re.compile(REACH_RULE))
    check_page(phone)

    # The summary's link leads to the email field.
    tab_until(phone, f"el.textContent.includes({REACH_RULE!r})")
    phone.keyboard.press("Enter")
    expect(phone.locator("#id_email")).to_be_focused()

    type_into(phone, "id_first_name", "Amina")
    type_into(phone, "id_last_name", "N’Diaye")
    type_into(phone, "id_email", "amina.ndiaye@example.org")
    tab_until(phone, "el.id === 'id_privacy_consent'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    submit(phone)

    expect(phone.get_by_role("heading", level=1)).to_have_text("C’est noté !")
    expect(phone.get_by_text("Ne vous inscrivez pas une deuxième fois")).to_be_visible()
    expect(phone.get_by_text(re.compile("inscrivez-vous de nouveau"))).to_have_count(0)
    check_page(phone)


def test_boxes_and_radios_have_a_gap_and_the_links_focus_ring(site, phone):
    phone.goto(site + "/inscription/")

    tab_until(phone, "el.matches('main a[href]')", limit=FORM_TABS)
    link_ring = focus_style(phone)
    tab_until(phone, "el.id === 'id_on_behalf'", limit=FORM_TABS)
    checkbox_ring = focus_style(phone)
    tab_until(phone, "el.type === 'radio'", limit=FORM_TABS)
    radio_ring = focus_style(phone)

    assert link_ring[0] == "solid" and link_ring[1] == "3px", link_ring
    assert checkbox_ring == link_ring
    assert radio_ring == link_ring
    for box in ("#id_on_behalf", "#id_prefers_text_messages", "#id_situation_0"):
        input_box = phone.locator(box).bounding_box()
        label_box = phone.locator(f"label[for={box[1:]}]").bounding_box()
        gap = label_box["x"] - (input_box["x"] + input_box["width"])
        assert gap >= 8, f"{box}: {gap}px between the box and its label"
    check_page(phone)


def test_full_workshop_leads_to_its_waiting_list_and_the_plan_says_so(site, phone, demo):
    full = Workshop.objects.get(title=FULL)
    full.capacity = full.seats_taken
    full.save()  # the public pages follow (events.cache)

    phone.goto(site + f"/ateliers/{full.slug}/")
    expect(phone.get_by_text("Complet — inscrivez-vous sur la liste d’attente")).to_be_visible()
    check_page(phone)
    tab_until(phone, "el.textContent.trim() === 'S’inscrire sur la liste d’attente'")
    phone.keyboard.press("Enter")

    expect(phone.get_by_label(re.compile(FULL))).to_be_checked()
    type_into(phone, "id_first_name", "Karim")
    type_into(phone, "id_last_name", "Belkacem")
    type_into(phone, "id_phone", "06 12 34 56 78")
    tab_until(phone, f"el.labels && el.labels[0].textContent.includes({FIRST!r})", FORM_TABS)
    phone.keyboard.press("Space")
    tab_until(phone, "el.id === 'id_privacy_consent'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    submit(phone)

    # No email round trip: straight to the personal page, which is the recap.
    expect(phone.get_by_role("status")).to_contain_text("Gardez bien cette page")
    participant = Participant.objects.get(last_name="Belkacem")
    expect(phone).to_have_url(site + participant.get_absolute_url())
    plan = phone.locator(".plan")
    first = plan.locator(".plan-entry", has=phone.get_by_role("heading", name=FIRST))
    waiting = plan.locator(".plan-entry", has=phone.get_by_role("heading", name=FULL))
    expect(first).to_contain_text("Place confirmée")
    expect(waiting).to_contain_text("Liste d’attente : n° 1")
    check_page(phone)


def described_by(title: str) -> str:
    """The focused element is a registration link described by ``title`` (its heading)."""
    return (
        "/s’inscrire/i.test(el.textContent) && el.hasAttribute('aria-describedby') && "
        "document.getElementById(el.getAttribute('aria-describedby')).textContent"
        f".includes({title!r})"
    )


def test_conference_and_programme_lead_to_registration(site, phone):
    phone.goto(site + "/conference/")
    expect(phone.get_by_text(re.compile(r"\d+ places restantes")).first).to_be_visible()
    link = phone.get_by_role("link", name="S’inscrire", exact=True)
    expect(link).to_have_accessible_description(re.compile(CONFERENCE))
    check_page(phone)
    tab_until(phone, described_by(CONFERENCE))
    phone.keyboard.press("Enter")
    expect(phone.get_by_label(re.compile(CONFERENCE))).to_be_checked()

    phone.goto(site + "/programme/")
    check_page(phone)
    tab_until(phone, described_by(FIRST), limit=200)
    expect(phone.locator(":focus")).to_have_accessible_description(FIRST)
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/inscription/#div_id_workshops$"))
    expect(phone.get_by_label(re.compile(FIRST))).to_be_visible()
