"""``manage.py send_reminders``: email the day-before reminder (run daily by cron or a
systemd timer; running it again sends nothing new)."""

from django.core.management.base import BaseCommand

from messaging import services


class Command(BaseCommand):
    help = (
        "Envoie le rappel de la veille aux personnes inscrites à l’édition de demain, une "
        "seule fois. / Emails tomorrow’s registered participants their reminder, once."
    )

    def handle(self, *args, **options):
        sent = services.reminders_send()
        self.stdout.write(f"{sent} rappel(s) envoyé(s) / reminder(s) sent.")
