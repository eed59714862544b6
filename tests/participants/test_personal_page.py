"""A person's own page (issue 13): correcting their details (a new email or phone proves
itself first), dropping one choice after a confirmation page, registering again after
cancelling everything, and the ticket printed or downloaded as a PDF."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from innov_insertion import sms
from messaging import contact_changes
from participants import services
from participants.enums import BookingState, ParticipantState
from participants.models import Participant

from ..factories import WorkshopFactory

NEW_MOBILE = "+33698765432"


def personal_url(participant, name="personal", **kwargs):
    return reverse(f"participants:{name}", kwargs={"token": participant.token, **kwargs})


def details(participant, **changes) -> dict:
    data = {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "email": participant.email,
        "phone": participant.phone,
        "town": participant.town,
    }
    if participant.accepts_stand_contacts:
        data["accepts_stand_contacts"] = "on"
    return {**data, **changes}


def link_in(message) -> str:
    return re.search(r"https?://\S+/courriel/\S+/", message.body).group(0)


# --- Contact details ---------------------------------------------------------------------


def test_personal_page_shows_the_contact_details_form_filled_in(client, event, register):
    participant = register(first_name="Amina", last_name="Benali", town="Le Creusot")

    page = client.get(personal_url(participant)).content.decode()

    assert 'id="titre-coordonnees"' in page
    assert f'value="{participant.email}"' in page
    assert 'value="Le Creusot"' in page
    assert f'action="{personal_url(participant, "contact_details")}"' in page


def test_contact_details_name_town_and_consent_change_at_once(client, event, register):
    participant = register(first_name="Amina", last_name="Benali")
    assert not participant.accepts_stand_contacts

    response = client.post(
        personal_url(participant, "contact_details"),
        details(
            participant, last_name="Benali-Diallo", town="Montceau", accepts_stand_contacts="on"
        ),
    )

    participant.refresh_from_db()
    assert response["Location"] == participant.get_absolute_url() + "#coordonnees"
    assert participant.last_name == "Benali-Diallo"
    assert participant.town == "Montceau"
    assert participant.accepts_stand_contacts
    page = client.get(response["Location"]).content.decode()
    assert "vos coordonnées sont à jour" in page


def test_contact_details_withdraw_the_stand_contact_consent(client, event, register):
    participant = register()
    Participant.objects.filter(pk=participant.pk).update(accepts_stand_contacts=True)
    participant.refresh_from_db()

    data = details(participant)
    del data["accepts_stand_contacts"]
    client.post(personal_url(participant, "contact_details"), data)

    participant.refresh_from_db()
    assert not participant.accepts_stand_contacts


def test_new_email_takes_effect_only_through_the_link_sent_to_it(
    client, event, register, django_capture_on_commit_callbacks
):
    participant = register(email="amina@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            personal_url(participant, "contact_details"),
            details(participant, email="Amina.Nouvelle@Example.org"),
        )

    participant.refresh_from_db()
    assert participant.email == "amina@example.org"
    [message] = mail.outbox
    assert message.to == ["amina.nouvelle@example.org"]
    assert "confirmez votre nouvelle adresse" in message.subject
    page = client.get(response["Location"]).content.decode()
    assert "Nous avons envoyé un lien à amina.nouvelle@example.org" in page

    link = link_in(message)
    confirm_page = client.get(link)
    assert "amina.nouvelle@example.org" in confirm_page.content.decode()
    assert confirm_page["Cache-Control"] == "private, no-store"
    participant.refresh_from_db()
    assert participant.email == "amina@example.org"  # opening the link alone changes nothing

    client.post(link)

    participant.refresh_from_db()
    assert participant.email == "amina.nouvelle@example.org"


def test_email_link_of_someone_else_or_tampered_changes_nothing(client, event, register):
    amina = register(email="amina@example.org")
    other = register(email="other@example.org")
    signed = contact_changes.email_link_sign(participant=other, email="pirate@example.org")

    for url in (
        personal_url(amina, "email_confirm", signed=signed),
        personal_url(amina, "email_confirm", signed=signed[:-2] + "xx"),
    ):
        page = client.get(url).content.decode()
        client.post(url)
        assert "Ce lien a expiré" in page

    amina.refresh_from_db()
    assert amina.email == "amina@example.org"


def test_email_already_used_in_the_edition_is_refused_without_saying_by_whom(
    client, event, register
):
    register(email="taken@example.org", first_name="Secret", last_name="Person")
    participant = register(email="amina@example.org")
    mail.outbox.clear()

    response = client.post(
        personal_url(participant, "contact_details"),
        details(participant, email="TAKEN@example.org"),
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Cette adresse est déjà utilisée" in page
    assert "Secret" not in page and "Person" not in page
    assert mail.outbox == []
    participant.refresh_from_db()
    assert participant.email == "amina@example.org"


def test_email_taken_between_the_request_and_the_link_is_refused(
    client, event, register, django_capture_on_commit_callbacks
):
    participant = register(email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            personal_url(participant, "contact_details"),
            details(participant, email="new@example.org"),
        )
    link = link_in(mail.outbox[-1])
    register(email="new@example.org")

    response = client.post(link, follow=True)

    assert "Cette adresse est déjà utilisée" in response.content.decode()
    participant.refresh_from_db()
    assert participant.email == "amina@example.org"


def test_new_phone_takes_effect_with_the_code_texted_to_it(
    client, event, register, django_capture_on_commit_callbacks
):
    participant = register(phone="+33612345678", email="")
    sms.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            personal_url(participant, "contact_details"),
            details(participant, phone="06 98 76 54 32"),
        )

    participant.refresh_from_db()
    assert participant.phone == "+33612345678"
    [text] = sms.outbox
    assert text.to == NEW_MOBILE
    code = re.search(r"\b(\d{6})\b", text.body).group(1)
    confirm_page = client.get(response["Location"]).content.decode()
    assert "06 98 76 54 32" in confirm_page

    signed = re.search(r'name="signed_phone" value="([^"]+)"', confirm_page).group(1)
    wrong = client.post(
        personal_url(participant, "phone_confirm"), {"code": "000000", "signed_phone": signed}
    )
    assert "Ce code n’est pas le bon" in wrong.content.decode()
    client.post(personal_url(participant, "phone_confirm"), {"code": code, "signed_phone": signed})

    participant.refresh_from_db()
    assert participant.phone == NEW_MOBILE


def test_phone_codes_are_limited_to_a_few_tries(client, event, register):
    participant = register(phone="+33612345678", email="")
    signed = contact_changes.phone_signed(participant=participant, phone=NEW_MOBILE)
    url = personal_url(participant, "phone_confirm")

    statuses = [
        client.post(url, {"code": "000000", "signed_phone": signed}).status_code for _ in range(6)
    ]

    assert statuses[-1] == 429
    code = contact_changes.phone_code(participant=participant, phone=NEW_MOBILE)
    client.post(url, {"code": code, "signed_phone": signed})
    participant.refresh_from_db()
    assert participant.phone == "+33612345678"


def test_contact_changes_are_limited_per_personal_link(client, event, register):
    participant = register(email="amina@example.org")
    url = personal_url(participant, "contact_details")

    statuses = [
        client.post(url, details(participant, email=f"new{n}@example.org")).status_code
        for n in range(11)
    ]

    assert statuses[:10] == [302] * 10
    assert statuses[-1] == 429


def test_a_landline_cannot_be_confirmed_by_text(client, event, register):
    participant = register(phone="+33612345678", email="")

    response = client.post(
        personal_url(participant, "contact_details"), details(participant, phone="03 85 12 34 56")
    )

    assert "Ce numéro ne peut pas recevoir de SMS" in response.content.decode()


def test_removing_the_only_confirmed_contact_is_refused(client, event, register):
    participant = register(email="amina@example.org")

    response = client.post(
        personal_url(participant, "contact_details"),
        details(participant, email="", phone="06 98 76 54 32"),
    )

    assert "Gardez votre courriel ou votre téléphone actuel" in response.content.decode()
    participant.refresh_from_db()
    assert participant.email == "amina@example.org"


def test_a_person_registered_without_a_contact_of_their_own_can_correct_their_name(
    client, event, register
):
    participant = register(
        email="", referrer_email="conseil@france-travail.example", referrer_receives_copies=True
    )

    client.post(
        personal_url(participant, "contact_details"), details(participant, first_name="Aminata")
    )

    participant.refresh_from_db()
    assert participant.first_name == "Aminata"


def test_a_change_records_the_language_of_the_page(client, event, register):
    participant = register()
    assert participant.language == "fr"

    client.post(
        personal_url(participant, "contact_details"),
        details(participant, town="Autun"),
        headers={"accept-language": "en"},
    )

    participant.refresh_from_db()
    assert participant.town == "Autun"
    assert participant.language == "en"


# --- Dropping one choice ---------------------------------------------------------------------


def test_dropping_a_choice_asks_on_a_page_of_its_own_first(client, event, register):
    workshop = WorkshopFactory(event=event, title="Réussir son CV")
    participant = register(workshop)
    booking = participant.bookings.get()
    url = personal_url(participant, "booking_cancel", booking_id=booking.pk)
    assert f'href="{url}"' in client.get(personal_url(participant)).content.decode()

    response = client.get(url)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Ne plus participer à « Réussir son CV » ?" in page
    assert "Place confirmée" in page
    assert f'action="{url}"' in page
    assert response["Cache-Control"] == "private, no-store"
    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED

    client.post(url)

    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED


def test_dropping_a_choice_of_someone_else_shows_nothing_of_it(client, event, register):
    workshop = WorkshopFactory(event=event, title="Atelier secret")
    other = register(workshop)
    participant = register()

    url = personal_url(participant, "booking_cancel", booking_id=other.bookings.get().pk)
    response = client.get(url)

    assert response["Location"] == participant.get_absolute_url()


# --- Cancelling everything, then registering again -------------------------------------------


def test_cancelled_page_offers_to_register_again_and_the_same_email_renews(
    client, event, register, person
):
    participant = register(email="amina@example.org")
    client.post(personal_url(participant, "cancel"))

    page = client.get(personal_url(participant)).content.decode()

    assert "M’inscrire de nouveau" in page
    assert f'href="{reverse("participants:register")}"' in page
    result = services.registration_create(
        event=event, person=person(email="amina@example.org"), targets=[]
    )
    participant.refresh_from_db()
    assert result.participant.pk == participant.pk
    assert participant.state == ParticipantState.REGISTERED


# --- The ticket ------------------------------------------------------------------------------


def test_ticket_page_has_a_print_button_for_javascript_and_words_without(client, event, register):
    participant = register()

    page = client.get(personal_url(participant, "ticket")).content.decode()

    assert re.search(r"<button[^>]*data-print[^>]*hidden", page)
    assert "js/print.js" in page
    assert "Ctrl + P" in page
    assert "<script>" not in page  # no inline script: the CSP forbids it


def test_ticket_pdf_is_one_private_page(client, event, register):
    participant = register(first_name="Amina", last_name="Benali")

    response = client.get(personal_url(participant, "ticket_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="billet-{participant.ticket_code}.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response.content.startswith(b"%PDF")
    assert response.content.count(b"/Type /Page\n") + response.content.count(b"/Type /Page ") == 1


@pytest.mark.parametrize("name", ["ticket_pdf", "contact_details", "phone_confirm"])
def test_pages_of_a_cancelled_registration_go_back_to_the_personal_page(
    client, event, register, name
):
    participant = register()
    services.participant_cancel(participant=participant)

    response = client.get(personal_url(participant, name))

    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()


@override_settings(LANGUAGE_CODE="fr")
def test_print_css_hides_the_site_header_and_footer_on_the_ticket():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()

    assert "body:has(.printable-ticket) .site-footer" in css
    assert "body:has(.printable-ticket) .site-header" in css
