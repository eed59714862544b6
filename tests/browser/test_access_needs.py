"""Access needs in the browser, on a 360 px phone with the keyboard: ticked when registering,
changed on the personal page, seen by the desk at check-in and in the list per need."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from events.selectors import event_current
from participants import services
from participants.enums import AccessNeedKind
from participants.models import Participant

from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

FORM_TABS = 150
USERNAME = "accueil@cucm.example.org"
PASSWORD = "Accueil-Hub-and-Go-71"
LSF = str(AccessNeedKind.SIGN_LANGUAGE.label)
LARGE_PRINT = str(AccessNeedKind.LARGE_PRINT.label)


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def labelled(text: str) -> str:
    return f"el.labels && el.labels.length > 0 && el.labels[0].textContent.includes({text!r})"


def tick_with_the_keyboard(page, label: str) -> None:
    """Tab to the checkbox labelled ``label`` and tick it with the space bar."""
    tab_until(page, labelled(label), limit=FORM_TABS)
    page.keyboard.press("Space")
    expect(page.get_by_label(label)).to_be_checked()


def test_needs_ticked_at_registration_then_changed_on_the_personal_page(site, phone):
    phone.goto(site + "/inscription/")
    section = phone.get_by_role("group", name="Pour vous accueillir", exact=True)
    expect(section).to_be_visible()
    expect(section.get_by_label(LSF)).not_to_be_checked()
    check_page(phone)

    phone.locator("#id_first_name").fill("Amina")
    phone.locator("#id_last_name").fill("Benali")
    phone.locator("#id_email").fill("amina.besoins@example.org")
    phone.locator("#id_first_name").focus()
    tick_with_the_keyboard(phone, LSF)
    tab_until(phone, "el.id === 'id_access_needs_other'", limit=FORM_TABS)
    phone.keyboard.type("Une chaise près de l’entrée")
    tab_until(phone, "el.id === 'id_privacy_consent'", limit=FORM_TABS)
    phone.keyboard.press("Space")
    tab_until(phone, "el.matches('.registration-form button[type=submit]')", limit=FORM_TABS)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("C’est noté !")

    amina = Participant.objects.get(email="amina.besoins@example.org")
    assert list(amina.access_needs.values_list("kind", flat=True)) == ["sign_language"]
    assert amina.access_needs_other == "Une chaise près de l’entrée"

    phone.goto(site + amina.get_absolute_url())
    needs = phone.locator("#besoins")
    # Folded to keep the page short: what was declared, the form one press away.
    expect(needs.locator(".access-needs__now")).to_contain_text(LSF)
    expect(needs.locator(".access-needs__now")).to_contain_text("Une chaise près de l’entrée")
    expect(needs.get_by_label(LSF)).to_be_hidden()
    check_page(phone)
    needs.locator("summary").focus()  # then the keyboard only
    phone.keyboard.press("Enter")
    expect(needs.get_by_label(LSF)).to_be_checked()
    expect(needs.get_by_label("Autre besoin (précisez)")).to_have_value(
        "Une chaise près de l’entrée"
    )
    check_page(phone)

    tick_with_the_keyboard(phone, LARGE_PRINT)
    tab_until(phone, "el.matches('.access-needs-form button[type=submit]')", limit=30)
    phone.keyboard.press("Enter")

    expect(
        phone.get_by_text("C’est noté : l’équipe d’accueil préparera votre venue")
    ).to_be_visible()
    expect(phone.locator("#besoins").get_by_label(LARGE_PRINT)).to_be_checked()
    assert sorted(amina.access_needs.values_list("kind", flat=True)) == [
        "large_print",
        "sign_language",
    ]
    check_page(phone)


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
    phone.get_by_label("Identifiant").fill(USERNAME)
    phone.get_by_label("Mot de passe").fill(PASSWORD)
    phone.get_by_label("Mot de passe").press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Accueil : arrivées")
    return phone


def test_desk_sees_the_needs_at_check_in_and_in_the_list(site, desk):
    amina = services.registration_create(
        event=event_current(),
        person=services.PersonDetails(
            first_name="Amina",
            last_name="Benali",
            email="amina.benali@example.org",
            access_needs=(AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.WHEELCHAIR),
            access_needs_other="Une chaise près de l’entrée",
        ),
        targets=[],
    ).participant

    desk.get_by_label("Code du billet").fill(amina.ticket_code)
    desk.get_by_label("Code du billet").press("Enter")

    expect(desk.get_by_role("heading", level=1)).to_have_text("Amina Benali")
    needs = desk.get_by_role("region", name="Besoins pour l’accueillir")
    expect(needs).to_be_visible()
    expect(needs.get_by_role("listitem")).to_have_text([LSF, str(AccessNeedKind.WHEELCHAIR.label)])
    expect(needs).to_contain_text("Autre besoin : Une chaise près de l’entrée")
    check_page(desk)

    desk.get_by_role("link", name="Besoins d’accueil").click()
    expect(desk.get_by_role("heading", level=1)).to_have_text("Besoins d’accueil")
    expect(desk.get_by_role("heading", name=re.compile(r"LSF\) : 1 personne"))).to_be_visible()
    expect(desk.get_by_role("cell", name=amina.ticket_code).first).to_be_visible()
    check_page(desk)
