"""``manage.py load_demo [--force]``: load the demo Innov’insertion day (safe to run again).

It writes only into the edition the demo created; an edition with the demo's slug that it
did not create is refused (exit status 1, nothing changed) unless ``--force`` is given.
"""

from django.core.management.base import BaseCommand, CommandError

from demo.services import DemoError, demo_load
from events.models import Speaker
from exhibitors.models import JobOffer, StandActivity


class Command(BaseCommand):
    help = (
        "Charge la journée de démonstration Innov’insertion ; relancer ne crée pas de doublon. "
        "/ Loads the demo Innov’insertion day; running it again creates no duplicates."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Remplace aussi une édition innov-insertion que la démo n’a pas créée. "
                "/ Also replaces an innov-insertion edition the demo did not create."
            ),
        )

    def handle(self, *args, force: bool, **options):
        try:
            event = demo_load(force=force)
        except DemoError as error:
            raise CommandError(error.message) from error

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
