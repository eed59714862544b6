"""The demo app on real databases, in fresh processes: production's (migrated without the
demo app), then the same database with the demo app installed."""

import pytest

from ..test_settings import manage

# DEBUG off, and no DEMO_ENABLED: the demo app is not installed, as in production.
PRODUCTION = {"DEBUG": "false", "SECRET_KEY": "tests-only-production-key-" + "x" * 30}
WITH_DEMO = {**PRODUCTION, "DEMO_ENABLED": "true"}
EDITION = (
    "import datetime as dt; from django.utils import timezone; from events.models import Event; "
    "day = timezone.localdate() + dt.timedelta(days=40); now = timezone.now(); "
    "Event.objects.create(slug='innov-insertion', name='Innov’insertion 2027', date=day, "
    "opens_at=dt.time(9), closes_at=dt.time(18), venue='Hub&Go', address='Technopôle', "
    "postcode='71200', city='Le Creusot', contact_email={email!r}, "
    "registration_opens_at=now, registration_closes_at=now + dt.timedelta(days=30))"
)
STATE = (
    "from events.models import Event; from workshops.models import Workshop; "
    "e = Event.objects.get(); print(e.name, e.is_published, Workshop.objects.count(), sep=' | ')"
)


@pytest.fixture
def production_database(tmp_path):
    """A SQLite file migrated by production: no demo app, no demo tables."""
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    result = manage("migrate", "--no-input", env=PRODUCTION | env)
    assert result.returncode == 0, result.stderr
    return env


def run(*args: str, env: dict[str, str]) -> str:
    result = manage(*args, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


def edition_state(database: dict[str, str]) -> str:
    """The edition's name, whether it is published, and how many workshops there are."""
    return run("shell", "-c", STATE, env=PRODUCTION | database).splitlines()[-1]


def edition_create(database: dict[str, str], *, contact_email: str) -> None:
    """An edition with the demo's slug, written by production, then the demo app installed."""
    run("shell", "-c", EDITION.format(email=contact_email), env=PRODUCTION | database)
    run("migrate", "--no-input", env=WITH_DEMO | database)


def test_load_demo_exits_non_zero_on_a_real_edition_and_changes_nothing(production_database):
    edition_create(production_database, contact_email="contact@innov-insertion.fr")

    refused = manage("load_demo", env=WITH_DEMO | production_database)

    assert refused.returncode == 1
    assert "« Innov’insertion 2027 »" in refused.stderr
    assert "--force" in refused.stderr
    assert "demo data loaded" not in refused.stdout
    assert edition_state(production_database) == "Innov’insertion 2027 | False | 0"


def test_load_demo_force_takes_over_a_real_edition(production_database):
    edition_create(production_database, contact_email="contact@innov-insertion.fr")

    output = run("load_demo", "--force", env=WITH_DEMO | production_database)

    assert "demo data loaded" in output
    assert edition_state(production_database) == "Innov’insertion | True | 12"


def test_a_demo_loaded_before_the_demo_app_existed_is_still_the_demos(production_database):
    edition_create(production_database, contact_email="contact@innov-insertion.example")

    first = manage("load_demo", env=WITH_DEMO | production_database)
    second = manage("load_demo", env=WITH_DEMO | production_database)

    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "12 ateliers / workshops" in second.stdout
