"""Plotly chart builders: one theme, a colour-blind-safe palette, German number format, a title and a
source footnote on every chart, and slide-sized image downloads."""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import labels
from . import text as safe

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
SEQUENTIAL = [[0.0, "#f7fbff"], [0.2, "#c6dbef"], [0.45, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]
STATUS_COLOURS = {
    "durchgeführt": "#009E73",
    "laufend": "#0072B2",
    "geplant": "#E69F00",
    "abgesagt/verschoben": "#D55E00",
    "laufend und geplant": "#56B4E9",
    "abgeschlossen": "#000000",
}
GROUP_COLOURS = dict(zip(labels.PARTNER_GROUP_ORDER, PALETTE))
FONT = "Source Sans Pro, Arial, sans-serif"
# A small template of our own: plotly's built-in ones are large and copying them costs ~20 ms per chart.
pio.templates["ikoe"] = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#E6E6E6", "linecolor": "#BBBBBB", "zeroline": False, "automargin": True},
        "yaxis": {"gridcolor": "#E6E6E6", "linecolor": "#BBBBBB", "zeroline": False, "automargin": True},
    }
)
pio.templates.default = "ikoe"
SOURCE_SHORT = {
    "partnerbericht_2020": "Partnerbericht IKÖ",
    "umsetzungsbericht_2021": "Umsetzungsbericht TIS 2030",
    "webseite_wir_sind_partner": "Webseite „Wir sind Partner“",
    "mso_leitfaden": "MSO-Leitfaden",
    "heinsberg_forum_2024": "Fachforum Kreis Heinsberg",
}
SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900


def image_config(filename: str, image_format: str = "png") -> dict:
    """Plotly config: modebar image download at slide size with a meaningful file name."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {
            "format": image_format,
            "filename": slug(filename),
            "width": SLIDE_WIDTH,
            "height": SLIDE_HEIGHT,
            "scale": 1,
        },
    }


def slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    return re.sub(r"[^A-Za-z0-9]+", "-", text.translate(table)).strip("-").lower()[:80] or "diagramm"


def figure(
    traces: list[dict],
    title: str,
    source: str,
    *,
    xaxis: dict | None = None,
    yaxis: dict | None = None,
    height: int = 480,
    legend_title: str | None = None,
    shapes: list[dict] = (),
    annotations: list[dict] = (),
    margin_top: int = 70,
    **layout,
) -> go.Figure:
    """Assemble a figure from plain trace and layout dicts in one step, with the common theme, the title and the
    source footnote. (Building from dicts and validating once is about ten times faster than plotly's
    incremental update_* calls.)"""
    footnote = {
        "text": source,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "yshift": -88,
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "bottom",
        "align": "left",
        "font": {"size": 11, "color": "#555"},
    }
    literal = [_literal_trace(trace) for trace in traces]
    xaxis = {**_shortened_ticks(traces, "x"), **_literal_axis(xaxis or {})}
    yaxis = {**_shortened_ticks(traces, "y"), **_literal_axis(yaxis or {})}
    return go.Figure(
        data=literal,
        layout={
            "template": "ikoe",
            "title": {
                "text": title,
                "x": 0.01,
                "xanchor": "left",
                "y": 0.99,
                "yref": "container",
                "yanchor": "top",
                "font": {"size": 18},
            },
            "font": {"family": FONT, "size": 13, "color": "#222"},
            "separators": ",.",
            "colorway": PALETTE,
            "height": height,
            "margin": {"l": 70, "r": 30, "t": margin_top, "b": 100},
            "legend": {
                "title": {"text": legend_title or ""},
                "orientation": "v",
                "x": 1.02,
                "xanchor": "left",
                "y": 1,
                "yanchor": "top",
            },
            "hoverlabel": {"font": {"family": FONT}},
            "xaxis": xaxis,
            "yaxis": yaxis,
            "shapes": list(shapes),
            "annotations": [*annotations, footnote],
            **layout,
        },
    )


_DATA_KEYS = ("x", "y", "text", "hovertext", "customdata", "labels")


def _literal_values(values):
    """Strings in a trace's data as plotly-literal text (ikoe_data.text.plot); numbers, dates unchanged."""
    if isinstance(values, pd.DataFrame):
        return values.apply(_literal_values)
    if isinstance(values, (pd.Series, pd.Index)):
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            return values.map(lambda v: safe.plot(v) if isinstance(v, str) else v)
        return values
    if isinstance(values, str):
        return safe.plot(values)
    if isinstance(values, (list, tuple)):
        return [_literal_values(v) for v in values]
    return values


def _literal_trace(trace: dict) -> dict:
    """Data never renders as markup: every data field of a trace is escaped, and a legend name is shortened
    (the hover keeps the full text). Templates (hovertemplate, texttemplate) are the code's own."""
    escaped = {key: _literal_values(value) for key, value in trace.items() if key in _DATA_KEYS}
    if isinstance(trace.get("name"), str):
        escaped["name"] = safe.plot(safe.shorten(trace["name"]))
    return {**trace, **escaped}


def _literal_axis(settings: dict) -> dict:
    """Category lists of an axis name data values: escaped like the trace data they must match."""
    return {
        key: _literal_values(value) if key in ("categoryarray", "tickvals", "ticktext") else value
        for key, value in settings.items()
    }


def _shortened_ticks(traces: list[dict], letter: str) -> dict:
    """Category labels longer than safe.LABEL_LIMIT are shortened on the axis (ticktext); the data, and so the
    hover, keep the full text."""
    categories: dict[str, None] = {}
    for trace in traces:
        values = trace.get(letter)
        if values is None or isinstance(values, str):
            continue
        for value in list(values):
            if isinstance(value, str):
                categories.setdefault(value)
    if not any(len(c) > safe.LABEL_LIMIT for c in categories):
        return {}
    return {
        "tickmode": "array",
        "tickvals": [safe.plot(c) for c in categories],
        "ticktext": [safe.plot(safe.shorten(c)) for c in categories],
    }


def axis(title: str | None = None, **settings) -> dict:
    return {"title": {"text": title}, **settings} if title is not None else settings


def vertical_line(x: float, line: dict) -> dict:
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": line}


def horizontal_line(y: float, line: dict) -> dict:
    return {"type": "line", "y0": y, "y1": y, "yref": "y", "x0": 0, "x1": 1, "xref": "x domain", "line": line}


def source_note(*status_labels: str, extra: str = "") -> str:
    text = "Quelle: " + "; ".join(status_labels) + ". Eigene Auswertung."
    return f"{text} {extra}".strip()


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
    shapes: list[dict] = (),
    annotations: list[dict] = (),
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
                "customdata": part[["year", "share_text", "method_label", "basis_detail", "source_line"]].astype(str),
                "hovertemplate": (
                    "%{y}, %{customdata[0]}: %{customdata[1]}<br>%{customdata[3]}<br>Erhebung: "
                    "%{customdata[2]}<br>Partnerbericht u. a., Z. %{customdata[4]}<extra></extra>"
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


def _benchmark_lines(benchmarks: pd.DataFrame, make_line) -> tuple[list[dict], list[dict]]:
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
                "name": f"{row.scope}: {labels.format_share(row.value, row.qualifier)} "
                f"({SOURCE_SHORT.get(row.source_doc, row.source_doc)})",
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


def _continuation(start: float, end: float) -> tuple[list[dict], list[dict]]:
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


def _goal_bars(part: pd.DataFrame, name: str, colour: str) -> dict:
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
