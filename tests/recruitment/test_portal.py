"""Interview sessions in the exhibitor portal: a recruiter publishes a session, sees its slots,
changes it, adds or cancels a slot, deletes it; every change goes through the services, and
what they refuse comes back beside the field concerned, in their words."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from participants import services as participant_services
from recruitment.models import InterviewSession, InterviewSlot

from ..factories import (
    EventFactory,
    JobOfferFactory,
    OrganisationMemberFactory,
    SpaceFactory,
    StandFactory,
    at,
)
from .builders import session_make, times_of

pytestmark = pytest.mark.django_db

# Session, user, membership, current event, stands, sessions (stand, organisation and room
# joined), slots, offers.
LIST_QUERIES = 8


@pytest.fixture
def stand(event):
    return StandFactory(event=event, organisation__name="Forges du Creusot", number=12)


@pytest.fixture
def member(client, stand):
    user = OrganisationMemberFactory(organisation=stand.organisation).user
    client.force_login(user)
    return user


def session_data(**overrides) -> dict:
    return {
        "title": "Agents de production",
        "description": "Apportez votre CV.",
        "start_time": "10:00",
        "end_time": "12:00",
        "slot_minutes": "20",
        "recruiters": "2",
        **overrides,
    }


def book(event, person, slot):
    """A visitor books ``slot`` through the registration service."""
    return participant_services.registration_create(event=event, person=person(), targets=[slot])


# --- The list ------------------------------------------------------------------------------


def test_list_shows_each_session_with_its_slots(client, event, stand, member):
    offer = JobOfferFactory(organisation=stand.organisation, title="Soudeur ou soudeuse")
    session = session_make(
        event,
        stand=stand,
        title="Entretiens soudure",
        start=(10, 0),
        end=(11, 0),
        recruiters=2,
        invitation_only=True,
        job_offers=(offer,),
    )
    InterviewSlot.objects.filter(session=session, starts_at=at(event, 10, 20)).update(
        cancelled_at=timezone.now()
    )

    response = client.get(reverse("recruiter:sessions"))

    assertContains(response, "<h1>Entretiens de recrutement</h1>", html=True)
    assertContains(response, "Entretiens soudure")
    assertContains(response, "Soudeur ou soudeuse")
    assertContains(response, "Sur invitation")
    assertContains(response, "Sur le stand (n° 12)")
    assertContains(response, "2 créneaux de 20 minutes, 2 entretiens en même temps : 4 places")
    assertContains(response, "0 places réservées sur 2", count=2)
    assertContains(response, "Annulé", count=1)
    assertContains(response, "Annuler ce créneau", count=2)
    assertContains(response, "Publier une session")


def test_list_without_a_stand_at_this_edition_says_so(client, event):
    member = OrganisationMemberFactory(organisation__name="Sans stand")
    client.force_login(member.user)

    response = client.get(reverse("recruiter:sessions"))

    assertContains(response, "Pas de stand à l’édition du")
    assertNotContains(response, "Publier une session")


@pytest.mark.parametrize("sessions", [1, 3])
def test_list_query_count_stays_flat(
    client, event, stand, member, sessions, django_assert_num_queries
):
    for n in range(sessions):
        offer = JobOfferFactory(organisation=stand.organisation)
        session_make(event, stand=stand, start=(9 + n, 0), end=(10 + n, 0), job_offers=(offer,))

    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("recruiter:sessions"))

    assertContains(response, "Annuler ce créneau", count=3 * sessions)


def test_portal_navigation_and_home_lead_to_the_sessions(client, event, stand, member):
    session_make(event, stand=stand, start=(10, 0), end=(11, 0), recruiters=2)

    home = client.get(reverse("portal:home"))
    listing = client.get(reverse("recruiter:sessions"))

    assertContains(home, f'<a href="{reverse("recruiter:sessions")}">Entretiens</a>', html=True)
    assertContains(home, "1 session d’entretiens : 0 places réservées sur 6.")
    assertContains(
        listing,
        f'<a href="{reverse("recruiter:sessions")}" aria-current="page">Entretiens</a>',
        html=True,
    )


# --- Publish and edit a session -----------------------------------------------------------


def test_form_offers_published_offers_rooms_and_plain_help(client, event, stand, member):
    JobOfferFactory(organisation=stand.organisation, title="Offre publiée")
    JobOfferFactory(organisation=stand.organisation, title="Offre brouillon", is_published=False)
    JobOfferFactory(title="Offre d’un autre")
    SpaceFactory(event=event, name="Salle Schneider")
    SpaceFactory(event=EventFactory(), name="Salle d’une autre édition")

    response = client.get(reverse("recruiter:session_add", kwargs={"stand_id": stand.pk}))

    assertContains(response, "Offre publiée")
    assertNotContains(response, "Offre brouillon")
    assertNotContains(response, "Offre d’un autre")
    assertContains(response, "Salle Schneider")
    assertNotContains(response, "Salle d’une autre édition")
    assertContains(response, "Sur le stand (n° 12)")
    assertContains(response, "seules les personnes que vous invitez peuvent réserver")
    assertContains(response, 'type="time"', count=2)
    assertContains(response, 'type="radio"', count=4)


def test_preview_shows_the_slots_and_saves_nothing(client, stand, member):
    url = reverse("recruiter:session_add", kwargs={"stand_id": stand.pk})

    response = client.post(url, session_data(preview="1"))

    assertContains(response, "6 créneaux de 20 minutes, 2 entretiens en même temps : 12 places")
    assertContains(response, "11h40")
    assert not InterviewSession.objects.exists()


def test_publishing_makes_the_slots(client, event, stand, member):
    offer = JobOfferFactory(organisation=stand.organisation)
    room = SpaceFactory(event=event, name="Salle Schneider")
    url = reverse("recruiter:session_add", kwargs={"stand_id": stand.pk})

    response = client.post(
        url,
        session_data(job_offers=[offer.pk], space=room.pk, invitation_only="on"),
        follow=True,
    )

    session = InterviewSession.objects.get()
    assertRedirects(response, f"{reverse('recruiter:sessions')}#session-{session.pk}")
    assertContains(
        response,
        "« Agents de production » est publiée : "
        "6 créneaux de 20 minutes, 2 entretiens en même temps : 12 places.",
    )
    assert times_of(session)[0] == "10:00–10:20"
    assert times_of(session)[-1] == "11:40–12:00"
    assert set(session.slots.values_list("capacity", flat=True)) == {2}
    assert (session.stand, session.space, session.invitation_only) == (stand, room, True)
    assert list(session.job_offers.all()) == [offer]


def test_end_before_start_is_an_error_beside_the_end(client, stand, member):
    url = reverse("recruiter:session_add", kwargs={"stand_id": stand.pk})

    response = client.post(url, session_data(start_time="12:00", end_time="10:00"))

    assert response.context["form"].errors == {"end_time": ["La fin doit suivre le début."]}
    assertContains(response, "Le formulaire contient 1 erreur")
    assert not InterviewSession.objects.exists()


@pytest.mark.parametrize("preview", [False, True], ids=["publish", "preview"])
def test_a_range_without_a_whole_slot_is_the_services_error_beside_the_end(
    client, stand, member, preview
):
    url = reverse("recruiter:session_add", kwargs={"stand_id": stand.pk})
    data = session_data(start_time="10:00", end_time="10:25", slot_minutes="30")

    response = client.post(url, {**data, "preview": "1"} if preview else data)

    errors = response.context["form"].errors
    assert list(errors) == ["end_time"]
    assert "pas la place d’un entretien de 30 minutes" in errors["end_time"][0]
    assert not InterviewSession.objects.exists()


def test_editing_the_recruiters_changes_every_slots_seats(client, event, stand, member):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0), recruiters=2)
    url = reverse("recruiter:session_edit", kwargs={"pk": session.pk})

    page = client.get(url)
    response = client.post(
        url, session_data(start_time="10:00", end_time="11:00", recruiters="4"), follow=True
    )

    assertContains(page, "Aujourd’hui : 3 créneaux de 20 minutes, 2 entretiens en même temps")
    assertContains(response, "est enregistrée : 3 créneaux de 20 minutes, 4 entretiens")
    assert set(session.slots.values_list("capacity", flat=True)) == {4}


def test_recruiters_below_the_seats_taken_is_an_error_beside_the_recruiters(
    client, event, stand, member, person
):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0), recruiters=2)
    slot = session.slots.order_by("starts_at").first()
    book(event, person, slot)
    book(event, person, slot)
    url = reverse("recruiter:session_edit", kwargs={"pk": session.pk})

    response = client.post(url, session_data(start_time="10:00", end_time="11:00", recruiters="1"))

    errors = response.context["form"].errors
    assert list(errors) == ["recruiters"]
    assert "2 places" in errors["recruiters"][0]
    assert set(session.slots.values_list("capacity", flat=True)) == {2}


def test_times_of_a_booked_session_are_locked_beside_the_start(
    client, event, stand, member, person
):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0), recruiters=2)
    book(event, person, session.slots.order_by("starts_at").first())
    url = reverse("recruiter:session_edit", kwargs={"pk": session.pk})

    response = client.post(url, session_data(start_time="14:00", end_time="15:00"))

    errors = response.context["form"].errors
    assert list(errors) == ["start_time"]
    assert "ne peuvent plus changer" in errors["start_time"][0]
    assert times_of(session)[0] == "10:00–10:20"


# --- One slot: add, cancel ------------------------------------------------------------------


def test_adding_a_slot(client, event, stand, member):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0), recruiters=2)
    url = reverse("recruiter:slot_add", kwargs={"pk": session.pk})

    page = client.get(url)
    response = client.post(url, {"start_time": "11:30"}, follow=True)

    assertContains(page, "Le créneau dure 20 minutes")
    assertContains(response, "Le créneau de 11h30 est ajouté")
    assert times_of(session)[-1] == "11:30–11:50"


def test_a_slot_overlapping_another_is_an_error_beside_its_time(client, event, stand, member):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0))
    url = reverse("recruiter:slot_add", kwargs={"pk": session.pk})

    response = client.post(url, {"start_time": "10:30"})

    errors = response.context["form"].errors
    assert list(errors) == ["start_time"]
    assert "chevauche un autre créneau" in errors["start_time"][0]
    assert len(times_of(session)) == 3


def test_cancelling_a_free_slot_after_confirmation(client, event, stand, member):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0))
    slot = session.slots.order_by("starts_at").first()
    url = reverse("recruiter:slot_cancel", kwargs={"pk": slot.pk})

    page = client.get(url)
    response = client.post(url, follow=True)

    assertContains(page, "Annuler le créneau de 10h00 ?")
    assertContains(
        response, "Le créneau de 10h00 de « Entretiens — agents de production » est annulé."
    )
    assertContains(response, "Annulé", count=1)
    assert times_of(session) == ["10:20–10:40", "10:40–11:00"]


def test_cancelling_a_booked_slot_is_refused_with_the_services_message(
    client, event, stand, member, person
):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0))
    slot = session.slots.order_by("starts_at").first()
    book(event, person, slot)
    url = reverse("recruiter:slot_cancel", kwargs={"pk": slot.pk})

    page = client.get(url)
    response = client.post(url, follow=True)

    assertContains(page, "1 personne a réservé ce créneau")
    assertContains(response, "Des personnes ont réservé ou attendent le créneau de 10h00")
    assert times_of(session)[0] == "10:00–10:20"


# --- Delete a session -------------------------------------------------------------------------


def test_deleting_a_session_nobody_booked(client, event, stand, member):
    session = session_make(event, stand=stand, title="Session de trop")
    url = reverse("recruiter:session_delete", kwargs={"pk": session.pk})

    page = client.get(url)
    response = client.post(url, follow=True)

    assertContains(page, "Supprimer « Session de trop » ?")
    assertContains(response, "« Session de trop » est supprimée.")
    assert not InterviewSession.objects.exists()


def test_deleting_a_booked_session_is_refused(client, event, stand, member, person):
    session = session_make(event, stand=stand, start=(10, 0), end=(11, 0))
    book(event, person, session.slots.order_by("starts_at").last())
    url = reverse("recruiter:session_delete", kwargs={"pk": session.pk})

    page = client.get(url)
    response = client.post(url, follow=True)

    assertContains(page, "1 place est réservée")
    assertContains(response, "Des personnes ont réservé ou attendent le créneau de 10h40")
    assert InterviewSession.objects.filter(pk=session.pk).exists()
