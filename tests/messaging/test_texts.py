"""Text messages (SMS) to people who gave a phone number: who gets them, what they say, the
STOP on the personal page and from the provider, and a provider that refuses then accepts.

SMS_URL=file:///tmp_path (one file per text) for what people receive; a stand-in for Brevo's
API (``tests/test_sms.py``) for the faults.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core import mail
from django.tasks import TaskResultStatus
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from innov_insertion import sms
from innov_insertion.phones import phone_display, phone_normalize
from messaging import services as messaging_services
from messaging import texts
from participants import services
from participants.forms import RegistrationForm
from participants.models import Participant

from ..factories import EventFactory, ParticipantFactory, WorkshopFactory
from ..test_production import free_port
from ..test_sms import SmsApi
from .test_faults import SmtpServer, mailer_at, retry, statuses, worker_run

PHONE = "+33612345678"
OTHER_PHONE = "+33698765432"


@pytest.fixture
def outbox(settings, tmp_path):
    """Where the texts land (SMS_URL=file://…): a function giving each text's contents."""
    folder = tmp_path / "sms"
    settings.SMS_URL = f"file://{folder}"
    settings.SITE_URL = "https://innov-insertion.fr"

    def read() -> list[str]:
        if not folder.exists():
            return []
        return [path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())]

    return read


def text_of(message: str) -> tuple[str, str]:
    """(recipient, text) of one message file."""
    to, body = message.rstrip("\n").split("\n", 1)
    return to, body


def personal_url(participant: Participant) -> str:
    return "https://innov-insertion.fr" + participant.get_absolute_url()


def registration(**data):
    return {"first_name": "Amina", "last_name": "Benali", "privacy_consent": "on", **data}


# --- Who gets texts, and what they say -----------------------------------------------------


def test_phone_only_registration_texts_the_personal_link_and_the_ticket_code(
    event, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post("/inscription/", registration(phone="06 12 34 56 78"))

    participant = Participant.objects.get()
    [message] = outbox()
    to, body = text_of(message)
    assert response["Location"] == participant.get_absolute_url()
    assert participant.phone == PHONE
    assert to == PHONE
    assert body == (
        f"Innov'insertion : c'est noté, Amina ! Billet {participant.ticket_code}. "
        f"Votre page : {personal_url(participant)}"
    )
    assert sms.segment_length(body) <= 160 and sms.is_gsm7(body)
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is not None


def test_waitlist_promotion_texts_the_person_who_got_the_seat(
    event, register, outbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    waiting = register(workshop, phone=PHONE, first_name="Karim")
    before = len(outbox())

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=holder)

    [message] = outbox()[before:]
    assert text_of(message) == (
        PHONE,
        "Innov'insertion : une place s'est libérée pour vous, Karim. "
        f"Votre page : {personal_url(waiting)}",
    )


def test_reminders_text_each_phone_only_person_for_tomorrow_once(
    register, outbox, django_capture_on_commit_callbacks
):
    tomorrow = EventFactory(date=timezone.localdate() + dt.timedelta(days=1))
    later = EventFactory(date=timezone.localdate() + dt.timedelta(days=2))
    first = register(event=tomorrow, phone=PHONE, first_name="Karim")
    second = register(event=tomorrow, phone=OTHER_PHONE, first_name="Zoé")
    register(event=later, phone="+33611111111")
    register(event=tomorrow, email="lea@example.org")
    before = len(outbox())

    with django_capture_on_commit_callbacks(execute=True):
        with_texts = messaging_services.reminders_send()
    after_first = outbox()[before:]
    with django_capture_on_commit_callbacks(execute=True):
        again = messaging_services.reminders_send()

    assert (with_texts, again) == (3, 0)  # two texts, one email
    assert sorted(text_of(message) for message in after_first) == [
        (
            PHONE,
            f"Innov'insertion, c'est demain, Karim ! Billet {first.ticket_code}. "
            f"Programme et adresse : {personal_url(first)}",
        ),
        (
            OTHER_PHONE,
            f"Innov'insertion, c'est demain, Zoé ! Billet {second.ticket_code}. "
            f"Programme et adresse : {personal_url(second)}",
        ),
    ]
    assert len(outbox()) == before + 2
    assert [m.to for m in mail.outbox if "demain" in m.subject] == [["lea@example.org"]]


def test_reminder_for_someone_with_both_channels_who_prefers_texts_goes_once_each(
    register, outbox, django_capture_on_commit_callbacks
):
    tomorrow = EventFactory(date=timezone.localdate() + dt.timedelta(days=1))
    both = register(
        event=tomorrow, email="amina@example.org", phone=PHONE, prefers_text_messages=True
    )
    before = len(outbox())

    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            messaging_services.reminders_send()

    assert [text_of(m)[0] for m in outbox()[before:]] == [PHONE]
    assert [m.to for m in mail.outbox if "demain" in m.subject] == [["amina@example.org"]]
    both.refresh_from_db()
    assert both.reminder_sent_at is not None


def test_person_with_email_and_no_text_preference_gets_no_text(
    event, register, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register(email="amina@example.org", phone=PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=participant)

    assert outbox() == []
    assert len(mail.outbox) == 2  # the confirmation and the cancellation, by email


def test_person_with_email_who_prefers_texts_gets_both(
    event, register, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register(email="amina@example.org", phone=PHONE, prefers_text_messages=True)

    assert [text_of(m)[0] for m in outbox()] == [PHONE]
    assert [m.to for m in mail.outbox] == [["amina@example.org"]]
    assert texts.texts_wanted(participant) is True


def test_person_who_stopped_texts_gets_none(
    event, register, outbox, django_capture_on_commit_callbacks
):
    tomorrow = EventFactory(date=timezone.localdate() + dt.timedelta(days=1))
    participant = register(event=tomorrow, phone=PHONE)
    before = len(outbox())
    messaging_services.text_messages_stop(participant=participant)

    with django_capture_on_commit_callbacks(execute=True):
        reminded = messaging_services.reminders_send()
        services.participant_cancel(participant=participant)

    assert reminded == 0
    assert outbox()[before:] == []


def test_cancellation_is_texted_with_the_way_back(
    event, register, outbox, django_capture_on_commit_callbacks
):
    participant = register(phone=PHONE, first_name="Karim")
    before = len(outbox())

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=participant)

    [message] = outbox()[before:]
    assert text_of(message)[1] == (
        "Innov'insertion : votre inscription est annulée, Karim. "
        f"Pour vous réinscrire : https://innov-insertion.fr{event.get_absolute_url()}"
    )


def test_text_keeps_the_first_name_as_typed_and_the_rest_in_gsm7(event, outbox):
    participant = ParticipantFactory(event=event, email="", phone=PHONE, first_name="Jérôme")

    body = texts.compose(participant=participant, kind="personal_link")

    assert body.startswith("Innov'insertion : voici votre page personnelle, Jérôme : https://")
    assert sms.is_gsm7(body.replace("Jérôme", ""))


def test_text_to_a_landline_kept_from_before_is_not_attempted(event, outbox):
    participant = ParticipantFactory(event=event, email="", phone="+33385123456")

    assert texts.texts_wanted(participant) is False
    assert texts.confirmation_send(participant=participant) is False
    assert outbox() == []


# --- Opting out: the personal page and the provider's STOP ---------------------------------


def test_personal_page_stop_button_stops_the_texts_and_can_take_them_back(event, register, outbox):
    participant = register(phone=PHONE)
    client = Client()
    page = client.get(participant.get_absolute_url()).content.decode()

    stopped = client.post(
        reverse("messaging:text_messages_stop", args=[participant.token]), follow=True
    )
    participant.refresh_from_db()
    stopped_at = participant.text_messages_stopped_at
    resumed = client.post(
        reverse("messaging:text_messages_resume", args=[participant.token]), follow=True
    )
    participant.refresh_from_db()

    assert "au 06 12 34 56 78" in page
    assert "Ne plus recevoir de SMS" in page
    assert stopped_at is not None
    assert "vous ne recevrez plus de SMS de notre part" in stopped.content.decode()
    assert "Recevoir de nouveau les SMS" in stopped.content.decode()
    assert "vous recevrez de nouveau nos SMS" in resumed.content.decode()
    assert participant.text_messages_stopped_at is None


def test_personal_page_of_someone_reached_by_email_has_no_sms_section(event, register):
    participant = register(email="amina@example.org", phone=PHONE)

    page = Client().get(participant.get_absolute_url()).content.decode()

    assert "Ne plus recevoir de SMS" not in page


def test_provider_stop_notice_stops_every_registration_with_that_number(register, settings, outbox):
    settings.SMS_WEBHOOK_SECRET = "s3cret-webhook"
    first = register(event=EventFactory(), phone=PHONE)
    second = register(event=EventFactory(), phone=PHONE)
    other = register(event=EventFactory(), phone=OTHER_PHONE)

    delivered = Client().post(
        "/inscription/sms/stop/s3cret-webhook/",
        {"to": "33612345678", "msg_status": "delivered"},
        content_type="application/json",
    )
    stop = Client().post(
        "/inscription/sms/stop/s3cret-webhook/",
        {"to": "33612345678", "msg_status": "unsubscribed", "reply": "STOP"},
        content_type="application/json",
    )

    assert (delivered.status_code, stop.status_code) == (200, 200)
    assert [
        Participant.objects.get(pk=p.pk).text_messages_stopped_at is not None
        for p in (first, second, other)
    ] == [True, True, False]


@pytest.mark.parametrize("configured", ["", "s3cret-webhook"])
def test_provider_stop_address_with_a_wrong_or_unset_secret_is_a_404(
    register, settings, configured
):
    settings.SMS_WEBHOOK_SECRET = configured
    participant = register(phone=PHONE)

    response = Client().post("/inscription/sms/stop/guess/", {"to": "33612345678", "reply": "STOP"})

    participant.refresh_from_db()
    assert response.status_code == 404
    assert participant.text_messages_stopped_at is None


# --- Phone numbers ---------------------------------------------------------------------


def form(event, **data) -> RegistrationForm:
    return RegistrationForm(data=registration(**data), event=event)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+44 7911 123456", "+447911123456"),
    ],
)
def test_phone_is_stored_in_e164(event, typed, stored):
    registration_form = form(event, phone=typed)

    assert registration_form.is_valid(), registration_form.errors
    assert registration_form.person().phone == stored


def test_phone_not_a_number_is_refused_next_to_the_field(event, client):
    page = client.post("/inscription/", registration(phone="12")).content.decode()

    assert Participant.objects.count() == 0
    error = page.split('<div id="id_phone_error" class="invalid-feedback">', 1)[1]
    assert (
        error.split("</div>")[0]
        .split("<strong>")[1]
        .startswith("Ce numéro de téléphone n’est pas valide : vérifiez-le.")
    )
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in page
    assert form(event, phone="12").errors["phone"] == [
        "Ce numéro de téléphone n’est pas valide : vérifiez-le. Exemples : 06 12 34 56 78, "
        "ou avec l’indicatif du pays : +44 7911 123456."
    ]


def test_landline_as_the_only_contact_is_refused_as_it_cannot_take_texts(event):
    alone = form(event, phone="03 85 12 34 56")
    with_email = form(event, phone="03 85 12 34 56", email="amina@example.org")

    assert alone.errors["phone"] == [
        "Ce numéro ne peut pas recevoir de SMS (c’est un fixe) : indiquez un portable, ou un "
        "courriel."
    ]
    assert with_email.is_valid(), with_email.errors


def test_phone_form_explains_why_it_is_asked_and_which_texts_are_sent(client, event):
    page = client.get("/inscription/").content.decode()

    assert (
        "nous vous envoyons par SMS : la confirmation avec votre lien personnel et votre code "
        "de billet, une place libérée sur liste d’attente, un rappel la veille, une "
        "annulation. Rien d’autre." in page
    )


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("+33612345678", "06 12 34 56 78"), ("+447911123456", "+44 7911 123456"), ("?", "?")],
)
def test_phone_is_shown_national_for_france_and_international_otherwise(stored, shown):
    assert phone_display(stored) == shown


def test_phone_normalize_defaults_to_france():
    assert phone_normalize("0612345678") == PHONE


def test_migration_puts_the_phones_already_stored_in_e164(event):
    typed = [
        ParticipantFactory(event=event, phone="06 12 34 56 78"),
        ParticipantFactory(event=event, phone="+44 7911 123456"),
        ParticipantFactory(event=event, phone="appelez-moi"),
        ParticipantFactory(event=event, phone=""),
    ]
    migration = importlib.import_module("participants.migrations.0006_phones_e164")

    migration.phones_to_e164(apps, None)

    assert [Participant.objects.get(pk=p.pk).phone for p in typed] == [
        "+33612345678",
        "+447911123456",
        "appelez-moi",
        "",
    ]


# --- The provider refuses, then accepts: retried, sent once ------------------------------


@pytest.fixture
def queued(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "OPTIONS": {"ENQUEUE_IN_TRANSACTION": True},
        }
    }


@pytest.fixture
def servers():
    """Starts stand-ins for the SMS provider (``SmsApi``) and the SMTP server; closes them."""
    started = []

    def start(kind, *args):
        started.append(kind(*args))
        return started[-1]

    yield start
    for server in started:
        server.close()


@pytest.mark.django_db(transaction=True)
def test_provider_answering_500_then_200_the_text_is_retried_and_sent_once(
    event,
    queued,
    settings,
    servers,
):
    api = servers(SmsApi, 500, 201)
    settings.SMS_URL = api.url

    response = Client().post("/inscription/", registration(phone="06 12 34 56 78"))
    participant = Participant.objects.get()
    worker_run()
    failed = statuses()
    first = retry()
    worker_run()
    again = retry()
    worker_run()

    assert response["Location"] == participant.get_absolute_url()
    assert failed == [
        ("confirmation_deliver", TaskResultStatus.SUCCESSFUL),  # no email: nothing to send
        ("confirmation_text_deliver", TaskResultStatus.FAILED),
    ]
    assert first.startswith("1 ")
    assert again.startswith("0 ")
    assert [body["recipient"] for _headers, body in api.received] == ["33612345678"] * 2
    assert {status for _, status in statuses()} == {TaskResultStatus.SUCCESSFUL}
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_email_retried_after_smtp_failure_never_sends_the_text_again(
    event,
    queued,
    settings,
    servers,
):
    api = servers(SmsApi, 201)
    settings.SMS_URL = api.url
    settings.MAILERS = mailer_at(free_port())  # the SMTP server is down

    Client().post(
        "/inscription/",
        registration(email="amina@example.org", phone="06 12 34 56 78", prefers_text_messages="on"),
    )
    worker_run()
    server = servers(SmtpServer)
    settings.MAILERS = mailer_at(server.port)
    retry()
    worker_run()

    assert len(api.received) == 1
    assert server.delivered == [["amina@example.org"]]
    assert {status for _, status in statuses()} == {TaskResultStatus.SUCCESSFUL}


# --- Said where it is asked ------------------------------------------------------------


def test_privacy_page_names_the_sms_provider_and_the_texts_sent(client, event):
    page = client.get("/confidentialite/").content.decode()

    assert "SMS : Brevo (Sendinblue SAS, entreprise française)." in page  # the processor
    assert "Rien d’autre, jamais de publicité." in page


def test_email_is_written_in_the_language_the_person_registered_in(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(email="jo@example.org", language="en")
        register(email="amina@example.org", language="fr")

    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["jo@example.org"], "Innov’insertion: your registration is confirmed"),
        (["amina@example.org"], "Innov’insertion : votre inscription est confirmée"),
    ]


def test_admin_lists_phones_in_national_format_and_finds_them_as_typed(
    event, register, admin_client
):
    register(phone=PHONE, last_name="Diallo")
    register(phone=OTHER_PHONE, last_name="Martin")

    found = admin_client.get(
        "/admin/participants/participant/", {"q": "06 12 34 56 78"}
    ).content.decode()

    assert "06 12 34 56 78" in found
    assert "Diallo" in found and "Martin" not in found
