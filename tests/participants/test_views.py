import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.enums import BookingState, ParticipantState
from participants.models import Booking, Participant
from workshops.models import Workshop

from ..factories import (
    EventFactory,
    ParticipantFactory,
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    WorkshopFactory,
    at,
)
from ..recruitment.builders import session_make
from .forms_data import registration

pytestmark = pytest.mark.django_db

REGISTER_URL = "/inscription/"
THANKS_URL = "/inscription/merci/"
THANKS_TEXT = 'Nous avons envoyé un courriel à <strong class="sent-to">{}</strong>'
# Event, then the workshops, conference, stand activities and interview slots offered.
REGISTER_PAGE_QUERIES = 5
# Participant, bookings, their workshops (one query per kind held), waiting-list positions,
# current edition (footer), then the four lists of what can still be added, and the
# access needs declared (the form "Pour vous accueillir").
PERSONAL_PAGE_QUERIES = 10


def personal_url(participant, name="personal", **kwargs):
    return reverse(f"participants:{name}", kwargs={"token": participant.token, **kwargs})


# --- The registration form -------------------------------------------------------------


def test_registration_page_lists_workshops_with_time_room_and_seats_left(client, event):
    WorkshopFactory(event=event, title="Réussir son CV", capacity=8, starts_at=at(event, 9, 30))
    WorkshopFactory(event=event, title="Atelier complet", capacity=0)
    WorkshopFactory(event=event, title="Atelier ouvert", capacity=None)

    page = client.get(REGISTER_URL).content.decode()

    assert "Réussir son CV" in page
    assert "9h30" in page
    assert "8 places restantes" in page
    assert "Complet : liste d’attente" in page
    assert "Places sans limite" in page
    assert 'name="privacy_consent"' in page


@pytest.mark.parametrize("slug", ["inconnu", "\x00", "a" * 5000])
def test_registration_page_ignores_an_unknown_workshop_in_the_link(client, event, slug):
    WorkshopFactory(event=event, slug="cv")

    response = client.get(REGISTER_URL, {"atelier": slug})

    assert response.status_code == 200
    assert response.content.decode().count(" checked>") == 1  # "Je préfère ne pas répondre"


def test_registration_page_preselects_the_workshop_of_the_link(client, event):
    chosen = WorkshopFactory(event=event, slug="cv")
    WorkshopFactory(event=event, slug="autre")

    page = client.get(REGISTER_URL, {"atelier": "cv"}).content.decode()

    assert f'value="{chosen.pk}" id="id_workshops_0" checked>' in page
    assert page.count(" checked>") == 2  # the workshop, and "Je préfère ne pas répondre"


def test_home_and_workshop_pages_link_to_registration(client, event):
    WorkshopFactory(event=event, slug="cv")

    home = client.get("/").content.decode()
    workshop = client.get("/ateliers/cv/").content.decode()

    assert 'href="/inscription/">S’inscrire en ligne</a>' in home
    assert 'href="/inscription/">S’inscrire</a>' in home  # in the menu
    assert 'href="/inscription/?atelier=cv">S’inscrire à cet atelier</a>' in workshop


def test_registration_creates_participant_and_bookings_then_thanks(client, event):
    workshop = WorkshopFactory(event=event, capacity=8)
    talk = TimetableItemFactory(event=event, capacity=100)
    activity = StandActivityFactory(
        stand=StandFactory(event=event),
        capacity=4,
        starts_at=at(event, 14),
        ends_at=at(event, 14, 20),
    )

    response = client.post(
        REGISTER_URL,
        registration(
            town="71200",
            situation="rsa",
            workshops=[workshop.pk],
            conference=[talk.pk],
            activities=[activity.pk],
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    participant = Participant.objects.get()
    assert (participant.email, participant.town, participant.situation) == (
        "amina@example.org",
        "71200",
        "rsa",
    )
    assert {booking.target for booking in participant.bookings.confirmed()} == {
        workshop,
        talk,
        activity,
    }
    thanks = client.get(THANKS_URL).content.decode()
    assert THANKS_TEXT.format("amina@example.org") in thanks


def test_registration_emails_the_person(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(REGISTER_URL, registration())

    assert [message.to for message in mail.outbox] == [["amina@example.org"]]


def test_registration_in_a_full_workshop_joins_the_waiting_list(client, event):
    workshop = WorkshopFactory(event=event, capacity=0)

    client.post(REGISTER_URL, registration(workshops=[workshop.pk]))

    booking = Booking.objects.get()
    assert booking.workshop == workshop
    assert booking.state == BookingState.WAITING


def test_registration_with_overlapping_workshops_names_both_and_keeps_everything(client, event):
    first = WorkshopFactory(event=event, title="Réussir son CV", starts_at=at(event, 10))
    second = WorkshopFactory(event=event, title="Entretien d’embauche", starts_at=at(event, 10))

    response = client.post(
        REGISTER_URL,
        registration(
            first_name="Marie-Thérèse", town="Montchanin", workshops=[first.pk, second.pk]
        ),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in page
    assert "« Réussir son CV » (10h00–11h00)" in page
    assert "« Entretien d’embauche » (10h00–11h00)" in page
    assert 'value="Marie-Thérèse"' in page
    assert 'value="Montchanin"' in page
    assert re.search(rf'value="{first.pk}" id="id_workshops_\d" checked>', page)
    assert re.search(rf'value="{second.pk}" id="id_workshops_\d" checked>', page)
    assert Participant.objects.count() == 0
    assert Booking.objects.count() == 0


def test_registration_with_errors_lists_them_at_the_top_with_links(client, event):
    response = client.post(REGISTER_URL, {"first_name": "Amina"})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page
    assert "Le formulaire contient 3 erreurs" in page
    assert '<a href="#id_last_name">Nom : Ce champ est obligatoire.</a>' in page
    assert '<a href="#id_privacy_consent">' in page
    assert 'value="Amina"' in page
    assert Participant.objects.count() == 0


def test_thanks_page_names_the_address_once_and_never_a_forged_one(client, event):
    client.post(REGISTER_URL, registration(email="amina@example.org"))

    assert THANKS_TEXT.format("amina@example.org") in client.get(THANKS_URL).content.decode()
    again = client.get(THANKS_URL).content.decode()  # a reload: the address is not kept
    assert "amina@example.org" not in again
    assert "Nous avons envoyé un courriel à l’adresse indiquée" in again

    client.cookies["inscription_courriel"] = "someone@example.org:forged-signature"
    forged = client.get(THANKS_URL).content.decode()
    assert "someone@example.org" not in forged


def test_registration_with_a_known_email_shows_the_same_thanks(client, event):
    client.post(REGISTER_URL, registration(email="amina@example.org"))
    first_thanks = client.get(THANKS_URL).content.decode()

    response = client.post(REGISTER_URL, registration(email="Amina@Example.org"))

    assert response["Location"] == THANKS_URL
    second_thanks = client.get(THANKS_URL).content.decode()
    assert THANKS_TEXT.format("Amina@Example.org") in second_thanks
    assert (
        second_thanks.replace("Amina@Example.org", "amina@example.org").split(
            'name="csrfmiddlewaretoken"'
        )[0]
        == first_thanks.split('name="csrfmiddlewaretoken"')[0]
    )
    assert Participant.objects.count() == 1


def test_registration_with_phone_only_goes_to_the_personal_page(client, event):
    response = client.post(REGISTER_URL, registration(email="", phone="06 12 34 56 78"))

    participant = Participant.objects.get()
    assert response["Location"] == participant.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "Gardez bien cette page (ajoutez-la à vos favoris)" in page
    assert participant.ticket_code in page


def test_registration_by_an_advisor_shows_the_advisor_page_with_the_copy(client, event):
    response = client.post(
        REGISTER_URL,
        registration(
            email="",
            phone="0612345678",
            on_behalf="on",
            referrer_name="Claire Dupont",
            referrer_organisation="Mission locale",
            referrer_email="claire@mission-locale.example",
            referrer_consent="on",
            referrer_receives_copies="on",
        ),
    )

    participant = Participant.objects.get()
    assert participant.referrer_organisation == "Mission locale"
    assert response["Location"] == "/inscription/merci/conseil/"
    page = client.get(response["Location"]).content.decode()
    assert "Vous en recevez une copie à claire@mission-locale.example." in page


def test_registration_with_script_in_names_is_shown_escaped(client, event):
    response = client.post(
        REGISTER_URL,
        registration(email="", phone="0612345678", first_name="<script>alert(1)</script>"),
    )

    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_registration_without_csrf_token_is_refused(event):
    client = Client(enforce_csrf_checks=True)

    response = client.post(REGISTER_URL, registration())

    assert response.status_code == 403
    assert Participant.objects.count() == 0


@pytest.mark.parametrize(
    ("window", "explanation"),
    [
        (
            {"registration_opens_at": timezone.now() + dt.timedelta(days=5)},
            "Les inscriptions ne sont pas encore ouvertes",
        ),
        (
            {
                "registration_opens_at": timezone.now() - dt.timedelta(days=10),
                "registration_closes_at": timezone.now() - dt.timedelta(days=1),
            },
            "Venez le jour même",
        ),
        (
            {"date": timezone.localdate() - dt.timedelta(days=1)},
            "Cette édition a eu lieu",
        ),
    ],
    ids=["not_yet_open", "closed", "event_passed"],
)
def test_registration_outside_the_window_explains_and_saves_nothing(client, window, explanation):
    event = EventFactory(**window)
    workshop = WorkshopFactory(event=event)

    page = client.get(REGISTER_URL).content.decode()
    response = client.post(REGISTER_URL, registration(workshops=[workshop.pk]))

    assert explanation in page
    assert 'name="first_name"' not in page
    assert response.status_code == 200
    assert explanation in response.content.decode()
    assert Participant.objects.count() == 0


def test_registration_page_without_published_edition_is_404(client):
    response = client.get(REGISTER_URL)

    assert response.status_code == 404


def test_registration_by_a_robot_filling_the_honeypot_saves_nothing(client, event):
    response = client.post(REGISTER_URL, registration(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == THANKS_URL
    assert Participant.objects.count() == 0
    assert "amina@example.org" not in client.get(THANKS_URL).content.decode()


def test_registration_beyond_the_rate_limit_keeps_the_data_and_says_why(client, event, settings):
    settings.REGISTRATION_RATE = "2/m"
    client.post(REGISTER_URL, registration(email="one@example.org"))
    client.post(REGISTER_URL, registration(email="two@example.org"))

    response = client.post(REGISTER_URL, registration(email="three@example.org"))

    page = response.content.decode()
    assert response.status_code == 429
    assert "Trop d’inscriptions depuis cette connexion" in page
    assert 'value="three@example.org"' in page
    assert list(Participant.objects.values_list("email", flat=True).order_by("email")) == [
        "one@example.org",
        "two@example.org",
    ]


@pytest.mark.parametrize("size", [3, 30])
def test_registration_page_query_count_stays_flat(client, event, django_assert_num_queries, size):
    for _ in range(size):
        WorkshopFactory(event=event)
        TimetableItemFactory(event=event, capacity=50)
        StandActivityFactory(stand=StandFactory(event=event), capacity=4)
        session_make(event, start=(14, 0), end=(15, 0), minutes=30)

    with django_assert_num_queries(REGISTER_PAGE_QUERIES):
        page = client.get(REGISTER_URL).content.decode()

    assert page.count('name="workshops"') == size
    assert page.count('name="interviews"') == 2 * size


# --- A person's own pages --------------------------------------------------------------


def test_personal_page_shows_name_plan_ticket_and_qr(client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son CV", starts_at=at(event, 9, 30))
    full = WorkshopFactory(
        event=event, title="Atelier complet", capacity=0, starts_at=at(event, 14)
    )
    participant = register(workshop, full, first_name="Amina", last_name="Benali")

    response = client.get(personal_url(participant))

    page = response.content.decode()
    assert "Amina Benali" in page
    assert "Réussir son CV" in page and "9h30" in page
    assert "Place confirmée" in page
    assert "Liste d’attente : n° 1" in page
    assert participant.ticket_code in page
    assert f'src="/inscription/{participant.token}/billet.svg"' in page
    assert f'alt="QR code du billet {participant.ticket_code}"' in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("mangle", ["wrong", "truncated", "anonymised", "null", "long"])
def test_personal_page_with_a_bad_token_is_a_plain_404(client, event, register, mangle):
    participant = register(first_name="Amina", last_name="Benali")
    tokens = {
        "wrong": "x" * 43,
        "truncated": participant.token[:-1],
        "anonymised": f"anonymised-{participant.token}",
        "null": f"{participant.token[:10]}%00",
        "long": "a" * 5000,
    }

    response = client.get(f"/inscription/{tokens[mangle]}/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "Cette page est introuvable" in page
    assert "Benali" not in page


def test_personal_page_after_anonymisation_is_a_404(client, event, register):
    participant = register()
    token = participant.token
    Participant.objects.filter(pk=participant.pk).update(anonymised_at=timezone.now())

    response = client.get(f"/inscription/{token}/")

    assert response.status_code == 404


def test_ticket_qr_is_an_uncached_svg(client, event, register):
    participant = register()

    response = client.get(personal_url(participant, "ticket_qr"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]


def test_plan_ics_is_a_calendar_attachment(client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son CV")
    participant = register(workshop)

    response = client.get(personal_url(participant, "plan_ics"))

    assert response["Content-Type"] == "text/calendar"
    assert response["Content-Disposition"] == 'attachment; filename="innov-insertion.ics"'
    assert b"BEGIN:VCALENDAR" in response.content
    assert "Réussir son CV" in response.content.decode()


def test_ticket_page_shows_code_name_date_and_plan(client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son CV")
    participant = register(workshop, first_name="Amina", last_name="Benali")

    page = client.get(personal_url(participant, "ticket")).content.decode()

    assert participant.ticket_code in page
    assert "Amina Benali" in page
    assert "Réussir son CV" in page
    assert "Technopôle Hub&amp;Go" in page
    assert "Ctrl + P" in page


def test_personal_page_adds_a_workshop(client, event, register):
    participant = register()
    workshop = WorkshopFactory(event=event, title="Réussir son CV")

    response = client.post(personal_url(participant), {"workshops": [workshop.pk]})

    assert response["Location"] == participant.get_absolute_url()
    assert participant.bookings.get().workshop == workshop
    page = client.get(response["Location"]).content.decode()
    assert "« Réussir son CV » est ajouté à votre programme : place confirmée." in page


def test_personal_page_refuses_an_overlapping_workshop_and_says_why(client, event, register):
    held = WorkshopFactory(event=event, title="Réussir son CV", starts_at=at(event, 10))
    participant = register(held)
    clash = WorkshopFactory(event=event, title="Entretien d’embauche", starts_at=at(event, 10))

    response = client.post(personal_url(participant), {"workshops": [clash.pk]}, follow=True)

    page = response.content.decode()
    assert "« Réussir son CV » (10h00–11h00) et « Entretien d’embauche »" in page
    assert [b.workshop for b in participant.bookings.all()] == [held]


def test_personal_page_refuses_a_workshop_already_held(client, event, register):
    held = WorkshopFactory(event=event)
    participant = register(held)

    response = client.post(personal_url(participant), {"workshops": [held.pk]})

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert participant.bookings.count() == 1


def test_personal_page_of_another_edition_names_that_edition(client, event):
    past = EventFactory(
        name="Forum emploi 2025", date=timezone.localdate() - dt.timedelta(days=300)
    )
    participant = ParticipantFactory(event=past, first_name="Amina", last_name="Benali")

    page = client.get(personal_url(participant)).content.decode()

    assert '<p class="hero__kicker">Forum emploi 2025</p>' in page
    assert "Amina Benali" in page


def test_personal_page_offers_no_additions_once_registration_closed(client, register, event):
    participant = register()
    event.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    event.registration_opens_at = timezone.now() - dt.timedelta(days=1)
    event.save()

    page = client.get(personal_url(participant)).content.decode()

    assert "Ajouter à mon programme" not in page
    assert "Les inscriptions en ligne sont closes" in page


def test_dropping_a_booking_frees_the_seat_for_the_first_waiting(client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son CV", capacity=1)
    holder = register(workshop)
    waiting = register(workshop)
    booking = holder.bookings.get()

    response = client.post(personal_url(holder, "booking_cancel", booking_id=booking.pk))

    assert response["Location"] == holder.get_absolute_url()
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    assert waiting.bookings.get().state == BookingState.CONFIRMED
    assert Workshop.objects.get(pk=workshop.pk).seats_taken == 1
    page = client.get(response["Location"]).content.decode()
    assert "« Réussir son CV » est retiré de votre programme" in page


def test_dropping_another_persons_booking_is_a_404(client, event, register):
    workshop = WorkshopFactory(event=event)
    me = register()
    someone = register(workshop)
    their_booking = someone.bookings.get()

    response = client.post(personal_url(me, "booking_cancel", booking_id=their_booking.pk))

    assert response.status_code == 404
    their_booking.refresh_from_db()
    assert their_booking.state == BookingState.CONFIRMED


def test_dropping_a_booking_needs_a_csrf_token(event, register):
    workshop = WorkshopFactory(event=event)
    participant = register(workshop)
    booking = participant.bookings.get()
    client = Client(enforce_csrf_checks=True)

    response = client.post(personal_url(participant, "booking_cancel", booking_id=booking.pk))

    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED


def test_cancel_asks_first_then_cancels_and_frees_seats(client, event, register):
    workshop = WorkshopFactory(event=event, capacity=5)
    participant = register(workshop)

    confirm = client.get(personal_url(participant, "cancel")).content.decode()
    response = client.post(personal_url(participant, "cancel"))

    assert "Annuler votre inscription ?" in confirm
    assert response["Location"] == participant.get_absolute_url()
    participant.refresh_from_db()
    assert participant.state == ParticipantState.CANCELLED
    assert participant.bookings.get().state == BookingState.CANCELLED
    assert Workshop.objects.get(pk=workshop.pk).seats_taken == 0


def test_cancelled_registration_page_offers_only_deletion(client, event, register):
    participant = register(WorkshopFactory(event=event))
    services.participant_cancel(participant=participant)

    page = client.get(personal_url(participant)).content.decode()

    assert "Cette inscription a été annulée" in page
    assert "Supprimer mes données" in page
    assert "Annuler mon inscription" not in page
    assert "Ne plus participer" not in page
    assert "Ajouter à mon programme" not in page
    assert participant.ticket_code not in page


def test_delete_asks_first_then_deletes_and_goes_home(client, event, register):
    workshop = WorkshopFactory(event=event, capacity=5)
    participant = register(workshop)

    confirm = client.get(personal_url(participant, "delete")).content.decode()
    response = client.post(personal_url(participant, "delete"), follow=True)

    assert "Supprimer vos données ?" in confirm
    assert response.redirect_chain == [("/", 302)]
    assert "Vos données ont été supprimées." in response.content.decode()
    assert Participant.objects.count() == 0
    assert Workshop.objects.get(pk=workshop.pk).seats_taken == 0


@pytest.mark.parametrize("size", [3, 30])
def test_personal_page_query_count_stays_flat(
    client, event, register, django_assert_num_queries, size
):
    workshops = [
        WorkshopFactory(
            event=event,
            capacity=0 if n == 0 else 10,  # one waiting-list place
            starts_at=at(event, 8) + dt.timedelta(minutes=15 * n),
            ends_at=at(event, 8) + dt.timedelta(minutes=15 * n + 10),
        )
        for n in range(size)
    ]
    participant = register(*workshops)
    WorkshopFactory(event=event)  # one left to add
    url = personal_url(participant)

    with django_assert_num_queries(PERSONAL_PAGE_QUERIES):
        page = client.get(url).content.decode()

    assert page.count("Ne plus participer") == size
