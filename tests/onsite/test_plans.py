"""A registered person's plan changed at the reception desk: add, swap, drop, print; and the
walk-in form that recognises someone already registered."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.enums import BookingState
from participants.models import Booking, Participant

from ..factories import EventFactory, OrganisationMemberFactory, UserFactory, WorkshopFactory, at
from .test_reception import text_of, walk_in_data

PROMOTED = "Innov’insertion : une place s’est libérée pour vous"


@pytest.fixture
def desk(client, event):
    user = UserFactory(username="accueil@example.org")
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)
    return client


@pytest.fixture
def day(event, register):
    """Amina holds « CV » (10:00, full with someone waiting) and « Numérique » (14:00);
    « Entretien » is at 10:30, « Réseau » at 14:30, « Forum » at 16:00."""
    cv = WorkshopFactory(event=event, title="CV", capacity=1, starts_at=at(event, 10))
    digital = WorkshopFactory(event=event, title="Numérique", starts_at=at(event, 14))
    interview = WorkshopFactory(event=event, title="Entretien", starts_at=at(event, 10, 30))
    network = WorkshopFactory(event=event, title="Réseau", starts_at=at(event, 14, 30))
    forum = WorkshopFactory(event=event, title="Forum", capacity=1, starts_at=at(event, 16))
    amina = register(cv, digital, first_name="Amina", last_name="Benali")
    waiting = register(cv, email="next@example.org")
    return {
        "amina": amina,
        "waiting": waiting,
        "cv": cv,
        "digital": digital,
        "interview": interview,
        "network": network,
        "forum": forum,
    }


def plan_url(participant) -> str:
    return reverse("onsite:person_plan", args=[participant.ticket_code])


def booking_of(participant, workshop) -> Booking:
    return participant.bookings.get(workshop=workshop)


def held(participant) -> dict[str, str]:
    """{title: state} of the person's active bookings."""
    return {b.workshop.title: b.state for b in participant.bookings.active()}


# --- Who may -----------------------------------------------------------------------------


def test_plan_anonymous_is_sent_to_login(client, day):
    url = plan_url(day["amina"])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_plan_exhibitor_is_refused_and_changes_nothing(client, day):
    client.force_login(OrganisationMemberFactory().user)
    amina = day["amina"]

    page = client.get(plan_url(amina))
    post = client.post(plan_url(amina), {"workshops": [day["forum"].pk]})
    drop = client.post(
        reverse("onsite:booking_drop", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])
    )

    assert [page.status_code, post.status_code, drop.status_code] == [403, 403, 403]
    assert held(amina) == {"CV": BookingState.CONFIRMED, "Numérique": BookingState.CONFIRMED}


def test_plan_shows_the_person_their_bookings_and_what_can_be_added(desk, day):
    response = desk.get(plan_url(day["amina"]))

    page = text_of(response)
    assert "Amina Benali" in page
    assert f"Billet {day['amina'].ticket_code}" in page
    assert "CV" in page and "Numérique" in page
    assert "Ajouter à son programme" in page
    # What she holds is not offered again; what clashes with it is noted.
    html = response.content.decode()
    assert f'name="workshops" value="{day["cv"].pk}"' not in html
    assert f'name="workshops" value="{day["forum"].pk}"' in html
    # Staff read the notes: they speak of the person, not to "vous".
    assert "Même horaire que « CV », que la personne a déjà." in page
    assert "que vous avez déjà" not in page
    assert "vous êtes inscrit·e sur sa liste d’attente" not in page


def test_plan_of_an_unknown_or_other_edition_ticket_is_not_found(desk, event, person):
    old = EventFactory(date=event.date - dt.timedelta(days=365))
    former = services.registration_create(
        event=old, person=person(), targets=[], walk_in=True
    ).participant

    assert desk.get(reverse("onsite:person_plan", args=["ZZZZ9999"])).status_code == 404
    assert desk.get(plan_url(former)).status_code == 404


# --- Add ---------------------------------------------------------------------------------


def test_add_books_a_seat_and_the_personal_page_shows_it(client, desk, day):
    amina = day["amina"]

    response = desk.post(plan_url(amina), {"workshops": [day["forum"].pk]}, follow=True)

    assert response.redirect_chain == [(plan_url(amina), 302)]
    assert "« Forum » ajouté à son programme : place confirmée." in text_of(response)
    assert held(amina)["Forum"] == BookingState.CONFIRMED
    personal = text_of(client.get(amina.get_absolute_url()))
    assert re.search(r"Forum .*Place confirmée", personal)


def test_add_to_a_full_workshop_says_the_rank_on_the_waiting_list(desk, day, register):
    register(day["forum"])  # the last seat
    register(day["forum"])  # n° 1 waiting

    response = desk.post(plan_url(day["amina"]), {"workshops": [day["forum"].pk]}, follow=True)

    assert "« Forum » est complet : la personne est n° 2 sur sa liste d’attente." in (
        text_of(response)
    )
    assert held(day["amina"])["Forum"] == BookingState.WAITING


def test_add_overlapping_a_booking_held_is_refused_by_that_choice(desk, day):
    response = desk.post(plan_url(day["amina"]), {"workshops": [day["interview"].pk]})

    assert response.status_code == 200
    page = text_of(response)
    assert "« CV » (10h00–11h00) et « Entretien » (10h30–11h30) ont lieu en même temps" in page
    html = response.content.decode()
    assert re.search(rf'aria-invalid="true"[^>]*value="{day["interview"].pk}"', html)
    assert "Entretien" not in held(day["amina"])


def test_add_works_on_the_day_when_online_registration_is_closed(db, client, person):
    event = EventFactory(date=timezone.localdate())
    workshop = WorkshopFactory(event=event, title="Forum", starts_at=at(event, 16))
    amina = services.registration_create(
        event=event, person=person(), targets=[], walk_in=True
    ).participant
    user = UserFactory()
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)

    client.post(plan_url(amina), {"workshops": [workshop.pk]})

    assert held(amina) == {"Forum": BookingState.CONFIRMED}


# --- Move --------------------------------------------------------------------------------


def test_move_page_offers_the_other_workshops_one_choice(desk, day):
    amina = day["amina"]

    response = desk.get(
        reverse("onsite:booking_move", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])
    )

    html = response.content.decode()
    assert "Remplacer « CV »" in text_of(response)
    assert (
        f'type="radio" class="form-check-input" name="workshops" value="{day["interview"].pk}"'
        in html
    )
    assert f'value="{day["cv"].pk}"' not in html
    assert 'type="checkbox"' not in html


def test_move_swaps_the_booking_and_gives_the_old_seat_to_the_next_waiting(
    desk, day, mailoutbox, django_capture_on_commit_callbacks
):
    amina = day["amina"]
    url = reverse("onsite:booking_move", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(url, {"workshops": day["interview"].pk}, follow=True)

    assert response.redirect_chain == [(plan_url(amina), 302)]
    assert "« CV » remplacé par « Entretien » : place confirmée." in text_of(response)
    assert held(amina) == {
        "Entretien": BookingState.CONFIRMED,
        "Numérique": BookingState.CONFIRMED,
    }
    assert booking_of(day["waiting"], day["cv"]).state == BookingState.CONFIRMED
    assert [(m.to, m.subject) for m in mailoutbox] == [(["next@example.org"], PROMOTED)]


def test_move_overlapping_another_booking_is_refused_and_changes_nothing(desk, day):
    amina = day["amina"]
    url = reverse("onsite:booking_move", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])

    response = desk.post(url, {"workshops": day["network"].pk})

    assert response.status_code == 200
    assert "« Numérique » (14h00–15h00) et « Réseau » (14h30–15h30)" in text_of(response)
    assert held(amina) == {"CV": BookingState.CONFIRMED, "Numérique": BookingState.CONFIRMED}
    assert booking_of(day["waiting"], day["cv"]).state == BookingState.WAITING


def test_move_without_a_choice_asks_for_one(desk, day):
    amina = day["amina"]
    url = reverse("onsite:booking_move", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])

    response = desk.post(url, {})

    assert "Choisissez ce qui remplace cette réservation." in text_of(response)
    assert held(amina) == {"CV": BookingState.CONFIRMED, "Numérique": BookingState.CONFIRMED}


# --- Drop and print ----------------------------------------------------------------------


def test_drop_asks_first_then_frees_the_seat_for_the_next_waiting(
    desk, day, mailoutbox, django_capture_on_commit_callbacks
):
    amina = day["amina"]
    url = reverse("onsite:booking_drop", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])

    confirm = desk.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(url, follow=True)

    assert "Retirer « CV » de son programme ?" in text_of(confirm)
    assert "« CV » retiré de son programme ; la place est libérée." in text_of(response)
    assert held(amina) == {"Numérique": BookingState.CONFIRMED}
    assert booking_of(day["waiting"], day["cv"]).state == BookingState.CONFIRMED
    assert [(m.to, m.subject) for m in mailoutbox] == [(["next@example.org"], PROMOTED)]


def test_drop_twice_goes_back_to_the_plan(desk, day):
    amina = day["amina"]
    url = reverse("onsite:booking_drop", args=[amina.ticket_code, booking_of(amina, day["cv"]).pk])
    desk.post(url)

    response = desk.post(url, follow=True)

    assert response.redirect_chain == [(plan_url(amina), 302)]
    assert "Cette réservation n’est plus active : voici son programme." in text_of(response)


def test_ticket_prints_the_updated_plan(desk, day):
    amina = day["amina"]
    desk.post(plan_url(amina), {"workshops": [day["forum"].pk]})

    response = desk.get(reverse("onsite:person_ticket", args=[amina.ticket_code]))

    page = text_of(response)
    assert f"Code {amina.ticket_code}" in page
    assert "Forum" in page and "CV" in page and "Numérique" in page


# --- The walk-in form recognises someone registered ----------------------------------------


def test_walk_in_with_a_registered_email_offers_their_plan_with_the_choices(desk, day):
    amina = day["amina"]

    response = desk.post(
        reverse("onsite:walk_in"),
        walk_in_data(email=amina.email.upper(), workshops=[day["forum"].pk]),
    )

    page = text_of(response)
    assert "Cette adresse est déjà inscrite : voici son inscription." in page
    assert "Voir et modifier son programme" in page
    assert f'href="{plan_url(amina)}?workshops={day["forum"].pk}"' in response.content.decode()
    assert Participant.objects.filter(email__iexact=amina.email).count() == 1
    assert "Forum" not in held(amina)  # not booked behind staff's back: ticked on the plan
    ticked = desk.get(f"{plan_url(amina)}?workshops={day['forum'].pk}").content.decode()
    assert f'value="{day["forum"].pk}" id="id_workshops_' in ticked
    assert re.search(rf'value="{day["forum"].pk}" id="[^"]+" checked', ticked)


def test_walk_in_with_a_registered_phone_is_recognised_unless_staff_say_otherwise(
    desk, event, register
):
    mother = register(phone="+33612345678", first_name="Nadia", last_name="Haddad")
    data = walk_in_data(first_name="Karim", email="", phone="06 12 34 56 78")

    response = desk.post(reverse("onsite:walk_in"), data)
    again = desk.post(reverse("onsite:walk_in"), {**data, "another_person": "on"})

    page = text_of(response)
    assert "Ce numéro est déjà inscrit : voici son inscription." in page
    assert "Nadia Haddad" in page
    assert "Inscrire quand même la personne du formulaire" in page
    karim = Participant.objects.get(first_name="Karim")
    assert again.url == reverse("onsite:walk_in_ticket", args=[karim.token])
    assert karim.phone == mother.phone


def test_plan_page_queries_do_not_grow_with_the_plan(desk, event, register):
    def queries_for(held_count: int) -> int:
        workshops = [
            WorkshopFactory(event=event, starts_at=at(event, 9 + 2 * n)) for n in range(held_count)
        ]
        WorkshopFactory.create_batch(held_count, event=event, starts_at=at(event, 17))
        person = register(*workshops)
        with CaptureQueriesContext(connection) as queries:
            response = desk.get(plan_url(person))
        assert text_of(response).count("Changer :") == held_count
        return len(queries)

    assert queries_for(1) == queries_for(3)
