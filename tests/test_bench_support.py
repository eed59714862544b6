"""What ``make bench`` relies on: the health page, the public pages' cache and bench_fill;
and the bench's own arithmetic and tables (bench/run.py)."""

import gzip
import importlib.util
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from events import cache as public_pages
from events.models import Event
from exhibitors.models import Stand
from participants import services
from participants.enums import BookingState
from participants.models import Participant
from workshops.models import Workshop

from .factories import OrganisationFactory, StandFactory, WorkshopFactory


def test_health_answers_ok_without_any_query(client):
    # No database fixture: pytest-django turns any query into an error.
    response = client.get(reverse("health"))

    assert response.status_code == 200
    assert response.content.decode().strip() == "ok"
    assert response["Cache-Control"] == "no-store"


def test_public_page_second_visit_is_served_from_cache(client, event, django_assert_num_queries):
    workshop = WorkshopFactory(event=event, title="Préparer son entretien")
    client.get(workshop.get_absolute_url())

    with django_assert_num_queries(0):
        response = client.get(workshop.get_absolute_url())

    assert response.status_code == 200
    assert "Préparer son entretien" in response.content.decode()


def test_public_page_rendered_by_one_worker_is_not_rendered_again_by_another(
    client, event, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, title="Préparer son entretien")
    client.get(workshop.get_absolute_url())  # this worker renders and shares it
    caches[public_pages.PAGES_CACHE].clear()  # another worker: nothing in its memory

    with django_assert_num_queries(0):
        response = client.get(workshop.get_absolute_url())

    assert "Préparer son entretien" in response.content.decode()


def shared_key_of(path: str) -> str:
    return f"public-pages:{public_pages.content_version()}:fr:{path}"


def test_while_another_worker_renders_the_new_version_the_old_copy_is_served(
    client, event, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    url = workshop.get_absolute_url()
    client.get(url)
    Workshop.objects.filter(pk=workshop.pk).update(title="Titre d’après")
    public_pages.content_changed()
    lock = shared_key_of(url) + ":rendering"
    cache.add(lock, 1)  # another worker is rendering the new version

    with django_assert_num_queries(0):
        during = client.get(url).content.decode()
    cache.delete(lock)  # it gave up without storing anything: this worker renders
    after = client.get(url).content.decode()

    assert "Titre d’avant" in during
    assert "Titre d’après" in after


def test_a_worker_without_a_copy_waits_for_the_page_another_is_rendering(
    client, event, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, title="Préparer son entretien")
    url = workshop.get_absolute_url()
    client.get(url)
    shared = shared_key_of(url)
    rendered = cache.get(shared)
    cache.delete(shared)
    caches[public_pages.PAGES_CACHE].clear()
    cache.add(shared + ":rendering", 1)

    def other_worker_done():
        cache.set(shared, rendered)
        cache.delete(shared + ":rendering")

    threading.Timer(0.2, other_worker_done).start()
    with django_assert_num_queries(0):
        response = client.get(url)

    assert "Préparer son entretien" in response.content.decode()


def test_public_page_shows_a_changed_title_at_once(client, event):
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    client.get(reverse("workshops:list"))

    workshop.title = "Titre d’après"
    workshop.save()
    page = client.get(reverse("workshops:list")).content.decode()

    assert "Titre d’après" in page
    assert "Titre d’avant" not in page


def test_public_page_changed_by_another_worker_shows_within_a_second(client, event, monkeypatch):
    """Another gunicorn worker changed the content: this worker sees the new version (kept
    in the shared cache) at its next check, VERSION_CHECK_SECONDS later at most."""
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    client.get(reverse("workshops:list"))
    # What the other worker did: the row changed and the shared version moved on, without
    # this worker's signals (queryset.update sends none).
    Workshop.objects.filter(pk=workshop.pk).update(title="Titre d’après")
    cache.incr(public_pages.VERSION_KEY)

    assert "Titre d’avant" in client.get(reverse("workshops:list")).content.decode()

    now = time.monotonic()
    monkeypatch.setattr(
        public_pages.time, "monotonic", lambda: now + public_pages.VERSION_CHECK_SECONDS
    )
    page = client.get(reverse("workshops:list")).content.decode()
    assert "Titre d’après" in page
    assert "Titre d’avant" not in page


def test_public_page_from_cache_travels_gzipped_to_browsers_that_accept_it(client, event):
    WorkshopFactory.create_batch(5, event=event)
    plain = client.get(reverse("workshops:list"))  # rendered, then stored

    zipped = client.get(reverse("workshops:list"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    again = client.get(reverse("workshops:list"))

    assert zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) < len(plain.content) / 3
    assert gzip.decompress(zipped.content) == plain.content
    assert again.content == plain.content
    assert "Content-Encoding" not in again
    for response in (plain, zipped, again):
        assert "Accept-Encoding" in response["Vary"]


def test_public_page_forgets_a_deleted_stand(client, event):
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="Menuiserie Alpha"))
    assert "Menuiserie Alpha" in client.get(reverse("exhibitors:list")).content.decode()

    stand.delete()
    page = client.get(reverse("exhibitors:list")).content.decode()

    assert "Menuiserie Alpha" not in page


def test_public_page_shows_seats_left_after_a_booking(client, event):
    workshop = WorkshopFactory(event=event, capacity=12)
    assert "12 places restantes" in client.get(workshop.get_absolute_url()).content.decode()

    services.registration_create(
        event=event,
        person=services.PersonDetails(first_name="Awa", last_name="Diallo", email="awa@ex.org"),
        targets=[workshop],
    )
    page = client.get(workshop.get_absolute_url()).content.decode()

    assert "11 places restantes" in page


def _awa_registers(event, workshop, number=0):
    services.registration_create(
        event=event,
        person=services.PersonDetails(
            first_name="Awa", last_name="Diallo", email=f"awa{number}@ex.org"
        ),
        targets=[workshop],
    )


@pytest.fixture
def seats_paced(settings, monkeypatch):
    """Production's pace for seats left (5 s), on a clock the test moves."""
    settings.PUBLIC_SEATS_SECONDS = 5
    period = {"now": 1_000}
    monkeypatch.setattr(public_pages, "_seats_period", lambda seconds: period["now"])
    public_pages.forget()
    return period


def test_seats_left_show_on_public_pages_from_the_next_period_at_most(
    client, event, seats_paced, django_capture_on_commit_callbacks, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, capacity=12)
    assert "12 places restantes" in client.get(workshop.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        _awa_registers(event, workshop)
    public_pages.forget()  # as if this worker read the shared version again
    with django_assert_num_queries(0):  # still this period's page, from the shared copy
        during = client.get(workshop.get_absolute_url()).content.decode()
    seats_paced["now"] += 1
    public_pages.forget()
    after = client.get(workshop.get_absolute_url()).content.decode()

    assert "12 places restantes" in during
    assert "11 places restantes" in after


def test_in_a_rush_each_page_is_rendered_once_a_period_not_once_a_booking(
    client, event, seats_paced, django_capture_on_commit_callbacks, django_assert_num_queries
):
    workshop = WorkshopFactory(event=event, capacity=50)
    client.get(workshop.get_absolute_url())

    for number in range(20):
        with django_capture_on_commit_callbacks(execute=True):
            _awa_registers(event, workshop, number)
        public_pages.forget()
        with django_assert_num_queries(0):
            client.get(workshop.get_absolute_url())
    seats_paced["now"] += 1
    public_pages.forget()

    assert "30 places restantes" in client.get(workshop.get_absolute_url()).content.decode()


def test_content_changes_show_at_once_even_when_seats_are_paced(client, event, seats_paced):
    workshop = WorkshopFactory(event=event, title="Titre d’avant")
    client.get(workshop.get_absolute_url())

    workshop.title = "Titre d’après"
    workshop.save()

    assert "Titre d’après" in client.get(workshop.get_absolute_url()).content.decode()


def test_public_page_cache_varies_by_language(client, event):
    french = client.get(reverse("programme"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    english = client.get(reverse("programme"), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'lang="fr"' in french
    assert 'lang="en"' in english


def test_public_page_holds_no_csrf_token_and_language_form_still_works(event):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("home")).content.decode()

    response = client.post(reverse("set_language"), {"language": "en", "next": "/programme/"})

    assert "csrfmiddlewaretoken" not in page
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_public_page_is_rendered_afresh_for_a_visitor_with_a_session(
    admin_client, event, django_assert_max_num_queries
):
    WorkshopFactory(event=event)
    admin_client.get(reverse("workshops:list"))

    with django_assert_max_num_queries(50) as captured:
        admin_client.get(reverse("workshops:list"))

    assert len(captured) > 0


@pytest.mark.django_db
def test_bench_fill_copies_the_demo_and_keeps_seats_consistent():
    call_command("load_demo")

    call_command("bench_fill", scale=3, participants=200)

    event = Event.objects.get(slug="innov-insertion")
    assert Stand.objects.filter(event=event).count() == 36
    assert Workshop.objects.filter(event=event).values("slug").distinct().count() == 36
    assert Participant.objects.filter(event=event).count() == 200
    confirmed = Count("bookings", filter=Q(bookings__state=BookingState.CONFIRMED))
    for workshop in Workshop.objects.filter(event=event).annotate(confirmed=confirmed):
        assert workshop.seats_taken == workshop.confirmed
        assert workshop.seats_taken <= workshop.capacity


def test_the_current_edition_is_remembered_until_staff_change_it(client, event):
    register = reverse("participants:register")
    assert client.get(register).context["is_open"]

    event.registration_closes_at = timezone.now() - timedelta(minutes=1)
    event.save()
    closed = client.get(register)

    assert not closed.context["is_open"]
    assert "Les inscriptions en ligne sont closes" in closed.content.decode()


# --- bench/run.py: its figures and verdicts ---------------------------------------------------


@pytest.fixture(scope="module")
def bench():
    path = Path(__file__).resolve().parent.parent / "bench" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_run", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_percentile_is_the_nearest_rank(bench):
    latencies = [0.9, 0.1, 0.5, 0.3, 0.7, 0.2, 0.4, 0.6, 0.8, 1.0]

    assert bench.percentile(latencies, 50) == 0.5
    assert bench.percentile(latencies, 99) == 1.0
    assert bench.percentile([0.25], 99) == 0.25
    assert bench.percentile([], 50) == 0.0


def test_bench_durations_are_written_as_wrk_writes_them(bench):
    assert bench.duration_label(0.0096) == "9.60ms"
    assert bench.duration_label(0.99) == "990.00ms"
    assert bench.duration_label(1.254) == "1.25s"


def test_bench_uncached_pages_include_page_two_only_where_a_list_has_one(bench):
    demo = bench.fill_counts("scale 1: 12 stands, 29 activities, 12 workshops, 0 participants.")
    grown = bench.fill_counts("scale 10: 120 stands, 290 activities, 120 workshops.")

    small = dict(bench.uncached_pages(demo, "abc123"))
    large = dict(bench.uncached_pages(grown, "abc123"))

    assert demo["stands"] == 12 and grown["workshops"] == 120
    assert "/forum/?page=2" not in small and "/ateliers/?page=2" not in small
    assert large["/forum/?page=2"] == "/forum/?page=2"
    assert large["/ateliers/?page=2"] == "/ateliers/?page=2"
    for pages in (small, large):
        assert pages["/inscription/<token>/"] == "/inscription/abc123/"
        assert pages["/inscription/"] == "/inscription/"
        assert pages["/programme/?x=1"] == "/programme/?x=1"
        assert "/forum/?kind=private_employer" in pages
        assert "/forum/?sector=industrie" in pages


def test_bench_stream_summary_counts_everyone_not_thanked_as_failed(bench):
    results = [(0.4, 0.1, "accepted"), (0.6, 0.2, "accepted"), (2.0, 1.5, "HTTP 500")]
    results += [(0.0, 0.0, bench.NOT_SENT)]

    stream = bench.stream_summary(results, seconds=0.2, ran_out=False, rate=20)

    assert stream["started"] == 4
    assert stream["accepted"] == 2
    assert stream["failed"] == 2
    assert stream["outcomes"] == {"accepted": 2, "HTTP 500": 1, bench.NOT_SENT: 1}
    assert stream["registration"] == [0.6, 2.0]  # the person never sent is not a latency
    assert stream["post"] == [0.2, 1.5]


def test_bench_stream_misses_its_target_on_a_failure_or_when_it_ran_out(bench):
    fine = bench.stream_summary([(0.4, 0.1, "accepted")], seconds=1, ran_out=False, rate=20)
    short = bench.stream_summary([(0.4, 0.1, "accepted")], seconds=1, ran_out=True, rate=20)
    failed = bench.stream_summary([(0.4, 0.1, "POST 200")], seconds=1, ran_out=False, rate=20)
    for stream in (fine, short, failed):
        stream["drained"] = {"failed": 0, "left": 0, "seconds": 1.0}

    assert bench.stream_failures("×1 rush", fine) == []
    assert bench.stream_failures("×1 rush", short) == [
        "×1 rush: the stream ended before the last measurement"
    ]
    assert bench.stream_failures("×1 rush", failed) == ["×1 rush: 1 registrations failed"]
    assert "| failed (refused, error or timeout) | ✗ 1 {'POST 200': 1} |" in bench.stream_table(
        failed
    )


def test_bench_load_test_misses_its_target_when_a_p99_reaches_one_second(bench):
    result = {
        "server_errors": 0,
        "overbooked": [],
        "miscounted": [],
        "missing_participant": [],
        "wrong_bookings": [],
        "no_confirmation": [],
        "latency": {"form": [0.2, 0.95], "post": [0.3, 1.2]},
    }

    failures = bench.load_test_failures(result)

    assert failures == ["registration load test: p99 of the post at 1.20s (≥ 1 s)"]


def test_bench_table_marks_each_row_against_its_own_target(bench):
    reference = bench.Row(name="/sante/", rps=1000, p50="1ms", p99="2ms", queries="0")
    page = bench.Row(name="/?x=1", rps=400, p50="3ms", p99="9ms", queries="5 / 4", target=0.3)
    slow = bench.Row(name="/inscription/", rps=200, p50="5ms", p99="9ms", queries="3", target=0.3)
    rows = bench.ratios([reference, page, slow])

    text = bench.table("Scale ×1 — pages no cache serves", rows)
    rush = bench.table("Scale ×1 — rush", rows, queries=False)

    assert "| `/sante/` | 1000 | 1ms | 2ms | 1.00 | — | 0 | 0 MB | 0 |" in text
    assert "| `/?x=1` | 400 | 3ms | 9ms | 0.40 | ✓ ≥0.3 | 5 / 4 | 0 MB | 0 |" in text
    assert "| `/inscription/` | 200 | 5ms | 9ms | 0.20 | ✗ ≥0.3 | 3 | 0 MB | 0 |" in text
    assert "| `/?x=1` | 400 | 3ms | 9ms | 0.40 | ✓ ≥0.3 | 0 MB | 0 |" in rush
    assert bench.row_failures("×1", rows) == ["×1 /inscription/ at 0.20 (< 0.3)"]


def test_bench_queries_must_stay_flat_across_scales_except_the_post(bench):
    rows = [
        bench.Row(name="/forum/?x=1", queries="5"),
        bench.Row(name="/forum/?x=1", queries="5"),
        bench.Row(name="/ateliers/?x=1", queries="2"),
        bench.Row(name="/ateliers/?x=1", queries="3"),
        bench.Row(name="POST /inscription/", queries="5"),
        bench.Row(name="POST /inscription/", queries="6"),
    ]

    assert bench.queries_varying(rows) == ["`/ateliers/?x=1`: queries vary with scale (2, 3)"]


WRK_REPORT = """Running 8s test @ http://127.0.0.1:8000/forum/?x=1
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    61.53ms   11.83ms 120.11ms   85.92%
    Req/Sec   260.79     27.99   300.00     70.00%
  Latency Distribution
     50%   59.64ms
     75%   66.28ms
     90%   73.81ms
     99%    1.02s
  4172 requests in 8.00s, 12.89MB read
  Socket errors: connect 0, read 1, write 0, timeout 2
  Non-2xx or 3xx responses: 4
Requests/sec:    521.46
Transfer/sec:      1.61MB
"""


def test_bench_reads_wrk_report_with_its_errors(bench):
    row = bench.wrk_parse(WRK_REPORT)

    assert row.rps == 521.46
    assert row.requests == 4172
    assert (row.p50, row.p99) == ("59.64ms", "1.02s")
    assert row.errors == 4 + 1 + 2


def test_bench_wrk_run_without_an_answer_shows_no_latency(bench):
    report = WRK_REPORT.replace("4172 requests", "0 requests").replace("521.46", "0.00")

    row = bench.wrk_parse(report)

    assert row.rps == 0.0
    assert (row.p50, row.p99) == ("—", "—")


def test_form_choices_rendered_by_one_worker_are_not_rendered_again_by_another(client, event):
    """At ×100 the registration form's choice lists take most of a second to render: one
    worker renders them per version and shares them; the others take that copy."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    WorkshopFactory(event=event, title="Préparer son entretien")
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("participants:register"))
    caches[public_pages.PAGES_CACHE].clear()  # another worker: nothing in its memory
    with CaptureQueriesContext(connection) as other:
        page = client.get(reverse("participants:register")).content.decode()

    assert "Préparer son entretien" in page
    # The lists' querysets (workshops, conference, activities, interview slots) ran once, in
    # the first worker.
    assert len(first) - len(other) == 4
