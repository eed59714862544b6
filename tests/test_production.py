"""The site as production runs it: gunicorn with gunicorn.conf.py, whitenoise, DEBUG off."""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .test_settings import PRODUCTION_ENV, manage, process_env

BASE_DIR = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict[str, str] | None = None):
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


@pytest.fixture(scope="module")
def production_site(tmp_path_factory):
    """gunicorn serving the demo programme with production settings, on a free port."""
    folder = tmp_path_factory.mktemp("production")
    env = {
        **PRODUCTION_ENV,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "USE_X_FORWARDED_PROTO": "true",
        # load_demo lives in the development-only demo app.
        "DEMO_ENABLED": "true",
    }
    for command in (["migrate", "--no-input"], ["load_demo"], ["collectstatic", "--no-input"]):
        result = manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(GUNICORN), "innov_insertion.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=BASE_DIR,
        env=process_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail(f"gunicorn did not start: {server.stderr.read().decode()}")
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


HTTPS = {"X-Forwarded-Proto": "https"}


def test_gunicorn_serves_the_programme_with_security_headers(production_site):
    response = fetch(production_site + "/programme/", HTTPS)

    page = response.read().decode()
    assert response.status == 200
    assert "Programme de la journée" in page
    assert "Rencontrer les RH de l’industrie" in page
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_plain_http_is_redirected_to_https(production_site):
    response = fetch(production_site + "/programme/")

    assert response.status == 301
    assert (
        response.headers["Location"] == production_site.replace("http:", "https:") + "/programme/"
    )


def test_whitenoise_serves_hashed_compressed_static_files_cached_forever(production_site):
    page = fetch(production_site + "/", HTTPS).read().decode()
    stylesheet = re.search(r'href="(/static/css/theme\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page links the hashed theme.css"

    response = fetch(
        production_site + stylesheet.group(1), {**HTTPS, "Accept-Encoding": "br, gzip"}
    )

    assert response.status == 200
    assert response.headers["Content-Encoding"] in {"br", "gzip"}
    assert "immutable" in response.headers["Cache-Control"]


def test_unknown_page_is_the_friendly_404_in_production(production_site):
    response = fetch(production_site + "/nulle-part/", HTTPS)

    assert response.status == 404
    assert "Cette page est introuvable" in response.read().decode()
