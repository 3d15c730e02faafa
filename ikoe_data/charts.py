"""Plotly chart builders, one per chart of the dashboard; the theme, palette, figure frame and image settings
they share are in `chart_style` (re-exported here, so `charts.figure`, `charts.source_note` … keep working)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import labels
from . import text as safe
from .chart_style import (
    GROUP_COLOURS,
    PALETTE,
    SEQUENTIAL,
    STATUS_COLOURS,
    axis,
    figure,
    horizontal_line,
    image_config,
    slug,
    source_note,
    vertical_line,
)

# --------------------------------------------------------------------------- partners


def cumulative_partners_chart(cumulative: pd.DataFrame, source: str) -> go.Figure:
    """Stacked step areas: partners per group, counted at each accession date."""
    present = set(cumulative["partner_group"])
    traces = []
    for group in [g for g in labels.PARTNER_GROUP_ORDER if g in present]:
        part = cumulative[cumulative["partner_group"] == group]
        traces.append(
            {
                "type": "scatter",
                "x": part["accession_date"],
                "y": part["cumulative_partners"],
                "name": group,
                "stackgroup": "partners",
                "mode": "lines",
                "fillcolor": GROUP_COLOURS[group],
                "line": {"shape": "hv", "width": 0.5, "color": GROUP_COLOURS[group]},
                "hovertemplate": "%{x|%d.%m.%Y}: %{y:,.0f} Partner<extra>" + safe.plot(group) + "</extra>",
            }
        )
    return figure(
        traces,
        "Wachstum des Partnernetzwerks nach Beitrittsdatum",
        source,
        xaxis=axis("Beitrittsdatum", type="date", tickformat="%Y", dtick="M12", hoverformat="%d.%m.%Y"),
        yaxis=axis("Partner (Anzahl, kumuliert)", rangemode="tozero", tickformat=",d"),
        legend_title="Partnergruppe",
    )


# --------------------------------------------------------------------------- partner measures


def _stacked_focus_bars(
    table: pd.DataFrame,
    series_column: str,
    series: list[str],
    colours: dict[str, str],
    title: str,
    source: str,
    legend_title: str,
) -> go.Figure:
    """Horizontal bars per focus area (report order, top to bottom), stacked by `series_column`."""
    present = set(table[series_column].dropna())
    traces = []
    for name in [s for s in series if s in present]:
        part = table[table[series_column] == name]
        traces.append(
            {
                "type": "bar",
                "y": part["focus_label"],
                "x": part["n_measures"],
                "name": name,
                "orientation": "h",
                "marker": {"color": colours[name]},
                "hovertemplate": "%{y}: %{x:,.0f} Maßnahmen<extra>" + safe.plot(name) + "</extra>",
            }
        )
    order = list(dict.fromkeys(table["focus_label"]))
    return figure(
        traces,
        title,
        source,
        barmode="stack",
        legend_title=legend_title,
        xaxis=axis("Maßnahmen (Anzahl)", rangemode="tozero", tickformat=",d"),
        yaxis=axis("", categoryorder="array", categoryarray=order[::-1]),
    )


def measures_by_focus_chart(table: pd.DataFrame, source: str) -> go.Figure:
    return _stacked_focus_bars(
        table,
        "partner_group",
        labels.PARTNER_GROUP_ORDER,
        GROUP_COLOURS,
        "Maßnahmen der Partner je Themenschwerpunkt",
        source,
        "Partnergruppe",
    )


def heatmap(
    matrix: pd.DataFrame,
    title: str,
    source: str,
    *,
    x_title: str,
    y_title: str,
    value_label: str = "Maßnahmen",
    height: int | None = None,
    shapes: Sequence[dict[str, Any]] = (),
    annotations: Sequence[dict[str, Any]] = (),
) -> go.Figure:
    """Counts as a heatmap with the number written in each cell."""
    z = matrix.to_numpy()
    text = [[labels.format_number(int(v)) if v else "" for v in row] for row in z]
    longest = min(max((len(str(c)) for c in matrix.columns), default=4), 45)
    trace = {
        "type": "heatmap",
        "z": z,
        "x": [str(c) for c in matrix.columns],
        "y": [str(i) for i in matrix.index],
        "colorscale": SEQUENTIAL,
        "text": text,
        "texttemplate": "%{text}",
        "zmin": 0,
        "xgap": 1,
        "ygap": 1,
        "colorbar": {"title": {"text": value_label}},
        "hovertemplate": "%{y} – %{x}: %{z:,.0f} " + value_label + "<extra></extra>",
    }
    return figure(
        [trace],
        f"{title} ({x_title} × {y_title})",
        source,
        xaxis=axis(type="category", side="top", tickangle=-45),
        yaxis=axis(y_title, autorange="reversed", type="category"),
        height=height or max(420, 22 * len(matrix.index) + 200 + 5 * longest),
        margin_top=90 + int(5.5 * longest),
        shapes=shapes,
        annotations=annotations,
    )


def status_chart(table: pd.DataFrame, source: str) -> go.Figure:
    return _stacked_focus_bars(
        table,
        "status_label",
        list(labels.STATUS_PARTNER.values()),
        STATUS_COLOURS,
        "Umsetzungsstand der Partnermaßnahmen",
        source,
        "Stand",
    )


# --------------------------------------------------------------------------- staff shares

BASIS_SYMBOLS = {
    "staff": "circle",
    "trainees": "diamond",
    "new_hires": "square",
    "applicants": "triangle-up",
    "management": "star",
    "department": "cross",
    "members": "x",
    "other": "hexagon",
}
BENCHMARK_DASHES = ["dot", "dash", "dashdot", "longdash"]


def staff_share_chart(shares: pd.DataFrame, benchmarks: pd.DataFrame, source: str) -> go.Figure:
    """Each reported figure as a dot per partner, marked by basis; not ranked (basis differs)."""
    reported = shares.dropna(subset=["share_percent"]).sort_values(["partner", "year"])
    traces = []
    for basis, label in labels.SHARE_BASIS.items():
        part = reported[reported["basis"] == basis]
        if part.empty:
            continue
        traces.append(
            {
                "type": "scatter",
                "x": part["share_percent"],
                "y": part["partner"],
                "mode": "markers",
                "name": label,
                "marker": {"symbol": BASIS_SYMBOLS[basis], "size": 12, "line": {"width": 1, "color": "#222"}},
                "customdata": part[
                    ["year_text", "share_text", "method_label", "basis_detail", "source_short", "source_line"]
                ].astype(str),
                "hovertemplate": (
                    "%{y}, %{customdata[0]}: %{customdata[1]}<br>%{customdata[3]}<br>Erhebung: "
                    "%{customdata[2]}<br>%{customdata[4]}, Z. %{customdata[5]}<extra></extra>"
                ),
            }
        )
    targets = shares.dropna(subset=["target_percent"])
    if not targets.empty:
        traces.append(
            {
                "type": "scatter",
                "x": targets["target_percent"],
                "y": targets["partner"],
                "mode": "markers",
                "name": "Zielwert",
                "hovertemplate": "%{y}: Ziel %{x:.1f} %<extra></extra>",
                "marker": {"symbol": "line-ns-open", "size": 18, "color": "#D55E00", "line": {"width": 3}},
            }
        )
    lines, legend = _benchmark_lines(benchmarks, vertical_line)
    categories = sorted(set(reported["partner"]) | set(targets["partner"]), reverse=True)
    return figure(
        traces + legend,
        "Berichtete Anteile mit Einwanderungsgeschichte (nicht vergleichbar gerankt)",
        source,
        shapes=lines,
        legend_title="Bezugsgruppe",
        height=max(460, 40 * len(categories) + 260),
        xaxis=axis("Anteil (%)", range=[0, 103], ticksuffix=" %", dtick=10),
        yaxis=axis("", type="category", categoryorder="array", categoryarray=categories),
    )


def staff_share_series_chart(series: pd.DataFrame, benchmarks: pd.DataFrame, source: str) -> go.Figure:
    traces = []
    for i, ((partner, basis), part) in enumerate(series.groupby(["partner", "basis_label"], sort=True)):
        traces.append(
            {
                "type": "scatter",
                "x": part["year"],
                "y": part["share_percent"],
                "mode": "lines+markers+text",
                "name": f"{partner} ({basis})",
                "line": {"color": PALETTE[i % len(PALETTE)]},
                "text": part["share_text"],
                "textposition": "top center",
                "hovertemplate": "%{x}: %{text}<extra>" + safe.plot(partner) + "</extra>",
            }
        )
    lines, legend = _benchmark_lines(benchmarks, horizontal_line)
    return figure(
        traces + legend,
        "Entwicklung der berichteten Anteile",
        source,
        shapes=lines,
        legend_title="Partner (Bezugsgruppe)",
        xaxis=axis("Jahr", dtick=1, tickformat="d"),
        yaxis=axis("Anteil (%)", range=[0, 100], ticksuffix=" %", rangemode="tozero"),
    )


def _benchmark_lines(
    benchmarks: pd.DataFrame, make_line: Callable[..., dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reference lines for population shares and their legend entries (one per distinct value and source)."""
    shapes, legend = [], []
    for i, row in enumerate(benchmarks.drop_duplicates(subset=["value", "source_doc"]).itertuples()):
        line = {"dash": BENCHMARK_DASHES[i % len(BENCHMARK_DASHES)], "color": "#444", "width": 1.5}
        shapes.append(make_line(row.value, line))
        legend.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "line": line,
                "name": f"{row.scope}: {getattr(row, 'value_text', labels.format_share(row.value, row.qualifier))} "
                f"({getattr(row, 'source_short', row.source_doc)})",
                "legendgroup": "benchmarks",
                "legendgrouptitle": {"text": "Bevölkerung mit Einwanderungsgeschichte"},
            }
        )
    return shapes, legend


# --------------------------------------------------------------------------- strategy


def goal_year_heatmap(grid: pd.DataFrame, report_year: int, source: str) -> go.Figure:
    matrix = grid.pivot(index="goal_id", columns="year", values="n_active")
    titles = grid.drop_duplicates("goal_id").set_index("goal_id")["goal_title"]
    matrix.index = [f"{g}. {titles[g][:55]}{'…' if len(titles[g]) > 55 else ''}" for g in matrix.index]
    columns = list(matrix.columns)
    start = columns.index(report_year) + 0.5 if report_year in columns else -0.5
    shapes, notes = _continuation(start, len(columns) - 0.5) if columns[-1] > report_year else ([], [])
    return heatmap(
        matrix,
        "Aktive Maßnahmen je Handlungsziel und Jahr",
        source,
        x_title="Jahr",
        y_title="Handlungsziel",
        value_label="aktive Maßnahmen",
        height=max(600, 22 * len(matrix) + 260),
        shapes=shapes,
        annotations=notes,
    )


def goals_covered_chart(covered: pd.DataFrame, total_goals: int, report_year: int, source: str) -> go.Figure:
    trace = {
        "type": "bar",
        "x": covered["year"],
        "y": covered["goals_covered"],
        "marker": {"color": PALETTE[0]},
        "name": "Handlungsziele mit mindestens einer aktiven Maßnahme",
        "hovertemplate": "%{x}: %{y} von " + str(total_goals) + " Handlungszielen<extra></extra>",
    }
    last = int(covered["year"].max())
    shapes, notes = _continuation(report_year + 0.5, last + 0.5) if last > report_year else ([], [])
    shapes.append(horizontal_line(total_goals, {"dash": "dot", "color": "#555"}))
    notes.append(
        {
            "text": f"alle {total_goals} Handlungsziele",
            "x": 0,
            "xref": "x domain",
            "y": total_goals,
            "yref": "y",
            "xanchor": "left",
            "yanchor": "bottom",
            "showarrow": False,
        }
    )
    return figure(
        [trace],
        "Abgedeckte Handlungsziele je Jahr",
        source,
        shapes=shapes,
        annotations=notes,
        xaxis=axis("Jahr", dtick=1, tickformat="d"),
        yaxis=axis("Handlungsziele (Anzahl)", range=[0, total_goals + 3], tickformat=",d"),
    )


def _continuation(start: float, end: float) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Shade years after the report year: they continue the report, they are not observed."""
    shape = {
        "type": "rect",
        "x0": start,
        "x1": end,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "fillcolor": "#999",
        "opacity": 0.12,
        "line": {"width": 0},
        "layer": "above",
    }
    note = {
        "text": "fortgeschrieben",
        "x": start,
        "xref": "x",
        "y": 1,
        "yref": "y domain",
        "xanchor": "left",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 11},
    }
    return [shape], [note]


def measures_per_goal_chart(per_goal: pd.DataFrame, thinnest_ids: set[int], source: str) -> go.Figure:
    thin = per_goal["goal_id"].isin(thinnest_ids)
    traces = [
        _goal_bars(part, labels.ZIELDIMENSION.get(dimension, dimension), PALETTE[[0, 2, 5][i % 3]])
        for i, (dimension, part) in enumerate(per_goal[~thin].groupby("zieldimension", sort=True))
    ]
    if thin.any():
        traces.append(_goal_bars(per_goal[thin], "am dünnsten abgedeckt", "#D55E00"))
    return figure(
        traces,
        "Maßnahmen je Handlungsziel",
        source,
        barmode="relative",
        legend_title="Zieldimension",
        xaxis=axis(
            "Handlungsziel (Nr.)",
            type="category",
            categoryorder="array",
            categoryarray=per_goal["goal_id"].astype(str).tolist(),
        ),
        yaxis=axis("Maßnahmen (Anzahl)", rangemode="tozero", tickformat=",d"),
    )


def _goal_bars(part: pd.DataFrame, name: str, colour: str) -> dict[str, Any]:
    return {
        "type": "bar",
        "x": part["goal_id"].astype(str),
        "y": part["n_measures"],
        "name": name,
        "marker": {"color": colour},
        "customdata": part[["goal_title"]],
        "hovertemplate": "Handlungsziel %{x}: %{customdata[0]}<br>%{y} Maßnahmen<extra></extra>",
    }


def edition_change_chart(change: pd.DataFrame, label_a: str, label_b: str, source: str) -> go.Figure:
    """Measures per goal in two editions side by side."""
    traces = [
        {
            "type": "bar",
            "x": change["goal_id"].astype(str),
            "y": change[column],
            "name": name,
            "marker": {"color": colour},
            "hovertemplate": "Handlungsziel %{x}: %{y} Maßnahmen<extra>" + safe.plot(name) + "</extra>",
        }
        for column, name, colour in (("measures_a", label_a, PALETTE[5]), ("measures_b", label_b, PALETTE[0]))
    ]
    return figure(
        traces,
        "Maßnahmen je Handlungsziel in zwei Ausgaben",
        source,
        barmode="group",
        legend_title="Ausgabe",
        xaxis=axis("Handlungsziel (Nr.)", type="category"),
        yaxis=axis("Maßnahmen (Anzahl)", rangemode="tozero", tickformat=",d"),
    )


def horizontal_bar_chart(
    table: pd.DataFrame, label_column: str, value_column: str, title: str, source: str, x_title: str
) -> go.Figure:
    trace = {
        "type": "bar",
        "y": table[label_column],
        "x": table[value_column],
        "orientation": "h",
        "marker": {"color": PALETTE[0]},
        "hovertemplate": "%{y}: %{x:,.0f}<extra></extra>",
    }
    return figure(
        [trace],
        title,
        source,
        height=max(420, 26 * len(table) + 200),
        xaxis=axis(x_title, rangemode="tozero", tickformat=",d"),
        yaxis=axis("", autorange="reversed", type="category"),
    )


__all__ = [
    "BASIS_SYMBOLS",
    "BENCHMARK_DASHES",
    "PALETTE",
    "axis",
    "cumulative_partners_chart",
    "edition_change_chart",
    "figure",
    "goal_year_heatmap",
    "goals_covered_chart",
    "heatmap",
    "horizontal_bar_chart",
    "image_config",
    "measures_by_focus_chart",
    "measures_per_goal_chart",
    "slug",
    "source_note",
    "staff_share_chart",
    "staff_share_series_chart",
    "status_chart",
]
