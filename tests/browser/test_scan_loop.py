"""The scan loop on a phone, with the keyboard alone: a queue of people at the reception desk
and at a workshop door, each code typed (or sent by a barcode reader: the code, then Enter)
right after the previous one. After each code the result for that person is at the top, the
cursor is back in the code field and the field is in view; search results take the focus; a
person already arrived is not offered « Marquer arrivé·e » again."""

import re

import pytest
from playwright.sync_api import expect

from events.selectors import event_current
from participants import services
from participants.enums import AccessNeedKind

from ..factories import WorkshopFactory
from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_reception import desk  # noqa: F401  (the phone logged in as Accueil)

QUEUE = [
    ("Amina", "Benali"),
    ("Louis", "Martin"),
    ("Zoé", "Zola"),
    ("Karim", "Haddad"),
    ("Chloé", "Petit"),
]

CODE_FIELD_STATE = """() => {
    const field = document.getElementById("id_code");
    const box = field.getBoundingClientRect();
    const title = document.querySelector("h1").getBoundingClientRect();
    return {
        focused: document.activeElement === field,
        value: field.value,
        inView: box.top >= 0 && box.bottom <= window.innerHeight,
        titleInView: title.top >= 0 && title.bottom <= window.innerHeight,
        titleAboveField: title.bottom <= box.top,
    };
}"""


@pytest.fixture
def queue(site):
    """Five people registered online; the first has a need to be welcomed, and all hold a
    seat in a workshop of the day."""
    event = event_current()
    workshop = WorkshopFactory(event=event, title="Atelier file d’attente", capacity=12)
    people = []
    for number, (first_name, last_name) in enumerate(QUEUE):
        details = services.PersonDetails(
            first_name=first_name,
            last_name=last_name,
            email=f"file.{number}@example.org",
            access_needs=(AccessNeedKind.WHEELCHAIR,) if number == 0 else (),
        )
        people.append(
            services.registration_create(
                event=event, person=details, targets=[workshop]
            ).participant
        )
    return workshop, people


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def assert_ready_for_the_next_code(page):
    expect(page.locator("#id_code")).to_be_focused()
    state = page.evaluate(CODE_FIELD_STATE)
    assert state == {
        "focused": True,
        "value": "",
        "inView": True,
        "titleInView": True,
        "titleAboveField": True,
    }


def scan_the_queue(page, people, message):
    for person in people:
        # Typed as a barcode reader does: the characters, then Enter, into the focused field.
        page.keyboard.type(person.ticket_code)
        page.keyboard.press("Enter")

        expect(page.get_by_role("heading", level=1)).to_have_text(person.full_name)
        # Announced: the result is a live region (role=status), filled once in place.
        result = page.get_by_role("status").filter(has_text=re.compile(message))
        expect(result).to_contain_text(person.full_name)
        assert_ready_for_the_next_code(page)
        check_page(page)


def test_desk_five_codes_in_a_row_with_the_keyboard(desk, queue):  # noqa: F811
    _, people = queue
    expect(desk.locator("#id_code")).to_be_focused()
    check_page(desk)

    scan_the_queue(desk, people, r"Arrivé·e à \d{1,2}h\d\d")

    for person in people:
        person.refresh_from_db()
        assert person.checked_in_at is not None
    assert desk.title() == f"{people[-1].full_name} : arrivée notée — Innov’insertion"


def test_desk_codes_sent_faster_than_the_answers_are_all_recorded(desk, queue):  # noqa: F811
    _, people = queue
    expect(desk.locator("#id_code")).to_be_focused()

    # A barcode reader at full speed: each code and Enter, without waiting for the result.
    for person in people:
        desk.keyboard.type(person.ticket_code)
        desk.keyboard.press("Enter")

    expect(desk.get_by_role("heading", level=1)).to_have_text(people[-1].full_name)
    assert_ready_for_the_next_code(desk)
    for person in people:
        person.refresh_from_db()
        assert person.checked_in_at is not None, person.full_name
    check_page(desk)


def test_desk_result_shows_access_needs_and_a_second_scan_warns(desk, queue):  # noqa: F811
    _, people = queue
    amina = people[0]
    expect(desk.locator("#id_code")).to_be_focused()

    desk.keyboard.type(amina.ticket_code)
    desk.keyboard.press("Enter")
    needs = desk.get_by_role("region", name="Besoins pour l’accueillir")
    expect(needs).to_contain_text("Fauteuil roulant ou mobilité réduite")
    assert_ready_for_the_next_code(desk)

    desk.keyboard.type(amina.ticket_code)
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("alert")).to_contain_text(re.compile(r"Déjà arrivé·e à \d{1,2}h\d\d"))
    assert_ready_for_the_next_code(desk)
    check_page(desk)

    # A code nobody holds: refused, and the field is ready again.
    desk.keyboard.type("ZZZZ9999")
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("alert")).to_contain_text("Aucun billet ne porte le code « ZZZZ9999 »")
    assert_ready_for_the_next_code(desk)
    check_page(desk)


def test_door_five_codes_in_a_row_with_the_keyboard(desk, site, queue):  # noqa: F811
    workshop, people = queue
    desk.goto(f"{site}/accueil/ateliers/{workshop.pk}/")
    expect(desk.locator("#id_code")).to_be_focused()
    check_page(desk)

    scan_the_queue(desk, people, r"Présent·e à \d{1,2}h\d\d")

    for person in people:
        assert person.bookings.get().attended_at is not None


def test_search_by_name_takes_the_focus_and_an_arrived_person_has_no_button(
    desk,  # noqa: F811
    queue,
):
    _, people = queue
    louis = people[1]
    expect(desk.locator("#id_code")).to_be_focused()
    desk.keyboard.type(louis.ticket_code)
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("heading", level=1)).to_have_text(louis.full_name)

    # The name, from the link under the result, with the keyboard.
    desk.get_by_role("link", name="Chercher une personne par le nom").focus()
    desk.keyboard.press("Enter")
    desk.get_by_label("Nom ou prénom").focus()
    desk.keyboard.type("Martin")
    desk.keyboard.press("Enter")

    results = desk.get_by_role("heading", name="1 personne trouvée")
    expect(results).to_be_focused()
    expect(results).to_be_in_viewport()
    item = desk.locator(f"[data-participant='{louis.pk}']")
    expect(item).to_be_in_viewport()
    expect(item).to_contain_text(re.compile(r"arrivé·e à \d{1,2}h\d\d"))
    expect(desk.get_by_role("button", name=re.compile("Marquer arrivé·e"))).to_have_count(0)
    check_page(desk)

    # Someone not arrived yet: the button, reached with Tab from the focused results.
    desk.get_by_label("Nom ou prénom").fill("Zola")
    desk.get_by_label("Nom ou prénom").press("Enter")
    expect(desk.get_by_role("heading", name="1 personne trouvée")).to_be_focused()
    desk.keyboard.press("Tab")
    expect(desk.get_by_role("button", name="Marquer arrivé·e : Zoé Zola")).to_be_focused()
    check_page(desk)
    desk.keyboard.press("Enter")

    expect(desk.get_by_role("heading", level=1)).to_have_text("Zoé Zola")
    assert_ready_for_the_next_code(desk)
    check_page(desk)
