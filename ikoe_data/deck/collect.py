"""A slide from what a page shows: its chart (with the selection line stamped in), the table beside it, the page's
main facts and definitions, the sources; and the active filters in words for the slide's subtitle."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from .. import labels
from ..filters import Filters, filter_partners, year_range
from ..loading import Dataset
from ..selection import PARTNER_SCOPE, STRATEGY_SCOPE, selection_parts
from ..values import is_missing
from .derive import chart_spec, legend_only
from .slides import Slide, Source, figure_title, plain, slide_meta
from .spec import ChartSpec, HeatTable

NAMED_PARTNERS = 6  # the partners a filtered slide names ("4 Partner: Stadt Duisburg, …")


def scope_line(ds: Dataset, filters: Filters, selection: str) -> str:
    """The filters acting on a chart, as the sentence its slide shows under the title ("Nur Partner der Art
    Kommune (4 Partner: Stadt Duisburg, …)"); "" without filters. Which filters act on a chart is what its
    selection line names (a partner filter does not act on strategy charts)."""
    titles = dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["title"]))
    acting = {
        scope: [part for part in selection_parts(filters, scope, titles) if part in selection]
        for scope in (PARTNER_SCOPE, STRATEGY_SCOPE)
    }
    sentences = []
    if acting[PARTNER_SCOPE]:
        partner_filters = replace(filters, focus_areas=(), zieldimensionen=(), ressorts=())
        sentence = "Nur Partner"
        if partner_filters.partner_types and any(p.startswith("Art: ") for p in acting[PARTNER_SCOPE]):
            types = list(partner_filters.partner_types)
            sentence += f" der {'Art' if len(types) == 1 else 'Arten'} {labels.enumeration(types)}"
        if partner_filters.regierungsbezirke:
            districts = list(partner_filters.regierungsbezirke)
            sentence += (
                f" im Regierungsbezirk {districts[0]}"
                if len(districts) == 1
                else f" in den Regierungsbezirken {labels.enumeration(districts)}"
            )
        if partner_filters.accession_from is not None or partner_filters.accession_to is not None:
            sentence += f" mit Beitritt {year_range(partner_filters.accession_from, partner_filters.accession_to)}"
        if sentence != "Nur Partner":
            chosen = filter_partners(ds.partners, partner_filters)
            names = sorted(chosen["short_name"].astype(str))
            count = labels.count(len(names), "Partner", "Partner")
            sentence += (
                f" ({count}: {labels.enumeration(names)})" if 0 < len(names) <= NAMED_PARTNERS else f" ({count})"
            )
            sentences.append(sentence)
        if filters.focus_areas:
            focus = [titles.get(f, str(f)) for f in filters.focus_areas]
            sentences.append(
                f"{'Themenschwerpunkt' if len(focus) == 1 else 'Themenschwerpunkte'} {labels.enumeration(focus)}"
            )
    if acting[STRATEGY_SCOPE]:
        if filters.zieldimensionen:
            names = [labels.ZIELDIMENSION.get(z, z) for z in filters.zieldimensionen]
            sentences.append(
                f"Nur {'Zieldimension' if len(names) == 1 else 'Zieldimensionen'} {labels.enumeration(names)}"
            )
        if filters.ressorts:
            ressorts = list(filters.ressorts)
            sentences.append(f"Nur Maßnahmen {'des Ressorts' if len(ressorts) == 1 else 'der Ressorts'} "
                             f"{labels.enumeration(ressorts)}")  # fmt: skip
    return " · ".join(sentences)


def make_slide(
    *,
    figure: go.Figure | dict[str, Any],
    table: pd.DataFrame,
    page: str,
    facts: list[str],
    definitions: list[str],
    sources: list[Source],
    source: str,
    selection: str,
    scope: str,
    edition: str,
    uid: str = "",
) -> Slide:
    """The slide of a dashboard chart: its chart specification, title, what it counts, the selection and
    filters, source, facts (speaker notes), definitions. A chart without a native form becomes the table the
    dashboard shows beside it (`table`, its "Tabelle" view) as a native table; a chart without rows, none."""
    data = figure if isinstance(figure, dict) else json.loads(figure.to_json())
    spec = chart_spec(data)
    drawn = [t for t in data.get("data", []) if not legend_only(t)]
    if spec is None and drawn and not table.empty:
        spec = table_spec(table)
    meta = slide_meta(data)
    return Slide(
        title=figure_title(data) or "Diagramm",
        selection=selection or str(meta.get("selection") or ""),
        source=source,
        chart=spec.to_dict() if spec is not None else None,
        counted=plain(str(meta.get("subtitle") or "")),
        scope=scope,
        edition=edition,
        facts=list(facts),
        page=page,
        sources=list(sources),
        definitions=list(definitions),
        uid=uid,
    )


def table_spec(frame: pd.DataFrame, rows: int = 200) -> ChartSpec:
    """A data frame as a plain native table (first column as row labels, German number formats)."""
    frame = frame.head(rows)
    columns = [str(c) for c in frame.columns]

    def shown(value: Any) -> str:
        if is_missing(value):
            return "–"
        if isinstance(value, float) and not value.is_integer():
            return labels.format_number(value, labels.decimals(value, 2))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return labels.format_number(value) if abs(value) >= 10_000 else str(int(value))
        return " ".join(str(value).split())

    texts = [[shown(v) for v in row[1:]] for row in frame.itertuples(index=False)]
    table = HeatTable(
        columns=columns[1:],
        rows=[shown(v) for v in frame.iloc[:, 0]],
        values=[[None] * (len(columns) - 1) for _ in range(len(frame))],
        row_title=columns[0] if columns else "",
        texts=texts,
    )
    return ChartSpec(kind="table", table=table)


def slide_kind(figure: dict[str, Any]) -> str:
    """What a figure becomes on a slide: its native kind (spec.KINDS; heatmaps "table"), or "empty" without rows."""
    spec = chart_spec(figure)
    if spec is not None:
        return spec.kind
    drawn = [t for t in figure.get("data", []) if not legend_only(t)]
    return "table" if drawn else "empty"  # no native chart form: the table of its data (collect.make_slide)


def sources_of(ds: Dataset, source_docs: list[str]) -> list[Source]:
    rows = ds.sources.set_index("source_doc")
    return [
        Source(
            str(rows.at[doc, "title"]),
            str(rows.at[doc, "publisher"]),
            str(rows.at[doc, "status_label"]),
            ds.short_title(doc),
        )
        for doc in source_docs
        if doc in rows.index
    ]
