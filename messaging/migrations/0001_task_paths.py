"""The deliveries moved from participants to messaging (issue #10): django-tasks-db keeps
each queued task's dotted path (``task_path``), so a row queued, failed (waiting for
``messages_retry``) or running before the deploy would point at a module that is gone and
never run again. Rename them, and the moved exception classes of failed rows; backwards,
the reverse. Written out here, not read from the code: the code moves on, this does not."""

from django.db import migrations

TASKS = {
    **{
        f"participants.tasks.{name}": f"messaging.tasks.{name}"
        for name in (
            "confirmation_deliver",
            "personal_link_deliver",
            "cancellation_deliver",
            "waitlist_promotion_deliver",
            "confirmation_text_deliver",
            "personal_link_text_deliver",
            "cancellation_text_deliver",
            "waitlist_promotion_text_deliver",
            "reminder_text_deliver",
        )
    },
    "participants.contact_changes.email_confirmation_deliver": (
        "messaging.tasks.email_confirmation_deliver"
    ),
    "participants.contact_changes.phone_code_deliver": "messaging.tasks.phone_code_deliver",
}
EXCEPTIONS = {
    "participants.emails.DeliveryError": "messaging.emails.DeliveryError",
    "participants.tasks.WorkerLost": "messaging.tasks.WorkerLost",
}


def _rename(apps, *, tasks: dict[str, str], exceptions: dict[str, str]) -> None:
    """Rename the task paths, then the exception paths of those tasks' rows only."""
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in tasks.items():
        DBTaskResult.objects.filter(task_path=old).update(task_path=new)
    ours = DBTaskResult.objects.filter(task_path__in=tasks.values())
    for old, new in exceptions.items():
        ours.filter(exception_class_path=old).update(exception_class_path=new)


def forwards(apps, schema_editor):
    _rename(apps, tasks=TASKS, exceptions=EXCEPTIONS)


def backwards(apps, schema_editor):
    _rename(
        apps,
        tasks={new: old for old, new in TASKS.items()},
        exceptions={new: old for old, new in EXCEPTIONS.items()},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
