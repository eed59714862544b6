"""``manage.py messages_retry``: put the emails and texts to participants that did not go
back in the task queue (run every few minutes by a systemd timer; see
``messaging.tasks.deliveries_requeue``)."""

from datetime import timedelta

from django.core.management.base import BaseCommand

from messaging import tasks


class Command(BaseCommand):
    help = (
        "Remet en file les courriels aux participants que le serveur SMTP a refusés ou qu’un "
        "worker arrêté a laissés en cours. / Requeues the participants' emails the SMTP "
        "server refused or a stopped worker left running."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=tasks.MAX_ATTEMPTS,
            help="Runs of one email before it stays failed (default: %(default)s).",
        )
        parser.add_argument(
            "--stale-minutes",
            type=float,
            default=tasks.STALE_AFTER.total_seconds() / 60,
            help="A delivery still running after this long lost its worker (default: %(default)s).",
        )

    def handle(self, *args, max_attempts, stale_minutes, **options):
        requeued = tasks.deliveries_requeue(
            max_attempts=max_attempts, stale_after=timedelta(minutes=stale_minutes)
        )
        self.stdout.write(f"{requeued} message(s) remis en file / message(s) requeued.")
