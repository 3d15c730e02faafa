"""Charts of the staff shares: reported shares against targets and population references, and their series."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from .. import text as safe
from .style import PALETTE, TEXT_MIN, axis, figure, horizontal_line, legend_marker, vertical_line, with_row_labels

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
    own population share as a grey hollow square, the NRW population shares as thin lines behind everything.
    A figure without a share (a statement such as "niemand … eingestellt") gets no row; the table shows it."""
    rows = table[table["share_percent"].notna()].reset_index(drop=True)
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
            # the value next to each mark, readable on a phone and on a slide (a value near 100 % to the left)
            "mode": "markers+text",
            "customdata": [_share_value(r) for r in part.itertuples()],
            "texttemplate": "%{customdata}",
            "textposition": ["top left" if x > 85 else "top center" for x in part["share_percent"]],
            "textfont": {"size": TEXT_MIN, "color": PALETTE[0]},
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
            "text": [safe.plot(str(t)) for t in part["share_text"]],  # the wording as reported (slide labels)
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
        traces.append(legend_marker("Wortangabe, als Zahl gezeichnet", "circle-open", PALETTE[0], "shares"))
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
    for trace in traces:  # a mark at 100 % (a narrow plot on a phone) is drawn whole, not cut at the plot's edge
        trace["cliponaxis"] = False
    lines, legend = _benchmark_lines(benchmarks, vertical_line)
    categories = list(dict.fromkeys(rows["row_label"]))
    n_lines = max((r.count("<br>") + 1 for r in categories), default=1)  # lines of the tallest row label
    fig = figure(
        traces + legend,
        title or "Berichtete Anteile, Zielwerte und Bevölkerungsanteil",
        source,
        subtitle="Anteil mit Einwanderungsgeschichte je Angabe, wie berichtet; nicht gerankt, da Bezugsgruppen, "
        "Begriffe und Erhebungen verschieden sind",
        shapes=lines,
        legend_title="",
        height=max(460, (15 * n_lines + 10) * len(categories) + 330),
        phone_room=160,  # its legend in titled groups, one entry a row on a phone
        xaxis=axis("Anteil (%)", range=[0, 103], ticksuffix=" %", autotickangles=[0, 90]),
        yaxis=axis("", type="category", categoryorder="array", categoryarray=categories[::-1]),
        hovermode="closest",
    )
    return with_row_labels(
        fig, dict(zip(rows["row_label"], (_share_row_label(r, plain=True) for r in rows.itertuples())))
    )


def _share_row_label(row: Any, plain: bool = False) -> str:
    """'Stadt Solingen' / 'Beschäftigte, Jahr nicht genannt' / 'Ziel 25 %: −4,85 Prozentpunkte' (plain: the
    parts on one line, unescaped, for a slide that wraps them itself)."""
    year = str(int(row.year)) if pd.notna(row.year) else "Jahr nicht genannt"
    parts = [str(row.partner), f"{row.basis_label}, {year}"]
    if pd.notna(getattr(row, "gap_points", None)):
        parts.append(f"Ziel {labels.format_share(row.target_percent, None)}: {labels.format_points(row.gap_points)}")
    if plain:
        return " · ".join(parts)
    lines = [labels.wrap(parts[0], 20), labels.wrap(parts[1], 22)] + [safe.plot(p) for p in parts[2:]]
    return "<br>".join(lines)


def _share_value(row: Any) -> str:
    """The share as the source reports it ('knapp 13 %', '25–30 %'); a verbal amount as the number drawn ('≈ 33,3 %',
    its wording in hover and table)."""
    if bool(row.derived) if pd.notna(row.derived) else False:
        return "≈ " + labels.format_share(row.share_percent, None)
    return safe.plot(str(row.share_text))


def _share_hover(row: Any) -> str:
    year = str(int(row.year)) if pd.notna(row.year) else "Jahr nicht genannt"
    text = safe.plot(str(row.share_text))
    if bool(row.derived) if pd.notna(row.derived) else False:
        text += f" (als {labels.format_percent(row.share_percent, 1)} gezeichnet)"
    page = getattr(row, "source_page", None)
    source = safe.plot(str(getattr(row, "source_short", row.source_doc)))
    return (
        f"{safe.plot(row.partner_label)}, {year}: {text}<br>{safe.plot(str(row.basis_detail))}"
        f"<br>Erhebung: {safe.plot(str(row.method_label))}<br>"
        f"Quelle: {source}" + (f", S. {safe.plot(page)}" if isinstance(page, str) and page else "")
    )


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
        height=600,
        phone_room=160,  # wrapped partner and reference-line entries take many legend rows on a phone
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
