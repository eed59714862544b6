"""The exhibitor's space: the stand page, its activities and the job offers, changed here
and shown at once on the public stand page, with a history staff can read."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from exhibitors.enums import ActivityKind, ContractType
from exhibitors.models import JobOffer, StandActivity
from participants import services as participant_services

from ..factories import (
    PARIS,
    ApplicationFactory,
    JobOfferFactory,
    SectorFactory,
    StandActivityFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, membership, current event, organisations with their counts, stands,
# activities.
HOME_QUERIES = 8  # … + the interview sessions' counts (recruitment)
# Session, user, membership, current event, offers (organisation, sector and the count of
# applications joined).
OFFER_LIST_QUERIES = 5


@pytest.fixture
def member(client, forges):
    client.force_login(forges.user)
    return forges


def organisation_data(**overrides) -> dict:
    return {
        "description": "Fonderie et usinage depuis 1836.",
        "website": "https://forges.example.org",
        "contact_name": "Claire Dumont",
        "contact_email": "recrutement@forges.example.org",
        "contact_phone": "03 85 00 00 00",
        **overrides,
    }


def activity_data(**overrides) -> dict:
    return {
        "kind": ActivityKind.ROLE_PLAY,
        "title": "Simulation d’entretien",
        "description": "Dix minutes avec une recruteuse.",
        "start_time": "10:00",
        "end_time": "10:20",
        "capacity": "4",
        **overrides,
    }


def offer_data(**overrides) -> dict:
    return {
        "title": "Chaudronnier ou chaudronnière",
        "contract_type": ContractType.CDD,
        "place": "Montceau-les-Mines",
        "description": "Six mois, renouvelable.",
        "is_published": "on",
        **overrides,
    }


# --- Home ----------------------------------------------------------------------------------


def test_home_shows_the_stand_its_activities_and_counts(client, member):
    JobOfferFactory(organisation=member.organisation, is_published=False)

    response = client.get(reverse("portal:home"))

    assertContains(response, "Forges du Creusot")
    assertContains(response, f"Stand {member.stand.number}")
    assertContains(response, member.activity.title)
    assertContains(response, "0 places réservées sur 6")
    assertContains(response, "1 offre publiée")
    assertContains(response, "(sur 2 offres)")
    assertContains(response, "1 nouvelle candidature")


@pytest.mark.parametrize("rows", [3, 30])
def test_home_query_count_does_not_grow_with_activities(
    client, member, rows, django_assert_num_queries
):
    StandActivityFactory.create_batch(rows, stand=member.stand)

    with django_assert_num_queries(HOME_QUERIES):
        response = client.get(reverse("portal:home"))

    assert response.status_code == 200


# --- The stand page -------------------------------------------------------------------------


def test_stand_page_changes_show_at_once_on_the_public_page(client, member):
    industry = SectorFactory(name="Métallurgie")
    url = reverse("portal:organisation_edit", kwargs={"pk": member.organisation.pk})

    response = client.post(url, organisation_data(sectors=[industry.pk]), follow=True)

    assertRedirects(response, reverse("portal:home"))
    assertContains(response, "La page du stand est à jour.")
    public = client.get(member.organisation.get_absolute_url())
    assertContains(public, "Fonderie et usinage depuis 1836.")
    assertContains(public, "recrutement@forges.example.org")
    assertContains(public, "Claire Dumont")
    assertContains(public, "Métallurgie")


def test_stand_page_change_is_in_the_history_with_its_author(client, member):
    url = reverse("portal:organisation_edit", kwargs={"pk": member.organisation.pk})

    client.post(url, organisation_data())

    latest = member.organisation.history.latest()
    assert latest.history_user == member.user
    assert latest.description == "Fonderie et usinage depuis 1836."
    assert latest.prev_record.description == "Une entreprise du territoire qui recrute."


def test_stand_page_form_errors_are_summarised(client, member):
    url = reverse("portal:organisation_edit", kwargs={"pk": member.organisation.pk})

    response = client.post(url, organisation_data(website="pas une adresse", contact_email="@"))

    assertContains(response, 'href="#id_website"')
    assertContains(response, 'href="#id_contact_email"')
    member.organisation.refresh_from_db()
    assert member.organisation.website == ""


# --- Activities ----------------------------------------------------------------------------


def test_activity_is_added_on_the_day_of_the_edition(client, member):
    url = reverse("portal:activity_add", kwargs={"stand_id": member.stand.pk})

    response = client.post(url, activity_data())

    assertRedirects(response, reverse("portal:home"), fetch_redirect_response=False)
    activity = StandActivity.objects.get(title="Simulation d’entretien")
    day = member.stand.event.date
    assert activity.stand == member.stand
    assert activity.starts_at == dt.datetime.combine(day, dt.time(10), tzinfo=PARIS)
    assert activity.ends_at == dt.datetime.combine(day, dt.time(10, 20), tzinfo=PARIS)
    assert (activity.capacity, activity.seats_taken) == (4, 0)
    assertContains(client.get(member.organisation.get_absolute_url()), "Simulation d’entretien")


@pytest.mark.parametrize(
    ("times", "field", "message"),
    [
        ({"start_time": "10:00", "end_time": ""}, "id_end_time", "ou aucun des deux"),
        ({"start_time": "", "end_time": "10:00"}, "id_start_time", "ou aucun des deux"),
        ({"start_time": "11:00", "end_time": "10:00"}, "id_end_time", "La fin doit suivre"),
        ({"start_time": "25:00", "end_time": "10:00"}, "id_start_time", "heure valide"),
    ],
)
def test_activity_times_are_checked(client, member, times, field, message):
    url = reverse("portal:activity_add", kwargs={"stand_id": member.stand.pk})

    response = client.post(url, activity_data(**times))

    assertContains(response, f'href="#{field}"')
    assertContains(response, message)
    assert not StandActivity.objects.filter(title="Simulation d’entretien").exists()


def test_activity_form_never_shows_nor_takes_the_seats_taken(client, member):
    StandActivity.objects.filter(pk=member.activity.pk).update(seats_taken=2)
    url = reverse("portal:activity_edit", kwargs={"pk": member.activity.pk})

    page = client.get(url)
    client.post(url, activity_data(capacity="5", seats_taken="0"))

    assertNotContains(page, "seats_taken")
    member.activity.refresh_from_db()
    assert (member.activity.capacity, member.activity.seats_taken) == (5, 2)


def test_activity_capacity_below_the_seats_taken_is_a_form_error(client, member):
    StandActivity.objects.filter(pk=member.activity.pk).update(seats_taken=3)
    url = reverse("portal:activity_edit", kwargs={"pk": member.activity.pk})

    response = client.post(url, activity_data(capacity="2"))

    assertContains(response, 'href="#id_capacity"')
    assertContains(response, "3 places sont déjà réservées")
    member.activity.refresh_from_db()
    assert member.activity.capacity == 6


def test_activity_without_bookings_is_deleted(client, member):
    url = reverse("portal:activity_delete", kwargs={"pk": member.activity.pk})

    page = client.get(url)
    response = client.post(url, follow=True)

    assertContains(page, f"Supprimer « {member.activity.title} » ?")
    assertContains(response, "est supprimée")
    assert not StandActivity.objects.filter(pk=member.activity.pk).exists()


def test_activity_with_bookings_is_kept(client, member):
    participant_services.registration_create(
        event=member.stand.event,
        person=participant_services.PersonDetails(
            first_name="Léa", last_name="Petit", email="lea@example.org"
        ),
        targets=[member.activity],
    )
    url = reverse("portal:activity_delete", kwargs={"pk": member.activity.pk})

    response = client.post(url, follow=True)

    assertContains(response, "Des personnes sont inscrites")
    assert StandActivity.objects.filter(pk=member.activity.pk).exists()


# --- Job offers ------------------------------------------------------------------------------


def test_offer_is_added_and_shows_on_the_public_page(client, member):
    url = reverse("portal:offer_add", kwargs={"organisation_id": member.organisation.pk})

    response = client.post(url, offer_data(), follow=True)

    assertRedirects(response, reverse("portal:offers"))
    assertContains(response, "L’offre « Chaudronnier ou chaudronnière » est enregistrée.")
    offer = JobOffer.objects.get(title="Chaudronnier ou chaudronnière")
    assert offer.organisation == member.organisation
    assert offer.history.latest().history_user == member.user
    assertContains(client.get(member.organisation.get_absolute_url()), offer.title)


def test_offer_without_a_title_is_a_summarised_error(client, member):
    url = reverse("portal:offer_add", kwargs={"organisation_id": member.organisation.pk})

    response = client.post(url, offer_data(title=""))

    assertContains(response, 'id="erreurs"')
    assertContains(response, 'href="#id_title"')
    assert not JobOffer.objects.filter(place="Montceau-les-Mines").exists()


def test_offer_is_edited(client, member):
    url = reverse("portal:offer_edit", kwargs={"pk": member.offer.pk})

    client.post(url, offer_data(title="Soudeur ou soudeuse TIG"))

    member.offer.refresh_from_db()
    assert member.offer.title == "Soudeur ou soudeuse TIG"
    assert member.offer.history.latest().prev_record.title == "Soudeur Forges du Creusot"


def test_offer_is_withdrawn_then_published_again(client, member):
    url = reverse("portal:offer_publish", kwargs={"pk": member.offer.pk})
    public_url = member.organisation.get_absolute_url()

    withdrawn = client.post(url, {"is_published": "0"}, follow=True)
    hidden = client.get(public_url)
    client.post(url, {"is_published": "1"})
    shown = client.get(public_url)

    assertContains(withdrawn, "est retirée de la page du stand")
    assertNotContains(hidden, member.offer.title)
    assertContains(shown, member.offer.title)
    assert [h.is_published for h in member.offer.history.order_by("history_id")] == [
        True,
        False,
        True,
    ]


def test_offer_list_shows_state_and_applications(client, member):
    JobOfferFactory(organisation=member.organisation, title="Cariste", is_published=False)
    ApplicationFactory(
        organisation=member.organisation, event=member.stand.event, job_offer=member.offer
    )

    response = client.get(reverse("portal:offers"))

    assertContains(response, "Cariste")
    assertContains(response, "Non publiée")
    assertContains(response, "1 candidature")


@pytest.mark.parametrize("rows", [3, 30])
def test_offer_list_query_count_does_not_grow_with_offers(
    client, member, rows, django_assert_num_queries
):
    for offer in JobOfferFactory.create_batch(
        rows, organisation=member.organisation, sector=SectorFactory()
    ):
        ApplicationFactory(
            organisation=member.organisation, event=member.stand.event, job_offer=offer
        )

    with django_assert_num_queries(OFFER_LIST_QUERIES):
        response = client.get(reverse("portal:offers"))

    assert len(response.context["offers"]) == rows + 1
