"""The staff's dashboard of the day: figures, bar charts drawn on the server as SVG, and the
table behind every chart. Read only; the figures come from ``participants.dashboard``."""

from dataclasses import dataclass

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from events.selectors import event_for_request

from ..dashboard import day_figures

VIEW_SITUATION = "participants.view_situation"
ROW_HEIGHT = 44  # px: a line of label, then the bar
BAR_OFFSET = 22
BAR_HEIGHT = 16


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float  # percentage of the chart's width
    y_text: int
    y_bar: int


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart; its ``key`` names the element ids of the page."""

    key: str
    title: str
    bars: list[Bar]
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT


def bar_chart(*, key: str, title: str, rows: list[tuple[str, int]], maximum=None) -> BarChart:
    """Bars scaled on ``maximum`` (default: the largest value); labels carry the value."""
    top = maximum or max((value for _label, value in rows), default=0) or 1
    return BarChart(
        key=key,
        title=title,
        bars=[
            Bar(
                label=label,
                value=value,
                width=round(min(value, top) * 100 / top, 1),
                y_text=index * ROW_HEIGHT + 16,
                y_bar=index * ROW_HEIGHT + BAR_OFFSET,
            )
            for index, (label, value) in enumerate(rows)
        ],
    )


class DashboardView(PermissionRequiredMixin, TemplateView):
    """Anonymous visitors go to the login page; signed-in users without the permission get
    a 403. The situation breakdown shows only to holders of ``view_situation``."""

    permission_required = "participants.view_dashboard"
    template_name = "participants/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = event_for_request(self.request)
        context["event"] = event
        if event is None:
            return context
        can_see_situation = self.request.user.has_perm(VIEW_SITUATION)
        figures = day_figures(event=event, with_situation=can_see_situation)
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
        workshops = [
            (row.workshop.title, row.fill_rate, _fill_label(row.fill_rate))
            for row in figures.workshops
        ]
        stands = [
            (f"{_stand_label(row.stand)} : {row.contacts}", row.contacts) for row in figures.stands
        ]
        charts = {
            "registrations": bar_chart(
                key="registrations",
                title=_("Inscriptions et arrivées"),
                rows=[(f"{label} : {value}", value) for label, value in counts],
            ),
            "workshops": bar_chart(
                key="workshops",
                title=_("Remplissage des ateliers"),
                rows=[(f"{title} : {text}", rate or 0) for title, rate, text in workshops],
                maximum=100,
            ),
            "stands": bar_chart(
                key="stands",
                title=_("Contacts notés aux stands"),
                rows=stands,
            ),
        }
        if figures.situations is not None:
            charts["situations"] = bar_chart(
                key="situations",
                title=_("Inscrit·es par situation"),
                rows=[
                    (f"{row.label} : {row.registered}", row.registered)
                    for row in figures.situations
                ],
            )
        return charts


def _fill_label(rate: int | None) -> str:
    return _("sans limite") if rate is None else f"{rate} %"


def _stand_label(stand) -> str:
    return _("Stand %(number)s, %(name)s") % {
        "number": stand.number,
        "name": stand.organisation.name,
    }
