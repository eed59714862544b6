"""The history of what staff edit (django-simple-history), shared by every app's models and
admins: who changed what and when, and « Historique » → restore an earlier version.

Participants' personal data keep no history: the purge must be able to erase it.
"""

from django.db import migrations, models
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords


class ContentHistory(HistoricalRecords):
    """``HistoricalRecords`` that writes no row for a save touching only untracked columns.

    A booking saves its workshop with ``update_fields=["seats_taken"]``; with
    ``excluded_fields=["seats_taken"]`` that save would still add a history row identical to
    the one before, one per registration. Such saves are skipped here; a save of all the
    fields (the admin, the portal) is recorded as usual.
    """

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)


class HistoryAdmin(SimpleHistoryAdmin):
    """A ``ModelAdmin`` with the « Historique » page and its restore button."""

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # django-simple-history 3.13 calls select_related() with no field names when the
        # model tracks no foreign key (Event, Sector, Speaker): Django 6.1 deprecates it.
        foreign_keys = [
            field.name
            for field in history_manager.model.tracked_fields
            if isinstance(field, models.ForeignKey)
        ]
        return history_manager.filter(**{pk_name: object_id}).select_related(
            "history_user", *foreign_keys
        )


BASELINE_REASON = "Version du jour où l’historique a commencé"


def versions_record(app_label: str, *model_names: str) -> migrations.RunPython:
    """A migration operation that records the current version of every row of these models
    that has none in its history yet, so that the version from before the first change
    made after history began can be restored too. Used by the migrations that add a
    history (``<app>/migrations/*_history.py``): keep its name and arguments.
    """

    def record(apps, schema_editor):
        now = timezone.now()
        for name in model_names:
            model = apps.get_model(app_label, name)
            historical = apps.get_model(app_label, f"Historical{name}")
            fields = [
                field.attname
                for field in historical._meta.concrete_fields
                if not field.name.startswith("history_")
            ]
            rows = model._base_manager.exclude(pk__in=historical.objects.values("id"))
            historical.objects.bulk_create(
                (
                    historical(
                        history_date=now,
                        history_type="+",
                        history_change_reason=BASELINE_REASON,
                        **{attname: getattr(row, attname) for attname in fields},
                    )
                    for row in rows.iterator()
                ),
                batch_size=500,
            )

    return migrations.RunPython(record, migrations.RunPython.noop, elidable=True)
