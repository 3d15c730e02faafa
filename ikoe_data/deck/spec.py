"""A slide's chart as data: what a native PowerPoint chart (or table) and the PDF handout draw, independent of
plotly. Built once when a chart is added (ikoe_data.deck.derive), stored with the deck, so that a link always shows
the numbers the chart had; split over several slides where its rows do not fit one (`chunks`)."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

# kind: what is drawn, and the native form it becomes
KINDS = {
    "bar": "Balkendiagramm",
    "stacked_bar": "Gestapeltes Balkendiagramm",
    "area": "Gestapeltes Flächendiagramm",
    "line": "Liniendiagramm",
    "scatter": "Punktdiagramm",
    "dots": "Punktdiagramm mit Kategorien",
    "table": "Tabelle mit Farbskala",
}
PATTERNS = ("diagonal", "dots")  # fills of bars that are not observations (lower bound, continuation)


class SpecError(ValueError):
    """A stored chart specification that cannot be read."""


@dataclass
class Series:
    """One series. Category charts: `values` aligned to the categories (None: no value there). XY charts: `x` and
    `values` are the points. Dots: `values` aligned to the rows."""

    name: str
    values: list[float | None]
    x: list[float | None] | None = None
    colour: str = "#0072B2"
    pattern: str | None = None  # one of PATTERNS: a lighter fill with a pattern, named in the legend
    dash: str | None = None  # line charts: "dot", "dash", … (None: solid)
    marker: str = "circle"  # circle, diamond, square, triangle, star, cross, x, none
    hollow: list[bool] | None = None  # per point: an open marker (e.g. a figure given in words, drawn as number)
    labels: list[str | None] | None = None  # per point: the data label's own text (None: the number format)
    error_plus: list[float | None] | None = None  # per point: a range up to value + error_plus
    lines: bool = False  # XY: points joined by a line


@dataclass
class Reference:
    """A labelled line across the chart at `value` on its value axis (bars: the bar's length; dots: the dot's
    position; line charts: y)."""

    value: float
    name: str
    colour: str = "#555555"
    dash: str = "dash"


@dataclass
class HeatTable:
    """A heatmap as a table: the number in each cell, the cell's colour scaled from `scales[kind][0]` (0) to
    `scales[kind][1]` (zmax), the kind of each column (e.g. the years before the report: a lower bound)."""

    columns: list[str]
    rows: list[str]
    values: list[list[float | None]]
    row_title: str = ""
    column_title: str = ""
    column_kinds: list[str] = field(default_factory=list)
    scales: dict[str, list[str]] = field(default_factory=dict)
    kind_names: dict[str, str] = field(default_factory=dict)
    zmax: float = 1.0
    texts: list[list[str]] | None = None  # a plain table (a chart's data frame): each cell's text, no colours


@dataclass
class ChartSpec:
    kind: str
    series: list[Series] = field(default_factory=list)
    categories: list[str] | None = None  # bar/stacked_bar/dots: category labels; area: ISO dates
    horizontal: bool = False  # bars: along the x axis, categories top to bottom
    one_bar: bool = False  # bars: every category has one series' value (drawn as one bar, coloured by series)
    number_format: str = "#,##0"  # Excel format code of the values
    x_number_format: str = "General"
    x_title: str = ""
    y_title: str = ""
    value_range: tuple[float | None, float | None] = (None, None)
    x_range: tuple[float | None, float | None] = (None, None)
    major_unit: float | None = None
    x_major_unit: float | None = None
    references: list[Reference] = field(default_factory=list)
    legend_title: str = ""
    table: HeatTable | None = None
    part: tuple[int, int] = (1, 1)  # this chunk's number and the number of chunks
    full_legend: bool = False  # a chunk of a continued chart: its legend names every series of the whole chart

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    @property
    def rows(self) -> int:
        """Rows that stand one below the other (what continues over slides); 0 for charts laid out in width."""
        if self.kind == "table" and self.table is not None:
            return len(self.table.rows)
        if self.kind == "dots" or (self.kind in ("bar", "stacked_bar") and self.horizontal):
            return len(self.categories or [])
        return 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChartSpec:
        """Rebuild from stored JSON; SpecError on anything malformed."""
        try:
            values = {k: v for k, v in data.items() if k in {f.name for f in fields(cls)}}
            values["series"] = [Series(**s) for s in values.get("series", [])]
            values["references"] = [Reference(**r) for r in values.get("references", [])]
            if values.get("table") is not None:
                values["table"] = HeatTable(**values["table"])
            for name in ("value_range", "x_range", "part"):
                if name in values:
                    values[name] = tuple(values[name])
            spec = cls(**values)
        except (TypeError, AttributeError) as error:
            raise SpecError(str(error)) from error
        if spec.kind not in KINDS:
            raise SpecError(f"unknown kind {spec.kind!r}")
        return spec


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def nice_step(span: float, max_ticks: int = 8, whole: bool = False) -> float:
    """A tick step of 1, 2, 2.5 or 5 × 10^k giving at most `max_ticks` intervals over `span`; `whole`: a whole
    number (ticks written without decimals: 2.5 would read 3, 5, 8, 10, …)."""
    span = max(float(span), 1e-9)
    magnitude = 10 ** math.floor(math.log10(span / max_ticks))
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        step = factor * magnitude
        if span / step <= max_ticks and (not whole or (step >= 1 and step == int(step))):
            return float(step)
    return float(max(10 * magnitude, 1.0) if whole else 10 * magnitude)


def value_axis(spec: ChartSpec) -> tuple[float, float, float]:
    """Minimum, maximum and major unit of the value axis: from zero (or below for negative values), up to a whole
    step above the largest value (so that 36 and 37 are told apart: the axis of 37 goals ends at 40), the largest
    reference line included; the same for every chunk of a continued chart."""
    given_low, given_high = spec.value_range
    values = [float(v) for v in _value_extent(spec) if is_number(v)]
    values += [r.value for r in spec.references]
    smallest, largest = min(values, default=0.0), max(values, default=1.0)
    low = float(given_low) if given_low is not None else min(0.0, smallest)
    top = max(float(given_high) if given_high is not None else largest, largest)
    step = float(spec.major_unit or nice_step(top - low, whole=True))  # the ticks are written whole
    if given_high is None or float(given_high) < largest:
        top = math.floor(top / step + 1e-9) * step + step if top > 0 else step
    return low, top, step


def _value_extent(spec: ChartSpec) -> list[float]:
    if spec.kind == "stacked_bar" and spec.categories:
        totals = [0.0] * len(spec.categories)
        for series in spec.series:
            for i, v in enumerate(series.values):
                if v is not None and v > 0:
                    totals[i] += float(v)
        return totals
    if spec.kind == "area" and spec.categories:
        return [
            sum(float(s.values[i] or 0) for s in spec.series if i < len(s.values)) for i in range(len(spec.categories))
        ]
    ends = []
    for series in spec.series:
        for i, v in enumerate(series.values):
            if v is not None:
                extra = series.error_plus[i] if series.error_plus else None
                ends.append(float(v) + (float(extra) if extra is not None else 0.0))
    return ends


def chunks(spec: ChartSpec, bounds: list[tuple[int, int]]) -> list[ChartSpec]:
    """The chart in parts of the rows between `bounds` (tables, dots, horizontal bars), each with the whole
    chart's value axis and legend."""
    if len(bounds) <= 1:
        return [spec]
    low, high, step = value_axis(spec)
    parts = []
    for start, stop in bounds:
        if spec.kind == "table" and spec.table is not None:
            table = replace(
                spec.table,
                rows=spec.table.rows[start:stop],
                values=[list(r) for r in spec.table.values[start:stop]],
                texts=spec.table.texts[start:stop] if spec.table.texts is not None else None,
            )
            parts.append(replace(spec, table=table))
            continue
        series = [
            replace(
                s,
                values=s.values[start:stop],
                hollow=s.hollow[start:stop] if s.hollow else None,
                labels=s.labels[start:stop] if s.labels else None,
                error_plus=s.error_plus[start:stop] if s.error_plus else None,
            )
            for s in spec.series
        ]
        categories = (spec.categories or [])[start:stop]
        parts.append(replace(spec, series=series, categories=categories, value_range=(low, high), major_unit=step))
    return parts


def column_chunks(spec: ChartSpec, columns_per_chunk: int) -> list[ChartSpec]:
    """A table wider than a slide in parts of at most `columns_per_chunk` value columns, row labels on each."""
    if spec.table is None or len(spec.table.columns) <= columns_per_chunk or columns_per_chunk < 1:
        return [spec]
    table = spec.table
    n = math.ceil(len(table.columns) / columns_per_chunk)
    size = math.ceil(len(table.columns) / n)
    parts = []
    for index in range(n):
        start, stop = index * size, (index + 1) * size
        kinds = table.column_kinds[start:stop] if table.column_kinds else []
        part = replace(
            table,
            columns=table.columns[start:stop],
            values=[r[start:stop] for r in table.values],
            column_kinds=kinds,
            texts=[r[start:stop] for r in table.texts] if table.texts is not None else None,
        )
        parts.append(replace(spec, table=part))
    return parts
