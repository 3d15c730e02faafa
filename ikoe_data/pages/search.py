"""Suche: which measures — of the partners and of the state government — deal with a topic.

The hits come as a list, a page at a time (`analysis.HITS_PER_PAGE`, „Weitere Treffer“ for more): title and a
snippet with the matched words marked, who is responsible, where the measure belongs, its Fundstelle, and all its
details on request; the downloads hold every hit. Facets narrow the hits and are part of the link (`nur_art`,
`nur_schwerpunkt`, `nur_ziel`, `nur_ressort`: comma-separated keys, distinct from the sidebar's filters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import analysis, facts, labels
from ..filters import filter_partner_measures, filter_strategy_measures
from ..search import FACETS, MAX_QUERY_CHARS, SYNTAX_HELP, FacetValue, Segment
from ..text import md, shorten
from .common import selection_line, source_line, table_view
from .model import Block, Choice, ChoiceGroup, Count, Facts, Heading, HitItem, HitList, Notice, PageInput, PageModel

TITLE = "Suche"
QUESTION = "Welche Maßnahmen – der Partner wie der Landesregierung – behandeln ein bestimmtes Thema?"
QUERY_KEY = "q"
FACET_KEYS = {
    "facet_kind": "nur_art",
    "facet_focus": "nur_schwerpunkt",
    "facet_goal": "nur_ziel",
    "facet_ressort": "nur_ressort",
}
MORE_KEY = "treffer_mehr"
MAX_SHOWN = 500  # „Weitere Treffer“ stops here; the downloads hold every hit
MAX_FACET_KEYS = 50  # values a link may choose per facet group
CATEGORY_ONLY = "gefunden nur über die Zuordnung (Themenschwerpunkt, Maßnahmenart, Handlungsziel oder Zielgruppe)"


def build(inp: PageInput) -> PageModel:
    ds, filters, views = inp.ds, inp.filters, inp.views
    sources = ds.role_sources("partner_report") + ds.role_sources("strategy_report")
    raw = str(inp.choice(QUERY_KEY) or "")
    query = " ".join(raw.split())  # only spaces are no query; shown and exported as one line
    partner_measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
    strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
    index = views.search_index
    pool = views.search_pool
    allowed = pool["measure_id"].isin(partner_measures["measure_id"]) | pool["measure_id"].isin(strategy["measure_id"])
    chosen = {
        column: _keys(inp.choice(key), index.facets[column].keys)
        for column, key in FACET_KEYS.items()
        if _keys(inp.choice(key), index.facets[column].keys)
    }
    result = analysis.search_measures(index, query, allowed, chosen)
    query_choice = Choice(
        key=QUERY_KEY,
        label="Suchbegriffe",
        kind="text",
        value=raw,
        placeholder="z. B. Sprachkurse, Ausbildung Messe, „Charta der Vielfalt“",
        help=SYNTAX_HELP,
        max_chars=MAX_QUERY_CHARS,
    )
    definitions = (
        "Durchsucht werden die Partnermaßnahmen (Titel und Zusammenfassung in eigenen Worten) und die Maßnahmen "
        "des Umsetzungsberichts (Titel, Zielgruppe, Zeitrahmen, Ressorts), dazu ihre Zuordnung (Themenschwerpunkt, "
        "Maßnahmenart, Handlungsziele, Zielgruppen). Der Volltext der Berichte wird nicht durchsucht.",
        f"So wird gesucht: {SYNTAX_HELP}",
        "Reihenfolge: Treffer im Titel vor Treffern in der Beschreibung; Maßnahmen, die ein Wort nur über ihre "
        "Zuordnung enthalten, stehen hinter allen, die es selbst enthalten.",
        "Die Filter links gelten für beide Arten: Partnerfilter schränken die Partnermaßnahmen ein, Zieldimension "
        "und Ressort die Strategiemaßnahmen. „Treffer eingrenzen“ wirkt nur auf diese Suche.",
    )
    if result.refused:  # too long, too many words, nothing to search for: the hint, never the text
        blocks: tuple[Block, ...] = (query_choice, Notice(md(result.hint), kind="warning"))
        return PageModel(title=TITLE, question=QUESTION, blocks=blocks, definitions=definitions)

    n_partner, n_strategy = analysis.hits_by_kind(result.hits)
    signature = _signature(query, chosen)
    shown = min(_shown(inp.choice(MORE_KEY), signature), len(result.hits))
    hint = (Notice(md(result.hint)),) if result.hint and query else ()
    none = () if len(result.hits) else (Notice(md(_no_hits(query, bool(chosen))), kind="warning"),)
    more = min(shown + analysis.HITS_PER_PAGE, len(result.hits), MAX_SHOWN)
    blocks = (
        query_choice,
        *hint,
        Facts(tuple(facts.search_facts(n_partner, n_strategy, query))),
        ChoiceGroup("Treffer eingrenzen", tuple(_facet_choice(c, result.facets[c]) for c in FACETS)),
        *none,
        Heading("Treffer"),
        HitList(
            hits=tuple(_item(result, hit) for hit in analysis.search_hits(result, 0, shown)),
            total=len(result.hits),
            more_key=MORE_KEY if more > shown else "",
            more_value=f"{more}|{signature}",
            more_label=f"Weitere Treffer ({labels.format_number(shown)} von {labels.format_number(len(result.hits))}"
            " gezeigt)",
        ),
        table_view(
            key="hits",
            name=f"Suche {query}".strip(),
            title=f"Suchergebnis „{query}“" if query else "Alle Maßnahmen",
            table=labels.to_display(result.hits, analysis.SEARCH_COLUMNS),
            sources=sources,
            caption=f"Quellen: {source_line(ds, sources)}. Partnermaßnahmen in eigenen Worten zusammengefasst. "
            f"Die Downloads enthalten alle {labels.format_number(len(result.hits))} Treffer.",
            show_table=False,
            table_selection=selection_line(ds, filters, Count("hits", len(result.hits))),
        ),
    )
    return PageModel(title=TITLE, question=QUESTION, blocks=blocks, definitions=definitions)


def marked(segments: Sequence[Segment], *, bold: bool = True) -> str:
    """Segments as Markdown: every text literal, the matched ones on a coloured background and, unless the text is
    drawn bold as a whole (a hit's title), bold."""
    mark = "**{}**" if bold else "{}"
    return "".join(f":orange-background[{mark.format(md(s.text))}]" if s.matched else md(s.text) for s in segments)


def _item(result: analysis.MeasureSearch, hit: analysis.Hit) -> HitItem:
    meta = [hit.kind, hit.owner, hit.context, hit.status, f"Fundstelle: {hit.source}"]
    if not hit.in_measure:
        meta.append(CATEGORY_ONLY)
    details = tuple((label, marked(segments)) for label, segments in analysis.hit_detail(result, hit.measure_id))
    title = marked(hit.title, bold=False)  # drawn bold as a whole
    return HitItem(hit.measure_id, title, " · ".join(m for m in meta if m), marked(hit.snippet), details)


def _facet_choice(column: str, values: list[FacetValue]) -> Choice:
    return Choice(
        key=FACET_KEYS[column],
        label=FACETS[column],
        options=tuple(v.key for v in values),
        labels={v.key: f"{shorten(v.label, 70)} ({labels.format_number(v.count)})" for v in values},
        value=tuple(v.key for v in values if v.selected),
        kind="multi",
        link="value",
        placeholder="alle",
    )


def _keys(raw: Any, known: Sequence[str]) -> list[str]:
    """The facet keys a choice names (a list from the widget, comma-separated text from a link), known ones only."""
    if raw is None:
        return []
    values = raw.split(",") if isinstance(raw, str) else [str(v) for v in raw]
    valid = set(known)
    return [v for v in dict.fromkeys(v.strip() for v in values[:MAX_FACET_KEYS]) if v in valid]


def _signature(query: str, chosen: dict[str, list[str]]) -> str:
    return query + "|" + ";".join(f"{c}={','.join(sorted(v))}" for c, v in sorted(chosen.items()))


def _shown(raw: Any, signature: str) -> int:
    """Hits to show: a page, or as many as „Weitere Treffer“ asked for this very query and these facets."""
    count, _, asked_for = str(raw or "").partition("|")
    if asked_for == signature and count.isdigit():
        return max(analysis.HITS_PER_PAGE, min(int(count), MAX_SHOWN))
    return analysis.HITS_PER_PAGE


def _no_hits(query: str, narrowed: bool) -> str:
    tips = "weniger oder andere Wörter, ODER zwischen zwei Begriffen"
    if narrowed:
        tips += ", weniger Eingrenzungen"
    return f"Keine Maßnahme passt zu „{query}“ und den gewählten Filtern. Versuchen Sie {tips}."
