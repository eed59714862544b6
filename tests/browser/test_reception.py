"""The reception desk on a phone: logging in, checking people in by typed code and by a
photo of their QR code, and registering someone who just walked in."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from events.selectors import event_current
from participants import services, tickets
from participants.models import Participant

from .conftest import assert_accessible, assert_no_sideways_scroll

USERNAME = "accueil@cucm.example.org"
PASSWORD = "Accueil-Hub-and-Go-71"


@pytest.fixture
def desk(site, phone):
    """A phone logged in as a member of the "Accueil" group, on the check-in page."""
    user = get_user_model().objects.create_user(
        username=USERNAME, email=USERNAME, password=PASSWORD
    )
    # Browser tests flush the database between tests, taking the migration's groups along.
    group, _ = Group.objects.get_or_create(name="Accueil")
    group.permissions.add(Permission.objects.get(codename="check_in"))
    user.groups.add(group)
    phone.goto(site + "/accueil/")
    expect(phone).to_have_url(re.compile(r"//[^/]+/connexion/\?next=/accueil/$"))
    phone.get_by_label("Identifiant").fill(USERNAME)
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_label("Mot de passe").press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Accueil : arrivées")
    return phone


@pytest.fixture
def amina(site):
    result = services.registration_create(
        event=event_current(),
        person=services.PersonDetails(
            first_name="Amina", last_name="Benali", email="amina.benali@example.org"
        ),
        targets=[],
    )
    return result.participant


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def test_check_in_by_typed_code_then_again_then_a_wrong_code(desk, amina):
    check_page(desk)

    desk.get_by_label("Code du billet").fill(amina.ticket_code)
    desk.get_by_label("Code du billet").press("Enter")

    expect(desk.get_by_role("heading", level=1)).to_have_text("Amina Benali")
    expect(desk.get_by_role("status").filter(has_text="Arrivé·e à")).to_contain_text(
        re.compile(r"Arrivé·e à \d{1,2}h\d\d")
    )
    check_page(desk)

    # The same ticket again: a warning that says when she first came in.
    desk.get_by_label("Code du billet").fill(amina.ticket_code)
    desk.get_by_role("button", name="Valider l’arrivée").click()
    expect(desk.get_by_role("alert")).to_contain_text(re.compile(r"Déjà arrivé·e à \d{1,2}h\d\d"))
    check_page(desk)

    # A code nobody holds.
    desk.get_by_label("Code du billet").fill("ZZZZ9999")
    desk.get_by_label("Code du billet").press("Enter")
    expect(desk.get_by_role("alert")).to_contain_text("Aucun billet ne porte le code « ZZZZ9999 »")
    check_page(desk)


def test_check_in_by_searching_the_name_with_the_keyboard(desk, amina):
    desk.get_by_label("Nom ou prénom").fill("benali")
    desk.get_by_label("Nom ou prénom").press("Enter")
    button = desk.get_by_role("button", name="Marquer arrivé·e : Amina Benali")
    expect(button).to_be_visible()
    check_page(desk)

    button.focus()
    desk.keyboard.press("Enter")

    expect(desk.get_by_role("heading", level=1)).to_have_text("Amina Benali")
    amina.refresh_from_db()
    assert amina.checked_in_at is not None


def test_check_in_by_a_photo_of_the_qr_code(desk, amina, tmp_path):
    photo = tmp_path / "billet.png"
    photo.write_bytes(tickets.ticket_qr_png(participant=amina))
    expect(desk.get_by_label("Photo du billet")).to_be_visible()

    desk.get_by_label("Photo du billet").set_input_files(photo)

    # Decoding the photo in the page takes a few seconds on a loaded machine.
    expect(desk.get_by_role("heading", level=1)).to_have_text("Amina Benali", timeout=15_000)
    expect(desk.get_by_role("status").filter(has_text="Arrivé·e à")).to_be_visible()
    # A ticket read by the camera or a photo leaves the focus on the camera button (the next
    # ticket is one key away), not on the code field that opens the phone's keyboard.
    expect(desk.get_by_role("button", name="Scanner avec la caméra")).to_be_focused()
    amina.refresh_from_db()
    assert amina.checked_in_at is not None
    check_page(desk)


def test_walk_in_with_errors_then_registered_and_ticket_shown(desk):
    desk.get_by_role("link", name="Inscription sur place").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Inscription sur place")
    check_page(desk)

    desk.locator("#id_first_name").fill("Karim")
    desk.get_by_role("button", name="Inscrire et imprimer le billet").click()
    summary = desk.get_by_role("alert")
    expect(summary).to_contain_text("Le formulaire contient")
    expect(summary).to_contain_text("Cochez cette case après avoir demandé son accord")
    check_page(desk)

    desk.locator("#id_last_name").fill("Haddad")
    desk.locator("#id_phone").fill("06 12 34 56 78")
    desk.locator("#id_workshops_0").check()
    desk.locator("#id_privacy_consent").check()
    desk.get_by_role("button", name="Inscrire et imprimer le billet").click()

    expect(desk.get_by_role("heading", level=1)).to_contain_text("Billet")
    expect(desk.get_by_role("status")).to_contain_text("Karim Haddad est inscrit·e")
    karim = Participant.objects.get(last_name="Haddad")
    expect(desk.locator(".ticket-code")).to_have_text(karim.ticket_code)
    assert karim.is_walk_in and karim.checked_in_at is not None
    check_page(desk)
