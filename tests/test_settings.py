"""Settings as production runs them: checked in a fresh process with a production environment."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-7f3c9e1b5a2d8f4c6e0a9b7d3f1c5e8a2b4d6f",
    "ALLOWED_HOSTS": "innov-insertion.example",
    "CSRF_TRUSTED_ORIGINS": "https://innov-insertion.example",
    "DATABASE_URL": "sqlite:///:memory:",
    "EMAIL_URL": "smtp+tls://innov:secret@smtp.innov-insertion.example:587",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "TASKS_BACKEND": "database",
    "SMS_URL": "brevo://check-key@?sender=CUCM",
}


def process_env(env: dict[str, str]) -> dict[str, str]:
    """Only what a process needs to run, plus ``env``: nothing leaks from the test run."""
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    return keep | env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process that sees only a production-like environment."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=process_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_french_first_in_paris():
    assert settings.LANGUAGE_CODE == "fr"
    assert [code for code, _ in settings.LANGUAGES] == ["fr", "en"]
    assert settings.TIME_ZONE == "Europe/Paris"


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", env={**PRODUCTION_ENV, "SECRET_KEY": ""})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_has_no_demo_commands():
    result = manage("load_demo", env=PRODUCTION_ENV)

    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr


@pytest.mark.parametrize(
    ("changes", "installed"),
    [
        ({}, False),
        ({"DEMO_ENABLED": "true"}, True),
        ({"DEBUG": "true"}, True),
        ({"DEBUG": "true", "DEMO_ENABLED": "false"}, False),
    ],
)
def test_demo_app_installed_with_debug_or_when_asked(changes, installed):
    script = "from django.apps import apps; print(apps.is_installed('demo'))"

    result = manage("shell", "-c", script, env={**PRODUCTION_ENV, **changes})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == str(installed)


def test_check_deploy_warns_when_rate_limits_live_in_one_process():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "CACHE_URL"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "participants.W001" in result.stderr


def test_check_deploy_warns_when_emails_are_sent_inside_the_request():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "TASKS_BACKEND"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "messaging.W002" in result.stderr
    assert "db_worker" in result.stderr


def test_an_unknown_tasks_backend_is_refused_by_name():
    result = manage("check", env={**PRODUCTION_ENV, "TASKS_BACKEND": "celery"})

    assert result.returncode != 0
    assert "TASKS_BACKEND='celery'" in result.stderr
    assert "immediate, database" in result.stderr


def test_collectstatic_builds_hashed_compressed_files_for_production(tmp_path):
    result = manage(
        "collectstatic", "--no-input", env={**PRODUCTION_ENV, "STATIC_ROOT": str(tmp_path)}
    )

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("css/theme.*.css.gz")), "theme.css is hashed and gzipped"
    assert list(tmp_path.glob("vendor/bootstrap/bootstrap.min.*.css.br"))


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/accessibilite/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_email_url_becomes_the_default_mailer():
    assert settings.MAILERS["default"]["BACKEND"].endswith("EmailBackend")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def test_redis_cache_url_gives_a_working_production_cache():
    if not redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must run at 127.0.0.1:6379 in CI (.ci/run starts it).")
        pytest.skip("Redis is not running at 127.0.0.1:6379 on this machine.")
    script = (
        "from django.conf import settings; from django.core.cache import cache; "
        "cache.set('innov-insertion-probe', 'ok', 30); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('innov-insertion-probe'))"
    )

    result = manage(
        "shell", "-c", script, env={**PRODUCTION_ENV, "CACHE_URL": "redis://127.0.0.1:6379/15"}
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django_redis.cache.RedisCache", "ok"]


def test_check_deploy_warns_when_texts_would_only_be_printed():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SMS_URL"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "messaging.W003" in result.stderr
