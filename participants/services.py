"""Registration and seats: every write on participants and bookings goes through here.

One shape for every operation (as pretix does): check what can be checked without
locks and raise ``BookingError``; then, inside ``transaction.atomic()``, lock the row of
what gets scarcer (the workshop, conference or stand activity) with
``select_for_update()``, re-check, write; emails and texts leave after commit, as tasks
(``messaging/tasks.py``: services enqueue, tasks deliver).

Seats are counted on the bookable row itself (``seats_taken``), changed only here and
only under that row's lock; the database refuses ``seats_taken > capacity``.
Targets are always locked in one global order, so two registrations that choose the
same workshops never wait on each other in a circle.
"""

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import CharField
from django.db.models.functions import Cast, Lower
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from events.enums import RegistrationState
from events.models import Event
from innov_insertion.addresses import email_normalize
from innov_insertion.errors import DomainError
from messaging import contact_changes, tasks
from recruitment.models import InterviewSlot

from .bookables import Bookable, booking_related, kind_of, lock_order, time_range_label
from .enums import BookingState, ParticipantState
from .models import AccessNeed, Booking, Participant, new_personal_token

logger = logging.getLogger(__name__)

MESSAGES = {
    "registration_not_open": _(
        "Les inscriptions ne sont pas encore ouvertes : elles ouvriront le %(opens)s."
    ),
    "registration_closed": _("Les inscriptions en ligne sont closes."),
    "participant_cancelled": _("Cette inscription a été annulée."),
    "wrong_event": _("« %(name)s » ne fait pas partie de cette édition."),
    "not_bookable": _("« %(name)s » ne se réserve pas : l’accès est libre."),
    "not_offered": _("« %(name)s » n’est plus proposé : choisissez un autre créneau."),
    "one_interview_per_exhibitor": _(
        "Un seul entretien par employeur : un créneau avec %(organisation)s (%(held_time)s) "
        "est déjà choisi. Gardez l’un ou l’autre."
    ),
    "overlap": _(
        "« %(first)s » (%(first_time)s) et « %(second)s » (%(second_time)s) ont lieu en même "
        "temps : choisissez l’un ou l’autre."
    ),
    "not_waiting": _("Cette personne n’est pas sur la liste d’attente."),
    "booking_gone": _("Cette réservation n’est plus active : le programme a changé entre-temps."),
    "already_held": _("« %(name)s » fait déjà partie de ce programme."),
    "no_seat_left": _(
        "Il n’y a plus de place libre pour « %(name)s » : augmentez d’abord le nombre de places."
    ),
    "email_taken": _(
        "Cette adresse est déjà utilisée pour une inscription à cette journée : indiquez-en "
        "une autre."
    ),
    "contact_needed": _(
        "Gardez votre courriel ou votre téléphone actuel jusqu’à ce que le nouveau soit "
        "confirmé : nous devons pouvoir vous joindre."
    ),
    "phone_no_texts": _(
        "Ce numéro ne peut pas recevoir de SMS (c’est un fixe) : nous ne pouvons pas le "
        "confirmer. Indiquez un portable."
    ),
    "phone_code_wrong": _(
        "Ce code n’est pas le bon, ou il a expiré : vérifiez-le, ou demandez un nouveau code."
    ),
}


class BookingError(DomainError):
    """A rule of registration says no; ``message`` is written for the person concerned.
    ``targets``: the choices the refusal is about (both, for an overlap), so that a form
    can mark them; empty when it is about the registration as a whole."""

    messages = MESSAGES

    def __init__(self, code: str, *, targets: Iterable[Bookable] = (), **params):
        super().__init__(code, **params)
        self.targets = tuple(targets)


@dataclass(frozen=True)
class PersonDetails:
    """What the registration form collects about the person (already validated)."""

    first_name: str
    last_name: str
    email: str = ""
    phone: str = ""
    town: str = ""
    situation: str = ""
    heard_from: str = ""
    access_needs_other: str = ""
    # AccessNeedKind values ticked: stored as AccessNeed rows, not on the participant.
    access_needs: tuple[str, ...] = ()
    prefers_text_messages: bool = False
    language: str = "fr"  # the language messages are written in: the one of the form
    referrer_name: str = ""
    referrer_organisation: str = ""
    referrer_email: str = ""
    referrer_receives_copies: bool = False


@dataclass(frozen=True)
class RegistrationResult:
    participant: Participant
    created: bool


# --- Rules that need no lock -------------------------------------------------------------


def registration_window_check(*, event: Event) -> None:
    """Raise unless online registration for ``event`` is open right now."""
    state = event.registration_state
    if state == RegistrationState.NOT_YET_OPEN:
        opens = formats.date_format(
            timezone.localtime(event.registration_opens_at), "DATETIME_FORMAT"
        )
        raise BookingError("registration_not_open", opens=opens)
    if state == RegistrationState.CLOSED:
        raise BookingError("registration_closed")


def _overlaps(first: Bookable, second: Bookable) -> bool:
    if not (first.starts_at and first.ends_at and second.starts_at and second.ends_at):
        return False
    return first.starts_at < second.ends_at and second.starts_at < first.ends_at


def _targets_check(*, event: Event, targets: Iterable[Bookable], held: Iterable[Bookable] = ()):
    """Each target belongs to the edition, has limited seats, and overlaps nothing else."""
    targets = list(targets)
    for target in targets:
        kind = kind_of(target)
        if kind.event_id(target) != event.pk:
            raise BookingError("wrong_event", name=target, targets=[target])
        if not kind.is_bookable(target):
            raise BookingError("not_bookable", name=target, targets=[target])
        if not kind.still_offered(target):
            raise BookingError("not_offered", name=target, targets=[target])
    chosen = [*held, *targets]
    _one_interview_per_exhibitor_check(chosen)
    for index, first in enumerate(chosen):
        for second in chosen[index + 1 :]:
            if first != second and _overlaps(first, second):
                raise BookingError(
                    "overlap",
                    first=first,
                    first_time=time_range_label(first),
                    second=second,
                    second_time=time_range_label(second),
                    targets=(first, second),
                )


def _one_interview_per_exhibitor_check(chosen: list[Bookable]) -> None:
    """A person holds at most one interview slot (confirmed or waiting) per organisation:
    the later choice is refused, naming the organisation (``chosen``: held first)."""
    first_of = {}
    for target in chosen:
        if not isinstance(target, InterviewSlot):
            continue
        organisation = target.stand.organisation
        first = first_of.setdefault(organisation.pk, target)
        if first != target:
            raise BookingError(
                "one_interview_per_exhibitor",
                organisation=organisation.name,
                held_time=time_range_label(first),
                targets=[target],
            )


def overlaps_held(*, targets: Iterable[Bookable], held: Iterable[Bookable]) -> dict:
    """{target: the first held item at the same time} for each target that clashes with
    something the person holds: the lists mark those (the booking would be refused)."""
    held = list(held)
    clashes = {}
    for target in targets:
        other = next((h for h in held if h != target and _overlaps(target, h)), None)
        if other is not None:
            clashes[target] = other
    return clashes


# --- Seats, under lock -------------------------------------------------------------------


def _target_lock(target: Bookable) -> Bookable:
    """The target's row, locked until the transaction ends, with a fresh seat count."""
    return type(target).objects.select_for_update().get(pk=target.pk)


def _seat_take(*, booking: Booking, target: Bookable, now: datetime) -> None:
    """Confirm ``booking`` if ``target`` (locked) has a free seat, else queue it."""
    if target.capacity is None or target.seats_taken < target.capacity:
        target.seats_taken += 1
        target.save(update_fields=["seats_taken"])
        booking.state = BookingState.CONFIRMED
        booking.confirmed_at = now
        booking.queued_at = None
    else:
        booking.state = BookingState.WAITING
        booking.queued_at = now
        booking.confirmed_at = None
    booking.cancelled_at = None


def _booking_place(*, participant: Participant, target: Bookable, now: datetime) -> Booking:
    """Book ``target`` (already locked) for ``participant``: a seat, or a place in the queue.
    A target no longer offered (an interview slot cancelled meanwhile) is refused."""
    if not kind_of(target).still_offered(target):
        raise BookingError("not_offered", name=target, targets=[target])
    booking = (
        Booking.objects.select_for_update()
        .filter(participant=participant, **Booking.target_filter(target))
        .first()
    )
    if booking is not None and booking.state != BookingState.CANCELLED:
        return booking
    booking = booking or Booking(participant=participant, **Booking.target_filter(target))
    _seat_take(booking=booking, target=target, now=now)
    booking.save()
    return booking


def _waitlist_fill(*, target: Bookable, now: datetime) -> list[Booking]:
    """Give the free seats of ``target`` (locked) to the first people waiting, in order.

    Once ``target`` has started nobody is promoted: the first person waiting may not be
    there, and a message mid-session would come too late. A seat that comes free then is
    given at the door to someone present (``onsite.services.door_admit``)."""
    if target.starts_at is not None and now >= target.starts_at:
        return []
    promoted = []
    while target.capacity is None or target.seats_taken < target.capacity:
        first_waiting = (
            Booking.objects.select_for_update()
            .filter(state=BookingState.WAITING, **Booking.target_filter(target))
            .order_by("queued_at", "id")
            .first()
        )
        if first_waiting is None:
            break
        _seat_take(booking=first_waiting, target=target, now=now)
        first_waiting.save(update_fields=["state", "confirmed_at", "queued_at", "cancelled_at"])
        promoted.append(first_waiting)
    return promoted


def _booking_release(*, booking: Booking, target: Bookable, now: datetime) -> list[Booking]:
    """Cancel ``booking`` (its target locked); a freed seat goes to the queue. Returns the
    bookings promoted from the waiting list."""
    was_confirmed = booking.state == BookingState.CONFIRMED
    booking.state = BookingState.CANCELLED
    booking.cancelled_at = now
    booking.queued_at = None
    booking.save(update_fields=["state", "cancelled_at", "queued_at"])
    if not was_confirmed:
        return []
    target.seats_taken -= 1
    target.save(update_fields=["seats_taken"])
    return _waitlist_fill(target=target, now=now)


def _promotions_announce(promoted: list[Booking]) -> None:
    for booking in promoted:
        tasks.enqueue_after_commit(tasks.waitlist_promotion_deliver, booking.pk)
        tasks.text_enqueue_after_commit(
            tasks.waitlist_promotion_text_deliver, booking.pk, participant=booking.participant
        )


# --- Operations --------------------------------------------------------------------------


def registration_create(
    *,
    event: Event,
    person: PersonDetails,
    targets: Iterable[Bookable],
    accepts_stand_contacts: bool = False,
    walk_in: bool = False,
) -> RegistrationResult:
    """Register a person and book their choices; a known email only gets its link again.

    Side effects: creates the participant and their bookings (seats or waiting-list
    places) in one transaction; after commit, emails the confirmation (with a copy to the
    advisor who registered them, if the person agreed). The person's own email identifies
    them (``registration_email``: never the advisor's address); without one, each
    registration is a new person. When the email is already registered for this edition,
    emails that person their personal link and changes nothing — unless that registration
    was cancelled, in which case it is renewed with the new details and choices.

    ``walk_in``: staff register someone at the desk on the day; the online window does not
    apply, the seats and every other rule do, and the person is checked in.
    """
    if not walk_in:
        registration_window_check(event=event)
    targets = sorted(set(targets), key=lock_order)
    _targets_check(event=event, targets=targets)
    email = registration_email(email=person.email, referrer_email=person.referrer_email)
    details = {
        **{name: value for name, value in person.__dict__.items() if name != "access_needs"},
        "email": email,
        "accepts_stand_contacts": accepts_stand_contacts,
        "is_walk_in": walk_in,
    }
    now = timezone.now()
    try:
        with transaction.atomic():
            participant = _participant_for_registration(event=event, details=details)
            created = participant is None
            if participant is None:
                participant = Participant.objects.create(
                    event=event,
                    **details,
                    privacy_consent_at=now,
                    checked_in_at=now if walk_in else None,
                )
            elif participant.state != ParticipantState.CANCELLED:
                known = participant
                tasks.enqueue_after_commit(tasks.personal_link_deliver, known.pk)
                tasks.text_enqueue_after_commit(
                    tasks.personal_link_text_deliver, known.pk, participant=known
                )
                return RegistrationResult(participant=known, created=False)
            else:
                _participant_renew(participant=participant, details=details, now=now)
            if person.access_needs or not created:
                _access_needs_replace(participant=participant, kinds=person.access_needs)
            for target in targets:
                _booking_place(participant=participant, target=_target_lock(target), now=now)
            tasks.enqueue_after_commit(tasks.confirmation_deliver, participant.pk)
            tasks.text_enqueue_after_commit(
                tasks.confirmation_text_deliver, participant.pk, participant=participant
            )
    except IntegrityError:
        # The same email registered at the very same moment: the first one won.
        known = (
            Participant.objects.filter(event=event, email__iexact=email).first() if email else None
        )
        if known is None:
            raise
        tasks.enqueue_after_commit(tasks.personal_link_deliver, known.pk)
        tasks.text_enqueue_after_commit(
            tasks.personal_link_text_deliver, known.pk, participant=known
        )
        return RegistrationResult(participant=known, created=False)
    return RegistrationResult(participant=participant, created=True)


def registration_email(*, email: str, referrer_email: str = "") -> str:
    """The person's own email, normalised: their identity for the edition (unique). An
    advisor's own address typed for the person is not theirs: the person gets none (each
    beneficiary stays a distinct person; the advisor's copies reach the advisor)."""
    email = email_normalize(email)
    if email and referrer_email and email == email_normalize(referrer_email):
        return ""
    return email


def _participant_for_registration(*, event: Event, details: dict) -> Participant | None:
    """The person already registered with this email for this edition, locked; or None.

    Only the person's own email identifies them: without one (phone only, or no contact of
    their own when an advisor registers them) every registration is a new person.
    """
    if not details["email"]:
        return None
    # Spelled as the unique index is (lower(email), event; email not empty), so that index
    # finds the row instead of a scan of everyone registered for the edition.
    return (
        Participant.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .filter(event=event, email_lower=details["email"])
        .exclude(email="")
        .first()
    )


def _access_needs_replace(*, participant: Participant, kinds: Iterable[str]) -> None:
    """The person's declared needs become exactly ``kinds`` (AccessNeedKind values)."""
    kinds = set(kinds)
    participant.access_needs.exclude(kind__in=kinds).delete()
    held = set(participant.access_needs.values_list("kind", flat=True))
    AccessNeed.objects.bulk_create(
        AccessNeed(participant=participant, kind=kind) for kind in sorted(kinds - held)
    )


def access_needs_update(*, participant: Participant, kinds: Iterable[str], other: str) -> None:
    """The person (on their page), the desk or the admin changes the needs declared.

    Side effects: the AccessNeed rows become exactly ``kinds`` (AccessNeedKind values) and
    ``access_needs_other`` becomes ``other``; nothing is sent.
    """
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        _access_needs_replace(participant=locked, kinds=kinds)
        locked.access_needs_other = other
        locked.save(update_fields=["access_needs_other"])
    participant.access_needs_other = other


def _participant_renew(*, participant: Participant, details: dict, now: datetime) -> None:
    """A cancelled registration comes back to life with the new form's details."""
    for name, value in details.items():
        setattr(participant, name, value)
    participant.state = ParticipantState.REGISTERED
    participant.privacy_consent_at = now
    if participant.is_walk_in:
        participant.checked_in_at = now
    participant.confirmation_sent_at = None
    participant.reminder_sent_at = None
    participant.save()


def booking_create(*, participant: Participant, target: Bookable, at_desk: bool = False) -> Booking:
    """Add one choice to a registration, under the same rules as the form.

    Side effects: a seat or a waiting-list place for ``target``.
    """
    return bookings_create(participant=participant, targets=[target], at_desk=at_desk)[0]


def bookings_create(
    *, participant: Participant, targets: Iterable[Bookable], at_desk: bool = False
) -> list[Booking]:
    """Add choices to a registration, all or none: one refused (an overlap with another
    choice or with one held) refuses them all, and nothing is written.

    ``at_desk``: staff at the reception desk add them on the day; the online window does
    not apply, the seats and every other rule do (as for a walk-in).

    Side effects: a seat or a waiting-list place for each target. Returns the bookings, in
    the order of ``targets``.
    """
    if not at_desk:
        registration_window_check(event=participant.event)
    targets = list(dict.fromkeys(targets))
    with transaction.atomic():
        # The person's row first, then the targets': a double click cannot slip two
        # overlapping choices past the check (every operation locks in this order).
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.state == ParticipantState.CANCELLED:
            raise BookingError("participant_cancelled")
        held = [booking.target for booking in _active_bookings(participant)]
        _targets_check(event=participant.event, targets=targets, held=held)
        now = timezone.now()
        placed = {
            target: _booking_place(participant=participant, target=_target_lock(target), now=now)
            for target in sorted(targets, key=lock_order)
        }
        return [placed[target] for target in targets]


def booking_move(*, booking: Booking, target: Bookable) -> Booking:
    """Swap one choice for another in one step, all or nothing (staff at the desk, on the
    day: the online window does not apply).

    In one transaction: the person's row, then both targets in the global lock order, then
    the booking are locked; ``target`` is booked (a seat, or a place at the end of its
    waiting list when it is full), then the old booking is cancelled and its seat goes to
    the first person waiting for it. ``target`` may be at the same time as the old booking
    (that is often why it is swapped), not as anything else the person holds.

    Refused (``BookingError``, nothing written): a cancelled registration, a booking no
    longer active, a target the person already holds, another edition's or an open-access
    target, an overlap with another booking held.

    Side effects: after commit, each person promoted on the old target's waiting list is
    told (email, text). Returns the new booking.
    """
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=booking.participant_id)
        if participant.state == ParticipantState.CANCELLED:
            raise BookingError("participant_cancelled")
        old_target = booking.target
        locked = {item: _target_lock(item) for item in sorted({old_target, target}, key=lock_order)}
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.state == BookingState.CANCELLED:
            raise BookingError("booking_gone")
        active = _active_bookings(participant)
        if any(held.target == target for held in active):
            raise BookingError("already_held", name=target, targets=[target])
        held = [held.target for held in active if held.pk != booking.pk]
        _targets_check(event=participant.event, targets=[target], held=held)
        now = timezone.now()
        moved = _booking_place(participant=participant, target=locked[target], now=now)
        promoted = _booking_release(booking=booking, target=locked[old_target], now=now)
    _promotions_announce(promoted)
    return moved


def booking_cancel(*, booking: Booking) -> list[Booking]:
    """Give up one choice; a freed seat goes at once to the first person waiting.

    Side effects: the booking is cancelled, the target's seat count drops or the queue
    moves up; each promoted person is emailed after commit. Returns those promoted.
    """
    with transaction.atomic():
        target = _target_lock(booking.target)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.state == BookingState.CANCELLED:
            return []
        promoted = _booking_release(booking=booking, target=target, now=timezone.now())
    _promotions_announce(promoted)
    return promoted


def waitlist_promote(*, booking: Booking) -> Booking:
    """Staff give a waiting person a seat that is free (after raising the capacity, say).

    Side effects: the booking is confirmed and the person emailed after commit.
    """
    with transaction.atomic():
        target = _target_lock(booking.target)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.state != BookingState.WAITING:
            raise BookingError("not_waiting")
        if target.is_full:
            raise BookingError("no_seat_left", name=target)
        _seat_take(booking=booking, target=target, now=timezone.now())
        booking.save(update_fields=["state", "confirmed_at", "queued_at", "cancelled_at"])
    _promotions_announce([booking])
    return booking


def waitlist_fill(*, target: Bookable) -> list[Booking]:
    """Give every free seat of ``target`` to the first people waiting (after staff raise
    its capacity, say).

    Side effects: bookings confirmed in queue order; each person emailed after commit.
    Returns those promoted.
    """
    with transaction.atomic():
        promoted = _waitlist_fill(target=_target_lock(target), now=timezone.now())
    _promotions_announce(promoted)
    return promoted


def participant_cancel(*, participant: Participant) -> list[Booking]:
    """Cancel a whole registration: every seat is freed and the queues move up.

    Side effects: bookings cancelled, participant marked cancelled, cancellation
    confirmed by email after commit. Returns the bookings promoted as a result.
    """
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        if locked.state == ParticipantState.CANCELLED:
            return []
        promoted = _participant_release(participant=locked)
        participant.state = ParticipantState.CANCELLED
        participant.save(update_fields=["state"])
    tasks.enqueue_after_commit(tasks.cancellation_deliver, participant.pk)
    tasks.text_enqueue_after_commit(
        tasks.cancellation_text_deliver, participant.pk, participant=participant
    )
    return promoted


def participant_delete(*, participant: Participant) -> list[Booking]:
    """Delete a person's data at their request; their seats go to those waiting.

    Side effects: bookings released then deleted with the participant. Returns the
    bookings promoted as a result.
    """
    with transaction.atomic():
        promoted = _participant_release(participant=participant)
        Participant.objects.filter(pk=participant.pk).delete()
    return promoted


def _active_bookings(participant: Participant) -> list[Booking]:
    return list(participant.bookings.active().select_related(*booking_related()))


def _participant_release(*, participant: Participant) -> list[Booking]:
    now = timezone.now()
    promoted = []
    with transaction.atomic():
        Participant.objects.select_for_update().filter(pk=participant.pk).first()
        bookings = sorted(_active_bookings(participant), key=lambda b: lock_order(b.target))
        for booking in bookings:
            target = _target_lock(booking.target)
            booking = Booking.objects.select_for_update().get(pk=booking.pk)
            if booking.state != BookingState.CANCELLED:
                promoted += _booking_release(booking=booking, target=target, now=now)
    _promotions_announce(promoted)
    return promoted


# --- Contact details, changed by the person (their page) -----------------------------------


@dataclass(frozen=True)
class ContactChange:
    """What ``participant_details_update`` left waiting for a confirmation ("": nothing)."""

    email_pending: str = ""
    phone_pending: str = ""


def _email_taken(*, participant: Participant, email: str) -> bool:
    return (
        Participant.objects.alias(email_lower=Lower("email"))
        .filter(event_id=participant.event_id, email_lower=email)
        .exclude(pk=participant.pk)
        .exists()
    )


def participant_details_update(
    *,
    participant: Participant,
    first_name: str,
    last_name: str,
    email: str,
    phone: str,
    town: str,
    accepts_stand_contacts: bool,
    language: str,
) -> ContactChange:
    """The person corrects their details from their page.

    Side effects: name, town, stand-contact consent and ``language`` are saved at once; so
    is an email or phone removed (when the other one stays). A *new* email or phone is not
    saved: after commit, a link goes to the new email
    (``messaging.tasks.email_confirmation_deliver``) or a code by text to the new number
    (``messaging.tasks.phone_code_deliver``); ``participant_email_confirm`` or
    ``participant_phone_confirm`` then save it. Refused (``BookingError``, nothing saved):
    an email another registration of the edition already uses (``email_taken``: nothing
    more is said of it), a number that takes no texts, or removing one contact while the
    other waits for its confirmation.
    """
    email = email_normalize(email)
    new_email = email if email and email != email_normalize(participant.email) else ""
    new_phone = phone if phone and phone != participant.phone else ""
    if new_email and _email_taken(participant=participant, email=new_email):
        raise BookingError("email_taken")
    if new_phone and not contact_changes.phone_can_confirm(new_phone):
        raise BookingError("phone_no_texts")
    kept_email = participant.email if email else ""
    kept_phone = participant.phone if phone else ""
    if not kept_email and not kept_phone and (participant.email or participant.phone):
        raise BookingError("contact_needed")
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        changes = {
            "first_name": first_name,
            "last_name": last_name,
            "town": town,
            "accepts_stand_contacts": accepts_stand_contacts,
            "language": language,
            "email": kept_email,
            "phone": kept_phone,
        }
        for name, value in changes.items():
            setattr(locked, name, value)
            setattr(participant, name, value)
        locked.save(update_fields=list(changes))
        if new_email:
            tasks.enqueue_after_commit(tasks.email_confirmation_deliver, participant.pk, new_email)
        if new_phone:
            tasks.enqueue_after_commit(tasks.phone_code_deliver, participant.pk, new_phone)
    return ContactChange(email_pending=new_email, phone_pending=new_phone)


def participant_email_confirm(*, participant: Participant, email: str, language: str) -> None:
    """The person followed the link sent to ``email``: it becomes their address.

    Side effects: ``email`` and ``language`` saved. ``BookingError("email_taken")`` when
    another registration of the edition took that address in between.
    """
    email = email_normalize(email)
    try:
        with transaction.atomic():
            locked = Participant.objects.select_for_update().get(pk=participant.pk)
            if _email_taken(participant=locked, email=email):
                raise BookingError("email_taken")
            locked.email = email
            locked.language = language
            locked.save(update_fields=["email", "language"])
    except IntegrityError:
        raise BookingError("email_taken") from None
    participant.email = email
    participant.language = language


def participant_phone_confirm(
    *, participant: Participant, phone: str, code: str, language: str
) -> None:
    """The person typed the code texted to ``phone`` (E.164): it becomes their number.

    Side effects: ``phone`` and ``language`` saved. ``BookingError("phone_code_wrong")``
    when the code is not the one sent (or too old): nothing saved.
    """
    if not contact_changes.phone_code_check(participant=participant, phone=phone, code=code):
        raise BookingError("phone_code_wrong")
    Participant.objects.filter(pk=participant.pk).update(phone=phone, language=language)
    participant.phone = phone
    participant.language = language


def personal_data_purge(*, retention_days: int, today: date | None = None) -> int:
    """Anonymise the participants of editions that ended more than ``retention_days`` ago.

    Side effects: names, contact details, town, access needs and advisor details are
    wiped and the personal link stops working; what remains (situation, choices, dates)
    only feeds counts. The admin's log entries about anonymised people, their bookings and
    stand contacts lose their names too, and so do those, logged before the same date,
    about such rows deleted since (``_admin_log_scrub``). Returns how many people were
    anonymised.
    """
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=retention_days)
    due = Participant.objects.filter(event__date__lt=cutoff, anonymised_at__isnull=True)
    now = timezone.now()
    with transaction.atomic():
        ids = list(due.select_for_update().values_list("pk", flat=True))
        AccessNeed.objects.filter(participant_id__in=ids).delete()
        for participant_id in ids:
            Participant.objects.filter(pk=participant_id).update(
                first_name="",
                last_name="",
                email="",
                phone="",
                town="",
                access_needs_other="",
                referrer_name="",
                referrer_organisation="",
                referrer_email="",
                token=f"anonymised-{new_personal_token()}",
                anonymised_at=now,
            )
        _admin_log_scrub(
            logged_before=datetime.combine(
                cutoff, datetime.min.time(), tzinfo=timezone.get_current_timezone()
            )
        )
    return len(ids)


def _admin_log_scrub(*, logged_before: datetime) -> None:
    """Take the names out of the admin's log (« Historique ») where the purge reached.

    Every ``LogEntry`` about an anonymised participant, or about a row that points to one
    (a booking, a stand contact…), gets that row's label as it reads now (« Participant·e
    anonymisé·e n° 12 », « … n° 12 — Atelier CV (Place confirmée) »)
    instead of the name it was logged with. An entry logged before ``logged_before`` about
    such a row deleted since (its label can no longer be read) gets « Réservation n° 40 ».
    The change message keeps the names of the changed fields and loses the labels of the
    rows it quotes (« Added booking “Jeanne Dupont — …” »); a message that is not Django's
    JSON is emptied. Entries already clean are not written again, and people anonymised
    by an earlier run are covered as well.

    Queries: a few per kind of row (participant, booking, stand contact), none per person.
    """

    def keys(rows):
        return rows.annotate(key=Cast("pk", CharField())).values("key")

    anonymised = Participant.objects.filter(anonymised_at__isnull=False)
    kinds = [(Participant, anonymised)] + [
        (
            relation.related_model,
            relation.related_model._base_manager.filter(
                **{f"{relation.field.name}__in": anonymised}
            ),
        )
        for relation in Participant._meta.related_objects
        if relation.one_to_many or relation.one_to_one
    ]
    scrubbed = []
    for model, rows in kinds:
        entries = LogEntry.objects.filter(
            # A model moved out of this app (StandContact, to onsite) may still have
            # entries under its old content type.
            content_type__app_label__in={model._meta.app_label, Participant._meta.app_label},
            content_type__model=model._meta.model_name,
        )
        about_rows = list(entries.filter(object_id__in=keys(rows)))
        about_deleted = list(
            entries.filter(action_time__lt=logged_before).exclude(
                object_id__in=keys(model._base_manager.all())
            )
        )
        labels = {}
        if about_rows:
            labelled = rows.filter(pk__in={entry.object_id for entry in about_rows})
            labelled = labelled.select_related(*_label_paths(model))
            labels = {str(row.pk): str(row) for row in labelled}
        kind = capfirst(model._meta.verbose_name)
        for entry in about_rows + about_deleted:
            label = labels.get(entry.object_id) or _("%(kind)s n° %(id)s") % {
                "kind": kind,
                "id": entry.object_id,
            }
            label = label[:200]  # what LogEntry.object_repr holds
            message = _change_message_scrub(entry.change_message, label=label)
            if (entry.object_repr, entry.change_message) != (label, message):
                entry.object_repr, entry.change_message = label, message
                scrubbed.append(entry)
    LogEntry.objects.bulk_update(scrubbed, ["object_repr", "change_message"], batch_size=500)


def _label_paths(model) -> list[str]:
    """The foreign keys a row's label may follow, two steps deep (a stand contact names the
    person and its stand, which names its organisation), to read them in the same query."""
    paths = []
    for field in model._meta.concrete_fields:
        if field.many_to_one:
            paths.append(field.name)
            paths += [
                f"{field.name}__{further.name}"
                for further in field.related_model._meta.concrete_fields
                if further.many_to_one
            ]
    return paths


def _change_message_scrub(message: str, *, label: str) -> str:
    """Django's JSON change message with the label of every row it quotes replaced by
    ``label``; the names of the changed fields are kept. Any other text, which may say
    anything about the person, becomes empty."""
    try:
        parts = json.loads(message)
    except ValueError:
        return ""
    if not isinstance(parts, list) or not all(isinstance(part, dict) for part in parts):
        return ""
    for part in parts:
        for details in part.values():
            if isinstance(details, dict) and "object" in details:
                details["object"] = label
    return json.dumps(parts)


# --- The doors on the day (``onsite.services`` checks the ticket and the time, then calls
# these inside its own transaction) -------------------------------------------------------


def seats_release_unattended(*, target: Bookable, now: datetime) -> list[Booking]:
    """The confirmed seats of ``target`` whose holders were not noted present are given up.

    Side effects: under the target's lock, each such booking is cancelled and marked
    ``released_at``, and the seat count drops. Nobody is promoted from the waiting list:
    the people waiting may not be there (staff seat those present with
    ``seat_give_at_door``; a walk-in registered at the desk takes a free seat as usual).
    Nothing is sent: the caller tells the people after commit. Returns the released
    bookings, with their participant.
    """
    with transaction.atomic():
        locked = _target_lock(target)
        released = list(
            # of=("self",): the bookings only; people's rows are locked before targets'.
            Booking.objects.select_for_update(of=("self",))
            .filter(
                state=BookingState.CONFIRMED,
                attended_at__isnull=True,
                **Booking.target_filter(locked),
            )
            .select_related("participant")
            .order_by("id")
        )
        for booking in released:
            booking.state = BookingState.CANCELLED
            booking.cancelled_at = now
            booking.released_at = now
            booking.queued_at = None
        if released:
            Booking.objects.bulk_update(
                released, ["state", "cancelled_at", "released_at", "queued_at"]
            )
            locked.seats_taken -= len(released)
            locked.save(update_fields=["seats_taken"])
    return released


def seat_give_at_door(*, participant: Participant, target: Bookable, now: datetime) -> Booking:
    """A person present at the door of ``target`` takes a free seat, noted present.

    Their place on the waiting list, their released (or cancelled) booking, or a new one
    becomes a confirmed seat; a seat already held is only noted present. The caller holds
    the person's row lock (people first, then targets: the order of every operation).
    ``BookingError("no_seat_left")`` when every seat is taken: nothing changes.
    """
    with transaction.atomic():
        locked = _target_lock(target)
        booking = (
            Booking.objects.select_for_update()
            .filter(participant=participant, **Booking.target_filter(locked))
            .first()
        ) or Booking(participant=participant, **Booking.target_filter(locked))
        if booking.state != BookingState.CONFIRMED:
            if locked.is_full:
                raise BookingError("no_seat_left", name=locked, targets=[locked])
            _seat_take(booking=booking, target=locked, now=now)
            booking.released_at = None
        if booking.attended_at is None:
            booking.attended_at = now
        if booking.pk is None:
            booking.save()
        else:
            booking.save(
                update_fields=[
                    "state",
                    "confirmed_at",
                    "queued_at",
                    "cancelled_at",
                    "released_at",
                    "attended_at",
                ]
            )
    return booking
