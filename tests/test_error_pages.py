"""Designed error pages, in French and in English: 403 (with the places a staff member may
open instead), 404, 500 (with no request context at all) and a refused CSRF token."""

import re

import pytest
from django.contrib.auth.models import Group
from django.template.loader import get_template
from django.test import Client
from django.utils import translation
from django.views.defaults import server_error

from tests.factories import (
    TEST_PASSWORD,
    OrganisationFactory,
    OrganisationMemberFactory,
    UserFactory,
)

FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def text_of(response_or_html) -> str:
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def signed_in(group: str) -> Client:
    user = UserFactory(username=f"{group.lower()}@cucm.example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


# --- 403 ---------------------------------------------------------------------------------


def test_desk_staff_opening_the_dashboard_are_told_where_they_may_go(event):
    response = signed_in("Accueil").get("/accueil/tableau-de-bord/", **FRENCH)

    assert response.status_code == 403
    page = response.content.decode()
    text = text_of(page)
    assert "<title>Accès réservé — Innov’insertion</title>" in page
    assert "Cette page ne vous est pas ouverte" in text
    assert "Le compte accueil@cucm.example.org ne donne pas accès à cette page." in text
    assert "Vous pouvez ouvrir : Arrivées Ateliers Inscription sur place" in text
    assert '<a href="/accueil/">Arrivées</a>' in page
    assert 'href="/accueil/tableau-de-bord/"' not in page  # not offered what was refused
    assert "S’inscrire" not in page  # the staff header
    assert "Forbidden" not in page


def test_the_403_page_in_english(event):
    response = signed_in("Accueil").get("/accueil/tableau-de-bord/", **ENGLISH)

    assert response.status_code == 403
    text = text_of(response)
    assert '<html lang="en">' in response.content.decode()
    assert "This page is not open to you" in text
    assert "The account accueil@cucm.example.org does not give access to this page." in text
    assert "You may open: Check-ins Workshops Walk-in registration" in text


def test_an_exhibitor_at_the_desk_gets_the_way_back_to_their_space(event):
    user = OrganisationMemberFactory(organisation=OrganisationFactory(name="Forges")).user
    client = Client()
    client.force_login(user)

    response = client.get("/accueil/", **FRENCH)

    assert response.status_code == 403
    page = response.content.decode()
    assert '<a href="/mon-espace/">Revenir à mon espace</a>' in page
    assert f"Se déconnecter ({user.username})" in page
    assert "Vous pouvez ouvrir" not in page


# --- 404 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "title", "lead"),
    [
        (FRENCH, "Cette page est introuvable", "Le lien est peut-être ancien"),
        (ENGLISH, "This page cannot be found", "The link may be out of date"),
    ],
)
def test_404_page_in_both_languages(client, event, headers, title, lead):
    response = client.get("/nulle-part/", **headers)

    assert response.status_code == 404
    text = text_of(response)
    assert f"{title}" in text
    assert lead in text


def test_404_for_staff_keeps_the_staff_header_and_their_places(event):
    response = signed_in("Accueil").get("/accueil/ateliers/999999/", **FRENCH)

    assert response.status_code == 404
    page = response.content.decode()
    assert "Cette page est introuvable" in page
    assert 'aria-label="Espaces de l’équipe"' in page
    assert "S’inscrire" not in page


# --- 500 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "title", "way_back"),
    [
        ("fr", "Un problème est survenu de notre côté", "Revenir à l’accueil d’Innov’insertion"),
        ("en", "Something went wrong on our side", "Back to the Innov’insertion home page"),
    ],
)
def test_500_page_in_both_languages(rf, language, title, way_back):
    with translation.override(language):
        response = server_error(rf.get("/programme/"))

    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert title in text_of(page)
    assert f'<a class="btn btn-primary" href="/">{way_back}</a>' in page


def test_500_template_needs_no_request_nor_database():
    # No database fixture here: a query would fail the test.
    page = get_template("500.html").render()

    assert "Un problème est survenu de notre côté" in page


# --- A refused CSRF token ------------------------------------------------------------------


def test_sign_in_form_sent_without_its_token_explains_and_offers_it_again(event):
    client = Client(enforce_csrf_checks=True)
    user = UserFactory(username="accueil@cucm.example.org")

    response = client.post(
        "/connexion/?next=/accueil/",
        {"username": user.username, "password": TEST_PASSWORD},
        **FRENCH,
    )

    assert response.status_code == 403
    page = response.content.decode()
    text = text_of(page)
    assert "Le formulaire a expiré" in text
    assert "Votre navigateur n’a pas envoyé le cookie de sécurité de ce site" in text
    assert '<a class="btn btn-primary" href="/connexion/?next=/accueil/">' in page
    assert "_auth_user_id" not in client.session


def test_a_form_with_a_stale_token_offers_to_reload_it_and_to_sign_in(event):
    client = Client(enforce_csrf_checks=True)
    client.get("/inscription/")  # the CSRF cookie, as a browser holds it

    response = client.post("/inscription/", {"csrfmiddlewaretoken": "x" * 64}, **FRENCH)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Cela arrive quand la page est restée ouverte longtemps" in text_of(page)
    assert '<a class="btn btn-primary" href="/inscription/">Recharger le formulaire</a>' in page
    assert 'href="/connexion/?next=%2Finscription%2F">Se connecter à nouveau</a>' in page


def test_the_csrf_page_in_english(event):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/inscription/", {}, **ENGLISH)

    assert response.status_code == 403
    text = text_of(response)
    assert "The form has expired" in text
    assert "Reload the form" in text
