import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from events.models import Event
from participants import selectors, services
from participants.enums import BookingState, ParticipantState
from participants.models import Booking, Participant
from workshops.models import Workshop

from ..admin_forms import admin_change, admin_url
from ..factories import (
    PARIS,
    EventFactory,
    ParticipantFactory,
    StandActivityFactory,
    StandFactory,
    TimetableItemFactory,
    WorkshopFactory,
    at,
)

pytestmark = pytest.mark.django_db


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return objects[0] if len(objects) == 1 else objects


def queue_of(target) -> list[Participant]:
    """The people waiting for ``target``, by their position on the waiting list."""
    waiting = list(Booking.objects.waiting())
    positions = selectors.waitlist_positions(bookings=waiting)
    mine = [b for b in waiting if b.target == target]
    return [b.participant for b in sorted(mine, key=lambda b: positions[b.pk])]


# --- Seats and the waiting list --------------------------------------------------------


def test_booking_create_confirms_a_seat_and_counts_it(event):
    workshop = WorkshopFactory(event=event, capacity=12)
    participant = ParticipantFactory(event=event)

    booking = services.booking_create(participant=participant, target=workshop)

    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED
    assert booking.confirmed_at is not None
    assert booking.queued_at is None
    assert refreshed(workshop).seats_taken == 1


def test_registration_create_books_every_choice(event, register):
    workshop = WorkshopFactory(event=event, starts_at=at(event, 10))
    conference = TimetableItemFactory(event=event, capacity=80, starts_at=at(event, 17))

    participant = register(workshop, conference)

    assert {b.target for b in participant.bookings.confirmed()} == {workshop, conference}
    assert refreshed(workshop).seats_taken == 1
    assert refreshed(conference).seats_taken == 1


def test_registration_create_books_a_choice_given_twice_once(event, register):
    workshop = WorkshopFactory(event=event)

    participant = register(workshop, workshop)

    assert participant.bookings.count() == 1
    assert refreshed(workshop).seats_taken == 1


def test_booking_create_of_a_choice_already_held_changes_nothing(event, register):
    workshop = WorkshopFactory(event=event)
    participant = register(workshop)
    held = participant.bookings.get()

    booking = services.booking_create(participant=participant, target=workshop)

    assert booking == held
    assert participant.bookings.count() == 1
    assert refreshed(workshop).seats_taken == 1


def test_registration_create_without_limit_confirms_everyone(event, register):
    workshop = WorkshopFactory(event=event, capacity=None)

    people = [register(workshop) for _ in range(3)]

    assert all(p.bookings.get().state == BookingState.CONFIRMED for p in people)
    assert refreshed(workshop).seats_taken == 3


def test_registration_create_when_full_queues_people_in_order(event, register):
    workshop = WorkshopFactory(event=event, capacity=2)
    register(workshop)
    register(workshop)

    queued = [register(workshop) for _ in range(3)]

    bookings = [p.bookings.get() for p in queued]
    assert [b.state for b in bookings] == [BookingState.WAITING] * 3
    assert all(b.queued_at is not None and b.confirmed_at is None for b in bookings)
    assert refreshed(workshop).seats_taken == 2
    positions = selectors.waitlist_positions(bookings=bookings)
    assert [positions[b.pk] for b in bookings] == [1, 2, 3]


def test_booking_cancel_gives_the_seat_to_the_first_person_waiting(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    first, second = register(workshop), register(workshop)

    promoted = services.booking_cancel(booking=holder.bookings.get())

    booking = first.bookings.get()
    assert promoted == [booking]
    assert booking.state == BookingState.CONFIRMED
    assert booking.confirmed_at is not None
    assert booking.queued_at is None
    assert holder.bookings.get().state == BookingState.CANCELLED
    assert holder.bookings.get().cancelled_at is not None
    assert refreshed(workshop).seats_taken == 1
    assert queue_of(workshop) == [second]
    assert selectors.waitlist_positions(bookings=[second.bookings.get()]) == {
        second.bookings.get().pk: 1
    }


def test_booking_cancel_with_nobody_waiting_frees_the_seat(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)

    promoted = services.booking_cancel(booking=holder.bookings.get())

    assert promoted == []
    assert refreshed(workshop).seats_taken == 0


def test_booking_cancel_of_a_waiting_place_frees_no_seat_and_promotes_nobody(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    first, second = register(workshop), register(workshop)

    promoted = services.booking_cancel(booking=first.bookings.get())

    assert promoted == []
    assert refreshed(workshop).seats_taken == 1
    assert holder.bookings.get().state == BookingState.CONFIRMED
    assert first.bookings.get().state == BookingState.CANCELLED
    assert first.bookings.get().queued_at is None
    assert queue_of(workshop) == [second]


def test_booking_cancel_twice_is_harmless(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    waiting = register(workshop)
    booking = holder.bookings.get()
    services.booking_cancel(booking=booking)

    promoted = services.booking_cancel(booking=booking)

    assert promoted == []
    assert refreshed(workshop).seats_taken == 1
    assert waiting.bookings.get().state == BookingState.CONFIRMED


def test_booking_create_after_cancelling_reuses_the_booking(event, register):
    workshop = WorkshopFactory(event=event, capacity=2)
    participant = register(workshop)
    cancelled = participant.bookings.get()
    services.booking_cancel(booking=cancelled)

    booking = services.booking_create(participant=participant, target=workshop)

    assert booking.pk == cancelled.pk
    assert participant.bookings.count() == 1
    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED
    assert booking.cancelled_at is None
    assert refreshed(workshop).seats_taken == 1


def test_booking_create_after_cancelling_goes_to_the_end_of_the_queue(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    changed_mind = register(workshop)
    services.booking_cancel(booking=changed_mind.bookings.get())
    later = register(workshop)

    services.booking_create(participant=changed_mind, target=workshop)

    assert changed_mind.bookings.count() == 1
    assert changed_mind.bookings.get().state == BookingState.WAITING
    assert queue_of(workshop) == [later, changed_mind]


# --- What can be booked ----------------------------------------------------------------


def test_registration_create_of_overlapping_choices_is_refused_and_writes_nothing(event, person):
    first = WorkshopFactory(
        event=event, title="Refaire son CV", starts_at=at(event, 10), ends_at=at(event, 11)
    )
    second = WorkshopFactory(
        event=event,
        title="Simuler un entretien",
        starts_at=at(event, 10, 30),
        ends_at=at(event, 11, 30),
    )

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[second, first])

    assert error.value.code == "overlap"
    message = error.value.message
    assert "« Refaire son CV » (10h00–11h00)" in message
    assert "« Simuler un entretien » (10h30–11h30)" in message
    assert Participant.objects.count() == 0
    assert Booking.objects.count() == 0
    assert refreshed(first).seats_taken == refreshed(second).seats_taken == 0


def test_registration_create_of_back_to_back_choices_is_accepted(event, register):
    first = WorkshopFactory(event=event, starts_at=at(event, 10), ends_at=at(event, 11))
    second = WorkshopFactory(event=event, starts_at=at(event, 11), ends_at=at(event, 12))

    participant = register(first, second)

    assert participant.bookings.confirmed().count() == 2


def test_registration_create_of_a_workshop_during_the_conference_is_refused(event, person):
    workshop = WorkshopFactory(event=event, starts_at=at(event, 17), ends_at=at(event, 18))
    conference = TimetableItemFactory(
        event=event, capacity=80, starts_at=at(event, 17, 30), ends_at=at(event, 19)
    )

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[workshop, conference])

    assert error.value.code == "overlap"
    assert Participant.objects.count() == 0


def test_booking_create_overlapping_a_held_booking_is_refused(event, register):
    held = WorkshopFactory(event=event, starts_at=at(event, 10), ends_at=at(event, 11))
    other = WorkshopFactory(event=event, starts_at=at(event, 10, 30), ends_at=at(event, 11, 30))
    participant = register(held)

    with pytest.raises(services.BookingError) as error:
        services.booking_create(participant=participant, target=other)

    assert error.value.code == "overlap"
    assert participant.bookings.count() == 1
    assert refreshed(other).seats_taken == 0


def test_booking_create_overlapping_a_waiting_place_is_refused(event, register):
    full = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 10))
    other = WorkshopFactory(event=event, starts_at=at(event, 10))
    register(full)
    participant = register(full)

    with pytest.raises(services.BookingError) as error:
        services.booking_create(participant=participant, target=other)

    assert error.value.code == "overlap"


def test_booking_create_overlapping_a_cancelled_booking_is_accepted(event, register):
    cancelled = WorkshopFactory(event=event, starts_at=at(event, 10))
    other = WorkshopFactory(event=event, starts_at=at(event, 10))
    participant = register(cancelled)
    services.booking_cancel(booking=participant.bookings.get())

    booking = services.booking_create(participant=participant, target=other)

    assert booking.state == BookingState.CONFIRMED


def test_registration_create_of_a_workshop_of_another_edition_is_refused(event, person):
    elsewhere = WorkshopFactory(title="Atelier de l’an dernier")

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[elsewhere])

    assert error.value.code == "wrong_event"
    assert "Atelier de l’an dernier" in error.value.message
    assert Participant.objects.count() == 0


def test_booking_create_of_a_stand_activity_of_another_edition_is_refused(event):
    participant = ParticipantFactory(event=event)
    elsewhere = StandActivityFactory(capacity=5)

    with pytest.raises(services.BookingError) as error:
        services.booking_create(participant=participant, target=elsewhere)

    assert error.value.code == "wrong_event"
    assert Booking.objects.count() == 0


@pytest.mark.parametrize("kind", ["timetable_item", "stand_activity"])
def test_registration_create_of_something_without_a_seat_limit_is_refused(event, person, kind):
    if kind == "timetable_item":
        target = TimetableItemFactory(event=event, title="Forum", capacity=None)
    else:
        target = StandActivityFactory(stand__event=event, title="Forum", capacity=None)

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[target])

    assert error.value.code == "not_bookable"
    assert error.value.message == "« Forum » ne se réserve pas : l’accès est libre."
    assert Participant.objects.count() == 0


@pytest.mark.parametrize("kind", ["timetable_item", "stand_activity"])
def test_registration_create_books_and_queues_a_conference_or_stand_activity(event, register, kind):
    if kind == "timetable_item":
        target = TimetableItemFactory(event=event, capacity=1)
    else:
        target = StandActivityFactory(stand__event=event, capacity=1)

    holder = register(target)
    waiting = register(target)

    assert holder.bookings.get().state == BookingState.CONFIRMED
    assert waiting.bookings.get().state == BookingState.WAITING
    assert refreshed(target).seats_taken == 1
    promoted = services.booking_cancel(booking=holder.bookings.get())
    assert promoted == [waiting.bookings.get()]
    assert waiting.bookings.get().state == BookingState.CONFIRMED
    assert refreshed(target).seats_taken == 1


# --- When one can register -------------------------------------------------------------


def test_registration_create_before_opening_is_refused_with_the_opening_date(person):
    event = EventFactory(
        registration_opens_at=dt.datetime(2099, 3, 2, 9, 0, tzinfo=PARIS),
        registration_closes_at=dt.datetime(2099, 4, 1, 0, 0, tzinfo=PARIS),
        date=dt.date(2099, 4, 2),
    )
    workshop = WorkshopFactory(event=event)

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[workshop])

    assert error.value.code == "registration_not_open"
    assert "2 mars 2099 à 9h00" in error.value.message
    assert Participant.objects.count() == 0
    assert refreshed(workshop).seats_taken == 0


@pytest.mark.parametrize(
    ("closes_in", "date_in"),
    [
        (dt.timedelta(minutes=-1), dt.timedelta(days=1)),  # after the closing time
        (dt.timedelta(days=2), dt.timedelta(days=-1)),  # the day is over
    ],
    ids=["after-closing", "after-the-day"],
)
def test_registration_create_when_closed_is_refused(person, closes_in, date_in):
    now = timezone.now()
    event = EventFactory(
        date=timezone.localdate() + date_in,
        registration_opens_at=now - dt.timedelta(days=30),
        registration_closes_at=now + closes_in,
    )
    workshop = WorkshopFactory(event=event)

    with pytest.raises(services.BookingError) as error:
        services.registration_create(event=event, person=person(), targets=[workshop])

    assert error.value.code == "registration_closed"
    assert Participant.objects.count() == 0
    assert Booking.objects.count() == 0


def test_booking_create_when_closed_is_refused(event, register):
    workshop = WorkshopFactory(event=event)
    participant = register()
    event.registration_closes_at = timezone.now() - dt.timedelta(minutes=1)
    event.save()
    participant.refresh_from_db()

    with pytest.raises(services.BookingError) as error:
        services.booking_create(participant=participant, target=workshop)

    assert error.value.code == "registration_closed"
    assert participant.bookings.count() == 0


# --- Who registers ---------------------------------------------------------------------


def test_registration_create_with_a_known_email_changes_nothing(event, person):
    workshop = WorkshopFactory(event=event)
    other = WorkshopFactory(event=event, starts_at=at(event, 14))
    first = services.registration_create(
        event=event, person=person(email="Amina.Benali@Example.org"), targets=[workshop]
    )

    again = services.registration_create(
        event=event, person=person(email="  AMINA.benali@example.ORG "), targets=[other]
    )

    assert first.created is True
    assert first.participant.email == "amina.benali@example.org"
    assert again == services.RegistrationResult(participant=first.participant, created=False)
    assert Participant.objects.count() == 1
    assert Booking.objects.count() == 1
    assert refreshed(other).seats_taken == 0


def test_registration_create_with_an_email_known_in_another_edition_registers(event, person):
    services.registration_create(
        event=EventFactory(), person=person(email="amina@example.org"), targets=[]
    )

    result = services.registration_create(
        event=event, person=person(email="amina@example.org"), targets=[]
    )

    assert result.created is True
    assert Participant.objects.filter(email="amina@example.org").count() == 2


def test_registration_create_after_cancelling_registers_again(event, person):
    workshop = WorkshopFactory(event=event)
    first = services.registration_create(
        event=event, person=person(email="amina@example.org"), targets=[workshop]
    )
    services.participant_cancel(participant=first.participant)

    again = services.registration_create(
        event=event, person=person(email="amina@example.org"), targets=[workshop]
    )

    assert again.created is True
    assert again.participant.pk == first.participant.pk
    assert Participant.objects.count() == 1
    again.participant.refresh_from_db()
    assert again.participant.state == ParticipantState.REGISTERED
    assert again.participant.bookings.get().state == BookingState.CONFIRMED
    assert refreshed(workshop).seats_taken == 1


def test_registration_create_on_behalf_keeps_the_advisor(event, person):
    details = person(
        referrer_name="Julie Moreau",
        referrer_organisation="Mission locale du Creusot",
        referrer_email="j.moreau@mission-locale.example",
    )

    participant = services.registration_create(event=event, person=details, targets=[]).participant

    participant.refresh_from_db()
    assert participant.referrer_name == "Julie Moreau"
    assert participant.referrer_organisation == "Mission locale du Creusot"
    assert participant.referrer_email == "j.moreau@mission-locale.example"
    assert participant.is_registered_on_behalf is True


def test_registration_create_by_oneself_is_not_on_behalf(event, register):
    participant = register()

    assert participant.is_registered_on_behalf is False


def test_registration_create_with_a_phone_only(event, register):
    workshop = WorkshopFactory(event=event)

    participant = register(workshop, phone="06 12 34 56 78")

    participant.refresh_from_db()
    assert participant.email == ""
    assert participant.phone == "06 12 34 56 78"
    assert participant.bookings.get().state == BookingState.CONFIRMED


def test_registration_create_of_two_people_with_a_phone_only(event, register):
    register(phone="06 12 34 56 78")

    register(phone="07 98 76 54 32")

    assert Participant.objects.filter(email="").count() == 2


# --- Staff and the waiting list ---------------------------------------------------------


def test_waitlist_promote_with_a_free_seat_confirms(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    first, second = register(workshop), register(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)

    booking = services.waitlist_promote(booking=second.bookings.get())

    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED
    assert booking.queued_at is None
    assert booking.confirmed_at is not None
    assert refreshed(workshop).seats_taken == 2
    assert queue_of(workshop) == [first]


def test_waitlist_promote_when_full_is_refused(event, register):
    workshop = WorkshopFactory(event=event, capacity=1, title="Atelier CV")
    register(workshop)
    waiting = register(workshop)

    with pytest.raises(services.BookingError) as error:
        services.waitlist_promote(booking=waiting.bookings.get())

    assert error.value.code == "no_seat_left"
    assert "« Atelier CV »" in error.value.message
    assert waiting.bookings.get().state == BookingState.WAITING
    assert refreshed(workshop).seats_taken == 1


def test_waitlist_promote_of_a_confirmed_booking_is_refused(event, register):
    workshop = WorkshopFactory(event=event, capacity=5)
    holder = register(workshop)

    with pytest.raises(services.BookingError) as error:
        services.waitlist_promote(booking=holder.bookings.get())

    assert error.value.code == "not_waiting"
    assert refreshed(workshop).seats_taken == 1


# --- Cancelling and deleting a registration --------------------------------------------


def test_participant_cancel_frees_every_seat_and_moves_the_queues(event, register):
    morning = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 10))
    afternoon = WorkshopFactory(event=event, capacity=1, starts_at=at(event, 14))
    conference = TimetableItemFactory(event=event, capacity=50, starts_at=at(event, 17))
    participant = register(morning, afternoon, conference)
    waiting_morning = register(morning)
    waiting_afternoon = register(afternoon)

    promoted = services.participant_cancel(participant=participant)

    participant.refresh_from_db()
    assert participant.state == ParticipantState.CANCELLED
    assert set(participant.bookings.values_list("state", flat=True)) == {BookingState.CANCELLED}
    assert {b.participant for b in promoted} == {waiting_morning, waiting_afternoon}
    assert waiting_morning.bookings.get().state == BookingState.CONFIRMED
    assert waiting_afternoon.bookings.get().state == BookingState.CONFIRMED
    assert refreshed(morning).seats_taken == 1
    assert refreshed(afternoon).seats_taken == 1
    assert refreshed(conference).seats_taken == 0


def test_participant_cancel_of_a_waiting_person_frees_no_seat(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    waiting = register(workshop)

    promoted = services.participant_cancel(participant=waiting)

    assert promoted == []
    assert refreshed(workshop).seats_taken == 1
    assert queue_of(workshop) == []


def test_booking_create_for_a_cancelled_participant_is_refused(event, register):
    workshop = WorkshopFactory(event=event)
    participant = register()
    services.participant_cancel(participant=participant)

    with pytest.raises(services.BookingError) as error:
        services.booking_create(participant=participant, target=workshop)

    assert error.value.code == "participant_cancelled"
    assert participant.bookings.count() == 0


def test_booking_create_for_a_participant_cancelled_meanwhile_is_refused(event, register):
    workshop = WorkshopFactory(event=event)
    participant = register()
    stale = Participant.objects.get(pk=participant.pk)
    services.participant_cancel(participant=participant)

    with pytest.raises(services.BookingError):
        services.booking_create(participant=stale, target=workshop)

    assert refreshed(workshop).seats_taken == 0


def test_participant_delete_removes_the_person_and_moves_the_queue(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    participant = register(workshop)
    waiting = register(workshop)

    promoted = services.participant_delete(participant=participant)

    assert not Participant.objects.filter(pk=participant.pk).exists()
    assert not Booking.objects.filter(participant_id=participant.pk).exists()
    assert promoted == [waiting.bookings.get()]
    assert waiting.bookings.get().state == BookingState.CONFIRMED
    assert refreshed(workshop).seats_taken == 1


# --- Personal data ---------------------------------------------------------------------


def test_personal_data_purge_anonymises_only_old_editions(event, register):
    old_event = EventFactory()
    old_workshop = WorkshopFactory(event=old_event)
    old = register(
        old_workshop,
        event=old_event,
        phone="06 12 34 56 78",
        town="Montceau-les-Mines",
        situation="job_seeker",
        access_needs_other="Fauteuil roulant",
        referrer_name="Julie Moreau",
        referrer_organisation="Mission locale",
        referrer_email="julie@example.org",
    )
    old_token = old.token
    recent = register(WorkshopFactory(event=event))
    today = timezone.localdate()
    Event.objects.filter(pk=old_event.pk).update(date=today - dt.timedelta(days=366))
    Event.objects.filter(pk=event.pk).update(date=today - dt.timedelta(days=364))

    count = services.personal_data_purge(retention_days=365, today=today)

    assert count == 1
    old.refresh_from_db()
    assert old.anonymised_at is not None
    fields = ["first_name", "last_name", "email", "phone", "town", "access_needs_other"]
    fields += ["referrer_name", "referrer_organisation", "referrer_email"]
    assert {field: getattr(old, field) for field in fields} == dict.fromkeys(fields, "")
    assert old.situation == "job_seeker"
    assert old.token != old_token
    assert selectors.participant_by_token(token=old_token) is None
    assert old.bookings.get().workshop == old_workshop
    recent.refresh_from_db()
    assert recent.anonymised_at is None
    assert recent.first_name == "Amina"


def test_personal_data_purge_twice_counts_nobody_the_second_time(event, register):
    register()
    Event.objects.filter(pk=event.pk).update(date=dt.date(2000, 1, 1))
    services.personal_data_purge(retention_days=365)

    count = services.personal_data_purge(retention_days=365)

    assert count == 0


def log_text() -> str:
    """Everything the admin's log holds: labels and change messages."""
    return " ".join(f"{e.object_repr} {e.change_message}" for e in LogEntry.objects.all())


def long_past(event: Event) -> None:
    """Move ``event`` (whose registrations are done) beyond any retention period."""
    Event.objects.filter(pk=event.pk).update(date=dt.date(2000, 1, 1))


def test_personal_data_purge_takes_the_names_out_of_the_admin_log(
    admin_client, admin_user, register
):
    old_event = EventFactory()
    workshop = WorkshopFactory(event=old_event, title="Atelier CV")
    jeanne = register(workshop, event=old_event, first_name="Jeanne", last_name="Dupont")
    booking = jeanne.bookings.get()
    admin_change(admin_client, jeanne, town="Le Creusot")
    admin_change(admin_client, booking)
    # What an inline adding a booking on the person's page would log.
    LogEntry.objects.log_actions(
        admin_user.pk,
        [jeanne],
        CHANGE,
        [{"added": {"name": "réservation", "object": str(booking)}}],
    )
    assert "Dupont" in log_text()
    long_past(old_event)

    services.personal_data_purge(retention_days=365)

    assert "Jeanne" not in log_text()
    assert "Dupont" not in log_text()
    home = admin_client.get(reverse("admin:index"))  # « Mes actions » lists the entries
    label = f"Participant·e anonymisé·e n° {jeanne.pk}"
    assertContains(home, f"{label} — Atelier CV (Place confirmée)")
    history = admin_client.get(admin_url(jeanne, "history"))
    assertContains(history, "Modification de Commune ou code postal.")
    assertContains(history, f"Ajout de réservation «\u00a0{label}\u00a0».")
    assertNotContains(history, "Dupont")


def test_personal_data_purge_leaves_the_admin_log_of_others_alone(admin_client, event, register):
    old_event = EventFactory()
    old = register(event=old_event)
    karim = register(WorkshopFactory(event=event), first_name="Karim", last_name="Haddad")
    booking = karim.bookings.get()
    for obj in (old, karim, booking):
        admin_change(admin_client, obj)
    before = sorted(LogEntry.objects.values_list("object_repr", "change_message"))
    long_past(old_event)

    services.personal_data_purge(retention_days=365)

    anonymised = f"Participant·e anonymisé·e n° {old.pk}"
    assert sorted(LogEntry.objects.values_list("object_repr", "change_message")) == sorted(
        (anonymised, message) if label == str(old) else (label, message)
        for label, message in before
    )


def test_personal_data_purge_scrubs_what_was_logged_about_rows_deleted_since(
    admin_client, event, register
):
    old_event = EventFactory()
    jeanne = register(event=old_event, first_name="Jeanne", last_name="Dupont")
    contact = jeanne.stand_contacts.create(stand=StandFactory(event=old_event))
    paul = register(event=old_event, first_name="Paul", last_name="Durand")
    for deleted in (contact, paul):
        admin_client.post(admin_url(deleted, "delete"), {"post": "yes"})
    LogEntry.objects.update(action_time=timezone.now() - dt.timedelta(days=400))
    karim = register(first_name="Karim", last_name="Haddad")
    admin_client.post(admin_url(karim, "delete"), {"post": "yes"})  # today: kept a while
    long_past(old_event)

    services.personal_data_purge(retention_days=365)

    assert sorted(LogEntry.objects.values_list("object_repr", flat=True)) == sorted(
        [f"Contact au stand n° {contact.pk}", f"Participant·e n° {paul.pk}", "Karim Haddad"]
    )
    assert "Dupont" not in log_text() and "Durand" not in log_text()


@pytest.mark.parametrize("people", [1, 3])
def test_personal_data_purge_reads_the_admin_log_in_a_few_queries(admin_client, register, people):
    old_event = EventFactory()
    for _ in range(people):
        participant = register(WorkshopFactory(event=old_event), event=old_event)
        participant.stand_contacts.create(stand=StandFactory(event=old_event))
        for obj in (participant, participant.bookings.get()):
            admin_change(admin_client, obj)
    long_past(old_event)

    with CaptureQueriesContext(connection) as queries:
        services.personal_data_purge(retention_days=365)

    on_the_log = [q for q in queries.captured_queries if "django_admin_log" in q["sql"]]
    # Participants, bookings, access needs, stand contacts: 2 each; 1 write.
    assert len(on_the_log) == 9
    assert "Benali" not in log_text()


# --- What the database itself refuses --------------------------------------------------


BOOKABLES = {
    "workshop": lambda event, **kw: WorkshopFactory(event=event, **kw),
    "timetable_item": lambda event, **kw: TimetableItemFactory(event=event, **kw),
    "stand_activity": lambda event, **kw: StandActivityFactory(stand__event=event, **kw),
}


@pytest.mark.parametrize("kind", BOOKABLES)
def test_database_refuses_more_seats_taken_than_seats(event, kind):
    target = BOOKABLES[kind](event, capacity=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(seats_taken=4)

    assert refreshed(target).seats_taken == 0


@pytest.mark.parametrize("kind", BOOKABLES)
def test_database_refuses_fewer_seats_than_seats_taken(event, register, kind):
    target = BOOKABLES[kind](event, capacity=2)
    register(target)
    register(target)

    with pytest.raises(IntegrityError), transaction.atomic():
        type(target).objects.filter(pk=target.pk).update(capacity=1)

    assert refreshed(target).capacity == 2


def test_saving_a_workshop_as_the_admin_does_keeps_the_seat_count(event, register):
    workshop = WorkshopFactory(event=event, capacity=5)
    opened_in_the_admin = Workshop.objects.get(pk=workshop.pk)
    register(workshop)

    opened_in_the_admin.capacity = 6
    opened_in_the_admin.save()

    assert refreshed(workshop).seats_taken == 1


@pytest.mark.parametrize("kind", BOOKABLES)
def test_bookings_and_cancellations_write_no_history(event, register, kind):
    target = BOOKABLES[kind](event, capacity=1)
    versions = target.history.count()

    holder = register(target)
    register(target)
    services.booking_cancel(booking=holder.bookings.get())

    assert refreshed(target).seats_taken == 1
    assert target.history.count() == versions


# --- Emails, after commit --------------------------------------------------------------

CONFIRMED = "Innov’insertion : votre inscription est confirmée"
WITH_WAITLIST = "Innov’insertion : votre inscription (avec liste d’attente)"
PERSONAL_LINK = "Innov’insertion : votre lien personnel"
PROMOTED = "Innov’insertion : une place s’est libérée pour vous"
CANCELLED = "Innov’insertion : votre inscription est annulée"


def sent(mailoutbox) -> list[tuple[list[str], str]]:
    return [(message.to, message.subject) for message in mailoutbox]


def test_registration_create_emails_the_confirmation_after_commit(
    event, person, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        result = services.registration_create(
            event=event, person=person(email="amina@example.org"), targets=[workshop]
        )

    assert sent(mailoutbox) == [(["amina@example.org"], CONFIRMED)]
    result.participant.refresh_from_db()
    assert result.participant.confirmation_sent_at is not None


def test_registration_create_sends_nothing_before_commit(
    event, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.registration_create(event=event, person=person(), targets=[])

    assert len(callbacks) == 1
    assert mailoutbox == []


def test_registration_create_with_a_waiting_place_says_so(
    event, register, person, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, person=person(email="amina@example.org"), targets=[workshop]
        )

    assert sent(mailoutbox) == [(["amina@example.org"], WITH_WAITLIST)]


def test_registration_create_on_behalf_copies_the_advisor(
    event, person, mailoutbox, django_capture_on_commit_callbacks
):
    details = person(
        email="amina@example.org",
        referrer_email="julie@mission-locale.example",
        referrer_receives_copies=True,
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(event=event, person=details, targets=[])

    assert [message.to for message in mailoutbox] == [
        ["amina@example.org"],
        ["julie@mission-locale.example"],
    ]
    assert mailoutbox[0].subject == CONFIRMED


def test_registration_create_with_a_known_email_sends_the_personal_link_only(
    event, register, person, mailoutbox, django_capture_on_commit_callbacks
):
    register(email="amina@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, person=person(email=" Amina@Example.org"), targets=[]
        )

    assert sent(mailoutbox) == [(["amina@example.org"], PERSONAL_LINK)]


def test_booking_cancel_emails_the_promoted_person(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop)
    register(workshop, email="first@example.org")
    register(workshop, email="second@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=holder.bookings.get())

    assert sent(mailoutbox) == [(["first@example.org"], PROMOTED)]


def test_booking_cancel_of_a_waiting_place_emails_nobody(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    waiting = register(workshop)

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=waiting.bookings.get())

    assert mailoutbox == []


def test_waitlist_promote_emails_the_person(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    waiting = register(workshop, email="amina@example.org")
    Workshop.objects.filter(pk=workshop.pk).update(capacity=2)

    with django_capture_on_commit_callbacks(execute=True):
        services.waitlist_promote(booking=waiting.bookings.get())

    assert sent(mailoutbox) == [(["amina@example.org"], PROMOTED)]


def test_participant_cancel_emails_the_person_and_those_promoted(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    participant = register(workshop, email="amina@example.org")
    register(workshop, email="next@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=participant)

    assert sorted(sent(mailoutbox)) == [
        (["amina@example.org"], CANCELLED),
        (["next@example.org"], PROMOTED),
    ]


def test_participant_delete_emails_those_promoted_only(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    participant = register(workshop, email="amina@example.org")
    register(workshop, email="next@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.participant_delete(participant=participant)

    assert sent(mailoutbox) == [(["next@example.org"], PROMOTED)]


def test_participant_cancel_twice_emails_once(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    participant = register(email="amina@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=participant)

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.participant_cancel(participant=participant)

    assert promoted == []
    assert sent(mailoutbox) == [(["amina@example.org"], CANCELLED)]


def test_registration_create_after_cancelling_emails_a_new_confirmation(
    event, register, person, mailoutbox, django_capture_on_commit_callbacks
):
    participant = register(email="amina@example.org")
    services.participant_cancel(participant=participant)

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_create(
            event=event, person=person(email="amina@example.org"), targets=[]
        )

    assert sent(mailoutbox) == [(["amina@example.org"], CONFIRMED)]


def test_waitlist_fill_gives_new_seats_to_the_first_people_waiting(event, register):
    workshop = WorkshopFactory(event=event, capacity=1)
    register(workshop)
    first = register(workshop).bookings.get()
    second = register(workshop).bookings.get()
    third = register(workshop).bookings.get()
    Workshop.objects.filter(pk=workshop.pk).update(capacity=3)

    promoted = services.waitlist_fill(target=workshop)

    assert [booking.pk for booking in promoted] == [first.pk, second.pk]
    third.refresh_from_db()
    assert third.state == BookingState.WAITING
    workshop.refresh_from_db()
    assert workshop.seats_taken == 3


def test_once_a_workshop_has_started_a_freed_seat_waits_for_someone_at_the_door(
    event, register, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = WorkshopFactory(event=event, capacity=1)
    booked = register(workshop)
    waiting = register(workshop, email="waiting@example.org").bookings.get()
    Workshop.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5),
        ends_at=timezone.now() + dt.timedelta(minutes=55),
    )
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.participant_cancel(participant=booked)
        raised = services.waitlist_fill(target=workshop)

    assert promoted == raised == []
    waiting.refresh_from_db()
    assert waiting.state == BookingState.WAITING
    assert [m.to for m in mailoutbox] == [[booked.email]]  # only the cancellation
    workshop.refresh_from_db()
    assert (workshop.seats_taken, workshop.capacity) == (0, 1)


def test_capacity_below_seats_taken_is_a_form_error_not_a_crash(event, register):
    workshop = WorkshopFactory(event=event, capacity=3)
    register(workshop)
    register(workshop)
    workshop.refresh_from_db()
    workshop.capacity = 1

    with pytest.raises(ValidationError) as error:
        workshop.full_clean()

    assert "2 places sont déjà réservées" in str(error.value.message_dict["capacity"])
