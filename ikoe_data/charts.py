"""Plotly chart builders: one theme, a colour-blind-safe palette, German number format, a title and a
source footnote on every chart, and slide-sized image downloads."""
from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import labels

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
SEQUENTIAL = [[0.0, "#f7fbff"], [0.2, "#c6dbef"], [0.45, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]
STATUS_COLOURS = {
    "durchgeführt": "#009E73", "laufend": "#0072B2", "geplant": "#E69F00", "abgesagt/verschoben": "#D55E00",
    "laufend und geplant": "#56B4E9", "abgeschlossen": "#000000",
}
GROUP_COLOURS = dict(zip(labels.PARTNER_GROUP_ORDER, PALETTE))
FONT = "Source Sans Pro, Arial, sans-serif"
# A small template of our own: plotly's built-in ones are large and copying them costs ~20 ms per chart.
pio.templates["ikoe"] = go.layout.Template(layout={
    "paper_bgcolor": "white", "plot_bgcolor": "white",
    "xaxis": {"gridcolor": "#E6E6E6", "linecolor": "#BBBBBB", "zeroline": False, "automargin": True},
    "yaxis": {"gridcolor": "#E6E6E6", "linecolor": "#BBBBBB", "zeroline": False, "automargin": True},
})
pio.templates.default = "ikoe"
SOURCE_SHORT = {"partnerbericht_2020": "Partnerbericht IKÖ", "umsetzungsbericht_2021": "Umsetzungsbericht TIS 2030",
                "webseite_wir_sind_partner": "Webseite „Wir sind Partner“", "mso_leitfaden": "MSO-Leitfaden",
                "heinsberg_forum_2024": "Fachforum Kreis Heinsberg"}
SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900


def image_config(filename: str, image_format: str = "png") -> dict:
    """Plotly config: modebar image download at slide size with a meaningful file name."""
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {"format": image_format, "filename": slug(filename),
                                 "width": SLIDE_WIDTH, "height": SLIDE_HEIGHT, "scale": 1},
    }


def slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    return re.sub(r"[^A-Za-z0-9]+", "-", text.translate(table)).strip("-").lower()[:80] or "diagramm"


def finish(fig: go.Figure, title: str, source: str, *, x_title: str | None = None, y_title: str | None = None,
           height: int = 480, legend_title: str | None = None) -> go.Figure:
    """Apply the common theme, title and source footnote."""
    fig.update_layout(
        template="ikoe",
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.99, "yref": "container", "yanchor": "top",
               "font": {"size": 18}},
        font={"family": FONT, "size": 13, "color": "#222"},
        separators=",.",
        colorway=PALETTE,
        height=height,
        margin={"l": 70, "r": 30, "t": 70, "b": 100},
        legend={"title": {"text": legend_title or ""}, "orientation": "v", "x": 1.02, "xanchor": "left", "y": 1,
                "yanchor": "top"},
        hoverlabel={"font": {"family": FONT}},
    )
    fig.add_annotation(text=source, xref="paper", yref="paper", x=0, y=0, yshift=-88, showarrow=False,
                       xanchor="left", yanchor="bottom", align="left", font={"size": 11, "color": "#555"})
    if x_title is not None:
        fig.update_xaxes(title_text=x_title)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title)
    return fig


def source_note(*status_labels: str, extra: str = "") -> str:
    text = "Quelle: " + "; ".join(status_labels) + ". Eigene Auswertung."
    return f"{text} {extra}".strip()


# --------------------------------------------------------------------------- partners

def cumulative_partners_chart(cumulative: pd.DataFrame, source: str) -> go.Figure:
    """Stacked step areas: partners per group, counted at each accession date."""
    fig = go.Figure()
    for group in [g for g in labels.PARTNER_GROUP_ORDER if g in set(cumulative["partner_group"])]:
        part = cumulative[cumulative["partner_group"] == group]
        fig.add_trace(go.Scatter(
            x=part["accession_date"], y=part["cumulative_partners"], name=group, stackgroup="partners",
            mode="lines", line={"shape": "hv", "width": 0.5, "color": GROUP_COLOURS[group]},
            fillcolor=GROUP_COLOURS[group],
            hovertemplate="%{x|%d.%m.%Y}: %{y:,.0f} Partner<extra>" + group + "</extra>"))
    fig.update_xaxes(type="date", tickformat="%Y", dtick="M12", hoverformat="%d.%m.%Y")
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    return finish(fig, "Wachstum des Partnernetzwerks nach Beitrittsdatum", source, x_title="Beitrittsdatum",
                  y_title="Partner (Anzahl, kumuliert)", legend_title="Partnergruppe")


# --------------------------------------------------------------------------- partner measures

def _stacked_focus_bars(table: pd.DataFrame, series_column: str, series: list[str], colours: dict[str, str],
                        title: str, source: str, legend_title: str) -> go.Figure:
    """Horizontal bars per focus area (report order, top to bottom), stacked by `series_column`."""
    fig = go.Figure()
    for name in [s for s in series if s in set(table[series_column].dropna())]:
        part = table[table[series_column] == name]
        fig.add_trace(go.Bar(y=part["focus_label"], x=part["n_measures"], name=name, orientation="h",
                             marker_color=colours[name],
                             hovertemplate="%{y}: %{x:,.0f} Maßnahmen<extra>" + name + "</extra>"))
    order = list(dict.fromkeys(table["focus_label"]))
    fig.update_layout(barmode="stack")
    fig.update_yaxes(categoryorder="array", categoryarray=order[::-1])
    fig.update_xaxes(rangemode="tozero", tickformat=",d")
    return finish(fig, title, source, x_title="Maßnahmen (Anzahl)", y_title="", legend_title=legend_title)


def measures_by_focus_chart(table: pd.DataFrame, source: str) -> go.Figure:
    return _stacked_focus_bars(table, "partner_group", labels.PARTNER_GROUP_ORDER, GROUP_COLOURS,
                               "Maßnahmen der Partner je Themenschwerpunkt", source, "Partnergruppe")


def heatmap(matrix: pd.DataFrame, title: str, source: str, *, x_title: str, y_title: str,
            value_label: str = "Maßnahmen", height: int | None = None) -> go.Figure:
    """Counts as a heatmap with the number written in each cell."""
    z = matrix.to_numpy()
    text = [[f"{int(v):,}".replace(",", ".") if v else "" for v in row] for row in z]
    fig = go.Figure(go.Heatmap(
        z=z, x=[str(c) for c in matrix.columns], y=[str(i) for i in matrix.index], colorscale=SEQUENTIAL,
        text=text, texttemplate="%{text}", zmin=0, colorbar={"title": {"text": value_label}},
        hovertemplate="%{y} – %{x}: %{z:,.0f} " + value_label + "<extra></extra>", xgap=1, ygap=1))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(type="category", side="top", tickangle=-45)
    longest = max((len(str(c)) for c in matrix.columns), default=4)
    rows = len(matrix.index)
    fig = finish(fig, f"{title} ({x_title} × {y_title})", source, y_title=y_title,
                 height=height or max(420, 22 * rows + 200 + 5 * min(longest, 45)))
    fig.update_layout(margin={"t": 90 + int(5.5 * min(longest, 45))})
    return fig


def status_chart(table: pd.DataFrame, source: str) -> go.Figure:
    return _stacked_focus_bars(table, "status_label", list(labels.STATUS_PARTNER.values()), STATUS_COLOURS,
                               "Umsetzungsstand der Partnermaßnahmen", source, "Stand")


# --------------------------------------------------------------------------- staff shares

BASIS_SYMBOLS = {"staff": "circle", "trainees": "diamond", "new_hires": "square", "applicants": "triangle-up",
                 "management": "star", "department": "cross", "members": "x", "other": "hexagon"}


def staff_share_chart(shares: pd.DataFrame, benchmarks: pd.DataFrame, source: str) -> go.Figure:
    """Each reported figure as a dot per partner, marked by basis; not ranked (basis differs)."""
    reported = shares.dropna(subset=["share_percent"]).sort_values(["partner", "year"])
    fig = go.Figure()
    for basis, label in labels.SHARE_BASIS.items():
        part = reported[reported["basis"] == basis]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["share_percent"], y=part["partner"], mode="markers", name=label,
            marker={"symbol": BASIS_SYMBOLS[basis], "size": 12, "line": {"width": 1, "color": "#222"}},
            customdata=part[["year", "share_text", "method_label", "basis_detail", "source_line"]].astype(str),
            hovertemplate=("%{y}, %{customdata[0]}: %{customdata[1]}<br>%{customdata[3]}"
                           "<br>Erhebung: %{customdata[2]}<br>Partnerbericht u. a., Z. %{customdata[4]}<extra></extra>")))
    targets = shares.dropna(subset=["target_percent"])
    if not targets.empty:
        fig.add_trace(go.Scatter(x=targets["target_percent"], y=targets["partner"], mode="markers", name="Zielwert",
                                 marker={"symbol": "line-ns-open", "size": 18, "color": "#D55E00",
                                         "line": {"width": 3}},
                                 hovertemplate="%{y}: Ziel %{x:.1f} %<extra></extra>"))
    _benchmark_lines(fig, benchmarks, axis="x")
    fig.update_xaxes(range=[0, 100], ticksuffix=" %", dtick=10)
    fig.update_yaxes(type="category", categoryorder="array",
                     categoryarray=sorted(set(reported["partner"]) | set(targets["partner"]), reverse=True))
    rows = len(set(reported["partner"]))
    return finish(fig, "Berichtete Anteile mit Einwanderungsgeschichte (nicht vergleichbar gerankt)", source,
                  x_title="Anteil (%)", y_title="", height=max(460, 40 * rows + 260), legend_title="Bezugsgruppe")


def staff_share_series_chart(series: pd.DataFrame, benchmarks: pd.DataFrame, source: str) -> go.Figure:
    fig = go.Figure()
    for i, ((partner, basis), part) in enumerate(series.groupby(["partner", "basis_label"], sort=True)):
        fig.add_trace(go.Scatter(
            x=part["year"], y=part["share_percent"], mode="lines+markers+text", name=f"{partner} ({basis})",
            line={"color": PALETTE[i % len(PALETTE)]}, text=part["share_text"], textposition="top center",
            hovertemplate="%{x}: %{text}<extra>" + partner + "</extra>"))
    _benchmark_lines(fig, benchmarks, axis="y")
    fig.update_yaxes(range=[0, 100], ticksuffix=" %", rangemode="tozero")
    fig.update_xaxes(dtick=1, tickformat="d")
    return finish(fig, "Entwicklung der berichteten Anteile", source, x_title="Jahr", y_title="Anteil (%)",
                  legend_title="Partner (Bezugsgruppe)")


BENCHMARK_DASHES = ["dot", "dash", "dashdot", "longdash"]


def _benchmark_lines(fig: go.Figure, benchmarks: pd.DataFrame, axis: str) -> None:
    """Reference lines for population shares, explained in the legend (one entry per distinct value)."""
    distinct = benchmarks.drop_duplicates(subset=["value", "source_doc"])
    for i, row in enumerate(distinct.itertuples()):
        line = {"dash": BENCHMARK_DASHES[i % len(BENCHMARK_DASHES)], "color": "#444", "width": 1.5}
        name = f"{row.scope}: {labels.format_share(row.value, row.qualifier)} ({SOURCE_SHORT.get(row.source_doc, row.source_doc)})"
        if axis == "x":
            fig.add_vline(x=row.value, line=line)
        else:
            fig.add_hline(y=row.value, line=line)
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", line=line, name=name,
                                 legendgroup="benchmarks", legendgrouptitle_text="Bevölkerung mit Einwanderungsgeschichte"))


# --------------------------------------------------------------------------- strategy

def goal_year_heatmap(grid: pd.DataFrame, report_year: int, source: str) -> go.Figure:
    matrix = grid.pivot(index="goal_id", columns="year", values="n_active")
    matrix.index = [f"{g}. {t[:55]}{'…' if len(t) > 55 else ''}" for g, t in
                    grid.drop_duplicates("goal_id").set_index("goal_id").loc[matrix.index, "goal_title"].items()]
    fig = heatmap(matrix, "Aktive Maßnahmen je Handlungsziel und Jahr", source, x_title="Jahr",
                  y_title="Handlungsziel", value_label="aktive Maßnahmen", height=max(600, 22 * len(matrix) + 260))
    _mark_continuation(fig, report_year, max(matrix.columns), categorical=True, columns=list(matrix.columns))
    return fig


def goals_covered_chart(covered: pd.DataFrame, total_goals: int, report_year: int, source: str) -> go.Figure:
    fig = go.Figure(go.Bar(x=covered["year"], y=covered["goals_covered"], marker_color=PALETTE[0],
                           name="Handlungsziele mit mindestens einer aktiven Maßnahme",
                           hovertemplate="%{x}: %{y} von " + str(total_goals) + " Handlungszielen<extra></extra>"))
    fig.add_hline(y=total_goals, line={"dash": "dot", "color": "#555"},
                  annotation_text=f"alle {total_goals} Handlungsziele", annotation_position="top left")
    fig.update_yaxes(range=[0, total_goals + 3], tickformat=",d")
    fig.update_xaxes(dtick=1, tickformat="d")
    _mark_continuation(fig, report_year, int(covered["year"].max()))
    return finish(fig, "Abgedeckte Handlungsziele je Jahr", source, x_title="Jahr",
                  y_title="Handlungsziele (Anzahl)")


def _mark_continuation(fig: go.Figure, report_year: int, last_year: int, categorical: bool = False,
                       columns: list | None = None) -> None:
    """Shade years after the report year: they continue the report, they are not observed."""
    if last_year <= report_year:
        return
    if categorical:
        start = columns.index(report_year) + 0.5 if report_year in columns else -0.5
        end = len(columns) - 0.5
    else:
        start, end = report_year + 0.5, last_year + 0.5
    fig.add_vrect(x0=start, x1=end, fillcolor="#999", opacity=0.12, line_width=0,
                  annotation_text="fortgeschrieben", annotation_position="top left", annotation_font_size=11)


def measures_per_goal_chart(per_goal: pd.DataFrame, thinnest_ids: set[int], source: str) -> go.Figure:
    fig = go.Figure()
    thin = per_goal["goal_id"].isin(thinnest_ids)
    for i, (dimension, part) in enumerate(per_goal[~thin].groupby("zieldimension", sort=True)):
        fig.add_trace(_goal_bars(part, labels.ZIELDIMENSION.get(dimension, dimension), PALETTE[[0, 2, 5][i % 3]]))
    if thin.any():
        fig.add_trace(_goal_bars(per_goal[thin], "am dünnsten abgedeckt", "#D55E00"))
    fig.update_layout(barmode="relative")
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=per_goal["goal_id"].astype(str).tolist())
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    return finish(fig, "Maßnahmen je Handlungsziel", source, x_title="Handlungsziel (Nr.)",
                  y_title="Maßnahmen (Anzahl)", legend_title="Zieldimension")


def _goal_bars(part: pd.DataFrame, name: str, colour: str) -> go.Bar:
    return go.Bar(x=part["goal_id"].astype(str), y=part["n_measures"], name=name, marker_color=colour,
                  customdata=part[["goal_title"]],
                  hovertemplate="Handlungsziel %{x}: %{customdata[0]}<br>%{y} Maßnahmen<extra></extra>")


def edition_change_chart(change: pd.DataFrame, label_a: str, label_b: str, source: str) -> go.Figure:
    """Measures per goal in two editions side by side."""
    fig = go.Figure()
    for column, name, colour in (("measures_a", label_a, PALETTE[5]), ("measures_b", label_b, PALETTE[0])):
        fig.add_trace(go.Bar(x=change["goal_id"].astype(str), y=change[column], name=name, marker_color=colour,
                             hovertemplate="Handlungsziel %{x}: %{y} Maßnahmen<extra>" + name + "</extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(type="category")
    fig.update_yaxes(rangemode="tozero", tickformat=",d")
    return finish(fig, "Maßnahmen je Handlungsziel in zwei Ausgaben", source, x_title="Handlungsziel (Nr.)",
                  y_title="Maßnahmen (Anzahl)", legend_title="Ausgabe")


def horizontal_bar_chart(table: pd.DataFrame, label_column: str, value_column: str, title: str, source: str,
                         x_title: str) -> go.Figure:
    fig = go.Figure(go.Bar(y=table[label_column], x=table[value_column], orientation="h", marker_color=PALETTE[0],
                           hovertemplate="%{y}: %{x:,.0f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(rangemode="tozero", tickformat=",d")
    return finish(fig, title, source, x_title=x_title, y_title="", height=max(420, 26 * len(table) + 200))
