"""No export runs a formula in a spreadsheet: every export, CSV and XLSX, quotes each text
cell that starts like one (= + - @, a tab, a carriage return, or = after blanks).

The text comes straight from the database (the forms may trim it; an export must not count
on that): the person's name and details, the workshop's title, the organisation's name and
the exhibitor's note all start with the dangerous character.
"""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from exhibitors.models import Organisation
from innov_insertion.exports import spreadsheet_text
from onsite import services as onsite
from onsite.models import StandContact
from participants import services
from participants.models import Participant
from workshops.models import Workshop

from .factories import (
    OrganisationFactory,
    OrganisationMemberFactory,
    StandFactory,
    UserFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

# Each way a cell can start a formula, by the name the test ids show.
STARTS = {
    "equals": "=",
    "plus": "+",
    "minus": "-",
    "at": "@",
    "tab": "\t",
    "carriage-return": "\r",
    "space-equals": " =",
    "tab-equals": "\t=",
}
TYPED_FIELDS = ("first_name", "last_name", "town", "referrer_name", "referrer_organisation")

# The admin's exports: (URL, whether the staff member may see the situation).
ADMIN_EXPORTS = {
    "participants": ("admin:participants_participant_export", False),
    "participants-with-situation": ("admin:participants_participant_export", True),
    "attendance": ("admin:participants_booking_export", False),
    "attendance-with-situation": ("admin:participants_booking_export", True),
    "stand-contacts": ("admin:onsite_standcontact_export", False),
}
SITUATION_HEADER = "situation"


def hostile(start: str) -> str:
    return f"{start}1+2"


def opens_as_formula(cell) -> bool:
    """What a spreadsheet could read as a formula (a quoted cell never is)."""
    if not isinstance(cell, str):
        return False
    return cell.startswith(("=", "+", "-", "@", "\t", "\r")) or cell.lstrip().startswith(
        ("=", "+", "-", "@")
    )


@pytest.fixture
def hostile_day(event, person):
    """A person registered for a workshop, met at a stand, every typed text ``start``-ing
    with a formula; returns the make function."""

    def make(start: str) -> Participant:
        text = hostile(start)
        workshop = WorkshopFactory(event=event, title="Atelier")
        organisation = OrganisationFactory(name="Forges")
        stand = StandFactory(event=event, organisation=organisation, number=7)
        participant = services.registration_create(
            event=event, person=person(), targets=[workshop], accepts_stand_contacts=True
        ).participant
        onsite.stand_contact_record(stand=stand, ticket_code=participant.ticket_code)
        # Straight into the database, past any trimming a form does.
        Participant.objects.filter(pk=participant.pk).update(
            **dict.fromkeys(TYPED_FIELDS, text),
            phone=text,
            email=f"{start}x@example.org",
            access_needs_other=text,
        )
        Workshop.objects.filter(pk=workshop.pk).update(title=text)
        Organisation.objects.filter(pk=organisation.pk).update(name=text)
        StandContact.objects.filter(stand=stand).update(note=text)
        return stand

    return make


def _staff_client(*, situation: bool) -> Client:
    codenames = ["view_participant", "view_booking", "view_standcontact"]
    if situation:
        codenames.append("view_situation")
    user = UserFactory(username=f"gestion-{situation}@cucm.example.org", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


def _admin_export(client, url: str, title: str):
    """Submit an admin export form as a person would: every column ticked, format ``title``."""
    form = client.get(url).context["form"]
    data = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    data["resource"] = "0"
    data["format"] = next(value for value, label in form.fields["format"].choices if label == title)
    response = client.post(url, data)
    assert response.status_code == 200
    return response


def _csv_rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _xlsx_rows(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", f"{cell.coordinate} is a formula"
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def _assert_quoted(rows: list[list], start: str) -> None:
    """Each cell that holds the hostile text holds it quoted, and no cell runs."""
    header, *body = rows
    cells = [cell for row in body for cell in row]
    quoted = spreadsheet_text(hostile(start))
    # XLSX keeps a carriage return as a line break: compare what a person would read.
    readable = {quoted, quoted.replace("\r", "\n")}
    assert body, "the export has rows"
    assert any(cell in readable for cell in cells), cells
    assert quoted.startswith("'")
    assert [cell for cell in cells if opens_as_formula(cell)] == []


# --- The rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
def test_spreadsheet_text_quotes_each_formula_start(start):
    assert spreadsheet_text(hostile(start)) == "'" + hostile(start)


@pytest.mark.parametrize(
    "text", ["Amina", "06 12 34 56 78", "Le Creusot", "", "a-b", "a=b", "Jean-Marc"]
)
def test_spreadsheet_text_leaves_plain_text_alone(text):
    assert spreadsheet_text(text) == text


def test_phone_numbers_with_a_plus_are_quoted():
    assert spreadsheet_text("+33 6 12 34 56 78") == "'+33 6 12 34 56 78"


# --- Every export, every start, CSV and XLSX ----------------------------------------------


@pytest.mark.parametrize("title", ["csv", "xlsx"])
@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
@pytest.mark.parametrize("export", ADMIN_EXPORTS.keys())
def test_admin_export_quotes_formulas(hostile_day, export, start, title):
    url_name, situation = ADMIN_EXPORTS[export]
    hostile_day(start)
    client = _staff_client(situation=situation)

    response = _admin_export(client, reverse(url_name), title)

    rows = _csv_rows(response.content) if title == "csv" else _xlsx_rows(response.content)
    assert (SITUATION_HEADER in rows[0]) is situation
    _assert_quoted(rows, start)


@pytest.mark.parametrize("start", STARTS.values(), ids=STARTS.keys())
def test_exhibitor_contacts_csv_quotes_formulas(hostile_day, start):
    stand = hostile_day(start)
    member = OrganisationMemberFactory(organisation=stand.organisation)
    client = Client()
    client.force_login(member.user)

    response = client.get(reverse("onsite:contacts_export"))

    assert response.status_code == 200
    _assert_quoted(_csv_rows(response.content), start)
