"""Registration journeys without dead ends (issue 13, items 1, 3, 4): the thanks page, the
error count, the required marks, and the public pages that lead to registration."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from participants.models import Participant

from ..factories import TimetableItemFactory, WorkshopFactory
from .forms_data import registration

pytestmark = pytest.mark.django_db

REGISTER_URL = "/inscription/"
THANKS_URL = "/inscription/merci/"
REACH_RULE = "Indiquez un courriel ou un téléphone, pour que nous puissions vous joindre."


def summary_of(page: str) -> str:
    return page.split('id="erreurs"', 1)[1].split("</div>", 1)[0]


# --- The thanks page ---------------------------------------------------------------------


@pytest.mark.parametrize("email", ["amina@example.org", "Amina@Example.org"])
def test_thanks_page_never_invites_a_second_registration(client, event, email):
    client.post(REGISTER_URL, registration(email="amina@example.org"))  # already known once

    client.post(REGISTER_URL, registration(email=email))
    page = client.get(THANKS_URL).content.decode()

    assert "inscrivez-vous de nouveau" not in page
    assert "Ne vous inscrivez pas une deuxième fois" in page
    assert "sessionid" not in client.cookies  # registering opens no session
    assert Participant.objects.count() == 1


def test_thanks_page_for_a_new_or_a_known_address_shows_no_plan_nor_link(client, event):
    workshop = WorkshopFactory(event=event, title="Réussir son CV")
    client.post(REGISTER_URL, registration(workshops=[workshop.pk]))
    participant = Participant.objects.get()

    new = client.get(THANKS_URL).content.decode()
    client.post(REGISTER_URL, registration(workshops=[workshop.pk]))
    known = client.get(THANKS_URL).content.decode()

    for page in (new, known):
        assert participant.token not in page
        assert "Réussir son CV" not in page
    assert (
        new.split('name="csrfmiddlewaretoken"')[0] == known.split('name="csrfmiddlewaretoken"')[0]
    )


def test_registration_without_email_lands_on_the_recap_of_seats_and_queue(client, event):
    open_workshop = WorkshopFactory(event=event, title="Réussir son CV", starts_at=timezone.now())
    full = WorkshopFactory(
        event=event,
        title="Entretien d’embauche",
        capacity=0,
        starts_at=open_workshop.starts_at + dt.timedelta(hours=2),
    )

    response = client.post(
        REGISTER_URL,
        registration(email="", phone="06 12 34 56 78", workshops=[open_workshop.pk, full.pk]),
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == Participant.objects.get().get_absolute_url()
    assert "Place confirmée" in page
    assert "Liste d’attente : n° 1" in page
    assert "sessionid" not in client.cookies


# --- The error summary and the required marks ----------------------------------------------


def test_empty_registration_counts_the_email_or_phone_rule_once(client, event):
    response = client.post(REGISTER_URL, {})

    page = response.content.decode()
    summary = summary_of(page)
    assert "Le formulaire contient 4 erreurs" in page
    assert summary.count(REACH_RULE) == 1
    assert '<a href="#id_email">' in summary
    phone = re.search(r'<input type="tel" name="phone"[^>]*>', page).group()
    assert 'aria-invalid="true"' in phone
    assert 'aria-describedby="id_phone_helptext id_email_error"' in phone
    assert "is-invalid" in phone


def test_a_mistyped_email_is_one_error_not_also_the_email_or_phone_rule(client, event):
    response = client.post(REGISTER_URL, registration(email="amina.example.org"))

    page = response.content.decode()
    assert "Le formulaire contient 1 erreur" in page
    assert REACH_RULE not in page
    phone = re.search(r'<input type="tel" name="phone"[^>]*>', page).group()
    assert "aria-invalid" not in phone


def test_advisor_registration_counts_the_persons_reach_rule_once(client, event):
    response = client.post(
        REGISTER_URL,
        registration(
            email="",
            on_behalf="on",
            referrer_name="Claire Martin",
            referrer_organisation="France Travail",
            referrer_email="claire.martin@example.org",
            referrer_consent="on",
        ),
    )

    page = response.content.decode()
    assert "Le formulaire contient 1 erreur" in page
    assert summary_of(page).count("Indiquez le courriel ou le téléphone de la personne") == 1


def test_advisor_fields_are_marked_required_and_the_intro_says_when(client, event):
    page = client.get(REGISTER_URL).content.decode()

    for name in ("referrer_name", "referrer_organisation", "referrer_email", "referrer_consent"):
        assert re.search(rf'id="div_id_{name}" class="[^"]*required-on-behalf', page), name
    assert not re.search(r'id="div_id_referrer_receives_copies" class="[^"]*required', page)
    assert "Si vous inscrivez quelqu’un, les champs marqués d’un astérisque (*)" in page
    # Optional for a person registering themselves: the browser is not told otherwise.
    assert not re.search(r'<input[^>]*name="referrer_name"[^>]*required', page)


# --- The public pages lead to registration --------------------------------------------------


def test_full_workshop_page_offers_its_waiting_list(client, event):
    WorkshopFactory(event=event, slug="cv", capacity=0)
    WorkshopFactory(event=event, slug="entretien", capacity=5)

    full = client.get("/ateliers/cv/").content.decode()
    open_ = client.get("/ateliers/entretien/").content.decode()

    assert "Complet — inscrivez-vous sur la liste d’attente" in full
    assert re.search(r'href="/inscription/\?atelier=cv">S’inscrire sur la liste d’attente<', full)
    assert "Complet —" not in open_
    assert re.search(r'href="/inscription/\?atelier=entretien">S’inscrire à cet atelier<', open_)


def test_conference_page_shows_seats_left_and_registers_with_it_ticked(client, event):
    item = TimetableItemFactory(event=event, title="Table ronde", capacity=80)
    TimetableItemFactory(event=event, title="Témoignages", capacity=None)

    page = client.get("/conference/").content.decode()
    form = client.get(f"{REGISTER_URL}?conference={item.pk}").content.decode()

    assert "80 places restantes" in page
    assert page.count(f'href="/inscription/?conference={item.pk}"') == 1
    assert "?conference=" not in page.split("Témoignages", 1)[1]  # open access: no link
    assert re.search(rf'name="conference" value="{item.pk}" id="id_conference_\d+" checked', form)


@pytest.mark.parametrize("value", ["999999", "abc", "1" * 40, "١"])
def test_registration_ignores_an_unknown_conference_in_the_link(client, event, value):
    item = TimetableItemFactory(event=event, capacity=80)

    page = client.get(REGISTER_URL, {"conference": value}).content.decode()

    assert re.search(rf'name="conference" value="{item.pk}" id="id_conference_\d+">', page)


def test_conference_page_has_no_registration_link_once_registration_closed(client, event):
    event.registration_closes_at = timezone.now() - dt.timedelta(hours=1)
    event.save()
    TimetableItemFactory(event=event, capacity=80)

    page = client.get("/conference/").content.decode()

    assert "80 places restantes" in page
    assert "?conference=" not in page


def test_programme_links_each_bookable_item_to_registration(client, event):
    WorkshopFactory(event=event, title="Réussir son CV", capacity=0)
    TimetableItemFactory(event=event, title="Table ronde", capacity=80)
    TimetableItemFactory(event=event, title="Verre de l’amitié", capacity=None)

    page = client.get("/programme/").content.decode()

    workshop_link = re.search(
        r'<a href="/inscription/#div_id_workshops" aria-describedby="(titre-workshop-\d+)">'
        r"S’inscrire sur la liste d’attente</a>",
        page,
    )
    conference_link = re.search(
        r'<a href="/inscription/#div_id_conference" aria-describedby="(titre-timetable-\d+)">'
        r"Sur inscription : s’inscrire</a>",
        page,
    )
    assert re.search(rf'id="{workshop_link[1]}">\s*<a [^>]*>Réussir son CV</a>', page)
    assert re.search(rf'id="{conference_link[1]}">Table ronde<', page)
    assert page.count('href="/inscription/#') == 2
    registration_page = client.get(REGISTER_URL).content.decode()
    assert 'id="div_id_workshops"' in registration_page
    assert 'id="div_id_conference"' in registration_page
