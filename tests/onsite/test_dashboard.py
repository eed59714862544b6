"""The staff's dashboard: its figures equal counts made directly in the database, in a
fixed number of queries; the situation breakdown shows only with the permission."""

import itertools
import re

import pytest
from django.db.models import Q
from django.test import Client
from django.urls import reverse

from onsite import services as onsite
from onsite.models import StandContact
from onsite.selectors import day_figures, registration_figures, workshop_figures
from participants import services
from participants.enums import BookingState, ParticipantState, Situation
from participants.models import Booking, Participant

from ..factories import OrganisationFactory, StandFactory, UserFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("onsite:dashboard")
SITUATIONS = list(Situation.values) + [""]


@pytest.fixture
def day(event, person):
    """Builds a varied day through the services for ``size`` people: online registrations,
    on behalf, walk-ins, cancellations, arrivals, attendance at a door, contacts at stands."""

    def build(size: int):
        small = WorkshopFactory(event=event, title="Réussir son entretien", capacity=2)
        open_ = WorkshopFactory(
            event=event, title="Numérique", capacity=None, starts_at=at(event, 11)
        )
        afternoon = WorkshopFactory(
            event=event, title="Atelier CV", capacity=5, starts_at=at(event, 14)
        )
        stands = [
            StandFactory(event=event, organisation=OrganisationFactory(name=name))
            for name in ("Forges du Creusot", "ADMR")
        ]
        situations = itertools.cycle(SITUATIONS)
        people = []
        for n in range(size):
            details = {"situation": next(situations)}
            if n % 4 == 1:
                details["referrer_name"] = "Mme Dupont"
            targets = [small, afternoon] if n % 2 == 0 else [open_, afternoon]
            result = services.registration_create(
                event=event,
                person=person(**details),
                targets=targets,
                accepts_stand_contacts=n % 3 != 2,
                walk_in=n % 5 == 4,
            )
            people.append(result.participant)
        for n, participant in enumerate(people):
            if n % 7 == 3:
                services.participant_cancel(participant=participant)
                continue
            if n % 2 == 0:
                onsite.participant_check_in(event=event, ticket_code=participant.ticket_code)
            confirmed = participant.bookings.confirmed().filter(workshop=small).exists()
            if confirmed and n % 4 == 0:
                onsite.booking_attendance_mark(workshop=small, ticket_code=participant.ticket_code)
            if participant.accepts_stand_contacts:
                onsite.stand_contact_record(
                    stand=stands[n % 2], ticket_code=participant.ticket_code
                )
        return [small, open_, afternoon], stands

    return build


def _staff_client(role_user, group: str) -> Client:
    client = Client()
    client.force_login(role_user(group))
    return client


# --- Figures ----------------------------------------------------------------------------


def test_registration_figures_equal_database_counts(event, day):
    day(12)
    people = Participant.objects.filter(event=event)
    registered = people.filter(state=ParticipantState.REGISTERED)

    figures = registration_figures(event=event)

    assert figures.registered == registered.count()
    assert figures.cancelled == people.filter(state=ParticipantState.CANCELLED).count()
    assert figures.walk_ins == registered.filter(is_walk_in=True).count()
    assert figures.on_behalf == registered.exclude(referrer_name="").count()
    assert figures.checked_in == registered.filter(checked_in_at__isnull=False).count()
    assert (figures.registered, figures.cancelled, figures.walk_ins) == (10, 2, 2)
    assert figures.checked_in > 0


def test_situation_figures_equal_database_counts(event, day):
    day(12)
    registered = Participant.objects.filter(event=event, state=ParticipantState.REGISTERED)

    figures = day_figures(event=event, with_situation=True)

    assert [row.situation for row in figures.situations] == SITUATIONS
    for row in figures.situations:
        assert row.registered == registered.filter(situation=row.situation).count()
        assert row.checked_in == (
            registered.filter(situation=row.situation, checked_in_at__isnull=False).count()
        )
    assert sum(row.registered for row in figures.situations) == registered.count()


def test_workshop_figures_equal_database_counts(event, day):
    workshops, _stands = day(12)
    after_the_day = at(event, 23)

    rows = workshop_figures(event=event, now=after_the_day)

    assert [row.workshop for row in rows] == workshops
    for row in rows:
        bookings = Booking.objects.filter(workshop=row.workshop)
        confirmed = bookings.filter(state=BookingState.CONFIRMED)
        present = confirmed.filter(attended_at__isnull=False).count()
        assert row.taken == confirmed.count() == row.workshop.seats_taken
        assert row.waiting == bookings.filter(state=BookingState.WAITING).count()
        assert row.present == present
        assert row.no_shows == confirmed.count() - present
    small = rows[0]
    assert (small.capacity, small.taken, small.fill_rate) == (2, 2, 100)
    assert small.waiting > 0
    assert small.present == 1
    assert rows[1].fill_rate is None  # no limit


def test_no_shows_wait_for_the_workshop_to_start(event, day):
    day(3)

    rows = workshop_figures(event=event, now=at(event, 12))

    assert [row.no_shows is None for row in rows] == [False, False, True]


def test_stand_contacts_equal_database_counts(event, day):
    _workshops, stands = day(12)

    figures = day_figures(event=event, with_situation=False)

    assert [row.stand for row in figures.stands] == stands
    for row in figures.stands:
        assert row.contacts == StandContact.objects.filter(stand=row.stand).count()
    assert figures.contacts == StandContact.objects.count() > 0
    assert figures.situations is None


# --- The page ---------------------------------------------------------------------------


def test_dashboard_shows_the_figures_in_tables(event, day, role_user):
    workshops, _stands = day(12)
    client = _staff_client(role_user, "Administration")

    response = client.get(DASHBOARD_URL)

    page = response.content.decode()
    figures = response.context["figures"]
    assert response.status_code == 200
    assert "Tableau de bord de la journée" in page
    assert "<caption" in page
    assert 'role="img"' in page
    assert "<title>Remplissage des ateliers</title>" in page
    assert ' style="' not in page
    row = re.search(rf'<tr data-workshop="{workshops[0].pk}">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td class="text-end">(.*?)</td>', row)
    assert cells[:4] == ["2", "2", "100 %", str(figures.workshops[0].waiting)]
    assert 'href="/accueil/tableau-de-bord/"' in page  # « Mettre à jour »
    assert "onsite/js/dashboard.js" in page


def test_dashboard_shows_situations_only_with_the_permission(event, day, role_user):
    day(6)
    administration = _staff_client(role_user, "Administration")
    programme = _staff_client(role_user, "Programme")

    allowed = administration.get(DASHBOARD_URL).content.decode()
    refused = programme.get(DASHBOARD_URL)

    assert allowed.count("data-situation=") == len(SITUATIONS)
    assert str(Situation.RSA_BENEFICIARY.label) in allowed
    assert refused.status_code == 200
    assert "data-situation=" not in refused.content.decode()
    assert str(Situation.RSA_BENEFICIARY.label) not in refused.content.decode()
    assert refused.context["figures"].situations is None


def test_dashboard_is_refused_without_the_permission(event):
    reception = UserFactory(username="visiteur@example.org")
    client = Client()
    client.force_login(reception)

    refused = client.get(DASHBOARD_URL)
    anonymous = Client().get(DASHBOARD_URL)

    assert refused.status_code == 403
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("portal:login"))


def test_dashboard_opens_for_superusers(event, admin_client):
    response = admin_client.get(DASHBOARD_URL)

    assert response.status_code == 200
    assert response.context["figures"].situations is not None


def test_dashboard_without_an_edition_says_so(db, admin_client):
    response = admin_client.get(DASHBOARD_URL)

    assert "Aucune édition n’est publiée" in response.content.decode()


@pytest.mark.parametrize("size", [3, 30])
def test_dashboard_query_count_does_not_grow_with_the_data(
    size, event, day, role_user, django_assert_num_queries
):
    day(size)
    client = _staff_client(role_user, "Administration")
    client.get(DASHBOARD_URL)  # the session and permission caches, as on a real visit

    # session, user, permissions (2), people, situations, access needs, workshops, stands;
    # the current edition is remembered by the worker from the first visit
    # (events.cache.remembered)
    with django_assert_num_queries(9):
        response = client.get(DASHBOARD_URL)

    assert (
        response.context["figures"].registrations.registered
        == Participant.objects.filter(~Q(state=ParticipantState.CANCELLED)).count()
    )
