"""Interview sessions in the portal: one exhibitor never sees nor changes another's sessions
or slots, whatever id is typed; anonymous visitors go to the login page, accounts without an
organisation (CUCM staff included) get the portal's page that says why."""

from dataclasses import dataclass

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from exhibitors.models import JobOffer, Organisation, Stand
from recruitment.models import InterviewSession, InterviewSlot

from ..factories import (
    EventFactory,
    JobOfferFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    StandFactory,
    UserFactory,
)
from .builders import session_make

pytestmark = pytest.mark.django_db


@dataclass
class Recruiter:
    """One organisation at the current edition: its stand, an offer, a session of three
    20-minute slots with two recruiters, and its portal account."""

    organisation: Organisation
    stand: Stand
    offer: JobOffer
    session: InterviewSession
    slot: InterviewSlot
    user: object


@pytest.fixture
def make_recruiter(event):
    def make(name: str) -> Recruiter:
        organisation = OrganisationFactory(name=name)
        stand = StandFactory(event=event, organisation=organisation)
        offer = JobOfferFactory(organisation=organisation, title=f"Soudeur {name}")
        session = session_make(
            event,
            stand=stand,
            title=f"Entretiens {name}",
            start=(10, 0),
            end=(11, 0),
            recruiters=2,
            job_offers=(offer,),
        )
        return Recruiter(
            organisation=organisation,
            stand=stand,
            offer=offer,
            session=session,
            slot=session.slots.order_by("starts_at").first(),
            user=OrganisationMemberFactory(organisation=organisation).user,
        )

    return make


@pytest.fixture
def forges(make_recruiter):
    return make_recruiter("Forges du Creusot")


@pytest.fixture
def admr(make_recruiter):
    return make_recruiter("ADMR")


SESSION = {
    "title": "Piraté",
    "start_time": "14:00",
    "end_time": "15:00",
    "slot_minutes": "30",
    "recruiters": "5",
}

# (URL name, its arguments for a recruiter, what a POST would send if it got through)
RECRUITER_URLS = [
    ("recruiter:session_add", lambda r: {"stand_id": r.stand.pk}, SESSION),
    ("recruiter:session_edit", lambda r: {"pk": r.session.pk}, SESSION),
    ("recruiter:session_delete", lambda r: {"pk": r.session.pk}, {}),
    ("recruiter:slot_add", lambda r: {"pk": r.session.pk}, {"start_time": "12:00"}),
    ("recruiter:slot_cancel", lambda r: {"pk": r.slot.pk}, {}),
]
URL_IDS = [name.split(":")[1] for name, _, _ in RECRUITER_URLS]


def snapshot() -> list:
    """Every session and slot row, field by field, and the offers they name."""
    return [
        list(InterviewSession.objects.order_by("pk").values()),
        list(InterviewSlot.objects.order_by("pk").values()),
        list(InterviewSession.job_offers.through.objects.order_by("pk").values()),
    ]


def requests_for(recruiter):
    """(method, url, data) for every URL of ``recruiter``'s sessions, GET and POST, and
    the list."""
    yield "get", reverse("recruiter:sessions"), None
    for name, kwargs, data in RECRUITER_URLS:
        url = reverse(name, kwargs=kwargs(recruiter))
        yield "get", url, None
        yield "post", url, data


@pytest.mark.parametrize(("name", "kwargs", "data"), RECRUITER_URLS, ids=URL_IDS)
@pytest.mark.parametrize("attacker", ["forges", "admr"])
def test_url_of_another_organisation_is_a_404_and_changes_nothing(
    client, forges, admr, attacker, name, kwargs, data
):
    attacker, victim = (forges, admr) if attacker == "forges" else (admr, forges)
    client.force_login(attacker.user)
    url = reverse(name, kwargs=kwargs(victim))
    before = snapshot()

    responses = [client.get(url), client.post(url, data)]

    assert [r.status_code for r in responses] == [404, 404]
    assert snapshot() == before


def test_every_url_answers_its_own_organisation(client, forges, admr):
    """The matrix above means something: the same URLs answer their owner."""
    client.force_login(forges.user)

    statuses = {
        name: client.get(reverse(name, kwargs=kwargs(forges))).status_code
        for name, kwargs, _ in RECRUITER_URLS
    }

    assert statuses == {name: 200 for name, _, _ in RECRUITER_URLS}


def test_list_shows_nothing_of_another_organisation(client, forges, admr):
    client.force_login(forges.user)

    response = client.get(reverse("recruiter:sessions"))

    assertContains(response, "Entretiens Forges du Creusot")
    assertNotContains(response, "ADMR")
    assertNotContains(response, admr.offer.title)
    assertNotContains(response, reverse("recruiter:slot_cancel", kwargs={"pk": admr.slot.pk}))


def test_an_offer_of_another_organisation_cannot_be_attached(client, forges, admr):
    client.force_login(forges.user)
    url = reverse("recruiter:session_edit", kwargs={"pk": forges.session.pk})

    response = client.post(url, {**SESSION, "job_offers": [admr.offer.pk]})

    assertContains(response, "Offres concernées")
    assert response.context["form"].has_error("job_offers", "invalid_choice")
    assert list(forges.session.job_offers.all()) == [forges.offer]


def test_a_member_of_two_organisations_sees_and_edits_both(client, forges, admr):
    OrganisationMemberFactory(organisation=admr.organisation, user=forges.user)
    client.force_login(forges.user)

    listing = client.get(reverse("recruiter:sessions"))
    edit = client.get(reverse("recruiter:session_edit", kwargs={"pk": admr.session.pk}))

    assertContains(listing, "Entretiens Forges du Creusot")
    assertContains(listing, "Entretiens ADMR")
    assertContains(listing, reverse("recruiter:session_add", kwargs={"stand_id": admr.stand.pk}))
    assert edit.status_code == 200


def test_session_of_a_past_edition_is_a_404(client, forges):
    past_event = EventFactory(date=forges.stand.event.date.replace(year=2020))
    past_stand = StandFactory(event=past_event, organisation=forges.organisation)
    past = session_make(past_event, stand=past_stand, title="Ancienne session")
    client.force_login(forges.user)

    edit = client.get(reverse("recruiter:session_edit", kwargs={"pk": past.pk}))
    add = client.get(reverse("recruiter:session_add", kwargs={"stand_id": past_stand.pk}))
    listing = client.get(reverse("recruiter:sessions"))

    assert [edit.status_code, add.status_code] == [404, 404]
    assertNotContains(listing, "Ancienne session")


def test_anonymous_visitor_is_sent_to_the_login_page(client, forges):
    url = reverse("recruiter:sessions")

    response = client.get(url)

    assertRedirects(response, f"{reverse('login')}?next={url}")


def test_anonymous_visitor_cannot_reach_any_url(client, forges):
    before = snapshot()

    responses = [getattr(client, method)(url, data) for method, url, data in requests_for(forges)]

    assert {r.status_code for r in responses} == {302}
    assert {r.url.split("?")[0] for r in responses} == {reverse("login")}
    assert snapshot() == before


@pytest.mark.parametrize("is_staff", [False, True], ids=["no-membership", "staff"])
def test_account_without_organisation_gets_the_portal_page_everywhere(client, forges, is_staff):
    client.force_login(UserFactory(is_staff=is_staff))
    before = snapshot()

    responses = [getattr(client, method)(url, data) for method, url, data in requests_for(forges)]

    assert {r.status_code for r in responses} == {403}
    assertContains(responses[0], "Espace réservé aux exposants", status_code=403)
    assert ("l’administration" in responses[0].content.decode()) is is_staff
    assert snapshot() == before


def test_pages_are_never_cached(client, forges):
    client.force_login(forges.user)

    response = client.get(reverse("recruiter:sessions"))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize(("name", "kwargs", "data"), RECRUITER_URLS, ids=URL_IDS)
def test_url_with_an_absurd_id_is_a_404(client, forges, name, kwargs, data):
    client.force_login(forges.user)
    arguments = dict.fromkeys(kwargs(forges), 10**30)

    response = client.get(reverse(name, kwargs=arguments))

    assert response.status_code == 404
