"""An overlap shown by the choices concerned: both boxes marked, the summary linking to the
first; on the personal page, choices at the same time as one held are marked in the list,
and adding several where one clashes adds none (issue 13, item 2)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from participants import services
from participants.models import Booking, Participant

from ..factories import TimetableItemFactory, WorkshopFactory, at
from .forms_data import registration

pytestmark = pytest.mark.django_db

REGISTER_URL = "/inscription/"


def personal_url(participant):
    return reverse("participants:personal", kwargs={"token": participant.token})


def checkbox(page: str, pk: int, name: str = "workshops") -> str:
    """The <input> of choice ``pk`` in the list ``name``."""
    match = re.search(rf'<input type="checkbox"[^>]*name="{name}"[^>]*value="{pk}"[^>]*>', page)
    assert match, f"no checkbox {name}={pk}"
    return match.group(0)


def attribute(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def text_of(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:div|p)>', page, re.S)
    assert match, f"no element #{element_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.fixture
def clashing(event):
    """Two workshops at 10h, one at 14h (free of both)."""
    return (
        WorkshopFactory(event=event, title="Réussir son CV", starts_at=at(event, 10)),
        WorkshopFactory(event=event, title="Entretien d’embauche", starts_at=at(event, 10)),
        WorkshopFactory(event=event, title="Numérique", starts_at=at(event, 14)),
    )


# --- The services say which choices a refusal is about ----------------------------------


def test_an_overlap_refusal_names_both_choices(event, person, clashing):
    first, second, _free = clashing

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[first, second, _free])

    assert error.value.code == "overlap"
    assert set(error.value.targets) == {first, second}


def test_a_refusal_about_the_registration_names_no_choice(register, clashing):
    participant = register()
    services.participant_cancel(participant=participant)

    with pytest.raises(services.BookingError) as error:
        services.booking_create(participant=participant, target=clashing[0])

    assert error.value.code == "participant_cancelled"
    assert error.value.targets == ()


# --- The registration form --------------------------------------------------------------


def test_registration_overlap_marks_both_boxes_and_only_them(client, clashing):
    first, second, free = clashing

    response = client.post(REGISTER_URL, registration(workshops=[first.pk, second.pk, free.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in page
    for chosen, other in ((first, second), (second, first)):
        box = checkbox(page, chosen.pk)
        assert 'aria-invalid="true"' in box
        assert "is-invalid" in box
        assert " checked" in box  # still ticked, as sent
        error_id, note_id = attribute(box, "aria-describedby").split()
        assert error_id == "id_workshops_error"
        assert "ont lieu en même temps" in text_of(page, error_id)
        assert text_of(page, note_id) == (f"Même horaire que « {other.title} ».")
    free_box = checkbox(page, free.pk)
    assert "aria-invalid" not in free_box
    assert "is-invalid" not in free_box
    assert Participant.objects.count() == 0


def test_registration_overlap_summary_links_to_the_first_choice_concerned(client, clashing):
    first, second, free = clashing

    page = client.post(
        REGISTER_URL, registration(workshops=[free.pk, second.pk, first.pk])
    ).content.decode()

    # The list shows the workshops by time then title: « Entretien d’embauche » first.
    first_shown = attribute(checkbox(page, second.pk), "id")
    summary = re.search(r'class="error-summary.*?</div>', page, re.S).group(0)
    assert f'<a href="#{first_shown}">Les ateliers : « ' in summary
    assert "Entretien d’embauche" in summary


def test_overlap_across_two_lists_is_one_error_marking_both(client, event):
    workshop = WorkshopFactory(event=event, title="Réussir son CV", starts_at=at(event, 17))
    talk = TimetableItemFactory(event=event, title="Table ronde", capacity=50)

    page = client.post(
        REGISTER_URL, registration(workshops=[workshop.pk], conference=[talk.pk])
    ).content.decode()

    assert "Le formulaire contient 1 erreur" in page
    talk_box = checkbox(page, talk.pk, name="conference")
    assert 'aria-invalid="true"' in talk_box
    # Tied to the message written once, under the first list concerned (the workshops).
    assert attribute(talk_box, "aria-describedby").split()[0] == "id_workshops_error"
    assert 'aria-invalid="true"' in checkbox(page, workshop.pk)


def test_registration_with_errors_is_never_the_cached_fragment(client, clashing):
    first, second, _free = clashing
    client.get(REGISTER_URL)  # the form as first shown, kept in the fragment cache

    page = client.post(REGISTER_URL, registration(workshops=[first.pk, second.pk])).content
    assert b'aria-invalid="true"' in page
    page = client.get(REGISTER_URL).content
    assert b'aria-invalid="true"' not in page
    assert b"Le formulaire contient" not in page


# --- The personal page ------------------------------------------------------------------


def test_personal_list_marks_choices_at_the_same_time_as_one_held(client, register, clashing):
    first, second, free = clashing
    participant = register(first)

    page = client.get(personal_url(participant)).content.decode()

    box = checkbox(page, second.pk)
    assert "aria-invalid" not in box  # a note, not an error
    assert text_of(page, attribute(box, "aria-describedby")) == (
        "Même horaire que « Réussir son CV », que vous avez déjà."
    )
    assert "aria-describedby" not in checkbox(page, free.pk)


def test_personal_list_marks_are_kept_per_held_set(client, register, clashing):
    first, second, free = clashing
    holds_first, holds_free = register(first), register(free)

    client.get(personal_url(holds_first))  # its list cached with the mark
    page = client.get(personal_url(holds_free)).content.decode()

    assert "Même horaire que" not in page
    assert "aria-describedby" not in checkbox(page, second.pk)


def test_personal_page_adds_none_when_one_clashes_with_one_held(client, register, clashing):
    first, second, free = clashing
    participant = register(first)

    response = client.post(personal_url(participant), {"workshops": [second.pk, free.pk]})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in page
    box = checkbox(page, second.pk)
    assert 'aria-invalid="true"' in box
    error_id, note_id = attribute(box, "aria-describedby").split()
    assert "« Réussir son CV » (10h00–11h00) et « Entretien d’embauche »" in text_of(page, error_id)
    assert text_of(page, note_id) == "Même horaire que « Réussir son CV », que vous avez déjà."
    assert " checked" in checkbox(page, free.pk)  # kept ticked, to send again
    assert "aria-invalid" not in checkbox(page, free.pk)
    assert [b.workshop for b in Booking.objects.filter(participant=participant)] == [first]


def test_personal_page_adds_none_when_two_chosen_clash(client, register, clashing):
    first, second, free = clashing
    participant = register()

    response = client.post(personal_url(participant), {"workshops": [first.pk, second.pk, free.pk]})

    page = response.content.decode()
    assert 'aria-invalid="true"' in checkbox(page, first.pk)
    assert 'aria-invalid="true"' in checkbox(page, second.pk)
    assert '<details class="add-choices" open>' in page
    assert participant.bookings.count() == 0


def test_personal_page_adds_several_that_fit_and_says_each(client, register, clashing):
    first, _second, free = clashing
    participant = register()

    response = client.post(personal_url(participant), {"workshops": [first.pk, free.pk]})

    assert response["Location"] == participant.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "« Réussir son CV » est ajouté à votre programme" in page
    assert "« Numérique » est ajouté à votre programme" in page
    assert participant.bookings.count() == 2


def test_english_list_marks_the_french_title_in_the_note(client, register, clashing):
    first, second, _free = clashing
    participant = register(first)

    with translation.override("fr"):  # the English request's language ends with it
        page = client.get(personal_url(participant), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    note_id = attribute(checkbox(page, second.pk), "aria-describedby")
    note = re.search(rf'id="{note_id}"[^>]*>(.*?)</p>', page, re.S).group(1)
    assert '<span lang="fr">Réussir son CV</span>' in note
