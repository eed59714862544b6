import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.admin_forms import admin_change, admin_url, history_restore
from tests.factories import OrganisationFactory, WorkshopFactory


@pytest.mark.django_db
def test_workshop_changelist_shows_title_time_room_and_host(admin_client, event):
    WorkshopFactory(
        event=event,
        title="Réussir son entretien",
        space__name="Salle Eiffel",
        host_organisation=OrganisationFactory(name="France Travail"),
    )

    response = admin_client.get(reverse("admin:workshops_workshop_changelist"))

    assertContains(response, "Réussir son entretien")
    assertContains(response, f"{event.date:%d/%m/%Y}, 10h00–11h00")
    assertContains(response, "Salle Eiffel (Rez-de-chaussée)")
    assertContains(response, '<td class="field-host">France Travail</td>', html=True)


@pytest.mark.django_db
def test_workshop_changelist_shows_free_text_host(admin_client):
    WorkshopFactory(host_name="Mme Dupont, conseillère")

    response = admin_client.get(reverse("admin:workshops_workshop_changelist"))

    assertContains(response, '<td class="field-host">Mme Dupont, conseillère</td>', html=True)


@pytest.mark.django_db
def test_workshop_changelist_search_finds_by_title_only(admin_client, event):
    interview = WorkshopFactory(event=event, title="Réussir son entretien")
    WorkshopFactory(event=event, title="Atelier CV")

    response = admin_client.get(reverse("admin:workshops_workshop_changelist"), {"q": "entretien"})

    assert list(response.context["cl"].result_list) == [interview]
    assertContains(response, "Réussir son entretien")
    assertNotContains(response, "Atelier CV")


@pytest.mark.django_db
def test_workshop_changelist_search_finds_by_host_organisation(admin_client, event):
    hosted = WorkshopFactory(
        event=event, host_organisation=OrganisationFactory(name="France Travail")
    )
    WorkshopFactory(event=event)

    response = admin_client.get(reverse("admin:workshops_workshop_changelist"), {"q": "travail"})

    assert list(response.context["cl"].result_list) == [hosted]


@pytest.mark.django_db
def test_workshop_change_form_shows_title(admin_client):
    workshop = WorkshopFactory(title="Réussir son entretien")

    response = admin_client.get(reverse("admin:workshops_workshop_change", args=[workshop.pk]))

    assertContains(response, 'value="Réussir son entretien"')


@pytest.mark.django_db
def test_workshop_add_form_prepopulates_slug_from_title(admin_client):
    response = admin_client.get(reverse("admin:workshops_workshop_add"))

    assert response.context["prepopulated_fields_json"] == (
        '[{"id": "#id_slug", "name": "slug", "dependency_ids": ["#id_title"], '
        '"dependency_list": ["title"], "maxLength": 100, "allowUnicode": false}]'
    )


@pytest.mark.django_db
def test_workshop_changelist_query_count_same_for_3_and_30_workshops(admin_client, event):
    url = reverse("admin:workshops_workshop_changelist")
    for _ in range(3):
        WorkshopFactory(event=event, host_organisation=OrganisationFactory())
    admin_client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        admin_client.get(url)
    for _ in range(27):
        WorkshopFactory(event=event, host_organisation=OrganisationFactory())

    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 30
    assert len(large) == len(small)


# --- History: « Historique » and restore ---------------------------------------------------


@pytest.mark.django_db
def test_workshop_change_in_the_admin_is_listed_in_the_history(admin_client, admin_user):
    workshop = WorkshopFactory(title="Atelier CV")

    admin_change(admin_client, workshop, title="Réussir son CV")

    change = workshop.history.latest()
    assert (change.title, change.history_user) == ("Réussir son CV", admin_user)
    history = admin_client.get(admin_url(workshop, "history"))
    assertContains(history, admin_url(workshop, "simple_history", change.history_id))
    assertContains(history, admin_user.username)


@pytest.mark.django_db
def test_workshop_earlier_version_restored_from_the_history(admin_client):
    workshop = WorkshopFactory(title="Atelier CV", capacity=12)
    admin_change(admin_client, workshop, title="Réussir son CV", capacity="15")

    history_restore(admin_client, workshop, workshop.history.earliest())

    workshop.refresh_from_db()
    assert (workshop.title, workshop.capacity) == ("Atelier CV", 12)
