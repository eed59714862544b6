"""Once a day (cron): each exhibitor member who chose the digest gets the new applications."""

from django.core.management.base import BaseCommand

from exhibitors import services


class Command(BaseCommand):
    help = "Envoie le récapitulatif quotidien des candidatures aux exposants qui l’ont choisi."

    def handle(self, *args, **options):
        sent = services.applications_digest_send()
        self.stdout.write(f"{sent} récapitulatif(s) envoyé(s).")
