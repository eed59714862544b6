"""A person registered by an advisor may have no contact of their own (#12): the advisor who
receives their messages (``referrer_receives_copies``) reaches them. Anyone else still needs
an email or a phone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0006_phones_e164"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="participant",
            name="participant_has_email_or_phone",
        ),
        migrations.AddConstraint(
            model_name="participant",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("email", ""), ("phone", ""), _negated=True),
                    models.Q(
                        ("referrer_receives_copies", True),
                        models.Q(("referrer_email", ""), _negated=True),
                    ),
                    ("anonymised_at__isnull", False),
                    _connector="OR",
                ),
                name="participant_reachable",
                violation_error_message=(
                    "Un courriel ou un téléphone est nécessaire, ou le courriel du conseiller "
                    "ou de la conseillère qui reçoit les messages."
                ),
            ),
        ),
    ]
