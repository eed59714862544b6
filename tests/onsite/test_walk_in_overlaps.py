"""At the desk, a walk-in whose choices clash is shown as on the registration form: both
boxes marked, tied to one message under the list, the summary linking to the first."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from participants.models import Participant

from ..factories import UserFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db

WALK_IN = reverse("onsite:walk_in")


@pytest.fixture
def desk(client, event):
    user = UserFactory(username="accueil@example.org")
    user.groups.add(Group.objects.get(name="Accueil"))
    client.force_login(user)
    return client


def walk_in_data(**overrides):
    return {
        "first_name": "Karim",
        "last_name": "Haddad",
        "email": "karim@example.org",
        "phone": "",
        "privacy_consent": "on",
        **overrides,
    }


def checkbox(page: str, pk: int, name: str = "workshops") -> str:
    match = re.search(rf'<input type="checkbox"[^>]*name="{name}"[^>]*value="{pk}"[^>]*>', page)
    assert match, f"no checkbox {name}={pk}"
    return match.group(0)


def attribute(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def text_of(page: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</(?:div|p)>', page, re.S)
    assert match, f"no element #{element_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_overlapping_walk_in_marks_both_boxes_and_links_from_the_summary(desk, event):
    first = WorkshopFactory(event=event, title="Réussir son CV", starts_at=at(event, 10))
    second = WorkshopFactory(event=event, title="Entretien d’embauche", starts_at=at(event, 10))
    free = WorkshopFactory(event=event, title="Numérique", starts_at=at(event, 14))

    response = desk.post(WALK_IN, walk_in_data(workshops=[first.pk, second.pk, free.pk]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Le formulaire contient 1 erreur" in page
    for chosen, other in ((first, second), (second, first)):
        box = checkbox(page, chosen.pk)
        assert 'aria-invalid="true"' in box
        assert " checked" in box
        error_id, note_id = attribute(box, "aria-describedby").split()
        assert error_id == "id_workshops_error"
        assert "ont lieu en même temps" in text_of(page, error_id)
        assert text_of(page, note_id) == f"Même horaire que « {other.title} »."
    free_box = checkbox(page, free.pk)
    assert "aria-invalid" not in free_box
    # The summary links to the first box concerned (the list shows them by time, then title).
    first_shown = attribute(checkbox(page, second.pk), "id")
    summary = re.search(r'class="error-summary.*?</div>', page, re.S).group(0)
    assert f'<a href="#{first_shown}">' in summary
    assert "ont lieu en même temps" in summary
    assert Participant.objects.count() == 0
