"""Every content model staff edit keeps its history: a change in the admin is listed on its
« Historique » page with who made it, and an earlier version can be restored from there.
(Organisation, stand activities and job offers, edited in the portal too, have their own
tests in tests/exhibitors/; the workshop's, with its seats, in tests/workshops/.)"""

import pytest
from pytest_django.asserts import assertContains

from .admin_forms import admin_change, admin_url, history_restore
from .factories import (
    EventFactory,
    SectorFactory,
    SpaceFactory,
    SpeakerFactory,
    StandFactory,
    TimetableItemFactory,
)

pytestmark = pytest.mark.django_db

# model: (factory, a field staff edit, a new value)
HISTORY = {
    "event": (EventFactory, "name", "Innov'insertion (brouillon)"),
    "space": (SpaceFactory, "directions", "Au fond du couloir, à gauche."),
    "timetable_item": (TimetableItemFactory, "title", "Table ronde de l'insertion"),
    "speaker": (SpeakerFactory, "position", "Directrice"),
    "stand": (StandFactory, "location_hint", "À droite de l'entrée."),
    "sector": (SectorFactory, "name", "Industrie"),
}


@pytest.mark.parametrize("model", HISTORY)
def test_change_in_the_admin_is_listed_in_the_history(admin_client, admin_user, model):
    factory, field, value = HISTORY[model]
    obj = factory()

    admin_change(admin_client, obj, **{field: value})

    change = obj.history.latest()
    assert (getattr(change, field), change.history_user) == (value, admin_user)
    history = admin_client.get(admin_url(obj, "history"))
    assertContains(history, admin_url(obj, "simple_history", change.history_id))
    assertContains(history, admin_user.username)


@pytest.mark.parametrize("model", HISTORY)
def test_earlier_version_restored_from_the_history(admin_client, model):
    factory, field, value = HISTORY[model]
    obj = factory()
    before = getattr(obj, field)
    admin_change(admin_client, obj, **{field: value})

    history_restore(admin_client, obj, obj.history.earliest())

    obj.refresh_from_db()
    assert getattr(obj, field) == before
