"""Inside a chart's box on a slide: the legend's rows, the category labels' column, the plot, which data labels
fit, how tables are laid out, and how many rows fit a slide at the minimum text size (the rest continues on
further slides). Shared by the PowerPoint file and the PDF handout."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .. import labels
from .measure import LINE, MIN_PT, Box, text_width, wrap
from .spec import ChartSpec, HeatTable, nice_step, value_axis

# --------------------------------------------------------------------------- inside a chart's box

LEGEND_ROW = MIN_PT * LINE + 6
AXIS_TITLE = MIN_PT * LINE + 6
TICK_ROW = MIN_PT * LINE + 10
LABEL_PAD = 10.0


def legend_grid(names: list[str], width: float, symbol: float = 26.0) -> tuple[int, list[float]]:
    """The legend as office programs lay it out at the chart's bottom: entries row by row in columns of equal
    width (the widest entry's, its symbol `symbol` wide), as many columns as fit `width`. Returns the rows and the
    columns' widths."""
    if not names:
        return 0, []
    entry = max(symbol + text_width(name, MIN_PT) + 18 for name in names)
    columns = max(1, min(len(names), int(width // entry)))
    return math.ceil(len(names) / columns), [entry] * columns


def legend_symbol(spec: ChartSpec) -> float:
    """Room for a legend entry's symbol: LibreOffice draws every symbol of a legend as wide as a line's where a
    line is among the entries (a reference line, line series), about 60 pt; else a small square."""
    return 66.0 if spec.references or spec.kind in ("line", "scatter") else 26.0


def legend_rows(names: list[str], width: float, symbol: float = 26.0) -> int:
    """Lines of text the legend takes: its rows, each as tall as its longest entry, where office programs break an
    entry wider than about a third of the chart onto further lines (LibreOffice does)."""
    rows = legend_grid(names, width, symbol)[0]
    if not rows:
        return 0
    longest = max(text_width(name, MIN_PT) for name in names)
    return rows * math.ceil(longest / (width / 3))


def legend_flow(names: list[str], width: float) -> list[list[int]]:
    """Entries of a legend drawn by the deck itself (dots charts), each as wide as it is, in rows over `width`."""
    rows: list[list[int]] = []
    used = 0.0
    for index, name in enumerate(names):
        entry = 26 + text_width(name, MIN_PT) + 18
        if not rows or used + entry > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += entry
    return rows


def legend_names(spec: ChartSpec) -> list[str]:
    """The legend's entries: the series where there are several (one series is named by the slide's subtitle and
    its data: "Kommunen"), then the reference lines."""
    if spec.kind == "table" and spec.table is not None:
        return list(spec.table.kind_names.values())
    named = len(spec.series) > 1 or spec.kind == "dots"
    names = [s.name for s in spec.series] if named else []
    return names + [r.name for r in spec.references]


def label_column(spec: ChartSpec, box: Box) -> tuple[float, list[list[str]]]:
    """Width of the category labels of a chart whose rows stand one below the other, and each label's lines."""
    limit = box.width * 0.4
    labels = spec.categories or []
    widest = max((text_width(part, MIN_PT) for label in labels for part in label.split("\n")), default=0.0)
    width = min(limit, widest + LABEL_PAD + SLACK)
    return width, [wrap(label, width - LABEL_PAD - SLACK, MIN_PT) for label in labels]


def lines_per_row(spec: ChartSpec, label_lines: int) -> int:
    """Lines of text a row needs: its label's, and one per bar where bars of several series stand side by side
    (each bar as thick as its data label is tall)."""
    side_by_side = spec.kind == "bar" and not spec.one_bar and len(spec.series) > 1
    return max(label_lines, len(spec.series) if side_by_side else 1)


def row_height(lines: int) -> float:
    return max(28.0, lines * MIN_PT * LINE + 10)


def plot_height(spec: ChartSpec, box: Box) -> float:
    """Height left for rows: the chart's box less its legend, axis labels and axis title."""
    return box.height - _legend_height(spec, box) - TICK_ROW - axis_titles(spec) - 8


def axis_titles(spec: ChartSpec) -> float:
    """Room for the value axis's title under a chart: LibreOffice sets the title of a horizontal bar chart's value
    axis on two lines where it likes, so such a chart keeps room for both."""
    if not spec.x_title:
        return 0.0
    return (2 if spec.horizontal and spec.kind != "dots" else 1) * AXIS_TITLE


CELL_PAD = 4.0  # left and right inside a value cell
SLACK = 8.0  # what office programs need beyond the measured text in a cell or label


LABEL_MIN = 0.22  # the row-label column gives way down to this share of the width where then all columns fit


def table_layout(spec: ChartSpec, box: Box) -> tuple[float, float, float]:
    """Width of the row-label column, width of a value column and the height of the header row. Value columns are
    as narrow as their numbers and headers allow (headers wrap between words; only words too long for any column
    are hyphenated); where all columns then fit beside a narrower label column (at least 22 % of the width), the
    labels give way, so that the table is split over slides by its rows only (goals × years: every year on each
    slide)."""
    assert spec.table is not None
    table = spec.table
    count = max(1, len(table.columns))
    widest = max((text_width(r, MIN_PT) for r in table.rows), default=40.0)
    label_width = min(box.width * 0.34, max(widest, text_width(table.row_title, MIN_PT, True)) + 2 * LABEL_PAD + SLACK)
    numbers = max((text_width(cell_text(spec, r, c), MIN_PT) for r, row in enumerate(table.values)
                   for c in range(len(row))), default=10.0)  # fmt: skip
    words = max((text_width(w, MIN_PT, True) for c in table.columns for w in c.split()), default=20.0)
    padding = 2 * CELL_PAD + SLACK + 1  # a point beyond the measured word: a header word fits its column whole
    column = max(numbers, min(words, 64.0)) + padding
    if box.width - label_width < column * count <= box.width * (1 - LABEL_MIN):
        label_width = box.width - column * count
    space = box.width - label_width
    if column * count < space:  # all columns fit: give them the room, up to their longest word
        column = min(space / count, max(column, words + padding))
    header = max((len(lines) for lines in header_lines(spec, column)), default=1)
    return label_width, column, header * MIN_PT * LINE + 10


def header_lines(spec: ChartSpec, column: float) -> list[list[str]]:
    assert spec.table is not None
    return [wrap(c, column - 2 * CELL_PAD - SLACK, MIN_PT, True) for c in spec.table.columns]


def table_row_lines(spec: ChartSpec, label_width: float) -> list[int]:
    assert spec.table is not None
    return [len(wrap(r, label_width - 2 * LABEL_PAD - SLACK, MIN_PT)) for r in spec.table.rows]


def table_row_height(lines: int) -> float:
    return lines * MIN_PT * LINE + 8


def table_bounds(spec: ChartSpec, box: Box) -> list[tuple[int, int]]:
    """Rows of a table per slide: as many as fit the box, each as tall as its label needs."""
    assert spec.table is not None
    label_width, _, header = table_layout(spec, box)
    room = box.height - header - (LEGEND_ROW + 6 if spec.table.kind_names else 0)
    bounds, start, used = [], 0, 0.0
    for index, lines in enumerate(table_row_lines(spec, label_width)):
        height_ = table_row_height(lines)
        if used + height_ > room and index > start:
            bounds.append((start, index))
            start, used = index, 0.0
        used += height_
    bounds.append((start, len(spec.table.rows)))
    return bounds


def capacity(spec: ChartSpec, box: Box) -> int:
    """Rows of a chart (dots, horizontal bars) that fit the box at the minimum text size."""
    if spec.rows:
        _, labels = label_column(spec, box)
        lines = lines_per_row(spec, max((len(label) for label in labels), default=1))
        return max(1, int(plot_height(spec, box) // row_height(lines)))
    return 10**6


def row_bounds(spec: ChartSpec, box: Box) -> list[tuple[int, int]]:
    if spec.kind == "table":
        return table_bounds(spec, box)
    rows, size = spec.rows, capacity(spec, box)
    if rows <= size:
        return [(0, rows)]
    parts = math.ceil(rows / size)
    even = math.ceil(rows / parts)  # even parts: 14 rows in 2 × 7, not 12 + 2
    return [(start, min(rows, start + even)) for start in range(0, rows, even)]


def table_columns_per_slide(spec: ChartSpec, box: Box) -> int:
    label_width, column, _ = table_layout(spec, box)
    return max(1, int((box.width - label_width + 0.5) // column))


# --------------------------------------------------------------------------- values and colours


def format_value(value: float, number_format: str) -> str:
    """A value as its data label shows it (German format; the number format's decimals and unit)."""
    decimals = len(number_format.split(".")[1].split('"')[0].rstrip("#")) if "." in number_format else 0
    text = labels.format_number(value, decimals)
    return f"{text} %" if '" %"' in number_format or number_format.endswith("%") else text


def cell_text(spec: ChartSpec, row: int, column: int) -> str:
    """A table cell's text: its own (a plain table) or its number ("" for none or zero)."""
    assert spec.table is not None
    if spec.table.texts is not None:
        return spec.table.texts[row][column]
    value = spec.table.values[row][column]
    return format_value(value, spec.number_format) if value else ""


def cell_colour(table: HeatTable, kind: str, value: float | None) -> str:
    """The colour of a table cell: its kind's scale from 0 to the table's largest value; white without value
    (and in a plain table)."""
    if value is None or table.texts is not None:
        return "#FFFFFF"
    low, high = table.scales.get(kind) or ["#f7fbff", "#08306b"]
    share = max(0.0, min(1.0, float(value) / (table.zmax or 1.0)))
    a = [int(low[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(high[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b))


@dataclass
class BarLayout:
    plot: Box  # the plot area without its axis labels
    labels: list[list[str]]  # each category's label lines (rows standing one below the other)
    show_label: list[list[bool]]  # per series and category: the data label fits


@dataclass
class XyLayout:
    plot: Box
    x_axis: tuple[float, float, float]


def _legend_height(spec: ChartSpec, box: Box) -> float:
    names = legend_names(spec)
    if spec.kind == "dots":
        lines = len(legend_flow(names, box.width))
    else:
        lines = legend_rows(names, box.width, legend_symbol(spec))
    return lines * LEGEND_ROW + (12 if lines else 0)


def _data_label_texts(spec: ChartSpec) -> list[list[str]]:
    """Each mark's data label ("" for none: no value, or a dots chart's mark that does not lead its row)."""
    texts = []
    for series in spec.series:
        own = series.labels or [None] * len(series.values)
        texts.append(
            [
                (label or format_value(v, spec.number_format))
                if v is not None and (spec.kind != "dots" or leads_row(spec, series, row))
                else ""
                for row, (v, label) in enumerate(zip(series.values, own))
            ]
        )
    return texts


MARK = 8.0  # a dots chart's mark, wide enough that a label beside it clears it


def dots_label_side(spec: ChartSpec, series: Any, row: int, plot: Box) -> str:
    """Where a dots chart's label stands: right of the mark, unless a range bar (it goes right) or another mark
    of the row (a target, the local population share) stands there; then left of it where that is free, else
    above."""
    low, high, _ = value_axis(spec)
    scale = plot.width / ((high - low) or 1)
    at = (float(series.values[row]) - low) * scale
    width = text_width(data_label(spec, series, row), MIN_PT) + 4
    others = [s.values[row] for s in spec.series if s is not series]
    marks = [(float(v) - low) * scale for v in others if v is not None]
    spread = series.error_plus[row] if series.error_plus else None
    if spread:
        marks.append(at + float(spread) * scale)  # the range bar's end: the bar itself lies right of the mark

    def free(start: float, end: float) -> bool:
        return not any(start - MARK / 2 < mark < end + MARK / 2 for mark in marks) and (not spread or end <= at)

    if free(at + MARK / 2, at + MARK / 2 + width):
        return "right"
    return "left" if at - MARK / 2 - width >= 0 and free(at - MARK / 2 - width, at - MARK / 2) else "above"


def data_label(spec: ChartSpec, series: Any, row: int) -> str:
    own = series.labels[row] if series.labels else None
    return own or format_value(series.values[row], spec.number_format)


def bar_layout(spec: ChartSpec, box: Box) -> BarLayout:
    """Where the plot sits inside the chart's box, the category labels' lines and which data labels fit."""
    low, high, _ = value_axis(spec)
    span = (high - low) or 1.0
    texts = _data_label_texts(spec)
    bottom = box.bottom - _legend_height(spec, box) - TICK_ROW - axis_titles(spec)
    stacked = spec.kind == "stacked_bar"
    if spec.horizontal:
        label_width, label_lines = label_column(spec, box)
        outside = 0.0 if stacked else max((text_width(t, MIN_PT) for row in texts for t in row), default=0.0)
        top = box.top + 4
        rows = max(1, len(spec.categories or []))
        tallest = lines_per_row(spec, max((len(lines) for lines in label_lines), default=1))
        plot_h = min(bottom - top, rows * row_height(tallest) * 1.6)
        plot = Box(box.left + label_width + 8, top, box.width - label_width - 8 - outside - 16, plot_h)
        if plot_h < bottom - top:  # the axis labels and legend follow the shorter plot
            plot = Box(plot.left, top, plot.width, plot_h)
        length = plot.width / span
        shown = [
            [
                bool(t) and (not stacked or (v or 0) * length >= text_width(t, MIN_PT) + 8)
                for v, t in zip(series.values, row)
            ]
            for series, row in zip(spec.series, texts)
        ]
        return BarLayout(plot, label_lines, shown)
    ticks = max(text_width(format_value(v, spec.number_format), MIN_PT) for v in (low, high))
    left = box.left + ticks + 10 + (AXIS_TITLE if spec.y_title else 0)
    plot = Box(left, box.top + MIN_PT * LINE + 10, box.right_edge() - left - 10, 0)
    plot.height = bottom - plot.top
    slot = plot.width / max(1, len(spec.categories or []))
    length = plot.height / span
    shown = [
        [
            bool(t) and text_width(t, MIN_PT) <= slot - 2 and (not stacked or (v or 0) * length >= MIN_PT * LINE + 2)
            for v, t in zip(series.values, row)
        ]
        for series, row in zip(spec.series, texts)
    ]
    return BarLayout(plot, [[c] for c in spec.categories or []], shown)


def leads_row(spec: ChartSpec, series: Any, row: int) -> bool:
    """A dots chart's mark whose label goes to its right: the row's first mark (the others' labels go above)."""
    return next((s for s in spec.series if s.values[row] is not None), None) is series


def reference_label_index(spec: ChartSpec, plot: Box, name: str) -> int:
    """The first category whose centre leaves room for a reference line's label centred above it (the last
    categories hold the largest bars and their labels)."""
    count = max(1, len(spec.categories or []))
    slot = plot.width / count
    half = text_width(name, MIN_PT) / 2
    for index in range(count):
        if index * slot + slot / 2 - half >= 0:
            return index
    return 0


def tick_width(spec: ChartSpec) -> float:
    low, high, _ = value_axis(spec)
    return max(text_width(format_value(v, spec.number_format), MIN_PT) for v in (low, high))


def right_margin(spec: ChartSpec) -> float:
    """Right of an XY plot: room for half the label of a line's last point (labelled above or below it)."""
    if spec.kind != "line":
        return 16.0
    widest = max((text_width(format_value(v, spec.number_format), MIN_PT) for s in spec.series
                  for v in s.values if v is not None), default=0.0)  # fmt: skip
    return max(16.0, widest / 2 + 6)


def xy_layout(spec: ChartSpec, box: Box) -> XyLayout:
    left = box.left + tick_width(spec) + 10 + (AXIS_TITLE if spec.y_title else 0)
    bottom = box.bottom - _legend_height(spec, box) - TICK_ROW - (AXIS_TITLE if spec.x_title else 0)
    plot = Box(left, box.top + 10, box.right_edge() - left - right_margin(spec), 0)
    plot.height = bottom - plot.top
    xs = [x for s in spec.series for x in s.x or [] if x is not None]
    x_low, x_high = spec.x_range
    x_low = x_low if x_low is not None else min(xs, default=0.0)
    x_high = x_high if x_high is not None else max(xs, default=1.0)
    step = spec.x_major_unit or nice_step(x_high - x_low)
    if spec.x_major_unit and spec.x_number_format == "0":  # years: every year a tick, no year outside the data
        x_low, x_high = math.floor(x_low), math.ceil(x_high)
    return XyLayout(plot, (float(x_low), float(x_high), float(step)))
