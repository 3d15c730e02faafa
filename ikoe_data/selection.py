"""What a figure or a download rests on, said in German: the selection line under every chart title
("Auswahl: Regierungsbezirk Köln · Art: Kommune, Kreis · Beitritt 2015–2020 · n = 5 Partner" or
"Alle Partner · n = 32 Partner"), stamped into the figure itself so that its image download says it too."""

from __future__ import annotations

from collections.abc import Iterable

import plotly.graph_objects as go

from . import labels, text
from .charts.style import SUBTITLE_WRAP, TEXT_MIN, title_block
from .filters import Filters, year_range
from .loading import Dataset

PARTNER_SCOPE, SHARE_SCOPE, STRATEGY_SCOPE, ALL_SCOPE = "partner", "share", "strategy", "all"
# what a chart or table counts: (singular, plural, which filters act on it)
BASES = {
    "partners": ("Partner", "Partner", PARTNER_SCOPE),
    "partner_measures": ("Partnermaßnahme", "Partnermaßnahmen", PARTNER_SCOPE),
    "staff_shares": ("Anteilsangabe", "Anteilsangaben", SHARE_SCOPE),
    "share_statements": ("Angabe", "Angaben", SHARE_SCOPE),  # figures and statements without a share
    "strategy_measures": ("Strategiemaßnahme", "Strategiemaßnahmen", STRATEGY_SCOPE),
    "goals": ("Handlungsziel", "Handlungsziele", STRATEGY_SCOPE),
    "budgets": ("Betrag", "Beträge", STRATEGY_SCOPE),
    "statements": ("Angabe", "Angaben", PARTNER_SCOPE),
    "hits": ("Treffer", "Treffer", ALL_SCOPE),
    "columns": ("Spalte", "Spalten", ALL_SCOPE),
}
EVERYTHING = {
    PARTNER_SCOPE: "Alle Partner",
    SHARE_SCOPE: "Alle Partner",
    STRATEGY_SCOPE: "Alle Handlungsziele und Ressorts",
}
SUBTITLE_GAP = 26  # pixels the subtitle needs between title and plot
SUBTITLE_LINE = 18  # pixels of each further subtitle line
# characters of a line: the width of the charts' own subtitles, which fits a 390 px phone as well as a slide
SUBTITLE_WIDTH = SUBTITLE_WRAP


def _listed(singular: str, plural: str, values: Iterable[object]) -> str:
    values = list(values)
    return f"{singular if len(values) == 1 else plural} {', '.join(map(str, values))}"


def _years(filters: Filters) -> str | None:
    low, high = filters.accession_from, filters.accession_to
    if low is None and high is None:
        return None
    return f"Beitritt {year_range(low, high)}"


def selection_parts(filters: Filters, scope: str, focus_titles: dict[int, str] | None = None) -> list[str]:
    """The active filters that act on data of the given scope, in German, most general first."""
    parts: list[str] = []
    if scope in (PARTNER_SCOPE, SHARE_SCOPE):
        if filters.regierungsbezirke:
            parts.append(_listed("Regierungsbezirk", "Regierungsbezirke", filters.regierungsbezirke))
        if filters.partner_types:
            parts.append("Art: " + ", ".join(filters.partner_types))
        if years := _years(filters):
            parts.append(years)
    if scope == PARTNER_SCOPE and filters.focus_areas:
        titles = [(focus_titles or {}).get(f, str(f)) for f in filters.focus_areas]
        parts.append(_listed("Themenschwerpunkt", "Themenschwerpunkte", titles))
    if scope == STRATEGY_SCOPE:
        if filters.zieldimensionen:
            names = [labels.ZIELDIMENSION.get(z, z) for z in filters.zieldimensionen]
            parts.append(_listed("Zieldimension", "Zieldimensionen", names))
        if filters.ressorts:
            parts.append(_listed("Ressort", "Ressorts", filters.ressorts))
    return parts


def selection_text(filters: Filters, scope: str | None = None, focus_titles: dict[int, str] | None = None) -> str:
    """'Auswahl: …' naming the filters that act on data of the scope (all scopes if None), or 'Alle …'."""
    if scope is None:
        parts = selection_parts(filters, PARTNER_SCOPE, focus_titles) + selection_parts(
            filters, STRATEGY_SCOPE, focus_titles
        )
        return "Auswahl: " + " · ".join(parts) if parts else "Alle Daten (keine Filter)"
    parts = selection_parts(filters, scope, focus_titles)
    return "Auswahl: " + " · ".join(parts) if parts else EVERYTHING[scope]


def filter_notice(filters: Filters, focus_titles: dict[int, str] | None = None) -> str:
    """'Gefiltert nach Art des Partners: Kommune · Regierungsbezirk: Köln' (the filters as the sidebar names them), or
    '' without filters: the notice at the top of a page that applies filters, the Info sheet and the slide subtitle
    say it in these words, so that nobody takes a filtered figure for the whole."""
    return "Gefiltert nach " + " · ".join(filters.describe(focus_titles)) if not filters.is_empty() else ""


def counted(basis: str, n: int) -> str:
    """„15 Beträge“, „1 Partner“: a number and what it counts."""
    singular, plural, _ = BASES[basis]
    return f"{labels.format_number(n)} {singular if n == 1 else plural}"


def selection_line(
    filters: Filters,
    basis: str,
    n: int,
    focus_titles: dict[int, str] | None = None,
    within: tuple[str, int] | None = None,
) -> str:
    """The line under a chart title or over a table: the selection and the number of what the output rests on;
    `within` names what those belong to („n = 15 Beträge zu 11 Strategiemaßnahmen“)."""
    scope = BASES[basis][2]
    count = f"n = {counted(basis, n)}" + (f" zu {counted(*within)}" if within else "")
    return f"{selection_text(filters, None if scope == ALL_SCOPE else scope, focus_titles)} · {count}"


def wrapped(line: str, width: int = SUBTITLE_WIDTH) -> list[str]:
    """The line in pieces of at most `width` characters: broken between its parts where they fit, a longer part
    (e.g. a list of long focus-area titles) between its words; a single word longer than a line stays whole."""
    pieces: list[str] = []
    for part in line.split(" · "):
        if pieces and len(pieces[-1]) + 3 + len(part) <= width:
            pieces[-1] += " · " + part
        elif len(part) <= width:
            pieces.append(part)
        else:
            pieces += labels.wrap_lines(part, width)
    return pieces


def stamp(fig: go.Figure, line: str) -> go.Figure:
    """Put the selection line under the figure's title (part of the figure, so it is in every image of it) and
    keep the legend of grouped charts even when only one group is left. Plotly reads HTML in titles: the line is
    escaped, and a long one is broken between its parts."""
    pieces = wrapped(line)
    title = fig.layout.title
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    font = {"size": TEXT_MIN, "color": "#444"}
    if "source" in meta:  # a chart of charts.style.figure: the selection between what it counts and its source
        fig.update_layout(
            title_subtitle={"text": title_block(meta.get("subtitle", ""), pieces, meta["source"]), "font": font},
            # the title block reserves its room at the expense of the plot: the figure grows by the extra lines
            height=(fig.layout.height or 480) + SUBTITLE_LINE * len(pieces),
        )
    else:
        selection_text = "<br>".join(text.plot(piece) for piece in pieces)
        own = title.subtitle.text if title.subtitle is not None else None
        fig.update_layout(
            title_subtitle={"text": f"{own}<br>{selection_text}" if own else selection_text, "font": font},
            margin_t=(fig.layout.margin.t or 70) + SUBTITLE_GAP + SUBTITLE_LINE * (len(pieces) - 1),
        )
    if title.text is None:
        fig.update_layout(title_text="")
    fig.update_layout(meta={**meta, "selection": line})  # the plain line, for whoever lays it out anew (the deck)
    if fig.layout.legend.title.text:  # grouped charts name their legend; plotly hides a one-entry legend
        fig.update_layout(showlegend=True)
    return fig


REPORT_ROLES = ("partner_report", "strategy_report")  # the reports whose status is the data status of a view


def data_status(ds: Dataset) -> str:
    """'Datenstand: Partnerbericht IKÖ, Stand 30.09.2020; Umsetzungsbericht TIS 2030, Stand Juni 2021
    (Ausgelieferte Daten)': the current report of each role and the edition (for printed pages)."""
    reports = [
        f"{ds.short_title(doc)}, {ds.status_label(doc)}"
        for doc in (ds.current_source(role) for role in REPORT_ROLES)
        if doc is not None
    ]
    return f"Datenstand: {'; '.join(reports) or 'unbekannt'} ({ds.edition_label})"
