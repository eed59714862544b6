"""StandContact moved from participants to onsite without losing a row: the migrations run
back to before the move, a contact is written there through the old model, and after the
move it is read back through onsite's model, with its permissions and admin log entries.

Migrations change the schema, so these tests are transactional (and run last)."""

import datetime as dt

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from onsite.models import StandContact

from ..factories import EventFactory, OrganisationFactory, StandFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("participants", "0003_roles"), ("onsite", None)]


def _migrate(targets):
    """Run the migrations to ``targets``; returns the historical apps at ``targets``."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    state_nodes = [(app, name) for app, name in targets if name is not None]
    return executor.loader.project_state(state_nodes).apps


def _migrate_to_the_end():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def before_the_move():
    """The database as it was before onsite existed; migrated to the end afterwards."""
    try:
        yield _migrate(BEFORE_THE_MOVE)
    finally:
        _migrate_to_the_end()


def _old_contact(apps, *, note: str):
    """A contact written through participants' StandContact, as the old code did."""
    stand = StandFactory(
        event=EventFactory(), organisation=OrganisationFactory(name="Forges du Creusot")
    )
    recorder = UserFactory(username="rh@forges.example.org")
    Participant = apps.get_model("participants", "Participant")
    participant = Participant.objects.create(
        event_id=stand.event_id,
        first_name="Amina",
        last_name="Benali",
        email="amina.benali@example.org",
        token="a-token-of-the-old-days",
        ticket_code="K7Q2M9XAPB",
        accepts_stand_contacts=True,
        privacy_consent_at=timezone.now() - dt.timedelta(days=3),
    )
    OldStandContact = apps.get_model("participants", "StandContact")
    contact = OldStandContact.objects.create(
        stand_id=stand.pk, participant=participant, recorded_by_id=recorder.pk, note=note
    )
    return contact, stand, participant, recorder


def test_stand_contacts_keep_their_rows_through_the_move(before_the_move):
    old, stand, participant, recorder = _old_contact(before_the_move, note="Soudure, rappeler")

    _migrate_to_the_end()

    contact = StandContact.objects.get(pk=old.pk)
    assert contact.stand == stand
    assert contact.participant_id == participant.pk
    assert contact.participant.full_name == "Amina Benali"
    assert contact.recorded_by == recorder
    assert contact.note == "Soudure, rappeler"
    assert contact.created_at == old.created_at
    assert StandContact.objects.count() == 1
    assert StandContact._meta.db_table == "participants_standcontact"


def test_permissions_and_log_entries_follow_the_stand_contacts(before_the_move):
    apps = before_the_move
    old, *_ = _old_contact(apps, note="")
    OldContentType = apps.get_model("contenttypes", "ContentType")
    old_type, _ = OldContentType.objects.get_or_create(
        app_label="participants", model="standcontact"
    )
    OldPermission = apps.get_model("auth", "Permission")
    view, _ = OldPermission.objects.get_or_create(
        content_type=old_type, codename="view_standcontact", defaults={"name": "Voir"}
    )
    group, _ = Group.objects.get_or_create(name="Administration")
    group.permissions.add(view.pk)
    LogEntry.objects.create(
        user=UserFactory(username="gestion@cucm.example.org"),
        content_type_id=old_type.pk,
        object_id=str(old.pk),
        object_repr="Amina Benali @ stand",
        action_flag=ADDITION,
    )

    _migrate_to_the_end()

    content_type = ContentType.objects.get_for_model(StandContact)
    assert content_type.pk == old_type.pk
    assert not ContentType.objects.filter(app_label="participants", model="standcontact").exists()
    assert group.permissions.filter(content_type=content_type, codename="view_standcontact")
    assert {p.codename for p in group.permissions.filter(content_type__app_label="onsite")} == {
        "add_standcontact",
        "change_standcontact",
        "delete_standcontact",
        "view_standcontact",
    }
    assert LogEntry.objects.get().content_type == content_type


def test_a_content_type_made_early_for_onsite_is_merged(before_the_move):
    """A request served by the new code before `migrate` made onsite's content type: the
    old one's grants and log entries go to it, and the old one goes."""
    apps = before_the_move
    old, *_ = _old_contact(apps, note="")
    OldContentType = apps.get_model("contenttypes", "ContentType")
    OldPermission = apps.get_model("auth", "Permission")
    old_type, _ = OldContentType.objects.get_or_create(
        app_label="participants", model="standcontact"
    )
    early_type = OldContentType.objects.create(app_label="onsite", model="standcontact")
    old_view, _ = OldPermission.objects.get_or_create(
        content_type=old_type, codename="view_standcontact", defaults={"name": "Voir"}
    )
    OldPermission.objects.create(content_type=early_type, codename="view_standcontact", name="V")
    group, _ = Group.objects.get_or_create(name="Lecture des contacts")
    group.permissions.add(old_view.pk)
    LogEntry.objects.create(
        user=UserFactory(username="gestion@cucm.example.org"),
        content_type_id=old_type.pk,
        object_id=str(old.pk),
        object_repr="Amina Benali @ stand",
        action_flag=ADDITION,
    )

    _migrate_to_the_end()

    assert not ContentType.objects.filter(app_label="participants", model="standcontact").exists()
    content_type = ContentType.objects.get(app_label="onsite", model="standcontact")
    assert content_type.pk == early_type.pk
    assert list(group.permissions.values_list("content_type", "codename")) == [
        (content_type.pk, "view_standcontact")
    ]
    assert LogEntry.objects.get().content_type == content_type
    assert StandContact.objects.filter(pk=old.pk).exists()
