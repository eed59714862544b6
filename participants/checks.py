from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Rate limits only hold across gunicorn workers with a shared cache (Redis)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache"):
        return [
            checks.Warning(
                "CACHE_URL is local memory: each gunicorn worker keeps its own rate limits.",
                hint="Set CACHE_URL=redis://127.0.0.1:6379/1 in production.",
                id="participants.W001",
            )
        ]
    return []


@checks.register(checks.Tags.compatibility, deploy=True)
def queued_emails_check(app_configs, **kwargs):
    """In production, emails are built and sent by the task worker, not in the request."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.endswith("ImmediateBackend"):
        return [
            checks.Warning(
                "TASKS_BACKEND is immediate: every registration waits for its confirmation "
                "email (QR code, calendar, SMTP) before answering.",
                hint="Set TASKS_BACKEND=database and run `manage.py db_worker` as a service "
                "(docs/deployment.md).",
                id="participants.W002",
            )
        ]
    return []
