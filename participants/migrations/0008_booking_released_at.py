"""The doors on the day (#14): a confirmed seat whose holder had not arrived when the
edition's release time passed is cancelled and marked ``released_at``."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0007_participant_reachable_through_advisor"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="released_at",
            field=models.DateTimeField(
                blank=True,
                help_text=(
                    "Absent·e au début : la place a été libérée pour une autre personne (la "
                    "réservation est alors annulée)."
                ),
                null=True,
                verbose_name="place libérée le",
            ),
        ),
    ]
