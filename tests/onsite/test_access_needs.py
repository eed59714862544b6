"""Access needs on the day: from the registration form to the desk, the workshop doors, the
walk-in form, the dashboard's counts and the staff's list per need."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from onsite import services as onsite
from onsite.selectors import OTHER_NEED, access_need_figures
from participants import services
from participants.enums import AccessNeedKind, ParticipantState
from participants.models import AccessNeed, Participant

from ..factories import UserFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("participants:register")
CHECK_IN = reverse("onsite:check_in")
WALK_IN = reverse("onsite:walk_in")
DASHBOARD = reverse("onsite:dashboard")
NEEDS_LIST = reverse("onsite:access_needs")


def staff_client(group: str) -> Client:
    user = UserFactory(username=f"{group.lower()}@cucm.example.org", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def desk(event):
    return staff_client("Accueil")


def text_of(response) -> str:
    """The page's visible text, on one line."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def needs_box(response) -> str:
    """The text of the « Besoins pour l’accueillir » box of a result screen ("" if none)."""
    html = response.content.decode()
    match = re.search(r'<section class="alert alert-warning access-needs".*?</section>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(0)).split()) if match else ""


def dashboard_row(page: str, kind: str) -> list[str]:
    row = re.search(rf'<tr data-need="{kind}">(.*?)</tr>', page, re.S).group(1)
    return re.findall(r'<td class="text-end"[^>]*>(.*?)</td>', row)


def register_online(client: Client, **data) -> Participant:
    """Register through the public form, as a person does."""
    response = client.post(
        REGISTER_URL,
        {
            "first_name": "Amina",
            "last_name": "Benali",
            "email": "amina@example.org",
            "privacy_consent": "on",
            **data,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Participant.objects.get(email=data.get("email", "amina@example.org"))


# --- From registration to the desk, the door and the dashboard ---------------------------


@pytest.mark.parametrize("kind", AccessNeedKind.values)
def test_need_from_registration_to_desk_door_and_dashboard(client, event, kind):
    workshop = WorkshopFactory(event=event, title="Atelier CV", capacity=10)
    amina = register_online(client, access_needs=[kind], workshops=[workshop.pk])
    label = str(AccessNeedKind(kind).label)
    desk = staff_client("Accueil")
    administration = staff_client("Administration")
    before = administration.get(DASHBOARD).content.decode()

    arrival = desk.post(CHECK_IN, {"code": amina.ticket_code})
    door = desk.post(reverse("onsite:door", args=[workshop.pk]), {"code": amina.ticket_code})
    after = administration.get(DASHBOARD).content.decode()

    assert list(amina.access_needs.values_list("kind", flat=True)) == [kind]
    assert needs_box(arrival) == f"Besoins pour l’accueillir {label}"
    assert needs_box(door) == f"Besoins pour l’accueillir {label}"
    assert dashboard_row(before, kind) == ["1", "0"]
    assert dashboard_row(after, kind) == ["1", "1"]
    others = [other for other in AccessNeedKind.values if other != kind]
    assert all(dashboard_row(after, other) == ["0", "0"] for other in others)


def test_other_need_written_shows_at_the_desk(client, event, desk):
    amina = register_online(
        client,
        access_needs=[AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.ASSISTANCE_DOG],
        access_needs_other="Je fatigue vite : une chaise près de l’entrée.",
    )

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    assert needs_box(response) == (
        "Besoins pour l’accueillir Interprète en langue des signes (LSF) "
        "Je viens avec un chien d’assistance "
        "Autre besoin : Je fatigue vite : une chaise près de l’entrée."
    )


def test_person_without_needs_shows_no_needs_box(event, desk, register):
    amina = register()

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    assert "Arrivé·e à" in text_of(response)
    assert needs_box(response) == ""


def test_name_search_marks_people_with_needs(event, desk, register):
    register(first_name="Amina", last_name="Benali", access_needs=(AccessNeedKind.WHEELCHAIR,))
    register(first_name="Amina", last_name="Bertin", access_needs_other="Une chaise")
    register(first_name="Amina", last_name="Bouvier")

    response = desk.get(CHECK_IN, {"q": "amina"})

    marked = {person.last_name: person.has_access_needs for person in response.context["people"]}
    assert marked == {"Benali": True, "Bertin": True, "Bouvier": False}
    assert text_of(response).count("besoins d’accueil") == 2


# --- The walk-in form ------------------------------------------------------------------------


def test_walk_in_with_needs_stores_them_and_the_desk_sees_them(event, desk):
    response = desk.post(
        WALK_IN,
        {
            "first_name": "Karim",
            "last_name": "Haddad",
            "email": "karim@example.org",
            "access_needs": [AccessNeedKind.READING_HELP, AccessNeedKind.LARGE_PRINT],
            "access_needs_other": "Lunettes oubliées",
            "privacy_consent": "on",
        },
    )
    karim = Participant.objects.get(email="karim@example.org")

    again = desk.post(CHECK_IN, {"code": karim.ticket_code})

    assert response.status_code == 302
    assert sorted(karim.access_needs.values_list("kind", flat=True)) == [
        AccessNeedKind.LARGE_PRINT,
        AccessNeedKind.READING_HELP,
    ]
    assert karim.access_needs_other == "Lunettes oubliées"
    assert needs_box(again) == (
        "Besoins pour l’accueillir Aide pour lire ou écrire Documents en gros caractères "
        "Autre besoin : Lunettes oubliées"
    )


def test_walk_in_form_offers_every_need(event, desk):
    response = desk.get(WALK_IN)

    page = response.content.decode()
    assert all(f'value="{kind}"' in page for kind in AccessNeedKind.values)
    assert "Ses besoins pour l’accueillir" in page
    assert 'name="access_needs_other"' in page


def test_walk_in_of_a_known_person_adds_the_needs_noted_at_the_desk(event, desk, register):
    amina = register(email="amina@example.org", access_needs=(AccessNeedKind.WHEELCHAIR,))

    response = desk.post(
        WALK_IN,
        {
            "first_name": "Amina",
            "last_name": "Benali",
            "email": "amina@example.org",
            "access_needs": [AccessNeedKind.HEARING_LOOP],
            "privacy_consent": "on",
        },
    )

    assert sorted(amina.access_needs.values_list("kind", flat=True)) == [
        AccessNeedKind.HEARING_LOOP,
        AccessNeedKind.WHEELCHAIR,
    ]
    assert needs_box(response) == (
        "Besoins pour l’accueillir Fauteuil roulant ou mobilité réduite "
        "Boucle magnétique (malentendant·e)"
    )


def test_walk_in_service_stores_the_needs(event, person):
    result = onsite.walk_in_register(
        event=event,
        person=person(access_needs=(AccessNeedKind.COMPANION,), access_needs_other="Mon fils"),
        targets=[],
    )

    assert list(result.participant.access_needs.values_list("kind", flat=True)) == [
        AccessNeedKind.COMPANION
    ]
    assert Participant.objects.get(pk=result.participant.pk).access_needs_other == "Mon fils"


# --- The dashboard -----------------------------------------------------------------------


@pytest.fixture
def needs_day(event, person):
    """``size`` people with needs in turn (some two, some the other text), some cancelled,
    some arrived; returns them."""

    def build(size: int) -> list[Participant]:
        kinds = AccessNeedKind.values
        workshop = WorkshopFactory(event=event, capacity=None, starts_at=at(event, 10))
        people = []
        for n in range(size):
            needs = (kinds[n % len(kinds)],) + ((kinds[0],) if n % 3 == 0 else ())
            participant = services.registration_create(
                event=event,
                person=person(
                    access_needs=tuple(set(needs)),
                    access_needs_other="Une chaise" if n % 4 == 0 else "",
                ),
                targets=[workshop],
            ).participant
            if n % 2 == 0:
                onsite.participant_check_in(event=event, ticket_code=participant.ticket_code)
            if n % 5 == 4:
                services.participant_cancel(participant=participant)
            people.append(participant)
        return people

    return build


def test_access_need_figures_equal_database_counts(event, needs_day):
    needs_day(17)
    registered = Participant.objects.filter(event=event, state=ParticipantState.REGISTERED)

    figures = {row.kind: row for row in access_need_figures(event=event)}

    for kind in AccessNeedKind.values:
        holders = registered.filter(access_needs__kind=kind)
        assert figures[kind].registered == holders.count()
        assert figures[kind].checked_in == holders.filter(checked_in_at__isnull=False).count()
    others = registered.exclude(access_needs_other="")
    assert figures[OTHER_NEED].registered == others.count()
    assert figures[OTHER_NEED].checked_in == others.filter(checked_in_at__isnull=False).count()
    assert figures[AccessNeedKind.SIGN_LANGUAGE].registered > 0


def test_dashboard_needs_are_hidden_from_the_programme_staff(event, needs_day):
    needs_day(4)

    programme = staff_client("Programme").get(DASHBOARD)
    administration = staff_client("Administration").get(DASHBOARD)

    assert programme.status_code == 200
    assert programme.context["figures"].access_needs is None
    assert "data-need=" not in programme.content.decode()
    assert str(AccessNeedKind.SIGN_LANGUAGE.label) not in programme.content.decode()
    assert administration.content.decode().count("<tr data-need=") == len(AccessNeedKind) + 1
    assert f'href="{NEEDS_LIST}"' in administration.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_dashboard_with_needs_costs_the_same_queries(
    size, event, needs_day, django_assert_max_num_queries
):
    needs_day(size)
    client = staff_client("Administration")
    client.get(DASHBOARD)  # the session and permission caches, as on a real visit

    # session, user, permissions (2), people, situations, access needs, workshops, the
    # conference, stand activities, interview sessions, stands, arrivals per half hour
    with django_assert_max_num_queries(13):
        response = client.get(DASHBOARD)

    registered = Participant.objects.filter(state=ParticipantState.REGISTERED)
    figures = {row.kind: row.registered for row in response.context["figures"].access_needs}
    assert figures[AccessNeedKind.SIGN_LANGUAGE] == (
        registered.filter(access_needs__kind=AccessNeedKind.SIGN_LANGUAGE).count()
    )


# --- The staff's list per need -----------------------------------------------------------


@pytest.mark.parametrize(("group", "status"), [("Accueil", 200), ("Administration", 200)])
def test_needs_list_opens_for_the_desk_and_administration(event, group, status):
    response = staff_client(group).get(NEEDS_LIST)

    assert response.status_code == status
    assert "Personne n’a indiqué de besoin pour le moment." in text_of(response)


def test_needs_list_is_refused_to_the_programme_staff_and_visitors(event):
    programme = staff_client("Programme").get(NEEDS_LIST)
    anonymous = Client().get(NEEDS_LIST)

    assert programme.status_code == 403
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_needs_list_holds_people_per_need(event, register):
    morning = WorkshopFactory(event=event, title="Réussir son entretien", capacity=5)
    afternoon = WorkshopFactory(
        event=event, title="Atelier CV", capacity=5, starts_at=at(event, 14)
    )
    amina = register(
        afternoon,
        morning,
        first_name="Amina",
        last_name="Benali",
        phone="06 12 34 56 78",
        access_needs=(AccessNeedKind.SIGN_LANGUAGE, AccessNeedKind.WHEELCHAIR),
    )
    louis = register(
        first_name="Louis",
        last_name="Perrin",
        access_needs=(AccessNeedKind.SIGN_LANGUAGE,),
        access_needs_other="Une chaise",
    )
    register(first_name="Zoé", last_name="Sans-Besoin")
    cancelled = register(first_name="Paul", access_needs=(AccessNeedKind.SIGN_LANGUAGE,))
    services.participant_cancel(participant=cancelled)
    onsite.participant_check_in(event=event, ticket_code=amina.ticket_code)
    desk = staff_client("Accueil")

    response = desk.get(NEEDS_LIST)

    groups = {
        group.kind: [person.last_name for person in group.people]
        for group in response.context["groups"]
    }
    assert groups == {
        AccessNeedKind.SIGN_LANGUAGE: ["Benali", "Perrin"],
        AccessNeedKind.WHEELCHAIR: ["Benali"],
        OTHER_NEED: ["Perrin"],
    }
    page = response.content.decode()
    section = re.search(r'data-need="sign_language">(.*?)</section>', page, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", " ", section).split())
    assert "Interprète en langue des signes (LSF) : 2 personnes" in text
    assert f"Benali Amina {amina.ticket_code} 06 12 34 56 78 " in text
    assert "Réussir son entretien" in text and "Atelier CV" in text
    assert text.index("Réussir son entretien") < text.index("Atelier CV")  # by start time
    assert re.search(r"oui, \d+h\d\d", text)
    assert f"Perrin Louis {louis.ticket_code}" in text
    assert "pas encore" in text
    assert "Sans-Besoin" not in page
    assert "Une chaise" in text_of(response)


@pytest.mark.parametrize("size", [3, 30])
def test_needs_list_costs_the_same_queries(size, event, needs_day, django_assert_max_num_queries):
    needs_day(size)
    client = staff_client("Accueil")
    client.get(NEEDS_LIST)

    # session, user, permissions (2), people, their needs, their confirmed seats
    with django_assert_max_num_queries(7):
        response = client.get(NEEDS_LIST)

    shown = {person.pk for group in response.context["groups"] for person in group.people}
    assert shown == set(
        Participant.objects.filter(state=ParticipantState.REGISTERED).values_list("pk", flat=True)
    )
    assert AccessNeed.objects.exists()
