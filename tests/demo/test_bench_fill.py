import pytest
from django.core.management import CommandError, call_command

from demo.data import DEMO_SLUG
from events.models import Event
from exhibitors.models import Organisation, Stand
from participants.models import Participant
from workshops.models import Workshop

from ..factories import EventFactory, StandFactory, WorkshopFactory


@pytest.fixture
def real_edition(db):
    """An edition staff created with the demo's slug, holding a stand and two workshops."""
    event = EventFactory(slug=DEMO_SLUG, name="Innov’insertion 2027")
    StandFactory(event=event)
    WorkshopFactory.create_batch(2, event=event)
    return event


def rows() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "stands": Stand.objects.count(),
        "workshops": Workshop.objects.count(),
        "participants": Participant.objects.count(),
    }


def test_bench_fill_refuses_an_edition_the_demo_did_not_create(real_edition):
    before = rows()

    with pytest.raises(CommandError) as refused:
        call_command("bench_fill", scale=2, participants=5)

    message = str(refused.value)
    assert "Innov’insertion 2027" in message
    assert "n’a pas été créée par la démo" in message
    assert "--force" in message
    assert rows() == before


def test_bench_fill_with_force_writes_into_that_edition(real_edition):
    call_command("bench_fill", participants=5, force=True)

    assert Participant.objects.filter(event=real_edition).count() == 5


@pytest.mark.django_db
def test_bench_fill_asks_for_the_demo_first_when_there_is_no_edition():
    with pytest.raises(CommandError, match="load_demo"):
        call_command("bench_fill", scale=2)

    assert not Event.objects.exists()
