"""Plotly chart builders, one per chart of the dashboard; the theme, palette, figure frame, layout rules and image
settings they share are in `chart_style` (re-exported here, so `charts.figure`, `charts.image_config` … keep
working)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from . import labels
from . import text as safe
from .chart_style import (
    AXIS_LINE_PX,
    EXPORT_HEIGHT,
    EXPORT_SCALE,
    EXPORT_WIDTH,
    FONT,
    GOAL_LABEL_LINES,
    GOAL_LABEL_WRAP,
    GROUP_COLOURS,
    LEGEND_WRAP,
    LINE_PX,
    PALETTE,
    SEQUENTIAL,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    STATUS_COLOURS,
    TEXT,
    TEXT_MIN,
    TITLE_SIZE,
    _counts_text,
    axis,
    category_ticks,
    count_axis,
    export_height,
    figure,
    horizontal_line,
    image_config,
    nice_step,
    slug,
    source_note,
    vertical_line,
)

__all__ = [
    "AXIS_LINE_PX",
    "EXPORT_HEIGHT",
    "EXPORT_SCALE",
    "EXPORT_WIDTH",
    "FONT",
    "GOAL_LABEL_LINES",
    "GOAL_LABEL_WRAP",
    "GROUP_COLOURS",
    "LEGEND_WRAP",
    "LINE_PX",
    "PALETTE",
    "SEQUENTIAL",
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "STATUS_COLOURS",
    "TEXT",
    "TEXT_MIN",
    "TITLE_SIZE",
    "axis",
    "category_ticks",
    "count_axis",
    "export_height",
    "figure",
    "horizontal_line",
    "image_config",
    "nice_step",
    "slug",
    "source_note",
    "vertical_line",
]

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
    total = cumulative.groupby("accession_date")["cumulative_partners"].sum().max() if len(cumulative) else 0
    return figure(
        traces,
        "Wachstum des Partnernetzwerks",
        source,
        subtitle="Partner nach Beitrittsdatum, kumuliert, je Partnergruppe",
        xaxis=axis("Beitrittsdatum", type="date", tickformat="%Y", dtick="M12", hoverformat="%d.%m.%Y"),
        yaxis=count_axis("Partner (Anzahl)", total),
        legend_title="Partnergruppe",
        hovermode="closest",
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
    subtitle: str,
) -> go.Figure:
    """Horizontal bars per focus area (report order, top to bottom), stacked by `series_column`. Groups with no
    measure in a focus area are left out (no '0 Maßnahmen' in hovers)."""
    shown = table[table["n_measures"] > 0]
    present = set(shown[series_column].dropna())
    traces = []
    for name in [s for s in series if s in present]:
        part = shown[shown[series_column] == name]
        traces.append(
            {
                "type": "bar",
                "y": [labels.wrap(v, 22) for v in part["focus_label"]],
                "x": part["n_measures"],
                "name": name,
                "orientation": "h",
                "marker": {"color": colours[name]},
                "hovertext": [
                    f"{safe.plot(str(f))}: {t} ({safe.plot(name)})"
                    for f, t in zip(part["focus_label"], _counts_text(part["n_measures"], "Maßnahme", "Maßnahmen"))
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    order = [labels.wrap(v, 22) for v in dict.fromkeys(table["focus_label"])]
    totals = shown.groupby("focus_label")["n_measures"].sum()
    lines = max((len(labels.wrap_lines(v, 22)) for v in dict.fromkeys(table["focus_label"])), default=1)
    return figure(
        traces,
        title,
        source,
        subtitle=subtitle,
        barmode="stack",
        legend_title=legend_title,
        height=max(420, len(order) * (LINE_PX * lines + 18) + 260),
        xaxis=count_axis("Maßnahmen (Anzahl)", totals.max() if len(totals) else 0),
        yaxis=axis("", type="category", categoryorder="array", categoryarray=order[::-1]),
        hovermode="closest",
    )


def measures_by_focus_chart(
    table: pd.DataFrame, source: str, title: str = "Maßnahmen der Partner je Themenschwerpunkt"
) -> go.Figure:
    return _stacked_focus_bars(
        table,
        "partner_group",
        labels.PARTNER_GROUP_ORDER,
        GROUP_COLOURS,
        title,
        source,
        "Partnergruppe",
        "Im Partnerbericht beschriebene Einzelmaßnahmen der Partner, nach Partnergruppe",
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
    colour bar); column labels on top, horizontal where they fit."""
    z = matrix.to_numpy()
    rows = [str(i) for i in matrix.index]
    columns = [str(c) for c in matrix.columns]
    text = [[labels.format_number(int(v)) if v else "" for v in row] for row in z]
    hover_rows = row_hover or rows
    hover = [
        [f"{safe.plot(r)} – {safe.plot(c)}: {labels.count(int(v), *value_label)}" for c, v in zip(columns, row)]
        for r, row in zip(hover_rows, z)
    ]
    y_labels = [labels.wrap(r, y_wrap) for r in rows]
    # few columns: labels wrapped and horizontal; many: one line each, which plotly turns vertical where needed
    x_labels = [labels.wrap(c, x_wrap if len(columns) <= 8 else 200) for c in columns]
    row_lines = max((len(labels.wrap_lines(r, y_wrap)) for r in rows), default=1)
    col_lines = max((x.count("<br>") + 1 for x in x_labels), default=1)
    trace = {
        "type": "heatmap",
        "z": z,
        "x": x_labels,
        "y": y_labels,
        "colorscale": SEQUENTIAL,
        "showscale": False,
        "colorbar": {"title": {"text": value_label[1]}},  # unit for the text alternative (scale hidden)
        "text": text,
        "texttemplate": "%{text}",
        "textfont": {"size": TEXT_MIN},
        "zmin": 0,
        "xgap": 1,
        "ygap": 1,
        "hovertext": hover,
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    cell = max(24, LINE_PX * row_lines + 8)
    return figure(
        [trace],
        title,
        source,
        subtitle=subtitle or f"Zahl in der Zelle: Anzahl der {value_label[1]}; je dunkler, desto mehr",
        xaxis=category_ticks(side="top", title={"text": x_title}),
        yaxis=axis(labels.wrap(y_title, 20), autorange="reversed", type="category"),
        height=height or max(420, cell * len(rows) + 200 + LINE_PX * col_lines),
        bottom_lines=0,
    )


def status_chart(table: pd.DataFrame, source: str, title: str = "Umsetzungsstand der Partnermaßnahmen") -> go.Figure:
    return _stacked_focus_bars(
        table,
        "status_label",
        list(labels.STATUS_PARTNER.values()),
        STATUS_COLOURS,
        title,
        source,
        "Stand",
        "Einzelmaßnahmen je Themenschwerpunkt nach Umsetzungsstand laut Partnerbericht",
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
TARGET_COLOUR, GAP_COLOUR, LOCAL_COLOUR = "#D55E00", "#D55E00", "#555555"


def share_target_chart(
    table: pd.DataFrame, benchmarks: pd.DataFrame, source: str, title: str | None = None
) -> go.Figure:
    """Reported share, target, gap and population reference: one row per reported figure (so that two figures
    of one partner never sit on each other), partners alphabetical (not ranked: bases differ).

    Marks, drawn so that none hides another: the reported share as a filled symbol (shape = basis; hollow where
    the source gives words, plotted as a number; a bar for a stated range), the target as a larger hollow
    diamond around or beside it, the gap as a dotted segment between them and in the row label, the partner's
    own population share as a grey hollow square, the NRW population shares as thin lines behind everything."""
    rows = table.reset_index(drop=True)
    row_labels = [_share_row_label(r) for r in rows.itertuples()]
    rows = rows.assign(row_label=row_labels)
    traces: list[dict[str, Any]] = []
    for basis, basis_label in labels.SHARE_BASIS.items():
        part = rows[(rows["basis"] == basis) & rows["share_percent"].notna()]
        if part.empty:
            continue
        derived = part["derived"].fillna(False).astype(bool)
        symbol = BASIS_SYMBOLS[basis]
        upper = part["share_percent_upper"] if "share_percent_upper" in part else pd.Series(pd.NA, index=part.index)
        spread = (upper.astype("Float64") - part["share_percent"].astype("Float64")).fillna(0).astype(float)
        trace = {
            "type": "scatter",
            "x": part["share_percent"],
            "y": part["row_label"],
            "mode": "markers",
            "name": basis_label,
            "legendgroup": "shares",
            "legendgrouptitle": {"text": "Berichteter Anteil (Bezugsgruppe)"},
            "marker": {
                "symbol": [f"{symbol}-open" if d else symbol for d in derived],
                "size": 12,
                "color": PALETTE[0],
                "line": {"width": 2, "color": PALETTE[0]},
            },
            "hovertext": [_share_hover(r) for r in part.itertuples()],
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
        if (spread > 0).any():
            trace["error_x"] = {
                "type": "data",
                "symmetric": False,
                "array": spread.tolist(),
                "arrayminus": [0] * len(spread),
                "color": PALETTE[0],
                "thickness": 2,
                "width": 6,
            }
        traces.append(trace)
    if rows.get("derived", pd.Series(dtype=bool)).fillna(False).astype(bool).any():
        traces.append(_legend_marker("Wortangabe, als Zahl gezeichnet", "circle-open", PALETTE[0], "shares"))
    targets = rows.dropna(subset=["target_percent"])
    if not targets.empty:
        gaps = targets.dropna(subset=["share_percent"])
        if not gaps.empty:
            xs, ys = [], []
            for r in gaps.itertuples():
                xs += [r.share_percent, r.target_percent, None]
                ys += [r.row_label, r.row_label, None]
            traces.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "mode": "lines",
                    "name": "Abstand zum Zielwert",
                    "line": {"color": GAP_COLOUR, "dash": "dot", "width": 2},
                    "hoverinfo": "skip",
                    "legendgroup": "targets",
                    "legendgrouptitle": {"text": "Ziel"},
                }
            )
        traces.append(
            {
                "type": "scatter",
                "x": targets["target_percent"],
                "y": targets["row_label"],
                "mode": "markers",
                "name": "Zielwert",
                "legendgroup": "targets",
                "legendgrouptitle": {"text": "Ziel"},
                "marker": {"symbol": "diamond-open", "size": 20, "color": TARGET_COLOUR, "line": {"width": 2.5}},
                "hovertext": [
                    f"{safe.plot(r.partner_label)}: Zielwert {labels.format_share(r.target_percent, None)}"
                    f"{' bis ' + str(int(r.target_year)) if pd.notna(r.target_year) else ' (ohne Zieljahr)'}"
                    + (f"<br>Abstand: {labels.format_points(r.gap_points)}" if pd.notna(r.gap_points) else "")
                    for r in targets.itertuples()
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    local = rows.dropna(subset=["population_percent"])
    if not local.empty:
        traces.append(
            {
                "type": "scatter",
                "x": local["population_percent"],
                "y": local["row_label"],
                "mode": "markers",
                "name": "Bevölkerungsanteil vor Ort (laut Quelle)",
                "legendgroup": "population",
                "legendgrouptitle": {"text": "Bevölkerung mit Einwanderungsgeschichte"},
                "marker": {"symbol": "square-open", "size": 13, "color": LOCAL_COLOUR, "line": {"width": 2}},
                "hovertext": [
                    f"{safe.plot(r.partner_label)}: Bevölkerungsanteil {safe.plot(r.population_text)}"
                    for r in local.itertuples()
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    lines, legend = _benchmark_lines(benchmarks, vertical_line)
    categories = list(dict.fromkeys(rows["row_label"]))
    n_lines = max((r.count("<br>") + 1 for r in categories), default=1)  # lines of the tallest row label
    return figure(
        traces + legend,
        title or "Berichtete Anteile, Zielwerte und Bevölkerungsanteil",
        source,
        subtitle="Anteil mit Einwanderungsgeschichte je Angabe, wie berichtet; nicht gerankt, da Bezugsgruppen, "
        "Begriffe und Erhebungen verschieden sind",
        shapes=lines,
        legend_title="",
        height=max(460, (15 * n_lines + 10) * len(categories) + 330),
        xaxis=axis("Anteil (%)", range=[0, 103], ticksuffix=" %", autotickangles=[0, 90]),
        yaxis=axis("", type="category", categoryorder="array", categoryarray=categories[::-1]),
        hovermode="closest",
    )


def _share_row_label(row: Any) -> str:
    """'Stadt Solingen' / 'Beschäftigte, Jahr nicht genannt' / 'Ziel 25 %: −4,85 Prozentpunkte'."""
    year = str(int(row.year)) if pd.notna(row.year) else "Jahr nicht genannt"
    lines = [labels.wrap(row.partner, 20), labels.wrap(f"{row.basis_label}, {year}", 22)]
    if pd.notna(getattr(row, "gap_points", None)):
        lines.append(
            safe.plot(f"Ziel {labels.format_share(row.target_percent, None)}: {labels.format_points(row.gap_points)}")
        )
    return "<br>".join(lines)


def _share_hover(row: Any) -> str:
    year = str(int(row.year)) if pd.notna(row.year) else "Jahr nicht genannt"
    text = safe.plot(str(row.share_text))
    if bool(row.derived) if pd.notna(row.derived) else False:
        text += f" (als {labels.format_percent(row.share_percent, 1)} gezeichnet)"
    return (
        f"{safe.plot(row.partner_label)}, {year}: {text}<br>{safe.plot(str(row.basis_detail))}"
        f"<br>Erhebung: {safe.plot(str(row.method_label))}<br>"
        f"{safe.plot(str(getattr(row, 'source_short', row.source_doc)))}, Zeile {row.source_line}"
    )


def _legend_marker(name: str, symbol: str, colour: str, group: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "legendgroup": group,
        "marker": {"symbol": symbol, "size": 12, "color": colour, "line": {"width": 2, "color": colour}},
        "hoverinfo": "skip",
    }


def staff_share_series_chart(series: pd.DataFrame, benchmarks: pd.DataFrame, source: str) -> go.Figure:
    """Shares of partners that reported one basis in several years (figures without a year are not in a series)."""
    series = series.dropna(subset=["year"])
    name_column = "partner_label" if "partner_label" in series else "partner"
    traces = []
    for i, ((partner, basis), part) in enumerate(series.groupby([name_column, "basis_label"], sort=True)):
        traces.append(
            {
                "type": "scatter",
                "x": part["year"],
                "y": part["share_percent"],
                "mode": "lines+markers",
                "name": safe.plot(f"{partner} ({basis})"),
                "line": {"color": PALETTE[i % len(PALETTE)]},
                "hovertext": [f"{int(y)}: {safe.plot(str(t))}" for y, t in zip(part["year"], part["share_text"])],
                "hovertemplate": "%{hovertext}<extra>" + safe.plot(f"{partner} ({basis})") + "</extra>",
            }
        )
    lines, legend = _benchmark_lines(benchmarks, horizontal_line)
    return figure(
        traces + legend,
        "Entwicklung der berichteten Anteile",
        source,
        subtitle="Partner mit Angaben aus mehreren Jahren für dieselbe Bezugsgruppe",
        shapes=lines,
        legend_title="Partner (Bezugsgruppe)",
        height=600,  # wrapped partner and reference-line entries take many legend rows on a phone
        xaxis=axis("Jahr", dtick=1, tickformat="d", autotickangles=[0, 90]),
        yaxis=axis("Anteil (%)", range=[0, 100], ticksuffix=" %", rangemode="tozero"),
    )


def _benchmark_lines(
    benchmarks: pd.DataFrame, make_line: Callable[[float, dict[str, Any]], dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Reference lines for population shares and their legend entries (one per distinct value and source)."""
    shapes, legend = [], []
    for i, row in enumerate(benchmarks.drop_duplicates(subset=["value", "source_doc"]).itertuples()):
        line = {"dash": BENCHMARK_DASHES[i % len(BENCHMARK_DASHES)], "color": "#777", "width": 1.5}
        shapes.append(make_line(row.value, line))
        legend.append(
            {
                "type": "scatter",
                "x": [None],
                "y": [None],
                "mode": "lines",
                "line": line,
                "name": safe.plot(
                    f"{row.scope}: {getattr(row, 'value_text', labels.format_share(row.value, row.qualifier))} "
                    f"({getattr(row, 'source_short', row.source_doc)})"
                ),
                "legendgroup": "benchmarks",
                "legendgrouptitle": {"text": "Bevölkerung mit Einwanderungsgeschichte"},
                "hoverinfo": "skip",
            }
        )
    return shapes, legend


# --------------------------------------------------------------------------- strategy

OBSERVED, LOWER_BOUND, PROJECTION = "observed", "lower_bound", "projection"


def year_status(year: int, report_year: int) -> str:
    """Before the report year a count is a lower bound (many measures name no start year and count from the
    report year); after it, a continuation of running measures, not an observation."""
    return LOWER_BOUND if year < report_year else PROJECTION if year > report_year else OBSERVED


def year_status_names(report_year: int) -> dict[str, str]:
    return {
        LOWER_BOUND: f"vor {report_year}: Untergrenze",
        OBSERVED: f"{report_year}: Stand des Berichts",
        PROJECTION: f"nach {report_year}: fortgeschrieben",
    }


YEAR_STATUS_STYLE: dict[str, dict[str, Any]] = {
    OBSERVED: {"color": PALETTE[0]},
    LOWER_BOUND: {"color": "#9ecae1", "pattern": {"shape": "/", "fgcolor": PALETTE[0], "size": 8, "solidity": 0.25}},
    PROJECTION: {"color": "#c6dbef", "pattern": {"shape": ".", "fgcolor": PALETTE[0], "size": 6, "solidity": 0.3}},
}


def coverage_subtitle(report_year: int, last_year: int, horizon: int = 2030) -> str:
    stop = (
        ""
        if last_year >= horizon
        else f" Die Reihe endet {last_year}, dem spätesten Endjahr im Bericht; zu {last_year + 1}–{horizon} "
        "enthält er nichts."
    )
    return (
        f"Handlungsziele mit mindestens einer aktiven Maßnahme. Ohne Beginnjahr zählt eine Maßnahme ab {report_year}."
        + stop
    )


def goal_year_heatmap(grid: pd.DataFrame, report_year: int, source: str, horizon: int = 2030) -> go.Figure:
    """Goals × years; the years before and after the report year are drawn in their own lighter tones and named
    in the legend (lower bound, continuation)."""
    matrix = grid.pivot(index="goal_id", columns="year", values="n_active")
    titles = grid.drop_duplicates("goal_id").set_index("goal_id")["goal_title"]
    rows = [f"{g}. {titles[g]}" for g in matrix.index]
    y_labels = [labels.wrap(r, GOAL_LABEL_WRAP, max_lines=GOAL_LABEL_LINES) for r in rows]
    row_px = max(24, max((y.count("<br>") + 1 for y in y_labels), default=1) * 15 + 8)
    years = [int(y) for y in matrix.columns]
    names = year_status_names(report_year)
    scales = {
        OBSERVED: SEQUENTIAL,
        LOWER_BOUND: [[0.0, "#fbf3ec"], [1.0, "#a6611a"]],
        PROJECTION: [[0.0, "#f4f4f4"], [1.0, "#636363"]],
    }
    zmax = max(float(matrix.to_numpy().max()), 1.0) if matrix.size else 1.0
    traces = []
    for status in (LOWER_BOUND, OBSERVED, PROJECTION):
        cols = [y for y in years if year_status(y, report_year) == status]
        if not cols:
            continue
        part = matrix[cols]
        z = part.to_numpy()
        traces.append(
            {
                "type": "heatmap",
                "z": z,
                "x": [str(y) for y in cols],
                "y": y_labels,
                "colorscale": scales[status],
                "zmin": 0,
                "zmax": zmax,
                "showscale": False,
                "text": [[labels.format_number(int(v)) if v else "" for v in row] for row in z],
                "texttemplate": "%{text}",
                "textfont": {"size": TEXT_MIN},
                "xgap": 1,
                "ygap": 1,
                "name": names[status],
                "hovertext": [
                    [
                        f"Handlungsziel {safe.plot(r)}<br>{y} ({names[status]}): "
                        f"{labels.count(int(v), 'aktive Maßnahme', 'aktive Maßnahmen')}"
                        for y, v in zip(cols, row)
                    ]
                    for r, row in zip([labels.wrap(r, 50) for r in rows], z)
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    legend = [
        _legend_marker(
            names[s], "square", {"observed": "#2171b5", "lower_bound": "#c48a4f", "projection": "#969696"}[s], "years"
        )
        for s in (LOWER_BOUND, OBSERVED, PROJECTION)
        if any(year_status(y, report_year) == s for y in years)
    ]
    last = max(years) if years else report_year
    return figure(
        traces + legend,
        "Aktive Maßnahmen je Handlungsziel und Jahr",
        source,
        subtitle="Zahl in der Zelle: aktive Maßnahmen. " + coverage_subtitle(report_year, last, horizon),
        legend_title="Jahre",
        xaxis=axis("Jahr", type="category", autotickangles=[0, 90]),
        yaxis=axis("", autorange="reversed", type="category"),
        height=max(600, row_px * len(rows) + 330),
        bottom_lines=3,
        hovermode="closest",
    )


def goals_covered_chart(
    covered: pd.DataFrame, total_goals: int, report_year: int, source: str, horizon: int = 2030
) -> go.Figure:
    """Goals covered per year; lower-bound and continued years as their own, lighter, patterned bars."""
    names = year_status_names(report_year)
    status = covered["year"].map(lambda y: year_status(int(y), report_year))
    traces = []
    for key in (LOWER_BOUND, OBSERVED, PROJECTION):
        part = covered[status == key]
        if part.empty:
            continue
        traces.append(
            {
                "type": "bar",
                "x": part["year"],
                "y": part["goals_covered"],
                "name": names[key],
                "marker": {**YEAR_STATUS_STYLE[key], "line": {"color": PALETTE[0], "width": 1}},
                "hovertext": [
                    f"{int(y)}: {labels.count(int(v), 'Handlungsziel', 'Handlungsziele')} von {total_goals} "
                    f"({names[key]})"
                    for y, v in zip(part["year"], part["goals_covered"])
                ],
                "hovertemplate": "%{hovertext}<extra></extra>",
            }
        )
    line = {"dash": "dot", "color": "#555", "width": 1.5}
    traces.append(
        {
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "lines",
            "line": line,
            "name": f"alle {labels.count(total_goals, 'Handlungsziel', 'Handlungsziele')}",
            "hoverinfo": "skip",
        }
    )
    last = int(covered["year"].max()) if len(covered) else report_year
    return figure(
        traces,
        "Abgedeckte Handlungsziele je Jahr",
        source,
        subtitle=coverage_subtitle(report_year, last, horizon),
        shapes=[horizontal_line(total_goals, line)],
        legend_title="Jahre",
        barmode="overlay",
        xaxis=axis("Jahr", dtick=1, tickformat="d", autotickangles=[0, 90]),
        yaxis=count_axis("Handlungsziele (Anzahl)", total_goals),
        height=520,
        bottom_lines=3,
    )


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
        subtitle="Strategiemaßnahmen je Handlungsziel; eine Maßnahme unter mehreren Zielen zählt bei jedem",
        barmode="relative",
        legend_title="Zieldimension",
        xaxis=category_ticks(
            title={"text": "Handlungsziel (Nr.)"},
            categoryorder="array",
            categoryarray=per_goal["goal_id"].astype(str).tolist(),
        ),
        yaxis=count_axis("Maßnahmen (Anzahl)", per_goal["n_measures"].max() if len(per_goal) else 0),
        hovermode="closest",
        bottom_lines=2.5,
    )


def _goal_bars(part: pd.DataFrame, name: str, colour: str) -> dict[str, Any]:
    return {
        "type": "bar",
        "x": part["goal_id"].astype(str),
        "y": part["n_measures"],
        "name": name,
        "marker": {"color": colour},
        "hovertext": [
            f"Handlungsziel {g}: {labels.wrap(t, 50)}<br>{labels.count(int(n), 'Maßnahme', 'Maßnahmen')}"
            for g, t, n in zip(part["goal_id"], part["goal_title"], part["n_measures"])
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
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
            "hovertext": [
                f"Handlungsziel {g}: {labels.count(int(n), 'Maßnahme', 'Maßnahmen')}"
                for g, n in zip(change["goal_id"], change[column])
            ],
            "hovertemplate": "%{hovertext}<extra>" + name + "</extra>",
        }
        for column, name, colour in (
            ("measures_a", safe.plot(label_a), PALETTE[5]),
            ("measures_b", safe.plot(label_b), PALETTE[0]),
        )
    ]
    largest = max(change["measures_a"].max(), change["measures_b"].max()) if len(change) else 0
    return figure(
        traces,
        "Maßnahmen je Handlungsziel in zwei Ausgaben",
        source,
        subtitle="Strategiemaßnahmen je Handlungsziel, beide Ausgaben nebeneinander",
        barmode="group",
        legend_title="Ausgabe",
        xaxis=category_ticks(title={"text": "Handlungsziel (Nr.)"}),
        yaxis=count_axis("Maßnahmen (Anzahl)", largest),
        bottom_lines=2.5,
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
) -> go.Figure:
    names = [labels.wrap(v, 26) for v in table[label_column]]
    lines = max((n.count("<br>") + 1 for n in names), default=1)
    trace = {
        "type": "bar",
        "y": names,
        "x": table[value_column],
        "orientation": "h",
        "marker": {"color": PALETTE[0]},
        "hovertext": [
            f"{safe.plot(str(v))}: {labels.count(int(n), *unit)}"
            for v, n in zip(table[label_column], table[value_column])
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    return figure(
        [trace],
        title,
        source,
        subtitle=subtitle,
        height=max(420, (LINE_PX * lines + 10) * len(table) + 220),
        xaxis=count_axis(x_title, table[value_column].max() if len(table) else 0),
        yaxis=axis("", autorange="reversed", type="category"),
    )
