import pytest
from django.db import IntegrityError

from exhibitors.enums import ActivityKind
from exhibitors.selectors import stands_for

from ..factories import EventFactory, OrganisationFactory, StandActivityFactory, StandFactory, at

pytestmark = pytest.mark.django_db


def test_two_stands_cannot_share_a_number_in_one_edition(event):
    StandFactory(event=event, number=4)
    StandFactory(event=EventFactory(slug="autre"), number=4)

    with pytest.raises(IntegrityError):
        StandFactory(event=event, number=4)


def test_an_organisation_has_one_stand_per_edition(event):
    michelin = OrganisationFactory(name="Michelin")
    StandFactory(event=event, organisation=michelin)

    with pytest.raises(IntegrityError):
        StandFactory(event=event, organisation=michelin)


def test_organisation_slug_is_unique():
    OrganisationFactory(slug="michelin")

    with pytest.raises(IntegrityError):
        OrganisationFactory(slug="michelin")


def test_stand_activity_ending_before_it_starts_is_refused(event):
    stand = StandFactory(event=event)

    with pytest.raises(IntegrityError):
        StandActivityFactory(stand=stand, starts_at=at(event, 11), ends_at=at(event, 10))


def test_stand_activity_with_negative_capacity_is_refused(event):
    with pytest.raises(IntegrityError):
        StandActivityFactory(stand=StandFactory(event=event), capacity=-4)


def test_stand_activity_groups_gather_sessions_of_the_same_activity(event):
    stand = StandFactory(event=event)
    for hour in (14, 10):
        StandActivityFactory(
            stand=stand,
            kind=ActivityKind.VR_IMMERSION,
            title="Casque 3D",
            starts_at=at(event, hour),
            ends_at=at(event, hour, 20),
            capacity=4,
        )
    StandActivityFactory(stand=stand, kind=ActivityKind.CV_DROP_OFF, title="Dépôt de CV")
    stand = stands_for(event=event).get(pk=stand.pk)

    groups = stand.activity_groups

    assert [group.title for group in groups] == ["Dépôt de CV", "Casque 3D"]
    assert groups[1].sessions == [
        (at(event, 10), at(event, 10, 20)),
        (at(event, 14), at(event, 14, 20)),
    ]
    assert groups[1].capacity == 4
    assert groups[0].sessions == []
