"""A dots chart over rows (e.g. reported shares with their targets) as a native XY chart: one row per category
top down, its name in a text box beside it, the chart and its labels grouped so that they move together."""

from __future__ import annotations

import re
from typing import Any

from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICKS
from pptx.enum.text import PP_ALIGN
from pptx.util import Pt

from . import chart_layout, measure
from .measure import MIN_PT, Box
from .pptx_charts import GRID, C, XyData, axis_title, emu, font, label_text, new_chart, place_plot, rgb, style_xy_series
from .spec import ChartSpec, Series, value_axis


def add_dots(slide: Any, spec: ChartSpec, box: Box) -> None:
    """Dots over rows: an XY chart with one row per category (top down); each mark with its label (the value as
    reported), ranges as error bars, reference lines as vertical series. The rows' names stand at the left in
    text boxes grouped with the chart (a chart axis of numbers cannot carry them), so they move with it."""
    layout = chart_layout.bar_layout(spec, box)
    plot = layout.plot
    rows = len(spec.categories or [])
    low, high, step = value_axis(spec)
    group = slide.shapes.add_group_shape()
    data = XyData(spec.number_format)
    for series in spec.series:
        points = data.add_series(series.name, number_format=spec.number_format)
        marks = [(float(v), float(row + 1)) for row, v in enumerate(series.values) if v is not None]
        for value, position in marks or [(low, -1.0)]:  # outside the plot: the legend names it on every part
            points.add_data_point(value, position)
    ranges: list[tuple[Series, int, float, float]] = [
        (series, row, float(value), float(spread))
        for series in spec.series
        for row, (value, spread) in enumerate(zip(series.values, series.error_plus or []))
        if value is not None and spread
    ]
    for series, row, value, spread in ranges:  # a reported range ("25–30 %") as a bar from its lower end
        points = data.add_series(f"{series.name}: Spanne", number_format=spec.number_format)
        points.add_data_point(value, row + 1)
        points.add_data_point(value + spread, row + 1)
    for reference in spec.references:
        points = data.add_series(reference.name, number_format=spec.number_format)
        points.add_data_point(reference.value, 0.5)
        points.add_data_point(reference.value, rows + 0.5)
    chart = new_chart(group, XL_CHART_TYPE.XY_SCATTER, data, box)
    plot_series = list(chart.plots[0].series)
    for series, chart_series in zip(spec.series, plot_series):
        present = [i for i, v in enumerate(series.values) if v is not None]
        compact = Series(
            series.name,
            [series.values[i] for i in present],
            colour=series.colour,
            marker=series.marker,
            hollow=[series.hollow[i] for i in present] if series.hollow else None,
        )
        style_xy_series(chart_series, compact)
        sides = {"right": XL_LABEL_POSITION.RIGHT, "left": XL_LABEL_POSITION.LEFT, "above": XL_LABEL_POSITION.ABOVE}
        for point, row in enumerate(present):
            if chart_layout.leads_row(spec, series, row):  # one label per row: the reported figure's
                side = chart_layout.dots_label_side(spec, series, row, plot)
                label_text(
                    chart_series.points[point].data_label, chart_layout.data_label(spec, series, row), sides[side]
                )
    for (series, *_), chart_series in zip(ranges, plot_series[len(spec.series) :]):
        style_xy_series(chart_series, Series(series.name, [], colour=series.colour, marker="none", lines=True))
    for reference, chart_series in zip(spec.references, plot_series[len(spec.series) + len(ranges) :]):
        style_xy_series(
            chart_series, Series(reference.name, [], colour=reference.colour, dash=reference.dash, marker="none"), True
        )
    rows_axis = chart.value_axis
    rows_axis.minimum_scale, rows_axis.maximum_scale, rows_axis.major_unit = 0.5, rows + 0.5, 1
    rows_axis.reverse_order = True
    rows_axis.tick_label_position = TICKS.NONE
    rows_axis.has_major_gridlines = True
    rows_axis.major_gridlines.format.line.color.rgb = GRID
    rows_axis.format.line.fill.background()
    axis = chart.category_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    axis.tick_labels.number_format = re.sub(r"0\.0+", "0", spec.number_format)
    axis.tick_labels.number_format_is_linked = False
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = GRID
    font(axis.tick_labels.font)
    axis_title(axis, spec.x_title)
    chart._chartSpace.find(f".//{{{C}}}valAx/{{{C}}}crosses").set("val", "max")  # value labels at the bottom
    chart.has_legend = False  # the deck's own legend below: entries as wide as they are, the same on every part
    place_plot(chart, box, plot)
    _text_legend(group, spec, box)
    slot = plot.height / max(1, rows)
    for row, lines in enumerate(layout.labels):
        height_ = len(lines) * MIN_PT * measure.LINE
        top = plot.top + row * slot + (slot - height_) / 2
        left = box.left
        shape = group.shapes.add_textbox(emu(left), emu(top), emu(plot.left - 8 - left), emu(height_ + 2))
        _row_label(shape.text_frame, lines)


SYMBOLS = {"circle": "●", "diamond": "◆", "square": "■", "triangle": "▲", "star": "✱", "cross": "+", "x": "×"}


def _text_legend(group: Any, spec: ChartSpec, box: Box) -> None:
    """The legend of a dots chart as text: each mark's symbol in its colour (open marks hollow), each reference
    line as a dashed stroke, laid out as chart_layout.legend_flow lays it out for the PDF."""
    names = chart_layout.legend_names(spec)
    rows = chart_layout.legend_flow(names, box.width)
    top = box.bottom - len(rows) * chart_layout.LEGEND_ROW
    entries: list[Any] = list(spec.series) + list(spec.references)
    shape = group.shapes.add_textbox(emu(box.left), emu(top), emu(box.width), emu(len(rows) * chart_layout.LEGEND_ROW))
    text_frame = shape.text_frame
    text_frame.word_wrap = False
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(text_frame, side, 0)
    for number, row in enumerate(rows):
        paragraph = text_frame.paragraphs[0] if number == 0 else text_frame.add_paragraph()
        paragraph.line_spacing = Pt(chart_layout.LEGEND_ROW)
        for index in row:
            item = entries[index]
            symbol = paragraph.add_run()
            if isinstance(item, Series):
                symbol.text = SYMBOLS.get(item.marker, "●") + " "
            else:
                symbol.text = {"dot": "····", "dash": "– – "}.get(item.dash, "—— ")
            font(symbol.font, colour=rgb(item.colour))
            label = paragraph.add_run()
            label.text = names[index] + "      "
            font(label.font)


def _row_label(text_frame: Any, lines: list[str]) -> None:
    text_frame.word_wrap = True
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(text_frame, side, 0)
    for index, line in enumerate(lines):
        paragraph = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.RIGHT
        paragraph.line_spacing = measure.LINE * 0.85
        run = paragraph.add_run()
        run.text = line
        font(run.font)
