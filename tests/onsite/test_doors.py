"""Doors that fill the room (#14, item 4): who is expected, who came, who waits; the seats of
people not arrived released from the edition's release time, and the people present seated.

Services first (with an explicit ``now``), then the command, then the door's pages (real
time: the workshops there started a quarter of an hour ago).
"""

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from innov_insertion import sms
from onsite import selectors
from onsite import services as onsite
from participants import selectors as registration_selectors
from participants.enums import BookingState
from participants.models import Booking
from recruitment.services import SessionDetails, interview_session_create

from ..factories import (
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    UserFactory,
    WorkshopFactory,
    at,
)

pytestmark = pytest.mark.django_db

RELEASED = "Innov’insertion : votre place a été donnée à une autre personne"
PHONE = "+33612345678"


def booking_of(participant, target) -> Booking:
    return Booking.objects.get(participant=participant, **Booking.target_filter(target))


def state_of(participant, target) -> str:
    return booking_of(participant, target).state


def arrive(participant, workshop):
    return onsite.booking_attendance_mark(workshop=workshop, ticket_code=participant.ticket_code)


@pytest.fixture
def room(event, register):
    """A workshop at 10:00 with three seats: Anne arrived, Bruno (email) and Chloé (phone)
    did not; Marc then Lina wait, in that order."""
    workshop = WorkshopFactory(event=event, capacity=3, title="Atelier CV")
    anne = register(workshop, first_name="Anne", last_name="Abel")
    bruno = register(workshop, first_name="Bruno", last_name="Blanc")
    chloe = register(workshop, first_name="Chloé", last_name="Caron", phone=PHONE)
    marc = register(workshop, first_name="Marc", last_name="Ulm")
    lina = register(workshop, first_name="Lina", last_name="Bern")
    arrive(anne, workshop)
    return workshop, anne, bruno, chloe, marc, lina


# --- The release ----------------------------------------------------------------------------


def test_no_shows_release_before_the_release_time_changes_nothing(event, room):
    workshop, anne, bruno, chloe, marc, lina = room

    with pytest.raises(onsite.OnsiteError) as error:
        onsite.no_shows_release(target=workshop, now=at(event, 10, 9))

    assert error.value.code == "release_too_early"
    assert error.value.message == (
        "Les places des personnes absentes de « Atelier CV » se libèrent à 10h10, pas avant."
    )
    assert [state_of(p, workshop) for p in (bruno, chloe, marc)] == [
        BookingState.CONFIRMED,
        BookingState.CONFIRMED,
        BookingState.WAITING,
    ]


def test_no_shows_release_frees_the_seats_of_people_not_arrived_only(event, room):
    workshop, anne, bruno, chloe, marc, lina = room
    now = at(event, 10, 10)

    released = onsite.no_shows_release(target=workshop, now=now)

    assert [b.participant for b in released] == [bruno, chloe]
    for person in (bruno, chloe):
        booking = booking_of(person, workshop)
        assert (booking.state, booking.released_at, booking.cancelled_at) == (
            BookingState.CANCELLED,
            now,
            now,
        )
    assert state_of(anne, workshop) == BookingState.CONFIRMED
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
    # Nobody promoted: the queue waits for the staff to seat those present, in its order.
    waiting = list(Booking.objects.waiting().filter(workshop=workshop))
    positions = registration_selectors.waitlist_positions(bookings=waiting)
    assert {b.participant: positions[b.pk] for b in waiting} == {marc: 1, lina: 2}


def test_no_shows_release_tells_each_person_by_their_channel(
    event, room, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://innov-insertion.fr"
    workshop, anne, bruno, chloe, marc, lina = room

    with django_capture_on_commit_callbacks(execute=True):
        onsite.no_shows_release(target=workshop, now=at(event, 10, 12))

    [email] = mailoutbox
    assert (email.to, email.subject) == ([bruno.email], RELEASED)
    assert "Atelier CV" in email.body
    assert "Vous n’étiez pas arrivé·e peu après le début de cette activité" in email.body
    [text] = sms.outbox
    assert text.to == PHONE
    assert text.body == (
        "Innov'insertion : Chloé, votre place inoccupée a été donnée. Votre page : "
        f"https://innov-insertion.fr{chloe.get_absolute_url()}"
    )
    assert sms.segment_length(text.body) <= 160 and sms.is_gsm7(text.body)


def test_no_shows_release_twice_releases_and_sends_nothing_more(
    event, room, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = room[0]
    onsite.no_shows_release(target=workshop, now=at(event, 10, 10))

    with django_capture_on_commit_callbacks(execute=True):
        again = onsite.no_shows_release(target=workshop, now=at(event, 10, 30))

    assert again == []
    assert mailoutbox == []
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


def test_no_shows_release_follows_the_editions_setting(event, room):
    event.no_show_release_minutes = 25
    event.save()
    workshop = room[0]

    with pytest.raises(onsite.OnsiteError):
        onsite.no_shows_release(target=workshop, now=at(event, 10, 24))
    released = onsite.no_shows_release(target=workshop, now=at(event, 10, 25))

    assert len(released) == 2


def test_released_person_seated_again_gets_no_release_message(
    event, room, mailoutbox, django_capture_on_commit_callbacks
):
    workshop, anne, bruno, *_ = room
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        onsite.no_shows_release(target=workshop, now=at(event, 10, 10))
    onsite.door_admit(target=workshop, ticket_code=bruno.ticket_code, now=at(event, 10, 11))

    for callback in callbacks:
        callback()

    assert mailoutbox == []  # Bruno came in after all: his seat is his again
    booking = booking_of(bruno, workshop)
    assert (booking.state, booking.released_at) == (BookingState.CONFIRMED, None)


# --- Seating the people present ---------------------------------------------------------------


def test_door_admit_seats_the_waiting_person_present_not_the_first(event, room):
    workshop, anne, bruno, chloe, marc, lina = room
    onsite.no_shows_release(target=workshop, now=at(event, 10, 10))
    now = at(event, 10, 11)

    result = onsite.door_admit(target=workshop, ticket_code=lina.ticket_code, now=now)

    assert (result.participant, result.first_time, result.arrived_at) == (lina, True, now)
    booking = booking_of(lina, workshop)
    assert (booking.state, booking.attended_at) == (BookingState.CONFIRMED, now)
    lina.refresh_from_db()
    assert lina.checked_in_at == now
    workshop.refresh_from_db()
    assert workshop.seats_taken == 2
    assert state_of(marc, workshop) == BookingState.WAITING


def test_door_admit_without_a_free_seat_changes_nothing(event, room):
    workshop, anne, bruno, chloe, marc, lina = room

    with pytest.raises(onsite.OnsiteError) as error:
        onsite.door_admit(target=workshop, ticket_code=marc.ticket_code, now=at(event, 10, 5))

    assert error.value.message == "Il n’y a plus de place libre pour « Atelier CV »."
    assert state_of(marc, workshop) == BookingState.WAITING
    workshop.refresh_from_db()
    assert workshop.seats_taken == 3


def test_door_admit_a_walk_in_with_nothing_booked(event, room, register):
    workshop = room[0]
    onsite.no_shows_release(target=workshop, now=at(event, 10, 10))
    karim = register(first_name="Karim")

    onsite.door_admit(target=workshop, ticket_code=karim.ticket_code, now=at(event, 10, 15))

    booking = booking_of(karim, workshop)
    assert (booking.state, booking.attended_at) == (BookingState.CONFIRMED, at(event, 10, 15))


def test_door_scan_of_a_waiting_person_tells_their_rank(event, room):
    workshop, *_, lina = room

    with pytest.raises(onsite.OnsiteError) as error:
        arrive(lina, workshop)

    assert error.value.code == "door_waiting"
    assert error.value.message == (
        f"{lina.full_name} est sur la liste d’attente de « Atelier CV » : rang 2 sur 2."
    )


def test_door_scan_of_a_released_person_says_when_the_seat_went(event, room):
    workshop, anne, bruno, *_ = room
    onsite.no_shows_release(target=workshop, now=at(event, 10, 10))

    with pytest.raises(onsite.OnsiteError) as error:
        arrive(bruno, workshop)

    assert error.value.message == (
        f"La place de {bruno.full_name} pour « Atelier CV » a été libérée à 10h10 : pas "
        "arrivé·e à temps."
    )


def test_door_lists_sort_each_group(event, room):
    workshop, anne, bruno, chloe, marc, lina = room
    arrive(chloe, workshop)

    door = selectors.door_lists(target=workshop)

    assert [b.participant for b in door.expected] == [bruno]
    assert [b.participant for b in door.arrived] == [chloe, anne]  # the latest first
    assert [b.participant for b in door.waiting] == [marc, lina]
    assert (door.capacity, door.taken, door.seats_free, door.can_seat) == (3, 3, 0, False)


def test_dashboard_counts_released_seats_as_no_shows(event, room):
    workshop = room[0]
    onsite.no_shows_release(target=workshop, now=at(event, 10, 10))

    [figures] = selectors.workshop_figures(event=event, now=at(event, 10, 30))

    assert (figures.taken, figures.present, figures.released, figures.no_shows) == (1, 1, 2, 2)


# --- The command, on a timer ------------------------------------------------------------------


def started_ago(minutes: int) -> dict:
    now = timezone.now()
    return {
        "starts_at": now - dt.timedelta(minutes=minutes),
        "ends_at": now + dt.timedelta(hours=1),
    }


def test_release_no_shows_command_releases_doors_in_use_past_their_time(event, register):
    due = WorkshopFactory(event=event, title="Atelier CV", capacity=5, **started_ago(15))
    early = WorkshopFactory(event=event, title="Atelier tôt", capacity=5, **started_ago(5))
    unscanned = WorkshopFactory(event=event, title="Atelier papier", capacity=5, **started_ago(15))
    activity = StandActivityFactory(
        stand=StandFactory(event=event), title="Casque VR", capacity=2, **started_ago(15)
    )
    conference = TimetableItemFactory(event=event, capacity=50, **started_ago(15))
    # An interview slot: its recruiter notes who did not come; the timer leaves it alone.
    interviews = interview_session_create(
        stand=StandFactory(event=event),
        details=SessionDetails(
            title="Entretiens",
            slot_minutes=30,
            recruiters=2,
            starts_at=timezone.now() - dt.timedelta(minutes=15),
            ends_at=timezone.now() + dt.timedelta(minutes=15),
        ),
    )
    interview = interviews.slots.get()
    people = {}
    for target in (due, early, unscanned, activity, conference, interview):
        here, away = register(target), register(target)
        people[target] = away
        if target is not unscanned:
            Booking.objects.filter(participant=here).update(attended_at=timezone.now())
    stdout = io.StringIO()

    call_command("release_no_shows", stdout=stdout)

    assert state_of(people[due], due) == BookingState.CANCELLED
    assert state_of(people[activity], activity) == BookingState.CANCELLED
    assert state_of(people[conference], conference) == BookingState.CANCELLED
    assert state_of(people[early], early) == BookingState.CONFIRMED
    assert state_of(people[unscanned], unscanned) == BookingState.CONFIRMED
    assert state_of(people[interview], interview) == BookingState.CONFIRMED
    assert "Atelier CV : 1 place(s) libérée(s)" in stdout.getvalue()
    assert stdout.getvalue().endswith("3 place(s) libérée(s) / seat(s) released.\n")

    again = io.StringIO()
    call_command("release_no_shows", stdout=again)
    assert again.getvalue() == "0 place(s) libérée(s) / seat(s) released.\n"


def test_release_no_shows_command_leaves_ended_sessions_alone(event, register):
    now = timezone.now()
    ended = WorkshopFactory(
        event=event,
        starts_at=now - dt.timedelta(hours=2),
        ends_at=now - dt.timedelta(hours=1),
    )
    here, away = register(ended), register(ended)
    Booking.objects.filter(participant=here).update(attended_at=now)

    call_command("release_no_shows", stdout=io.StringIO())

    assert state_of(away, ended) == BookingState.CONFIRMED


# --- The door's page ---------------------------------------------------------------------------


@pytest.fixture
def desk(client, event):
    user = UserFactory(username="accueil@example.org")
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)
    return client


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def hour(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour}h{local.minute:02d}"


@pytest.fixture
def started_room(event, register):
    """As ``room``, but the workshop started a quarter of an hour ago (release time passed)."""
    workshop = WorkshopFactory(event=event, capacity=2, title="Atelier CV", **started_ago(15))
    anne = register(workshop, first_name="Anne", last_name="Abel")
    bruno = register(workshop, first_name="Bruno", last_name="Blanc")
    marc = register(workshop, first_name="Marc", last_name="Ulm")
    lina = register(workshop, first_name="Lina", last_name="Bern")
    arrive(anne, workshop)
    return workshop, anne, bruno, marc, lina


def test_door_page_lists_expected_arrived_and_waiting_with_counts(desk, started_room):
    workshop, anne, bruno, marc, lina = started_room

    page = text_of(desk.get(reverse("onsite:door", args=[workshop.pk])))

    scan, people = page.split("La salle", 1)
    assert "Scanner un billet" in scan
    assert "Places prises : 2 sur 2. Libres : 0." in people
    expected, rest = people.split("Arrivé·es 1", 1)
    assert "Attendu·es 1 Blanc Bruno Noter présent·e : Bruno Blanc" in expected
    arrived, waiting = rest.split("Liste d’attente 2", 1)
    attended = booking_of(anne, workshop).attended_at
    assert f"Abel Anne à {hour(attended)}" in arrived
    assert waiting.index("1. Ulm Marc") < waiting.index("2. Bern Lina")
    assert "Faire entrer" not in waiting  # no free seat yet
    assert "Libérer la place de la personne absente" in people


def test_door_page_before_the_release_time_offers_no_release(desk, event, register):
    workshop = WorkshopFactory(event=event, capacity=1, **started_ago(5))
    register(workshop)
    release_at = workshop.starts_at + dt.timedelta(minutes=10)

    page = text_of(desk.get(reverse("onsite:door", args=[workshop.pk])))

    assert f"Les places des personnes absentes se libèrent à {hour(release_at)}." in page
    assert "Libérer" not in page


def test_door_scan_of_a_waiting_person_offers_no_seat_until_released(desk, started_room):
    workshop, anne, bruno, marc, lina = started_room

    response = desk.post(reverse("onsite:door", args=[workshop.pk]), {"code": lina.ticket_code})

    page = text_of(response)
    assert "Lina Bern est sur la liste d’attente de « Atelier CV » : rang 2 sur 2." in page
    assert (
        "Aucune place libre pour l’instant : libérez d’abord les places des personnes "
        "absentes (plus bas)." in page
    )
    assert "Faire entrer Lina Bern" not in page


def test_door_release_then_seat_a_waiting_person(desk, started_room, mailoutbox):
    workshop, anne, bruno, marc, lina = started_room
    door = reverse("onsite:door", args=[workshop.pk])

    response = desk.post(reverse("onsite:door_release", args=[workshop.pk]), follow=True)

    assert response.redirect_chain == [(door, 302)]
    page = text_of(response)
    assert "1 place libérée : la personne absente est prévenue." in page
    assert state_of(bruno, workshop) == BookingState.CANCELLED
    assert "Places libérées 1 Blanc Bruno libérée à" in page
    assert "Faire entrer : Lina Bern" in page

    scan = text_of(desk.post(door, {"code": lina.ticket_code}))
    assert "rang 2 sur 2" in scan
    assert "Une place est libre : cette personne peut entrer." in scan
    assert "Faire entrer Lina Bern" in scan

    response = desk.post(
        reverse("onsite:door_admit", args=[workshop.pk]), {"code": lina.ticket_code}
    )

    booking = booking_of(lina, workshop)
    assert booking.state == BookingState.CONFIRMED
    page = text_of(response)
    assert f"Présent·e à {hour(booking.attended_at)}" in page
    assert f"Bern Lina à {hour(booking.attended_at)}" in page.split("Arrivé·es 2", 1)[1]
    assert state_of(marc, workshop) == BookingState.WAITING


def test_door_release_before_the_time_says_when(desk, event, register):
    workshop = WorkshopFactory(event=event, capacity=1, title="Atelier CV", **started_ago(5))
    holder = register(workshop)
    release_at = workshop.starts_at + dt.timedelta(minutes=10)

    response = desk.post(reverse("onsite:door_release", args=[workshop.pk]), follow=True)

    assert (
        "Les places des personnes absentes de « Atelier CV » se libèrent à "
        f"{hour(release_at)}, pas avant." in text_of(response)
    )
    assert state_of(holder, workshop) == BookingState.CONFIRMED


def test_door_expected_row_notes_the_person_present(desk, started_room):
    workshop, anne, bruno, *_ = started_room

    response = desk.post(reverse("onsite:door", args=[workshop.pk]), {"code": bruno.ticket_code})

    assert booking_of(bruno, workshop).attended_at is not None
    assert "Plus personne n’est attendu." in text_of(response)


@pytest.mark.parametrize("name", ["door_release", "door_admit"])
def test_door_actions_need_the_desk_permission(client, event, name):
    workshop = WorkshopFactory(event=event)
    url = reverse(f"onsite:{name}", args=[workshop.pk])

    anonymous = client.post(url)
    client.force_login(UserFactory())
    refused = client.post(url)

    assert anonymous.status_code == 302 and "/connexion/" in anonymous["Location"]
    assert refused.status_code == 403


@pytest.mark.parametrize("size", [3, 30])
def test_door_page_query_count_is_flat(desk, event, register, django_assert_num_queries, size):
    workshop = WorkshopFactory(event=event, capacity=size // 2, **started_ago(15))
    people = [register(workshop) for _ in range(size)]
    arrive(people[0], workshop)
    url = reverse("onsite:door", args=[workshop.pk])

    # session, user, permissions (user, groups), event, workshop, the door's bookings
    with django_assert_num_queries(7):
        response = desk.get(url)

    assert response.status_code == 200


# --- The conference's and the stand activities' doors -------------------------------------------


def test_conference_door_releases_and_seats_like_a_workshops(desk, event, register):
    item = TimetableItemFactory(event=event, title="Table ronde", capacity=1, **started_ago(15))
    absent = register(item, first_name="Bruno", last_name="Blanc")
    karim = register(item, first_name="Karim", last_name="Haddad")
    door = reverse("onsite:session_door", args=["conference", item.pk])

    page = text_of(desk.get(door))
    released = desk.post(reverse("onsite:session_door_release", args=["conference", item.pk]))
    admitted = desk.post(
        reverse("onsite:session_door_admit", args=["conference", item.pk]),
        {"code": karim.ticket_code},
    )

    assert "Porte : Table ronde" in page
    assert "Attendu·es 1 Blanc Bruno" in page
    assert "Liste d’attente 1 1. Haddad Karim" in page
    assert released["Location"] == door
    assert state_of(absent, item) == BookingState.CANCELLED
    seated = booking_of(karim, item)
    assert seated.state == BookingState.CONFIRMED
    assert f"Présent·e à {hour(seated.attended_at)}" in text_of(admitted)


def test_activity_door_notes_a_booked_person_present(desk, event, register):
    activity = StandActivityFactory(
        stand=StandFactory(event=event), title="Casque VR", capacity=4, **started_ago(2)
    )
    amina = register(activity)
    door = reverse("onsite:session_door", args=["activites", activity.pk])

    response = desk.post(door, {"code": amina.ticket_code})

    attended = booking_of(amina, activity).attended_at
    page = text_of(response)
    assert f"Présent·e à {hour(attended)}" in page
    assert "Porte : Casque VR (Entreprise" in page
    assert f"Arrivé·es 1 {amina.last_name} {amina.first_name} à {hour(attended)}" in page


@pytest.mark.parametrize("kind", ["ateliers", "stands"])
def test_session_door_of_an_unknown_kind_is_not_found(desk, event, kind):
    item = TimetableItemFactory(event=event, capacity=10)

    response = desk.get(reverse("onsite:session_door", args=[kind, item.pk]))

    assert response.status_code == 404


def test_session_door_of_an_open_access_item_is_not_found(desk, event):
    item = TimetableItemFactory(event=event, capacity=None)

    response = desk.get(reverse("onsite:session_door", args=["conference", item.pk]))

    assert response.status_code == 404


def test_doors_index_lists_the_conference_and_activity_doors(desk, event):
    item = TimetableItemFactory(event=event, title="Table ronde", capacity=80)
    activity = StandActivityFactory(
        stand=StandFactory(event=event), title="Casque VR", capacity=4, **started_ago(0)
    )

    response = desk.get(reverse("onsite:workshops"))

    html = response.content.decode()
    page = text_of(response)
    assert "La conférence Table ronde" in page
    assert "Les activités des stands Casque VR" in page
    assert reverse("onsite:session_door", args=["conference", item.pk]) in html
    assert reverse("onsite:session_door", args=["activites", activity.pk]) in html
