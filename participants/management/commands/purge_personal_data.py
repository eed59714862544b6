"""``manage.py purge_personal_data``: anonymise the participants of past editions (run
daily by cron or a systemd timer; running it again anonymises nothing more)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from participants import services


class Command(BaseCommand):
    help = (
        "Anonymise les participant·es des éditions passées depuis plus de N jours. / "
        "Anonymises the participants of editions that ended more than N days ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=(
                "Jours de conservation après l’édition (par défaut "
                "PERSONAL_DATA_RETENTION_DAYS). / Retention days after the edition."
            ),
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = settings.PERSONAL_DATA_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days doit être positif ou nul. / --days must not be negative.")
        count = services.personal_data_purge(retention_days=days)
        self.stdout.write(
            f"{count} participant·e(s) anonymisé·e(s), éditions passées depuis plus de "
            f"{days} jours / participant(s) anonymised, editions over {days} days ago."
        )
