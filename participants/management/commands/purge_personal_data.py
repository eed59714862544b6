"""``manage.py purge_personal_data``: anonymise the participants of past editions and delete
the CVs left at the stands (run daily by cron or a systemd timer; running it again deletes
nothing more)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from exhibitors import services as exhibitor_services
from participants import services


class Command(BaseCommand):
    help = (
        "Anonymise les participant·es des éditions passées depuis plus de N jours et efface "
        "les CV déposés aux éditions passées depuis plus de M jours. / Anonymises the "
        "participants and deletes the CVs of past editions."
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
        parser.add_argument(
            "--cv-days",
            type=int,
            default=None,
            help=(
                "Jours de conservation des CV après l’édition (par défaut CV_RETENTION_DAYS). "
                "/ Retention days of the CVs after the edition."
            ),
        )

    def handle(self, *args, **options):
        days = options["days"]
        if days is None:
            days = settings.PERSONAL_DATA_RETENTION_DAYS
        cv_days = options["cv_days"]
        if cv_days is None:
            cv_days = settings.CV_RETENTION_DAYS
        if days < 0 or cv_days < 0:
            raise CommandError(
                "--days et --cv-days doivent être positifs ou nuls. / "
                "--days and --cv-days must not be negative."
            )
        count = services.personal_data_purge(retention_days=days)
        self.stdout.write(
            f"{count} participant·e(s) anonymisé·e(s), éditions passées depuis plus de "
            f"{days} jours / participant(s) anonymised, editions over {days} days ago."
        )
        cv_count = exhibitor_services.applications_purge(retention_days=cv_days)
        self.stdout.write(
            f"{cv_count} candidature(s) et CV effacé(s), éditions passées depuis plus de "
            f"{cv_days} jours / application(s) and CV(s) deleted, editions over {cv_days} "
            "days ago."
        )
