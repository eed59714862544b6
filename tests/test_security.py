"""Security hardening, checked on real responses: gunicorn with production settings sends
the headers and secure cookies; personal links are never cached; the admin is behind
django-axes like the portal. (``check --deploy`` is in test_settings.py.)"""

import re
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from .factories import TEST_PASSWORD, ParticipantFactory, UserFactory
from .test_production import HTTPS, NoRedirect, fetch, production_site  # noqa: F401 (fixture)
from .test_settings import PRODUCTION_ENV, manage

PUBLIC_PAGES = ["/", "/programme/", "/forum/", "/ateliers/", "/inscription/", "/admin/login/"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csp_directives(header: str) -> dict[str, list[str]]:
    """{"script-src": ["'self'"], …} from a Content-Security-Policy header."""
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def set_cookies(response) -> dict:
    """The cookies a response sets, as http.cookies Morsels (attributes included)."""
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return jar


def post(url: str, data: dict, headers: dict[str, str]):
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        return urllib.request.build_opener(NoRedirect).open(request, timeout=20)
    except urllib.error.HTTPError as error:
        return error


# --- Headers on every public page --------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_sends_a_strict_content_security_policy(production_site, path):  # noqa: F811
    response = fetch(production_site + path, HTTPS)

    header = response.headers["Content-Security-Policy"]
    policy = csp_directives(header)
    assert response.status == 200
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'self'"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_sends_the_security_headers(production_site, path):  # noqa: F811
    response = fetch(production_site + path, HTTPS)

    headers = response.headers
    assert response.status == 200
    assert headers["Strict-Transport-Security"] == ("max-age=31536000; includeSubDomains; preload")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_error_pages_send_the_security_headers_too(production_site):  # noqa: F811
    response = fetch(production_site + "/ateliers/nulle-part/", HTTPS)

    assert response.status == 404
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- Cookies -------------------------------------------------------------------------------


def test_csrf_cookie_is_secure_and_same_site(production_site):  # noqa: F811
    response = fetch(production_site + "/inscription/", HTTPS)

    csrf = set_cookies(response)["csrftoken"]
    assert response.status == 200
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"


def test_registration_keeps_the_address_in_a_secure_short_lived_cookie(production_site):  # noqa: F811
    form_page = fetch(production_site + "/inscription/", HTTPS)
    csrf_cookie = set_cookies(form_page)["csrftoken"].value
    csrf_input = CSRF_INPUT.search(form_page.read().decode()).group(1)
    origin = production_site.replace("http:", "https:")

    response = post(
        production_site + "/inscription/",
        {
            "csrfmiddlewaretoken": csrf_input,
            "first_name": "Inès",
            "last_name": "Moreau",
            "email": "ines.moreau@example.org",
            "privacy_consent": "on",
        },
        {**HTTPS, "Cookie": f"csrftoken={csrf_cookie}", "Origin": origin},
    )

    cookies = set_cookies(response)
    assert response.status == 302
    assert response.headers["Location"] == "/inscription/merci/"
    assert "sessionid" not in cookies  # registering opens no session
    thanks = cookies["inscription_courriel"]
    assert thanks["secure"] is True
    assert thanks["httponly"] is True
    assert thanks["samesite"] == "Lax"
    assert thanks["max-age"] == "600"

    page = fetch(
        production_site + "/inscription/merci/",
        {**HTTPS, "Cookie": f"inscription_courriel={thanks.value}"},
    )
    assert "ines.moreau@example.org" in page.read().decode()
    assert set_cookies(page)["inscription_courriel"]["max-age"] == "0"  # shown once
    assert "no-store" in page.headers["Cache-Control"]


def test_session_cookies_are_secure_and_http_only_in_production():
    script = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, "
        "s.CSRF_COOKIE_SECURE)"
    )

    result = manage("shell", "-c", script, env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-4:] == ["True", "True", "Lax", "True"]


# --- Personal links ----------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["personal", "ticket"])
def test_personal_link_pages_are_never_stored_by_a_cache(client, event, name):
    participant = ParticipantFactory(event=event)

    response = client.get(reverse(f"participants:{name}", kwargs={"token": participant.token}))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert response.status_code == 200
    assert {"no-store", "private"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "same-origin"


# --- The admin behind django-axes --------------------------------------------------------


@pytest.fixture
def staff_user(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return UserFactory(username="agent@cucm.example.org", is_staff=True, is_superuser=True)


def admin_login(client, username: str, password: str):
    data = {"username": username, "password": password, "next": "/admin/"}
    return client.post(reverse("admin:login"), data)


def test_admin_login_works_before_any_failure(client, staff_user):
    response = admin_login(client, staff_user.username, TEST_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_repeated_failed_admin_logins_lock_the_account_out(client, staff_user, settings):
    limit = settings.AXES_FAILURE_LIMIT
    failures = [admin_login(client, staff_user.username, f"essai-{n}") for n in range(limit)]

    locked = admin_login(client, staff_user.username, TEST_PASSWORD)

    assert [r.status_code for r in failures] == [200] * (limit - 1) + [429]
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assertContains(locked, "Connexion bloquée pour un moment", status_code=429)
    assert client.get(reverse("admin:index")).status_code == 302  # still to the login page
