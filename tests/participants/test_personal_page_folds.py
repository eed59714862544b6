"""The personal page keeps its length down on a phone: "Vos coordonnées" and "Pour vous
accueillir" show what is recorded and fold their forms into a <details>, open when it holds
an error or when the person comes back from changing that section."""

import re

import pytest
from django.urls import reverse

from participants.models import Participant

pytestmark = pytest.mark.django_db


def personal_url(participant, name="personal", **kwargs):
    return reverse(f"participants:{name}", kwargs={"token": participant.token, **kwargs})


def contact_section(page: str) -> str:
    match = re.search(r'<section[^>]*id="coordonnees".*?</section>', page, re.S)
    assert match, "no contact-details section"
    return match.group(0)


def details_tag(section: str) -> str:
    """The opening <details> tag that holds the form."""
    match = re.search(r"<details[^>]*>", section)
    assert match, "the form is not folded"
    return match.group(0)


def is_open(section: str) -> bool:
    return re.search(r"\sopen(?=[\s>])", details_tag(section)) is not None


def details(participant, **changes) -> dict:
    return {
        "first_name": participant.first_name,
        "last_name": participant.last_name,
        "email": participant.email,
        "phone": participant.phone,
        "town": participant.town,
        **changes,
    }


def test_contact_details_are_folded_with_the_details_as_they_are(client, event, register):
    participant = register(
        first_name="Amina", last_name="Benali", email="amina@example.org", town="Le Creusot"
    )
    Participant.objects.filter(pk=participant.pk).update(phone="+33612345678")

    page = client.get(personal_url(participant)).content.decode()

    section = contact_section(page)
    # The heading stays outside the fold, the form inside it, closed.
    assert section.index('<h2 id="titre-coordonnees">') < section.index("<details")
    assert section.index("<details") < section.index('<form method="post"')
    assert not is_open(section)
    assert re.search(r"<summary[^>]*>\s*Corriger mes coordonnées\s*</summary>", section)
    recap = re.search(r'class="contact-details__now">(.*?)</p>', section, re.S).group(1)
    assert recap == "Amina Benali · amina@example.org · 06 12 34 56 78 · Le Creusot"


def test_contact_details_error_shows_the_form_open_with_its_summary(client, event, register):
    participant = register(email="amina@example.org")

    response = client.post(
        personal_url(participant, "contact_details"), details(participant, first_name="")
    )

    section = contact_section(response.content.decode())
    assert response.status_code == 200
    assert is_open(section)
    assert 'id="erreurs-coordonnees"' in section
    assert section.index('id="erreurs-coordonnees"') < section.index("<details")
    assert re.search(r'<input[^>]*name="first_name"[^>]*aria-invalid="true"', section)


def test_coming_back_from_a_change_shows_the_section_open_then_folded_again(
    client, event, register
):
    participant = register(email="amina@example.org")

    response = client.post(
        personal_url(participant, "contact_details"), details(participant, town="Montceau")
    )
    back = client.get(response["Location"]).content.decode()
    later = client.get(personal_url(participant)).content.decode()

    assert "vos coordonnées sont à jour" in back
    assert is_open(contact_section(back))
    assert 'value="Montceau"' in contact_section(back)
    # The message is shown with its usual style, not the tag the section reads.
    assert re.search(r'<div class="alert alert-success">C’est noté', back)
    assert not is_open(contact_section(later))


def test_other_messages_leave_the_section_folded(client, event, register):
    participant = register(email="amina@example.org")

    # A message about something else (the access needs) does not open the contact details.
    response = client.post(
        personal_url(participant, "access_needs"),
        {"access_needs": ["wheelchair"], "access_needs_other": ""},
    )
    page = client.get(response["Location"]).content.decode()

    assert 'class="alert' in page
    assert not is_open(contact_section(page))


# --- "Pour vous accueillir" folds the same way ---------------------------------------------


def needs_section(page: str) -> str:
    match = re.search(r'<section[^>]*id="besoins".*?</section>', page, re.S)
    assert match, "no access-needs section"
    return match.group(0)


def test_access_needs_are_folded_with_what_was_declared(client, event, register):
    nobody = register(email="nobody@example.org")
    amina = register(email="amina@example.org", access_needs=("wheelchair",))

    empty = needs_section(client.get(personal_url(nobody)).content.decode())
    declared = needs_section(client.get(personal_url(amina)).content.decode())

    assert "Vous n’avez indiqué aucun besoin." in empty
    assert not is_open(empty)
    assert re.search(r"<summary[^>]*>\s*Indiquer ou changer mes besoins\s*</summary>", empty)
    assert re.search(
        r'<ul class="access-needs__now"><li>Fauteuil roulant ou mobilité réduite</li>', declared
    )
    assert not is_open(declared)


def test_access_needs_error_shows_the_form_open(client, event, register):
    participant = register(email="amina@example.org")

    response = client.post(
        personal_url(participant, "access_needs"),
        {"access_needs": ["flying"], "access_needs_other": ""},
    )

    section = needs_section(response.content.decode())
    assert is_open(section)
    assert 'id="erreurs-besoins"' in section


def test_coming_back_from_changing_needs_shows_them_open(client, event, register):
    participant = register(email="amina@example.org")

    response = client.post(
        personal_url(participant, "access_needs"),
        {"access_needs": ["large_print"], "access_needs_other": ""},
    )
    back = client.get(response["Location"]).content.decode()

    assert is_open(needs_section(back))
    assert "<li>Documents en gros caractères</li>" in needs_section(back)
    assert not is_open(contact_section(back))
