import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from participants.enums import BookingState, ParticipantState, Situation
from participants.models import Booking, Participant
from tests.factories import (
    ParticipantFactory,
    StandActivityFactory,
    TimetableItemFactory,
    WorkshopFactory,
    at,
)
from workshops.models import Workshop

PARTICIPANTS_URL = reverse("admin:participants_participant_changelist")
BOOKINGS_URL = reverse("admin:participants_booking_changelist")
EXPORT_URL = reverse("admin:participants_participant_export")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FailingEmailBackend(BaseEmailBackend):
    """A mail server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")


def _staff_client(*codenames: str) -> Client:
    user = get_user_model().objects.create_user(
        username="staff-" + "-".join(codenames), is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="participants", codename__in=codenames)
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client(db):
    """Staff who manage registrations but may not see the person's situation."""
    return _staff_client("view_participant", "change_participant")


@pytest.fixture
def situation_client(db):
    """Staff who manage registrations and may see the person's situation."""
    return _staff_client("view_participant", "change_participant", "view_situation")


def _post_action(client, url, action, objects, **data):
    return client.post(
        url,
        {"action": action, "_selected_action": [obj.pk for obj in objects], **data},
        follow=True,
    )


def _export(client, title: str):
    """Submit the export form as a person would: every column ticked, format ``title``."""
    form = client.get(EXPORT_URL).context["form"]
    data = {
        name: "on"
        for name, field in form.fields.items()
        if getattr(field, "is_selectable_field", False)
    }
    data["resource"] = "0"
    data["format"] = next(value for value, label in form.fields["format"].choices if label == title)
    return client.post(EXPORT_URL, data)


def _csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# --- Participant list ----------------------------------------------------------------------


@pytest.mark.django_db
def test_participant_changelist_shows_names_and_booking_counts(admin_client, event, register):
    morning = WorkshopFactory(event=event, capacity=1)
    afternoon = WorkshopFactory(event=event, starts_at=at(event, 14))
    register(morning, afternoon, first_name="Amina", last_name="Benali")
    register(morning, first_name="Louis", last_name="Perrin")

    response = admin_client.get(PARTICIPANTS_URL)

    assertContains(response, "Amina Benali")
    assertContains(response, "Louis Perrin")
    counts = {
        p.last_name: (p.confirmed_count, p.waiting_count)
        for p in response.context["cl"].result_list
    }
    assert counts == {"Benali": (2, 0), "Perrin": (0, 1)}
    assertContains(response, '<td class="field-confirmed_count">2</td>', html=True)
    assertContains(response, '<td class="field-waiting_count">1</td>', html=True)


@pytest.mark.django_db
def test_participant_changelist_shows_situation_with_permission(situation_client):
    ParticipantFactory(situation=Situation.RSA_BENEFICIARY)

    response = situation_client.get(PARTICIPANTS_URL)

    assertContains(response, '<td class="field-situation">Bénéficiaire du RSA</td>', html=True)
    assertContains(response, 'data-filter-title="situation"')


@pytest.mark.django_db
def test_participant_changelist_hides_situation_without_permission(staff_client):
    ParticipantFactory(first_name="Amina", situation=Situation.RSA_BENEFICIARY)

    response = staff_client.get(PARTICIPANTS_URL)

    assertContains(response, "Amina")
    assertNotContains(response, "Bénéficiaire du RSA")
    assertNotContains(response, "field-situation")
    assertNotContains(response, 'data-filter-title="situation"')


@pytest.mark.django_db
def test_participant_changelist_refuses_situation_lookup_without_permission(staff_client):
    ParticipantFactory(first_name="Amina", situation=Situation.RSA_BENEFICIARY)

    response = staff_client.get(PARTICIPANTS_URL, {"situation__exact": Situation.RSA_BENEFICIARY})

    assert response.status_code == 400
    assertNotContains(response, "Amina", status_code=400)


@pytest.mark.django_db
def test_participant_changelist_filters_by_workshop(admin_client, event, register):
    interview = WorkshopFactory(event=event, title="Réussir son entretien")
    cv = WorkshopFactory(event=event, title="Atelier CV", starts_at=at(event, 14))
    amina = register(interview)
    register(cv)

    response = admin_client.get(PARTICIPANTS_URL, {"atelier": interview.pk})

    assert list(response.context["cl"].result_list) == [amina]
    assertContains(response, 'data-filter-title="atelier"')


@pytest.mark.django_db
def test_participant_changelist_filters_registered_on_behalf(admin_client):
    advised = ParticipantFactory(referrer_name="Mme Dupont", referrer_organisation="PLIE")
    alone = ParticipantFactory()

    on_behalf = admin_client.get(PARTICIPANTS_URL, {"par_conseiller": "yes"})
    by_themselves = admin_client.get(PARTICIPANTS_URL, {"par_conseiller": "no"})

    assert list(on_behalf.context["cl"].result_list) == [advised]
    assertContains(on_behalf, '<td class="field-referrer">PLIE</td>', html=True)
    assert list(by_themselves.context["cl"].result_list) == [alone]


@pytest.mark.django_db
def test_participant_changelist_filters_people_waiting(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    waiting = register(workshop)

    response = admin_client.get(PARTICIPANTS_URL, {"reservations": "waiting"})

    assert list(response.context["cl"].result_list) == [waiting]


@pytest.mark.django_db
def test_participant_changelist_search_finds_by_ticket_code(admin_client):
    wanted = ParticipantFactory()
    ParticipantFactory()

    response = admin_client.get(PARTICIPANTS_URL, {"q": wanted.ticket_code})

    assert list(response.context["cl"].result_list) == [wanted]


# --- Participant form ----------------------------------------------------------------------


@pytest.mark.django_db
def test_participant_change_form_shows_situation_with_permission(situation_client):
    participant = ParticipantFactory(situation=Situation.RSA_BENEFICIARY)

    response = situation_client.get(
        reverse("admin:participants_participant_change", args=[participant.pk])
    )

    assertContains(response, '<option value="rsa" selected>Bénéficiaire du RSA</option>', html=True)


@pytest.mark.django_db
def test_participant_change_form_hides_situation_without_permission(staff_client):
    participant = ParticipantFactory(situation=Situation.RSA_BENEFICIARY)

    response = staff_client.get(
        reverse("admin:participants_participant_change", args=[participant.pk])
    )

    assertContains(response, participant.ticket_code)
    assertNotContains(response, 'name="situation"')
    assertNotContains(response, "Bénéficiaire du RSA")


@pytest.mark.django_db
def test_participant_change_without_permission_keeps_situation(staff_client):
    participant = ParticipantFactory(situation=Situation.RSA_BENEFICIARY)

    staff_client.post(
        reverse("admin:participants_participant_change", args=[participant.pk]),
        {"first_name": "Amina", "last_name": "Benali", "email": "AMINA@example.org"},
    )

    participant.refresh_from_db()
    assert (participant.last_name, participant.email) == ("Benali", "amina@example.org")
    assert participant.situation == Situation.RSA_BENEFICIARY


@pytest.mark.django_db
def test_participant_change_refuses_email_already_registered(staff_client):
    taken = ParticipantFactory(email="amina@example.org")
    participant = ParticipantFactory(event=taken.event, email="a.benali@example.org")

    response = staff_client.post(
        reverse("admin:participants_participant_change", args=[participant.pk]),
        {"first_name": "Amina", "last_name": "Benali", "email": "amina@example.org"},
    )

    assertContains(response, "Cette adresse est déjà inscrite.")
    participant.refresh_from_db()
    assert participant.email == "a.benali@example.org"


@pytest.mark.django_db
def test_participant_change_form_lists_bookings_read_only(admin_client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son entretien", capacity=0)
    participant = register(workshop)

    response = admin_client.get(
        reverse("admin:participants_participant_change", args=[participant.pk])
    )

    assertContains(response, '<h2 id="bookings-heading" class="inline-heading">')
    assertContains(
        response, '<td class="field-target"><p>Réussir son entretien</p></td>', html=True
    )
    assertContains(response, '<td class="field-state"><p>Liste d’attente</p></td>', html=True)
    assertNotContains(response, 'name="bookings-0-state"')


@pytest.mark.django_db
def test_participant_add_is_not_offered(admin_client):
    add_url = reverse("admin:participants_participant_add")

    response = admin_client.get(PARTICIPANTS_URL)

    assertNotContains(response, add_url)
    assert admin_client.get(add_url).status_code == 403


# --- Participant actions -------------------------------------------------------------------


@pytest.mark.django_db
def test_resend_confirmation_action_emails_each_selected_person(admin_client, mailoutbox):
    selected = ParticipantFactory.create_batch(2)
    other = ParticipantFactory()

    response = _post_action(admin_client, PARTICIPANTS_URL, "resend_confirmation", selected)

    assert sorted(message.to[0] for message in mailoutbox) == sorted(p.email for p in selected)
    for participant in [*selected, other]:
        participant.refresh_from_db()
    assert all(participant.confirmation_sent_at for participant in selected)
    assert other.confirmation_sent_at is None
    assertContains(response, "2 confirmations envoyées.")


@pytest.mark.django_db
def test_resend_confirmation_action_reports_failure_when_mail_server_fails(
    admin_client, settings, mailoutbox
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingEmailBackend"}}
    participant = ParticipantFactory()

    response = _post_action(admin_client, PARTICIPANTS_URL, "resend_confirmation", [participant])

    assertContains(response, "1 confirmation n’a pas pu partir : réessayez plus tard.")
    assertContains(response, '<li class="error">', html=False)
    assertNotContains(response, "confirmation envoyée.")
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is None
    assert participant.state == ParticipantState.REGISTERED
    assert mailoutbox == []


@pytest.mark.django_db
def test_cancel_registration_action_releases_seats(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    leaving = register(workshop)
    waiting = register(workshop)

    response = _post_action(admin_client, PARTICIPANTS_URL, "cancel_registration", [leaving])

    leaving.refresh_from_db()
    assert leaving.state == ParticipantState.CANCELLED
    assert waiting.bookings.get().state == BookingState.CONFIRMED
    assertContains(
        response,
        "1 inscription annulée. 1 place libérée est allée à la liste d’attente.",
    )


@pytest.mark.django_db
def test_participant_delete_releases_seat_and_promotes_first_waiting(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    leaving = register(workshop)
    first = register(workshop)
    second = register(workshop)

    admin_client.post(
        reverse("admin:participants_participant_delete", args=[leaving.pk]), {"post": "yes"}
    )

    assert not Participant.objects.filter(pk=leaving.pk).exists()
    assert first.bookings.get().state == BookingState.CONFIRMED
    assert second.bookings.get().state == BookingState.WAITING
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


@pytest.mark.django_db
def test_participant_delete_selected_action_releases_seats(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    leaving = register(workshop)
    waiting = register(workshop)

    _post_action(admin_client, PARTICIPANTS_URL, "delete_selected", [leaving], post="yes")

    assert list(Participant.objects.all()) == [waiting]
    assert waiting.bookings.get().state == BookingState.CONFIRMED
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


# --- Exports -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_participant_export_csv_has_situation_with_permission(situation_client, event, register):
    interview = WorkshopFactory(event=event, title="Réussir son entretien")
    full = WorkshopFactory(event=event, title="Atelier CV", starts_at=at(event, 14), capacity=0)
    register(
        interview,
        full,
        first_name="Amina",
        last_name="Benali",
        email="amina@example.org",
        town="Le Creusot",
        situation=Situation.RSA_BENEFICIARY,
        heard_from="france_travail",
        referrer_name="Mme Dupont",
        referrer_organisation="PLIE",
    )

    response = _export(situation_client, "csv")

    header, row = _csv_rows(response)
    assert response["Content-Type"] == "text/csv"
    assert header == [
        "prénom",
        "nom",
        "courriel",
        "téléphone",
        "commune",
        "situation",
        "connu par",
        "inscrit·e par",
        "structure",
        "état",
        "inscrit·e le",
        "ateliers",
        "conférence et activités",
        "liste d’attente",
    ]  # no access needs without their own permission (tests/participants/test_access_needs.py)
    assert row[:10] == [
        "Amina",
        "Benali",
        "amina@example.org",
        "",
        "Le Creusot",
        "Bénéficiaire du RSA",
        "France Travail",
        "Mme Dupont",
        "PLIE",
        "Inscrit·e",
    ]
    assert row[11:] == ["Réussir son entretien", "", "Atelier CV"]


@pytest.mark.django_db
def test_participant_export_csv_has_no_situation_without_permission(staff_client):
    ParticipantFactory(first_name="Amina", situation=Situation.RSA_BENEFICIARY)

    response = _export(staff_client, "csv")

    header, row = _csv_rows(response)
    assert "situation" not in header
    assert row[0] == "Amina"
    assert "Bénéficiaire du RSA" not in row


@pytest.mark.django_db
def test_participant_export_is_refused_without_view_permission(db):
    ParticipantFactory()
    client = _staff_client()

    response = client.post(EXPORT_URL, {"resource": "0", "format": "0"})

    assert response.status_code == 403
    assert "text/csv" not in response["Content-Type"]


@pytest.mark.django_db
def test_participant_export_xlsx_is_a_spreadsheet(admin_client):
    ParticipantFactory(first_name="Amina")

    response = _export(admin_client, "xlsx")

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [sheet["A1"].value, sheet["A2"].value] == ["prénom", "Amina"]


# --- Bookings and waiting lists ------------------------------------------------------------


@pytest.mark.django_db
def test_booking_changelist_shows_waiting_list_in_order(admin_client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son entretien", capacity=1)
    register(workshop)
    first = register(workshop, first_name="Louis", last_name="Perrin")
    second = register(workshop, first_name="Zoé", last_name="Martin")

    response = admin_client.get(
        BOOKINGS_URL, {"workshop__id__exact": workshop.pk, "state__exact": BookingState.WAITING}
    )

    bookings = list(response.context["cl"].result_list)
    assert [booking.participant for booking in bookings] == [first, second]
    assert [booking.waitlist_position for booking in bookings] == [1, 2]
    assertContains(response, '<td class="field-position">2</td>', html=True)
    assertContains(response, '<td class="field-target">Réussir son entretien</td>', html=True)


@pytest.mark.django_db
def test_booking_changelist_search_finds_by_ticket_code(admin_client, event, register):
    workshop = WorkshopFactory(event=event)
    wanted = register(workshop)
    register(workshop)

    response = admin_client.get(BOOKINGS_URL, {"q": wanted.ticket_code})

    assert list(response.context["cl"].result_list) == [wanted.bookings.get()]


@pytest.mark.django_db
def test_waitlist_promote_action_gives_free_seat(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    booking = register(workshop).bookings.get()
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)

    response = _post_action(admin_client, BOOKINGS_URL, "promote", [booking])

    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED
    workshop.refresh_from_db()
    assert workshop.seats_taken == 2
    assertContains(response, "1 personne a obtenu une place.")


@pytest.mark.django_db
def test_waitlist_promote_action_reports_error_when_full(admin_client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son entretien", capacity=1)
    register(workshop)
    booking = register(workshop, first_name="Louis", last_name="Perrin").bookings.get()

    response = _post_action(admin_client, BOOKINGS_URL, "promote", [booking])

    assertContains(
        response,
        "Louis Perrin : Il n’y a plus de place libre pour « Réussir son entretien » : "
        "augmentez d’abord le nombre de places.",
    )
    booking.refresh_from_db()
    assert booking.state == BookingState.WAITING
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1


@pytest.mark.django_db
def test_booking_cancel_action_gives_seat_to_first_waiting(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    booking = register(workshop).bookings.get()
    waiting = register(workshop).bookings.get()

    response = _post_action(admin_client, BOOKINGS_URL, "cancel", [booking])

    booking.refresh_from_db()
    waiting.refresh_from_db()
    assert (booking.state, waiting.state) == (BookingState.CANCELLED, BookingState.CONFIRMED)
    assertContains(
        response,
        "1 réservation annulée. 1 personne de la liste d’attente a obtenu la place.",
    )


@pytest.mark.django_db
def test_booking_change_form_is_read_only(admin_client, event, register):
    booking = register(WorkshopFactory(event=event)).bookings.get()

    response = admin_client.get(reverse("admin:participants_booking_change", args=[booking.pk]))

    assertContains(response, '<div class="readonly">Place confirmée</div>', html=True)
    assertNotContains(response, 'name="state"')
    assertNotContains(response, reverse("admin:participants_booking_delete", args=[booking.pk]))


# --- Query counts --------------------------------------------------------------------------


def _bookables(event):
    return [
        WorkshopFactory(event=event, capacity=0),
        TimetableItemFactory(event=event, capacity=7),
        StandActivityFactory(stand__event=event, capacity=7),
    ]


@pytest.mark.django_db
def test_participant_changelist_query_count_same_for_3_and_30_rows(admin_client, event, register):
    bookables = _bookables(event)
    for _ in range(3):
        register(*bookables)
    admin_client.get(PARTICIPANTS_URL)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        admin_client.get(PARTICIPANTS_URL)
    for _ in range(27):
        register(*bookables)

    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(PARTICIPANTS_URL)

    assert response.context["cl"].result_count == 30
    assert len(large) == len(small)


@pytest.mark.django_db
def test_booking_changelist_query_count_same_for_3_and_30_rows(admin_client, event, register):
    bookables = _bookables(event)
    register(*bookables)
    admin_client.get(BOOKINGS_URL)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        admin_client.get(BOOKINGS_URL)
    for _ in range(9):
        register(*bookables)

    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(BOOKINGS_URL)

    assert response.context["cl"].result_count == 30
    assert Booking.objects.waiting().count() == 16
    assert len(large) == len(small)


@pytest.mark.django_db
def test_participant_export_query_count_same_for_3_and_30_rows(admin_client, event, register):
    bookables = _bookables(event)
    for _ in range(3):
        register(*bookables)
    _export(admin_client, "csv")  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        _export(admin_client, "csv")
    for _ in range(27):
        register(*bookables)

    with CaptureQueriesContext(connection) as large:
        response = _export(admin_client, "csv")

    assert len(_csv_rows(response)) == 31
    assert len(large) == len(small)


def test_fill_action_gives_raised_capacity_to_the_queue_in_order(admin_client, event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    first = register(workshop).bookings.get()
    second = register(workshop).bookings.get()
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)

    response = admin_client.post(
        reverse("admin:participants_booking_changelist"),
        {"action": "fill", "_selected_action": [second.pk]},
        follow=True,
    )

    assert "1 personne a obtenu une place." in response.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (BookingState.CONFIRMED, BookingState.WAITING)
