"""Values on the slides of the charts without bars: the network's total at each year of a stacked area (one number
above the stack, not one per band) and each point of a line chart, beside its mark where nothing else stands.
Positions in points inside the plot; shared by the PowerPoint file and the PDF handout."""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import re
from dataclasses import dataclass

from . import chart_layout
from .chart_layout import format_value
from .measure import LINE, MIN_PT, Box, text_width
from .spec import ChartSpec, value_axis

GAP = 6.0  # between a mark (or the top of the stack) and its label
HEIGHT = MIN_PT * LINE
TOTAL_NAME = "Insgesamt"
SIDES = ("above", "below", "right", "left")


@dataclass
class Total:
    day: str  # ISO date: the 1 January of a year on the axis, or the last date
    value: float  # the total on that day
    anchor: float  # the label stands above this value: the highest stack under the label's width
    text: str


def area_totals(spec: ChartSpec, plot: Box) -> list[Total]:
    """The total of all series on 1 January of every year within the dates (where the axis has its ticks) and on
    the last date; a year's label that would touch the next one's is left out (the last date's is always kept)."""
    days = [dt.date.fromisoformat(d) for d in spec.categories or []]
    if not days:
        return []
    totals = [sum(float(s.values[i] or 0) for s in spec.series if i < len(s.values)) for i in range(len(days))]
    first, last = days[0].toordinal(), days[-1].toordinal()
    scale = plot.width / ((last - first) or 1)
    marks = [dt.date(year, 1, 1) for year in range(days[0].year + 1, days[-1].year + 1)]
    marks = [d for d in marks if d < days[-1]] + [days[-1]]
    chosen: list[Total] = []
    lefts: list[float] = []
    for day in reversed(marks):  # from the last date back: it keeps its label
        value = totals[bisect.bisect_right(days, day) - 1]
        text = format_value(value, spec.number_format)
        half = text_width(text, MIN_PT) / 2 + 2
        x = (day.toordinal() - first) * scale
        if lefts and x + half + GAP > lefts[-1]:
            continue
        xs = [(d.toordinal() - first) * scale for d in days]
        under = [t for i, t in enumerate(totals) if xs[i] <= x + half and (i + 1 == len(xs) or xs[i + 1] > x - half)]
        chosen.append(Total(day.isoformat(), value, max(under, default=value), text))
        lefts.append(x - half)
    return chosen[::-1]


@dataclass
class PointLabel:
    series: int
    point: int
    side: str  # one of SIDES
    box: Box  # the label's box inside the plot (points from the plot's top left)
    text: str


def line_labels(spec: ChartSpec, plot: Box, x_axis: tuple[float, float, float]) -> list[PointLabel]:
    """A label for every point of a line chart, above its mark where that is free of the lines (the series' and
    the reference lines), the other marks and labels, else below, right or left of it; the last point of every
    series is placed first. A point whose label fits nowhere inside the plot goes without."""
    low, high, step = value_axis(spec)
    x_low, x_high, _ = x_axis
    x_scale = plot.width / ((x_high - x_low) or 1)
    y_scale = plot.height / ((high - low) or 1)
    points = [
        [
            ((float(x) - x_low) * x_scale, plot.height - (float(y) - low) * y_scale) if x is not None and y is not None
            else None
            for x, y in zip(series.x or [], series.values)
        ]
        for series in spec.series
    ]  # fmt: skip
    segments = [
        (a, b) for series, marks in zip(spec.series, points) if series.lines
        for a, b in itertools.pairwise(marks) if a is not None and b is not None
    ]  # fmt: skip
    for reference in spec.references:
        y = plot.height - (reference.value - low) * y_scale
        segments.append(((0.0, y), (plot.width, y)))
    centres = [p for marks in points for p in marks if p is not None]
    ticks = []  # the value axis's labels left of the plot (none at 0: the first year's label stands there)
    tick = low + step
    while tick <= high + 1e-9:
        width = text_width(format_value(tick, re.sub(r"0\.0+", "0", spec.number_format)), MIN_PT)
        ticks.append(Box(-8 - width, plot.height - (tick - low) * y_scale - HEIGHT / 2, width, HEIGHT))
        tick += step
    room = (-(chart_layout.tick_width(spec) + 10), plot.width + chart_layout.right_margin(spec))
    order = [(s, len(marks) - 1) for s, marks in enumerate(points) if marks]
    order += [(s, i) for s, marks in enumerate(points) for i in range(len(marks) - 1)]
    placed: list[PointLabel] = []
    for s, i in order:
        centre = points[s][i]
        if centre is None:
            continue
        text = format_value(float(spec.series[s].values[i] or 0), spec.number_format)
        for side in SIDES:
            box = _box(centre, text_width(text, MIN_PT) + 4, side)
            if _free(box, plot.height, room, segments, centres, [*ticks, *(p.box for p in placed)]):
                placed.append(PointLabel(s, i, side, box, text))
                break
    return sorted(placed, key=lambda label: (label.series, label.point))


def _box(centre: tuple[float, float], width: float, side: str) -> Box:
    x, y = centre
    if side == "above":
        return Box(x - width / 2, y - GAP - HEIGHT, width, HEIGHT)
    if side == "below":
        return Box(x - width / 2, y + GAP, width, HEIGHT)
    if side == "right":
        return Box(x + GAP, y - HEIGHT / 2, width, HEIGHT)
    return Box(x - GAP - width, y - HEIGHT / 2, width, HEIGHT)


def _free(
    box: Box,
    height: float,
    room: tuple[float, float],
    segments: list[tuple[tuple[float, float], tuple[float, float]]],
    centres: list[tuple[float, float]],
    others: list[Box],
) -> bool:
    """The label's box stands within the chart (left and right of the plot only where the axis's labels leave
    room) and clear of the lines, the marks and the other labels."""
    if box.left < room[0] or box.top < -8 or box.left + box.width > room[1] or box.top + box.height > height:
        return False
    pad = 2.0

    def inside(x: float, y: float, margin: float) -> bool:
        return (
            box.left - margin <= x <= box.left + box.width + margin
            and box.top - margin <= y <= box.top + box.height + margin
        )

    if any(inside(x, y, 4.5) for x, y in centres):  # a mark (9 pt wide)
        return False
    for (x1, y1), (x2, y2) in segments:
        steps = max(2, int(math.hypot(x2 - x1, y2 - y1) // 3))
        if any(inside(x1 + (x2 - x1) * t / steps, y1 + (y2 - y1) * t / steps, pad) for t in range(steps + 1)):
            return False
    return not any(
        box.left < o.left + o.width + pad
        and o.left < box.left + box.width + pad
        and box.top < o.top + o.height + pad
        and o.top < box.top + box.height + pad
        for o in others
    )
