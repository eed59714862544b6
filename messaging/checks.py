from django.conf import settings
from django.core import checks


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
                id="messaging.W002",
            )
        ]
    return []


@checks.register(checks.Tags.compatibility, deploy=True)
def text_messages_check(app_configs, **kwargs):
    """People who gave only a phone number are reached by text: production needs a provider."""
    if settings.SMS_URL.split(":", 1)[0] in {"console", "locmem", "file"}:
        return [
            checks.Warning(
                "SMS_URL is not a text-message provider: people who gave only a phone number "
                "get no confirmation, no reminder and no word of a freed seat.",
                hint="Set SMS_URL=brevo://API_KEY@?sender=CUCM (README, configuration).",
                id="messaging.W003",
            )
        ]
    return []
