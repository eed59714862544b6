import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains

from events.enums import StageRole
from tests.admin_forms import admin_change
from tests.factories import (
    EventFactory,
    SpaceFactory,
    SpeakerFactory,
    StageAppearanceFactory,
    TimetableItemFactory,
)


@pytest.mark.django_db
def test_event_changelist_shows_name_and_venue(admin_client):
    EventFactory(name="Innov'insertion 2026", venue="Technopôle Hub&Go")

    response = admin_client.get(reverse("admin:events_event_changelist"))

    assertContains(response, "Innov&#x27;insertion 2026")
    assertContains(response, "Technopôle Hub&amp;Go")


@pytest.mark.django_db
def test_event_change_form_shows_spaces_inline(admin_client):
    space = SpaceFactory(name="Amphithéâtre")

    response = admin_client.get(reverse("admin:events_event_change", args=[space.event.pk]))

    assertContains(response, '<h2 id="spaces-heading" class="inline-heading">')
    assertContains(response, 'value="Amphithéâtre"')


@pytest.mark.django_db
def test_event_add_form_prepopulates_slug_from_name(admin_client):
    response = admin_client.get(reverse("admin:events_event_add"))

    assert response.context["prepopulated_fields_json"] == (
        '[{"id": "#id_slug", "name": "slug", "dependency_ids": ["#id_name"], '
        '"dependency_list": ["name"], "maxLength": 100, "allowUnicode": false}]'
    )


@pytest.mark.django_db
def test_space_changelist_shows_name(admin_client):
    SpaceFactory(name="Salle Schneider")

    response = admin_client.get(reverse("admin:events_space_changelist"))

    assertContains(response, "Salle Schneider")


@pytest.mark.django_db
def test_timetable_item_changelist_shows_title_and_space(admin_client):
    TimetableItemFactory(title="Table ronde de l'insertion", space__name="Auditorium")

    response = admin_client.get(reverse("admin:events_timetableitem_changelist"))

    assertContains(response, "Table ronde de l&#x27;insertion")
    assertContains(response, "Auditorium (Rez-de-chaussée)")


@pytest.mark.django_db
def test_timetable_item_change_form_shows_speakers_with_role(admin_client):
    appearance = StageAppearanceFactory(
        speaker__full_name="Dominique Lefèvre", role=StageRole.MODERATOR
    )

    response = admin_client.get(
        reverse("admin:events_timetableitem_change", args=[appearance.timetable_item.pk])
    )

    assertContains(response, '<h2 id="appearances-heading" class="inline-heading">')
    assertContains(response, "Dominique Lefèvre (Impact Tank) — Animation")
    assertContains(response, '<option value="moderator" selected>Animation</option>', html=True)


@pytest.mark.django_db
def test_speaker_changelist_shows_full_name(admin_client):
    SpeakerFactory(full_name="Dominique Lefèvre")

    response = admin_client.get(reverse("admin:events_speaker_changelist"))

    assertContains(response, "Dominique Lefèvre")


@pytest.mark.django_db
def test_stage_appearance_changelist_shows_speaker_and_item(admin_client):
    StageAppearanceFactory(
        speaker__full_name="Dominique Lefèvre", timetable_item__title="Ouverture"
    )

    response = admin_client.get(reverse("admin:events_stageappearance_changelist"))

    assertContains(response, "Dominique Lefèvre (Impact Tank)")
    assertContains(response, "Ouverture")


@pytest.mark.django_db
def test_timetable_item_changelist_query_count_same_for_3_and_30_items(admin_client, event):
    url = reverse("admin:events_timetableitem_changelist")
    TimetableItemFactory.create_batch(3, event=event)
    admin_client.get(url)  # warm the session and content-type caches
    with CaptureQueriesContext(connection) as small:
        admin_client.get(url)
    TimetableItemFactory.create_batch(27, event=event)

    with CaptureQueriesContext(connection) as large:
        response = admin_client.get(url)

    assert response.context["cl"].result_count == 30
    assert len(large) == len(small)


# --- History: « Historique » and restore ---------------------------------------------------


@pytest.mark.django_db
def test_space_changed_in_the_event_form_is_in_the_space_history(admin_client, admin_user):
    space = SpaceFactory(name="Salle Eiffel")

    admin_change(admin_client, space.event, **{"spaces-0-name": "Salle Schneider"})

    assert [h.name for h in space.history.order_by("history_id")] == [
        "Salle Eiffel",
        "Salle Schneider",
    ]
    assert space.history.latest().history_user == admin_user
