import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from exhibitors.models import JobOffer
from tests.admin_forms import admin_change
from tests.exhibitors.test_uploads import GENERATED_NAME, image_bytes, upload
from tests.factories import (
    JobOfferFactory,
    OrganisationFactory,
    SectorFactory,
    StandActivityFactory,
    StandFactory,
)


@pytest.mark.django_db
def test_sector_changelist_shows_name(admin_client):
    SectorFactory(name="Métallurgie")

    response = admin_client.get(reverse("admin:exhibitors_sector_changelist"))

    assertContains(response, "Métallurgie")


@pytest.mark.django_db
def test_organisation_changelist_shows_sectors_and_offer_count(admin_client):
    organisation = OrganisationFactory(
        name="Forges du Creusot",
        sectors=[SectorFactory(name="Métallurgie"), SectorFactory(name="Industrie")],
    )
    JobOfferFactory.create_batch(2, organisation=organisation)

    response = admin_client.get(reverse("admin:exhibitors_organisation_changelist"))

    assertContains(response, "Forges du Creusot")
    assertContains(
        response, '<td class="field-sector_names">Industrie, Métallurgie</td>', html=True
    )
    assertContains(response, '<td class="field-offer_count">2</td>', html=True)


@pytest.mark.django_db
def test_organisation_changelist_search_finds_by_name_only(admin_client):
    forges = OrganisationFactory(name="Forges du Creusot")
    OrganisationFactory(name="Boulangerie Martin")

    response = admin_client.get(
        reverse("admin:exhibitors_organisation_changelist"), {"q": "forges"}
    )

    assert list(response.context["cl"].result_list) == [forges]
    assertContains(response, "Forges du Creusot")
    assertNotContains(response, "Boulangerie Martin")


@pytest.mark.django_db
def test_organisation_change_form_shows_stands_and_offers_inlines(admin_client):
    stand = StandFactory(number=12, organisation__name="Forges du Creusot")
    JobOfferFactory(organisation=stand.organisation, title="Soudeur ou soudeuse")

    response = admin_client.get(
        reverse("admin:exhibitors_organisation_change", args=[stand.organisation.pk])
    )

    assertContains(response, '<h2 id="stands-heading" class="inline-heading">')
    assertContains(response, "Stand 12 — Forges du Creusot")
    assertContains(response, '<h2 id="job_offers-heading" class="inline-heading">')
    assertContains(response, 'value="Soudeur ou soudeuse"')


@pytest.mark.django_db
def test_organisation_add_form_prepopulates_slug_from_name(admin_client):
    response = admin_client.get(reverse("admin:exhibitors_organisation_add"))

    assert response.context["prepopulated_fields_json"] == (
        '[{"id": "#id_slug", "name": "slug", "dependency_ids": ["#id_name"], '
        '"dependency_list": ["name"], "maxLength": 100, "allowUnicode": false}]'
    )


@pytest.mark.django_db
def test_stand_changelist_shows_number_and_organisation(admin_client):
    StandFactory(number=7, organisation__name="Forges du Creusot")

    response = admin_client.get(reverse("admin:exhibitors_stand_changelist"))

    assertContains(response, "Forges du Creusot")
    assertContains(response, '<td class="field-floor">Rez-de-chaussée</td>', html=True)


@pytest.mark.django_db
def test_stand_change_form_shows_activities_inline(admin_client):
    activity = StandActivityFactory(title="Casque de réalité virtuelle")

    response = admin_client.get(reverse("admin:exhibitors_stand_change", args=[activity.stand.pk]))

    assertContains(response, '<h2 id="activities-heading" class="inline-heading">')
    assertContains(response, 'value="Casque de réalité virtuelle"')


@pytest.mark.django_db
def test_stand_activity_changelist_shows_title_and_stand(admin_client):
    StandActivityFactory(
        title="Casque de réalité virtuelle", stand__number=3, stand__organisation__name="Forges"
    )

    response = admin_client.get(reverse("admin:exhibitors_standactivity_changelist"))

    assertContains(response, "Casque de réalité virtuelle")
    assertContains(response, "Stand 3 — Forges")


@pytest.mark.django_db
def test_job_offer_changelist_shows_title_and_organisation(admin_client):
    JobOfferFactory(title="Soudeur ou soudeuse", organisation__name="Forges du Creusot")

    response = admin_client.get(reverse("admin:exhibitors_joboffer_changelist"))

    assertContains(response, "Soudeur ou soudeuse")
    assertContains(response, "Forges du Creusot")


@pytest.mark.django_db
def test_job_offer_unpublish_action_hides_selected_offers(admin_client):
    selected = JobOfferFactory(is_published=True)
    other = JobOfferFactory(is_published=True)

    response = admin_client.post(
        reverse("admin:exhibitors_joboffer_changelist"),
        {"action": "unpublish", "_selected_action": [selected.pk]},
        follow=True,
    )

    assert list(JobOffer.objects.published()) == [other]
    assertContains(response, "1 offre retirée de la publication.")


@pytest.mark.django_db
def test_job_offer_publish_action_publishes_selected_offers(admin_client):
    offers = JobOfferFactory.create_batch(2, is_published=False)

    response = admin_client.post(
        reverse("admin:exhibitors_joboffer_changelist"),
        {"action": "publish", "_selected_action": [offer.pk for offer in offers]},
        follow=True,
    )

    assert JobOffer.objects.published().count() == 2
    assertContains(response, "2 offres publiées.")


def _organisation_with_sector_and_offer():
    organisation = OrganisationFactory(sectors=[SectorFactory()])
    JobOfferFactory(organisation=organisation)


def _stand():
    StandFactory()


def _job_offer_with_sector():
    JobOfferFactory(sector=SectorFactory())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "make_row"),
    [
        ("admin:exhibitors_organisation_changelist", _organisation_with_sector_and_offer),
        ("admin:exhibitors_stand_changelist", _stand),
        ("admin:exhibitors_joboffer_changelist", _job_offer_with_sector),
    ],
)
def test_changelist_query_count_same_for_3_and_30_rows(admin_client, url_name, make_row):
    url = reverse(url_name)
    for _ in range(3):
        make_row()
    admin_client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        admin_client.get(url)
    for _ in range(27):
        make_row()

    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 30
    assert len(large) == len(small)


# --- History, logos and portal members ---------------------------------------------------


@pytest.mark.django_db
def test_staff_see_who_changed_a_stand_page_and_restore_the_earlier_version(
    admin_client, client, forges
):
    client.force_login(forges.user)
    client.post(
        reverse("portal:organisation_edit", kwargs={"pk": forges.organisation.pk}),
        {"description": "Texte cassé par erreur."},
    )
    organisation = forges.organisation
    earlier = organisation.history.order_by("history_id").first()

    history = admin_client.get(
        reverse("admin:exhibitors_organisation_history", args=[organisation.pk])
    )
    admin_client.post(
        reverse(
            "admin:exhibitors_organisation_simple_history",
            args=[organisation.pk, earlier.history_id],
        ),
        {
            "name": organisation.name,
            "slug": organisation.slug,
            "kind": organisation.kind,
            "description": earlier.description,
            "stands-TOTAL_FORMS": "1",
            "stands-INITIAL_FORMS": "1",
            "stands-0-id": forges.stand.pk,
            "stands-0-organisation": organisation.pk,
            "stands-0-event": forges.stand.event.pk,
            "stands-0-number": forges.stand.number,
            "stands-0-floor": forges.stand.floor,
            "job_offers-TOTAL_FORMS": "1",
            "job_offers-INITIAL_FORMS": "1",
            "job_offers-0-id": forges.offer.pk,
            "job_offers-0-organisation": organisation.pk,
            "job_offers-0-title": forges.offer.title,
            "job_offers-0-contract_type": forges.offer.contract_type,
            "job_offers-0-place": forges.offer.place,
            "job_offers-0-is_published": "on",
            "members-TOTAL_FORMS": "1",
            "members-INITIAL_FORMS": "1",
            "members-0-id": organisation.members.get().pk,
            "members-0-organisation": organisation.pk,
        },
    )

    assertContains(history, forges.user.username)
    organisation.refresh_from_db()
    assert organisation.description == "Une entreprise du territoire qui recrute."


@pytest.mark.django_db
def test_logo_uploaded_in_the_admin_is_reencoded_too(admin_client, forges):
    organisation = forges.organisation
    url = reverse("admin:exhibitors_organisation_change", args=[organisation.pk])
    page = admin_client.get(url)
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if key in {"name", "slug", "kind", "description"}
    }
    data.update(
        {
            "new_logo": upload(image_bytes("PNG", size=(900, 300)), "../logo.svg"),
            "stands-TOTAL_FORMS": "0",
            "stands-INITIAL_FORMS": "0",
            "job_offers-TOTAL_FORMS": "0",
            "job_offers-INITIAL_FORMS": "0",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert GENERATED_NAME.match(organisation.logo.name)
    assert organisation.logo.width == 600


@pytest.mark.django_db
def test_member_changelist_lists_accounts_by_organisation(admin_client, forges, admr):
    url = reverse("admin:exhibitors_organisationmember_changelist")

    response = admin_client.get(url, {"q": forges.user.email})

    assertContains(response, forges.user.email)
    assertNotContains(response, admr.user.email)


@pytest.mark.django_db
@pytest.mark.parametrize("model", ["organisation", "standactivity", "joboffer"])
def test_history_pages_name_the_portal_user(admin_client, client, forges, model):
    client.force_login(forges.user)
    client.post(
        reverse("portal:activity_edit", kwargs={"pk": forges.activity.pk}),
        {"kind": "game", "title": "Jeu des métiers", "capacity": "6"},
    )
    client.post(
        reverse("portal:offer_publish", kwargs={"pk": forges.offer.pk}), {"is_published": "0"}
    )
    client.post(
        reverse("portal:organisation_edit", kwargs={"pk": forges.organisation.pk}),
        {"description": "Nouveau texte."},
    )
    pk = {"organisation": forges.organisation, "standactivity": forges.activity,
          "joboffer": forges.offer}[model].pk  # fmt: skip

    response = admin_client.get(reverse(f"admin:exhibitors_{model}_history", args=[pk]))

    assertContains(response, forges.user.username)


@pytest.mark.django_db
def test_stand_activity_changed_in_the_stand_form_is_in_its_history(admin_client, admin_user):
    activity = StandActivityFactory(title="Casque de réalité virtuelle")

    admin_change(admin_client, activity.stand, **{"activities-0-title": "Jeu des métiers"})

    assert [h.title for h in activity.history.order_by("history_id")] == [
        "Casque de réalité virtuelle",
        "Jeu des métiers",
    ]
    assert activity.history.latest().history_user == admin_user
