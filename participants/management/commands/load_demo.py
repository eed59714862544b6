"""``manage.py load_demo``: load the demo Innov’insertion day (safe to run again)."""

from django.core.management.base import BaseCommand

from events.models import Speaker
from exhibitors.models import JobOffer, StandActivity
from participants.demo import demo_load


class Command(BaseCommand):
    help = (
        "Charge la journée de démonstration Innov’insertion ; relancer ne crée pas de doublon. "
        "/ Loads the demo Innov’insertion day; running it again creates no duplicates."
    )

    def handle(self, *args, **options):
        event = demo_load()

        stands = event.stands.all()
        counts = [
            (event.spaces.count(), "salles / rooms"),
            (stands.count(), "stands"),
            (StandActivity.objects.filter(stand__event=event).count(), "activités / activities"),
            (
                JobOffer.objects.filter(organisation__stands__event=event).distinct().count(),
                "offres / job offers",
            ),
            (event.workshops.count(), "ateliers / workshops"),
            (event.timetable_items.count(), "moments du programme / timetable items"),
            (
                Speaker.objects.filter(timetable_items__event=event).distinct().count(),
                "intervenant·es / speakers",
            ),
        ]
        self.stdout.write(
            self.style.SUCCESS(
                f"{event.name} — {event.date:%d/%m/%Y} ({event.slug}) : données de démonstration "
                "chargées / demo data loaded."
            )
        )
        self.stdout.write(", ".join(f"{count} {label}" for count, label in counts) + ".")
