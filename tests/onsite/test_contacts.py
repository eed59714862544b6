"""Exhibitors record and export the contacts they meet at their stand, and only theirs."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from onsite import services as onsite
from onsite.models import StandContact
from participants import services

from ..factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    ParticipantFactory,
    StandFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("onsite:contacts")
EXPORT_URL = reverse("onsite:contacts_export")


@pytest.fixture
def forges(event):
    """An exhibiting organisation at the current edition and its portal account."""
    organisation = OrganisationFactory(name="Forges du Creusot")
    stand = StandFactory(event=event, organisation=organisation, number=12)
    member = OrganisationMemberFactory(organisation=organisation)
    client = Client()
    client.force_login(member.user)
    return stand, client


@pytest.fixture
def admr_stand(event):
    return StandFactory(event=event, organisation=OrganisationFactory(name="ADMR"), number=3)


@pytest.fixture
def visit(event, person):
    """Registers a person through the service, agreeing (or not) to stand contacts."""

    def make(*, consent: bool = True, event=event, **details):
        return services.registration_create(
            event=event, person=person(**details), targets=[], accepts_stand_contacts=consent
        ).participant

    return make


def _record(client, code: str, note: str = ""):
    return client.post(LIST_URL, {"ticket_code": code, "note": note}, follow=True)


def test_member_records_a_contact_by_typed_code(forges, visit):
    stand, client = forges
    visitor = visit(first_name="Amina", last_name="Benali")

    response = _record(client, visitor.ticket_code.lower(), note="Soudure, rappeler lundi")

    contact = StandContact.objects.get()
    assert (contact.stand, contact.participant, contact.note) == (
        stand,
        visitor,
        "Soudure, rappeler lundi",
    )
    assert contact.recorded_by == response.wsgi_request.user
    page = response.content.decode()
    assert "Contact de Amina Benali noté." in page
    assert visitor.email in page
    assert "Soudure, rappeler lundi" in page


def test_second_scan_says_the_contact_was_already_noted(forges, visit):
    _stand, client = forges
    visitor = visit()
    _record(client, visitor.ticket_code)

    response = _record(client, visitor.ticket_code)

    assert StandContact.objects.count() == 1
    assert "Vous aviez déjà noté" in response.content.decode()


def test_visitor_who_refused_is_not_recorded(forges, visit):
    _stand, client = forges
    visitor = visit(first_name="Lina", consent=False)

    response = _record(client, visitor.ticket_code)

    assert StandContact.objects.count() == 0
    assert "Lina n’a pas accepté que les exposants gardent son contact" in (
        response.content.decode()
    )


def test_unknown_code_is_reported(forges):
    _stand, client = forges

    response = _record(client, "ABCDEFGHJK")

    assert StandContact.objects.count() == 0
    assert "Aucun billet ne porte le code « ABCDEFGHJK »" in response.content.decode()


def test_member_cannot_record_at_another_organisations_stand(forges, admr_stand, visit):
    _stand, client = forges
    visitor = visit()

    response = client.post(
        LIST_URL, {"ticket_code": visitor.ticket_code, "stand": admr_stand.pk}, follow=True
    )

    assert StandContact.objects.filter(stand=admr_stand).count() == 0
    assert response.status_code == 200


def test_list_and_export_show_only_the_members_contacts(forges, admr_stand, visit):
    stand, client = forges
    mine = visit(first_name="Amina", last_name="Benali", phone="06 12 34 56 78")
    theirs = visit(first_name="Karim", last_name="Haddad")
    onsite.stand_contact_record(stand=stand, ticket_code=mine.ticket_code, note="=HYPERLINK()")
    onsite.stand_contact_record(stand=admr_stand, ticket_code=theirs.ticket_code)

    page = client.get(LIST_URL).content.decode()
    export = client.get(EXPORT_URL)

    assert "Benali" in page
    assert "Haddad" not in page
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in export["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "stand",
        "organisation",
        "prénom",
        "nom",
        "courriel",
        "téléphone",
        "rencontré·e le",
        "note",
    ]
    assert len(rows) == 2
    assert rows[1][:6] == ["12", "Forges du Creusot", "Amina", "Benali", mine.email, mine.phone]
    assert rows[1][7] == "'=HYPERLINK()"  # no formula runs in a spreadsheet


def test_last_editions_contacts_are_not_listed(forges, visit):
    stand, client = forges
    past = EventFactory(slug="edition-passee", date=stand.event.date.replace(year=2020))
    old_stand = StandFactory(event=past, organisation=stand.organisation, number=12)
    visitor = ParticipantFactory(event=past, first_name="Ancien", accepts_stand_contacts=True)
    StandContact.objects.create(stand=old_stand, participant=visitor)

    page = client.get(LIST_URL).content.decode()

    assert "Ancien" not in page


def test_contacts_need_a_member_account(event):
    stranger = Client()
    stranger.force_login(UserFactory(username="curieux@example.org"))

    anonymous = Client().get(LIST_URL)
    refused = stranger.get(LIST_URL)
    refused_export = stranger.get(EXPORT_URL)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    assert refused.status_code == 403
    assert refused_export.status_code == 403


def test_portal_home_links_to_the_contacts(forges):
    _stand, client = forges

    page = client.get(reverse("portal:home")).content.decode()

    assert f'href="{LIST_URL}"' in page


def test_member_of_two_organisations_chooses_only_among_their_stands(
    forges, admr_stand, event, visit
):
    stand, client = forges
    second = StandFactory(event=event, organisation=OrganisationFactory(name="PLIE"), number=20)
    OrganisationMemberFactory(
        organisation=second.organisation, user=client.get(LIST_URL).wsgi_request.user
    )
    visitor = visit()

    refused = client.post(LIST_URL, {"ticket_code": visitor.ticket_code, "stand": admr_stand.pk})
    accepted = client.post(LIST_URL, {"ticket_code": visitor.ticket_code, "stand": second.pk})

    assert refused.status_code == 200
    assert "Sélectionnez un choix valide" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(StandContact.objects.values_list("stand", flat=True)) == [second.pk]
