"""Text messages (SMS): one small backend, chosen by the ``SMS_URL`` setting.

As small as Django's email backends: each backend has ``send(to, body) -> None`` (``to`` in
E.164, ``+33612345678``) and raises ``TextDeliveryError`` when the message did not go, so the
delivery task is kept as failed and retried (``messaging/tasks.py``).

``SMS_URL``:
- ``console://`` (the default): printed on the standard output (development).
- ``locmem://``: kept in ``outbox`` (tests), like ``django.core.mail.outbox``.
- ``file:///absolute/folder``: one file per message in that folder, the recipient on the
  first line, then the text.
- ``brevo://API_KEY@?sender=CUCM``: Brevo's transactional SMS API over HTTPS (a French
  provider). ``sender``: up to 11 letters and digits, shown as the sender. ``endpoint``
  replaces the API address (a proxy, or a stand-in server in tests).
"""

import json
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Brevo's current transactional SMS endpoint (POST /v3/transactionalSMS/sms, same payload, is
# deprecated since May 2025); ``endpoint=`` in SMS_URL points elsewhere without a release.
BREVO_ENDPOINT = "https://api.brevo.com/v3/transactionalSMS/send"
TIMEOUT = 10  # seconds: a provider that does not answer is retried later, not waited for

# The GSM 03.38 basic character set: a text made of these fits 160 characters a segment;
# one character outside it and the whole text goes as UCS-2, 70 characters a segment.
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€")  # two septets each


class TextDeliveryError(Exception):
    """The provider did not take the text message (refused, down, or too slow)."""


@dataclass(frozen=True)
class TextMessage:
    to: str
    body: str


def is_gsm7(body: str) -> bool:
    return all(char in GSM7 or char in GSM7_EXTENDED for char in body)


def segment_length(body: str) -> int:
    """Characters the text counts for: septets in GSM-7, else UCS-2 code units."""
    if is_gsm7(body):
        return len(body) + sum(char in GSM7_EXTENDED for char in body)
    return len(body.encode("utf-16-le")) // 2


class ConsoleBackend:
    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


outbox: list[TextMessage] = []


class LocmemBackend:
    """Messages kept in ``innov_insertion.sms.outbox`` (emptied by the tests' fixture)."""

    def send(self, to: str, body: str) -> None:
        outbox.append(TextMessage(to=to, body=body))


class FileBackend:
    """One file per message: the recipient on the first line, the text after it."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        if not self.folder.is_absolute():
            raise ImproperlyConfigured("SMS_URL=file:///…: the folder must be an absolute path.")

    def send(self, to: str, body: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.folder / f"{stamp}-{to.lstrip('+')}.txt"
        path.write_text(f"{to}\n{body}\n", encoding="utf-8")


class BrevoBackend:
    """Brevo's transactional SMS API (POST, JSON, the key in the ``api-key`` header)."""

    def __init__(self, api_key: str, sender: str, endpoint: str = BREVO_ENDPOINT):
        if not api_key or not sender:
            raise ImproperlyConfigured("SMS_URL=brevo://API_KEY@?sender=NAME: both are needed.")
        self.api_key, self.sender, self.endpoint = api_key, sender, endpoint

    def send(self, to: str, body: str) -> None:
        payload = {
            "type": "transactional",
            "sender": self.sender,
            "recipient": to.lstrip("+"),  # international, without the plus sign
            "content": body,
            "unicodeEnabled": not is_gsm7(body),
        }
        request = urllib.request.Request(  # noqa: S310 (https, or the configured endpoint)
            self.endpoint,
            data=json.dumps(payload).encode(),
            method="POST",
            headers={
                "accept": "application/json",
                "content-type": "application/json",
                "api-key": self.api_key,
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            # The answer's body may quote the number: only the status is kept.
            raise TextDeliveryError(f"The SMS provider answered {error.code}.") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TextDeliveryError(f"The SMS provider could not be reached: {error}.") from None
        if not 200 <= status < 300:
            raise TextDeliveryError(f"The SMS provider answered {status}.")


def backend_from_url(url: str):
    """The backend ``url`` names (see the module's docstring)."""
    parts = urlsplit(url)
    query = {name: values[-1] for name, values in parse_qs(parts.query).items()}
    if parts.scheme == "console":
        return ConsoleBackend()
    if parts.scheme == "locmem":
        return LocmemBackend()
    if parts.scheme == "file":
        if parts.netloc:
            raise ImproperlyConfigured("SMS_URL=file:///absolute/folder: three slashes.")
        return FileBackend(unquote(parts.path))
    if parts.scheme == "brevo":
        return BrevoBackend(
            api_key=unquote(parts.username or ""),
            sender=query.get("sender", ""),
            endpoint=query.get("endpoint", BREVO_ENDPOINT),
        )
    raise ImproperlyConfigured(
        f"SMS_URL scheme {parts.scheme!r}: expected console, locmem, file or brevo."
    )


def get_backend():
    return backend_from_url(settings.SMS_URL)


def send(*, to: str, body: str) -> None:
    """Send one text through the configured backend; ``TextDeliveryError`` if it did not go."""
    get_backend().send(to, body)
