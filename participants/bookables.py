"""What a person can book: the one definition every other module uses.

A workshop, a conference item (a timetable item with limited seats), a stand activity
(VR headsets, role plays…) and an interview slot (a recruitment session's time with an
exhibitor) are *bookable kinds*. Each has its model (a ``LimitedSeatsModel``
of a lower app), a foreign key on ``Booking`` named ``field``, a field of the registration
form, and a few ways of being shown. ``Booking``'s foreign keys, constraints and indexes,
the services' locks and checks, the selectors' plan, the forms' choice lists, the admin and
the exports all loop over ``BOOKABLE_KINDS``: adding a kind (interview slots, say) is one
entry here plus its model, and ``makemigrations``.

This module imports only the models of the lower apps (never ``participants.models``, which
builds ``Booking`` from it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from events.models import Event, LimitedSeatsModel, Space, TimetableItem
from exhibitors.models import StandActivity
from recruitment.models import InterviewSlot
from workshops.models import Workshop


def time_range_label(target: LimitedSeatsModel) -> str:
    """ "14:00 – 15:30", local time; "" for something without times."""
    if not (target.starts_at and target.ends_at):
        return ""
    start = formats.time_format(timezone.localtime(target.starts_at))
    end = formats.time_format(timezone.localtime(target.ends_at))
    return f"{start}–{end}"


def _space_place(target) -> str:
    space = target.space
    return f"{space.name} ({space.get_floor_display()})" if space else ""


def _stand_place(activity: StandActivity) -> str:
    stand = activity.stand
    return f"{stand.organisation.name}, stand {stand.number} ({stand.get_floor_display()})"


def _interview_place(slot: InterviewSlot) -> str:
    """The room when the session has one, else the stand (as for activities)."""
    return _space_place(slot.session) or _stand_place(slot.session)


def _activity_heading(activity: StandActivity) -> str:
    stand = activity.stand
    return _("%(title)s — %(organisation)s, stand %(number)s (%(floor)s)") % {
        "title": activity.title,
        "organisation": stand.organisation.name,
        "number": stand.number,
        "floor": stand.get_floor_display(),
    }


@dataclass(frozen=True)
class BookableKind:
    """One kind of thing with limited seats a person can book."""

    field: str  # the foreign key on Booking, and the kind's name in code
    model: type[LimitedSeatsModel]
    label: Promise  # "atelier": the foreign key's verbose name, the admin's and exports' "type"
    form_field: str  # the registration form's checkbox list (a posted name: keep it stable)
    form_label: Promise  # that list's legend
    bookable_in: Callable[[Event], QuerySet]  # what can be booked in an edition, for the lists
    event_id: Callable[[LimitedSeatsModel], int]
    kind_label: Callable[[LimitedSeatsModel], str]  # "Atelier CV", "Casque de réalité virtuelle"
    place_label: Callable[[LimitedSeatsModel], str]  # where it happens, for a person's plan
    related: tuple[str, ...]  # what to select_related from a Booking to show it
    form_group: Callable[[LimitedSeatsModel], str] | None = None  # headings in the form's list
    # How the list shows each choice (fields/_bookable_choices.html): "time_slots" (grouped
    # under their time, the room beside the title), "sessions" (grouped under their title
    # and place, the time shown) or "plain" (title, then time and room).
    form_layout: str = "plain"
    form_help: Promise | str = ""
    # A kind whose items may be open to all (no capacity): those are not booked at all.
    unlimited_is_open_access: bool = False
    # Whether seats of people not arrived are released at the door after the edition's delay
    # (onsite.services.no_shows_release_due); interview slots: the recruiter notes absences.
    released_at_door: bool = True
    space: Callable[[LimitedSeatsModel], Space | None] = field(default=lambda target: None)
    # Whether the target is still offered at all (an interview slot cancelled, or of a
    # session unpublished, is not): booking one that is not is refused, checked again under
    # the target's lock.
    still_offered: Callable[[LimitedSeatsModel], bool] = field(default=lambda target: True)

    def display(self, target: LimitedSeatsModel) -> str:
        """The target as staff lists and exports name it (an activity or an interview slot
        with its exhibitor, a slot with its time too)."""
        if isinstance(target, StandActivity):
            return f"{target} ({target.stand.organisation.name})"
        if isinstance(target, InterviewSlot):
            return f"{target} {time_range_label(target)} ({target.stand.organisation.name})"
        return str(target)

    def is_bookable(self, target: LimitedSeatsModel) -> bool:
        return not (self.unlimited_is_open_access and target.capacity is None)


BOOKABLE_KINDS: tuple[BookableKind, ...] = (
    BookableKind(
        field="workshop",
        model=Workshop,
        label=_("atelier"),
        form_field="workshops",
        form_label=_("Les ateliers"),
        form_help=_(
            "Places limitées. Quand un atelier est complet, vous êtes inscrit·e sur sa liste "
            "d’attente et prévenu·e par courriel si une place se libère."
        ),
        form_group=time_range_label,
        form_layout="time_slots",
        bookable_in=lambda event: (
            Workshop.objects.filter(event=event)
            .select_related("space", "host_organisation")
            .order_by("starts_at", "title")
        ),
        event_id=lambda workshop: workshop.event_id,
        kind_label=lambda workshop: workshop.get_theme_display(),
        place_label=_space_place,
        space=lambda workshop: workshop.space,
        related=("workshop__space",),
    ),
    BookableKind(
        field="timetable_item",
        model=TimetableItem,
        label=_("conférence"),
        form_field="conference",
        form_label=_("La conférence"),
        unlimited_is_open_access=True,
        bookable_in=lambda event: (
            TimetableItem.objects.filter(event=event, capacity__isnull=False)
            .select_related("space")
            .order_by("starts_at", "title")
        ),
        event_id=lambda item: item.event_id,
        kind_label=lambda item: item.get_kind_display(),
        place_label=_space_place,
        space=lambda item: item.space,
        related=("timetable_item__space",),
    ),
    BookableKind(
        field="stand_activity",
        model=StandActivity,
        label=_("activité de stand"),
        form_field="activities",
        form_label=_("Les activités sur les stands"),
        form_group=_activity_heading,
        form_layout="sessions",
        unlimited_is_open_access=True,
        bookable_in=lambda event: (
            StandActivity.objects.filter(stand__event=event, capacity__isnull=False)
            .select_related("stand__organisation")
            .order_by("stand__number", "starts_at", "title")
        ),
        event_id=lambda activity: activity.stand.event_id,
        kind_label=lambda activity: activity.get_kind_display(),
        place_label=_stand_place,
        related=("stand_activity__stand__organisation",),
    ),
    BookableKind(
        field="interview_slot",
        model=InterviewSlot,
        label=_("entretien de recrutement"),
        form_field="interviews",
        form_label=_("Les entretiens de recrutement"),
        form_help=_(
            "Un entretien avec un recruteur, sur le stand ou dans une salle : un seul créneau "
            "par employeur. Apportez votre CV."
        ),
        form_group=lambda slot: _activity_heading(slot.session),
        form_layout="sessions",
        bookable_in=lambda event: (
            InterviewSlot.objects.filter(
                session__stand__event=event,
                session__is_published=True,
                session__invitation_only=False,
                cancelled_at__isnull=True,
            )
            .select_related("session__stand__organisation", "session__space")
            .order_by("session__stand__number", "session__starts_at", "session_id", "starts_at")
        ),
        event_id=lambda slot: slot.session.stand.event_id,
        kind_label=lambda slot: str(_("Entretien de recrutement")),
        place_label=_interview_place,
        space=lambda slot: slot.session.space,
        still_offered=lambda slot: slot.cancelled_at is None and slot.session.is_published,
        released_at_door=False,
        related=(
            "interview_slot__session__stand__organisation",
            "interview_slot__session__space",
        ),
    ),
)

_KIND_OF_MODEL = {kind.model: kind for kind in BOOKABLE_KINDS}

Bookable = Workshop | TimetableItem | StandActivity | InterviewSlot


def kind_of(target: models.Model) -> BookableKind:
    """The kind of ``target``; TypeError for something that cannot be booked."""
    try:
        return _KIND_OF_MODEL[type(target)]
    except KeyError:
        raise TypeError(f"Not bookable: {target!r}") from None


def kind_named(name: str) -> BookableKind:
    """The kind whose ``field`` is ``name``."""
    return next(kind for kind in BOOKABLE_KINDS if kind.field == name)


def booking_related() -> list[str]:
    """select_related() paths that show any booking's target without another query."""
    return [path for kind in BOOKABLE_KINDS for path in kind.related]


def lock_order(target: models.Model) -> tuple[str, int]:
    """Targets are always locked in this order, so two bookings never wait in a circle."""
    return (kind_of(target).field, target.pk)
