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
4. At scale 1, the registration load test: 300 registrations from 60 threads for the
   demo's workshops, then checks that no seat was sold twice and that every accepted
   request has its participant, bookings and confirmation email.

The tables are printed and written into docs/performance.md (between its markers).
Environment: BENCH_DURATION (seconds per wrk run, default 8), BENCH_SCALES ("1,10,100").
"""

import concurrent.futures
import datetime as dt
import http.cookiejar
import json
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
    "/ateliers/",
    "/ateliers/rh-industrie/",
    "/conference/",
    "/infos-pratiques/",
    "/programme.ics",
]
REGISTRATION = "POST /inscription/"
LOAD_TEST = {"registrations": 300, "threads": 60}
PAGE_TARGET, POST_TARGET = 0.7, 0.3
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


def queue_drain(env: dict[str, str], timeout: float = 600) -> dict:
    """Wait until the worker has run every queued task; how many, how long, how many failed."""
    result = run(
        [sys.executable, "bench/probe.py", "drain", str(timeout)],
        env=env,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout)


# --- wrk ----------------------------------------------------------------------------------


def wrk(url: str, script: Path | None = None) -> Row:
    command = [*WRK, *(["-s", str(script)] if script else []), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
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
    return row


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def csrf_session(base: str) -> tuple[urllib.request.OpenerDirector, str, str, str]:
    """An opener holding the CSRF cookie, the form's token, the cookie's value and the page."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    page = opener.open(base + "/inscription/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    cookie = next(c.value for c in jar if c.name == "csrftoken")
    return opener, token, cookie, page


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

    def register(plan) -> tuple[str, list[int], int, str]:
        email, chosen = plan
        opener, token, _, _ = csrf_session(base)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "first_name": "Dominique",
                "last_name": "Charge",
                "email": email,
                "privacy_consent": "on",
                "workshops": chosen,
            },
            doseq=True,
        ).encode()
        try:
            response = opener.open(base + "/inscription/", data=data, timeout=60)
            return email, chosen, response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return email, chosen, error.code, error.headers.get("Location", "")

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(LOAD_TEST["threads"]) as pool:
        results = list(pool.map(register, plans))
    elapsed = time.monotonic() - started
    accepted = {
        email: chosen
        for email, chosen, status, location in results
        if status == 302 and location.endswith("/inscription/merci/")
    }
    drained = queue_drain(env)
    emails_file = folder / "accepted.json"
    emails_file.write_text(json.dumps(accepted))
    checks = json.loads(
        run(
            [sys.executable, "bench/probe.py", "verify", str(emails_file)],
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )
    statuses: dict[int, int] = {}
    for _, _, status, _ in results:
        statuses[status] = statuses.get(status, 0) + 1
    return {
        "requests": len(results),
        "accepted": len(accepted),
        "refused": sum(1 for r in results if r[2] == 200),  # the form again, e.g. an overlap
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": statuses,
        "seconds": round(elapsed, 1),
        "drained": drained,
        **checks,
    }


# --- One scale --------------------------------------------------------------------------------


def scale_bench(scale: int, env: dict[str, str], folder: Path) -> tuple[list[Row], dict | None]:
    redis_flush()
    paths = [REFERENCE, *PAGES, REGISTRATION]
    counted = json.loads(
        run(
            [sys.executable, "bench/probe.py", "queries", *paths],
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )
    redis_flush()
    server = Server(env, folder)
    worker = TaskWorker(env, folder)
    rows = []
    try:
        script = registration_script(server.url, folder, f"s{scale}")
        for path in paths:
            log(f"×{scale} {path}")
            if path == REGISTRATION:
                row = wrk(server.url + "/inscription/", script)
            else:
                row = wrk(server.url + path)
            row.name = path
            cold, warm = counted[path]
            row.queries = f"{cold}" if cold == warm else f"{cold} / {warm}"
            row.rss_mb = server.peak_rss_mb()
            rows.append(row)
            if path == REGISTRATION:
                drained = queue_drain(env)
                row.notes.append(
                    "the task worker had sent every confirmation this run queued "
                    f"{drained['seconds']} s after it ended ({drained['failed']} failed)"
                )
                if drained["failed"] or drained["left"]:
                    row.errors += drained["failed"] + drained["left"]
        load_test = registration_load_test(server.url, env, folder) if scale == 1 else None
    finally:
        worker.stop()
        server.stop()
    reference = rows[0].rps
    for row in rows:
        row.ratio = row.rps / reference if reference else 0.0
    return rows, load_test


# --- Report -----------------------------------------------------------------------------------


def target_for(row: Row) -> float | None:
    if row.name == REFERENCE:
        return None
    return POST_TARGET if row.name == REGISTRATION else PAGE_TARGET


def table(scale: int, rows: list[Row], summary: str) -> str:
    lines = [
        f"### Scale ×{scale} — {summary}",
        "",
        "| page | req/s | p50 | p99 | × reference | target | queries (cold / cached) "
        "| peak worker RSS | errors |",
        "| --- | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        target = target_for(row)
        verdict = "—" if target is None else ("✓" if row.ratio >= target else "✗") + f" ≥{target}"
        lines.append(
            f"| `{row.name}` | {row.rps:.0f} | {row.p50} | {row.p99} | {row.ratio:.2f} "
            f"| {verdict} | {row.queries} | {row.rss_mb:.0f} MB | {row.errors} |"
        )
    notes = [f"- `{row.name}`: {note}." for row in rows for note in row.notes]
    return "\n".join(lines + ([""] + notes if notes else []))


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
        f"- load: `{shlex.join(WRK)}` per page, one after the other, loopback only"
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


def main() -> int:
    services_ensure()
    folder = Path(tempfile.mkdtemp(prefix="innov-bench-"))
    env = bench_env(folder)
    log(f"database {DB_NAME}, cache {REDIS_URL}, files in {folder}")
    database_recreate()
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    manage(env, "load_demo")
    sections, failures = [], []
    for scale in SCALES:
        log(manage(env, "bench_fill", "--scale", str(scale), "--participants",
                   str(PARTICIPANTS.get(scale, 0))))  # fmt: skip
        rows, load_test = scale_bench(scale, env, folder)
        filled = manage(env, "bench_fill", "--scale", str(scale)).removeprefix(f"scale {scale}: ")
        section = table(scale, rows, filled.rstrip("."))
        if load_test is not None:
            section += "\n\n" + load_test_table(load_test)
            if load_test["server_errors"] or any(
                load_test[key]
                for key in ("overbooked", "miscounted", "missing_participant")
                + ("wrong_bookings", "no_confirmation")
            ):
                failures.append("registration load test")
        print("\n" + section + "\n", flush=True)
        sections.append(section)
        for row in rows:
            target = target_for(row)
            if target is not None and row.ratio < target:
                failures.append(f"×{scale} {row.name} at {row.ratio:.2f} (< {target})")
            if row.errors:
                failures.append(f"×{scale} {row.name}: {row.errors} errors")
    queries = {}
    for section in sections:
        for line in section.splitlines():
            cells = [c.strip() for c in line.split("|")]
            if len(cells) > 7 and cells[1].startswith("`"):
                queries.setdefault(cells[1], set()).add(cells[7])
    for name, counts in queries.items():
        if len(counts) > 1 and name != f"`{REGISTRATION}`":
            failures.append(f"{name}: queries vary with scale ({', '.join(sorted(counts))})")
    verdict = "Every target met." if not failures else "Targets missed: " + "; ".join(failures)
    sections.append(f"**{verdict}**")
    doc_write(report(env, sections))
    log(f"{verdict} Tables written to {DOC.relative_to(BASE_DIR)}.")
    shutil.rmtree(folder, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
