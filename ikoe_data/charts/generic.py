"""Charts for any table of counts: a heatmap of a matrix, horizontal bars of one column and horizontal bars of a
matrix, grouped or stacked by its columns."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from .. import text as safe
from .style import (
    CELL_NUMBER,
    LABEL_CHAR_PX,
    LINE_PX,
    PALETTE,
    SEQUENTIAL,
    TEXT_MIN,
    axis,
    category_ticks,
    cell_grid,
    count_axis,
    figure,
    named_ticks,
)


def heatmap(
    matrix: pd.DataFrame,
    title: str,
    source: str,
    *,
    x_title: str,
    y_title: str,
    value_label: tuple[str, str] = ("Maßnahme", "Maßnahmen"),
    subtitle: str = "",
    row_hover: list[str] | None = None,
    x_wrap: int = 14,
    y_wrap: int = 30,
    height: int | None = None,
) -> go.Figure:
    """Counts as a heatmap with the number written in each cell (the colour only repeats it, so there is no
    colour bar); column labels on top, horizontal where they fit. The rows are named in full (`row_hover` where
    given), as the hover shows them, and the axis shows them wrapped (tick labels): no cell repeats a name."""
    z = matrix.to_numpy()
    rows = [str(i) for i in matrix.index]
    columns = [str(c) for c in matrix.columns]
    text = [[labels.format_number(int(v)) if v else "" for v in row] for row in z]
    y_labels = [labels.wrap(r, y_wrap) for r in rows]
    y_names = [safe.plot(r) for r in (row_hover or rows)]
    if len(set(y_names)) < len(y_names):  # a category names one row only
        y_names = y_labels
    # few columns: labels wrapped and horizontal; many: one line each (a column is too narrow for two turned
    # lines), which plotly turns vertical where they would overlap, taking as much height as the longest is long
    many = len(columns) > 8
    x_labels = [labels.wrap(c, 200 if many else x_wrap) for c in columns]
    row_lines = max((len(labels.wrap_lines(r, y_wrap)) for r in rows), default=1)
    col_lines = max((x.count("<br>") + 1 for x in x_labels), default=1)
    label_px = LABEL_CHAR_PX * max(map(len, columns), default=0) if many else LINE_PX * col_lines
    trace = {
        "type": "heatmap",
        "z": z,
        "x": x_labels,  # the axis turns them where they would overlap, which tick labels of its own would not
        "y": y_names,
        "colorscale": SEQUENTIAL,
        "showscale": False,
        "colorbar": {"title": {"text": value_label[1]}},  # unit for the text alternative (scale hidden)
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": TEXT_MIN},
        "zmin": 0,
        "hovertemplate": f"%{{y}} – %{{x}}<br>{value_label[1]}: %{{z:,d}}<extra></extra>",
    }
    cell = max(24, LINE_PX * row_lines + 8)
    return figure(
        [trace],
        title,
        source,
        subtitle=subtitle or f"{CELL_NUMBER}: Anzahl der {value_label[1]}; je dunkler, desto mehr",
        xaxis=category_ticks(side="top", title={"text": x_title}),
        yaxis=axis(labels.wrap(y_title, 20), autorange="reversed", type="category", **named_ticks(y_names, y_labels)),
        height=height or max(420, cell * len(rows) + 200 + label_px),
        shapes=cell_grid(len(columns), len(rows)),
    )


def horizontal_bar_chart(
    table: pd.DataFrame,
    label_column: str,
    value_column: str,
    title: str,
    source: str,
    x_title: str,
    *,
    unit: tuple[str, str] = ("Maßnahme", "Maßnahmen"),
    subtitle: str = "",
    hover_labels: list[str] | None = None,
    y_title: str = "",
) -> go.Figure:
    """One bar per row, top to bottom; `hover_labels` name the rows in the hover where the axis shows short labels
    (a goal's number)."""
    names = [labels.wrap(v, 26) for v in table[label_column]]
    lines = max((n.count("<br>") + 1 for n in names), default=1)
    trace = {
        "type": "bar",
        "y": names,
        "x": table[value_column],
        "orientation": "h",
        "marker": {"color": PALETTE[0]},
        # the number beside each bar: readable on a phone and on a slide without the axis
        "text": [labels.format_number(int(n)) for n in table[value_column]],
        "textposition": "outside",
        "textfont": {"size": TEXT_MIN},
        "cliponaxis": False,
        "hovertext": [
            f"{safe.plot(str(v))}: {labels.count(int(n), *unit)}"
            for v, n in zip(hover_labels or table[label_column], table[value_column])
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    return figure(
        [trace],
        title,
        source,
        subtitle=subtitle,
        height=max(420, (LINE_PX * lines + 10) * len(table) + 220),
        # room beyond the longest bar for its number
        xaxis=count_axis(x_title, 1.12 * table[value_column].max() if len(table) else 0),
        yaxis=axis(labels.wrap(y_title, 20), autorange="reversed", type="category"),
    )


def bar_matrix_chart(
    matrix: pd.DataFrame,
    title: str,
    source: str,
    *,
    x_title: str,
    y_title: str = "",
    legend_title: str,
    barmode: str = "group",
    unit: tuple[str, str] = ("Maßnahme", "Maßnahmen"),
    subtitle: str = "",
    row_hover: list[str] | None = None,
    colours: dict[str, str] | None = None,
) -> go.Figure:
    """Counts of a matrix as horizontal bars: one bar group per row (top to bottom), one series per column, grouped
    or stacked (`barmode`; stacked only where each counted thing is in one column, so a stack is the row's total).
    PowerPoint draws the same chart natively (clustered or stacked bars)."""
    rows = [str(i) for i in matrix.index]
    names = [labels.wrap(r, 26) for r in rows]
    hover_rows = row_hover or rows
    traces = []
    for number, column in enumerate(matrix.columns):
        values = [int(v) for v in matrix[column]]
        traces.append(
            {
                "type": "bar",
                "y": names,
                "x": values,
                "name": safe.plot(str(column)),
                "orientation": "h",
                "marker": {"color": (colours or {}).get(str(column), PALETTE[number % len(PALETTE)])},
                "hovertext": [
                    f"{safe.plot(r)} – {safe.plot(str(column))}: {labels.count(v, *unit)}"
                    for r, v in zip(hover_rows, values)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    stacked = barmode == "stack"
    largest = (matrix.sum(axis=1) if stacked else matrix.max(axis=1)).max() if len(matrix) else 0
    lines = max((n.count("<br>") + 1 for n in names), default=1)
    bar_px = LINE_PX * lines + 10 if stacked else max(LINE_PX * lines, 14 * len(matrix.columns)) + 10
    return figure(
        traces,
        title,
        source,
        subtitle=subtitle,
        barmode=barmode,
        legend_title=legend_title,
        height=max(520, bar_px * len(matrix) + 220),  # with its legend, 250 px of plot on a phone
        xaxis=count_axis(x_title, largest),
        yaxis=axis(labels.wrap(y_title, 20), autorange="reversed", type="category"),
        hovermode="closest",
    )
