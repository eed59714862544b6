"""The doors on the day (#14): minutes after a session starts when the seats of people who
have not arrived are released."""

import django.core.validators
from django.db import migrations, models

FIELD = dict(
    default=10,
    help_text=(
        "Minutes après le début d’un atelier, de la conférence ou d’une activité : les places "
        "des personnes qui ne sont pas arrivées sont alors libérées, pour la liste d’attente "
        "présente à la porte ou une personne venue sur place."
    ),
    validators=[django.core.validators.MaxValueValidator(240)],
    verbose_name="libération des places non occupées (minutes)",
)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0003_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="event",
            name="no_show_release_minutes",
            field=models.PositiveSmallIntegerField(**FIELD),
        ),
        migrations.AddField(
            model_name="historicalevent",
            name="no_show_release_minutes",
            field=models.PositiveSmallIntegerField(**FIELD),
        ),
    ]
