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
