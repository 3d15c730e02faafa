"""Charts of the strategy's goals: coverage per goal and year (with the report year's lower bound and
continuation marked), goals covered per year, measures per goal, and two editions side by side."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from .. import text as safe
from ..analysis.strategy import LOWER_BOUND, OBSERVED, PROJECTION, year_status, year_status_names
from .style import (
    CELL_NUMBER,
    GOAL_LABEL_LINES,
    GOAL_LABEL_WRAP,
    LINE_PX,
    PALETTE,
    SEQUENTIAL,
    TEXT_MIN,
    axis,
    category_ticks,
    cell_grid,
    count_axis,
    figure,
    horizontal_line,
    legend_marker,
    named_ticks,
)

YEAR_STATUS_STYLE: dict[str, dict[str, Any]] = {
    OBSERVED: {"color": PALETTE[0]},
    LOWER_BOUND: {"color": "#9ecae1", "pattern": {"shape": "/", "fgcolor": PALETTE[0], "size": 8, "solidity": 0.25}},
    PROJECTION: {"color": "#c6dbef", "pattern": {"shape": ".", "fgcolor": PALETTE[0], "size": 6, "solidity": 0.3}},
}


def coverage_reading(report_year: int) -> str:
    """How to read a coverage count, for the chart's text alternative (the chart shows it by its marking)."""
    return (
        f"Werte vor {report_year} sind Untergrenzen, Werte nach {report_year} Fortschreibungen laufender Maßnahmen, "
        "keine Beobachtungen."
    )


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
    wrapped = [labels.wrap(r, 50) for r in rows]
    traces = []
    # One trace per kind of year, each over all years (cells of the other kinds empty): plotly.js, in the
    # version Streamlit ships, misplaces the numbers of traces that cover only some columns of a category axis.
    for status in (LOWER_BOUND, OBSERVED, PROJECTION):
        mine = [year_status(y, report_year) == status for y in years]
        if not any(mine):
            continue
        z = [[float(v) if own else None for v, own in zip(row, mine)] for row in matrix.to_numpy()]
        traces.append(
            {
                "type": "heatmap",
                "z": z,
                "x": [str(y) for y in years],
                "y": wrapped,  # the goals in full for the hover; the axis shows them shortened (tick labels)
                "colorscale": scales[status],
                "zmin": 0,
                "zmax": zmax,
                "showscale": False,
                "hoverongaps": False,
                "text": [[labels.format_number(int(v)) if v else "" for v in row] for row in z],
                "texttemplate": "%{text}",
                "textfont": {"size": TEXT_MIN},
                "name": names[status],
                "hovertemplate": f"Handlungsziel %{{y}}<br>Jahr %{{x}}<br>{safe.plot(names[status])}<br>"
                "Aktive Maßnahmen: %{z:,d}<extra></extra>",
            }
        )
    legend = [
        legend_marker(
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
        subtitle=f"{CELL_NUMBER}: aktive Maßnahmen. " + coverage_subtitle(report_year, last, horizon),
        legend_title="Jahre",
        xaxis=axis("Jahr", type="category", autotickangles=[0, 90]),
        yaxis=axis("", autorange="reversed", type="category", **named_ticks(wrapped, y_labels)),
        height=max(600, row_px * len(rows) + 330),
        shapes=cell_grid(len(years), len(rows)),
        hovermode="closest",
        reading=coverage_reading(report_year),
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
                # the count above each bar: readable on a phone and on a slide without the axis
                "text": [labels.format_number(int(v)) for v in part["goals_covered"]],
                "textposition": "outside",
                "textfont": {"size": TEXT_MIN},
                "cliponaxis": False,
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
        yaxis=count_axis("Handlungsziele (Anzahl)", 1.08 * total_goals),  # room above a full bar for its number
        height=520,
        reading=coverage_reading(report_year),
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
    )


TRAILING_YEAR = re.compile(r"\s+\d{4}$")


def _in_the_report(quote: object, page: object) -> str:
    """The report's own words for an amount, marked as a quotation with its page: „Im Bericht, S. 8–11: „…““."""
    where = f"Im Bericht, S. {safe.plot(page)}" if isinstance(page, str) and page else "Im Bericht"
    return f"{where}:<br>" + labels.wrap(f"„{quote}“", 60)


def budget_year_chart(budgets: pd.DataFrame, source: str) -> go.Figure:
    """Amounts the strategy report states for a named year: one bar per measure and year (never stacked or
    summed), labelled with the amount as the report gives it. Amounts without a year (annual rates, totals, per
    commune, maxima) measure other things and are left to the table; a measure under several goals is drawn once."""
    dated = (
        budgets.dropna(subset=["year"])
        .drop_duplicates(["measure_id", "year"])
        .sort_values(["measure_id", "year"], ignore_index=True)
    )
    goals = {
        m: ", ".join(str(int(g)) for g in sorted(set(part["goal_id"]))) for m, part in budgets.groupby("measure_id")
    }
    # one row per amount, named by what it covers (without the year some labels end in) and its year; the
    # dashboard's running number only where amounts of two measures share a name (the report numbers no measures)
    names = pd.Series([TRAILING_YEAR.sub("", str(label)) for label in dated["label"]], index=dated.index)
    shared = dated["measure_id"].groupby(names).nunique()
    rows = [
        labels.wrap(f"{name}{f' (Lfd. Nr. {m})' if shared[name] > 1 else ''}, {int(year)}", 30)
        for m, name, year in zip(dated["measure_id"], names, dated["year"])
    ]
    millions = (dated["amount_eur"] / 1_000_000).round(3)
    largest = float(millions.max()) if len(dated) else 1.0
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": rows,
        "x": millions.tolist(),
        "marker": {"color": PALETTE[0]},
        "text": [labels.format_euro(v) for v in dated["amount_eur"]],
        # the amount beside its bar; inside a long bar, so that it never runs out of a phone-wide figure
        "textposition": ["inside" if v > largest / 2 else "outside" for v in millions],
        "insidetextanchor": "end",
        "textfont": {"size": TEXT_MIN},
        "cliponaxis": False,
        "hovertext": [
            f"{safe.plot(str(label))} (Handlungsziel {goals[m]}), {int(year)}: {labels.format_euro(v)}<br>"
            + _in_the_report(quote, page)
            for m, label, year, v, quote, page in zip(
                dated["measure_id"],
                dated["label"],
                dated["year"],
                dated["amount_eur"],
                dated["source_quote"] if "source_quote" in dated else dated["source_anchor"],
                dated["source_page"] if "source_page" in dated else [None] * len(dated),
            )
        ],
        "hovertemplate": "%{hovertext}<extra></extra>",
    }
    lines = max((r.count("<br>") + 1 for r in rows), default=1)
    return figure(
        [trace],
        "Beträge mit genanntem Jahr je Maßnahme",
        source,
        subtitle="Mittel für ein im Bericht genanntes Jahr, in Mio. Euro; nicht addiert. Beträge ohne Jahr "
        "(jährliche Ansätze, Gesamtvolumen, je Kommune, Höchstbeträge) messen anderes und stehen nur in der Tabelle",
        xaxis=axis("Mio. Euro", rangemode="tozero", range=[0, largest * 1.05]),
        yaxis=axis("", autorange="reversed", type="category"),
        uniformtext={"minsize": TEXT_MIN, "mode": "show"},
        height=max(420, len(rows) * (LINE_PX * lines + 10) + 260),
    )
