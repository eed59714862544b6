"""The staff's dashboard of the day and its export."""

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from events.selectors import event_for_request
from innov_insertion.web import PrivatePageMixin
from participants.bookables import time_range_label

from .. import selectors
from ..charts import BarChart, bar_chart
from ..permissions import VIEW_ACCESS_NEEDS, VIEW_SITUATION, can_see_access_needs, stand_label
from ..resources import EXPORT_FORMATS, day_figures_export

# --- The staff's dashboard ---------------------------------------------------------------


class DashboardView(PrivatePageMixin, PermissionRequiredMixin, TemplateView):
    """Figures, bar charts drawn on the server as SVG, and the table behind every chart;
    read only. Anonymous visitors go to the login page; signed-in users without the
    permission get a 403. The situation breakdown shows only to holders of
    ``view_situation``, the counts per access need only to those who may see access needs
    (``can_see_access_needs``)."""

    permission_required = "participants.view_dashboard"
    template_name = "onsite/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = event_for_request(self.request)
        context["event"] = event
        if event is None:
            return context
        can_see_situation = self.request.user.has_perm(VIEW_SITUATION)
        figures = selectors.day_figures(
            event=event,
            with_situation=can_see_situation,
            with_access_needs=can_see_access_needs(self.request.user),
        )
        context["figures"] = figures
        context["charts"] = self._charts(figures)
        return context

    def _charts(self, figures) -> dict[str, BarChart]:
        registrations = figures.registrations
        counts = [
            (_("Inscrit·es"), registrations.registered),
            (_("Arrivé·es"), registrations.checked_in),
            (_("Inscrit·es sur place"), registrations.walk_ins),
            (_("Inscrit·es par un conseiller"), registrations.on_behalf),
            (_("Inscriptions annulées"), registrations.cancelled),
        ]
        stands = [
            (_figure(stand_label(row.stand), row.contacts), row.contacts) for row in figures.stands
        ]
        charts = {
            "registrations": bar_chart(
                key="registrations",
                title=_("Inscriptions et arrivées"),
                rows=[(_figure(label, value), value) for label, value in counts],
            ),
            "workshops": _fill_chart("workshops", _("Remplissage des ateliers"), figures.workshops),
            "conference": _fill_chart(
                "conference", _("Remplissage de la conférence"), figures.conference
            ),
            "activities": _fill_chart(
                "activities", _("Remplissage des activités sur les stands"), figures.activities
            ),
            "interviews": bar_chart(
                key="interviews",
                title=_("Remplissage des entretiens de recrutement"),
                rows=[
                    (
                        # No places: every slot of the exhibitor was cancelled.
                        f"{_fill_label(row.fill_rate) if row.places else _('aucun créneau')} — "
                        + row.stand.organisation.name,
                        row.fill_rate or 0,
                    )
                    for row in figures.interviews
                ],
                maximum=100,
            ),
            "arrivals": bar_chart(
                key="arrivals",
                title=_("Arrivées par demi-heure"),
                rows=[
                    (_figure(slot.label, slot.arrivals), slot.arrivals) for slot in figures.arrivals
                ],
            ),
            "stands": bar_chart(
                key="stands",
                title=_("Contacts notés aux stands"),
                rows=stands,
            ),
        }
        if figures.access_needs is not None:
            charts["access_needs"] = bar_chart(
                key="access-needs",
                title=_("Inscrit·es par besoin d’accessibilité"),
                rows=[
                    (_figure(row.label, row.registered), row.registered)
                    for row in figures.access_needs
                ],
            )
        if figures.situations is not None:
            charts["situations"] = bar_chart(
                key="situations",
                title=_("Inscrit·es par situation"),
                rows=[
                    (_figure(row.label, row.registered), row.registered)
                    for row in figures.situations
                ],
            )
        return charts


def _figure(label, value) -> str:
    """A chart bar's label: "Inscrit·es : 12" in French, "Registered: 12" in English."""
    return _("%(label)s : %(value)s") % {"label": label, "value": value}


def _fill_label(rate: int | None) -> str:
    return _("sans limite") if rate is None else f"{rate} %"


def _fill_chart(key: str, title: str, rows: list[selectors.SessionFigures]) -> BarChart:
    """Seats taken, in percent, of each workshop or session, with its time."""
    return bar_chart(
        key=key,
        title=title,
        rows=[
            (
                # The figure first: a long title is cut at the chart's edge on a phone.
                f"{_fill_label(row.fill_rate)} — "
                + " ".join(filter(None, [time_range_label(row.target), row.label])),
                row.fill_rate or 0,
            )
            for row in rows
        ],
        maximum=100,
    )


class DashboardExportView(PrivatePageMixin, PermissionRequiredMixin, View):
    """The dashboard's figures as a spreadsheet (``format``: "csv" or "xlsx"), for the same
    people and with the same limits: situations with ``view_situation``; the counts per
    access need only with ``view_access_needs`` (exports of needs are for Administration)."""

    permission_required = "participants.view_dashboard"

    def get(self, request, *args, **kwargs):
        event = event_for_request(request)
        if event is None or kwargs["format"] not in EXPORT_FORMATS:
            raise Http404("No published edition, or no such format.")
        figures = selectors.day_figures(
            event=event,
            with_situation=request.user.has_perm(VIEW_SITUATION),
            with_access_needs=request.user.has_perm(VIEW_ACCESS_NEEDS),
        )
        export = day_figures_export(figures=figures, file_format=kwargs["format"])
        response = HttpResponse(export.content, content_type=export.content_type)
        filename = f"tableau-de-bord-{timezone.localdate():%Y-%m-%d}.{kwargs['format']}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
