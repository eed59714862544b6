"""An exhibitor keeps the stand page current from a phone; a visitor sees it at once."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from exhibitors.models import Organisation, OrganisationMember

from .conftest import assert_accessible, assert_no_sideways_scroll

PASSWORD = "Pneus-et-Recrutement-71"
USERNAME = "rh@michelin.example.org"


@pytest.fixture
def exhibitor(site):
    """Michelin's recruiter, with a portal account (the demo has the stand)."""
    user = get_user_model().objects.create_user(
        username=USERNAME, email=USERNAME, password=PASSWORD
    )
    OrganisationMember.objects.create(
        organisation=Organisation.objects.get(slug="michelin"), user=user
    )
    return user


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def log_in(page, site, password=PASSWORD):
    page.get_by_label("Identifiant").fill(USERNAME)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_label("Mot de passe").press("Enter")


def test_exhibitor_edits_the_stand_and_adds_an_offer_that_a_visitor_sees(
    site, exhibitor, phone, desktop
):
    # The portal asks for a login; a wrong password is an error the summary announces.
    phone.goto(site + "/exposants/")
    expect(phone).to_have_url(re.compile(r"//[^/]+/connexion/\?next=/exposants/$"))
    check_page(phone)
    log_in(phone, site, password="pas-le-bon")
    expect(phone.get_by_role("alert")).to_contain_text("mot de passe valides")
    check_page(phone)

    log_in(phone, site)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Mon espace exposant")
    expect(phone.get_by_role("heading", name="Michelin")).to_be_visible()
    check_page(phone)

    # The stand page: a new presentation and a public contact.
    phone.get_by_role("link", name="Modifier la présentation, le contact et le logo").click()
    check_page(phone)
    phone.get_by_label("Présentation").fill("Michelin recrute des opérateurs au Creusot.")
    phone.get_by_label("Courriel public").fill("pas-une-adresse")
    phone.get_by_role("button", name="Enregistrer").click()
    expect(phone.get_by_role("alert")).to_contain_text("Courriel public")
    check_page(phone)
    phone.get_by_label("Courriel public").fill("recrutement@michelin.example.org")
    phone.get_by_role("button", name="Enregistrer").click()
    expect(phone.get_by_text("La page du stand est à jour.")).to_be_visible()

    # An offer: a missing title first, then the real one.
    phone.get_by_role("navigation", name="Espace exposant").get_by_role(
        "link", name="Offres d’emploi"
    ).click()
    check_page(phone)
    phone.get_by_role("link", name="Ajouter une offre").click()
    phone.get_by_label("Lieu de travail").fill("Montceau-les-Mines")
    phone.get_by_role("button", name="Enregistrer").click()
    summary = phone.get_by_role("alert")
    expect(summary).to_contain_text("Intitulé du poste")
    check_page(phone)
    summary.get_by_role("link").first.click()
    expect(phone.get_by_label("Intitulé du poste")).to_be_focused()
    phone.keyboard.type("Opérateur ou opératrice de production")
    phone.get_by_label("Type de contrat").select_option("cdi")
    phone.get_by_role("button", name="Enregistrer").click()
    expect(phone.get_by_text("Opérateur ou opératrice de production").first).to_be_visible()
    check_page(phone)

    phone.get_by_role("link", name="Candidatures").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Candidatures reçues")
    check_page(phone)

    # A visitor sees both at once on the public stand page.
    desktop.goto(site + "/forum/michelin/")
    expect(desktop.get_by_text("Michelin recrute des opérateurs au Creusot.")).to_be_visible()
    expect(
        desktop.get_by_role("heading", name="Opérateur ou opératrice de production")
    ).to_be_visible()
    expect(desktop.get_by_role("link", name="recrutement@michelin.example.org")).to_be_visible()
    assert_accessible(desktop)


def test_cv_form_and_its_errors_are_accessible(site, phone):
    phone.goto(site + "/forum/michelin/")
    phone.get_by_role("link", name="Déposer ma candidature").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Déposer ma candidature chez Michelin"
    )
    check_page(phone)

    phone.get_by_role("button", name="Envoyer ma candidature").click()

    expect(phone.get_by_role("alert")).to_contain_text("Votre CV")
    check_page(phone)


def test_lockout_page_is_accessible(site, exhibitor, phone, settings):
    phone.goto(site + "/exposants/connexion/")
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(phone, site, password=f"essai-{n}")
        phone.wait_for_load_state()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Connexion bloquée pour un moment")
    check_page(phone)
