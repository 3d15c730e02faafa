"""Charts of an own analysis: the kind the count's shape asks for (`CrossTable.chart_kind`), drawn by the generic
builders — bars for a list, stacked or grouped bars for a small cross table, a heatmap for a large one — and
grouped bars for two years compared."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..analysis.crosstab import GROUPED, HEATMAP, LIST, CrossTable, YearComparison
from ..analysis.crosstab_catalogue import Dimension, Value
from .generic import bar_matrix_chart, heatmap, horizontal_bar_chart
from .style import GROUP_COLOURS, PALETTE, STATUS_COLOURS

MISSING_COLOUR = "#999999"


def _axis_title(dimension: Dimension, values: tuple[Value, ...]) -> str:
    """The dimension's name; '(Nr.)' where the axis shows numbers (goals) instead of labels."""
    return f"{dimension.label} (Nr.)" if any(v.short for v in values) else dimension.label


def _colours(dimension: Dimension, values: tuple[Value, ...]) -> dict[str, str]:
    """Series colours: the dashboard's own for statuses and partner groups, the palette in order otherwise, grey
    for 'no value'."""
    own = STATUS_COLOURS if dimension.key == "status" else GROUP_COLOURS if dimension.key == "partner_group" else {}
    named = [v for v in values if v.code != ""]
    colours = {v.label: own.get(v.label, PALETTE[i % len(PALETTE)]) for i, v in enumerate(named)}
    return colours | {v.label: MISSING_COLOUR for v in values if v.code == ""}


def crosstab_chart(result: CrossTable, source: str) -> go.Figure:
    """The chart of a list or cross table (at most its CHART_LIMIT largest rows and columns, see its notes)."""
    unit = (result.subject.singular, result.subject.plural)
    rows = [result.row_values[i] for i in result.chart_rows]
    x_title = f"{result.subject.plural} (Anzahl)"
    active = (
        "; Jahr: aktiv laut Umsetzungsbericht"
        if "year" in (result.rows.key, getattr(result.columns, "key", None))
        else ""
    )
    one = result.subject.one
    several = f"; {one[0].lower()}{one[1:]} mit mehreren Werten zählt bei jedem" if result.several else ""
    if result.chart_kind == LIST:
        table = pd.DataFrame(
            {"label": [v.chart_label for v in rows], "n": [int(result.row_totals[i]) for i in result.chart_rows]}
        )
        return horizontal_bar_chart(
            table,
            "label",
            "n",
            result.title,
            source,
            x_title,
            unit=unit,
            subtitle=f"Anzahl der {result.subject.plural} je {result.rows.label}{active}{several}",
            hover_labels=[v.hover for v in rows],
            y_title=_axis_title(result.rows, tuple(rows)),
        )
    assert result.columns is not None
    columns = [result.column_values[j] for j in result.chart_columns]
    matrix = pd.DataFrame(
        result.matrix.iloc[list(result.chart_rows), list(result.chart_columns)].to_numpy(),
        index=[v.chart_label for v in rows],
        columns=[v.chart_label for v in columns],
    )
    if result.chart_kind == HEATMAP:
        return heatmap(
            matrix,
            result.title,
            source,
            x_title=_axis_title(result.columns, tuple(columns)),
            y_title=_axis_title(result.rows, tuple(rows)),
            value_label=unit,
            row_hover=[v.hover for v in rows],
        )
    grouped = result.chart_kind == GROUPED
    return bar_matrix_chart(
        matrix,
        result.title,
        source,
        x_title=x_title,
        y_title=_axis_title(result.rows, tuple(rows)),
        legend_title=result.columns.label,
        barmode="group" if grouped else "stack",
        unit=unit,
        subtitle=f"Anzahl der {result.subject.plural} je {result.rows.label} und {result.columns.label}"
        + active
        + several,
        row_hover=[v.hover for v in rows],
        colours=_colours(result.columns, tuple(columns)),
    )


def year_comparison_chart(result: YearComparison, source: str) -> go.Figure:
    """Year A and year B side by side, one bar group per value (at most CHART_LIMIT, see the notes)."""
    rows = [result.row_values[i] for i in result.chart_rows]
    years = [str(result.year_a), str(result.year_b)]
    matrix = pd.DataFrame(
        result.matrix.iloc[list(result.chart_rows)].to_numpy(), index=[v.chart_label for v in rows], columns=years
    )
    return bar_matrix_chart(
        matrix,
        result.title,
        source,
        x_title=f"{result.subject.plural} (Anzahl)",
        y_title=_axis_title(result.dimension, tuple(rows)) if result.dimension is not None else "",
        legend_title="Jahr",
        unit=(result.subject.singular, result.subject.plural),
        subtitle=f"{result.subject.compare_meaning}, {years[0]} und {years[1]}",
        row_hover=[v.hover for v in rows],
        colours=dict(zip(years, PALETTE)),
    )
