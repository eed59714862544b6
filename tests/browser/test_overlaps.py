"""An overlap shown by the choices concerned (issue 13, item 2), on a 360 px phone with the
keyboard only and axe-core on every state: two workshops at the same time chosen at
registration are both marked, and the summary's link takes the focus to the first; on the
personal page, a choice at the same time as one held is marked in the list, and adding it
with another adds neither."""

import re

from playwright.sync_api import expect

from events.selectors import event_current
from participants import services
from participants.models import Participant
from workshops.models import Workshop

from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

FORM_TABS = 150
# Three workshops at 9h30 in the demo; the list shows them by title.
FIRST = "Définir son projet professionnel"
SECOND = "Préparer sa recherche d’emploi"
LATER = "Rencontrer les RH de l’industrie"  # 11h00


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def labelled(text: str) -> str:
    return f"el.labels && el.labels.length > 0 && el.labels[0].textContent.includes({text!r})"


def box(page, title: str):
    return page.get_by_role("checkbox", name=title)


def tick(page, title: str) -> None:
    tab_until(page, labelled(title), limit=FORM_TABS)
    page.keyboard.press("Space")
    expect(box(page, title)).to_be_checked()


def expect_marked(page, title: str, note: str) -> None:
    """Invalid, still ticked, and described by the error and its own note, both visible."""
    choice = box(page, title)
    expect(choice).to_have_attribute("aria-invalid", "true")
    expect(choice).to_be_checked()
    # Read with the box: the message (the two titles, their time), then its note.
    expect(choice).to_have_accessible_description(
        re.compile(rf"ont lieu en même temps : choisissez l’un ou l’autre\. {re.escape(note)}$")
    )
    error_id, note_id = choice.get_attribute("aria-describedby").split()
    expect(page.locator(f"#{error_id}")).to_be_visible()
    expect(page.locator(f"#{note_id}")).to_have_text(note)
    expect(page.locator(f"#{note_id}")).to_be_visible()


def test_two_workshops_at_the_same_time_are_both_marked(site, phone):
    phone.goto(site + "/inscription/")
    check_page(phone)
    for field_id, text in (
        ("id_first_name", "Amina"),
        ("id_last_name", "Benali"),
        ("id_email", "amina.overlap@example.org"),
    ):
        tab_until(phone, f"el.id === {field_id!r}", limit=FORM_TABS)
        phone.keyboard.type(text)
    tick(phone, SECOND)
    tick(phone, FIRST)
    tab_until(phone, "el.id === 'id_privacy_consent'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    tab_until(phone, "el.matches('.registration-form button[type=submit]')", limit=FORM_TABS)
    phone.keyboard.press("Enter")

    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient 1 erreur")
    expect(summary).to_be_focused()
    expect_marked(phone, FIRST, f"Même horaire que « {SECOND} ».")
    expect_marked(phone, SECOND, f"Même horaire que « {FIRST} ».")
    expect(box(phone, "Réussir son CV et sa lettre de motivation")).not_to_have_attribute(
        "aria-invalid", "true"
    )
    check_page(phone)

    # The summary's link takes the focus to the first of the two, in view.
    tab_until(phone, "el.closest('#erreurs') && el.tagName === 'A'", limit=3)
    phone.keyboard.press("Enter")
    expect(box(phone, FIRST)).to_be_focused()
    expect(box(phone, FIRST)).to_be_in_viewport()
    check_page(phone)

    # Unticked with the keyboard, the other kept: registered.
    phone.keyboard.press("Space")
    expect(box(phone, FIRST)).not_to_be_checked()
    tab_until(phone, "el.matches('.registration-form button[type=submit]')", limit=FORM_TABS)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("C’est noté !")
    participant = Participant.objects.get(email="amina.overlap@example.org")
    assert [str(b.target) for b in participant.bookings.all()] == [SECOND]


def test_personal_page_marks_a_clash_with_what_is_held_and_adds_none(site, phone):
    event = event_current()
    held = Workshop.objects.get(event=event, title=FIRST)
    participant = services.registration_create(
        event=event,
        person=services.PersonDetails(
            first_name="Amina", last_name="Benali", email="amina.held@example.org"
        ),
        targets=[held],
    ).participant
    phone.goto(site + participant.get_absolute_url())
    tab_until(phone, "el.tagName === 'SUMMARY' && el.closest('.add-choices')", limit=FORM_TABS)
    phone.keyboard.press("Enter")
    note = f"Même horaire que « {FIRST} », que vous avez déjà."
    expect(box(phone, SECOND)).to_have_accessible_description(note)
    expect(phone.get_by_text(note).first).to_be_visible()
    expect(box(phone, SECOND)).not_to_have_attribute("aria-invalid", "true")
    check_page(phone)

    tick(phone, SECOND)
    tick(phone, LATER)
    tab_until(phone, "el.matches('.add-choices button[type=submit]')", limit=FORM_TABS)
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("alert")).to_contain_text("Le formulaire contient 1 erreur")
    choice = box(phone, SECOND)
    expect(choice).to_have_attribute("aria-invalid", "true")
    expect(choice).to_be_checked()
    expect(box(phone, LATER)).to_be_checked()  # kept ticked, to send again without SECOND
    expect(box(phone, LATER)).not_to_have_attribute("aria-invalid", "true")
    check_page(phone)
    assert [str(b.target) for b in participant.bookings.all()] == [FIRST]

    # The summary's link takes the focus to the choice refused (no script on this page).
    tab_until(phone, "el.closest('#erreurs') && el.tagName === 'A'", limit=FORM_TABS)
    phone.keyboard.press("Enter")
    expect(choice).to_be_focused()
    expect(choice).to_be_in_viewport()
    check_page(phone)
