"""Horizontal bar charts for the dashboard, drawn on the server as SVG (no JavaScript):
the geometry here, the drawing in ``onsite/dashboard/_bar_chart.html``."""

from dataclasses import dataclass

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
