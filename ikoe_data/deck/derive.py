"""A dashboard figure (plotly JSON) as a chart specification (ikoe_data.deck.spec): what it draws, with its
values, names, colours, number formats and reference lines. None where no native form shows it faithfully (then
the slide gets a picture of the figure)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import re
from typing import Any

import numpy as np

from .. import labels
from .slides import PALETTE, plain
from .spec import ChartSpec, HeatTable, Reference, Series, is_number

SYMBOLS = {"circle", "diamond", "square", "star", "cross", "x"}


def values_of(trace: dict[str, Any], axis: str) -> list[Any]:
    values = trace.get(axis)
    if values is None:
        return []
    if isinstance(values, dict):  # plotly's typed-array encoding {"dtype": ..., "bdata": base64, "shape": ...}
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        if values.get("shape"):
            array = array.reshape([int(n) for n in str(values["shape"]).split(",")])
        return [_none_for_nan(v) for v in array.tolist()]
    if isinstance(values, str):
        return [values]
    return [_none_for_nan(v) for v in values]


def _none_for_nan(value: Any) -> Any:
    if isinstance(value, list):
        return [_none_for_nan(v) for v in value]
    return None if isinstance(value, float) and math.isnan(value) else value


def legend_only(trace: dict[str, Any]) -> bool:
    """A trace that draws nothing (an entry of the legend only)."""
    if trace.get("type", "scatter") not in ("scatter", "bar"):
        return False
    return all(v is None for v in values_of(trace, "x") + values_of(trace, "y"))


def is_footnote(annotation: dict[str, Any]) -> bool:
    return str(annotation.get("text", "")).startswith("Quelle:")


def axis_title(axis: dict[str, Any]) -> str:
    title = axis.get("title", {})
    return plain(title.get("text", "") if isinstance(title, dict) else title)


def _decimals(values: list[Any]) -> int:
    places = 0
    for v in values:
        if is_number(v):
            text = f"{v:.6f}".rstrip("0")
            places = max(places, len(text.split(".")[1]) if "." in text else 0)
    return min(places, 2)


def number_format(values: list[Any], axis: dict[str, Any]) -> str:
    decimals = _decimals(values)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    return f'{digits}" %"' if str(axis.get("ticksuffix", "")).strip() == "%" else digits


def _name(trace: dict[str, Any], fallback: str = "Wert") -> str:
    return plain(str(trace.get("name") or "")) or fallback


def hex_colour(colour: Any) -> str | None:
    """'#RRGGBB' of a plotly colour given as '#RGB' or '#RRGGBB'; None for anything else."""
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
        return "#" + "".join(c * 2 for c in colour[1:]).upper()
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return colour.upper()
    return None


def _colour(trace: dict[str, Any], index: int) -> str:
    marker, line = trace.get("marker", {}), trace.get("line", {})
    for colour in (marker.get("color"), line.get("color"), trace.get("fillcolor")):
        if hex_colour(colour):
            return str(hex_colour(colour))
    return PALETTE[index % len(PALETTE)]


def _range(axis: dict[str, Any]) -> tuple[float | None, float | None]:
    low, high = (axis.get("range") or (None, None))[:2]
    return (low if is_number(low) else None, high if is_number(high) else None)


def category_order(traces: list[dict[str, Any]], axis_name: str, axis: dict[str, Any]) -> list[Any] | None:
    """Categories in plotly's order along the axis (first = at the origin); None if a trace repeats one."""
    seen: dict[str, Any] = {}
    for trace in traces:
        values = values_of(trace, axis_name)
        if len(set(map(str, values))) != len(values):
            return None
        for value in values:
            seen.setdefault(str(value), value)
    if axis.get("categoryorder") == "array" and axis.get("categoryarray") is not None:
        wanted = [str(c) for c in axis["categoryarray"]]
        order = [c for c in wanted if c in seen] + [c for c in seen if c not in wanted]
    elif axis.get("categoryorder") in ("category ascending", "category descending"):
        order = sorted(seen, reverse=axis["categoryorder"] == "category descending")
    elif axis.get("categoryorder") not in (None, "trace"):
        return None
    else:
        order = list(seen)
    return [seen[c] for c in order]


def _tick_labels(axis: dict[str, Any]) -> dict[str, str]:
    """Shortened tick labels the figure shows for long categories (charts.style._shortened_ticks)."""
    if axis.get("tickvals") is None or axis.get("ticktext") is None:
        return {}
    return {str(v): str(t) for v, t in zip(axis["tickvals"], axis["ticktext"])}


def _row_labels(layout: dict[str, Any]) -> dict[str, str]:
    """Full plain labels of a chart's rows by the label it shows (charts.style.with_row_labels)."""
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    labels = meta.get("row_labels") if isinstance(meta, dict) else None
    return {str(k): str(v) for k, v in labels.items()} if isinstance(labels, dict) else {}


def chart_spec(figure: dict[str, Any]) -> ChartSpec | None:
    """The native chart of a figure, or None when only a picture can show it faithfully."""
    layout = figure.get("layout", {})
    traces = [t for t in figure.get("data", []) if not legend_only(t)]
    if not traces or any(not is_footnote(a) for a in layout.get("annotations", [])):
        return None
    kinds = {t.get("type", "scatter") for t in traces}
    if kinds == {"heatmap"}:
        return _table_spec(traces, layout, _row_labels(layout))
    if kinds == {"bar"}:
        return _bar_spec(figure, traces, layout)
    if kinds == {"scatter"}:
        if any(t.get("stackgroup") for t in traces):
            return _area_spec(traces, layout)
        if all(is_number(v) for t in traces for v in values_of(t, "x") if v is not None) and all(
            is_number(v) for t in traces for v in values_of(t, "y") if v is not None
        ):
            return _xy_spec(figure, traces, layout)
        return _dots_spec(figure, traces, layout)
    return None


# --------------------------------------------------------------------------- bars


def _bar_spec(figure: dict[str, Any], traces: list[dict[str, Any]], layout: dict[str, Any]) -> ChartSpec | None:
    orientations = {t.get("orientation", "v") for t in traces}
    if len(orientations) != 1 or any(t.get("base") is not None for t in traces):
        return None
    horizontal = orientations == {"h"}
    cat_name, val_name = ("y", "x") if horizontal else ("x", "y")
    cat_axis = layout.get("yaxis" if horizontal else "xaxis", {})
    val_axis = layout.get("xaxis" if horizontal else "yaxis", {})
    barmode = layout.get("barmode", "group")
    if barmode not in ("group", "stack", "relative", "overlay"):
        return None
    categories = category_order(traces, cat_name, cat_axis)
    if categories is None:
        return None
    reversed_axis = cat_axis.get("autorange") == "reversed"
    if horizontal != reversed_axis:  # plotly draws the first category at the bottom; a slide reads top down
        categories = categories[::-1]
    keys = [str(c) for c in categories]
    series, every_value = [], []
    for i, trace in enumerate(traces):
        values = values_of(trace, val_name)
        if not all(v is None or is_number(v) for v in values):
            return None
        by_category = dict(zip(map(str, values_of(trace, cat_name)), values))
        aligned = [by_category.get(k) for k in keys]
        every_value += [v for v in aligned if v is not None]
        texts = trace.get("text")
        labels = None
        if isinstance(texts, list) and len(texts) == len(values) and all(isinstance(t, str) for t in texts):
            label_of = dict(zip(map(str, values_of(trace, cat_name)), texts))
            labels = [plain(label_of[k]) if k in label_of else None for k in keys]
        pattern = (trace.get("marker", {}).get("pattern") or {}).get("shape")
        series.append(
            Series(
                _name(trace, axis_title(val_axis) or "Wert"),
                aligned,
                colour=_colour(trace, i),
                pattern={"/": "diagonal", "\\": "diagonal", "x": "diagonal", ".": "dots"}.get(str(pattern)),
                labels=labels,
            )
        )
    one_bar = all(sum(1 for s in series if s.values[i] is not None) <= 1 for i in range(len(keys)))
    if barmode == "overlay" and not one_bar:
        return None  # bars drawn over each other: no native form shows them faithfully
    stacked = barmode in ("stack", "relative") and len(series) > 1 and not one_bar
    if stacked and any(v < 0 for v in every_value):
        return None
    ticks = _tick_labels(cat_axis)
    references = _references(figure, layout, vertical=horizontal)
    if references is None or (references and horizontal):
        return None
    value_range = _range(val_axis)
    return ChartSpec(
        kind="stacked_bar" if stacked else "bar",
        series=series,
        categories=[plain(ticks.get(str(c), str(c))) for c in categories],
        horizontal=horizontal,
        one_bar=one_bar and len(series) > 1,
        number_format=number_format(every_value, val_axis),
        x_title=axis_title(layout.get("xaxis", {})),
        y_title=axis_title(layout.get("yaxis", {})),
        value_range=(value_range[0], None),  # the axis is laid out anew: up to a step above the largest value
        references=references,
        legend_title=_legend_title(layout),
    )


def _legend_title(layout: dict[str, Any]) -> str:
    title = layout.get("legend", {}).get("title", {})
    return plain(title.get("text", "") if isinstance(title, dict) else "")


# --------------------------------------------------------------------------- reference lines


def _references(figure: dict[str, Any], layout: dict[str, Any], *, vertical: bool) -> list[Reference] | None:
    """Lines across the plot (plotly shapes) named after the legend entry drawn with the same line; `vertical`:
    lines at an x value (the value axis is horizontal). None if a shape is anything else."""
    legend = {
        json.dumps(t.get("line", {}), sort_keys=True): _name(t, "Referenzlinie")
        for t in figure.get("data", [])
        if legend_only(t) and t.get("mode") == "lines"
    }
    result = []
    for shape in layout.get("shapes", []):
        if shape.get("type") != "line":
            return None
        line = shape.get("line", {})
        name = legend.get(json.dumps(line, sort_keys=True), "Referenzlinie")
        horizontal_line = shape.get("y0") == shape.get("y1") and "domain" in str(shape.get("xref"))
        vertical_line = shape.get("x0") == shape.get("x1") and "domain" in str(shape.get("yref"))
        if vertical and vertical_line and is_number(shape.get("x0")):
            value = shape["x0"]
        elif not vertical and horizontal_line and is_number(shape.get("y0")):
            value = shape["y0"]
        else:
            return None
        dash = str(line.get("dash") or "solid")
        result.append(Reference(float(value), name, colour=hex_colour(line.get("color")) or "#555555", dash=dash))
    return result


# --------------------------------------------------------------------------- XY: lines and points


def _symbol(marker: dict[str, Any], count: int) -> tuple[str, list[bool] | None]:
    """The marker's shape and, per point, whether it is open ("circle-open")."""
    symbol = marker.get("symbol", "circle")
    symbols = symbol if isinstance(symbol, list) else [symbol] * count
    hollow = [str(s).endswith("-open") for s in symbols]
    base = str(symbols[0]).removesuffix("-open") if symbols else "circle"
    base = "triangle" if base.startswith("triangle") else base
    return (base if base in SYMBOLS | {"triangle"} else "circle"), (hollow if any(hollow) else None)


def _xy_spec(figure: dict[str, Any], traces: list[dict[str, Any]], layout: dict[str, Any]) -> ChartSpec | None:
    if any(t.get("fill", "none") != "none" for t in traces):
        return None
    if any(t.get("xaxis", "x") != "x" or t.get("yaxis", "y") != "y" for t in traces):
        return None
    series, xs, ys = [], [], []
    for i, trace in enumerate(traces):
        points = [
            (a, b) for a, b in zip(values_of(trace, "x"), values_of(trace, "y")) if a is not None and b is not None
        ]
        marker, mode = trace.get("marker", {}), str(trace.get("mode", "lines+markers"))
        symbol, hollow = _symbol(marker, len(values_of(trace, "x")))
        hollow = [h for h, (a, b) in zip(hollow or [], zip(values_of(trace, "x"), values_of(trace, "y")))
                  if a is not None and b is not None] if hollow else None  # fmt: skip
        series.append(
            Series(
                _name(trace),
                [float(b) for _, b in points],
                x=[float(a) for a, _ in points],
                colour=_colour(trace, i),
                marker=symbol if "markers" in mode else "none",
                hollow=hollow if hollow and len(hollow) == len(points) else None,
                lines="lines" in mode,
                dash=trace.get("line", {}).get("dash"),
            )
        )
        xs += [a for a, _ in points]
        ys += [b for _, b in points]
    if not xs:
        return None
    references = _references(figure, layout, vertical=False)
    if references is None:
        return None
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    return ChartSpec(
        kind="line" if any(s.lines for s in series) else "scatter",
        series=series,
        number_format=number_format(ys, yaxis),
        x_number_format="0" if xaxis.get("tickformat") == "d" else number_format(xs, xaxis),
        x_title=axis_title(xaxis),
        y_title=axis_title(yaxis),
        value_range=_range(yaxis),
        x_range=_range(xaxis),
        x_major_unit=xaxis.get("dtick") if is_number(xaxis.get("dtick")) else None,
        references=references,
        legend_title=_legend_title(layout),
    )


SHORT_LABEL = 12  # characters of a reported wording shown as a data label ("25–30 %", "ca. 20 %")


def _short_label(text: Any, value: Any, hollow: bool, axis_of: dict[str, Any]) -> str | None:
    """A mark's label: the wording as reported where it is short, else the number ("≈ 33,3 %" for a value
    derived from words); None: the number format."""
    wording = plain(str(text or ""))
    if wording and len(wording) <= SHORT_LABEL and not hollow:
        return wording
    if hollow and is_number(value):
        digits = labels.format_number(value, 1 if float(value) % 1 else 0)
        return f"≈ {digits} %" if str(axis_of.get("ticksuffix", "")).strip() == "%" else f"≈ {digits}"
    return None


def _dots_spec(figure: dict[str, Any], traces: list[dict[str, Any]], layout: dict[str, Any]) -> ChartSpec | None:
    """Dots over categories (rows top down), e.g. reported shares with targets: marks by series, ranges as error
    bars, labels with the wording the source reported; vertical reference lines. Connecting segments (the gap to
    the target) are left out: the row label states the gap."""
    yaxis, xaxis = layout.get("yaxis", {}), layout.get("xaxis", {})
    marks = [t for t in traces if "markers" in str(t.get("mode", ""))]
    if not marks or any(not is_number(v) for t in marks for v in values_of(t, "x") if v is not None):
        return None
    rows = category_order(marks, "y", yaxis)
    if rows is None:
        return None
    if yaxis.get("autorange") != "reversed":
        rows = rows[::-1]
    keys = [str(r) for r in rows]
    series, every = [], []
    for i, trace in enumerate(marks):
        x, y = values_of(trace, "x"), [str(v) for v in values_of(trace, "y")]
        position = {key: index for index, key in enumerate(y)}
        symbol, hollow = _symbol(trace.get("marker", {}), len(x))
        error = trace.get("error_x") or {}
        spread = values_of(error, "array") if error else []
        texts = trace.get("text") if isinstance(trace.get("text"), list) else None
        values = [x[position[k]] if k in position else None for k in keys]
        every += [v for v in values if v is not None]
        series.append(
            Series(
                _name(trace),
                values,
                colour=_colour(trace, i),
                marker=symbol,
                hollow=[hollow[position[k]] if k in position else False for k in keys] if hollow else None,
                error_plus=[spread[position[k]] if k in position and spread[position[k]] else None for k in keys]
                if spread
                else None,
                labels=[
                    _short_label(
                        texts[position[k]], x[position[k]], hollow[position[k]] if hollow else False, axis_of=xaxis
                    )
                    if k in position
                    else None
                    for k in keys
                ]
                if texts
                else None,
            )
        )
    references = _references(figure, layout, vertical=True)
    if references is None:
        return None
    return ChartSpec(
        kind="dots",
        series=series,
        categories=[_row_labels(layout).get(k) or "\n".join(plain(p) for p in re.split(r"<br\s*/?>", k)) for k in keys],
        horizontal=True,
        number_format=number_format(every, xaxis),
        x_title=axis_title(xaxis),
        value_range=_range(xaxis),
        references=references,
        legend_title=_legend_title(layout),
    )


# --------------------------------------------------------------------------- stacked areas over dates


def _date(value: Any) -> str | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        return None


def _area_spec(traces: list[dict[str, Any]], layout: dict[str, Any]) -> ChartSpec | None:
    """Stacked areas over dates (the network's growth): the values at every date of any series."""
    if any(not t.get("stackgroup") for t in traces):
        return None
    by_series: list[dict[str, float]] = []
    for trace in traces:
        dates = [_date(v) for v in values_of(trace, "x")]
        values = values_of(trace, "y")
        if any(d is None for d in dates) or not all(is_number(v) for v in values):
            return None
        by_series.append({str(d): float(v) for d, v in zip(dates, values)})
    categories = sorted({d for s in by_series for d in s})
    series = []
    for i, (trace, counts) in enumerate(zip(traces, by_series)):
        last: float | None = None
        aligned: list[float | None] = []
        for day in categories:  # a series without a row at a date keeps its count (a step)
            last = counts.get(day, last)
            aligned.append(last if last is not None else 0.0)
        series.append(Series(_name(trace), aligned, colour=_colour(trace, i)))
    yaxis = layout.get("yaxis", {})
    return ChartSpec(
        kind="area",
        series=series,
        categories=categories,
        number_format=number_format([v for s in series for v in s.values], yaxis),
        x_number_format="yyyy",
        x_title=axis_title(layout.get("xaxis", {})),
        y_title=axis_title(yaxis),
        legend_title=_legend_title(layout),
    )


# --------------------------------------------------------------------------- heatmaps as tables


def _table_spec(traces: list[dict[str, Any]], layout: dict[str, Any], row_labels: dict[str, str]) -> ChartSpec | None:
    """A heatmap (one trace, or one per kind of column over the same grid) as a table of its numbers."""
    first = traces[0]
    columns = [str(c) for c in values_of(first, "x")]
    rows = [str(r) for r in values_of(first, "y")]
    if any(
        [str(c) for c in values_of(t, "x")] != columns or [str(r) for r in values_of(t, "y")] != rows for t in traces
    ):
        return None
    grid: list[list[float | None]] = [[None] * len(columns) for _ in rows]
    kinds = [""] * len(columns)
    scales: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    zmax = 0.0
    for number, trace in enumerate(traces):
        z = values_of(trace, "z")
        if len(z) != len(rows) or any(len(row) != len(columns) for row in z):
            return None
        kind = f"k{number}" if len(traces) > 1 else ""
        scale = trace.get("colorscale")
        if isinstance(scale, list) and scale and all(isinstance(s, list) for s in scale):
            scales[kind] = [hex_colour(scale[0][1]) or "#F7FBFF", hex_colour(scale[-1][1]) or "#08306B"]
        else:
            scales[kind] = ["#f7fbff", "#08306b"]
        if len(traces) > 1:
            names[kind] = _name(trace, "")
        for r, row in enumerate(z):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if not is_number(value):
                    return None
                grid[r][c] = float(value)
                kinds[c] = kind
                zmax = max(zmax, float(value))
        if is_number(trace.get("zmax")):
            zmax = max(zmax, float(trace["zmax"]))
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    table = HeatTable(
        columns=[plain(c) for c in columns],
        rows=[row_labels.get(r) or plain(r) for r in rows],
        values=grid,
        row_title=axis_title(yaxis),
        column_title=axis_title(xaxis),
        column_kinds=kinds if len(traces) > 1 else [],
        scales=scales,
        kind_names=names,
        zmax=zmax or 1.0,
    )
    if yaxis.get("autorange") != "reversed":  # plotly draws the first row at the bottom
        table.rows, table.values = table.rows[::-1], table.values[::-1]
    return ChartSpec(kind="table", table=table, number_format="#,##0")
