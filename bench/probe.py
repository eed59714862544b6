"""What ``bench/run.py`` asks Django itself, in a subprocess on the benchmark's database.

``python bench/probe.py queries PATH…``: each page fetched twice with the test client under
``CaptureQueriesContext``: queries on a cold cache, then on a warm one; the registration
POST too (``POST /inscription/``, a valid form with a new email each time).
``python bench/probe.py verify EMAILS_FILE``: the registration load test's checks.
``python bench/probe.py drain SECONDS``: wait for the task worker to empty the queue.
``python bench/probe.py token``: the personal link of a registered participant with a seat
(one registered first if there is none).
``python bench/probe.py rush_seats COUNT``: free seats for COUNT more bookings in the demo's
workshops (their capacity raised, which moves the content version as a staff edit does);
their ids.
Prints JSON.
"""

import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innov_insertion.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from participants import services  # noqa: E402
from participants.enums import BookingState, ParticipantState  # noqa: E402
from participants.models import Participant  # noqa: E402
from workshops.models import Workshop  # noqa: E402

HOST = "127.0.0.1"


def registration_form(email: str) -> dict[str, str]:
    return {
        "first_name": "Camille",
        "last_name": "Banc-d’essai",
        "email": email,
        "privacy_consent": "on",
    }


def count_queries(client: Client, method: str, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        if method == "POST":
            response = client.post(path, registration_form(f"probe-{uuid.uuid4().hex}@example.org"))
        else:
            response = client.get(path)
    if response.status_code >= 400:
        raise SystemExit(f"{method} {path} answered {response.status_code}")
    return len(queries), response.status_code


def queries(paths: list[str]) -> dict:
    cache.clear()
    result = {}
    for path in paths:
        method, _, url = path.partition(" ") if " " in path else ("GET", "", path)
        client = Client(HTTP_HOST=HOST)
        cold, _ = count_queries(client, method, url)
        warm, _ = count_queries(Client(HTTP_HOST=HOST), method, url)
        result[path] = [cold, warm]
    return result


def verify(emails_file: str) -> dict:
    """Seats within capacity and equal to confirmed bookings; each accepted email has its
    participant, its bookings and its confirmation sent."""
    accepted = json.loads(Path(emails_file).read_text())
    confirmed = Count("bookings", filter=Q(bookings__state=BookingState.CONFIRMED))
    overbooked, miscounted = [], []
    for workshop in Workshop.objects.annotate(confirmed=confirmed):
        if workshop.capacity is not None and workshop.seats_taken > workshop.capacity:
            overbooked.append(workshop.slug)
        if workshop.seats_taken != workshop.confirmed:
            miscounted.append(workshop.slug)
    people = {
        p.email: p
        for p in Participant.objects.filter(email__in=list(accepted)).prefetch_related("bookings")
    }
    missing, wrong_bookings, no_email = [], [], []
    for email, workshop_ids in accepted.items():
        person = people.get(email)
        if person is None:
            missing.append(email)
            continue
        booked = sorted(b.workshop_id for b in person.bookings.all())
        if booked != sorted(workshop_ids):
            wrong_bookings.append(email)
        if person.confirmation_sent_at is None:
            no_email.append(email)
    return {
        "overbooked": overbooked,
        "miscounted": miscounted,
        "missing_participant": missing,
        "wrong_bookings": wrong_bookings,
        "no_confirmation": no_email,
        "seats": {
            w.slug: [w.seats_taken, w.capacity]
            for w in Workshop.objects.filter(slug__in=[s for s in accepted_slugs()])
        },
    }


def accepted_slugs() -> list[str]:
    from demo.data import WORKSHOPS

    return [row["slug"] for row in WORKSHOPS]


def drain(timeout: float) -> dict:
    """Wait for the task worker to run every queued task (emails); counts and seconds."""
    import time

    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    pending = [TaskResultStatus.READY, TaskResultStatus.RUNNING]
    started = time.monotonic()
    before = DBTaskResult.objects.exclude(status__in=pending).count()
    left = DBTaskResult.objects.filter(status__in=pending).count()
    while left and time.monotonic() - started < timeout:
        time.sleep(0.5)
        left = DBTaskResult.objects.filter(status__in=pending).count()
    return {
        "done": DBTaskResult.objects.exclude(status__in=pending).count() - before,
        "failed": DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count(),
        "left": left,
        "seconds": round(time.monotonic() - started, 1),
    }


def token() -> str:
    """The personal link of the first registered participant (by id, so the same person at
    every scale: the demo's come before bench_fill's) holding a seat; at scale 1, where
    nobody has registered yet, a person registered here through the service first."""
    registered = Participant.objects.filter(
        state=ParticipantState.REGISTERED,
        anonymised_at__isnull=True,
        bookings__state=BookingState.CONFIRMED,
    ).order_by("pk")
    if not registered.exists():
        workshop = Workshop.objects.filter(slug__in=accepted_slugs()).order_by("pk").first()
        services.registration_create(
            event=workshop.event,
            person=services.PersonDetails(
                first_name="Camille", last_name="Page-perso", email="personal@example.org"
            ),
            targets=[workshop],
        )
    return registered.first().token


def rush_seats(count: int) -> list[int]:
    """Enough free seats in the demo's workshops for ``count`` bookings spread evenly over
    them: the rush measures the hour registrations open, when seats are still free (a full
    workshop would put people on its waiting list, which takes no seat and changes no page).
    Saved one by one, so the content version moves as after a staff edit."""
    workshops = list(Workshop.objects.filter(slug__in=accepted_slugs()).order_by("pk"))
    each = -(-count // len(workshops)) + 1
    for workshop in workshops:
        if workshop.capacity is not None:  # None: no limit
            workshop.capacity = max(workshop.capacity, workshop.seats_taken + each)
            workshop.save(update_fields=["capacity"])
    return [workshop.pk for workshop in workshops]


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "queries":
        output = queries(args)
    elif command == "drain":
        output = drain(float(args[0]))
    elif command == "token":
        output = token()
    elif command == "rush_seats":
        output = rush_seats(int(args[0]))
    else:
        output = verify(args[0])
    print(json.dumps(output))
