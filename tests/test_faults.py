"""Faults survived, nothing lost: Redis unreachable, PostgreSQL connections dropped.

Each test really breaks the dependency: the cache points at a closed port (nothing listens
on 127.0.0.1:6390), then back at the real Redis (127.0.0.1:6379, started by .ci/run);
PostgreSQL's connections are killed with ``pg_terminate_backend`` under a running gunicorn.
(Email faults and a killed task worker: tests/messaging/test_faults.py.)
"""

import logging
import os
import re
import subprocess
import time
import urllib.parse
import urllib.request
import uuid

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from events import cache as public_pages
from participants.enums import BookingState, ParticipantState
from participants.models import Participant
from workshops.models import Workshop

from .admin_forms import admin_change
from .factories import OrganisationFactory, StandFactory, WorkshopFactory
from .test_production import BASE_DIR, GUNICORN, free_port
from .test_settings import PRODUCTION_ENV, process_env, redis_reachable

REDIS_OPTIONS = {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1}
CLOSED_PORT_URL = "redis://127.0.0.1:6390/1"  # nothing listens there
REDIS_URL = "redis://127.0.0.1:6379/12"


def redis_settings(location: str, prefix: str) -> dict:
    """The CACHES production builds from CACHE_URL (innov_insertion/settings.py)."""
    default = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": REDIS_OPTIONS,
    }
    return {**django_settings.CACHES, "default": default}


class Redis:
    """Switches the site's cache between the real Redis and a closed port."""

    def __init__(self, settings):
        self.settings = settings
        self.prefix = f"faults-{uuid.uuid4().hex}"  # never another run's keys

    def up(self) -> None:
        self.settings.CACHES = redis_settings(REDIS_URL, self.prefix)

    def down(self) -> None:
        self.settings.CACHES = redis_settings(CLOSED_PORT_URL, self.prefix)


@pytest.fixture
def redis(settings, monkeypatch):
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must run at 127.0.0.1:6379 in CI (.ci/run starts it).")
        pytest.skip("Redis is not running at 127.0.0.1:6379 on this machine.")
    # Every request reads the shared version, as one a second later would.
    monkeypatch.setattr(public_pages, "VERSION_CHECK_SECONDS", 0)
    switch = Redis(settings)
    switch.up()
    yield switch
    switch.up()
    cache.delete_pattern("*")  # this test's keys only (KEY_PREFIX)


def queries_of(client, url: str) -> tuple[int, str]:
    """The number of queries a GET of ``url`` ran (0: served from the cache), and the page."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def registration(**data) -> dict:
    return {
        "first_name": "Amina",
        "last_name": "Benali",
        "email": "amina@example.org",
        "privacy_consent": "on",
        **data,
    }


# --- Redis unreachable ------------------------------------------------------------------


@pytest.mark.django_db
def test_redis_down_every_public_page_is_rendered_and_every_write_succeeds(
    client, admin_client, event, redis, caplog
):
    workshop = WorkshopFactory(event=event, title="Réussir son CV", capacity=2)
    stand = StandFactory(event=event, organisation=OrganisationFactory(name="Michelin"))
    client.get("/ateliers/")
    assert queries_of(client, "/ateliers/")[0] == 0  # cached while Redis answers
    pages = [
        "/",
        "/programme/",
        "/programme.ics",
        "/ateliers/",
        f"/ateliers/{workshop.slug}/",
        "/forum/",
        f"/forum/{stand.organisation.slug}/",
        "/conference/",
        "/infos-pratiques/",
        "/confidentialite/",
        "/inscription/",
    ]

    redis.down()

    with caplog.at_level(logging.WARNING):
        for url in pages:
            assert queries_of(client, url)[0] > 0, url  # rendered, not cached
            assert queries_of(client, url)[0] > 0, url  # and not stored either
        registered = client.post("/inscription/", registration(workshops=[workshop.pk]))
        applied = client.post(
            f"/forum/{stand.organisation.slug}/candidature/", {"first_name": "Inès"}
        )
    participant = Participant.objects.get()
    [booking] = participant.bookings.all()
    dropped = client.post(f"/inscription/{participant.token}/reservations/{booking.pk}/annuler/")
    cancelled = client.post(f"/inscription/{participant.token}/annuler/")
    edited = admin_change(admin_client, workshop, title="Réussir son entretien")

    assert registered["Location"] == "/inscription/merci/"
    assert applied.status_code == 200  # the form's own errors: the limit let it through
    warnings = [r.getMessage() for r in caplog.records if r.name == "innov_insertion.web"]
    assert warnings == [
        "Rate limit 'registration' not checked (the shared cache is unreachable): "
        "post let through.",
        "Rate limit 'application' not checked (the shared cache is unreachable): post let through.",
    ]
    assert dropped["Location"] == participant.get_absolute_url()
    assert cancelled["Location"] == participant.get_absolute_url()
    participant.refresh_from_db()
    booking.refresh_from_db()
    assert (participant.state, booking.state) == (
        ParticipantState.CANCELLED,
        BookingState.CANCELLED,
    )
    assert edited.status_code == 302
    assert Workshop.objects.get(pk=workshop.pk).seats_taken == 0
    assert "Réussir son entretien" in queries_of(client, "/ateliers/")[1]


@pytest.mark.django_db
def test_redis_back_pages_are_cached_again_and_none_outlives_its_version(
    client, admin_client, event, redis
):
    workshop = WorkshopFactory(event=event, title="Réussir son CV")
    client.get("/ateliers/")  # rendered and stored, here and in Redis for other workers
    before = cache.get(public_pages.VERSION_KEY)
    redis.down()
    admin_change(admin_client, workshop, title="Réussir son entretien")  # the bump fails
    assert "Réussir son entretien" in queries_of(client, "/ateliers/")[1]

    redis.up()
    first_queries, first = queries_of(client, "/ateliers/")
    second_queries, second = queries_of(client, "/ateliers/")

    assert cache.get(public_pages.VERSION_KEY) != before  # the missed bump, made up
    assert first_queries > 0
    assert "Réussir son entretien" in first
    assert "Réussir son CV" not in first  # the copy stored before the outage is never served
    assert second_queries == 0  # cached again
    assert second == first


# --- PostgreSQL connections dropped ------------------------------------------------------


def terminate_other_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("select pg_stat_clear_snapshot()")  # fresh, even inside a transaction
        cursor.execute(
            "select count(pg_terminate_backend(pid)) from pg_stat_activity "
            "where datname = current_database() and pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def http(url: str, data: dict | None = None, cookie: str = "") -> tuple[int, str, str]:
    """(status, body, Set-Cookie) of a GET, or a POST of ``data``; redirects not followed."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"Cookie": cookie})
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.read().decode(), response.headers.get("Set-Cookie", "")


@pytest.fixture
def gunicorn_on_test_database(tmp_path, transactional_db):
    """gunicorn (production settings, one worker) on this test's PostgreSQL
    database, its connection kept between requests (CONN_MAX_AGE)."""
    db = django_settings.DATABASES["default"]
    env = {
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CONN_MAX_AGE": "600",
        "CACHE_URL": "locmemcache://faults",  # the database is what breaks here
        "TASKS_BACKEND": "immediate",
        "EMAIL_URL": "consolemail://",
        "STATIC_ROOT": str(tmp_path / "static"),
        "STATIC_MANIFEST": "false",
        # One worker, one thread: every request uses the same connection, the one killed.
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
    }
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "innov_insertion.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=BASE_DIR,
        env=process_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if http(f"{url}/sante/")[0] == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("gunicorn did not start")
    yield url
    server.terminate()
    server.wait(timeout=30)


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def register_over_http(url: str, **data) -> int:
    status, page, set_cookie = http(f"{url}/inscription/")
    assert status == 200
    token = CSRF_INPUT.search(page).group(1)
    cookie = set_cookie.split(";", 1)[0]
    return http(
        f"{url}/inscription/", {"csrfmiddlewaretoken": token, **registration(**data)}, cookie
    )[0]


def waiting_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("select pg_stat_clear_snapshot()")  # fresh, even inside a transaction
        cursor.execute(
            "select count(*) from pg_stat_activity where datname = current_database() "
            "and wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgres_only
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_terminate_backend and a gunicorn on the test database need PostgreSQL: "
    "run with DATABASE_URL=postgres://… (make test does)",
)
def test_postgres_connections_dropped_in_flight_fail_whole_and_the_next_requests_succeed(
    gunicorn_on_test_database, event
):
    from concurrent.futures import ThreadPoolExecutor

    url = gunicorn_on_test_database
    workshop = WorkshopFactory(event=event, title="Réussir son CV", capacity=10)
    assert http(f"{url}/inscription/")[0] == 200  # gunicorn keeps its connection open
    dropped_idle = terminate_other_connections()
    after_idle = http(f"{url}/inscription/")[0]
    with transaction.atomic(), ThreadPoolExecutor(max_workers=1) as pool:
        # The workshop's row is locked here: the registration waits for it, in flight.
        Workshop.objects.select_for_update().get(pk=workshop.pk)
        in_flight = pool.submit(
            register_over_http, url, email="first@example.org", workshops=[workshop.pk]
        )
        deadline = time.monotonic() + 60
        while not waiting_for_a_lock() and not in_flight.done():
            assert time.monotonic() < deadline, "the registration never reached the lock"
            time.sleep(0.05)
        assert not in_flight.done(), in_flight.result()  # it waits for the workshop's row
        dropped_in_flight = terminate_other_connections()

    pages = [http(f"{url}{path}")[0] for path in ["/", "/ateliers/", "/inscription/"]]
    registered = register_over_http(url, email="second@example.org", workshops=[workshop.pk])

    assert (dropped_idle, after_idle) == (1, 200)  # reconnected, no restart needed
    assert dropped_in_flight == 1
    assert in_flight.result() == 500  # the error page: it failed cleanly...
    assert not Participant.objects.filter(email="first@example.org").exists()  # ...and whole
    assert pages == [200, 200, 200]
    assert registered == 302
    participant = Participant.objects.get()
    assert participant.email == "second@example.org"
    assert participant.bookings.get().workshop == workshop
    workshop.refresh_from_db()
    assert workshop.seats_taken == 1
