import pytest
from django.db import IntegrityError

from ..factories import EventFactory, OrganisationFactory, WorkshopFactory, at

pytestmark = pytest.mark.django_db


def test_workshop_slug_is_unique_within_an_edition(event):
    WorkshopFactory(event=event, slug="cv")
    WorkshopFactory(event=EventFactory(slug="autre"), slug="cv")

    with pytest.raises(IntegrityError):
        WorkshopFactory(event=event, slug="cv")


def test_workshop_ending_before_it_starts_is_refused(event):
    with pytest.raises(IntegrityError):
        WorkshopFactory(event=event, starts_at=at(event, 11), ends_at=at(event, 11))


def test_workshop_with_negative_capacity_is_refused(event):
    with pytest.raises(IntegrityError):
        WorkshopFactory(event=event, capacity=-1)


def test_workshop_without_capacity_has_unlimited_seats(event):
    workshop = WorkshopFactory(event=event, capacity=None)

    assert workshop.seats_left is None


def test_workshop_seats_left_counts_down_from_capacity(event):
    workshop = WorkshopFactory(event=event, capacity=12)
    workshop.seats_taken = 5

    assert workshop.seats_left == 7


def test_workshop_seats_left_never_goes_below_zero(event):
    workshop = WorkshopFactory(event=event, capacity=2)
    workshop.seats_taken = 3

    assert workshop.seats_left == 0


def test_workshop_host_is_the_organisation_or_the_free_text(event):
    hosted = WorkshopFactory(event=event, host_organisation=OrganisationFactory(name="APOR"))
    free = WorkshopFactory(event=event, host_name="Une formatrice du numérique")

    assert hosted.host_display == "APOR"
    assert free.host_display == "Une formatrice du numérique"
