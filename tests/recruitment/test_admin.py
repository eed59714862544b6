"""Staff publish interview sessions in the admin: the services generate and guard the slots."""

import pytest
from django.urls import reverse

from recruitment.models import InterviewSession, InterviewSlot

from ..admin_forms import admin_change, admin_url
from ..factories import StandFactory
from .builders import session_make, times_of

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:recruitment_interviewsession_add")


def add_data(event, stand, **changes):
    data = {
        "stand": stand.pk,
        "title": "Entretiens — caristes",
        "description": "",
        "starts_at_0": event.date.strftime("%d/%m/%Y"),
        "starts_at_1": "14:00",
        "ends_at_0": event.date.strftime("%d/%m/%Y"),
        "ends_at_1": "15:00",
        "slot_minutes": "15",
        "recruiters": "2",
        "is_published": "on",
        "slots-TOTAL_FORMS": "0",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def test_creating_a_session_in_the_admin_creates_its_slots(admin_client, event):
    stand = StandFactory(event=event)

    response = admin_client.post(ADD_URL, add_data(event, stand))

    assert response.status_code == 302
    session = InterviewSession.objects.get()
    assert times_of(session) == ["14:00–14:15", "14:15–14:30", "14:30–14:45", "14:45–15:00"]
    assert set(session.slots.values_list("capacity", flat=True)) == {2}
    listing = admin_client.get(reverse("admin:recruitment_interviewsession_changelist"))
    assert "0 sur 8 (4 créneaux)" in listing.content.decode()


def test_a_range_too_short_is_a_form_error(admin_client, event):
    stand = StandFactory(event=event)

    response = admin_client.post(ADD_URL, add_data(event, stand, ends_at_1="14:10"))

    assert response.status_code == 200
    assert "il n’y a pas la place d’un entretien de 15 minutes" in response.content.decode()
    assert not InterviewSession.objects.exists()


def test_a_slot_is_added_from_the_session_form(admin_client, event):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=30)

    response = admin_change(admin_client, session, add_slot_at="15:00")

    assert response.status_code == 302
    assert times_of(session) == ["14:00–14:30", "14:30–15:00", "15:00–15:30"]


def test_an_overlapping_slot_is_a_form_error_and_nothing_changes(admin_client, event):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=30)

    response = admin_change(admin_client, session, title="Autre titre", add_slot_at="14:10")

    assert response.status_code == 200
    assert "chevauche un autre créneau" in response.content.decode()
    session.refresh_from_db()
    assert session.title != "Autre titre"


def test_fewer_recruiters_than_people_booked_is_a_form_error(admin_client, event, register):
    session = session_make(event, recruiters=2)
    slot = session.slots.order_by("starts_at").first()
    register(slot)
    register(slot)

    response = admin_change(admin_client, session, recruiters="1")

    assert response.status_code == 200
    assert "ne peut pas descendre en dessous" in response.content.decode()


def test_cancelling_slots_from_the_list_spares_the_booked_one(admin_client, event, register):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=30)
    booked, free = session.slots.order_by("starts_at")
    register(booked)

    response = admin_client.post(
        reverse("admin:recruitment_interviewslot_changelist"),
        {"action": "cancel", "_selected_action": [booked.pk, free.pk]},
        follow=True,
    )

    page = response.content.decode()
    assert "1 créneau annulé." in page
    assert "Des personnes ont réservé ou attendent le créneau de 14h00" in page
    assert times_of(session) == ["14:00–14:30"]


def test_deleting_a_booked_session_is_refused_with_a_message(admin_client, event, register):
    session = session_make(event)
    register(session.slots.order_by("starts_at").first())

    response = admin_client.post(admin_url(session, "delete"), {"post": "yes"}, follow=True)

    assert response.status_code == 200
    assert "Impossible de supprimer" in response.content.decode()  # the bookings named
    assert InterviewSlot.objects.filter(session=session).exists()


def test_the_session_page_shows_its_slots_and_seats(admin_client, event):
    session = session_make(event, start=(14, 0), end=(14, 40), minutes=20, recruiters=3)

    page = admin_client.get(admin_url(session, "change")).content.decode()

    assert "14:20" in page or "14h20" in page
    assert page.count("/admin/recruitment/interviewslot/") >= 2  # each slot links to its page
