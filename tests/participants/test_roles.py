"""The role matrix: what reception, programme and administration staff, and exhibitors, may
open; and the admin's exports of attendance and stand contacts, with the situation only for
those allowed to see it."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from onsite import services as onsite
from onsite.models import StandContact
from participants import services
from participants.enums import Situation

from ..factories import (
    OrganisationFactory,
    OrganisationMemberFactory,
    StandFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

DASHBOARD_URL = reverse("onsite:dashboard")
PARTICIPANTS_URL = reverse("admin:participants_participant_changelist")
PARTICIPANT_EXPORT_URL = reverse("admin:participants_participant_export")
BOOKING_EXPORT_URL = reverse("admin:participants_booking_export")
CONTACT_EXPORT_URL = reverse("admin:onsite_standcontact_export")
CONTACTS_URL = reverse("admin:onsite_standcontact_changelist")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _export(client, url: str) -> list[list[str]]:
    """Submit an admin export form as a person would: every column ticked, CSV."""
    form = client.get(url).context["form"]
    data = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    data["resource"] = "0"
    data["format"] = next(value for value, label in form.fields["format"].choices if label == "csv")
    response = client.post(url, data)
    assert response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def attended(event, person):
    """Amina (RSA) came to her workshop, Louis did not: both through the services."""
    workshop = WorkshopFactory(event=event, title="Réussir son entretien")
    amina, louis = (
        services.registration_create(
            event=event,
            person=person(first_name=first, last_name=last, situation=Situation.RSA_BENEFICIARY),
            targets=[workshop],
        ).participant
        for first, last in [("Amina", "Benali"), ("Louis", "Perrin")]
    )
    onsite.booking_attendance_mark(workshop=workshop, ticket_code=amina.ticket_code)
    return workshop


# --- The groups ---------------------------------------------------------------------------


def test_groups_exist_with_their_permissions():
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    reception = codenames("Accueil")
    programme = codenames("Programme")
    administration = codenames("Administration")

    assert reception == {"check_in"}
    assert {"change_workshop", "change_event", "view_dashboard"} <= programme
    assert not {"view_participant", "view_situation", "view_booking"} & programme
    assert {
        "view_participant",
        "view_situation",
        "view_booking",
        "view_standcontact",
        "view_dashboard",
        "check_in",
    } <= administration


# --- Reception ----------------------------------------------------------------------------


def test_reception_cannot_open_the_admin_exports_or_dashboard(event, role_user):
    client = _client(role_user("Accueil", is_staff=False))

    admin_home = client.get(reverse("admin:index"))
    export = client.get(PARTICIPANT_EXPORT_URL)
    contacts = client.get(CONTACT_EXPORT_URL)
    dashboard = client.get(DASHBOARD_URL)

    assert admin_home.status_code == 302
    assert admin_home["Location"].startswith(reverse("admin:login"))
    assert export.status_code == 302
    assert export["Location"].startswith(reverse("admin:login"))
    assert contacts["Location"].startswith(reverse("admin:login"))
    assert dashboard.status_code == 403


# --- Programme ----------------------------------------------------------------------------


def test_programme_edits_workshops_but_sees_no_participants(event, role_user):
    workshop = WorkshopFactory(event=event, title="Atelier CV")
    client = _client(role_user("Programme"))

    change = client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))
    participants = client.get(PARTICIPANTS_URL)
    export = client.get(PARTICIPANT_EXPORT_URL)
    contacts = client.get(CONTACTS_URL)
    dashboard = client.get(DASHBOARD_URL)

    assert change.status_code == 200
    assert "Atelier CV" in change.content.decode()
    assert participants.status_code == 403
    assert export.status_code == 403
    assert contacts.status_code == 403
    assert dashboard.status_code == 200
    assert dashboard.context["figures"].situations is None


# --- Administration -----------------------------------------------------------------------


def test_administration_sees_participants_with_situation(event, register, role_user):
    register(first_name="Amina", situation=Situation.RSA_BENEFICIARY)
    client = _client(role_user("Administration"))

    page = client.get(PARTICIPANTS_URL).content.decode()
    header, row = _export(client, PARTICIPANT_EXPORT_URL)

    assert str(Situation.RSA_BENEFICIARY.label) in page
    assert header[5] == "situation"
    assert row[5] == str(Situation.RSA_BENEFICIARY.label)


def test_attendance_export_with_situation(attended, role_user):
    client = _client(role_user("Administration"))

    rows = _export(client, BOOKING_EXPORT_URL)

    assert rows[0][:7] == ["prénom", "nom", "situation", "type", "pour", "état", "présent·e"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Amina"][1:7] == [
        "Benali",
        str(Situation.RSA_BENEFICIARY.label),
        "Atelier",
        "Réussir son entretien",
        "Place confirmée",
        "oui",
    ]
    assert by_name["Louis"][6] == "non"
    assert by_name["Louis"][7] == ""


def test_attendance_export_without_situation(attended, db):
    from django.contrib.auth.models import Permission

    from ..factories import UserFactory

    user = UserFactory(username="gestion@cucm.example.org", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_booking"))
    client = _client(user)

    rows = _export(client, BOOKING_EXPORT_URL)

    assert rows[0][:6] == ["prénom", "nom", "type", "pour", "état", "présent·e"]
    assert "situation" not in rows[0]
    assert str(Situation.RSA_BENEFICIARY.label) not in {cell for row in rows for cell in row}


def test_stand_contacts_export(event, person, role_user):
    stand = StandFactory(
        event=event, organisation=OrganisationFactory(name="Forges du Creusot"), number=7
    )
    amina = services.registration_create(
        event=event,
        person=person(first_name="Amina", last_name="Benali", phone="06 12 34 56 78"),
        targets=[],
        accepts_stand_contacts=True,
    ).participant
    onsite.stand_contact_record(stand=stand, ticket_code=amina.ticket_code, note="Soudure")
    client = _client(role_user("Administration"))

    header, row = _export(client, CONTACT_EXPORT_URL)

    assert header == [
        "stand",
        "organisation",
        "prénom",
        "nom",
        "courriel",
        "téléphone",
        "rencontré·e le",
        "note",
    ]
    assert row[:6] == ["7", "Forges du Creusot", "Amina", "Benali", amina.email, amina.phone]
    assert row[7] == "Soudure"


# --- Exhibitors ---------------------------------------------------------------------------


def test_exhibitor_cannot_record_a_visitor_who_refused(event, person):
    stand = StandFactory(event=event)
    member = OrganisationMemberFactory(organisation=stand.organisation)
    refusing = services.registration_create(
        event=event, person=person(first_name="Lina"), targets=[], accepts_stand_contacts=False
    ).participant

    response = _client(member.user).post(
        reverse("onsite:contacts"), {"ticket_code": refusing.ticket_code}
    )

    assert StandContact.objects.count() == 0
    assert "Lina n’a pas accepté" in response.content.decode()


def test_exhibitor_cannot_see_another_organisations_contacts(event, person):
    forges = StandFactory(event=event, organisation=OrganisationFactory(name="Forges"))
    admr = StandFactory(event=event, organisation=OrganisationFactory(name="ADMR"))
    member = OrganisationMemberFactory(organisation=forges.organisation)
    karim = services.registration_create(
        event=event,
        person=person(first_name="Karim", last_name="Haddad"),
        targets=[],
        accepts_stand_contacts=True,
    ).participant
    onsite.stand_contact_record(stand=admr, ticket_code=karim.ticket_code)
    client = _client(member.user)

    page = client.get(reverse("onsite:contacts")).content.decode()
    export = client.get(reverse("onsite:contacts_export")).content.decode("utf-8-sig")
    admin = client.get(CONTACTS_URL)

    assert "Haddad" not in page
    assert "Haddad" not in export
    assert admin.status_code == 302  # not staff: the admin's login page
