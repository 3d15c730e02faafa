"""What every page model builder shares: source lines, the selection line stamped into a chart, chart/table views,
edition comparisons and the small notes that say when a chart shows less than its table."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from .. import a11y, charts, citation, export, labels, selection
from ..filters import Filters
from ..loading import Dataset
from ..text import md
from .model import Choice, Count, Edition, Notice, PageInput, View, resolve


def partner_types(frame: pd.DataFrame) -> tuple[str, ...]:
    """The partner types in a frame of partners or measures: a chart names its groups by what they hold
    (labels.group_names: "Kommunen" when only Kommunen are there)."""
    return tuple(sorted(set(frame["partner_type"].dropna().astype(str))))


def focus_titles(ds: Dataset) -> dict[int, str]:
    titles = ds.derived(
        ("focus_titles",), lambda: dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["title"]))
    )
    return dict(titles)


def _sources_by_doc(ds: Dataset) -> pd.DataFrame:
    return ds.derived(("sources_by_doc",), lambda: ds.sources.set_index("source_doc"))


def plain_source_line(ds: Dataset, source_docs: list[str] | tuple[str, ...]) -> str:
    """The sources with publisher and status, as plain text."""
    sources = _sources_by_doc(ds)
    parts = [
        f"{sources.at[doc, 'title']} ({sources.at[doc, 'publisher']}), {sources.at[doc, 'status_label']}"
        for doc in source_docs
        if doc in sources.index
    ]
    return "; ".join(parts)


def source_line(ds: Dataset, source_docs: list[str] | tuple[str, ...]) -> str:
    """The sources with publisher and status, as literal Markdown."""
    return md(plain_source_line(ds, source_docs))


def with_fundstelle(ds: Dataset, frame: pd.DataFrame, *, prefix: str = "", suffix: str = "") -> pd.DataFrame:
    """The frame with a column `fundstelle{suffix}`: where a reader finds each row in the published document (title,
    section in its headings, page, quotation), shown in place of document and line."""
    return frame.assign(**{f"fundstelle{suffix}": citation.fundstellen(ds, frame, prefix=prefix, suffix=suffix)})


def ressort_readings(measures: pd.DataFrame) -> str:
    """How the strategy measures' Zuständigkeit was read where the report gives none or a code its list of
    abbreviations lacks, naming the measures by title (a reader has no line numbers)."""
    first = measures.drop_duplicates("measure_id")
    parts = [
        f"„{row.title}“ nennt keine Zuständigkeit"
        for row in first.itertuples()
        if not isinstance(row.ressorts_raw, str) or not row.ressorts_raw.strip()
    ]
    for row in first.dropna(subset=["ressorts_raw"]).itertuples():
        codes = row.ressorts if isinstance(row.ressorts, (list, tuple)) else []
        for token in re.findall(r"\b[A-ZÄÖÜ]{2,}\b", row.ressorts_raw):
            read = [code for code in codes if code not in row.ressorts_raw]
            if token not in codes and read:
                parts.append(f"„{token}“ (bei „{row.title}“) ist als {read[0]} gelesen")
    return (labels.enumeration(parts) + ".") if parts else "alle Zuständigkeiten stehen im Verzeichnis."


def running_but_ended(measures: pd.DataFrame, report_year: int | None) -> str:
    """The measures running by their Zeitrahmen whose description ends them before the report's year, by title."""
    first = measures.drop_duplicates("measure_id")
    ended = first[(first["status"] == "laufend") & first["end_year"].lt(report_year or 0)]
    if ended.empty:
        return ""
    names = labels.enumeration([f"„{title}“" for title in ended["title"]])
    years = labels.enumeration(sorted({str(int(year)) for year in ended["end_year"]}))
    verb = "ist" if len(ended) == 1 else "sind"
    return f"{names} {verb} laut Zeitrahmen „laufend“, laut Beschreibung aber {years} beendet."


SEVERAL_GOALS = "Eine Maßnahme unter mehreren Handlungszielen zählt bei jedem."
FUNDSTELLE_NOTE = "Fundstelle = Abschnitt im veröffentlichten Dokument, Seite (wo bekannt) und Wortlaut der Stelle."


def source_names(ds: Dataset) -> dict[str, str]:
    """Short display names of the sources by key (tables show these, never the key)."""
    return {doc: ds.short_title(doc) for doc in ds.sources["source_doc"]}


def chart_source(ds: Dataset, source_docs: list[str] | tuple[str, ...], extra: str = "") -> str:
    """Short source note for inside a chart (title and status, no publisher), plain text: the chart's title block
    escapes it once (charts.style.title_block), and the deck uses it as it is."""
    sources = _sources_by_doc(ds)
    names = [f"{ds.short_title(doc)}, {sources.at[doc, 'status_label']}" for doc in source_docs if doc in sources.index]
    return charts.style.source_note(*names, extra=extra)


def selection_line(ds: Dataset, filters: Filters, count: Count, subject: str | None = None) -> str:
    """'Auswahl: … · n = …' for what an output counts; `subject` replaces the filters where a page shows one
    thing (e.g. "Partner: Stadt Solingen")."""
    within = (count.within.basis, count.within.n) if count.within else None
    line = selection.selection_line(filters, count.basis, count.n, focus_titles(ds), within)
    return f"{subject} · {line.rsplit(' · ', 1)[-1]}" if subject else line


@dataclass(frozen=True)
class Context:
    """What the views of a page section share: the dataset, the filters that act on them, their sources."""

    ds: Dataset
    filters: Filters
    sources: tuple[str, ...]

    @classmethod
    def of(cls, ds: Dataset, filters: Filters, sources: list[str] | tuple[str, ...]) -> Context:
        return cls(ds, filters, tuple(sources))


def chart_view(
    ctx: Context,
    *,
    key: str,
    name: str,
    figure: go.Figure | None,
    table: pd.DataFrame,
    count: Count,
    table_count: Count | None = None,
    note: str = "",
    subject: str | None = None,
    no_chart: str = "",
    title: str = "",
    decimals: int | None = None,
) -> View:
    """A chart and its table: the selection line stamped into the chart (so its image says it too), its text
    alternative, and the source caption; `decimals` as `View.decimals`."""
    ds, filters, sources = ctx.ds, ctx.filters, ctx.sources
    line = selection_line(ds, filters, count, subject)
    credit = f"Quelle: {plain_source_line(ds, sources)}. Eigene Auswertung.{(' ' + note) if note else ''}"
    summary = ""
    if figure is not None and not table.empty:
        selection.stamp(figure, line)
        summary = a11y.chart_summary(figure)
    return View(
        key=key,
        name=name,
        title=title,
        table=table,
        figure=figure,
        sources=tuple(sources),
        selection=line,
        table_selection=selection_line(ds, filters, table_count, subject) if table_count else line,
        caption=md(credit),
        credit=credit,
        note=note,
        no_chart=no_chart,
        summary=summary,
        decimals=decimals,
    )


def table_view(
    *,
    key: str,
    name: str,
    table: pd.DataFrame,
    sources: list[str] | tuple[str, ...] = (),
    caption: str = "",
    title: str = "",
    downloads: bool = True,
    show_table: bool = True,
    height: int | None = None,
    table_selection: str = "",
    decimals: int | None = None,
) -> View:
    """A table without a chart: the table, its caption (literal Markdown) and, unless switched off, Excel/CSV of
    exactly that table; `table_selection` („… · n = 663 Partnermaßnahmen“, `selection_line`) says what the table
    and its downloads hold; `decimals` as `View.decimals`."""
    return View(
        key=key,
        name=name,
        title=title,
        table=table,
        sources=tuple(sources),
        chart=False,
        table_selection=table_selection,
        caption=caption,
        downloads=downloads,
        show_table=show_table,
        height=height,
        decimals=decimals,
    )


CHART_ROWS = 40  # rows of a heatmap or dot chart that stay readable on a slide
ONE_EDITION_NOTE = (
    "Bisher gibt es nur eine Datenausgabe. Sobald eine neue Berichtsausgabe eingespielt ist (Seite „Datenpflege“), "
    "steht hier, was sich gegenüber einer früheren Ausgabe geändert hat; die Ausgabe wählen Sie dann links."
)
COMPARE_KEY = "compare_edition"


def comparison(inp: PageInput, what: str) -> tuple[Choice | Notice, tuple[Dataset, Edition] | None]:
    """The choice of an edition to compare the current one with and that edition; with only one edition, a note
    that says where the comparison will appear (so that nobody misses it) and None."""
    others = [edition for edition in inp.editions if edition.edition_id != inp.edition.edition_id]
    if not others:
        return Notice(f"{what} {ONE_EDITION_NOTE}".strip(), icon=":material/compare_arrows:"), None
    ids = tuple(edition.edition_id for edition in others)
    names = {edition.edition_id: edition.label for edition in inp.editions}
    chosen = resolve(inp.choice(COMPARE_KEY), ids, names) or ids[0]
    choice = Choice(
        key=COMPARE_KEY, label="Vergleichen mit Ausgabe", options=ids, labels=names, value=chosen, link="none"
    )
    other = next(edition for edition in others if edition.edition_id == chosen)
    return choice, (inp.load(chosen), other)


def download_about(view: View, ds: Dataset, filters: Filters, link: str) -> export.About:
    """What the Info sheet and the CSV rows of a view's downloads say: title, what the table counts, filters,
    sources with their status, the link that reopens the view, and so the ready citation of the view."""
    titles = focus_titles(ds)
    docs = set(view.sources)
    rows = [row for row in ds.sources.itertuples() if row.source_doc in docs]
    return export.About(
        title=view.download_title,
        selection=view.table_selection or view.selection or selection.selection_text(filters, None, titles),
        filters=filters.describe(titles),
        notice=selection.filter_notice(filters, titles),
        status=[f"{row.title}: {row.status_label}" for row in rows],
        sources=[f"{row.title} ({row.publisher})" for row in rows],
        link=link,
        source_refs=tuple(citation.source_refs(ds, docs)),
        edition=ds.edition_label,
    )


def view_citation(view: View, ds: Dataset, filters: Filters, link: str, accessed: dt.date) -> str:
    """The ready citation of a view, as „Zitieren“ offers it and its downloads' Info sheet carries it."""
    return download_about(view, ds, filters, link).citation(accessed)


def capped_note(charted: object, complete: object, what: str = "Partner mit den meisten Maßnahmen") -> str:
    """Say when a chart shows fewer rows than its table."""
    shown, total = len(charted), len(complete)  # type: ignore[arg-type]
    if shown >= total:
        return ""
    return f"Diagramm: die {shown} {what}; die Tabelle enthält alle {labels.format_number(total)}."


SHARE_TARGET_COLUMNS = {
    "partner_label": "Partner",
    "year_text": "Jahr",
    "period": "Zeitraum",
    "share_text": "Anteil (wie berichtet)",
    "share_percent": "Anteil (%)",
    "share_percent_upper": "Anteil bis (%)",
    "target_percent": "Zielwert (%)",
    "gap_points": "Abstand zum Zielwert (Prozentpunkte)",
    "population_text": "Bevölkerungsanteil vor Ort (laut Quelle)",
    "basis_label": "Bezugsgruppe",
    "basis_detail": "Bezugsgruppe (genau)",
    "concept_label": "Begriff",
    "method_label": "Erhebungsart",
    "fundstelle": "Fundstelle",
    "note": "Anmerkung",
}


def share_target_display(targets: pd.DataFrame, ds: Dataset) -> pd.DataFrame:
    """The share/target/gap table as shown and downloaded: reported wording and precision kept, each figure with
    its Fundstelle."""
    targets = with_fundstelle(ds, targets)
    columns = [c for c in SHARE_TARGET_COLUMNS if c in targets]
    return targets[columns].rename(columns=SHARE_TARGET_COLUMNS)


def share_basis(targets: pd.DataFrame) -> tuple[Count, str]:
    """What a share chart rests on: the figures with a share (as the main facts count them), and a note naming
    the table's further rows that state no share (e.g. "niemand … eingestellt") and so are not drawn."""
    with_share = int(targets["share_percent"].notna().sum())
    without = len(targets) - with_share
    if not without:
        return Count("staff_shares", with_share), ""
    drawn = f"Das Diagramm zeigt {labels.count(with_share, 'Anteilsangabe', 'Anteilsangaben')} (n); die Tabelle "
    if without == 1:
        return Count("staff_shares", with_share), (
            drawn + "enthält außerdem 1 Angabe ohne Anteil (z. B. „niemand … eingestellt“), die sich nicht als "
            "Anteil zeichnen lässt."
        )
    return Count("staff_shares", with_share), (
        drawn + f"enthält außerdem {labels.format_number(without)} Angaben ohne Anteil (z. B. „niemand … "
        "eingestellt“), die sich nicht als Anteil zeichnen lassen."
    )
