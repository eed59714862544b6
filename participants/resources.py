"""Exports of the registrations (CSV, XLSX) for the staff; nothing is imported.

The person's situation and access needs are sensitive: only the resources named "with the
situation" or "with the access needs" have those columns, and the admin hands them only to
staff holding ``participants.view_situation`` or ``participants.view_access_needs``
(``participant_resource_class``).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from import_export.fields import Field
from import_export.widgets import DateTimeWidget

from innov_insertion.exports import SpreadsheetResource

from .bookables import booking_related
from .enums import AccessNeedKind, BookingState
from .models import Booking, Participant


def _titles(participant: Participant, *, state: str, workshops: bool | None = None) -> str:
    """Titles of the person's bookings in ``state`` (uses the prefetched bookings)."""
    return "; ".join(
        str(booking.target)
        for booking in participant.bookings.all()
        if booking.state == state
        and (workshops is None or workshops == (booking.kind.field == "workshop"))
    )


COLUMNS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "town",
    "heard_from",
    "referrer_name",
    "referrer_organisation",
    "state",
    "created_at",
    "workshops",
    "other_bookings",
    "waiting",
)


class ParticipantResource(SpreadsheetResource):
    """One row per person, with French headers; their choices as lists of titles."""

    first_name = Field(attribute="first_name", column_name=_("prénom"))
    last_name = Field(attribute="last_name", column_name=_("nom"))
    email = Field(attribute="email", column_name=_("courriel"))
    phone = Field(attribute="phone", column_name=_("téléphone"))
    town = Field(attribute="town", column_name=_("commune"))
    heard_from = Field(column_name=_("connu par"))
    referrer_name = Field(attribute="referrer_name", column_name=_("inscrit·e par"))
    referrer_organisation = Field(attribute="referrer_organisation", column_name=_("structure"))
    state = Field(column_name=_("état"))
    created_at = Field(
        attribute="created_at",
        column_name=_("inscrit·e le"),
        widget=DateTimeWidget(format="%d/%m/%Y %H:%M"),
    )
    workshops = Field(column_name=_("ateliers"))
    other_bookings = Field(column_name=_("conférence et activités"))
    waiting = Field(column_name=_("liste d’attente"))

    class Meta:
        model = Participant
        name = _("Participant·es")
        fields = COLUMNS

    def filter_export(self, queryset, **kwargs):
        # Every row lists titles of its bookings: fetch them all in one query.
        return queryset.prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.active().select_related(*booking_related()),
            )
        )

    def dehydrate_heard_from(self, participant):
        return participant.get_heard_from_display()

    def dehydrate_state(self, participant):
        return participant.get_state_display()

    def dehydrate_workshops(self, participant):
        return _titles(participant, state=BookingState.CONFIRMED, workshops=True)

    def dehydrate_other_bookings(self, participant):
        return _titles(participant, state=BookingState.CONFIRMED, workshops=False)

    def dehydrate_waiting(self, participant):
        return _titles(participant, state=BookingState.WAITING)


class ParticipantWithSituationResource(ParticipantResource):
    """The same export with the person's situation, for staff allowed to see it."""

    situation = Field(column_name=_("situation"))

    class Meta:
        model = Participant
        name = _("Participant·es, avec la situation")
        fields = (*COLUMNS[:5], "situation", *COLUMNS[5:])

    def dehydrate_situation(self, participant):
        return participant.get_situation_display()


class AccessNeedsColumn(SpreadsheetResource):
    """The access-needs column (the needs ticked, then « Autre : » and the text written),
    for resources of participants; their needs fetched in one query. (A resource itself:
    import-export collects declared columns from resource classes only.)"""

    access_needs = Field(column_name=_("besoins d’accessibilité"))

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).prefetch_related("access_needs")

    def dehydrate_access_needs(self, participant):
        held = {need.kind for need in participant.access_needs.all()}
        needs = [str(label) for kind, label in AccessNeedKind.choices if kind in held]
        if participant.access_needs_other:
            needs.append(_("Autre : %(text)s") % {"text": participant.access_needs_other})
        return "; ".join(needs)


def _with_access_needs(columns: tuple[str, ...]) -> tuple[str, ...]:
    at = columns.index("heard_from") + 1
    return (*columns[:at], "access_needs", *columns[at:])


class ParticipantWithAccessNeedsResource(AccessNeedsColumn, ParticipantResource):
    """The export with the access needs, for staff holding ``view_access_needs``."""

    class Meta:
        model = Participant
        name = _("Participant·es, avec les besoins d’accessibilité")
        fields = _with_access_needs(COLUMNS)


class ParticipantWithSituationAndAccessNeedsResource(
    AccessNeedsColumn, ParticipantWithSituationResource
):
    """The export with the situation and the access needs."""

    class Meta:
        model = Participant
        name = _("Participant·es, avec la situation et les besoins d’accessibilité")
        fields = _with_access_needs(ParticipantWithSituationResource.Meta.fields)


def participant_resource_class(*, with_situation: bool, with_access_needs: bool) -> type:
    """The one export of participants a member of staff may take: sensitive columns only
    with their permission, and no trace of them otherwise."""
    return {
        (False, False): ParticipantResource,
        (True, False): ParticipantWithSituationResource,
        (False, True): ParticipantWithAccessNeedsResource,
        (True, True): ParticipantWithSituationAndAccessNeedsResource,
    }[(with_situation, with_access_needs)]


# --- Attendance (the day itself) -------------------------------------------------------------

ATTENDANCE_COLUMNS = (
    "first_name",
    "last_name",
    "kind",
    "target",
    "state",
    "attended",
    "attended_at",
)


class AttendanceResource(SpreadsheetResource):
    """One row per booking: who, for what, in which state, and whether they came."""

    first_name = Field(column_name=_("prénom"))
    last_name = Field(column_name=_("nom"))
    kind = Field(column_name=_("type"))
    target = Field(column_name=_("pour"))
    state = Field(column_name=_("état"))
    attended = Field(column_name=_("présent·e"))
    attended_at = Field(
        attribute="attended_at",
        column_name=_("présence notée le"),
        widget=DateTimeWidget(format="%d/%m/%Y %H:%M"),
    )

    class Meta:
        model = Booking
        name = _("Présences")
        fields = ATTENDANCE_COLUMNS

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("participant", *booking_related())

    def dehydrate_first_name(self, booking):
        return booking.participant.first_name

    def dehydrate_last_name(self, booking):
        return booking.participant.last_name

    def dehydrate_kind(self, booking):
        return str(booking.kind.label).capitalize()

    def dehydrate_target(self, booking):
        return booking.kind.display(booking.target)

    def dehydrate_state(self, booking):
        return booking.get_state_display()

    def dehydrate_attended(self, booking):
        return str(_("oui") if booking.attended_at else _("non"))


class AttendanceWithSituationResource(AttendanceResource):
    """The same export with the person's situation, for staff allowed to see it."""

    situation = Field(column_name=_("situation"))

    class Meta:
        model = Booking
        name = _("Présences, avec la situation")
        fields = (*ATTENDANCE_COLUMNS[:2], "situation", *ATTENDANCE_COLUMNS[2:])

    def dehydrate_situation(self, booking):
        return booking.participant.get_situation_display()
