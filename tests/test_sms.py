"""The SMS backends chosen by SMS_URL, and Brevo's API spoken to a stand-in server."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from innov_insertion import sms

from .test_production import free_port


class SmsApi:
    """Brevo's transactional SMS API on 127.0.0.1: answers each POST with the next status of
    ``statuses`` (the last one repeats) and keeps what it was sent (``received``: the headers
    and the JSON body of each POST). ``delay``: seconds before answering."""

    def __init__(self, *statuses: int, delay: float = 0):
        self.statuses, self.delay, self.received = list(statuses) or [201], delay, []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                api.received.append(
                    ({k.lower(): v for k, v in self.headers.items()}, json.loads(body))
                )
                time.sleep(api.delay)
                status = api.statuses.pop(0) if len(api.statuses) > 1 else api.statuses[0]
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.end_headers()
                    self.wfile.write(b'{"messageId": 1}' if status < 300 else b'{"code": "x"}')
                except ConnectionError:
                    pass  # the client gave up waiting (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True  # closing never waits for a slow answer
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        endpoint = f"http://127.0.0.1:{self.server.server_port}/v3/transactionalSMS/send"
        return f"brevo://secret-key@?sender=CUCM&endpoint={endpoint}"

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def sms_api():
    servers = []

    def start(*statuses: int, **kwargs) -> SmsApi:
        servers.append(SmsApi(*statuses, **kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_locmem_backend_keeps_the_message_in_the_outbox(settings):
    settings.SMS_URL = "locmem://"
    sms.outbox.clear()

    sms.send(to="+33612345678", body="Bonjour Amina")

    assert sms.outbox == [sms.TextMessage(to="+33612345678", body="Bonjour Amina")]
    sms.outbox.clear()


def test_file_backend_writes_one_file_per_message_with_the_number_first(settings, tmp_path):
    settings.SMS_URL = f"file://{tmp_path}/sms"

    sms.send(to="+33612345678", body="Bonjour Amina")
    sms.send(to="+447911123456", body="Hello Jo")

    files = sorted((tmp_path / "sms").iterdir())
    assert [path.read_text(encoding="utf-8") for path in files] == [
        "+33612345678\nBonjour Amina\n",
        "+447911123456\nHello Jo\n",
    ]
    assert files[0].name.endswith("-33612345678.txt")


def test_console_backend_prints_the_message(settings, capsys):
    settings.SMS_URL = "console://"

    sms.send(to="+33612345678", body="Bonjour Amina")

    assert capsys.readouterr().out.startswith("SMS to +33612345678\nBonjour Amina\n")


def test_brevo_backend_posts_the_text_with_the_key_and_the_sender(settings, sms_api):
    api = sms_api(201)
    settings.SMS_URL = api.url

    sms.send(to="+33612345678", body="Bonjour Amina")

    [(headers, body)] = api.received
    assert headers["api-key"] == "secret-key"
    assert body == {
        "type": "transactional",
        "sender": "CUCM",
        "recipient": "33612345678",
        "content": "Bonjour Amina",
        "unicodeEnabled": False,
    }


def test_brevo_backend_marks_a_text_outside_gsm7_as_unicode(settings, sms_api):
    api = sms_api(201)
    settings.SMS_URL = api.url

    sms.send(to="+33612345678", body="Bonjour Zoë ✓")

    assert api.received[0][1]["unicodeEnabled"] is True


@pytest.mark.parametrize("status", [400, 401, 500, 503])
def test_brevo_backend_refused_raises_text_delivery_error(settings, sms_api, status):
    settings.SMS_URL = sms_api(status).url

    with pytest.raises(sms.TextDeliveryError, match=f"answered {status}"):
        sms.send(to="+33612345678", body="Bonjour")


def test_brevo_backend_unreachable_raises_text_delivery_error(settings):
    endpoint = f"http://127.0.0.1:{free_port()}/v3/transactionalSMS/send"
    settings.SMS_URL = f"brevo://key@?sender=CUCM&endpoint={endpoint}"

    with pytest.raises(sms.TextDeliveryError, match="could not be reached"):
        sms.send(to="+33612345678", body="Bonjour")


def test_brevo_backend_too_slow_raises_text_delivery_error(settings, sms_api, monkeypatch):
    monkeypatch.setattr(sms, "TIMEOUT", 0.2)
    settings.SMS_URL = sms_api(201, delay=1).url

    with pytest.raises(sms.TextDeliveryError):
        sms.send(to="+33612345678", body="Bonjour")


def test_brevo_url_reads_the_key_and_the_sender():
    backend = sms.backend_from_url("brevo://xkeysib-abc%2Fdef@?sender=CUCM")

    assert (backend.api_key, backend.sender, backend.endpoint) == (
        "xkeysib-abc/def",
        "CUCM",
        "https://api.brevo.com/v3/transactionalSMS/send",
    )


@pytest.mark.parametrize(
    "url", ["smtp://host", "brevo://key@", "brevo://@?sender=CUCM", "file://relative/folder"]
)
def test_sms_url_misconfigured_is_refused_with_a_clear_error(url):
    with pytest.raises(ImproperlyConfigured, match="SMS_URL"):
        sms.backend_from_url(url)


@pytest.mark.parametrize(
    ("body", "length"),
    [("Bonjour à vous, c'est noté", 26), ("Prix : 5 €", 11), ("Zoë ✓", 5), ("Juste “ça”", 10)],
)
def test_segment_length_counts_as_the_phone_network_does(body, length):
    assert sms.segment_length(body) == length
