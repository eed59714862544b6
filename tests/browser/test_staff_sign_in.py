"""Staff and exhibitors sign in on one page, with the keyboard alone on a phone, and each
lands where their role works; the 403 page names the places a role may open instead."""

import importlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from exhibitors.models import Organisation, OrganisationMember

from .conftest import assert_accessible, assert_no_sideways_scroll

PASSWORD = "Hub-and-Go-Creusot-71"
roles = importlib.import_module("participants.migrations.0003_roles")


def _group(name: str) -> Group:
    """The roles migration's group (a live-server test flushes the database, migrations'
    data included: recreate it from the migration's own list)."""
    group, _ = Group.objects.get_or_create(name=name)
    wanted = roles.ROLES[name]
    if wanted == "ALL":
        apps = [*roles.ADMIN_APPS, "onsite"]  # onsite's 0002_roles adds onsite's
        permissions = Permission.objects.filter(content_type__app_label__in=apps)
    else:
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in wanted
        ]
    group.permissions.set(permissions)
    return group


def _account(username: str, *, group: str | None = None, organisation: str | None = None):
    user = get_user_model().objects.create_user(
        username=username, email=username, password=PASSWORD, is_staff=group is not None
    )
    if group:
        user.groups.add(_group(group))
    if organisation:
        OrganisationMember.objects.create(
            organisation=Organisation.objects.get(slug=organisation), user=user
        )
    return user


def _check(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def _sign_in_with_the_keyboard(page, username: str):
    """The name field has the focus on arrival; Tab to the password, Enter to send."""
    expect(page.get_by_label("Identifiant")).to_be_focused()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mot de passe")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


@pytest.mark.parametrize(
    ("account", "heading"),
    [
        ({"username": "accueil@cucm.example.org", "group": "Accueil"}, "Accueil : arrivées"),
        (
            {"username": "programme@cucm.example.org", "group": "Programme"},
            "Tableau de bord de la journée",
        ),
        (
            {"username": "direction@cucm.example.org", "group": "Administration"},
            "Tableau de bord de la journée",
        ),
        (
            {"username": "rh@michelin.example.org", "organisation": "michelin"},
            "Mon espace exposant",
        ),
    ],
    ids=["Accueil", "Programme", "Administration", "exposant"],
)
def test_each_role_signs_in_with_the_keyboard_and_lands_in_its_place(site, phone, account, heading):
    _account(**account)

    phone.goto(site + "/connexion/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Connexion")
    _check(phone)
    _sign_in_with_the_keyboard(phone, account["username"])

    # The dashboard works out every figure of the day: give a busy machine time.
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading, timeout=20_000)
    _check(phone)
    if "group" in account:  # the staff header: no public registration button, a log-out
        expect(phone.get_by_role("link", name="S’inscrire")).to_have_count(0)
        expect(phone.get_by_role("navigation", name="Espaces de l’équipe")).to_be_visible()
        expect(
            phone.get_by_role("button", name=f"Se déconnecter ({account['username']})")
        ).to_be_visible()


def test_desk_staff_meet_a_designed_403_and_go_on_with_the_keyboard(site, phone):
    _account("accueil@cucm.example.org", group="Accueil")
    phone.goto(site + "/accueil/tableau-de-bord/")
    expect(phone).to_have_url(re.compile(r"//[^/]+/connexion/\?next=/accueil/tableau-de-bord/$"))
    _sign_in_with_the_keyboard(phone, "accueil@cucm.example.org")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Cette page ne vous est pas ouverte")
    places = phone.get_by_role("main").get_by_role("listitem")
    expect(places).to_have_text(
        ["Arrivées", "Ateliers", "Inscription sur place", "Besoins d’accueil", "Administration"]
    )
    _check(phone)

    # Keyboard only: from the first place of the list, on to the desk.
    phone.get_by_role("main").get_by_role("link", name="Arrivées").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Accueil : arrivées")

    # And out: the log-out button in the header.
    phone.get_by_role("button", name="Se déconnecter (accueil@cucm.example.org)").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Connexion")
    expect(phone.get_by_text("Vous êtes déconnecté·e. À bientôt !")).to_be_visible()
    _check(phone)


def test_a_sign_in_form_left_open_too_long_explains_itself_and_comes_back(site, phone):
    _account("accueil@cucm.example.org", group="Accueil")
    phone.goto(site + "/connexion/?next=/accueil/")
    phone.context.clear_cookies()  # the security cookie lost, as after a long wait

    _sign_in_with_the_keyboard(phone, "accueil@cucm.example.org")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Le formulaire a expiré")
    _check(phone)
    phone.get_by_role("link", name="Se connecter à nouveau").focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"//[^/]+/connexion/\?next=/accueil/$"))
    _sign_in_with_the_keyboard(phone, "accueil@cucm.example.org")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Accueil : arrivées")


def test_the_404_page_is_accessible(site, phone):
    phone.goto(site + "/nulle-part/")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Cette page est introuvable")
    _check(phone)
