"""Which charts become native PowerPoint charts, and their specification from a plotly figure."""

from __future__ import annotations

import base64
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from pptx.enum.chart import XL_CHART_TYPE, XL_MARKER_STYLE

from .slides import PALETTE, plain

# --------------------------------------------------------------------------- native chart specification


@dataclass
class Series:
    name: str
    values: list[Any]  # y values (category charts) or y of the points (XY)
    x: list[Any] | None = None  # x of the points (XY charts only)
    colour: str | None = None
    dash: str | None = None
    marker: str | None = None
    reference: bool = False  # a reference line drawn from a plotly shape


@dataclass
class ChartSpec:
    kind: str  # bar, stacked_bar, line, scatter
    series: list[Series]
    categories: list[Any] | None = None
    horizontal: bool = False
    number_format: str = "General"
    x_number_format: str = "General"
    x_title: str = ""
    y_title: str = ""
    value_range: tuple[float | None, float | None] = (None, None)
    x_range: tuple[float | None, float | None] = (None, None)
    x_major_unit: float | None = None

    @property
    def chart_type(self) -> XL_CHART_TYPE:
        if self.kind in ("bar", "stacked_bar"):
            stacked = self.kind == "stacked_bar"
            if self.horizontal:
                return XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
            return XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
        if self.kind == "line":
            return XL_CHART_TYPE.XY_SCATTER_LINES if self.categories is None else XL_CHART_TYPE.LINE_MARKERS
        return XL_CHART_TYPE.XY_SCATTER


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _values(trace: dict[str, Any], axis: str) -> list[Any]:
    values = trace.get(axis)
    if values is None:
        return []
    if isinstance(values, dict):  # plotly's typed-array encoding {"dtype": ..., "bdata": base64}
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return [None if isinstance(v, float) and math.isnan(v) else v for v in array.tolist()]
    return list(values)


def _axis_title(axis: dict[str, Any]) -> str:
    title = axis.get("title", {})
    return plain(title.get("text", "") if isinstance(title, dict) else title)


def _decimals(values: list[Any]) -> int:
    places = 0
    for v in values:
        if _is_number(v):
            text = f"{v:.6f}".rstrip("0")
            places = max(places, len(text.split(".")[1]) if "." in text else 0)
    return min(places, 2)


def _number_format(values: list[Any], axis: dict[str, Any]) -> str:
    decimals = _decimals(values)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = str(axis.get("ticksuffix", ""))
    return f'{digits}" %"' if suffix.strip() == "%" else digits


def _is_footnote(annotation: dict[str, Any]) -> bool:
    return str(annotation.get("text", "")).startswith("Quelle:")


def _legend_only(trace: dict[str, Any]) -> bool:
    return all(v is None for v in _values(trace, "x") + _values(trace, "y"))


def _category_order(traces: list[dict[str, Any]], axis_name: str, axis: dict[str, Any]) -> list[Any] | None:
    """Categories in plotly's order along the axis (first = at the origin); None if a trace repeats one."""
    seen: dict[str, Any] = {}
    for trace in traces:
        values = _values(trace, axis_name)
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


def chart_spec(figure: dict[str, Any]) -> ChartSpec | None:
    """The native PowerPoint chart for a figure, or None when only an image can show it faithfully."""
    layout = figure.get("layout", {})
    traces = [t for t in figure.get("data", []) if not _legend_only(t)]
    if not traces:
        return None
    if any(not _is_footnote(a) for a in layout.get("annotations", [])):
        return None
    kinds = {t.get("type", "scatter") for t in traces}
    if kinds == {"bar"}:
        return _bar_spec(traces, layout)
    if kinds == {"scatter"}:
        return _xy_spec(figure, traces, layout)
    return None


def _bar_spec(traces: list[dict[str, Any]], layout: dict[str, Any]) -> ChartSpec | None:
    if layout.get("shapes"):
        return None
    orientations = {t.get("orientation", "v") for t in traces}
    if len(orientations) != 1 or any(t.get("base") is not None for t in traces):
        return None
    horizontal = orientations == {"h"}
    cat_name, val_name = ("y", "x") if horizontal else ("x", "y")
    cat_axis = layout.get("yaxis" if horizontal else "xaxis", {})
    val_axis = layout.get("xaxis" if horizontal else "yaxis", {})
    barmode = layout.get("barmode", "group")
    if barmode not in ("group", "stack", "relative"):
        return None
    categories = _category_order(traces, cat_name, cat_axis)
    if categories is None:
        return None
    if cat_axis.get("autorange") == "reversed":  # plotly draws the first category at the far end
        categories = categories[::-1]
    keys = [str(c) for c in categories]
    series, every_value = [], []
    for i, trace in enumerate(traces):
        values = _values(trace, val_name)
        if not all(v is None or _is_number(v) for v in values):
            return None
        by_category = dict(zip(map(str, _values(trace, cat_name)), values))
        aligned = [by_category.get(k) for k in keys]
        every_value += [v for v in aligned if v is not None]
        marker = trace.get("marker", {})
        colour = marker.get("color") if isinstance(marker.get("color"), str) else None
        name = plain(str(trace.get("name") or "")) or "Wert"
        series.append(Series(name, aligned, colour=colour or PALETTE[i % len(PALETTE)]))
    stacked = barmode in ("stack", "relative") and len(series) > 1
    value_range = tuple(val_axis.get("range") or (None, None))
    if val_axis.get("rangemode") == "tozero" and value_range[0] is None and min(every_value, default=0) >= 0:
        value_range = (0, value_range[1])
    return ChartSpec(
        kind="stacked_bar" if stacked else "bar",
        series=series,
        categories=[plain(str(c)) if isinstance(c, str) else c for c in categories],
        horizontal=horizontal,
        number_format=_number_format(every_value, val_axis),
        x_title=_axis_title(layout.get("xaxis", {})),
        y_title=_axis_title(layout.get("yaxis", {})),
        value_range=value_range,
    )


MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "square": XL_MARKER_STYLE.SQUARE,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
    "star": XL_MARKER_STYLE.STAR,
    "cross": XL_MARKER_STYLE.PLUS,
    "x": XL_MARKER_STYLE.X,
}


def _xy_spec(figure: dict[str, Any], traces: list[dict[str, Any]], layout: dict[str, Any]) -> ChartSpec | None:
    if any(t.get("stackgroup") or t.get("fill", "none") != "none" for t in traces):
        return None
    if any(t.get("xaxis", "x") != "x" or t.get("yaxis", "y") != "y" for t in traces):
        return None
    series, xs, ys = [], [], []
    for i, trace in enumerate(traces):
        x, y = _values(trace, "x"), _values(trace, "y")
        points = [(a, b) for a, b in zip(x, y) if a is not None and b is not None]
        if not all(_is_number(a) and _is_number(b) for a, b in points):
            return None  # categories or dates on an axis: a dot plot, not an XY chart
        line = trace.get("line", {})
        marker = trace.get("marker", {})
        colour = line.get("color") or (marker.get("color") if isinstance(marker.get("color"), str) else None)
        series.append(
            Series(
                plain(str(trace.get("name") or "")) or "Wert",
                [b for _, b in points],
                x=[a for a, _ in points],
                colour=colour or PALETTE[i % len(PALETTE)],
                marker=marker.get("symbol") if isinstance(marker.get("symbol"), str) else None,
            )
        )
        xs += [a for a, _ in points]
        ys += [b for _, b in points]
    if not xs:
        return None
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    references = _reference_series(figure, layout, xs, ys)
    if references is None:
        return None
    modes = {str(t.get("mode", "lines+markers")) for t in traces}
    kind = "line" if any("lines" in m for m in modes) else "scatter"
    return ChartSpec(
        kind=kind,
        series=series + references,
        number_format=_number_format(ys, yaxis),
        x_number_format="0" if xaxis.get("tickformat") == "d" else _number_format(xs, xaxis),
        x_title=_axis_title(xaxis),
        y_title=_axis_title(yaxis),
        value_range=tuple(yaxis.get("range") or (None, None)),
        x_range=tuple(xaxis.get("range") or (None, None)),
        x_major_unit=xaxis.get("dtick") if _is_number(xaxis.get("dtick")) else None,
    )


def _reference_series(
    figure: dict[str, Any], layout: dict[str, Any], xs: list[Any], ys: list[Any]
) -> list[Series] | None:
    """Horizontal/vertical reference lines (plotly shapes) as two-point series, named after the legend entry
    drawn with the same line; None if a shape is anything else."""
    legend = {
        json.dumps(t.get("line", {}), sort_keys=True): t.get("name", "")
        for t in figure.get("data", [])
        if _legend_only(t)
    }
    x_low, x_high = layout.get("xaxis", {}).get("range") or (min(xs), max(xs))
    y_low, y_high = layout.get("yaxis", {}).get("range") or (min(0, min(ys)), max(ys))
    result = []
    for shape in layout.get("shapes", []):
        if shape.get("type") != "line":
            return None
        line = shape.get("line", {})
        name = legend.get(json.dumps(line, sort_keys=True), "Referenzlinie")
        if shape.get("y0") == shape.get("y1") and shape.get("yref") == "y" and "domain" in str(shape.get("xref")):
            x, y = [x_low, x_high], [shape["y0"], shape["y0"]]
        elif shape.get("x0") == shape.get("x1") and shape.get("xref") == "x" and "domain" in str(shape.get("yref")):
            x, y = [shape["x0"], shape["x0"]], [y_low, y_high]
        else:
            return None
        result.append(
            Series(plain(name), y, x=x, colour=line.get("color", "#444"), dash=line.get("dash"), reference=True)
        )
    return result


def slide_kind(figure: dict[str, Any]) -> str:
    """'empty', 'image' or the native chart kind."""
    if not [t for t in figure.get("data", []) if not _legend_only(t)]:
        return "empty"
    spec = chart_spec(figure)
    return spec.kind if spec else "image"
