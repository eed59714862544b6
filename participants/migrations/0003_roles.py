"""The staff roles of the day, as groups with their permissions.

- Accueil (reception): check people in, mark attendance, register walk-ins; nothing else
  (not the admin's content, not the exports).
- Programme: edit the programme's content (edition, rooms, timetable, speakers, forum,
  workshops) and follow the dashboard; no personal data.
- Administration: everything about the day, situation data and exports included.

Running it again (or after new models) only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT_MODELS = {
    "events": ["event", "space", "timetableitem", "speaker", "stageappearance"],
    "exhibitors": ["sector", "organisation", "stand", "standactivity", "joboffer"],
    "workshops": ["workshop"],
}
ROLES = {
    "Accueil": [("participants", "check_in")],
    "Programme": [
        *[
            (app, f"{action}_{model}")
            for app, models in CONTENT_MODELS.items()
            for model in models
            for action in ("add", "change", "delete", "view")
        ],
        ("participants", "view_dashboard"),
    ],
    "Administration": "ALL",
}
ADMIN_APPS = ["events", "exhibitors", "workshops", "participants"]


def roles_create(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        if wanted == "ALL":
            permissions = Permission.objects.filter(content_type__app_label__in=ADMIN_APPS)
        else:
            permissions = [
                Permission.objects.get(content_type__app_label=app, codename=codename)
                for app, codename in wanted
            ]
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("events", "0002_seats_taken"),
        ("exhibitors", "0003_exhibitor_portal"),
        ("workshops", "0003_seat_constraints"),
        ("participants", "0002_day_itself"),
    ]

    operations = [migrations.RunPython(roles_create, migrations.RunPython.noop)]
