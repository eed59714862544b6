"""StandContact now belongs to onsite (``onsite.0001_initial``): forget it here, keep the
table (onsite's model uses it under the same name)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0003_roles"),
        ("onsite", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="StandContact")],
            database_operations=[],
        ),
    ]
