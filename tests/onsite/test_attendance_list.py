"""The attendance list (émargement) of a workshop: on the page and printed it names the
event's date, the room and the time and has a signature column; as a PDF it is A4 portrait,
25 names a page, with the names as text."""

import io
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import formats
from pypdf import PdfReader

from onsite import services as onsite

from ..factories import (
    EventFactory,
    OrganisationFactory,
    SpaceFactory,
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    UserFactory,
    WorkshopFactory,
    at,
)

pytestmark = pytest.mark.django_db

A4_POINTS = (595, 842)  # 210 × 297 mm


@pytest.fixture
def desk(client, event):
    user = UserFactory(username="accueil@example.org")
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)
    return client


@pytest.fixture
def workshop(event):
    return WorkshopFactory(
        event=event,
        title="Réussir son entretien",
        capacity=40,
        starts_at=at(event, 14),
        ends_at=at(event, 15, 30),
        space=SpaceFactory(event=event, name="Salle Schneider"),
    )


def text_of(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _pdf(response) -> PdfReader:
    return PdfReader(io.BytesIO(response.content))


def test_attendance_list_names_date_room_time_and_has_a_signature_column(
    desk, register, event, workshop
):
    register(workshop, first_name="Zoé", last_name="Zola")

    response = desk.get(reverse("onsite:attendance_list", args=[workshop.pk]))

    page = text_of(response)
    html = response.content.decode()
    assert f"Date {formats.date_format(event.date, 'DATE_FORMAT')} Horaire" in page
    assert "Horaire 14h00 – 15h30 Salle" in page
    assert "Salle Salle Schneider (" in page
    assert f"Émargement — {event.name}" in page
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert headers[:4] == ["Présent·e", "Nom", "Code du billet", "Signature"]
    # The signature column is for paper only (Bootstrap's d-none d-print-table-cell).
    assert html.count('class="attendance-table__signature d-none d-print-table-cell"') == 2
    pdf_url = reverse("onsite:attendance_pdf", args=[workshop.pk])
    assert f'href="{pdf_url}"' in html


def test_attendance_list_in_english_uses_the_english_time_format(desk, register, event, workshop):
    zoe = register(workshop, first_name="Zoé", last_name="Zola")
    onsite.booking_attendance_mark(workshop=workshop, ticket_code=zoe.ticket_code)

    french = text_of(desk.get(reverse("onsite:attendance_list", args=[workshop.pk])))
    english = text_of(
        desk.get(reverse("onsite:attendance_list", args=[workshop.pk]), HTTP_ACCEPT_LANGUAGE="en")
    )

    assert "14h00 – 15h30" in french
    assert re.search(r"oui, \d{1,2}h\d\d Zola Zoé", french)
    assert "14:00 – 15:30" in english


def test_attendance_pdf_is_one_a4_page_per_25_names_with_the_names(desk, register, workshop):
    people = [register(workshop, first_name="Anne", last_name=f"Abel{n:02d}") for n in range(30)]

    response = desk.get(reverse("onsite:attendance_pdf", args=[workshop.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="emargement-')
    pdf = _pdf(response)
    assert len(pdf.pages) == 2
    for page in pdf.pages:
        width, height = (round(float(side)) for side in page.mediabox.upper_right)
        assert (width, height) == A4_POINTS
    first, second = (page.extract_text() for page in pdf.pages)
    for text in (first, second):
        assert "Réussir son entretien" in text
        assert "14h00–15h30" in text
        assert "Salle Schneider" in text
        assert "Signature" in text
    assert all(f"Abel{n:02d} Anne" in first for n in range(25))
    assert all(f"Abel{n:02d} Anne" in second for n in range(25, 30))
    assert "Abel25" not in first
    assert people[0].ticket_code in first


def test_attendance_pdf_lists_the_waiting_list_in_order_after_the_seats(desk, register, event):
    workshop = WorkshopFactory(event=event, capacity=1, title="Atelier CV")
    register(workshop, first_name="Zoé", last_name="Zola")
    register(workshop, first_name="Marc", last_name="Ulm")
    register(workshop, first_name="Lina", last_name="Bern")

    pdf = _pdf(desk.get(reverse("onsite:attendance_pdf", args=[workshop.pk])))

    seats, queue = (page.extract_text() for page in pdf.pages)
    assert "Inscrit·es : 1 sur 1 places" in seats
    assert "Zola Zoé" in seats and "Ulm" not in seats
    assert "Liste d’attente" in queue
    assert queue.index("Ulm Marc") < queue.index("Bern Lina")


def test_attendance_pdf_is_for_the_desk_only_and_this_edition(desk, event, workshop):
    other = WorkshopFactory(event=EventFactory(slug="edition-precedente"))
    url = reverse("onsite:attendance_pdf", args=[workshop.pk])
    visitor = Client()
    visitor.force_login(UserFactory(username="visiteur@example.org"))

    anonymous = Client().get(url)
    refused = visitor.get(url)
    elsewhere = desk.get(reverse("onsite:attendance_pdf", args=[other.pk]))

    assert anonymous.status_code == 302
    assert refused.status_code == 403
    assert elsewhere.status_code == 404


# --- The conference's and the stand activities' lists --------------------------------------------


@pytest.fixture
def conference_item(event):
    return TimetableItemFactory(
        event=event,
        title="Table ronde des employeurs",
        capacity=80,
        starts_at=at(event, 10),
        ends_at=at(event, 11),
        space=SpaceFactory(event=event, name="Grand amphi"),
    )


@pytest.fixture
def activity(event):
    stand = StandFactory(
        event=event, number=12, organisation=OrganisationFactory(name="Réalités Virtuelles")
    )
    return StandActivityFactory(
        stand=stand,
        title="Casque VR",
        capacity=4,
        starts_at=at(event, 9, 30),
        ends_at=at(event, 9, 50),
    )


SESSION_CASES = [
    (
        "conference",
        "conference_item",
        "Table ronde des employeurs",
        "10h00 – 11h00",
        "Salle",
        "Grand amphi (",
    ),
    (
        "activites",
        "activity",
        "Casque VR (Réalités Virtuelles)",
        "9h30 – 9h50",
        "Stand",
        "Réalités Virtuelles, stand 12 (",
    ),
]


@pytest.mark.parametrize(
    ("kind", "fixture", "title", "hours", "place_term", "place"), SESSION_CASES
)
def test_session_attendance_list_names_date_place_time_and_has_a_signature_column(
    request, desk, register, event, kind, fixture, title, hours, place_term, place
):
    target = request.getfixturevalue(fixture)
    register(target, first_name="Zoé", last_name="Zola")
    register(target, first_name="Marc", last_name="Ulm")

    response = desk.get(reverse("onsite:session_attendance_list", args=[kind, target.pk]))

    page = text_of(response)
    html = response.content.decode()
    assert f"Liste : {title}" in page
    assert f"Date {formats.date_format(event.date, 'DATE_FORMAT')} Horaire" in page
    assert f"Horaire {hours} {place_term} {place}" in page
    assert f"Émargement — {event.name}" in page
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert headers[:4] == ["Présent·e", "Nom", "Code du billet", "Signature"]
    assert "Ulm Marc" in page and "Zola Zoé" in page
    assert page.index("Ulm Marc") < page.index("Zola Zoé")
    pdf_url = reverse("onsite:session_attendance_pdf", args=[kind, target.pk])
    assert f'href="{pdf_url}"' in html


@pytest.mark.parametrize(
    ("kind", "fixture", "title", "hours", "place_term", "place"), SESSION_CASES
)
def test_session_attendance_pdf_has_the_names_on_a4(
    request, desk, register, kind, fixture, title, hours, place_term, place
):
    target = request.getfixturevalue(fixture)
    zoe = register(target, first_name="Zoé", last_name="Zola")

    response = desk.get(reverse("onsite:session_attendance_pdf", args=[kind, target.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="emargement-')
    pdf = _pdf(response)
    assert len(pdf.pages) == 1
    width, height = (round(float(side)) for side in pdf.pages[0].mediabox.upper_right)
    assert (width, height) == A4_POINTS
    text = pdf.pages[0].extract_text()
    assert title in text
    assert hours.replace(" ", "") in text
    assert place.rstrip(" (") in text
    assert "Signature" in text
    assert "Zola Zoé" in text and zoe.ticket_code in text


def test_session_doors_and_index_link_their_lists(desk, event, conference_item, activity):
    index = desk.get(reverse("onsite:workshops")).content.decode()

    for kind, target in [("conference", conference_item), ("activites", activity)]:
        url = reverse("onsite:session_attendance_list", args=[kind, target.pk])
        assert url in index
        door = desk.get(reverse("onsite:session_door", args=[kind, target.pk]))
        assert f'href="{url}"' in door.content.decode()


@pytest.mark.parametrize("name", ["session_attendance_list", "session_attendance_pdf"])
def test_session_attendance_list_is_for_the_desk_only_and_this_edition(
    desk, event, conference_item, activity, name
):
    elsewhere = EventFactory(slug="edition-precedente")
    other_item = TimetableItemFactory(event=elsewhere, capacity=10)
    other_activity = StandActivityFactory(stand=StandFactory(event=elsewhere), capacity=4)
    visitor = Client()
    visitor.force_login(UserFactory(username="visiteur@example.org"))

    for kind, target, other in [
        ("conference", conference_item, other_item),
        ("activites", activity, other_activity),
    ]:
        url = reverse(f"onsite:{name}", args=[kind, target.pk])
        anonymous = Client().get(url)
        assert anonymous.status_code == 302
        assert reverse("login") in anonymous["Location"]
        assert visitor.get(url).status_code == 403
        assert desk.get(url).status_code == 200
        assert desk.get(reverse(f"onsite:{name}", args=[kind, other.pk])).status_code == 404
    assert desk.get(reverse(f"onsite:{name}", args=["stands", activity.pk])).status_code == 404
