import logging
import re
import smtplib

import icalendar
import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils.html import escape

from messaging import emails, tasks
from participants import services
from participants.models import Participant

from ..factories import ParticipantFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db

CONFIRMED = "Innov’insertion : votre inscription est confirmée"
WITH_WAITLIST = "Innov’insertion : votre inscription (avec liste d’attente)"
PERSONAL_LINK = "Innov’insertion : votre lien personnel"
PROMOTED = "Innov’insertion : une place s’est libérée pour vous"
CANCELLED = "Innov’insertion : votre inscription est annulée"
REMINDER = "Innov’insertion, c’est demain !"


class FailingBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, messages):
        raise smtplib.SMTPException("421 Service not available")


@pytest.fixture
def failing_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}


def html_of(message) -> str:
    return message.alternatives[0].content


def personal_url(participant: Participant) -> str:
    return settings.SITE_URL + participant.get_absolute_url()


def sent_with(subject: str) -> list:
    return [message for message in mail.outbox if message.subject == subject]


# --- Confirmation ------------------------------------------------------------------------


def test_confirmation_send_lists_the_day_and_the_plan(
    event, register, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, title="Refaire son CV", starts_at=at(event, 10))

    with django_capture_on_commit_callbacks(execute=True):
        participant = register(workshop, first_name="Amina")

    [message] = mail.outbox
    assert message.subject == CONFIRMED
    assert message.to == [participant.email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    place = f"{workshop.space.name} (Rez-de-chaussée)"
    assert event.full_address in message.body
    assert escape(event.full_address) in html_of(message)
    for body in (message.body, html_of(message)):
        assert "Bonjour Amina," in body
        assert "9h00 à 19h30" in body
        assert "10h00–11h00 : Refaire son CV" in body
        assert place in body
        assert "Place confirmée" in body


def test_confirmation_send_gives_the_waitlist_position(
    event, register, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)

    [message] = mail.outbox
    assert message.subject == WITH_WAITLIST
    assert "Liste d’attente : vous êtes n° 1" in message.body
    assert "Liste d’attente : vous êtes n° 1" in html_of(message)
    assert "Place confirmée" not in message.body


def test_confirmation_and_reminder_say_when_absent_people_lose_their_seats(
    event, register, django_capture_on_commit_callbacks
):
    event.no_show_release_minutes = 15
    event.save(update_fields=["no_show_release_minutes"])
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)

    with django_capture_on_commit_callbacks(execute=True):
        waiting = register(workshop)
    emails.reminder_send(participant=waiting)

    confirmation, reminder = mail.outbox[-2:]
    for message in (confirmation, reminder):
        for body in (message.body, html_of(message)):
            assert "Arrivez à l’heure : 15 minutes après le début" in body
            assert "Après le début, venez à la porte de la salle" in body


def test_confirmation_send_gives_the_ticket_code_and_the_personal_link(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register()

    [message] = mail.outbox
    url = personal_url(participant)
    assert url.startswith("http")
    assert participant.ticket_code in message.body
    assert participant.ticket_code in html_of(message)
    assert url in message.body
    assert f'href="{url}"' in html_of(message)
    assert "voir ou changer vos choix, annuler, supprimer vos données" in message.body.lower()


def test_confirmation_send_attaches_the_plan_as_ics(
    event, register, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, title="Refaire son CV")

    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)

    [message] = mail.outbox
    [attachment] = message.attachments
    assert attachment.filename == "innov-insertion.ics"
    assert attachment.mimetype == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.content)
    summaries = [str(item["summary"]) for item in calendar.walk("VEVENT")]
    assert summaries == [event.name, "Refaire son CV"]


def test_confirmation_send_embeds_the_qr_code_beside_the_html(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register()

    [message] = mail.outbox
    mime = message.message()
    [related] = [part for part in mime.walk() if part.get_content_type() == "multipart/related"]
    html_part, image = related.iter_parts()
    cid = re.search(r'src="cid:([^"]+)"', html_part.get_content()).group(1)
    assert image.get_content_type() == "image/png"
    assert image["Content-ID"] == f"<{cid}>"
    assert image.get_content_disposition() == "inline"
    assert image.get_content().startswith(b"\x89PNG")
    assert f'alt="QR code du billet {participant.ticket_code}"' in html_of(message)
    assert '<html lang="fr">' in html_of(message)


def test_confirmation_send_copies_the_advisor_who_registered_the_person(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register(
            first_name="Amina",
            last_name="Benali",
            referrer_name="Julie Morel",
            referrer_email="julie.morel@francetravail.example",
            referrer_receives_copies=True,
        )

    own, copy = mail.outbox
    assert own.to == [participant.email]
    assert own.subject == CONFIRMED
    assert copy.to == ["julie.morel@francetravail.example"]
    assert copy.subject == f"Copie concernant Amina : {CONFIRMED}"
    assert "vous avez inscrit Amina Benali" in copy.body
    assert participant.ticket_code in copy.body
    assert "vous avez inscrit" not in own.body


def test_confirmation_send_without_email_only_copies_the_advisor(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register(
            phone="06 12 34 56 78",
            referrer_email="conseil@example.org",
            referrer_receives_copies=True,
        )

    [message] = mail.outbox
    assert message.to == ["conseil@example.org"]
    assert message.subject == f"Copie concernant Amina : {CONFIRMED}"
    participant.refresh_from_db()
    assert participant.confirmation_sent_at is not None


def test_confirmation_send_sets_confirmation_sent_at(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register()

    participant.refresh_from_db()
    assert participant.confirmation_sent_at is not None


def test_confirmation_send_without_any_address_sends_nothing(event):
    participant = ParticipantFactory(event=event, email="", phone="06 12 34 56 78")

    sent = emails.confirmation_send(participant=participant)

    assert sent is False
    assert mail.outbox == []


def test_confirmation_send_failing_server_keeps_the_registration(
    event, register, failing_mailer, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="messaging.emails"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        participant = register()

    participant.refresh_from_db()
    assert participant.confirmation_sent_at is None
    assert emails.confirmation_send(participant=participant) is False
    [record, *_] = caplog.records
    assert record.levelno == logging.ERROR
    assert str(participant.pk) in record.getMessage()
    assert participant.email not in record.getMessage()
    assert mail.outbox == []


def test_confirmation_send_keeps_names_on_one_line(
    event, register, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(first_name="Amina\nBcc: victime@example.org")

    [message] = mail.outbox
    assert "Bonjour Amina Bcc: victime@example.org," in message.body
    assert "\n" not in message.subject


def test_confirmation_html_is_marked_with_the_language_it_is_written_in(
    event, register, django_capture_on_commit_callbacks
):
    """A screen reader reads an English email with an English voice, and the workshop's
    title (staff write it in French) with a French one (WCAG 3.1.1, 3.1.2)."""
    workshop = WorkshopFactory(event=event, title="Refaire son CV", starts_at=at(event, 10))

    with django_capture_on_commit_callbacks(execute=True):
        register(workshop, email="jo@example.org", language="en")
        register(workshop, email="amina@example.org", language="fr")

    english, french = (html_of(message) for message in mail.outbox)
    assert '<html lang="en">' in english
    assert "<title>Innov’insertion: your registration is confirmed</title>" in english
    assert '10:00–11:00 : <span lang="fr">Refaire son CV</span>' in english
    assert '<html lang="fr">' in french
    assert "<title>Innov’insertion : votre inscription est confirmée</title>" in french
    assert "10h00–11h00 : Refaire son CV</strong>" in french
    assert 'lang="fr">Refaire' not in french


def test_email_change_html_is_marked_with_the_person_s_language(event, register):
    english = register(email="jo@example.org", language="en")
    french = register(email="amina@example.org", language="fr")
    mail.outbox.clear()

    tasks.email_confirmation_deliver.call(english.pk, "jo.new@example.org")
    tasks.email_confirmation_deliver.call(french.pk, "amina.new@example.org")

    assert [message.to for message in mail.outbox] == [
        ["jo.new@example.org"],
        ["amina.new@example.org"],
    ]
    assert '<html lang="en">' in html_of(mail.outbox[0])
    assert '<html lang="fr">' in html_of(mail.outbox[1])


# --- Other messages ----------------------------------------------------------------------


def test_registration_create_known_email_sends_the_personal_link_only(
    event, register, person, django_capture_on_commit_callbacks
):
    participant = register(email="amina@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, person=person(email="Amina@example.org"), targets=[]
        )

    [message] = mail.outbox
    assert message.subject == PERSONAL_LINK
    assert message.to == ["amina@example.org"]
    assert personal_url(participant) in message.body
    assert participant.ticket_code in message.body
    assert Participant.objects.filter(event=event).count() == 1


def test_booking_cancel_emails_the_first_person_waiting(
    event, register, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1, title="Simuler un entretien")
    holder = register(workshop)
    first = register(workshop)
    register(workshop)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=holder.bookings.get())

    [message] = mail.outbox
    assert message.subject == PROMOTED
    assert message.to == [first.email]
    assert "10h00–11h00 : Simuler un entretien" in message.body
    assert f"{workshop.space.name} (Rez-de-chaussée)" in message.body
    assert personal_url(first) in message.body


def test_waitlist_promotion_send_copies_the_advisor(
    event, register, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    register(
        workshop,
        phone="06 12 34 56 78",
        referrer_email="conseil@example.org",
        referrer_receives_copies=True,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=holder.bookings.get())

    [message] = mail.outbox
    assert message.to == ["conseil@example.org"]
    assert message.subject == f"Copie concernant Amina : {PROMOTED}"


def test_participant_cancel_sends_the_cancellation(
    event, register, django_capture_on_commit_callbacks
):
    participant = register(WorkshopFactory(event=event))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=participant)

    [message] = mail.outbox
    assert message.subject == CANCELLED
    assert message.to == [participant.email]
    assert personal_url(participant) in message.body


def test_reminder_send_gives_the_plan_address_ticket_and_link(event, register):
    workshop = WorkshopFactory(event=event, title="Refaire son CV")
    participant = register(workshop)
    mail.outbox.clear()

    sent = emails.reminder_send(participant=participant)

    assert sent is True
    [message] = mail.outbox
    assert message.subject == REMINDER
    assert "10h00–11h00 : Refaire son CV" in message.body
    assert event.full_address in message.body
    assert participant.ticket_code in message.body
    assert personal_url(participant) in message.body
    assert f'alt="QR code du billet {participant.ticket_code}"' in html_of(message)


def test_reminder_send_failing_server_returns_false(event, register, failing_mailer, caplog):
    participant = register()

    with caplog.at_level(logging.ERROR, logger="messaging.emails"):
        sent = emails.reminder_send(participant=participant)

    assert sent is False
    assert str(participant.pk) in caplog.records[0].getMessage()


def test_personal_link_send_after_cancellation_says_it_was_cancelled(event, register):
    participant = register()
    services.participant_cancel(participant=participant)

    sent = emails.personal_link_send(participant=participant)

    assert sent is True
    [message] = mail.outbox
    assert "votre inscription précédente a été annulée" in message.body
    assert participant.ticket_code not in message.body
