"""The Administration group (``participants.0003_roles``) was given every permission of the
apps it manages when it was created; onsite came later: give it onsite's too, so it keeps
reading and exporting stand contacts in the admin. Accueil and Programme keep their
``participants.check_in`` and ``participants.view_dashboard``, unchanged.

Running it again (or after new onsite models) only adds what is missing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def administration_grant(apps, schema_editor):
    app_config = apps.get_app_config("onsite")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="onsite")
    for group in Group.objects.filter(name="Administration"):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("onsite", "0001_initial"),
        ("participants", "0004_standcontact_moved_to_onsite"),
    ]

    operations = [migrations.RunPython(administration_grant, migrations.RunPython.noop)]
