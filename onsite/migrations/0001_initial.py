"""StandContact moves from participants to onsite, its table and rows untouched.

Only Django's idea of the model moves (``SeparateDatabaseAndState``): the table keeps its
name, ``participants_standcontact`` (``Meta.db_table``), so no row is copied or lost.
``participants.0004_standcontact_moved_to_onsite`` then forgets the old model. The content
type follows too (app_label participants → onsite), so the permissions granted on stand
contacts and the admin's log entries stay attached to it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _content_type_move(apps, *, model: str, old_app: str, new_app: str) -> None:
    """Re-label the content type of ``model`` from ``old_app`` to ``new_app``.

    Should both exist (the new one created by a request served before this migration), the
    new one takes the old one's log entries and permission grants, and the old one goes."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label=old_app, model=model).first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label=new_app, model=model).first()
    if new is None:
        old.app_label = new_app
        old.save(update_fields=["app_label"])
        return
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry")
    LogEntry.objects.filter(content_type=old).update(content_type=new)
    for permission in Permission.objects.filter(content_type=old):
        kept, _ = Permission.objects.get_or_create(
            content_type=new, codename=permission.codename, defaults={"name": permission.name}
        )
        kept.group_set.add(*permission.group_set.all())
        kept.user_set.add(*permission.user_set.all())
    old.delete()


def content_type_forward(apps, schema_editor):
    _content_type_move(apps, model="standcontact", old_app="participants", new_app="onsite")


def content_type_backward(apps, schema_editor):
    _content_type_move(apps, model="standcontact", old_app="onsite", new_app="participants")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("exhibitors", "0003_exhibitor_portal"),
        ("participants", "0003_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="StandContact",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="rencontré·e le"),
                        ),
                        (
                            "participant",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="stand_contacts",
                                to="participants.participant",
                                verbose_name="participant·e",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="noté par",
                            ),
                        ),
                        (
                            "stand",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="contacts",
                                to="exhibitors.stand",
                                verbose_name="stand",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "contact au stand",
                        "verbose_name_plural": "contacts aux stands",
                        "db_table": "participants_standcontact",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("stand", "participant"),
                                name="stand_contact_once_per_stand",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_forward, content_type_backward),
    ]
