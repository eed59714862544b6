"""The dashboard's recruitment interviews (#15): per exhibitor and in all, the page's cells
and the exports' equal a known day, in a number of queries that does not grow with it."""

import csv
import io
import re

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants.enums import BookingState, InterviewOutcome
from participants.models import Booking
from recruitment import services as recruitment

from ..factories import OrganisationFactory, StandFactory
from ..recruitment.builders import session_make

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("onsite:dashboard")
EXPORT_CSV = reverse("onsite:dashboard_export", args=["csv"])
EXPORT_XLSX = reverse("onsite:dashboard_export", args=["xlsx"])
# The page says sessions and slots under each name; the exports have a column for each.
EXPORT_COLUMNS = ["Sessions", "Créneaux"]
COLUMNS = [
    "Places",
    "Réservées",
    "Remplissage",
    "En attente",
    "Venu·es",
    "Absent·es",
    "Second entretien",
    "Recruté·es",
    "Non retenu·es",
]
# The known day below, as the page shows it.
FORGES = ["5", "3", "60 %", "1", "2", "1", "1", "1", "0"]
ADMR = ["1", "1", "100 %", "1", "1", "0", "0", "0", "1"]
TOTAL = ["6", "4", "67 %", "2", "3", "1", "1", "1", "1"]
META = {  # sessions and slots, under the name
    "Forges du Creusot": ("2", "3"),
    "ADMR": ("1", "1"),
    "Total": ("3", "4"),
}


def _note(booking: Booking, **fields) -> None:
    """What the recruiter notes on the day (the recruiter's day writes it; here set as is)."""
    Booking.objects.filter(pk=booking.pk).update(**fields)


def _booking(participant) -> Booking:
    return participant.bookings.get()


@pytest.fixture
def interviews(event, register):
    """Two exhibitors' interviews, booked, attended and noted; a third exhibitor without any.

    Forges du Creusot: a session of three 20-minute slots with two recruiters (one slot
    cancelled: 2 slots, 4 places), another of one slot with one recruiter (1 place), a draft
    not counted; 3 booked, 1 waiting; one came and was hired, one came and has a second
    interview, one was noted absent. ADMR: one slot, one place, booked by someone who came
    and was not retained, and someone waiting."""
    forges = StandFactory(
        event=event, number=1, organisation=OrganisationFactory(name="Forges du Creusot")
    )
    admr = StandFactory(event=event, number=2, organisation=OrganisationFactory(name="ADMR"))
    StandFactory(event=event, number=3, organisation=OrganisationFactory(name="Sans entretien"))
    morning = session_make(event, stand=forges, start=(14, 0), end=(15, 0), recruiters=2)
    first, second, third = morning.slots.order_by("starts_at")
    recruitment.interview_slot_cancel(slot=third)
    session_make(event, stand=forges, start=(16, 0), end=(16, 30), minutes=30)
    session_make(event, stand=forges, start=(11, 0), end=(12, 0), is_published=False)
    admr_slot = session_make(event, stand=admr, start=(10, 0), end=(10, 30), minutes=30)
    admr_slot = admr_slot.slots.get()

    now = timezone.now()
    hired, absent, waiting = register(first), register(first), register(first)
    later = register(second)
    not_retained, admr_waiting = register(admr_slot), register(admr_slot)
    assert _booking(waiting).state == BookingState.WAITING
    assert _booking(admr_waiting).state == BookingState.WAITING
    _note(_booking(hired), attended_at=now, outcome=InterviewOutcome.HIRED, outcome_noted_at=now)
    _note(_booking(absent), noted_absent_at=now)
    _note(
        _booking(later),
        attended_at=now,
        outcome=InterviewOutcome.SECOND_INTERVIEW,
        outcome_noted_at=now,
    )
    _note(
        _booking(not_retained),
        attended_at=now,
        outcome=InterviewOutcome.NOT_RETAINED,
        outcome_noted_at=now,
    )
    return forges, admr


def _staff_client(role_user) -> Client:
    client = Client()
    client.force_login(role_user("Administration"))
    return client


def _row(page: str, row_attribute: str) -> str:
    return re.search(rf"<tr {row_attribute}>(.*?)</tr>", page, re.S).group(1)


def _cells(page: str, row_attribute: str) -> list[str]:
    row = _row(page, row_attribute)
    return [cell.strip() for cell in re.findall(r'<td class="text-end"[^>]*>(.*?)</td>', row)]


def _meta(page: str, row_attribute: str) -> str:
    meta = re.search(r"data-interviews-meta>(.*?)</span></th>", _row(page, row_attribute))
    return re.sub(r"<[^>]+>", "", meta.group(1))


def test_dashboard_shows_each_exhibitors_interviews_and_their_totals(event, interviews, role_user):
    forges, admr = interviews
    client = _staff_client(role_user)

    page = client.get(DASHBOARD_URL).content.decode()

    section = page.split('id="interviews-title"', 1)[1].split("</section>", 1)[0]
    assert ">Entretiens de recrutement</h2>" in section
    assert "Sans entretien" not in section
    assert section.index("ADMR") < section.index("Forges du Creusot")  # by name
    assert _cells(section, f'data-interviews="{forges.pk}"') == FORGES
    assert _cells(section, f'data-interviews="{admr.pk}"') == ADMR
    assert _cells(section, "data-interviews-total") == TOTAL
    assert _meta(section, f'data-interviews="{forges.pk}"') == "stand 1 · 2 sessions, 3 créneaux"
    assert _meta(section, f'data-interviews="{admr.pk}"') == "stand 2 · 1 session, 1 créneau"
    assert _meta(section, "data-interviews-total") == "3 sessions, 4 créneaux"
    labels = re.findall(r'data-label="([^"]+)"', section.split("data-interviews-total")[1])
    assert labels == COLUMNS  # each figure named on a phone's card
    assert "<title>Remplissage des entretiens de recrutement</title>" in section
    assert "60 % — Forges du Creusot" in section


def test_dashboard_without_interview_sessions_says_so(event, role_user):
    client = _staff_client(role_user)

    page = client.get(DASHBOARD_URL).content.decode()

    section = page.split('id="interviews-title"', 1)[1].split("</section>", 1)[0]
    assert "Aucune session de recrutement publiée pour cette édition." in section
    assert "data-interviews-total" not in section


def test_dashboard_csv_export_has_the_interviews_figures(event, interviews, role_user):
    client = _staff_client(role_user)

    response = client.get(EXPORT_CSV)

    text = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    cells = {
        (line, column): value
        for table, line, column, value in rows[1:]
        if table == "Entretiens de recrutement"
    }
    expected = {"Forges du Creusot": FORGES, "ADMR": ADMR, "Total": TOTAL}
    for line, figures in expected.items():
        figures = [*META[line], *figures]
        for column, value in zip(EXPORT_COLUMNS + COLUMNS, figures, strict=True):
            column = "Remplissage (%)" if column == "Remplissage" else column
            assert cells[(line, column)] == value.removesuffix(" %"), (line, column)
    assert len(cells) == 3 * len(EXPORT_COLUMNS + COLUMNS)


def test_dashboard_xlsx_export_has_an_interviews_sheet_with_numbers(event, interviews, role_user):
    client = _staff_client(role_user)

    book = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT_XLSX).content))

    sheet = book["Entretiens de recrutement"]
    assert [cell.value for cell in sheet[1]] == [
        "Exposant",
        *EXPORT_COLUMNS,
        *(column if column != "Remplissage" else "Remplissage (%)" for column in COLUMNS),
    ]
    assert [cell.value for cell in sheet[2]] == ["ADMR", 1, 1, 1, 1, 100, 1, 1, 0, 0, 0, 1]
    assert [cell.value for cell in sheet[4]] == ["Total", 3, 4, 6, 4, 67, 2, 3, 1, 1, 1, 1]


def test_dashboard_interviews_export_makes_formulas_harmless(event, role_user):
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="=1+1 Emploi"))
    session_make(event, stand=stand)
    client = _staff_client(role_user)

    book = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT_XLSX).content))
    text = client.get(EXPORT_CSV).content.decode("utf-8")

    assert book["Entretiens de recrutement"]["A2"].value == "'=1+1 Emploi"
    assert "\n=1+1" not in text
    assert "'=1+1 Emploi" in text


def _day(event, register, size: int) -> None:
    """``size`` exhibitors, each with a session of two slots, one booked and noted."""
    now = timezone.now()
    for n in range(size):
        stand = StandFactory(event=event, organisation=OrganisationFactory(name=f"Employeur {n}"))
        slot = session_make(event, stand=stand, start=(14, 0), end=(14, 40)).slots.first()
        _note(_booking(register(slot)), attended_at=now, outcome=InterviewOutcome.HIRED)


@pytest.mark.parametrize("size", [1, 4])
def test_dashboard_interviews_cost_one_query_whatever_the_data(
    size, event, register, role_user, django_assert_max_num_queries
):
    _day(event, register, size)
    client = _staff_client(role_user)
    client.get(DASHBOARD_URL)  # the session and permission caches, as on a real visit

    # session, user, permissions (2), the dashboard's nine (the interviews: one)
    with django_assert_max_num_queries(13):
        response = client.get(DASHBOARD_URL)
    with django_assert_max_num_queries(13):
        export = client.get(EXPORT_XLSX)

    assert len(response.context["figures"].interviews) == size
    assert response.context["figures"].interview_totals.hired == size
    sheet = openpyxl.load_workbook(io.BytesIO(export.content))["Entretiens de recrutement"]
    assert sheet.max_row == 1 + size + 1
