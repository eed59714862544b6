"""Hostile input at the logins: a login name longer than anything django-axes stores.

Django's login form does not refuse a name longer than the user model's (150 characters: it
only sets the input's ``maxlength``), so the name reaches ``authenticate()`` and django-axes
records the failure in a 255-character column. SQLite does not check lengths; PostgreSQL
does, and a name of 256 characters or more was a server error at both logins.
"""

import pytest
from django.db import connection
from django.urls import reverse
from pytest_django.asserts import assertContains

from .factories import TEST_PASSWORD, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite does not enforce column lengths, so the defect only shows on "
        "PostgreSQL: run with DATABASE_URL=postgres://… (make test does)",
    ),
]

LOGINS = ["login", "portal:login", "admin:login"]
# Each login's usual answer to a wrong name or password.
WRONG_CREDENTIALS = {
    "login": "Saisissez un nom d’utilisateur et un mot de passe valides",
    "portal:login": "Saisissez un nom d’utilisateur et un mot de passe valides",
    "admin:login": "Veuillez compléter correctement les champs",
}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


WRONG_PASSWORD = "pas-le-bon"


def login(client, url_name: str, username: str, password: str = WRONG_PASSWORD):
    data = {"username": username, "password": password, "next": ""}
    return client.post(reverse(url_name), data)


@pytest.mark.parametrize("url_name", LOGINS)
@pytest.mark.parametrize("length", [255, 256, 1000])
def test_long_login_name_gets_the_wrong_credentials_answer(client, url_name, length):
    response = login(client, url_name, "a" * length)

    assert response.status_code == 200
    assertContains(response, WRONG_CREDENTIALS[url_name])
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("url_name", LOGINS)
def test_long_login_name_is_locked_out_after_the_limit(client, url_name, settings):
    name = "intrus-" + "a" * 300
    limit = settings.AXES_FAILURE_LIMIT
    failures = [login(client, url_name, name, f"essai-{n}") for n in range(limit)]

    locked = login(client, url_name, name)

    assert [r.status_code for r in failures] == [200] * (limit - 1) + [429]
    assertContains(failures[0], WRONG_CREDENTIALS[url_name])
    assertContains(locked, "Connexion bloquée pour un moment", status_code=429)
    assertContains(locked, f"Après {limit} essais sans succès", status_code=429)


@pytest.mark.parametrize("url_name", LOGINS)
def test_long_login_name_lockout_leaves_other_names_alone(client, url_name, settings):
    staff = UserFactory(username="agent@cucm.example.org", is_staff=True, is_superuser=True)
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, url_name, "b" * 400, f"essai-{n}")

    response = login(client, url_name, staff.username, TEST_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
