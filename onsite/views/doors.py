"""The doors: who comes in, who is expected and who waits, the seats of people who did not
come released and given to people present — at each workshop, the conference and each stand
activity session with limited seats; each with its attendance list to print or download."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from participants.bookables import Bookable, kind_named, kind_of, time_range_label
from workshops.models import Workshop

from .. import selectors, services
from ..attendance_pdf import attendance_pdf, list_place, list_title
from ..services import OnsiteError
from .desk import ReceptionMixin, ScanMixin


class WorkshopIndexView(ReceptionMixin, TemplateView):
    """The doors of the day: the workshops, each with its list to print, then the conference
    and the stand activity sessions with limited seats."""

    template_name = "onsite/reception/workshops.html"

    def get_context_data(self, **kwargs):
        workshops = selectors.workshops_of_the_day(event=self.event)
        sessions = [
            (slug, selectors.session_figures(event=self.event, kind_field=field))
            for slug, field in SESSION_DOOR_KINDS.items()
        ]
        return super().get_context_data(workshops=workshops, sessions=sessions, **kwargs)


class WorkshopMixin:
    """The workshop in the URL, of the current edition (another edition's is a 404)."""

    def get_workshop(self) -> Workshop:
        if not hasattr(self, "_workshop"):
            self._workshop = get_object_or_404(
                Workshop.objects.select_related("space", "event"),
                pk=self.kwargs["pk"],
                event=self.event,
            )
        return self._workshop

    def get_target(self) -> Bookable:
        return self.get_workshop()

    def door_urls(self) -> dict[str, str]:
        pk = self.get_workshop().pk
        return {
            name: reverse(f"onsite:{view}", args=[pk])
            for name, view in [
                ("door", "door"),
                ("admit", "door_admit"),
                ("release", "door_release"),
                ("list", "attendance_list"),
                ("pdf", "attendance_pdf"),
            ]
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(workshop=self.get_workshop(), **kwargs)


# The doors of the other bookable kinds (participants.bookables): the path's word, the kind.
SESSION_DOOR_KINDS = {"conference": "timetable_item", "activites": "stand_activity"}


class SessionMixin:
    """A conference item or a stand activity session with limited seats, of the current
    edition, from the path (``/accueil/portes/<kind>/<pk>/``); anything else is a 404."""

    def get_target(self) -> Bookable:
        if not hasattr(self, "_target"):
            field = SESSION_DOOR_KINDS.get(self.kwargs["kind"])
            if field is None:
                raise Http404("No such kind of door.")
            self._target = get_object_or_404(
                kind_named(field).bookable_in(self.event), pk=self.kwargs["pk"]
            )
        return self._target

    def door_urls(self) -> dict[str, str]:
        args = [self.kwargs["kind"], self.get_target().pk]
        return {
            name: reverse(f"onsite:{view}", args=args)
            for name, view in [
                ("door", "session_door"),
                ("admit", "session_door_admit"),
                ("release", "session_door_release"),
                ("list", "session_attendance_list"),
                ("pdf", "session_attendance_pdf"),
            ]
        }

    def get_context_data(self, **kwargs):
        target = self.get_target()
        kind = kind_of(target)
        place = ", ".join(filter(None, [time_range_label(target), kind.place_label(target)]))
        return super().get_context_data(
            target=target, door_title=kind.display(target), door_place=place, **kwargs
        )


class DoorMixin(ScanMixin):
    """A door (``get_target``, ``door_urls``): scan or type a ticket code to note the person
    present; below, who is expected, who came and who waits. A person refused (on the
    waiting list, their seat released, nothing booked) is offered a seat when one is free
    ("Faire entrer")."""

    refusal: OnsiteError | None = None
    scanned_code = ""

    def record(self, code: str) -> services.ArrivalResult:
        self.scanned_code = code
        try:
            return services.door_attendance_mark(target=self.get_target(), ticket_code=code)
        except OnsiteError as error:
            self.refusal = error
            raise

    def get_context_data(self, **kwargs):
        target = self.get_target()
        door = selectors.door_lists(target=target)
        release_at = self.event.no_show_release_at(target.starts_at)
        release_due = release_at is not None and timezone.now() >= release_at
        refusal = self.refusal
        admit = None
        if refusal is not None and refusal.code in services.DOOR_ADMISSIBLE:
            admit = {"code": self.scanned_code, "name": refusal.params["name"]}
        return super().get_context_data(
            door=door,
            door_urls=self.door_urls(),
            release_at=release_at,
            release_due=release_due,
            can_release=release_due and bool(door.expected),
            admit=admit,
            **kwargs,
        )


class DoorAdmitMixin:
    """ "Faire entrer": seat a person present at the door (waiting, released, or a walk-in)
    in a free seat, noted present; the same result screen as a scan."""

    http_method_names = ["post"]

    def record(self, code: str) -> services.ArrivalResult:
        self.scanned_code = code
        return services.door_admit(target=self.get_target(), ticket_code=code)


class DoorReleaseMixin:
    """Staff release the seats of the people who have not arrived, from the release time;
    back to the door with what was done."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            released = services.no_shows_release(target=self.get_target())
        except OnsiteError as error:
            messages.error(request, error.message)
        else:
            if released:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s place libérée : la personne absente est prévenue.",
                        "%(count)s places libérées : les personnes absentes sont prévenues.",
                        len(released),
                    )
                    % {"count": len(released)},
                )
            else:
                messages.info(request, _("Aucune place à libérer : tout le monde est arrivé."))
        return redirect(self.door_urls()["door"])


class WorkshopDoorView(WorkshopMixin, DoorMixin, TemplateView):
    """A workshop's door."""

    template_name = "onsite/reception/door.html"
    result_template_name = "onsite/reception/door_result.html"


class WorkshopDoorAdmitView(DoorAdmitMixin, WorkshopDoorView):
    pass


class WorkshopNoShowsReleaseView(DoorReleaseMixin, WorkshopMixin, ReceptionMixin, View):
    pass


class SessionDoorView(SessionMixin, DoorMixin, TemplateView):
    """The door of the conference or of a stand activity session."""

    template_name = "onsite/reception/session_door.html"
    result_template_name = "onsite/reception/session_door_result.html"


class SessionDoorAdmitView(DoorAdmitMixin, SessionDoorView):
    pass


class SessionNoShowsReleaseView(DoorReleaseMixin, SessionMixin, ReceptionMixin, View):
    pass


class AttendanceListMixin:
    """The list to print at a door (émargement): the date, time and room or stand, seats by
    name with a box to tick and room to sign, then the queue in order."""

    template_name = "onsite/reception/attendance_list.html"

    def get_context_data(self, **kwargs):
        target = self.get_target()
        attendance = selectors.attendance_list(target=target)
        return super().get_context_data(
            list_target=target,
            list_title=list_title(target),
            list_place=list_place(target),
            list_urls=self.door_urls(),
            confirmed=attendance.confirmed,
            waiting=attendance.waiting,
            **kwargs,
        )


class AttendancePdfMixin:
    """The same list as an A4 PDF to download."""

    def get(self, request, *args, **kwargs):
        target = self.get_target()
        attendance = selectors.attendance_list(target=target)
        response = HttpResponse(
            attendance_pdf(target=target, event=self.event, attendance=attendance),
            content_type="application/pdf",
        )
        filename = f"emargement-{slugify(target.title)[:60]}-{target.pk}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class WorkshopAttendanceListView(WorkshopMixin, AttendanceListMixin, ReceptionMixin, TemplateView):
    """A workshop's list (``/accueil/ateliers/<pk>/liste/``)."""


class WorkshopAttendancePdfView(WorkshopMixin, AttendancePdfMixin, ReceptionMixin, View):
    pass


class SessionAttendanceListView(SessionMixin, AttendanceListMixin, ReceptionMixin, TemplateView):
    """The list of a conference item or an activity session."""


class SessionAttendancePdfView(SessionMixin, AttendancePdfMixin, ReceptionMixin, View):
    pass
