"""Interview sessions: the slots generated from a time range, then edited one by one."""

import datetime as dt
from io import StringIO

import pytest

from events.seats import SeatsError
from participants import services as participants_services
from participants.enums import BookingState
from recruitment import services
from recruitment.models import InterviewSession, InterviewSlot

from ..factories import JobOfferFactory, OrganisationFactory, SpaceFactory, StandFactory, at
from .builders import details_of, session_make, times_of

pytestmark = pytest.mark.django_db


def test_slot_times_fill_the_range_exactly():
    start = dt.datetime(2026, 3, 5, 14, 0)
    times = services.interview_slot_times(
        starts_at=start, ends_at=start + dt.timedelta(hours=1), minutes=20
    )
    assert [(s.strftime("%H:%M"), e.strftime("%H:%M")) for s, e in times] == [
        ("14:00", "14:20"),
        ("14:20", "14:40"),
        ("14:40", "15:00"),
    ]


def test_a_remainder_shorter_than_a_slot_is_dropped():
    start = dt.datetime(2026, 3, 5, 10, 0)
    times = services.interview_slot_times(
        starts_at=start, ends_at=start + dt.timedelta(minutes=44), minutes=15
    )
    assert [e.strftime("%H:%M") for _s, e in times] == ["10:15", "10:30"]


def test_a_session_makes_its_slots_each_with_a_seat_per_recruiter(event):
    session = session_make(event, start=(14, 0), end=(16, 0), minutes=20, recruiters=2)

    assert times_of(session) == [
        "14:00–14:20",
        "14:20–14:40",
        "14:40–15:00",
        "15:00–15:20",
        "15:20–15:40",
        "15:40–16:00",
    ]
    assert set(session.slots.values_list("capacity", flat=True)) == {2}


def test_a_range_shorter_than_one_slot_is_refused(event):
    with pytest.raises(services.RecruitmentError) as refused:
        session_make(event, start=(14, 0), end=(14, 25), minutes=30)

    assert refused.value.code == "no_whole_slot"
    assert "30 minutes" in refused.value.message
    assert not InterviewSession.objects.exists()


def test_an_offer_of_another_organisation_is_refused(event):
    other_offer = JobOfferFactory(organisation=OrganisationFactory())

    with pytest.raises(services.RecruitmentError) as refused:
        session_make(event, job_offers=(other_offer,))

    assert refused.value.code == "offer_not_theirs"
    assert other_offer.title in refused.value.message


def test_the_session_recruits_for_its_own_offers_in_a_room(event):
    stand = StandFactory(event=event)
    offer = JobOfferFactory(organisation=stand.organisation)
    room = SpaceFactory(event=event, name="Salle Schneider")

    session = session_make(event, stand=stand, job_offers=(offer,), space=room)

    assert list(session.job_offers.all()) == [offer]
    assert session.slots.first().space == room


def test_adding_a_slot_after_the_range(event):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=30)

    slot = services.interview_slot_add(session=session, starts_at=at(event, 15, 0))

    assert slot.capacity == session.recruiters
    assert times_of(session) == ["14:00–14:30", "14:30–15:00", "15:00–15:30"]


def test_an_added_slot_overlapping_another_is_refused(event):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=30)

    with pytest.raises(services.RecruitmentError) as refused:
        services.interview_slot_add(session=session, starts_at=at(event, 14, 15))

    assert refused.value.code == "slot_overlaps"
    assert "14h00" in refused.value.message
    assert session.slots.count() == 2


def test_a_cancelled_slot_is_offered_nowhere_and_its_time_can_be_added_again(event):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=30)
    first = session.slots.order_by("starts_at").first()

    services.interview_slot_cancel(slot=first)

    assert times_of(session) == ["14:30–15:00"]
    again = services.interview_slot_add(session=session, starts_at=at(event, 14, 0))
    assert again.pk == first.pk
    assert times_of(session) == ["14:00–14:30", "14:30–15:00"]


def test_a_booked_slot_cannot_be_cancelled_nor_its_session_deleted(event, register):
    session = session_make(event)
    slot = session.slots.order_by("starts_at").first()
    register(slot)

    with pytest.raises(services.RecruitmentError) as refused:
        services.interview_slot_cancel(slot=slot)
    assert refused.value.code == "slot_booked"
    with pytest.raises(services.RecruitmentError):
        services.interview_session_delete(session=session)

    slot.refresh_from_db()
    assert slot.cancelled_at is None
    assert InterviewSession.objects.filter(pk=session.pk).exists()


def test_a_session_nobody_booked_is_deleted_with_its_slots(event):
    session = session_make(event)

    services.interview_session_delete(session=session)

    assert not InterviewSlot.objects.exists()


def test_more_recruiters_give_every_slot_more_seats_and_serve_the_queue(event, register):
    session = session_make(event, recruiters=1)
    slot = session.slots.order_by("starts_at").first()
    register(slot)
    waiting = register(slot)
    assert waiting.bookings.get().state == BookingState.WAITING

    services.interview_session_update(session=session, details=details_of(session, recruiters=2))

    assert set(session.slots.values_list("capacity", flat=True)) == {2}
    assert waiting.bookings.get().state == BookingState.CONFIRMED


def test_fewer_recruiters_than_people_booked_is_refused(event, register):
    session = session_make(event, recruiters=2)
    slot = session.slots.order_by("starts_at").first()
    register(slot)
    register(slot)

    with pytest.raises(SeatsError):
        services.interview_session_update(
            session=session, details=details_of(session, recruiters=1)
        )

    assert set(session.slots.values_list("capacity", flat=True)) == {2}


def test_new_times_regenerate_the_slots_while_nobody_booked(event):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=20)

    services.interview_session_update(
        session=session, details=details_of(session, slot_minutes=30, ends_at=at(event, 16, 0))
    )

    assert times_of(session) == ["14:00–14:30", "14:30–15:00", "15:00–15:30", "15:30–16:00"]


def test_times_are_locked_once_a_slot_is_booked(event, register):
    session = session_make(event, start=(14, 0), end=(15, 0), minutes=20)
    register(session.slots.order_by("starts_at").first())

    with pytest.raises(services.RecruitmentError) as refused:
        services.interview_session_update(
            session=session, details=details_of(session, slot_minutes=30)
        )

    assert refused.value.code == "times_locked"
    assert times_of(session) == ["14:00–14:20", "14:20–14:40", "14:40–15:00"]


def test_other_details_change_while_slots_are_booked(event, register):
    session = session_make(event)
    register(session.slots.order_by("starts_at").first())

    services.interview_session_update(
        session=session, details=details_of(session, title="Entretiens caristes")
    )

    session.refresh_from_db()
    assert session.title == "Entretiens caristes"


def test_a_cancelled_booking_lets_the_slot_go(event, register):
    session = session_make(event)
    slot = session.slots.order_by("starts_at").first()
    person = register(slot)
    participants_services.booking_cancel(booking=person.bookings.get())

    services.interview_slot_cancel(slot=slot)

    slot.refresh_from_db()
    assert slot.cancelled_at is not None


def test_the_demo_holds_two_sessions_loaded_once(client):
    from django.core.management import call_command
    from django.utils import timezone

    from demo.services import demo_load

    demo_load(today=dt.date(2026, 3, 3))
    call_command("load_demo", stdout=StringIO())  # today: the edition moves
    slots_before = InterviewSlot.objects.count()
    event = demo_load()

    sessions = {s.stand.organisation.name: s for s in InterviewSession.objects.all()}
    assert set(sessions) == {"ADMR", "Michelin"}
    assert InterviewSlot.objects.count() == slots_before == 6 + 8
    assert sessions["Michelin"].invitation_only
    assert [o.title for o in sessions["ADMR"].job_offers.all()] == ["Aide à domicile (H/F)"]
    days = {timezone.localtime(s.starts_at).date() for s in InterviewSlot.objects.all()}
    assert days == {event.date}
    page = client.get("/inscription/").content.decode()
    assert "Entretiens de recrutement — aide à domicile" in page
    assert "opérateurs de production" not in page
