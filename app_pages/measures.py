import streamlit as st

from ikoe_data import analysis, charts, facts, labels
from ikoe_data.filters import filter_partner_measures
from ikoe_ui import data, layout
from ikoe_ui.filters import FOCUS, PARTNER, sidebar_filters

ds = data.dataset()
views = data.views()
SOURCE = ds.role_sources("partner_report")

layout.page_header(
    "Maßnahmen nach Themenschwerpunkt",
    "Mit welchen Maßnahmen treiben die Partner die interkulturelle "
    "Öffnung voran, in welchen Themenschwerpunkten, und was ist umgesetzt?",
)
filters = sidebar_filters(ds, (PARTNER, FOCUS))

measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
type_labels = dict(zip(ds.measure_types["measure_type"], ds.measure_types["label"]))
layout.main_facts(facts.measure_facts(measures, type_labels))
source = layout.chart_source(ds, SOURCE)
has_data = not measures.empty
BASIS = ("partner_measures", len(measures))

st.header("Maßnahmen je Themenschwerpunkt und Partnergruppe")
by_focus = analysis.measures_by_focus_and_group(measures, ds.focus_areas)
layout.chart_and_table(
    layout.chart(charts.measures_by_focus_chart, by_focus, source) if has_data else None,
    labels.to_display(by_focus.dropna(subset=["partner_group"]), ["focus_label", "partner_group", "n_measures"]),
    name="Maßnahmen je Themenschwerpunkt",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="by_focus",
    basis=BASIS,
)

partner_labels = dict(zip(views.partners["partner"], views.partners["partner_label"]))
st.header("Partner × Themenschwerpunkt")
partners_shown = ds.partners[ds.partners["partner_id"].isin(measures["partner_id"])]
matrix = analysis.partner_focus_matrix(measures, partners_shown, ds.focus_areas)
charted = analysis.top_rows(matrix, layout.CHART_ROWS)
layout.chart_and_table(
    layout.chart(
        charts.heatmap,
        charted,
        "Maßnahmen je Partner und Themenschwerpunkt",
        source,
        x_title="Themenschwerpunkt",
        y_title="Partner",
        row_hover=[partner_labels.get(p, p) for p in charted.index],
    )
    if has_data
    else None,
    matrix.reset_index().rename(columns={"partner": "Partner"}),
    name="Partner nach Themenschwerpunkt",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="heatmap",
    basis=BASIS,
    note=layout.capped_note(charted, matrix),
)

st.header("Partner × Maßnahmenart")
type_matrix = analysis.partner_measure_type_matrix(measures, ds.measure_types) if has_data else matrix.iloc[0:0]
charted = analysis.top_rows(type_matrix, layout.CHART_ROWS)
layout.chart_and_table(
    layout.chart(
        charts.heatmap,
        charted,
        "Maßnahmenarten je Partner",
        source,
        x_title="Maßnahmenart",
        y_title="Partner",
        row_hover=[partner_labels.get(p, p) for p in charted.index],
        subtitle=f"{charts.style.CELL_NUMBER}: Anzahl der Maßnahmen; eine Maßnahme mehrerer Arten zählt bei jeder",
    )
    if has_data
    else None,
    type_matrix.reset_index().rename(columns={"partner": "Partner"}),
    name="Partner nach Maßnahmenart",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="types",
    basis=BASIS,
    note="Eine Maßnahme kann mehreren Arten zugeordnet sein und zählt dann bei jeder. "
    + layout.capped_note(charted, type_matrix),
)

st.header("Umsetzungsstand")
status = analysis.status_by_focus(measures, ds.focus_areas)
layout.chart_and_table(
    layout.chart(charts.status_chart, status, source) if has_data else None,
    labels.to_display(status, ["focus_label", "status_label", "n_measures"]),
    name="Umsetzungsstand Partnermaßnahmen",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="status",
    basis=BASIS,
)

st.header("Alle Maßnahmen")
shown = labels.to_display(
    measures,
    [
        "measure_id",
        "partner_label",
        "partner_type",
        "focus_label",
        "title",
        "summary",
        "measure_type_labels",
        "status_label",
        "source_short",
        "source_line",
    ],
    table="partner_measures",
)
layout.table_and_downloads(
    shown,
    name="Partnermaßnahmen",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="drill",
    caption=f"Quelle: {layout.source_line(ds, SOURCE)}; Zeile = Fundstelle in der genannten Quelle. Titel und "
    "Zusammenfassungen in eigenen Worten.",
)

layout.what_you_need_to_know("""
- **Zählung:** Jede im Partnerbericht beschriebene Einzelmaßnahme ist eine Zeile (Aufzählungspunkte, benannte
  Absätze, Unterüberschriften). Ein Partnereintrag ohne eigene Maßnahme („keine weiteren Maßnahmen“) zählt als eine
  Zeile, damit der Eintrag sichtbar bleibt.
- **Themenschwerpunkte 1–5** sind die Kapitel des Berichts; „Weitere Maßnahmen“ ist der sechste Abschnitt.
- **Maßnahmenarten** stammen aus einer eigenen Taxonomie, gebildet aus allen Quellen (u. a. Folien des Kreises
  Heinsberg zu den Säulen eines IKÖ-Konzepts und dem MSO-Leitfaden zu Kooperationsformaten); siehe „Daten & Methodik“.
- **Umsetzungsstand:** durchgeführt (im Berichtszeitraum), laufend (dauerhafte Praxis), geplant,
  abgesagt/verschoben (oft wegen der Corona-Pandemie). Die Zuordnung beruht auf dem Wortlaut des Berichts.
- **Zuordnung ohne Überschrift:** Im Abschnitt „Interkulturelle Kompetenz“ (Zeilen 1916–1951) fehlt die
  Partnerüberschrift; der Text ist nach Inhalt und Reihenfolge dem ASB Regionalverband Ruhr zugeordnet.
""")
