"""Every public page, in a real browser: axe-core finds nothing, and nothing scrolls sideways."""

import pytest

from demo.data import DEMO_SLUG
from events.models import Event

from ..factories import StandFactory
from .conftest import assert_accessible, assert_no_sideways_scroll

PUBLIC_PATHS = [
    "/",
    "/programme/",
    "/forum/",
    "/forum/?kind=association&activity=role_play",
    "/forum/?kind=public_employer&activity=vr_immersion",
    "/forum/?kind=pirate",
    "/forum/michelin/",
    "/forum/restos-du-coeur/",
    "/ateliers/",
    "/ateliers/rh-industrie/",
    "/conference/",
    "/infos-pratiques/",
    "/accessibilite/",
    "/confidentialite/",
    "/page-qui-n-existe-pas/",
]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_on_a_phone_is_accessible_and_fits(site, phone, path):
    phone.goto(site + path)

    assert_accessible(phone)
    assert_no_sideways_scroll(phone)


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_page_on_a_desktop_is_accessible(site, desktop, path):
    desktop.goto(site + path)

    assert_accessible(desktop)


def test_phone_menu_opens_and_is_accessible(site, phone):
    phone.goto(site + "/")

    phone.get_by_role("button", name="Menu").click()
    phone.get_by_role("link", name="Ateliers", exact=True).wait_for(state="visible")

    assert_accessible(phone)
    assert phone.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"


def test_long_forum_comes_in_pages_reachable_by_keyboard(site, phone, demo):
    event = Event.objects.get(slug=DEMO_SLUG)
    for number in range(100, 150):  # after the demo's own stand numbers
        StandFactory(event=event, number=number)
    phone.goto(site + "/forum/")

    assert_accessible(phone)
    assert_no_sideways_scroll(phone)
    next_page = phone.get_by_role("link", name="Page suivante")
    for _ in range(400):  # Tab through the page until the link has the focus
        phone.keyboard.press("Tab")
        if next_page.evaluate("link => link === document.activeElement"):
            break
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/forum/?page=2")
    assert phone.locator(".pagination [aria-current=page]").inner_text().strip().endswith("2")
    assert_accessible(phone)
