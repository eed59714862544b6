"""What a job seeker does on a phone, with the keyboard as well as by touch."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible


def tab_until(page, predicate_js: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate_js})(document.activeElement)"):
            return
    raise AssertionError(f"no element matching {predicate_js} within {limit} Tab presses")


def test_skip_link_is_the_first_tab_stop_and_jumps_to_content(site, phone):
    phone.goto(site + "/programme/")

    phone.keyboard.press("Tab")
    skip = phone.get_by_role("link", name="Aller au contenu")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.keyboard.press("Enter")

    expect(phone.locator("main#contenu")).to_be_focused()


def test_focus_is_visible_on_links(site, phone):
    phone.goto(site + "/")

    tab_until(phone, "el.matches('main a')")

    outline = phone.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_phone_menu_works_with_the_keyboard(site, phone):
    phone.goto(site + "/")

    tab_until(phone, "el.matches('button.navbar-toggler')")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("link", name="Programme", exact=True)).to_be_visible()
    phone.keyboard.press("Tab")
    expect(phone.get_by_role("link", name="Programme", exact=True)).to_be_focused()
    phone.keyboard.press("Enter")

    expect(phone).to_have_url(re.compile(r"/programme/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Programme de la journée")


def test_forum_filters_work_with_the_keyboard(site, phone):
    phone.goto(site + "/forum/")

    tab_until(phone, "el.id === 'id_kind'")
    phone.locator("#id_kind").select_option("association")
    tab_until(phone, "el.type === 'submit'")
    phone.keyboard.press("Enter")

    expect(phone).to_have_url(re.compile(r"kind=association"))
    expect(phone.get_by_role("link", name="ADMR")).to_be_visible()
    expect(phone.get_by_role("link", name="Michelin")).to_have_count(0)
    assert_accessible(phone)


def test_job_seeker_finds_the_conference_and_a_workshop_from_home(site, phone):
    phone.goto(site + "/")
    phone.get_by_role("link", name="Voir le programme").click()

    seventeen = phone.locator("section.programme-hour", has_text="17h")
    expect(seventeen.get_by_text("Amphithéâtre").first).to_be_visible()
    phone.get_by_role("link", name="Rencontrer les RH de l’industrie").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Rencontrer les RH de l’industrie")
    expect(phone.get_by_text(re.compile(r"\d+ places restantes"))).to_be_visible()
    assert_accessible(phone)


def test_programme_prints_without_navigation(site, desktop):
    desktop.goto(site + "/programme/")

    desktop.emulate_media(media="print")

    expect(desktop.locator("#menu-principal")).to_be_hidden()
    expect(desktop.get_by_role("link", name="Ajouter à mon agenda (.ics)")).to_be_hidden()
    expect(desktop.locator("section.programme-hour").first).to_be_visible()
