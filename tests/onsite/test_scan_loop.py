"""The scan loop without JavaScript: every desk and door page opens with the cursor in the
code field (a barcode reader types the code and Enter), the result of a code is above the
field and the person's programme below it; a search by name gives the focus to its results;
a person already arrived is not offered « Marquer arrivé·e » again."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participants import services
from participants.enums import AccessNeedKind

from ..factories import UserFactory, WorkshopFactory, at

CHECK_IN = reverse("onsite:check_in")


@pytest.fixture
def desk(client, event):
    user = UserFactory(username="accueil@example.org")
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)
    return client


def html_of(response) -> str:
    return response.content.decode()


def code_field(response) -> str:
    """The <input> tag of the code field."""
    return re.search(r'<input[^>]*name="code"[^>]*>', html_of(response)).group(0)


def autofocused(response) -> list[str]:
    """The tags that ask for the focus when the page opens."""
    return re.findall(r"<[a-z0-9]+\b[^>]*\bautofocus\b[^>]*>", html_of(response))


def position(response, marker: str) -> int:
    index = html_of(response).find(marker)
    assert index >= 0, f"{marker!r} not on the page"
    return index


def text_of(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def search_item(response, participant) -> str:
    match = re.search(
        rf'<li class="reception-people__item" data-participant="{participant.pk}">(.*?)</li>',
        html_of(response),
        flags=re.S,
    )
    assert match, f"{participant.full_name} is not in the results"
    return match.group(1)


# --- The code field ----------------------------------------------------------------------


def test_check_in_page_opens_with_the_cursor_in_the_code_field(desk):
    response = desk.get(CHECK_IN)

    assert autofocused(response) == [code_field(response)]
    assert 'enterkeyhint="go"' in code_field(response)


def test_check_in_result_is_above_an_empty_focused_code_field(desk, register, event):
    workshop = WorkshopFactory(event=event, title="Atelier CV")
    amina = register(workshop, first_name="Amina", last_name="Benali")

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    assert autofocused(response) == [code_field(response)]
    assert 'value="' not in code_field(response)
    result = position(response, 'class="arrival arrival--ok"')
    field = position(response, code_field(response))
    programme = position(response, "Son programme")
    assert result < field < programme
    assert position(response, "Atelier CV") > field
    assert "<title>Amina Benali : arrivée notée — Innov’insertion</title>" in html_of(response)


def test_check_in_access_needs_are_shown_with_the_result_above_the_field(desk, register):
    amina = register(access_needs=(AccessNeedKind.WHEELCHAIR,), access_needs_other="Vient à 2")

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    needs = position(response, "Besoins pour l’accueillir")
    assert position(response, 'class="arrival arrival--ok"') < needs
    assert needs < position(response, code_field(response))
    page = text_of(html_of(response))
    assert "Fauteuil roulant ou mobilité réduite" in page
    assert "Autre besoin : Vient à 2" in page


def test_check_in_second_scan_title_says_already_arrived(desk, register):
    amina = register(first_name="Amina", last_name="Benali")
    desk.post(CHECK_IN, {"code": amina.ticket_code})

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    assert "<title>Amina Benali : déjà arrivé·e — Innov’insertion</title>" in html_of(response)
    assert autofocused(response) == [code_field(response)]


@pytest.mark.parametrize("code", ["", "ZZZZ9999"])
def test_check_in_refused_code_keeps_the_cursor_in_the_field(desk, code):
    response = desk.post(CHECK_IN, {"code": code})

    assert autofocused(response) == [code_field(response)]
    assert position(response, 'role="alert"') < position(response, code_field(response))


def test_door_result_is_above_an_empty_focused_code_field(desk, register, event):
    workshop = WorkshopFactory(event=event, title="Atelier CV")
    amina = register(workshop, access_needs=(AccessNeedKind.SIGN_LANGUAGE,))
    door = reverse("onsite:door", args=[workshop.pk])

    opened = desk.get(door)
    response = desk.post(door, {"code": amina.ticket_code})

    assert autofocused(opened) == [code_field(opened)]
    assert autofocused(response) == [code_field(response)]
    assert 'value="' not in code_field(response)
    field = position(response, code_field(response))
    assert position(response, 'class="arrival arrival--ok"') < field
    assert position(response, "Interprète en langue des signes (LSF)") < field
    assert position(response, "Son programme") > field


def test_scan_forms_are_marked_for_the_scan_loop_script(desk, register, event):
    workshop = WorkshopFactory(event=event)
    door = reverse("onsite:door", args=[workshop.pk])

    pages = [desk.get(CHECK_IN), desk.get(door)]

    for response in pages:
        assert html_of(response).count("data-scan-loop") == 1
        script = r'<script src="[^"]*/onsite/js/scanner[.\w]*\.js" defer>'
        assert re.search(script, html_of(response))


# --- Search by name ----------------------------------------------------------------------


def test_search_results_take_the_focus(desk, register):
    register(first_name="Amina", last_name="Benali")

    response = desk.get(CHECK_IN, {"q": "benali"})

    focused = autofocused(response)
    assert len(focused) == 1
    assert 'id="resultats-titre"' in focused[0]
    assert 'tabindex="-1"' in focused[0]
    assert "autofocus" not in code_field(response)
    assert "<title>Accueil : recherche par le nom — Innov’insertion</title>" in html_of(response)


def test_search_without_result_takes_the_focus_too(desk):
    response = desk.get(CHECK_IN, {"q": "personne"})

    focused = autofocused(response)
    assert len(focused) == 1
    assert "Aucune personne trouvée" in html_of(response).split(focused[0])[1].split("</h3>")[0]


def test_search_already_arrived_says_when_instead_of_the_button(desk, register, event):
    amina = register(first_name="Amina", last_name="Benali")
    louis = register(first_name="Louis", last_name="Benali")
    amina.checked_in_at = at(event, 9, 30)
    amina.save(update_fields=["checked_in_at"])

    response = desk.get(CHECK_IN, {"q": "benali"})

    arrived = search_item(response, amina)
    assert "Marquer arrivé·e" not in arrived
    assert "<form" not in arrived
    assert text_of(arrived).count("arrivé·e à 9h30") == 1
    waiting = search_item(response, louis)
    assert "Marquer arrivé·e : Louis Benali" in text_of(waiting)
    assert f'name="code" value="{louis.ticket_code}"' in waiting


def test_search_cancelled_registration_offers_no_button(desk, register):
    amina = register(first_name="Amina", last_name="Benali")
    services.participant_cancel(participant=amina)

    response = desk.get(CHECK_IN, {"q": "benali"})

    item = search_item(response, amina)
    assert "inscription annulée" in text_of(item)
    assert "Marquer arrivé·e" not in item


def test_search_result_button_then_result_page_focuses_the_code_field(desk, register):
    amina = register(first_name="Amina", last_name="Benali")
    desk.get(CHECK_IN, {"q": "benali"})

    response = desk.post(CHECK_IN, {"code": amina.ticket_code})

    assert autofocused(response) == [code_field(response)]
    assert position(response, "<h1") < position(response, code_field(response))
