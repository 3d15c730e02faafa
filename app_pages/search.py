import streamlit as st

from ikoe_data import analysis, facts, labels
from ikoe_data.filters import filter_partner_measures, filter_strategy_measures
from ikoe_ui import data, layout
from ikoe_ui.filters import FOCUS, PARTNER, STRATEGY, sidebar_filters

ds = data.dataset()
views = data.views()
SOURCES = ds.role_sources("partner_report") + ds.role_sources("strategy_report")

layout.page_header("Suche", "Welche Maßnahmen – der Partner wie der Landesregierung – behandeln ein bestimmtes Thema?")
filters = sidebar_filters(ds, (PARTNER, FOCUS, STRATEGY))

query = st.text_input(
    "Suchbegriffe",
    key="q",
    bind="query-params",
    placeholder="z. B. Ausbildung Messe, Sprachmittler, Moschee",
    help="Gefunden werden Maßnahmen, die alle Wörter enthalten (Titel, Beschreibung, "
    "Verantwortliche, Zuordnung); Groß- und Kleinschreibung egal.",
)
query = " ".join(query.split())  # only spaces are no query; shown and exported as one line

partner_measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
pool = views.search_pool
pool = pool[pool["measure_id"].isin(partner_measures["measure_id"]) | pool["measure_id"].isin(strategy["measure_id"])]
hits = analysis.search(pool, query)
n_partner, n_strategy = analysis.hits_by_kind(hits)
layout.main_facts(facts.search_facts(n_partner, n_strategy, query))

shown = labels.to_display(hits, analysis.SEARCH_COLUMNS)
layout.table(shown, key="hits", height=600)
st.caption(f"Quellen: {layout.source_line(ds, SOURCES)}. Partnermaßnahmen in eigenen Worten zusammengefasst.")
layout.downloads(
    shown,
    name=f"Suche {query}".strip(),
    title=f"Suchergebnis „{query}“" if query else "Alle Maßnahmen",
    ds=ds,
    filters=filters,
    source_docs=SOURCES,
    key="hits",
)

layout.what_you_need_to_know("""
- Durchsucht werden die Partnermaßnahmen (Titel und Zusammenfassung in eigenen Worten) und die Maßnahmen des
  Umsetzungsberichts (Titel, Zielgruppe, Zeitrahmen, Ressorts). Der Volltext der Berichte wird nicht durchsucht.
- Die Filter links gelten für beide Arten: Partnerfilter schränken die Partnermaßnahmen ein, Zieldimension und
  Ressort die Strategiemaßnahmen.
""")
