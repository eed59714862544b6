"""One sign-in page for staff and exhibitors; each person lands where their role works; the
staff header shows the places a role opens and a log-out (innov_insertion/accounts.py)."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    OrganisationMemberFactory,
    UserFactory,
)

DESK = "/accueil/"
DASHBOARD = "/accueil/tableau-de-bord/"
PORTAL = "/exposants/"
ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def role_user(group: str):
    """A staff account in one of the roles' groups (participants/migrations/0003_roles.py)."""
    user = UserFactory(username=f"{group.lower()}@cucm.example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def programme_without_dashboard():
    """Staff who edit the programme in the admin but may not follow the dashboard."""
    user = UserFactory(username="contenus@cucm.example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_workshop"))
    return user


def exhibitor():
    return OrganisationMemberFactory(organisation=OrganisationFactory(name="Forges")).user


ACCOUNTS = {
    "Accueil": lambda: role_user("Accueil"),
    "Programme": lambda: role_user("Programme"),
    "Programme sans tableau de bord": programme_without_dashboard,
    "Administration": lambda: role_user("Administration"),
    "exposant": exhibitor,
}


def sign_in(client, user, *, url="/connexion/", next=""):
    data = {"username": user.username, "password": TEST_PASSWORD, "next": next}
    return client.post(url, data, follow=True)


def text_of(response_or_html) -> str:
    """The visible text, on one line (a tag counts as a space)."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize(
    ("account", "landing"),
    [
        ("Accueil", DESK),
        ("Programme", DASHBOARD),
        ("Programme sans tableau de bord", ADMIN),
        ("Administration", DASHBOARD),
        ("exposant", PORTAL),
    ],
)
def test_each_role_lands_where_it_works(client, event, account, landing):
    user = ACCOUNTS[account]()

    response = sign_in(client, user)

    assertRedirects(response, landing)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/connexion/", "/exposants/connexion/"])
def test_both_addresses_are_the_same_sign_in_for_staff(client, event, url):
    page = client.get(url)
    response = sign_in(client, role_user("Accueil"), url=url)

    assertContains(page, "<h1>Connexion</h1>", html=True)
    assertContains(page, "Pour l’équipe de la journée (accueil, programme, administration)")
    assertContains(page, "<title>Connexion : équipe et exposants — Innov’insertion</title>")
    assertNotContains(page, "Espace exposant : connexion")
    assertRedirects(response, DESK)


def test_a_safe_next_wins_over_the_landing(client, event):
    response = sign_in(client, role_user("Administration"), next="/accueil/sur-place/")

    assertRedirects(response, "/accueil/sur-place/")


def test_a_next_to_another_site_is_ignored(client, event):
    response = sign_in(client, role_user("Accueil"), next="https://evil.example.org/accueil/")

    assertRedirects(response, DESK)


def test_staff_opening_a_desk_page_signs_in_and_comes_back(client, event):
    asked = client.get("/accueil/besoins/")
    response = sign_in(client, role_user("Accueil"), next="/accueil/besoins/")

    assertRedirects(asked, "/connexion/?next=/accueil/besoins/", fetch_redirect_response=False)
    assertRedirects(response, "/accueil/besoins/")


def test_signed_in_person_opening_the_sign_in_page_goes_to_their_place(client, event):
    client.force_login(role_user("Accueil"))

    response = client.get("/connexion/", follow=True)

    assertRedirects(response, DESK)


def test_landing_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("landing"))

    assertRedirects(response, "/connexion/?next=/mon-espace/", fetch_redirect_response=False)


def test_sign_in_lockout_still_guards_the_new_address(client, event, settings):
    user = role_user("Accueil")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post("/connexion/", {"username": user.username, "password": f"essai-{n}"})

    locked = client.post("/connexion/", {"username": user.username, "password": TEST_PASSWORD})

    assertContains(locked, "Connexion bloquée pour un moment", status_code=429)
    # A staff member is not told they are in the exhibitors' area.
    assertContains(
        locked, "<title>Connexion bloquée pour un moment — Innov’insertion</title>", status_code=429
    )
    assertNotContains(locked, "— Espace exposant —", status_code=429)
    assertContains(locked, "demandez un nouveau mot de passe à l’administrateur", status_code=429)
    assert "_auth_user_id" not in client.session


# --- The staff header ------------------------------------------------------------------------

STAFF_LINKS = {
    "Arrivées": DESK,
    "Ateliers": "/accueil/ateliers/",
    "Inscription sur place": "/accueil/sur-place/",
    "Besoins d’accueil": "/accueil/besoins/",
    "Tableau de bord": DASHBOARD,
    "Administration": ADMIN,
}
NAV = re.compile(r'<nav class="container staff-nav"[^>]*>(.*?)</nav>', re.S)


def staff_nav_links(page: str) -> dict[str, str]:
    [nav] = NAV.findall(page)
    return {label: href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize(
    ("group", "page_url", "labels"),
    [
        (
            "Accueil",
            DESK,
            [
                "Arrivées",
                "Ateliers",
                "Inscription sur place",
                "Besoins d’accueil",
                "Administration",
            ],
        ),
        ("Programme", DASHBOARD, ["Tableau de bord", "Administration"]),
        ("Administration", DASHBOARD, list(STAFF_LINKS)),
    ],
)
def test_staff_header_shows_the_places_of_the_role_and_no_registration(
    event, group, page_url, labels
):
    client = Client()
    client.force_login(role_user(group))

    page = client.get(page_url).content.decode()

    assert staff_nav_links(page) == {label: STAFF_LINKS[label] for label in labels}
    assert "S’inscrire" not in page
    assert f'action="{reverse("logout")}"' in page
    assert f"Se déconnecter ({group.lower()}@cucm.example.org)" in text_of(page)


def test_staff_header_marks_the_page_open(event):
    client = Client()
    client.force_login(role_user("Accueil"))

    page = client.get("/accueil/sur-place/").content.decode()

    assert '<a href="/accueil/sur-place/" aria-current="page">Inscription sur place</a>' in page


def test_log_out_is_a_post_that_ends_the_session(client, event):
    client.force_login(role_user("Accueil"))

    refused = client.get(reverse("logout"))
    response = client.post(reverse("logout"), follow=True)
    desk_after = client.get(DESK)

    assert refused.status_code == 405
    assertRedirects(response, "/connexion/")
    assertContains(response, "Vous êtes déconnecté·e.")
    assert "_auth_user_id" not in client.session
    assertRedirects(desk_after, "/connexion/?next=/accueil/", fetch_redirect_response=False)


def test_staff_without_organisation_in_the_portal_see_their_places(client, event):
    client.force_login(role_user("Accueil"))

    response = client.get(PORTAL)

    assert response.status_code == 403
    assert "Vous faites partie de l’équipe de la journée Vous pouvez ouvrir : Arrivées" in (
        text_of(response)
    )
