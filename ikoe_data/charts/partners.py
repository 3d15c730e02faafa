"""Charts of the partner network: its growth and the partners' measures per focus area and status."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from .. import text as safe
from .style import GROUP_COLOURS, LINE_PX, STATUS_COLOURS, axis, count_axis, counts_text, figure


def cumulative_partners_chart(cumulative: pd.DataFrame, source: str, partner_types: tuple[str, ...] = ()) -> go.Figure:
    """Stacked step areas: partners per group, counted at each accession date. `partner_types`: the types of
    the partners drawn, so that a group is named by what it holds ("Kommunen", not "Kommunen und Kreise")."""
    present = set(cumulative["partner_group"])
    names = labels.group_names(partner_types)
    traces = []
    for group in [g for g in labels.PARTNER_GROUP_ORDER if g in present]:
        part = cumulative[cumulative["partner_group"] == group]
        traces.append(
            {
                "type": "scatter",
                "x": part["accession_date"],
                "y": part["cumulative_partners"],
                "name": names.get(group, group),
                "stackgroup": "partners",
                "mode": "lines",
                "fillcolor": GROUP_COLOURS[group],
                "line": {"shape": "hv", "width": 0.5, "color": GROUP_COLOURS[group]},
                "hovertemplate": "%{x|%d.%m.%Y}: %{y:,.0f} Partner<extra>"
                + safe.plot(names.get(group, group))
                + "</extra>",
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
    names: dict[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars per focus area (report order, top to bottom), stacked by `series_column`. Groups with no
    measure in a focus area are left out (no '0 Maßnahmen' in hovers)."""
    shown = table[table["n_measures"] > 0]
    present = set(shown[series_column].dropna())
    traces = []
    for name in [s for s in series if s in present]:
        part = shown[shown[series_column] == name]
        shown_name = (names or {}).get(name, name)
        traces.append(
            {
                "type": "bar",
                "y": [labels.wrap(v, 22) for v in part["focus_label"]],
                "x": part["n_measures"],
                "name": shown_name,
                "orientation": "h",
                "marker": {"color": colours[name]},
                "hovertext": [
                    f"{safe.plot(str(f))}: {t} ({safe.plot(shown_name)})"
                    for f, t in zip(part["focus_label"], counts_text(part["n_measures"], "Maßnahme", "Maßnahmen"))
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
    table: pd.DataFrame,
    source: str,
    title: str = "Maßnahmen der Partner je Themenschwerpunkt",
    partner_types: tuple[str, ...] = (),
) -> go.Figure:
    """Measures per focus area, stacked by partner group; `partner_types` (the types of the partners counted)
    names a group by what it holds where only some of its types are there ("Kommunen")."""
    return _stacked_focus_bars(
        table,
        "partner_group",
        labels.PARTNER_GROUP_ORDER,
        GROUP_COLOURS,
        title,
        source,
        "Partnergruppe",
        "Im Partnerbericht beschriebene Einzelmaßnahmen der Partner, nach Partnergruppe",
        labels.group_names(partner_types),
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
