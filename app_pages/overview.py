import streamlit as st

from ikoe_data import analysis, charts, edition_comparison, editions, facts, labels
from ikoe_data.filters import filter_partner_measures, filter_partners, filter_strategy_measures
from ikoe_data.text import md
from ikoe_ui import data, layout
from ikoe_ui.editions import comparison_partner
from ikoe_ui.filters import FOCUS, PARTNER, STRATEGY, sidebar_filters

ds = data.dataset()
views = data.views()
PARTNER_DOC, STRATEGY_DOC = ds.current_source("partner_report"), ds.current_source("strategy_report")
PARTNER_STATUS, STRATEGY_STATUS = ds.status_label(PARTNER_DOC), ds.status_label(STRATEGY_DOC)
PARTNER_SOURCES, STRATEGY_SOURCES = ds.role_sources("partner_report"), ds.role_sources("strategy_report")
PARTNER_YEAR = ds.report_year("partner_report")

layout.page_header(
    "Übersicht",
    "Wie ist das Partnernetzwerk gewachsen, was berichten die Partner, und wie breit "
    "deckt die Landesregierung die 37 Handlungsziele der Strategie 2030 ab?",
)
filters = sidebar_filters(ds, (PARTNER, FOCUS, STRATEGY))

partners = filter_partners(views.partners, filters, ds.partner_measures)
measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
per_goal = analysis.measures_per_goal(strategy, ds.goals)
thinnest = analysis.thinnest_goals(per_goal)

layout.main_facts(
    facts.network_facts(partners, measures, PARTNER_STATUS, since_year=PARTNER_YEAR and PARTNER_YEAR - 2)
    + (facts.network_size_facts(ds.benchmarks, PARTNER_DOC, ds.short_title(PARTNER_DOC)) if filters.is_empty() else [])
    + facts.strategy_facts(per_goal, strategy, thinnest, STRATEGY_STATUS)
)

cols = st.columns(4)
cols[0].metric(
    "Partner",
    labels.format_number(len(partners)),
    help=md(f"{ds.short_title(PARTNER_DOC)}, {PARTNER_STATUS}"),
    border=True,
)
cols[1].metric(
    "Partnermaßnahmen",
    labels.format_number(len(measures)),
    help=md(f"{ds.short_title(PARTNER_DOC)}, {PARTNER_STATUS}"),
    border=True,
)
cols[2].metric(
    "Strategiemaßnahmen",
    labels.format_number(analysis.measure_count(strategy)),
    help=md(f"{ds.short_title(STRATEGY_DOC)}, {STRATEGY_STATUS}"),
    border=True,
)
cols[3].metric(
    "Handlungsziele mit Maßnahmen",
    f"{labels.format_number(analysis.goals_with_measures(per_goal))} von {len(per_goal)}",
    help=md(f"{ds.short_title(STRATEGY_DOC)}, {STRATEGY_STATUS}"),
    border=True,
)

st.header("Wachstum des Partnernetzwerks")
by_group = analysis.cumulative_partners_by_group(partners, until=ds.status_date(PARTNER_DOC))
fig = (
    layout.chart(charts.cumulative_partners_chart, by_group, layout.chart_source(ds, PARTNER_SOURCES))
    if not partners.empty
    else None
)
layout.chart_and_table(
    fig,
    labels.to_display(by_group, ["accession_date", "partner_group", "cumulative_partners"], table="partners"),
    name="Wachstum Partnernetzwerk",
    ds=ds,
    filters=filters,
    source_docs=PARTNER_SOURCES,
    key="growth",
    basis=("partners", len(partners)),
)

st.header("Maßnahmen je Themenschwerpunkt")
by_focus = analysis.measures_by_focus_and_group(measures, ds.focus_areas)
fig = (
    layout.chart(charts.measures_by_focus_chart, by_focus, layout.chart_source(ds, PARTNER_SOURCES))
    if not measures.empty
    else None
)
layout.chart_and_table(
    fig,
    labels.to_display(by_focus.dropna(subset=["partner_group"]), ["focus_label", "partner_group", "n_measures"]),
    name="Maßnahmen je Themenschwerpunkt",
    ds=ds,
    filters=filters,
    source_docs=PARTNER_SOURCES,
    key="focus",
    basis=("partner_measures", len(measures)),
)

st.header("Abdeckung der 37 Handlungsziele")
fig = (
    layout.chart(
        charts.measures_per_goal_chart, per_goal, set(thinnest["goal_id"]), layout.chart_source(ds, STRATEGY_SOURCES)
    )
    if not strategy.empty
    else None
)
layout.chart_and_table(
    fig,
    labels.to_display(
        per_goal,
        ["goal_id", "zieldimension", "goal_title", "n_measures"],
        table="goals",
        rename={"goal_title": "Handlungsziel (Titel)", "n_measures": "Maßnahmen"},
    ),
    name="Maßnahmen je Handlungsziel",
    ds=ds,
    filters=filters,
    source_docs=STRATEGY_SOURCES,
    key="goals",
    basis=("strategy_measures", analysis.measure_count(strategy)),
)

st.header("Veränderung zwischen Ausgaben")
pair = comparison_partner("Was sich gegenüber einer früheren Ausgabe geändert hat: Partner, Anteile, Maßnahmen.")
if pair is not None:
    other, current = pair
    earlier = data.dataset_of(other)
    layout.main_facts(
        facts.edition_change_facts(
            edition_comparison.partner_change(earlier, ds),
            edition_comparison.staff_share_change(earlier, ds),
            edition_comparison.strategy_change(earlier, ds),
            edition_comparison.goal_coverage_change(earlier, ds),
            editions.edition_info(other).label,
        )
    )
    st.caption("Einzelheiten auf den Seiten Partnernetzwerk, Beschäftigtenanteile und Handlungsziele 2030.")

layout.what_you_need_to_know(f"""
- **Zwei Datenstände:** Partnernetzwerk und Partnermaßnahmen stammen aus dem Partnerbericht ({md(PARTNER_STATUS)}),
  die Strategiemaßnahmen aus dem Umsetzungsbericht zur Teilhabe- und Integrationsstrategie 2030 ({md(STRATEGY_STATUS)}).
- **Partnermaßnahmen** sind die im Partnerbericht beschriebenen Einzelmaßnahmen, von uns gezählt und in eigenen Worten
  zusammengefasst. Wie ausführlich Partner berichten, ist sehr unterschiedlich; eine hohe Zahl heißt nicht mehr Wirkung.
- **Partnergruppen** fassen die 14 Arten von Partnern für die Diagramme zu sieben Gruppen zusammen
  (Tabelle „Partnernetzwerk“ zeigt die genaue Art).
- **Handlungsziele:** Eine Maßnahme, die mehreren Handlungszielen zugeordnet ist, zählt bei jedem dieser Ziele.
- Einzelheiten zu Quellen, Definitionen und bekannten Widersprüchen: Seite „Daten & Methodik“.
""")
