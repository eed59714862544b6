"""One exhibitor never sees nor changes another's data, whatever id is typed; people who
are not exhibitors (anonymous visitors, accounts without an organisation, CUCM staff) get
no further than the login page or a page that says why."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from exhibitors.models import (
    Application,
    JobOffer,
    Organisation,
    OrganisationMember,
    Stand,
    StandActivity,
)

from ..factories import EventFactory, StandActivityFactory, StandFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVITY = {"kind": "game", "title": "Piraté", "description": "", "capacity": ""}
OFFER = {"title": "Piraté", "contract_type": "cdi", "place": "Ailleurs", "is_published": "on"}

# (URL name, its arguments for an exhibitor, what a POST would send if it got through)
PORTAL_URLS = [
    ("portal:organisation_edit", lambda e: {"pk": e.organisation.pk}, {"description": "Piraté"}),
    ("portal:activity_add", lambda e: {"stand_id": e.stand.pk}, ACTIVITY),
    ("portal:activity_edit", lambda e: {"pk": e.activity.pk}, ACTIVITY),
    ("portal:activity_delete", lambda e: {"pk": e.activity.pk}, {}),
    ("portal:offer_add", lambda e: {"organisation_id": e.organisation.pk}, OFFER),
    ("portal:offer_edit", lambda e: {"pk": e.offer.pk}, OFFER),
    ("portal:offer_publish", lambda e: {"pk": e.offer.pk}, {"is_published": "0"}),
    ("portal:application", lambda e: {"pk": e.application.pk}, {"status": "hired"}),
    ("portal:application_cv", lambda e: {"pk": e.application.pk}, None),
]
URL_IDS = [name.split(":")[1] for name, _, _ in PORTAL_URLS]
LIST_URLS = ["portal:home", "portal:offers", "portal:applications"]


def snapshot() -> list:
    """Every row an exhibitor can touch, field by field (sectors included)."""
    rows = []
    for model in (Organisation, Stand, StandActivity, JobOffer, Application, OrganisationMember):
        rows.append(list(model.objects.order_by("pk").values()))
    rows.append(list(Organisation.sectors.through.objects.order_by("pk").values()))
    return rows


def requests_for(exhibitor):
    """(method, url, data) for every portal URL of ``exhibitor``'s data, GET and POST."""
    for name, kwargs, data in PORTAL_URLS:
        url = reverse(name, kwargs=kwargs(exhibitor))
        if name != "portal:offer_publish":
            yield "get", url, None
        if data is not None:
            yield "post", url, data


@pytest.mark.parametrize(("name", "kwargs", "data"), PORTAL_URLS, ids=URL_IDS)
@pytest.mark.parametrize("attacker", ["forges", "admr"])
def test_portal_url_of_another_organisation_is_a_404_and_changes_nothing(
    client, request, forges, admr, attacker, name, kwargs, data
):
    attacker, victim = (forges, admr) if attacker == "forges" else (admr, forges)
    client.force_login(attacker.user)
    url = reverse(name, kwargs=kwargs(victim))
    before = snapshot()

    get = None if name == "portal:offer_publish" else client.get(url)
    post = None if data is None else client.post(url, data)

    assert [r.status_code for r in (get, post) if r is not None] == [404] * sum(
        r is not None for r in (get, post)
    )
    assert snapshot() == before


def test_every_portal_url_works_for_its_own_organisation(client, forges, admr):
    """The matrix above means something: the same URLs answer their owner."""
    client.force_login(forges.user)

    statuses = {
        name: client.get(reverse(name, kwargs=kwargs(forges))).status_code
        for name, kwargs, _ in PORTAL_URLS
        if name != "portal:offer_publish"
    }

    assert statuses == {name: 200 for name, _, _ in PORTAL_URLS if name != "portal:offer_publish"}


@pytest.mark.parametrize("name", LIST_URLS)
def test_portal_lists_show_nothing_of_another_organisation(client, forges, admr, name):
    client.force_login(forges.user)

    response = client.get(reverse(name))

    assertNotContains(response, "ADMR")
    assertNotContains(response, admr.application.last_name)
    assertNotContains(response, admr.offer.title)
    assertNotContains(response, admr.activity.title)


def test_activity_of_a_past_edition_is_a_404(client, forges):
    past_stand = StandFactory(
        event=EventFactory(date=forges.stand.event.date.replace(year=2020)),
        organisation=forges.organisation,
    )
    past_activity = StandActivityFactory(stand=past_stand, title="Ancienne activité")
    client.force_login(forges.user)

    response = client.get(reverse("portal:activity_edit", kwargs={"pk": past_activity.pk}))

    assert response.status_code == 404


@pytest.mark.parametrize("name", LIST_URLS)
def test_anonymous_visitor_is_sent_to_the_login_page(client, forges, name):
    url = reverse(name)

    response = client.get(url)

    assertRedirects(response, f"{reverse('login')}?next={url}")


def test_anonymous_visitor_cannot_reach_any_portal_url(client, forges):
    before = snapshot()

    responses = [getattr(client, method)(url, data) for method, url, data in requests_for(forges)]

    assert {r.status_code for r in responses} == {302}
    assert {r.url.split("?")[0] for r in responses} == {reverse("login")}
    assert snapshot() == before


@pytest.mark.parametrize("is_staff", [False, True], ids=["no-membership", "staff"])
def test_account_without_organisation_gets_a_clear_page_everywhere(client, forges, is_staff):
    client.force_login(UserFactory(is_staff=is_staff))
    before = snapshot()

    responses = [getattr(client, method)(url, data) for method, url, data in requests_for(forges)]
    home = client.get(reverse("portal:home"))

    assert {r.status_code for r in responses} == {403}
    assert home.status_code == 403
    assertContains(home, "Espace réservé aux exposants", status_code=403)
    assertContains(home, "n’est rattaché à aucune organisation", status_code=403)
    assert ("l’administration" in home.content.decode()) is is_staff
    assert snapshot() == before


def test_portal_pages_are_never_cached(client, forges):
    client.force_login(forges.user)

    response = client.get(reverse("portal:home"))

    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize(("name", "kwargs", "data"), PORTAL_URLS, ids=URL_IDS)
def test_portal_url_with_an_absurd_id_is_a_404(client, forges, name, kwargs, data):
    client.force_login(forges.user)
    arguments = dict.fromkeys(kwargs(forges), 10**30)

    response = client.get(reverse(name, kwargs=arguments))

    assert response.status_code == (405 if name == "portal:offer_publish" else 404)
