"""``manage.py bench_fill --scale N``: grow the demo day N-fold for ``make bench``.

The demo (``load_demo``) is scale 1: 12 stands and 12 workshops. Scale N adds N-1 copies of
its organisations (with their sectors, stand, activities and job offers) and of its
workshops, in the same edition, with unique slugs and stand numbers and the same plausible
times and rooms. ``--participants K`` then adds K registered people with one or two
workshop bookings each, written with ``bulk_create`` (never through the services one by
one) and with every workshop's ``seats_taken`` set to its confirmed bookings.

Only for the benchmark's own database: it writes many rows and no history. Like
``load_demo``, it refuses an edition with the demo's slug that the demo did not create,
unless ``--force``.
"""

import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from demo.data import ORGANISATIONS, WORKSHOPS
from demo.services import FILL, DemoError, demo_edition_get
from events.models import Event
from exhibitors.models import JobOffer, Organisation, Stand, StandActivity, job_offer_slug_base
from participants.enums import BookingState
from participants.models import Booking, Participant
from workshops.models import Workshop

BATCH = 1000


def _copy(instance, **changes):
    """An unsaved copy of ``instance`` with ``changes`` (no primary key yet)."""
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.primary_key
    }
    return type(instance)(**{**values, **changes})


class Command(BaseCommand):
    help = "Grows the demo day N-fold (benchmark database only)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="1 = the demo, 10, 100…")
        parser.add_argument("--participants", type=int, default=0)
        parser.add_argument(
            "--force", action="store_true", help="Also fills an edition the demo did not create."
        )

    def handle(self, *args, scale: int, participants: int, force: bool, **options):
        try:
            event = demo_edition_get(purpose=FILL, force=force)
        except DemoError as error:
            raise CommandError(error.message) from error
        if event is None:
            raise CommandError("Load the demo first: manage.py load_demo.")
        with transaction.atomic():
            for copy in range(1, scale):
                self._copy_forum(event=event, copy=copy)
                self._copy_workshops(event=event, copy=copy)
            if participants:
                self._participants_add(event=event, count=participants)
        self.stdout.write(
            f"scale {scale}: {event.stands.count()} stands, "
            f"{StandActivity.objects.filter(stand__event=event).count()} activities, "
            f"{JobOffer.objects.filter(organisation__stands__event=event).count()} offers, "
            f"{event.workshops.count()} workshops, {event.participants.count()} participants, "
            f"{Booking.objects.filter(participant__event=event).count()} bookings."
        )

    def _copy_forum(self, *, event: Event, copy: int) -> None:
        slugs = [row["slug"] for row in ORGANISATIONS]
        if Organisation.objects.filter(slug=f"{slugs[0]}-{copy}").exists():
            return  # this copy is already there
        originals = Organisation.objects.filter(slug__in=slugs).prefetch_related("sectors")
        for organisation in originals:
            clone = _copy(
                organisation,
                slug=f"{organisation.slug}-{copy}",
                name=f"{organisation.name} ({copy + 1})",
            )
            clone.save()
            clone.sectors.set(organisation.sectors.all())
            stand = Stand.objects.get(event=event, organisation=organisation)
            stand_clone = _copy(
                stand, organisation_id=clone.pk, number=stand.number + copy * len(slugs)
            )
            stand_clone.save()
            StandActivity.objects.bulk_create(
                _copy(activity, stand_id=stand_clone.pk, seats_taken=0)
                for activity in stand.activities.all()
            )
            JobOffer.objects.bulk_create(  # no save(): each copy's slug given here
                _copy(
                    offer,
                    organisation_id=clone.pk,
                    slug=job_offer_slug_base(title=offer.title, organisation_name=clone.name),
                )
                for offer in organisation.job_offers.all()
            )

    def _copy_workshops(self, *, event: Event, copy: int) -> None:
        slugs = [row["slug"] for row in WORKSHOPS]
        if Workshop.objects.filter(event=event, slug=f"{slugs[0]}-{copy}").exists():
            return
        originals = Workshop.objects.filter(event=event, slug__in=slugs)
        Workshop.objects.bulk_create(
            _copy(
                workshop,
                slug=f"{workshop.slug}-{copy}",
                title=f"{workshop.title} ({copy + 1})",
                seats_taken=0,
            )
            for workshop in originals
        )

    def _participants_add(self, *, event: Event, count: int) -> None:
        """``count`` people, each with one or two non-overlapping workshop choices; a full
        workshop puts them on its waiting list, as the service would."""
        rng = random.Random(6)  # noqa: S311 (the same data every run, no secret)
        now = timezone.now()
        first = Participant.objects.filter(event=event).count()
        people = Participant.objects.bulk_create(
            (
                Participant(
                    event=event,
                    first_name=f"Bench{first + n}",
                    last_name="Participant",
                    email=f"bench-{first + n}@example.org",
                    privacy_consent_at=now,
                    confirmation_sent_at=now,
                )
                for n in range(count)
            ),
            batch_size=BATCH,
        )
        workshops = list(Workshop.objects.filter(event=event))
        seats = {w.pk: w.seats_taken for w in workshops}
        bookings = []
        for person in people:
            chosen = rng.sample(workshops, 2)[: rng.choice((1, 2))]
            if len(chosen) == 2 and (
                chosen[0].starts_at < chosen[1].ends_at and chosen[1].starts_at < chosen[0].ends_at
            ):
                chosen = chosen[:1]
            for workshop in chosen:
                free = workshop.capacity is None or seats[workshop.pk] < workshop.capacity
                if free:
                    seats[workshop.pk] += 1
                bookings.append(
                    Booking(
                        participant=person,
                        workshop=workshop,
                        state=BookingState.CONFIRMED if free else BookingState.WAITING,
                        confirmed_at=now if free else None,
                        queued_at=None if free else now,
                    )
                )
        Booking.objects.bulk_create(bookings, batch_size=BATCH)
        confirmed = Count("bookings", filter=Q(bookings__state=BookingState.CONFIRMED))
        for workshop in Workshop.objects.filter(event=event).annotate(confirmed=confirmed):
            if workshop.seats_taken != workshop.confirmed:
                Workshop.objects.filter(pk=workshop.pk).update(seats_taken=workshop.confirmed)
