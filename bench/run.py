"""``make bench``: throughput, latency, queries and memory of the public site, at three scales.

Everything happens on this machine, over loopback:

1. PostgreSQL (127.0.0.1:5432) gets a database of its own, ``innov_bench``, dropped and
   created again each run; Redis (started if it is not running) serves the cache on db 3.
2. The demo day is loaded, then grown with ``manage.py bench_fill``: scale 1 (the demo),
   ×10 and ×100 (with 10,000 participants and their bookings).
3. At each scale gunicorn starts with production settings (gunicorn.conf.py, DEBUG off,
   hashed static files) and ``wrk`` loads each public page, the registration POST (a wrk Lua
   script posting a valid form with a CSRF token and cookie fetched first, a new email on
   every request) and the reference page ``/sante/`` in the same run. Queries per page are
   counted in a subprocess (``bench/probe.py``); the peak memory of the workers is their
   ``VmHWM`` in /proc.
4. Then the pages no cache serves, each against the reference measured again: every public
   page with a query string, the forum's and the job board's filters and search, page 2 of
   the long lists (where there is one), the registration form (it holds a CSRF token) and a
   person's own page.
5. At scale 1, the registration load test: 300 registrations from 60 threads for the
   demo's workshops, then checks that no seat was sold twice and that every accepted
   request has its participant, bookings and confirmation email; p50/p99 of its requests.
6. At scales 1 and 100, the rush: wrk on the reference and the public pages while 20 people
   a second register beside it (GET the form, POST it with one workshop, GET the thanks
   page), a stream that stops by itself after a bounded time; the pages are compared with
   the reference measured during the same stream (first and last, their mean).

The tables are printed and written into docs/performance.md (between its markers).
Environment: BENCH_DURATION (seconds per wrk run, default 8), BENCH_SCALES ("1,10,100").
"""

import concurrent.futures
import datetime as dt
import http.cookiejar
import json
import math
import os
import platform
import random
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DB_NAME = "innov_bench"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/3"
DURATION = int(os.environ.get("BENCH_DURATION", "8"))
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1,10,100").split(",")]
PARTICIPANTS = {100: 10_000}
# As a browser asks: every browser accepts gzip (public pages are stored gzipped too).
WRK = ["wrk", "-t2", "-c32", f"-d{DURATION}s", "--latency", "--timeout", "10s"]
WRK += ["-H", "Accept-Encoding: gzip, deflate, br"]
REFERENCE = "/sante/"
PAGES = [
    "/",
    "/programme/",
    "/forum/",
    "/forum/michelin/",
    "/offres/",
    "/offres/operateur-operatrice-de-production-hf-michelin/",
    "/ateliers/",
    "/ateliers/rh-industrie/",
    "/conference/",
    "/infos-pratiques/",
    "/programme.ics",
]
# What no cache serves (events/cache.py keeps only anonymous GETs without a query string):
# each public page with a query string, the forum's and the job board's filters
# (exhibitors/forms.py StandFilterForm, recruitment/forms.py JobOfferFilterForm) and its
# search, page 2 of the long lists where there is one, the registration form (a CSRF token
# in every copy) and a person's own page (a private page).
UNCACHED = [f"{path}?x=1" for path in PAGES]
FILTERS = [
    "/forum/?kind=private_employer",
    "/forum/?sector=industrie",
    "/offres/?contract=cdd",
    "/offres/?q=operateur",
]
PAGE_SIZE = 48  # innov_insertion/web.py: the forum, offers, workshops come in pages of 48
SECOND_PAGES = {
    "stands": "/forum/?page=2",
    "offers": "/offres/?page=2",
    "workshops": "/ateliers/?page=2",
}
FORM = "/inscription/"
PERSONAL = "/inscription/<token>/"
REGISTRATION = "POST /inscription/"
LOAD_TEST = {"registrations": 300, "threads": 60}
# 20 people a second registering beside wrk, at these scales; wrk starts once the stream has
# run ``warmup`` seconds; at most ``threads`` people in flight (the others wait their turn).
RUSH = {"rate": 20, "scales": (1, 100), "warmup": 3, "threads": 100}
PAGE_TARGET, UNCACHED_TARGET, RUSH_TARGET, POST_TARGET = 0.7, 0.3, 0.5, 0.1
LOAD_TEST_P99 = 1.0  # seconds, for every request of the load test
HTTP_TIMEOUT = 60  # seconds, for each request the bench's own threads send
NOT_SENT = "still waiting for a bench thread at the end"
DOC = BASE_DIR / "docs" / "performance.md"
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"


@dataclass
class Row:
    name: str
    rps: float = 0.0
    p50: str = ""
    p99: str = ""
    requests: int = 0
    errors: int = 0
    queries: str = ""
    rss_mb: float = 0.0
    ratio: float = 0.0
    target: float | None = None  # the least ratio to the reference; None: not compared
    notes: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, cwd=BASE_DIR, **kwargs)


# --- Services -----------------------------------------------------------------------------


def services_ensure() -> None:
    if shutil.which("wrk") is None:
        log("installing wrk (Debian package)…")
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], stdout=subprocess.DEVNULL)
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"]).returncode:
        sys.exit("PostgreSQL is not running on 127.0.0.1:5432 (see README.md, .ci/run).")
    ping = subprocess.run(["redis-cli", "-h", "127.0.0.1", "ping"], capture_output=True)
    if ping.returncode:
        log("starting Redis…")
        run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379"]
            + ["--save", "", "--appendonly", "no"]
        )
        time.sleep(0.5)


def database_recreate() -> None:
    import psycopg2

    connection = psycopg2.connect(PG_ADMIN)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    connection.close()


def redis_flush() -> None:
    run(["redis-cli", "-h", "127.0.0.1", "-n", "3", "flushdb"], stdout=subprocess.DEVNULL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_env(folder: Path) -> dict[str, str]:
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return keep | {
        "DEBUG": "false",
        # load_demo and bench_fill live in the development-only demo app.
        "DEMO_ENABLED": "true",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "CACHE_URL": REDIS_URL,
        "EMAIL_URL": "dummymail://",
        "TASKS_BACKEND": "database",
        "REGISTRATION_RATE": "100000/s",
        "STATIC_MANIFEST": "true",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "PRIVATE_MEDIA_ROOT": str(folder / "private-media"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = run([sys.executable, "manage.py", *args], env=env, capture_output=True, text=True)
    return result.stdout.strip()


# --- gunicorn -----------------------------------------------------------------------------


def process_stop(process: subprocess.Popen, log, *, timeout: float) -> None:
    """SIGTERM (a graceful stop), then SIGKILL after ``timeout`` seconds; close its log."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


class Server:
    """gunicorn as production runs it (gunicorn.conf.py), on a free loopback port.

    Two changes for measuring: ``--max-requests 0`` (production recycles workers every
    ~1000 requests, which would reset the memory peak being measured and add restarts to
    the latency) and an access log in a file.
    """

    def __init__(self, env: dict[str, str], folder: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "gunicorn.log", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "innov_insertion.wsgi", "--config", "gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{self.port}", "--max-requests", "0"]
            + ["--access-logfile", str(folder / "access.log")],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(self.url + REFERENCE, timeout=2).status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            self.stop()
            sys.exit(f"gunicorn did not start; see {folder / 'gunicorn.log'}")
        time.sleep(1)  # every worker booted

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def peak_rss_mb(self) -> float:
        """The largest VmHWM (peak resident memory) among the workers, in MB."""
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self) -> None:
        process_stop(self.process, self.log, timeout=40)


class TaskWorker:
    """``manage.py db_worker``, the service that sends the emails (docs/deployment.md), at
    the lower priority its systemd unit gives it (Nice=10)."""

    def __init__(self, env: dict[str, str], folder: Path):
        self.log = open(folder / "db_worker.log", "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            ["nice", "-n", "10", sys.executable, "manage.py", "db_worker", "--no-reload"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=self.log,
        )

    def stop(self) -> None:
        process_stop(self.process, self.log, timeout=60)  # the email in hand first


def probe(env: dict[str, str], *args: str):
    """What ``bench/probe.py`` answers (JSON) on the benchmark's database."""
    result = run([sys.executable, "bench/probe.py", *args], env=env, capture_output=True, text=True)
    return json.loads(result.stdout)


def queue_drain(env: dict[str, str], timeout: float = 600) -> dict:
    """Wait until the worker has run every queued task; how many, how long, how many failed."""
    return probe(env, "drain", str(timeout))


# --- wrk ----------------------------------------------------------------------------------


def wrk(url: str, script: Path | None = None) -> Row:
    command = [*WRK, *(["-s", str(script)] if script else []), url]
    return wrk_parse(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def wrk_parse(output: str) -> Row:
    """wrk's report as a row: req/s, requests, p50/p99 ("—" when no request was answered
    within the run), errors (non-2xx/3xx answers and socket errors, timeouts included)."""
    row = Row(name="")
    row.rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    row.requests = int(re.search(r"(\d+) requests in", output).group(1))
    row.p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)
    row.p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE).group(1)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    row.errors = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in sockets.groups()) if sockets else 0
    )
    if not row.requests:
        row.p50 = row.p99 = "—"
    return row


def measure(
    server: Server,
    name: str,
    path: str,
    *,
    target: float | None,
    queries: list[int] | None = None,
    script: Path | None = None,
    label: str = "",
) -> Row:
    """One wrk run on ``path``, reported as ``name``, with its queries (cold, cached)."""
    log(f"{label} {name}")
    row = wrk(server.url + path, script)
    row.name, row.target = name, target
    if queries is not None:
        cold, warm = queries
        row.queries = f"{cold}" if cold == warm else f"{cold} / {warm}"
    row.rss_mb = server.peak_rss_mb()
    return row


def ratios(rows: list[Row], reference: float | None = None) -> list[Row]:
    """Each row's req/s as a multiple of the reference's (by default the first row's, the
    reference page measured in the same run)."""
    reference = rows[0].rps if reference is None else reference
    for row in rows:
        row.ratio = row.rps / reference if reference else 0.0
    return rows


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_session(base: str) -> tuple[urllib.request.OpenerDirector, str, str, str]:
    """An opener holding the CSRF cookie, the form's token, the cookie's value and the page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + FORM, timeout=HTTP_TIMEOUT).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return opener, token, cookie, page


def form_post(
    opener: urllib.request.OpenerDirector, base: str, token: str, fields: dict
) -> tuple[int, str]:
    """POST the registration form (with the CSRF token) as a browser does; the status and
    where it redirects (a 302 to the thanks page when the registration went through)."""
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "privacy_consent": "on", **fields}, doseq=True
    ).encode()
    try:
        response = opener.open(base + FORM, data=data, timeout=HTTP_TIMEOUT)
        return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as error:  # the 302 too: the opener follows no redirect
        return error.code, error.headers.get("Location", "")


def accepted(status: int, location: str) -> bool:
    return status == 302 and location.endswith("/inscription/merci/")


def registration_script(base: str, folder: Path, tag: str) -> Path:
    """A wrk Lua script posting a valid registration, a new email on every request."""
    _, token, cookie, _ = csrf_session(base)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "first_name": "Camille",
            "last_name": "Banc-d’essai",
            "privacy_consent": "on",
        }
    )
    script = folder / f"register-{tag}.lua"
    script.write_text(
        f"""
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  local email = "wrk-{tag}-" .. tid .. "-" .. counter .. "%40example.org"
  return wrk.format("POST", "/inscription/", {{
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "csrftoken={cookie}",
  }}, "{body}&email=" .. email)
end
"""
    )
    return script


# --- The registration load test -------------------------------------------------------------


def registration_load_test(base: str, env: dict[str, str], folder: Path) -> dict:
    """Hundreds of people registering at once for the demo's workshops (each: GET the form,
    POST it with one or two workshops). Returns outcomes and the database checks."""
    _, _, _, page = csrf_session(base)
    workshop_ids = sorted({int(pk) for pk in re.findall(r'name="workshops" value="(\d+)"', page)})
    rng = random.Random(2)
    plans = [
        (f"load-{n}@example.org", rng.sample(workshop_ids, rng.choice((1, 2))))
        for n in range(LOAD_TEST["registrations"])
    ]

    form_seconds, post_seconds = [], []  # list.append is atomic: the threads share them

    def register(plan) -> tuple[str, list[int], int, str]:
        email, chosen = plan
        asked = time.monotonic()
        opener, token, _, _ = csrf_session(base)
        posted = time.monotonic()
        form_seconds.append(posted - asked)
        status, location = form_post(
            opener,
            base,
            token,
            {"first_name": "Dominique", "last_name": "Charge", "email": email, "workshops": chosen},
        )
        post_seconds.append(time.monotonic() - posted)
        return email, chosen, status, location

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(LOAD_TEST["threads"]) as pool:
        results = list(pool.map(register, plans))
    elapsed = time.monotonic() - started
    registered = {
        email: chosen for email, chosen, status, location in results if accepted(status, location)
    }
    drained = queue_drain(env)
    emails_file = folder / "accepted.json"
    emails_file.write_text(json.dumps(registered))
    checks = probe(env, "verify", str(emails_file))
    statuses: dict[int, int] = {}
    for _, _, status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "requests": len(results),
        "accepted": len(registered),
        "refused": sum(1 for r in results if r[2] == 200),  # the form again, e.g. an overlap
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": statuses,
        "seconds": round(elapsed, 1),
        "drained": drained,
        "latency": {
            "form": [percentile(form_seconds, 50), percentile(form_seconds, 99)],
            "post": [percentile(post_seconds, 50), percentile(post_seconds, 99)],
        },
        **checks,
    }


# --- The rush: pages while people register ---------------------------------------------------


class RegistrationStream:
    """People registering at a steady ``rate`` beside wrk, each in a thread of its own: GET
    the form, POST it with one workshop (the CSRF cookie and token, as a browser does), GET
    the thanks page. A person arrives every 1/rate s whether or not the others are done, and
    their time counts from that arrival, waiting included.

    Bounded: it stops by itself after ``seconds`` (``rate × seconds`` people) if ``stop``
    has not been called first; every request gives up after HTTP_TIMEOUT, and people still
    waiting for one of the bench's threads when it stops are counted as failed, not sent.
    """

    def __init__(self, base: str, workshop_ids: list[int], *, rate: int, seconds: float, tag: str):
        self.base, self.workshop_ids, self.tag = base, workshop_ids, tag
        self.rate, self.limit = rate, int(rate * seconds)
        self.halt = threading.Event()
        self.pool = concurrent.futures.ThreadPoolExecutor(RUSH["threads"])
        self.scheduler = threading.Thread(target=self._schedule, daemon=True)
        self.results: list[tuple[float, float, str]] = []  # (registration s, POST s, outcome)
        self.futures: list[concurrent.futures.Future] = []
        self.began = self.ended = 0.0

    def start(self) -> None:
        self.began = time.monotonic()
        self.scheduler.start()

    def _schedule(self) -> None:
        for n in range(self.limit):
            due = self.began + n / self.rate
            if self.halt.wait(max(0.0, due - time.monotonic())):
                break
            self.futures.append(self.pool.submit(self._register, n, due))
        self.ended = time.monotonic()

    def _register(self, n: int, due: float) -> None:
        post_seconds, outcome = 0.0, "error"
        try:
            opener, token, _, _ = csrf_session(self.base)
            posted = time.monotonic()
            status, location = form_post(
                opener,
                self.base,
                token,
                {
                    "first_name": "Sacha",
                    "last_name": "Affluence",
                    "email": f"rush-{self.tag}-{n}@example.org",
                    "workshops": [self.workshop_ids[n % len(self.workshop_ids)]],
                },
            )
            post_seconds = time.monotonic() - posted
            if accepted(status, location):
                thanks_url = urllib.parse.urljoin(self.base + FORM, location)
                thanks = opener.open(thanks_url, timeout=HTTP_TIMEOUT)
                outcome = "accepted" if thanks.status == 200 else f"thanks page {thanks.status}"
            else:
                outcome = f"POST {status}"
        except urllib.error.HTTPError as error:
            outcome = f"HTTP {error.code}"
        except Exception as error:  # a failed registration is a result, not a crash
            outcome = type(error).__name__
        self.results.append((time.monotonic() - due, post_seconds, outcome))

    def stop(self) -> dict:
        """Stop the arrivals, wait for the people already there; what happened to them."""
        ran_out = not self.scheduler.is_alive()  # it reached its bound before being stopped
        self.halt.set()
        self.scheduler.join()
        self.pool.shutdown(wait=True, cancel_futures=True)
        waiting = sum(1 for future in self.futures if future.cancelled())
        self.results += [(0.0, 0.0, NOT_SENT)] * waiting
        return stream_summary(
            self.results, seconds=self.ended - self.began, ran_out=ran_out, rate=self.rate
        )


def stream_summary(
    results: list[tuple[float, float, str]], *, seconds: float, ran_out: bool, rate: int
) -> dict:
    """The stream's figures from each registration's (seconds, POST seconds, outcome)."""
    outcomes: dict[str, int] = {}
    for _, _, outcome in results:
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    whole = [total for total, _, outcome in results if outcome != NOT_SENT]
    posts = [post for _, post, _ in results if post]
    return {
        "rate": rate,
        "started": len(results),
        "seconds": round(seconds, 1),
        "accepted": outcomes.get("accepted", 0),
        "failed": len(results) - outcomes.get("accepted", 0),
        "outcomes": outcomes,
        "registration": [percentile(whole, 50), percentile(whole, 99)],
        "post": [percentile(posts, 50), percentile(posts, 99)],
        "ran_out": ran_out,
    }


def rush_bench(scale: int, server: Server, env: dict[str, str]) -> tuple[list[Row], dict]:
    """wrk on the reference, each public page and the reference again while the stream runs;
    the pages are compared with the mean of both references (if the server falls behind the
    stream, the queue grows: the first reference alone would flatter it). Then the stream's
    figures, and how long the task worker took to send its confirmations afterwards."""
    seconds = RUSH["warmup"] + (2 + len(PAGES)) * (DURATION + 5) + 30  # a margin, then it stops
    workshop_ids = probe(env, "rush_seats", str(RUSH["rate"] * math.ceil(seconds)))
    stream = RegistrationStream(
        server.url, workshop_ids, rate=RUSH["rate"], seconds=seconds, tag=f"s{scale}"
    )
    stream.start()
    try:
        time.sleep(RUSH["warmup"])  # the stream at its pace before measuring
        rows = [
            measure(
                server,
                path,
                path,
                target=None if path == REFERENCE else RUSH_TARGET,
                label=f"×{scale} rush",
            )
            for path in [REFERENCE, *PAGES, REFERENCE]
        ]
    finally:
        result = stream.stop()
    result["drained"] = queue_drain(env)
    first, last = rows[0], rows[-1]
    reference = (first.rps + last.rps) / 2
    first.notes.append(
        f"measured first ({first.rps:.0f} req/s) and again last ({last.rps:.0f} req/s); "
        f"every ratio is to their mean, {reference:.0f} req/s"
    )
    return ratios(rows, reference), result


# --- One scale --------------------------------------------------------------------------------


@dataclass
class ScaleResult:
    cached: list[Row]
    uncached: list[Row]
    load_test: dict | None = None
    rush: list[Row] = field(default_factory=list)
    stream: dict | None = None


def uncached_pages(counts: dict[str, int], token: str) -> list[tuple[str, str]]:
    """(name in the table, path) of each page measured without the page cache, at a scale
    with ``counts`` (bench_fill's figures); page 2 of a list only where the list has one."""
    paths = [*UNCACHED, *FILTERS]
    paths += [path for what, path in SECOND_PAGES.items() if counts.get(what, 0) > PAGE_SIZE]
    return [(path, path) for path in paths] + [
        (FORM, FORM),
        (PERSONAL, PERSONAL.replace("<token>", token)),
    ]


def scale_bench(scale: int, env: dict[str, str], folder: Path, counts: dict) -> ScaleResult:
    redis_flush()
    paths = [REFERENCE, *PAGES, REGISTRATION]
    counted = probe(env, "queries", *paths)
    uncached = uncached_pages(counts, probe(env, "token"))
    # Counted on an empty cache again: "cold" is the first render, as after a change.
    counted_uncached = probe(env, "queries", REFERENCE, *(path for _, path in uncached))
    redis_flush()
    server = Server(env, folder)
    worker = TaskWorker(env, folder)
    result = ScaleResult(cached=[], uncached=[])
    try:
        script = registration_script(server.url, folder, f"s{scale}")
        for path in paths:
            if path == REGISTRATION:
                row = measure(
                    server,
                    path,
                    FORM,
                    target=POST_TARGET,
                    queries=counted[path],
                    script=script,
                    label=f"×{scale}",
                )
                drained = queue_drain(env)
                row.notes.append(
                    "the task worker had sent every confirmation this run queued "
                    f"{drained['seconds']} s after it ended ({drained['failed']} failed)"
                )
                if drained["failed"] or drained["left"]:
                    row.errors += drained["failed"] + drained["left"]
            else:
                target = None if path == REFERENCE else PAGE_TARGET
                row = measure(
                    server, path, path, target=target, queries=counted[path], label=f"×{scale}"
                )
            result.cached.append(row)
        for name, path in [(REFERENCE, REFERENCE), *uncached]:
            target = None if name == REFERENCE else UNCACHED_TARGET
            row = measure(server, name, path, target=target, queries=counted_uncached[path],
                          label=f"×{scale} uncached")  # fmt: skip
            result.uncached.append(row)
        if scale == 1:
            result.load_test = registration_load_test(server.url, env, folder)
        if scale in RUSH["scales"]:
            result.rush, result.stream = rush_bench(scale, server, env)
    finally:
        worker.stop()
        server.stop()
    ratios(result.cached)
    ratios(result.uncached)
    return result


# --- Report -----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile (0–100) of ``values``; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def duration_label(seconds: float) -> str:
    """A duration written as wrk writes its latencies: ``9.60ms``, ``1.25s``."""
    return f"{seconds:.2f}s" if seconds >= 1 else f"{seconds * 1000:.2f}ms"


def fill_counts(summary: str) -> dict[str, int]:
    """bench_fill's summary ("scale 10: 120 stands, 290 activities, …") as numbers."""
    return {what: int(number) for number, what in re.findall(r"(\d+) ([a-z]+)", summary)}


def verdict(row: Row) -> str:
    if row.target is None:
        return "—"
    return ("✓" if row.ratio >= row.target else "✗") + f" ≥{row.target}"


def table(heading: str, rows: list[Row], *, queries: bool = True) -> str:
    """A table of wrk rows; without the queries column for the rush (counted already)."""
    columns = ["page", "req/s", "p50", "p99", "× reference", "target"]
    columns += ["queries (cold / cached)"] if queries else []
    columns += ["peak worker RSS", "errors"]
    align = ["---", "---:", "---:", "---:", "---:", ":---:"] + ["---:"] * (len(columns) - 6)
    lines = [f"### {heading}", "", f"| {' | '.join(columns)} |", f"| {' | '.join(align)} |"]
    for row in rows:
        cells = [f"`{row.name}`", f"{row.rps:.0f}", row.p50, row.p99, f"{row.ratio:.2f}"]
        cells += [verdict(row)] + ([row.queries] if queries else [])
        cells += [f"{row.rss_mb:.0f} MB", f"{row.errors}"]
        lines.append(f"| {' | '.join(cells)} |")
    notes = [f"- `{row.name}`: {note}." for row in rows for note in row.notes]
    return "\n".join(lines + ([""] + notes if notes else []))


def stream_table(stream: dict) -> str:
    """What happened to the people who registered during the rush."""
    ok = lambda flag: "✓" if flag else "✗"  # noqa: E731
    failed = {k: n for k, n in stream["outcomes"].items() if k != "accepted"}
    whole, post = stream["registration"], stream["post"]
    return "\n".join(
        [
            f"The stream beside wrk: {stream['started']} people in {stream['seconds']} s "
            f"({stream['started'] / stream['seconds'] if stream['seconds'] else 0:.1f} a second, "
            f"{stream['rate']} asked), each GETting the form, POSTing it with one workshop "
            "and GETting the thanks page; a person's time counts from their arrival. The task "
            f"worker had sent every confirmation {stream['drained']['seconds']} s after the "
            f"stream ended ({stream['drained']['failed']} failed).",
            "",
            "| registrations in the stream | result |",
            "| --- | --- |",
            f"| reached the thanks page | {stream['accepted']} |",
            f"| failed (refused, error or timeout) | {ok(not stream['failed'])} "
            f"{stream['failed']}{f' {failed}' if failed else ''} |",
            f"| whole registration (form, POST, thanks page): p50 / p99 | "
            f"{duration_label(whole[0])} / {duration_label(whole[1])} |",
            f"| the POST alone: p50 / p99 | {duration_label(post[0])} / "
            f"{duration_label(post[1])} |",
            f"| the stream lasted until the last measurement | {ok(not stream['ran_out'])} |",
        ]
    )


def load_test_table(result: dict) -> str:
    ok = lambda flag: "✓" if flag else "✗"  # noqa: E731
    return "\n".join(
        [
            "### Registration load test (scale ×1, the demo's 12 workshops)",
            "",
            f"{result['requests']} registrations from {LOAD_TEST['threads']} threads "
            f"(GET the form, POST it with one or two workshops) in {result['seconds']} s; "
            f"HTTP statuses: {result['statuses']}. The task worker had sent every "
            f"confirmation {result['drained']['seconds']} s later.",
            "",
            "| check | result |",
            "| --- | --- |",
            f"| accepted (redirected to the thanks page) | {result['accepted']} |",
            f"| refused with the form again (two workshops at the same time) | "
            f"{result['refused']} |",
            f"| 5xx responses | {ok(result['server_errors'] == 0)} {result['server_errors']} |",
            f"| workshops over capacity | {ok(not result['overbooked'])} "
            f"{len(result['overbooked'])} |",
            f"| workshops whose seats_taken ≠ confirmed bookings | "
            f"{ok(not result['miscounted'])} {len(result['miscounted'])} |",
            f"| accepted without a participant | {ok(not result['missing_participant'])} "
            f"{len(result['missing_participant'])} |",
            f"| accepted without exactly their bookings | {ok(not result['wrong_bookings'])} "
            f"{len(result['wrong_bookings'])} |",
            f"| accepted without the confirmation email sent | "
            f"{ok(not result['no_confirmation'])} {len(result['no_confirmation'])} |",
            *(
                f"| {what}: p50 / p99 (p99 < {LOAD_TEST_P99:.0f} s) "
                f"| {ok(p99 < LOAD_TEST_P99)} {duration_label(p50)} / {duration_label(p99)} |"
                for what, (p50, p99) in (
                    ("GET the form", result["latency"]["form"]),
                    ("POST it", result["latency"]["post"]),
                )
            ),
            "",
            "Seats taken / capacity after the test: "
            + ", ".join(f"{slug} {t}/{c}" for slug, (t, c) in sorted(result["seats"].items()))
            + ".",
        ]
    )


def machine(env: dict[str, str]) -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    versions = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, gunicorn, psycopg2; "
            "print(django.get_version(), gunicorn.__version__, psycopg2.__version__)",
        ],
        capture_output=True,
        text=True,
    ).stdout.split()
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    redis = re.search(
        r"redis_version:(\S+)",
        subprocess.run(["redis-cli", "INFO", "server"], capture_output=True, text=True).stdout,
    )
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    workers = subprocess.run(
        [sys.executable, "-c", "import multiprocessing; print(multiprocessing.cpu_count()*2+1)"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return (
        f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}\n"
        f"- machine: {os.cpu_count()} cores ({cpu.group(1) if cpu else platform.machine()}), "
        f"Linux {platform.release()}; wrk, gunicorn, PostgreSQL and Redis share it\n"
        f"- Python {platform.python_version()}, Django {versions[0]}, gunicorn {versions[1]} "
        f"({workers} sync workers, gunicorn.conf.py), psycopg2 {versions[2]}, "
        f"PostgreSQL {postgres}, Redis {redis.group(1) if redis else '?'}, "
        f"{' '.join(wrk_version[:2])}\n"
        f"- load: `{shlex.join(WRK)}` per page, one after the other, loopback only; during "
        f"the rush, beside {RUSH['rate']} registrations a second from the bench's own threads"
    )


def report(env: dict[str, str], sections: list[str]) -> str:
    return "\n\n".join([f"## Latest figures (`make bench`)\n\n{machine(env)}", *sections])


def doc_write(text: str) -> None:
    block = f"{MARK_START}\n{text}\n{MARK_END}"
    current = DOC.read_text() if DOC.exists() else ""
    if MARK_START in current and MARK_END in current:
        head, _, rest = current.partition(MARK_START)
        _, _, tail = rest.partition(MARK_END)
        DOC.write_text(head + block + tail)
    else:
        DOC.write_text(f"# Performance\n\n{block}\n")


def row_failures(where: str, rows: list[Row]) -> list[str]:
    failures = []
    for row in rows:
        if row.target is not None and row.ratio < row.target:
            failures.append(f"{where} {row.name} at {row.ratio:.2f} (< {row.target})")
        if row.errors:
            failures.append(f"{where} {row.name}: {row.errors} errors")
    return failures


def load_test_failures(result: dict) -> list[str]:
    failures = []
    checks = ("overbooked", "miscounted", "missing_participant", "wrong_bookings")
    if result["server_errors"] or any(result[key] for key in (*checks, "no_confirmation")):
        failures.append("registration load test")
    for what, (_, p99) in result["latency"].items():
        if p99 >= LOAD_TEST_P99:
            failures.append(
                f"registration load test: p99 of the {what} at {duration_label(p99)} "
                f"(≥ {LOAD_TEST_P99:.0f} s)"
            )
    return failures


def stream_failures(where: str, stream: dict) -> list[str]:
    failures = []
    if stream["failed"]:
        failures.append(f"{where}: {stream['failed']} registrations failed")
    if stream["ran_out"]:
        failures.append(f"{where}: the stream ended before the last measurement")
    if stream["drained"]["failed"] or stream["drained"]["left"]:
        failures.append(f"{where}: confirmations not sent")
    return failures


def queries_varying(rows: list[Row]) -> list[str]:
    """Pages whose queries differ between scales (``rows`` of every scale). The registration
    POST is left out: it writes a person and their bookings."""
    counts: dict[str, set[str]] = {}
    for row in rows:
        if row.queries and row.name != REGISTRATION:
            counts.setdefault(row.name, set()).add(row.queries)
    return [
        f"`{name}`: queries vary with scale ({', '.join(sorted(values))})"
        for name, values in counts.items()
        if len(values) > 1
    ]


def main() -> int:
    services_ensure()
    folder = Path(tempfile.mkdtemp(prefix="innov-bench-"))
    env = bench_env(folder)
    log(f"database {DB_NAME}, cache {REDIS_URL}, files in {folder}")
    database_recreate()
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "load_demo")
    sections, failures, counted_rows = [], [], []
    for scale in SCALES:
        filled = manage(env, "bench_fill", "--scale", str(scale), "--participants",
                        str(PARTICIPANTS.get(scale, 0)))  # fmt: skip
        log(filled)
        result = scale_bench(scale, env, folder, fill_counts(filled))
        filled = manage(env, "bench_fill", "--scale", str(scale)).removeprefix(f"scale {scale}: ")
        parts = [
            table(f"Scale ×{scale} — {filled.rstrip('.')}", result.cached),
            table(f"Scale ×{scale} — pages no cache serves", result.uncached),
        ]
        failures += row_failures(f"×{scale}", result.cached + result.uncached)
        counted_rows += result.cached + result.uncached
        if result.load_test is not None:
            parts.append(load_test_table(result.load_test))
            failures += load_test_failures(result.load_test)
        if result.stream is not None:
            heading = (
                f"Scale ×{scale} — rush: the public pages while {RUSH['rate']} people a second "
                "register"
            )
            parts.append(table(heading, result.rush, queries=False))
            parts.append(stream_table(result.stream))
            failures += row_failures(f"×{scale} rush", result.rush)
            failures += stream_failures(f"×{scale} rush", result.stream)
        section = "\n\n".join(parts)
        print("\n" + section + "\n", flush=True)
        sections.append(section)
    failures += queries_varying(counted_rows)
    verdict = "Every target met." if not failures else "Targets missed: " + "; ".join(failures)
    sections.append(f"**{verdict}**")
    doc_write(report(env, sections))
    log(f"{verdict} Tables written to {DOC.relative_to(BASE_DIR)}.")
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
