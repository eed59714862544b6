"""What staff write in the exhibitors' admin goes through the same services as the portal:
job offers (their form, the list's « publiée » column, the organisation's inline) and stand
activities edited inline under their stand (a capacity raised serves the waiting list)."""

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from exhibitors.models import JobOffer
from participants import services as participant_services
from participants.enums import BookingState

from ..admin_forms import change_form_data
from ..factories import JobOfferFactory, StandActivityFactory, StandFactory, at

pytestmark = pytest.mark.django_db

PROMOTED = "Innov’insertion : une place s’est libérée pour vous"


def test_job_offer_unpublished_from_the_list_leaves_the_stand_page(admin_client, event):
    stand = StandFactory(event=event)
    offer = JobOfferFactory(organisation=stand.organisation, title="Soudeur ou soudeuse")
    url = reverse("admin:exhibitors_joboffer_changelist")
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(offer.pk),
        "_save": "Enregistrer",
    }  # « publiée » left unchecked

    admin_client.post(url, data)

    offer.refresh_from_db()
    assert offer.is_published is False
    stand_page = admin_client.get(stand.organisation.get_absolute_url())
    assertNotContains(stand_page, "Soudeur ou soudeuse")
    assert offer.history.first().history_user.username == "admin"


def test_job_offer_added_in_the_organisation_inline_shows_on_the_stand_page(admin_client, event):
    stand = StandFactory(event=event)
    organisation = stand.organisation
    url = reverse("admin:exhibitors_organisation_change", args=[organisation.pk])
    data = change_form_data(admin_client.get(url))
    data.update(
        {
            "job_offers-TOTAL_FORMS": "1",
            "job_offers-0-title": "Agent ou agente de maintenance",
            "job_offers-0-contract_type": "cdi",
            "job_offers-0-place": "Le Creusot",
            "job_offers-0-is_published": "on",
        }
    )

    response = admin_client.post(url, data, follow=True)

    assert response.status_code == 200
    [offer] = JobOffer.objects.filter(organisation=organisation)
    assert (offer.title, offer.is_published) == ("Agent ou agente de maintenance", True)
    assertContains(admin_client.get(organisation.get_absolute_url()), offer.title)


def test_stand_activity_capacity_raised_inline_confirms_the_first_waiting(
    admin_client, event, person, django_capture_on_commit_callbacks
):
    stand = StandFactory(event=event)
    activity = StandActivityFactory(
        stand=stand, capacity=1, starts_at=at(event, 14), ends_at=at(event, 14, 30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        people = [
            participant_services.registration_create(
                event=event, person=person(), targets=[activity]
            ).participant
            for _ in range(3)
        ]
    mail.outbox.clear()
    url = reverse("admin:exhibitors_stand_change", args=[stand.pk])
    data = change_form_data(admin_client.get(url), **{"activities-0-capacity": "2"})

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data, follow=True)

    assertContains(response, "1 personne de la liste d’attente a obtenu une place.")
    states = [p.bookings.get().state for p in people]
    assert states == [BookingState.CONFIRMED, BookingState.CONFIRMED, BookingState.WAITING]
    assert [m.to[0] for m in mail.outbox if m.subject == PROMOTED] == [people[1].email]
