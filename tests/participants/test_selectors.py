import pytest
from django.utils import timezone

from events.enums import Floor
from events.models import Event
from participants import selectors, services
from participants.enums import BookingState

from ..factories import (
    EventFactory,
    SpaceFactory,
    StandActivityFactory,
    TimetableItemFactory,
    WorkshopFactory,
    at,
)

pytestmark = pytest.mark.django_db


# --- participant_plan ------------------------------------------------------------------


def test_participant_plan_lists_the_day_by_start_time(event, register):
    conference = TimetableItemFactory(
        event=event,
        title="Conférence : l’IA et l’emploi",
        capacity=80,
        starts_at=at(event, 17),
        space=SpaceFactory(event=event, name="Auditorium", floor=Floor.GROUND_FLOOR),
    )
    workshop = WorkshopFactory(
        event=event,
        title="Refaire son CV",
        capacity=1,
        starts_at=at(event, 14),
        space=SpaceFactory(event=event, name="Salle Jaune", floor=Floor.GARDEN_LEVEL),
    )
    vr = StandActivityFactory(
        stand__event=event,
        stand__number=7,
        stand__floor=Floor.GROUND_FLOOR,
        stand__organisation__name="Michelin",
        title="Immersion en casque",
        capacity=4,
        starts_at=at(event, 11),
        ends_at=at(event, 11, 30),
    )
    register(workshop)
    participant = register(conference, workshop, vr)

    plan = selectors.participant_plan(participant=participant)

    assert [
        (entry.title, entry.place_label, entry.is_confirmed, entry.waitlist_position)
        for entry in plan
    ] == [
        ("Immersion en casque", "Michelin, stand 7 (Rez-de-chaussée)", True, None),
        ("Refaire son CV", "Salle Jaune (Rez-de-jardin)", False, 1),
        ("Conférence : l’IA et l’emploi", "Auditorium (Rez-de-chaussée)", True, None),
    ]
    assert [entry.starts_at for entry in plan] == [at(event, 11), at(event, 14), at(event, 17)]
    assert plan[1].booking == participant.bookings.get(workshop=workshop)
    assert plan[1].space == workshop.space
    assert plan[0].space is None


def test_participant_plan_puts_untimed_activities_last(event, register):
    cv_drop = StandActivityFactory(stand__event=event, title="Dépôt de CV", capacity=50)
    workshop = WorkshopFactory(event=event, starts_at=at(event, 16))
    participant = register(cv_drop, workshop)

    plan = selectors.participant_plan(participant=participant)

    assert [entry.booking.target for entry in plan] == [workshop, cv_drop]
    assert plan[1].starts_at is None


def test_participant_plan_leaves_out_cancelled_bookings(event, register):
    kept = WorkshopFactory(event=event, starts_at=at(event, 10))
    dropped = WorkshopFactory(event=event, starts_at=at(event, 14))
    participant = register(kept, dropped)
    services.booking_cancel(booking=participant.bookings.get(workshop=dropped))

    plan = selectors.participant_plan(participant=participant)

    assert [entry.booking.target for entry in plan] == [kept]


def test_participant_plan_gives_the_place_in_each_queue(event, register):
    morning = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 10))
    afternoon = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 14))
    register(morning)
    register(afternoon)
    register(afternoon)
    participant = register(morning, afternoon)

    plan = selectors.participant_plan(participant=participant)

    assert [(entry.is_confirmed, entry.waitlist_position) for entry in plan] == [
        (False, 1),
        (False, 2),
    ]


@pytest.mark.parametrize("size", [1, 3])
def test_participant_plan_queries_stay_flat_as_the_plan_grows(
    event, register, django_assert_num_queries, size
):
    targets = []
    for hour in range(10, 10 + size):
        targets += [
            WorkshopFactory(event=event, capacity=1, starts_at=at(event, hour)),
            StandActivityFactory(stand__event=event, capacity=5, starts_at=None),
        ]
    register(*targets[::2])
    participant = register(*targets)

    # The bookings, the workshops, the activities, the waiting-list places: whatever the size.
    with django_assert_num_queries(4):
        plan = selectors.participant_plan(participant=participant)

    assert len(plan) == 2 * size


# --- participant_by_token --------------------------------------------------------------


def test_participant_by_token_finds_the_person(event, register):
    participant = register()

    assert selectors.participant_by_token(token=participant.token) == participant


@pytest.mark.parametrize(
    "wrong",
    [
        lambda token: token[:-1],
        lambda token: token[:20],
        lambda token: token + "x",
        lambda token: token.upper() if token.upper() != token else token.lower(),
        lambda token: "",
        lambda token: "anonymised-",
    ],
    ids=["one-short", "truncated", "one-long", "case", "empty", "anonymised-prefix"],
)
def test_participant_by_token_with_a_wrong_token_finds_nobody(event, register, wrong):
    participant = register()

    assert selectors.participant_by_token(token=wrong(participant.token)) is None


def test_participant_by_token_of_an_anonymised_person_finds_nobody(event, register):
    participant = register()
    old_token = participant.token
    Event.objects.filter(pk=event.pk).update(date=timezone.localdate().replace(year=2000))
    services.personal_data_purge(retention_days=30)
    participant.refresh_from_db()

    assert participant.anonymised_at is not None
    assert selectors.participant_by_token(token=old_token) is None
    assert selectors.participant_by_token(token=participant.token) is None


def test_participant_by_token_with_the_current_edition_reads_the_person_alone(
    event, register, django_assert_num_queries
):
    participant = register()
    current = Event.objects.get(pk=event.pk)

    with django_assert_num_queries(1):
        found = selectors.participant_by_token(token=participant.token, event=current)
        assert found.event is current


def test_participant_by_token_of_another_edition_gets_their_own_edition(event, register):
    participant = register()
    next_year = EventFactory(name="Innov'insertion 2027")

    found = selectors.participant_by_token(token=participant.token, event=next_year)

    assert found == participant
    assert found.event == event


# --- access_need_kinds -----------------------------------------------------------------


def test_access_need_kinds_are_what_the_person_ticked(event, register):
    participant = register()
    services.access_needs_update(
        participant=participant, kinds=["wheelchair", "hearing_loop"], other=""
    )

    kinds = selectors.access_need_kinds(participant=participant)

    assert sorted(kinds) == ["hearing_loop", "wheelchair"]


# --- waitlist_positions ----------------------------------------------------------------


def test_waitlist_positions_counts_each_queue_in_one_query(
    event, register, django_assert_num_queries
):
    first = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 10))
    second = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 14))
    register(first, second)
    a = register(first)
    b = register(second)
    c = register(first, second)
    wanted = [a.bookings.get(), b.bookings.get(), *c.bookings.order_by("workshop__starts_at")]

    with django_assert_num_queries(1):
        positions = selectors.waitlist_positions(bookings=wanted)

    assert positions == {wanted[0].pk: 1, wanted[1].pk: 1, wanted[2].pk: 2, wanted[3].pk: 2}


def test_waitlist_positions_mixes_no_queues(event, register):
    workshop = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 10))
    conference = TimetableItemFactory(event=event, capacity=1, starts_at=at(event, 17))
    register(workshop, conference)
    both = register(workshop, conference)

    positions = selectors.waitlist_positions(bookings=list(both.bookings.all()))

    assert sorted(positions.values()) == [1, 1]


def test_waitlist_positions_leaves_out_confirmed_bookings(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    waiting = register(workshop)

    positions = selectors.waitlist_positions(
        bookings=[holder.bookings.get(), waiting.bookings.get()]
    )

    assert positions == {waiting.bookings.get().pk: 1}
    assert waiting.bookings.get().state == BookingState.WAITING


def test_waitlist_positions_of_nothing_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert selectors.waitlist_positions(bookings=[]) == {}


@pytest.mark.parametrize("token", ["abc\x00def", "a/b", "é" * 10, "x" * 101])
def test_participant_by_token_refuses_malformed_tokens_without_a_query(
    token, django_assert_num_queries
):
    with django_assert_num_queries(0):
        found = selectors.participant_by_token(token=token)

    assert found is None
