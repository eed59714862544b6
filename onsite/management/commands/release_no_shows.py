"""``manage.py release_no_shows``: release the seats of people who have not arrived, at every
door in use whose release time has passed (run every few minutes on the day by a systemd
timer; running it again releases nothing more)."""

from django.core.management.base import BaseCommand

from onsite import services
from participants.bookables import kind_of


class Command(BaseCommand):
    help = (
        "Libère les places des personnes absentes aux portes en service (ateliers, "
        "conférence, activités) dont l’heure de libération est passée, et les prévient. / "
        "Releases the seats of people not arrived at the doors in use once their release "
        "time has passed, and tells them."
    )

    def handle(self, *args, **options):
        done = services.no_shows_release_due()
        for target, released in done:
            self.stdout.write(
                f"{kind_of(target).display(target)} : {len(released)} place(s) libérée(s) / "
                "seat(s) released."
            )
        total = sum(len(released) for _target, released in done)
        self.stdout.write(f"{total} place(s) libérée(s) / seat(s) released.")
