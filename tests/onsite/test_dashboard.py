"""The staff's dashboard: its figures equal counts made directly in the database, in a
fixed number of queries; the situation breakdown shows only with the permission."""

import csv
import io
import itertools
import re

import openpyxl
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

from ..factories import (
    OrganisationFactory,
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    UserFactory,
    WorkshopFactory,
    at,
)

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

    assert [row.target for row in rows] == workshops
    for row in rows:
        bookings = Booking.objects.filter(workshop=row.target)
        confirmed = bookings.filter(state=BookingState.CONFIRMED)
        present = confirmed.filter(attended_at__isnull=False).count()
        assert row.taken == confirmed.count() == row.target.seats_taken
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
    cells = re.findall(r'<td class="text-end"[^>]*>(.*?)</td>', row)
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
    assert anonymous["Location"].startswith(reverse("login"))


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

    # session, user, permissions (2), people, situations, access needs, workshops, the
    # conference, stand activities, interview sessions, stands, arrivals per half hour; the
    # current edition is remembered by the worker from the first visit (events.cache.remembered)
    with django_assert_num_queries(13):
        response = client.get(DASHBOARD_URL)

    assert (
        response.context["figures"].registrations.registered
        == Participant.objects.filter(~Q(state=ParticipantState.CANCELLED)).count()
    )


# --- The conference, the stand activities, arrivals per half hour ----------------------------


def test_conference_and_activity_figures_equal_database_counts(event, register):
    conference = TimetableItemFactory(event=event, capacity=2, title="Table ronde Impact Tank")
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="Michelin"))
    morning, afternoon = (
        StandActivityFactory(
            stand=stand,
            title="Casque de réalité virtuelle",
            capacity=1,
            starts_at=at(event, hour),
            ends_at=at(event, hour, 30),
        )
        for hour in (10, 15)
    )
    StandActivityFactory(stand=stand, title="Dépôt de CV", capacity=None)  # open to all
    people = [register(conference, morning) for _ in range(3)]
    Booking.objects.filter(participant=people[0], timetable_item=conference).update(
        attended_at=at(event, 17, 5)
    )

    figures = day_figures(event=event, with_situation=False, now=at(event, 23))

    assert [row.target for row in figures.conference] == [conference]
    assert [row.target for row in figures.activities] == [morning, afternoon]
    for row in [*figures.conference, *figures.activities]:
        bookings = Booking.objects.filter(**{row.kind: row.target})
        confirmed = bookings.filter(state=BookingState.CONFIRMED)
        assert row.taken == confirmed.count() == row.target.seats_taken
        assert row.waiting == bookings.filter(state=BookingState.WAITING).count()
        assert row.present == confirmed.filter(attended_at__isnull=False).count()
    talk = figures.conference[0]
    assert (talk.capacity, talk.taken, talk.waiting, talk.present, talk.fill_rate) == (
        2,
        2,
        1,
        1,
        100,
    )
    assert talk.no_shows == 1
    assert figures.activities[0].label == "Casque de réalité virtuelle (Michelin)"
    assert (figures.activities[0].taken, figures.activities[0].waiting) == (1, 2)
    assert (figures.activities[1].taken, figures.activities[1].fill_rate) == (0, 0)


def test_arrivals_are_counted_per_half_hour_of_the_day(event, register):
    times = [(9, 5), (9, 29), (9, 30), (10, 59), (10, 59)]
    people = [register() for _ in [*times, "not arrived", "cancelled"]]
    for participant, (hour, minute) in zip(people, times, strict=False):
        Participant.objects.filter(pk=participant.pk).update(checked_in_at=at(event, hour, minute))
    services.participant_cancel(participant=people[-1])
    Participant.objects.filter(pk=people[-1].pk).update(checked_in_at=at(event, 9, 10))

    slots = day_figures(event=event, with_situation=False).arrivals

    by_label = {slot.label: slot.arrivals for slot in slots}
    assert by_label["9h00–9h30"] == 2  # the cancelled person is not counted
    assert by_label["9h30–10h00"] == 1
    assert by_label["10h00–10h30"] == 0
    assert by_label["10h30–11h00"] == 2
    # Every half hour from the opening (9h00) to the last arrival's, in order.
    assert [slot.label for slot in slots] == [
        "9h00–9h30",
        "9h30–10h00",
        "10h00–10h30",
        "10h30–11h00",
    ]
    assert sum(slot.arrivals for slot in slots) == (
        Participant.objects.filter(
            state=ParticipantState.REGISTERED, checked_in_at__isnull=False
        ).count()
    )


def test_dashboard_shows_the_conference_activities_and_arrivals(event, register, role_user):
    conference = TimetableItemFactory(event=event, capacity=50, title="Table ronde Impact Tank")
    activity = StandActivityFactory(
        stand=StandFactory(event=event),
        title="Jeu de rôle",
        capacity=4,
        starts_at=at(event, 10),
        ends_at=at(event, 10, 30),
    )
    person = register(conference, activity)
    Participant.objects.filter(pk=person.pk).update(checked_in_at=at(event, 9, 45))
    client = _staff_client(role_user, "Administration")

    page = client.get(DASHBOARD_URL).content.decode()

    row = re.search(rf'<tr data-conference="{conference.pk}">(.*?)</tr>', page, re.S).group(1)
    assert "Table ronde Impact Tank" in row
    assert re.findall(r'<td class="text-end"[^>]*>(.*?)</td>', row)[:4] == ["50", "1", "2 %", "0"]
    row = re.search(rf'<tr data-activity="{activity.pk}">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r'<td class="text-end"[^>]*>(.*?)</td>', row)[:3] == ["4", "1", "25 %"]
    assert "<title>Arrivées par demi-heure</title>" in page
    arrivals = re.search(r'<table[^>]*id="table-arrivals".*?</table>', page, re.S).group(0)
    slot = '<th scope="row"><span class="text-nowrap">9h30–10h00</span></th>'
    assert f'{slot}<td class="text-end">1</td>' in arrivals
    # Each figure of a stacked row carries its column's name (shown on phones).
    assert 'data-label="Remplissage"' in page
    assert 'href="/accueil/tableau-de-bord/export.csv"' in page
    assert 'href="/accueil/tableau-de-bord/export.xlsx"' in page


# --- Exports -------------------------------------------------------------------------------


EXPORT_CSV = reverse("onsite:dashboard_export", args=["csv"])
EXPORT_XLSX = reverse("onsite:dashboard_export", args=["xlsx"])


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_dashboard_csv_export_has_the_pages_figures(event, day, role_user):
    workshops, stands = day(12)
    client = _staff_client(role_user, "Administration")
    figures = client.get(DASHBOARD_URL).context["figures"]

    response = client.get(EXPORT_CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tableau-de-bord-')
    rows = _csv_rows(response)
    assert rows[0] == ["Tableau", "Ligne", "Colonne", "Valeur"]
    cells = {(table, line, column): value for table, line, column, value in rows[1:]}
    assert cells[("Inscriptions et arrivées", "Inscrit·es", "Nombre")] == str(
        figures.registrations.registered
    )
    small = figures.workshops[0]
    assert cells[("Ateliers", "Réussir son entretien", "Places")] == "2"
    assert cells[("Ateliers", "Réussir son entretien", "Prises")] == "2"
    assert cells[("Ateliers", "Réussir son entretien", "En attente")] == str(small.waiting)
    assert cells[("Ateliers", "Numérique", "Places")] == "sans limite"
    assert cells[("Contacts aux stands", str(stands[0].number), "Contacts")] == str(
        figures.stands[0].contacts
    )
    situations = [key for key in cells if key[0] == "Par situation"]
    assert len(situations) == 2 * len(SITUATIONS)
    assert any(key[0] == "Besoins d’accessibilité" for key in cells)


def test_dashboard_xlsx_export_has_a_sheet_per_table_with_numbers(event, day, role_user):
    workshops, _stands = day(6)
    client = _staff_client(role_user, "Administration")

    response = client.get(EXPORT_XLSX)

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Inscriptions et arrivées",
        "Par situation",
        "Besoins d’accessibilité",
        "Ateliers",
        "Conférence",
        "Activités sur les stands",
        "Entretiens de recrutement",
        "Contacts aux stands",
        "Arrivées par demi-heure",
    ]
    sheet = book["Ateliers"]
    header = [cell.value for cell in sheet[1]]
    assert header[:5] == ["Atelier", "Début", "Fin", "Places", "Prises"]
    first = [cell.value for cell in sheet[2]]
    assert first[0] == "Réussir son entretien"
    assert first[3:6] == [2, 2, 100]  # numbers, not text
    assert (
        book["Inscriptions et arrivées"]["B2"].value
        == Participant.objects.filter(state=ParticipantState.REGISTERED).count()
    )


def test_dashboard_exports_make_formulas_harmless(event, register, role_user):
    WorkshopFactory(event=event, title='=HYPERLINK("http://x","CV")', capacity=3)
    StandFactory(event=event, organisation=OrganisationFactory(name="+33 Emploi"))
    client = _staff_client(role_user, "Administration")

    rows = _csv_rows(client.get(EXPORT_CSV))
    book = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT_XLSX).content))

    lines = {line for _table, line, _column, _value in rows}
    assert '\'=HYPERLINK("http://x","CV")' in lines
    assert not any(line.startswith(("=", "+", "-", "@")) for line in lines)
    assert book["Ateliers"]["A2"].value == '\'=HYPERLINK("http://x","CV")'
    assert book["Contacts aux stands"]["B2"].value == "'+33 Emploi"


def test_dashboard_exports_follow_the_permissions(event, day, role_user):
    day(3)
    programme = _staff_client(role_user, "Programme")

    rows = _csv_rows(programme.get(EXPORT_CSV))
    refused = Client()
    refused.force_login(UserFactory(username="visiteur@example.org"))

    tables = {table for table, *_rest in rows[1:]}
    assert "Ateliers" in tables
    assert "Par situation" not in tables
    assert "Besoins d’accessibilité" not in tables
    assert refused.get(EXPORT_CSV).status_code == 403
    assert programme.get("/accueil/tableau-de-bord/export.pdf").status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_dashboard_export_query_count_does_not_grow_with_the_data(
    size, event, day, role_user, django_assert_max_num_queries
):
    day(size)
    client = _staff_client(role_user, "Administration")
    client.get(DASHBOARD_URL)  # the session and permission caches, as on a real visit

    # session, user, permissions (2), the dashboard's nine
    with django_assert_max_num_queries(13):
        response = client.get(EXPORT_XLSX)

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book["Ateliers"].max_row == 1 + 3
