"""Line charts as inline SVG, drawn on the server: no JavaScript library, readable with JS off (issue 12)."""

from dataclasses import dataclass
from datetime import date

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

    @classmethod
    def of(cls, title, series: list[tuple[date, int]]) -> "Chart":
        if not series:
            return cls(title=title, points="", first_day=None, last_day=None, low=0, high=0, latest=None)
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
        )
