"""Suche: which measures — of the partners and of the state government — deal with a topic."""

from __future__ import annotations

from .. import analysis, facts, labels
from ..filters import filter_partner_measures, filter_strategy_measures
from ..search import MAX_QUERY_CHARS, SYNTAX_HELP
from ..text import md
from .common import source_line, table_view
from .model import Block, Choice, Facts, Notice, PageInput, PageModel

TITLE = "Suche"
QUESTION = "Welche Maßnahmen – der Partner wie der Landesregierung – behandeln ein bestimmtes Thema?"
QUERY_KEY = "q"


def build(inp: PageInput) -> PageModel:
    ds, filters, views = inp.ds, inp.filters, inp.views
    sources = ds.role_sources("partner_report") + ds.role_sources("strategy_report")
    raw = inp.choice(QUERY_KEY) or ""
    query = " ".join(str(raw).split())  # only spaces are no query; shown and exported as one line
    partner_measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
    strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
    pool = views.search_pool
    allowed = pool["measure_id"].isin(partner_measures["measure_id"]) | pool["measure_id"].isin(strategy["measure_id"])
    result = analysis.search_measures(views.search_index, query, allowed)
    choice = Choice(
        key=QUERY_KEY,
        label="Suchbegriffe",
        kind="text",
        value=str(raw),
        placeholder="z. B. Ausbildung Messe, Sprachmittler, Moschee",
        help=SYNTAX_HELP,
        max_chars=MAX_QUERY_CHARS,
    )
    blocks: tuple[Block, ...]
    if result.refused:  # too long, too many words, nothing to search for: the hint, never the text
        blocks = (choice, Notice(md(result.hint), kind="warning"))
    else:
        n_partner, n_strategy = analysis.hits_by_kind(result.hits)
        hint = (Notice(md(result.hint)),) if result.hint and query else ()
        blocks = (
            choice,
            *hint,
            Facts(tuple(facts.search_facts(n_partner, n_strategy, query))),
            table_view(
                key="hits",
                name=f"Suche {query}".strip(),
                title=f"Suchergebnis „{query}“" if query else "Alle Maßnahmen",
                table=labels.to_display(result.hits, analysis.SEARCH_COLUMNS),
                sources=sources,
                caption=f"Quellen: {source_line(ds, sources)}. Partnermaßnahmen in eigenen Worten zusammengefasst.",
                height=600,
            ),
        )
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=blocks,
        definitions=(
            "Durchsucht werden die Partnermaßnahmen (Titel und Zusammenfassung in eigenen Worten) und die Maßnahmen "
            "des Umsetzungsberichts (Titel, Zielgruppe, Zeitrahmen, Ressorts). Der Volltext der Berichte wird nicht "
            "durchsucht.",
            "Die Filter links gelten für beide Arten: Partnerfilter schränken die Partnermaßnahmen ein, Zieldimension "
            "und Ressort die Strategiemaßnahmen.",
        ),
    )
