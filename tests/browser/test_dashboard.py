"""Staff follow the day on the dashboard; an exhibitor notes a visitor met at the stand."""

import importlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from exhibitors.models import Organisation, OrganisationMember
from participants import services, tickets
from workshops.models import Workshop

from .conftest import assert_accessible, assert_no_sideways_scroll

PASSWORD = "Tableau-de-bord-Creusot-71"
roles = importlib.import_module("participants.migrations.0003_roles")


def _administration() -> Group:
    """The group of the roles migration (a live-server test flushes the database after
    itself, migrations' data included: recreate it the same way)."""
    group, created = Group.objects.get_or_create(name="Administration")
    if created:
        group.permissions.set(
            # …and onsite's, as onsite's 0002_roles migration gives them.
            Permission.objects.filter(content_type__app_label__in=[*roles.ADMIN_APPS, "onsite"])
        )
    return group


@pytest.fixture
def day(demo):
    """A few people registered at the desk, one of them met at Michelin's stand."""
    workshop = Workshop.objects.filter(event=demo, capacity__isnull=False).first()
    people = [
        services.registration_create(
            event=demo,
            person=services.PersonDetails(
                first_name=first, last_name="Benali", email=f"{first.lower()}@example.org"
            ),
            targets=[workshop],
            accepts_stand_contacts=True,
            walk_in=True,
        ).participant
        for first in ("Amina", "Louis", "Karim")
    ]
    return people


def _account(username, *, staff=False, organisation_slug=None):
    user = get_user_model().objects.create_user(
        username=username, email=username, password=PASSWORD, is_staff=staff
    )
    if staff:
        user.groups.add(_administration())
    if organisation_slug:
        OrganisationMember.objects.create(
            organisation=Organisation.objects.get(slug=organisation_slug), user=user
        )
    return user


def _log_in(page, site, username, next_url):
    page.goto(f"{site}/exposants/connexion/?next={next_url}")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_label("Mot de passe").press("Enter")


def _check(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_staff_follow_the_day_on_the_dashboard(site, day, device, request):
    page = request.getfixturevalue(device)
    _account("direction@cucm.example.org", staff=True)

    _log_in(page, site, "direction@cucm.example.org", "/accueil/tableau-de-bord/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord de la journée")
    expect(page.get_by_role("img", name="Inscriptions et arrivées")).to_be_visible()
    registrations = page.locator("#table-registrations")
    expect(
        registrations.get_by_role("row", name=re.compile("Inscrit·es sur place"))
    ).to_contain_text("3")
    expect(page.locator("#table-situations")).to_be_visible()
    _check(page)

    # The automatic update is offered, off by default, and switched on with the keyboard.
    auto = page.get_by_label("Mettre à jour toute seule chaque minute")
    expect(auto).not_to_be_checked()
    auto.focus()
    page.keyboard.press("Space")
    expect(auto).to_be_checked()
    page.get_by_role("link", name="Mettre à jour").click()
    expect(page.get_by_label("Mettre à jour toute seule chaque minute")).to_be_checked()
    _check(page)


def test_exhibitor_notes_a_visitor_met_at_the_stand(site, day, phone):
    _account("rh@michelin.example.org", organisation_slug="michelin")
    visitor = day[0]

    _log_in(phone, site, "rh@michelin.example.org", "/exposants/")
    phone.get_by_role("link", name=re.compile("contacts rencontrés")).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Contacts rencontrés sur votre stand"
    )
    _check(phone)
    phone.get_by_label("Code du billet").fill(visitor.ticket_code)
    phone.get_by_label("Note (facultatif)").fill("Cherche un poste en logistique")
    phone.get_by_role("button", name="Noter le contact").click()

    expect(phone.get_by_role("status")).to_contain_text("Contact de Amina Benali noté.")
    expect(phone.get_by_role("table")).to_contain_text("amina@example.org")
    _check(phone)

    phone.get_by_label("Code du billet").fill("ABCDEFGHJK")
    phone.get_by_role("button", name="Noter le contact").click()
    expect(phone.get_by_role("alert")).to_contain_text("Aucun billet ne porte le code")
    _check(phone)


def test_exhibitor_scans_a_visitors_ticket_photo(site, day, phone, tmp_path):
    _account("rh@michelin.example.org", organisation_slug="michelin")
    visitor = day[1]
    photo = tmp_path / "billet.png"
    photo.write_bytes(tickets.ticket_qr_png(participant=visitor))

    _log_in(phone, site, "rh@michelin.example.org", "/exposants/contacts/")
    # The scanner block is shown by its script once the change listener is attached: a file
    # set before that would be ignored, as a person's tap on a page still loading would be.
    expect(phone.get_by_role("button", name="Scanner avec la caméra")).to_be_visible()
    phone.get_by_label("Photo du billet").set_input_files(photo)

    # Decoding the photo in the page takes a few seconds on a loaded machine.
    expect(
        phone.get_by_role("status").filter(has_text="Contact de Louis Benali noté.")
    ).to_be_visible(timeout=15_000)
    expect(phone.get_by_role("table")).to_contain_text("louis@example.org")
    _check(phone)
