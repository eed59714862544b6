"""The reception desk and the workshop doors: check-in, attendance, walk-ins, lists."""

import datetime as dt
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from onsite import services as onsite
from participants import services
from participants.enums import BookingState, ParticipantState
from participants.models import Booking, Participant

from ..factories import EventFactory, UserFactory, WorkshopFactory, at

CHECK_IN = reverse("onsite:check_in")
WALK_IN = reverse("onsite:walk_in")


@pytest.fixture
def staff(db):
    user = UserFactory(username="accueil@example.org")
    user.groups.add(Group.objects.get(name="Accueil"))
    return user


@pytest.fixture
def desk(client, staff, event):
    client.force_login(staff)
    return client


def text_of(response) -> str:
    """The page's visible text, on one line (tags dropped, spaces squeezed)."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def time_label(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour}h{local.minute:02d}"


def alert_of(response) -> str:
    html = response.content.decode()
    match = re.search(r'role="alert"[^>]*>(.*?)</div>', html, flags=re.S)
    assert match, "no alert on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# --- Access ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [CHECK_IN, WALK_IN, reverse("onsite:workshops")],
)
def test_reception_anonymous_is_sent_to_login(client, event, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_reception_user_without_check_in_is_refused(client, event):
    client.force_login(UserFactory())

    response = client.get(CHECK_IN)

    assert response.status_code == 403


def test_reception_accueil_group_opens_the_desk(desk):
    response = desk.get(CHECK_IN)

    assert response.status_code == 200
    assert "Scanner un billet" in text_of(response)
    assert "no-store" in response["Cache-Control"]


# --- Check-in ----------------------------------------------------------------------------


def test_check_in_valid_ticket_marks_arrival(desk, register, event):
    workshop = WorkshopFactory(event=event, title="Atelier CV")
    amina = register(workshop, first_name="Amina")

    response = desk.post(CHECK_IN, {"code": amina.ticket_code.lower()})

    amina.refresh_from_db()
    assert amina.checked_in_at is not None
    page = text_of(response)
    assert amina.full_name in page
    assert f"Arrivé·e à {time_label(amina.checked_in_at)}" in page
    assert "Déjà arrivé·e" not in page
    assert "Atelier CV" in page


def test_check_in_twice_says_when_they_first_arrived(desk, register):
    amina = register()
    desk.post(CHECK_IN, {"code": amina.ticket_code})
    amina.refresh_from_db()
    first = amina.checked_in_at

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    amina.refresh_from_db()
    assert amina.checked_in_at == first
    assert alert_of(response).startswith(amina.full_name)
    assert f"Déjà arrivé·e à {time_label(first)}" in alert_of(response)
    assert 'class="arrival arrival--again"' in response.content.decode()


@pytest.mark.parametrize("code", ["ZZZZZZZZ", "K7Q2M9XA' OR 1=1", "<script>"])
def test_check_in_unknown_or_forged_code_says_so(desk, register, code):
    register()

    response = desk.post(CHECK_IN, {"code": code})

    assert "Aucun billet ne porte le code" in alert_of(response)
    assert "<script>" not in response.content.decode().split('role="alert"')[1]
    assert Participant.objects.filter(checked_in_at__isnull=False).count() == 0


def test_check_in_cancelled_registration_says_so(desk, register):
    amina = register()
    services.participant_cancel(participant=amina)

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    assert alert_of(response) == (
        f"Billet refusé L’inscription de {amina.full_name} a été annulée : elle peut se "
        "réinscrire sur place."
    )


def test_check_in_another_editions_ticket_says_so(desk, event, person):
    old = EventFactory(name="Innov’insertion 2024", date=event.date - dt.timedelta(days=365))
    former = services.registration_create(
        event=old, person=person(), targets=[], walk_in=True
    ).participant

    response = desk.post(CHECK_IN, {"code": former.ticket_code})

    assert "Ce billet est celui d’une autre édition (Innov’insertion 2024)." in alert_of(response)


def test_check_in_empty_code_shows_the_form_again(desk):
    response = desk.post(CHECK_IN, {"code": ""})

    assert response.status_code == 200
    assert "Ce champ est obligatoire." in alert_of(response)


def test_check_in_search_by_name_lists_people_with_their_code(desk, register):
    amina = register(first_name="Amina", last_name="Benali")
    register(first_name="Paul", last_name="Martin")

    response = desk.get(CHECK_IN, {"q": "benal"})

    page = text_of(response)
    assert "1 personne trouvée" in page
    assert f"Benali Amina Billet {amina.ticket_code}" in page
    assert "Martin" not in page
    assert f'name="code" value="{amina.ticket_code}"' in response.content.decode()


def test_check_in_search_ignores_another_edition(desk, event, person):
    old = EventFactory(date=event.date - dt.timedelta(days=365))
    services.registration_create(
        event=old, person=person(last_name="Ancienne"), targets=[], walk_in=True
    )

    response = desk.get(CHECK_IN, {"q": "Ancienne"})

    assert "Aucune personne trouvée" in text_of(response)


# --- Workshop doors ----------------------------------------------------------------------


def test_door_booked_person_is_noted_present(desk, register, event):
    workshop = WorkshopFactory(event=event)
    amina = register(workshop)

    response = desk.post(reverse("onsite:door", args=[workshop.pk]), {"code": amina.ticket_code})

    booking = amina.bookings.get()
    assert booking.attended_at is not None
    assert f"Présent·e à {time_label(booking.attended_at)}" in text_of(response)
    amina.refresh_from_db()
    assert amina.checked_in_at is not None


def test_door_second_scan_says_already_noted(desk, register, event):
    workshop = WorkshopFactory(event=event)
    amina = register(workshop)
    url = reverse("onsite:door", args=[workshop.pk])
    desk.post(url, {"code": amina.ticket_code})

    response = desk.post(url, {"code": amina.ticket_code})

    attended = amina.bookings.get().attended_at
    assert f"Déjà noté·e à {time_label(attended)}" in alert_of(response)


def test_door_person_not_booked_gets_a_message(desk, register, event):
    workshop = WorkshopFactory(event=event, title="Atelier CV")
    amina = register()

    response = desk.post(reverse("onsite:door", args=[workshop.pk]), {"code": amina.ticket_code})

    assert f"{amina.full_name} n’a pas de place confirmée pour « Atelier CV »." in alert_of(
        response
    )


def test_door_another_editions_workshop_is_not_found(desk, event):
    other = WorkshopFactory(event=EventFactory(date=event.date - dt.timedelta(days=365)))

    response = desk.get(reverse("onsite:door", args=[other.pk]))

    assert response.status_code == 404


def test_workshops_index_lists_the_days_workshops(desk, event):
    WorkshopFactory(event=event, title="Atelier CV", starts_at=at(event, 10))
    WorkshopFactory(event=event, title="Atelier entretien", starts_at=at(event, 9))

    response = desk.get(reverse("onsite:workshops"))

    page = text_of(response)
    assert page.index("Atelier entretien") < page.index("Atelier CV")


# --- Walk-ins ----------------------------------------------------------------------------


def walk_in_data(**overrides):
    return {
        "first_name": "Karim",
        "last_name": "Haddad",
        "email": "karim@example.org",
        "phone": "",
        "privacy_consent": "on",
        **overrides,
    }


def test_walk_in_creates_a_checked_in_participant_and_shows_the_ticket(desk, event, mailoutbox):
    workshop = WorkshopFactory(event=event, capacity=3, title="Atelier CV")

    response = desk.post(
        WALK_IN, walk_in_data(workshops=[workshop.pk], accepts_stand_contacts="on"), follow=True
    )

    karim = Participant.objects.get()
    assert karim.is_walk_in is True
    assert karim.checked_in_at is not None
    assert karim.accepts_stand_contacts is True
    assert karim.bookings.get().state == BookingState.CONFIRMED
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
    assert response.redirect_chain == [(reverse("onsite:walk_in_ticket", args=[karim.token]), 302)]
    page = text_of(response)
    assert f"Code {karim.ticket_code}" in page
    assert "Karim Haddad" in page
    assert "Atelier CV" in page


def test_walk_in_on_a_full_workshop_goes_to_the_waiting_list(desk, register, event):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)

    desk.post(WALK_IN, walk_in_data(workshops=[workshop.pk]))

    karim = Participant.objects.get(email="karim@example.org")
    assert karim.bookings.get().state == BookingState.WAITING
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


def test_walk_in_without_consent_or_contact_shows_errors(desk):
    response = desk.post(WALK_IN, walk_in_data(email="", privacy_consent=""))

    assert Participant.objects.count() == 0
    summary = alert_of(response)
    assert "Le formulaire contient 2 erreurs" in summary
    assert "Cochez cette case après avoir demandé son accord à la personne." in summary


def test_walk_in_overlapping_choices_show_the_services_message(desk, event):
    first = WorkshopFactory(event=event, title="CV", starts_at=at(event, 10))
    second = WorkshopFactory(event=event, title="Entretien", starts_at=at(event, 10, 30))

    response = desk.post(WALK_IN, walk_in_data(workshops=[first.pk, second.pk]))

    assert "ont lieu en même temps" in alert_of(response)
    assert Participant.objects.count() == 0


def test_walk_in_known_email_shows_their_check_in(desk, register):
    amina = register(email="amina@example.org")

    response = desk.post(WALK_IN, walk_in_data(email="AMINA@example.org"))

    amina.refresh_from_db()
    assert Participant.objects.count() == 1
    assert amina.checked_in_at is not None
    page = text_of(response)
    assert "Cette adresse est déjà inscrite : voici son inscription." in page
    assert f"Arrivé·e à {time_label(amina.checked_in_at)}" in page


def test_walk_in_ticket_of_another_edition_is_not_found(desk, event, person):
    old = EventFactory(date=event.date - dt.timedelta(days=365))
    former = services.registration_create(
        event=old, person=person(), targets=[], walk_in=True
    ).participant

    response = desk.get(reverse("onsite:walk_in_ticket", args=[former.token]))

    assert response.status_code == 404


# --- Lists to print ----------------------------------------------------------------------


def test_attendance_list_shows_booked_then_waiting_in_order(desk, register, event):
    workshop = WorkshopFactory(event=event, capacity=2)
    zoe = register(workshop, first_name="Zoé", last_name="Zola")
    anne = register(workshop, first_name="Anne", last_name="Abel")
    first_waiting = register(workshop, first_name="Marc", last_name="Ulm")
    second_waiting = register(workshop, first_name="Lina", last_name="Bern")
    onsite.booking_attendance_mark(workshop=workshop, ticket_code=zoe.ticket_code)

    response = desk.get(reverse("onsite:attendance_list", args=[workshop.pk]))

    page = text_of(response)
    booked, waiting = page.split("Liste d’attente : 2 personnes")
    assert booked.index("Abel Anne") < booked.index("Zola Zoé")
    assert anne.ticket_code in booked
    assert re.search(r"oui, \d+h\d\d Zola Zoé", booked)
    assert "☐ pas encore Abel Anne" in booked
    assert waiting.index("1 ☐ à cocher Ulm Marc") < waiting.index("2 ☐ à cocher Bern Lina")
    assert first_waiting.ticket_code in waiting and second_waiting.ticket_code in waiting


@pytest.mark.parametrize("size", [3, 30])
def test_attendance_list_query_count_is_flat(
    desk, register, event, django_assert_num_queries, size
):
    workshop = WorkshopFactory(event=event, capacity=size // 2)
    for _ in range(size):
        register(workshop)
    url = reverse("onsite:attendance_list", args=[workshop.pk])

    # session, user, permissions (user, groups), event, workshop, bookings
    with django_assert_num_queries(7):
        response = desk.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_check_in_search_query_count_is_flat(desk, register, django_assert_num_queries, size):
    for _ in range(size):
        register(last_name="Benali")

    # session, user, permissions (user, groups), event, people
    with django_assert_num_queries(6):
        response = desk.get(CHECK_IN, {"q": "Benali"})

    assert f"{min(size, 20)} personnes trouvées" in text_of(response)


# --- Public registration form: meeting exhibitors ----------------------------------------


def test_registration_form_records_acceptance_of_stand_contacts(client, event):
    data = {
        "first_name": "Amina",
        "last_name": "Benali",
        "email": "amina@example.org",
        "privacy_consent": "on",
        "accepts_stand_contacts": "on",
    }

    client.post(reverse("participants:register"), data)

    assert Participant.objects.get().accepts_stand_contacts is True


def test_registration_form_stand_contacts_default_to_refused(client, event):
    data = {
        "first_name": "Amina",
        "last_name": "Benali",
        "email": "amina@example.org",
        "privacy_consent": "on",
    }

    client.post(reverse("participants:register"), data)

    assert Participant.objects.get().accepts_stand_contacts is False


# --- Walk-ins racing online registrations (PostgreSQL) -----------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL: run with DATABASE_URL=postgres://…",
)
def test_walk_ins_racing_online_registrations_cannot_overbook(event, person):
    workshop = WorkshopFactory(event=event, capacity=5)
    calls = [
        partial(
            services.registration_create,
            event=event,
            person=person(),
            targets=[workshop],
            walk_in=walk_in,
        )
        for walk_in in [False] * 10 + [True] * 10
    ]
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait(timeout=30)
            return call()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        futures = [pool.submit(run, call) for call in calls]
        errors = [f.exception() for f in futures if f.exception() is not None]

    assert errors == []
    workshop.refresh_from_db()
    assert workshop.seats_taken == 5
    states = list(Booking.objects.filter(workshop=workshop).values_list("state", flat=True))
    assert states.count(BookingState.CONFIRMED) == 5
    assert states.count(BookingState.WAITING) == 15
    walk_ins = Participant.objects.filter(is_walk_in=True, state=ParticipantState.REGISTERED)
    assert walk_ins.count() == 10
    assert walk_ins.filter(checked_in_at__isnull=True).count() == 0
