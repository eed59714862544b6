import pytest
from django.urls import reverse

from events.enums import StageRole, TimetableItemKind

from ..factories import (
    SpaceFactory,
    SpeakerFactory,
    StageAppearanceFactory,
    TimetableItemFactory,
    at,
)

pytestmark = pytest.mark.django_db

# Event, then timetable items with rooms, then appearances with speakers.
CONFERENCE_QUERIES = 3


def test_conference_shows_every_speaker_with_organisation_and_role(client, event):
    amphi = SpaceFactory(event=event, name="Amphithéâtre")
    round_table = TimetableItemFactory(
        event=event,
        kind=TimetableItemKind.ROUND_TABLE,
        title="Table ronde Impact Tank",
        space=amphi,
        starts_at=at(event, 17, 20),
    )
    StageAppearanceFactory(
        timetable_item=round_table,
        speaker=SpeakerFactory(full_name="Justine Journaix", organisation="Impact Tank"),
        role=StageRole.MODERATOR,
        order=0,
    )
    StageAppearanceFactory(
        timetable_item=round_table,
        speaker=SpeakerFactory(full_name="Louis Raynaud", organisation="Cabinet de conseil Bartle"),
        role=StageRole.PANELIST,
        order=1,
    )

    page = client.get(reverse("events:conference")).content.decode()

    assert "Table ronde Impact Tank" in page
    assert "17h20" in page and "Amphithéâtre" in page
    assert page.index("Justine Journaix") < page.index("Louis Raynaud")
    assert "Cabinet de conseil Bartle" in page
    assert "Animation" in page and "Intervenant·e" in page


def test_conference_leaves_out_the_forum_hours(client, event):
    TimetableItemFactory(event=event, kind=TimetableItemKind.FORUM, title="Forum ouvert")
    TimetableItemFactory(event=event, kind=TimetableItemKind.RECEPTION, title="Verre de l’amitié")

    page = client.get(reverse("events:conference")).content.decode()

    assert "Forum ouvert" not in page
    assert "Verre de l’amitié" in page


@pytest.mark.parametrize("size", [3, 30])
def test_conference_query_count_stays_flat(client, event, django_assert_num_queries, size):
    item = TimetableItemFactory(event=event, kind=TimetableItemKind.ROUND_TABLE)
    for _ in range(size):
        StageAppearanceFactory(timetable_item=item)
        TimetableItemFactory(event=event, kind=TimetableItemKind.TESTIMONIES)

    with django_assert_num_queries(CONFERENCE_QUERIES):
        page = client.get(reverse("events:conference")).content.decode()

    assert page.count('class="speaker"') == size


def test_practical_info_gives_address_access_and_rooms(client, event):
    SpaceFactory(event=event, name="Amphithéâtre", directions="Au fond du hall, à gauche")

    page = client.get(reverse("events:practical_info")).content.decode()

    assert "Technopôle Hub&amp;Go" in page
    assert "71200 Le Creusot" in page
    assert "Bus ligne 1" in page
    assert "ascenseur" in page
    assert "Au fond du hall, à gauche" in page


def test_accessibility_statement_gives_status_and_recourse(client, event):
    page = client.get("/accessibilite/").content.decode()

    assert "partiellement conforme" in page
    assert "Défenseur des droits" in page


def test_privacy_notice_says_what_why_how_long_and_who(client, event, settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 60

    page = client.get("/confidentialite/").content.decode()

    assert "Ce que nous gardons, et pourquoi" in page
    assert "rendues anonymes 60 jours après l’événement" in page
    assert "Qui les voit ?" in page
    assert "jamais montrée aux exposants" in page
    assert "supprimer vos données vous-même" in page
