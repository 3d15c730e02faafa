"""The charts and tables of the PDF handout, drawn with fpdf2 from the same specification and the same layout
(ikoe_data.deck.frame) as the native PowerPoint charts: the same axes, labels, legends and text sizes."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from . import chart_layout, measure, value_labels
from .measure import LINE, MIN_PT, Box
from .pptx_charts import dark, tint
from .spec import ChartSpec, Series, value_axis

TEXT, GRID_RGB, AXIS = "#222222", "#D9D9D9", "#888888"
DASHES = {"dot": (1.5, 3.0), "dash": (6.0, 4.0), "dashdot": (6.0, 3.0), "longdash": (10.0, 4.0)}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def text(pdf: Any, x: float, top: float, value: str, size: float = MIN_PT, *, bold: bool = False,
         colour: str = TEXT, align: str = "L") -> None:  # fmt: skip
    """One line of text whose box's top is `top` (left, centred or right of x)."""
    pdf.set_font("Sans", "B" if bold else "", size)
    pdf.set_text_color(*_rgb(colour))
    width = pdf.get_string_width(value)
    left = x - width if align == "R" else x - width / 2 if align == "C" else x
    pdf.text(left, top + size * 0.945, value)


def _line(pdf: Any, x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1.0,
          dash: str | None = None) -> None:  # fmt: skip
    pdf.set_draw_color(*_rgb(colour))
    pdf.set_line_width(width)
    if dash in DASHES:
        pdf.set_dash_pattern(*DASHES[dash])
    pdf.line(x1, y1, x2, y2)
    pdf.set_dash_pattern()


def _bar(pdf: Any, x: float, y: float, w: float, h: float, series: Series) -> None:
    if w <= 0 or h <= 0:
        return
    if series.pattern:
        pdf.set_fill_color(*_rgb(tint(series.colour, 0.82)))
        pdf.rect(x, y, w, h, style="F")
        with pdf.rect_clip(x, y, w, h):
            pdf.set_draw_color(*_rgb(series.colour))
            pdf.set_line_width(0.8)
            if series.pattern == "diagonal":
                for offset in range(int(-h) - 8, int(w) + 8, 7):
                    pdf.line(x + offset, y + h, x + offset + h, y)
            else:
                pdf.set_fill_color(*_rgb(series.colour))
                for gx in range(0, int(w) + 6, 6):
                    for gy in range(0, int(h) + 6, 6):
                        pdf.circle(x + gx + 3, y + gy + 3, 0.9, style="F")
    else:
        pdf.set_fill_color(*_rgb(series.colour))
        pdf.rect(x, y, w, h, style="F")
    pdf.set_draw_color(*_rgb(series.colour))
    pdf.set_line_width(1)
    pdf.rect(x, y, w, h, style="D")


def _marker(pdf: Any, x: float, y: float, series: Series, hollow: bool = False) -> None:
    r = 4.5
    pdf.set_draw_color(*_rgb(series.colour))
    pdf.set_fill_color(*_rgb(series.colour))
    pdf.set_line_width(1.6)
    style = "D" if hollow else "DF"
    if series.marker == "none":
        return
    if series.marker == "diamond":
        pdf.polygon([(x, y - r * 1.3), (x + r * 1.3, y), (x, y + r * 1.3), (x - r * 1.3, y)], style=style)
    elif series.marker == "square":
        pdf.rect(x - r, y - r, 2 * r, 2 * r, style=style)
    elif series.marker == "triangle":
        pdf.polygon([(x, y - r * 1.2), (x + r * 1.2, y + r), (x - r * 1.2, y + r)], style=style)
    elif series.marker in ("cross", "x", "star"):
        pdf.line(x - r, y - r, x + r, y + r)
        pdf.line(x - r, y + r, x + r, y - r)
    else:
        pdf.circle(x, y, r, style=style)


def _value_ticks(spec: ChartSpec) -> list[float]:
    low, high, step = value_axis(spec)
    count = round((high - low) / step)
    return [low + i * step for i in range(count + 1)]


def _tick_text(value: float, spec: ChartSpec) -> str:
    whole = spec.number_format.split(".")[0] + ('" %"' if '" %"' in spec.number_format else "")
    return chart_layout.format_value(value, whole)


def _legend(pdf: Any, spec: ChartSpec, box: Box) -> None:
    """The legend in the grid chart_layout.legend_grid lays out at the bottom of the chart's box."""
    names = chart_layout.legend_names(spec)
    if not names:
        return
    entries: list[tuple[str, Any]] = [(s.name, s) for s in spec.series] if len(names) > len(spec.references) else []
    entries += [(r.name, r) for r in spec.references]
    if spec.kind == "dots":
        flow = chart_layout.legend_flow(names, box.width)
        places = {}
        for row, indices in enumerate(flow):
            x = box.left
            for index in indices:
                places[index] = (row, x)
                x += 26 + measure.text_width(names[index], MIN_PT) + 18
        rows = len(flow)
    else:
        rows, widths = chart_layout.legend_grid(names, box.width, chart_layout.legend_symbol(spec))
        places = {i: (i // len(widths), box.left + widths[0] * (i % len(widths))) for i in range(len(entries))}
    for index, (name, item) in enumerate(entries):
        row, x = places[index]
        top = box.bottom - rows * chart_layout.LEGEND_ROW + row * chart_layout.LEGEND_ROW + 3
        middle = top + MIN_PT * LINE / 2
        if isinstance(item, Series):
            if spec.kind in ("line", "scatter", "dots"):
                if item.lines:
                    _line(pdf, x, middle, x + 20, middle, item.colour, 2.5, item.dash)
                _marker(pdf, x + 10, middle, item)
            else:
                _bar(pdf, x + 2, middle - 6, 16, 12, item)
        else:
            _line(pdf, x, middle, x + 20, middle, item.colour, 2, item.dash)
        text(pdf, x + 26, top, name)


def draw_chart(pdf: Any, spec: ChartSpec, box: Box) -> None:
    if spec.kind in ("bar", "stacked_bar"):
        _bars(pdf, spec, box)
    elif spec.kind == "dots":
        _dots(pdf, spec, box)
    elif spec.kind == "table":
        _table(pdf, spec, box)
    else:
        _xy(pdf, spec, box)
    if spec.kind != "table":
        _legend(pdf, spec, box)


def _value_grid(pdf: Any, spec: ChartSpec, plot: Box, horizontal: bool) -> None:
    """Gridlines and tick labels of the value axis, and its title."""
    low, high, _ = value_axis(spec)
    for tick in _value_ticks(spec):
        share = (tick - low) / ((high - low) or 1)
        if horizontal:
            x = plot.left + share * plot.width
            _line(pdf, x, plot.top, x, plot.bottom, GRID_RGB, 0.75)
            text(pdf, x, plot.bottom + 9, _tick_text(tick, spec), align="C")
        else:
            y = plot.bottom - share * plot.height
            _line(pdf, plot.left, y, plot.right_edge(), y, GRID_RGB, 0.75)
            if not (spec.kind in ("area", "line", "scatter") and tick == 0):  # as in the .pptx: the first year's label
                text(pdf, plot.left - 6, y - MIN_PT * LINE / 2, _tick_text(tick, spec), align="R")


def _axis_titles(pdf: Any, spec: ChartSpec, plot: Box, value_title: str, category_title: str, horizontal: bool) -> None:
    below = plot.bottom + chart_layout.TICK_ROW
    if horizontal and value_title:
        text(pdf, plot.left + plot.width / 2, below, value_title, align="C")
    if not horizontal:
        if category_title:
            text(pdf, plot.left + plot.width / 2, below, category_title, align="C")
        if value_title:
            with pdf.rotation(90, plot.left - 48, plot.top + plot.height / 2):
                text(pdf, plot.left - 48, plot.top + plot.height / 2 - MIN_PT, value_title, align="C")


def _bars(pdf: Any, spec: ChartSpec, box: Box) -> None:
    layout = chart_layout.bar_layout(spec, box)
    plot = layout.plot
    low, high, _ = value_axis(spec)
    scale = (plot.width if spec.horizontal else plot.height) / ((high - low) or 1)
    _value_grid(pdf, spec, plot, spec.horizontal)
    categories = spec.categories or []
    slot = (plot.height if spec.horizontal else plot.width) / max(1, len(categories))
    stacked = spec.kind == "stacked_bar"
    groups = 1 if stacked or spec.one_bar else len(spec.series)
    thickness = slot / (groups + 0.5)
    texts = [[(s.labels[i] if s.labels and s.labels[i] else None) for i in range(len(s.values))] for s in spec.series]
    for index, category in enumerate(categories):
        start = (plot.top if spec.horizontal else plot.left) + index * slot + slot * 0.25 / (groups + 0.5) * 2
        base = 0.0
        for number, series in enumerate(spec.series):
            value = series.values[index] if index < len(series.values) else None
            if value is None:
                continue
            offset = 0 if groups == 1 else number * thickness
            begin = (base if stacked else 0.0) - low
            length = value * scale
            label = texts[number][index] or chart_layout.format_value(value, spec.number_format)
            if spec.horizontal:
                x, y = plot.left + begin * scale, start + offset
                _bar(pdf, x, y, length, thickness, series)
                middle = y + thickness / 2 - MIN_PT * LINE / 2
                if layout.show_label[number][index]:
                    if stacked:
                        inside = "#FFFFFF" if dark(series.colour) and not series.pattern else TEXT
                        text(pdf, x + length / 2, middle, label, colour=inside, align="C")
                    else:
                        text(pdf, x + length + 5, middle, label)
            else:
                x, y = start + offset, plot.bottom - (begin * scale) - length
                _bar(pdf, x, y, thickness, length, series)
                if layout.show_label[number][index]:
                    if stacked:
                        inside = "#FFFFFF" if dark(series.colour) and not series.pattern else TEXT
                        text(
                            pdf, x + thickness / 2, y + length / 2 - MIN_PT * LINE / 2, label, colour=inside, align="C"
                        )
                    else:
                        text(pdf, x + thickness / 2, y - MIN_PT * LINE - 1, label, align="C")
            base += value
        if spec.horizontal:
            lines = layout.labels[index]
            top = plot.top + index * slot + slot / 2 - len(lines) * MIN_PT * LINE / 2
            for number, line in enumerate(lines):
                text(pdf, plot.left - 8, top + number * MIN_PT * LINE, line, align="R")
        else:
            text(pdf, plot.left + index * slot + slot / 2, plot.bottom + 9, str(category), align="C")
    _line(pdf, plot.left, plot.top, plot.left, plot.bottom, AXIS) if spec.horizontal else _line(
        pdf, plot.left, plot.bottom, plot.right_edge(), plot.bottom, AXIS
    )
    for reference in spec.references:
        y = plot.bottom - (reference.value - low) * scale
        _line(pdf, plot.left, y, plot.right_edge(), y, reference.colour, 2, reference.dash)
        index = chart_layout.reference_label_index(spec, plot, reference.name)
        text(pdf, plot.left + index * slot + slot / 2, y - MIN_PT * LINE - 3, reference.name, align="C")
    _axis_titles(pdf, spec, plot, spec.x_title if spec.horizontal else spec.y_title, spec.x_title, spec.horizontal)


def _dots(pdf: Any, spec: ChartSpec, box: Box) -> None:
    layout = chart_layout.bar_layout(spec, box)
    plot = layout.plot
    low, high, _ = value_axis(spec)
    scale = plot.width / ((high - low) or 1)
    rows = len(spec.categories or [])
    slot = plot.height / max(1, rows)
    _value_grid(pdf, spec, plot, True)
    for row in range(rows + 1):
        _line(pdf, plot.left, plot.top + row * slot, plot.right_edge(), plot.top + row * slot, GRID_RGB, 0.75)
    for reference in spec.references:
        x = plot.left + (reference.value - low) * scale
        _line(pdf, x, plot.top, x, plot.bottom, reference.colour, 2, reference.dash)
    for row in range(rows):
        middle = plot.top + row * slot + slot / 2
        lines = layout.labels[row]
        top = middle - len(lines) * MIN_PT * LINE / 2
        for number, line in enumerate(lines):
            text(pdf, plot.left - 8, top + number * MIN_PT * LINE, line, align="R")
        for series in spec.series:
            value = series.values[row]
            if value is None:
                continue
            x = plot.left + (value - low) * scale
            spread = series.error_plus[row] if series.error_plus else None
            if spread:
                _line(pdf, x, middle, x + spread * scale, middle, series.colour, 2.5)
                _line(pdf, x + spread * scale, middle - 5, x + spread * scale, middle + 5, series.colour, 2.5)
            _marker(pdf, x, middle, series, bool(series.hollow and series.hollow[row]))
            if not chart_layout.leads_row(spec, series, row):
                continue
            label = chart_layout.data_label(spec, series, row)
            side = chart_layout.dots_label_side(spec, series, row, plot)
            if side == "right":
                text(pdf, x + 9, middle - MIN_PT * LINE / 2, label)
            elif side == "left":
                text(pdf, x - 9, middle - MIN_PT * LINE / 2, label, align="R")
            else:
                text(pdf, x, middle - MIN_PT * LINE - 6, label, align="C")
    _axis_titles(pdf, spec, plot, spec.x_title, "", True)


def _xy(pdf: Any, spec: ChartSpec, box: Box) -> None:
    layout = chart_layout.xy_layout(spec, box)
    plot = layout.plot
    low, high, _ = value_axis(spec)
    y_scale = plot.height / ((high - low) or 1)
    _value_grid(pdf, spec, plot, False)
    if spec.kind == "area":
        days = [dt.date.fromisoformat(d).toordinal() for d in spec.categories or []]
        first, last = (min(days), max(days)) if days else (0, 1)
        x_scale = plot.width / ((last - first) or 1)

        def x_of(value: float) -> float:
            return plot.left + (value - first) * x_scale

        for year in range(dt.date.fromordinal(first).year, dt.date.fromordinal(last).year + 2):
            january = dt.date(year, 1, 1).toordinal()
            if first <= january <= last:
                text(pdf, x_of(january), plot.bottom + 9, str(year), align="C")
        below = [0.0] * len(days)
        for series in spec.series:
            top = [b + float(v or 0) for b, v in zip(below, series.values)]
            upper, lower = [], []
            for i, day in enumerate(days):  # steps: the count holds until the next date
                end = days[i + 1] if i + 1 < len(days) else day
                upper += [(x_of(day), plot.bottom - top[i] * y_scale), (x_of(end), plot.bottom - top[i] * y_scale)]
                lower += [(x_of(day), plot.bottom - below[i] * y_scale), (x_of(end), plot.bottom - below[i] * y_scale)]
            pdf.set_fill_color(*_rgb(series.colour))
            pdf.set_draw_color(*_rgb(series.colour))
            pdf.set_line_width(0.5)
            if upper:
                pdf.polygon(upper + lower[::-1], style="DF")
            below = top
        for total in value_labels.area_totals(spec, plot):  # the total at each year, above the stack
            day = dt.date.fromisoformat(total.day).toordinal()
            top_ = plot.bottom - total.anchor * y_scale - value_labels.GAP - MIN_PT * LINE
            text(pdf, x_of(day), top_, total.text, align="C")
    else:
        x_low, x_high, step = layout.x_axis
        x_scale = plot.width / ((x_high - x_low) or 1)

        def x_of(value: float) -> float:
            return plot.left + (value - x_low) * x_scale

        tick = float(x_low)
        while tick <= x_high + 1e-9:
            label = (
                str(int(tick)) if spec.x_number_format == "0" else chart_layout.format_value(tick, spec.x_number_format)
            )
            text(pdf, x_of(tick), plot.bottom + 9, label, align="C")
            tick += step
        for reference in spec.references:
            y = plot.bottom - (reference.value - low) * y_scale
            _line(pdf, plot.left, y, plot.right_edge(), y, reference.colour, 2, reference.dash)
        for series in spec.series:
            points = [(x_of(x), plot.bottom - (y - low) * y_scale) for x, y in zip(series.x or [], series.values)
                      if x is not None and y is not None]  # fmt: skip
            if series.lines:
                for (x1, y1), (x2, y2) in itertools.pairwise(points):
                    _line(pdf, x1, y1, x2, y2, series.colour, 2.5, series.dash)
            for index, (x, y) in enumerate(points):
                _marker(pdf, x, y, series, bool(series.hollow and series.hollow[index]))
        if spec.kind == "line":
            for mark in value_labels.line_labels(spec, plot, layout.x_axis):
                left = plot.left + mark.box.left + 2
                text(pdf, left, plot.top + mark.box.top + (mark.box.height - MIN_PT * LINE) / 2, mark.text)
    _line(pdf, plot.left, plot.bottom, plot.right_edge(), plot.bottom, AXIS)
    _axis_titles(pdf, spec, plot, spec.y_title, spec.x_title, False)


def _table(pdf: Any, spec: ChartSpec, box: Box) -> None:
    assert spec.table is not None
    table = spec.table
    label_width, column, header = chart_layout.table_layout(spec, box)
    top = box.top
    heads = [
        measure.wrap(table.row_title, label_width - 2 * chart_layout.LABEL_PAD, MIN_PT, True),
        *chart_layout.header_lines(spec, column),
    ]
    lefts = [box.left] + [box.left + label_width + i * column for i in range(len(table.columns))]
    for index, (lines, left) in enumerate(zip(heads, lefts)):
        start = top + (header - len(lines) * MIN_PT * LINE) / 2
        for number, line in enumerate(lines):
            if index == 0:
                text(pdf, left + chart_layout.LABEL_PAD, start + number * MIN_PT * LINE, line, bold=True)
            else:
                text(pdf, left + column / 2, start + number * MIN_PT * LINE, line, bold=True, align="C")
    top += header
    _line(pdf, box.left, top, box.left + label_width + column * len(table.columns), top, AXIS)
    for number_, (name, values) in enumerate(zip(table.rows, table.values)):
        lines = measure.wrap(name, label_width - 2 * chart_layout.LABEL_PAD - chart_layout.SLACK, MIN_PT)
        height = chart_layout.table_row_height(len(lines))
        start = top + (height - len(lines) * MIN_PT * LINE) / 2
        for number, line in enumerate(lines):
            text(pdf, box.left + chart_layout.LABEL_PAD, start + number * MIN_PT * LINE, line)
        for index, value in enumerate(values):
            kind = table.column_kinds[index] if table.column_kinds else ""
            colour = chart_layout.cell_colour(table, kind, value)
            left = box.left + label_width + index * column
            pdf.set_fill_color(*_rgb(colour))
            pdf.rect(left + 0.5, top + 0.5, column - 1, height - 1, style="F")
            shown = chart_layout.cell_text(spec, number_, index)
            if shown:
                colour_text = "#FFFFFF" if dark(colour) else TEXT
                text(pdf, left + column / 2, top + (height - MIN_PT * LINE) / 2, shown, colour=colour_text, align="C")
        top += height
    if table.kind_names:
        x = box.left
        top += 6
        for kind, name in table.kind_names.items():
            pdf.set_fill_color(*_rgb(table.scales[kind][1]))
            pdf.rect(x, top + 3, 12, 12, style="F")
            text(pdf, x + 18, top, name)
            x += 18 + measure.text_width(name, MIN_PT) + 24
