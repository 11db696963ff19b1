"""Chart geometry for server-side SVG: pure Python, no ORM, no JavaScript.

A chart is computed here (positions in the SVG's own units) and drawn by the templates in
templates/organisers/charts/, which also print the same numbers as a table. Labels
arrive translated; numbers are formatted by the templates in the active language.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

WIDTH = 720  # the viewBox width; the SVG scales to its container
BAR_HEIGHT = 18
BAR_GAP = 8
TOP = 28  # room for the axis labels
CHAR_WIDTH = 6.8  # average width of a 12px label character, to shorten what does not fit


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    css: str  # a class of static/organisers/organisers.css that sets the colour


@dataclass(frozen=True)
class Segment:
    series: Series
    value: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    total: int
    y: float
    segments: list[Segment]
    values: list[int]  # one per series, in series order (the table's row)
    end: float  # where the bar ends: its total is written after it

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT * 0.72


@dataclass(frozen=True)
class Tick:
    value: int
    x: float


@dataclass
class BarChart:
    """Horizontal bars, stacked when there is more than one series."""

    id: str
    title: str
    description: str
    row_header: str
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    label_width: int = 230
    width: int = WIDTH

    @property
    def height(self) -> int:
        return TOP + len(self.bars) * (BAR_HEIGHT + BAR_GAP) + 4

    @property
    def plot_left(self) -> int:
        return self.label_width + 8

    @property
    def plot_width(self) -> int:
        return self.width - self.plot_left - 48  # room for the total after the bar

    @property
    def axis_bottom(self) -> int:
        return self.height - 2

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def empty(self) -> bool:
        return not any(bar.total for bar in self.bars)

    @property
    def column_totals(self) -> list[int]:
        return [sum(bar.values[i] for bar in self.bars) for i in range(len(self.series))]

    @property
    def grand_total(self) -> int:
        return sum(bar.total for bar in self.bars)


# (multiple of the power of ten that ends the axis, step as a fraction of that power)
SCALES = ((1, 0.2), (2, 0.5), (3, 1), (4, 1), (5, 1), (6, 2), (8, 2), (10, 2))


def nice_scale(value: int) -> tuple[int, int]:
    """The axis end and tick step: the smallest 1, 2, 3, 4, 5, 6 or 8 × 10^k at or above the
    value (at least 1), in four to six whole steps where the numbers allow."""
    if value <= 1:
        return 1, 1
    power = 10 ** math.floor(math.log10(value))
    for multiple, step in SCALES:
        if multiple * power >= value:
            return multiple * power, max(1, round(step * power))
    raise AssertionError("unreachable: 10 × 10^k is always large enough")  # pragma: no cover


def ticks_for(maximum: int, *, left: float, width: float) -> list[Tick]:
    top, step = nice_scale(maximum)
    return [Tick(v, round(left + width * v / top, 1)) for v in range(0, top + 1, step)]


def shorten(label: str, limit: int) -> str:
    """Labels too long for the chart end in an ellipsis (the table has them in full)."""
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    row_header: str,
    series: Sequence[Series],
    rows: Sequence[tuple[str, Sequence[int]]],
    label_width: int = 230,
) -> BarChart:
    """rows: (label, one value per series). Bars keep the order given."""
    chart = BarChart(id, title, description, row_header, list(series), label_width=label_width)
    largest = max((sum(values) for _label, values in rows), default=0)
    top, _step = nice_scale(largest)
    scale = chart.plot_width / top
    for index, (label, values) in enumerate(rows):
        y = TOP + index * (BAR_HEIGHT + BAR_GAP)
        x = float(chart.plot_left)
        segments = []
        for one, value in zip(chart.series, values, strict=True):
            if value:
                segments.append(Segment(one, value, round(x, 1), round(value * scale, 1)))
                x += value * scale
        short = shorten(label, int(label_width / CHAR_WIDTH))
        bar = Bar(label, short, sum(values), y, segments, list(values), round(x, 1))
        chart.bars.append(bar)
    chart.ticks = ticks_for(largest, left=chart.plot_left, width=chart.plot_width)
    return chart


# --- Columns per day -------------------------------------------------------------------------

COLUMN_AREA = 200  # height of the plot
COLUMN_TOP = 16
COLUMN_LEFT = 44


@dataclass(frozen=True)
class Column:
    day: date
    value: int
    cumulative: int
    x: float
    y: float
    width: float
    height: float
    label: str = ""  # a date under the axis, on every few columns


@dataclass
class ColumnChart:
    id: str
    title: str
    description: str
    columns: list[Column] = field(default_factory=list)
    ticks: list[tuple[int, float]] = field(default_factory=list)  # (value, y)
    width: int = WIDTH

    @property
    def baseline(self) -> int:
        return COLUMN_TOP + COLUMN_AREA

    @property
    def height(self) -> int:
        return self.baseline + 40

    @property
    def left(self) -> int:
        return COLUMN_LEFT

    @property
    def right(self) -> int:
        return self.width - 8

    @property
    def empty(self) -> bool:
        return not any(c.value for c in self.columns)

    @property
    def total(self) -> int:
        return self.columns[-1].cumulative if self.columns else 0

    @property
    def busiest(self) -> Column | None:
        return max(self.columns, key=lambda c: c.value, default=None)


def column_chart(
    *,
    id: str,
    title: str,
    description: str,
    days: Sequence[date],
    counts: dict[date, int],
    label_format,
) -> ColumnChart:
    """One column per day of `days` (every day, zero or not); `label_format(day)` writes the
    date under the axis on about eight evenly spaced columns."""
    chart = ColumnChart(id, title, description)
    top, step = nice_scale(max(counts.values(), default=0))
    slot = (chart.right - chart.left) / max(len(days), 1)
    every = max(1, math.ceil(len(days) / 8))
    running = 0
    for index, day in enumerate(days):
        value = counts.get(day, 0)
        running += value
        height = COLUMN_AREA * value / top
        chart.columns.append(
            Column(
                day=day,
                value=value,
                cumulative=running,
                x=round(chart.left + index * slot + slot * 0.1, 2),
                y=round(chart.baseline - height, 2),
                width=round(slot * 0.8, 2),
                height=round(height, 2),
                label=label_format(day) if index % every == 0 else "",
            )
        )
    chart.ticks = [
        (v, round(chart.baseline - COLUMN_AREA * v / top, 1)) for v in range(0, top + 1, step)
    ]
    return chart
