"""Suche: which measures — of the partners and of the state government — deal with a topic."""

from __future__ import annotations

from .. import analysis, facts, labels
from ..filters import filter_partner_measures, filter_strategy_measures
from .common import source_line, table_view
from .model import Choice, Facts, PageInput, PageModel

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
    pool = pool[
        pool["measure_id"].isin(partner_measures["measure_id"]) | pool["measure_id"].isin(strategy["measure_id"])
    ]
    hits = analysis.search(pool, query)
    n_partner, n_strategy = analysis.hits_by_kind(hits)
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=(
            Choice(
                key=QUERY_KEY,
                label="Suchbegriffe",
                kind="text",
                value=str(raw),
                placeholder="z. B. Ausbildung Messe, Sprachmittler, Moschee",
                help="Gefunden werden Maßnahmen, die alle Wörter enthalten (Titel, Beschreibung, Verantwortliche, "
                "Zuordnung); Groß- und Kleinschreibung egal.",
            ),
            Facts(tuple(facts.search_facts(n_partner, n_strategy, query))),
            table_view(
                key="hits",
                name=f"Suche {query}".strip(),
                title=f"Suchergebnis „{query}“" if query else "Alle Maßnahmen",
                table=labels.to_display(hits, analysis.SEARCH_COLUMNS),
                sources=sources,
                caption=f"Quellen: {source_line(ds, sources)}. Partnermaßnahmen in eigenen Worten zusammengefasst.",
                height=600,
            ),
        ),
        definitions=(
            "Durchsucht werden die Partnermaßnahmen (Titel und Zusammenfassung in eigenen Worten) und die Maßnahmen "
            "des Umsetzungsberichts (Titel, Zielgruppe, Zeitrahmen, Ressorts). Der Volltext der Berichte wird nicht "
            "durchsucht.",
            "Die Filter links gelten für beide Arten: Partnerfilter schränken die Partnermaßnahmen ein, Zieldimension "
            "und Ressort die Strategiemaßnahmen.",
        ),
    )
