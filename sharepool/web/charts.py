"""Line charts as inline SVG, drawn on the server: no JavaScript library, readable with JS off (issue 12).

`Chart.of` draws one series; `snapshot_charts` draws the four series every figures page shows (issue 14):
members, active members, hours served and exchanges, from any rows with a `day` and those figures (a
community's StatsSnapshot, or a street office's daily sums). Render them with the template include
"web/charts/snapshot_charts.html" (one chart: "web/charts/chart.html").
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

WIDTH, HEIGHT = 600, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 28


@dataclass(frozen=True)
class Chart:
    title: str
    points: str  # the polyline's "x,y x,y ..." in the SVG's own units
    first_day: date | None
    last_day: date | None
    low: int
    high: int
    latest: int | None
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom_y: int = HEIGHT - BOTTOM
    right_x: int = WIDTH - RIGHT
    top_y: int = TOP
    key: str = ""  # names the chart in the page (data-chart), for tests and styles

    @classmethod
    def of(cls, title, series: list[tuple[date, int]], key: str = "") -> "Chart":
        if not series:
            return cls(
                title=title, points="", first_day=None, last_day=None, low=0, high=0, latest=None, key=key
            )
        values = [value for _day, value in series]
        low, high = min(0, min(values)), max(values)
        span = (high - low) or 1
        days = (series[-1][0] - series[0][0]).days or 1
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
        coordinates = []
        for day, value in series:
            x = LEFT + plot_w * (day - series[0][0]).days / days
            y = TOP + plot_h * (1 - (value - low) / span)
            coordinates.append(f"{x:.1f},{y:.1f}")
        return cls(
            title=title,
            points=" ".join(coordinates),
            first_day=series[0][0],
            last_day=series[-1][0],
            low=low,
            high=high,
            latest=values[-1],
            key=key,
        )


def series(rows: Iterable, figure: str, divide_by: int = 1) -> list[tuple[date, int]]:
    """(day, value) of the rows that hold the figure: snapshots taken before a figure existed hold None."""
    return [(row.day, getattr(row, figure) // divide_by) for row in rows if getattr(row, figure) is not None]


def snapshot_charts(rows: Iterable, *, active_figure: str = "active_members_30_days") -> list[Chart]:
    """Members, active members, hours served and exchanges over time, oldest row first."""
    rows = list(rows)
    active_title = (
        _("Members active in the last 90 days")
        if active_figure == "active_members_90_days"
        else _("Members active in the last 30 days")
    )
    return [
        Chart.of(_("Members"), series(rows, "members"), key="members"),
        Chart.of(active_title, series(rows, active_figure), key="active_members"),
        Chart.of(_("Hours served"), series(rows, "minutes_served", 60), key="hours_served"),
        Chart.of(_("Exchanges"), series(rows, "exchanges"), key="exchanges"),
    ]
