import streamlit as st

from ikoe_data import analysis, charts, facts, labels
from ikoe_data.filters import Filters
from ikoe_data.text import md
from ikoe_ui import data, layout
from ikoe_ui.layout import share_target_display

ds = data.dataset()
views = data.views()
REPORTS = ds.source_docs_in(ds.partner_measures)
SHARE_SOURCES = ds.source_docs_in(ds.staff_shares, ds.benchmarks)
NO_FILTERS = Filters()  # a partner page shows the whole partner

layout.page_header(
    "Partnerprofil",
    "Alles zu einem Partner auf einer Seite: Beitritt, Maßnahmen je Themenschwerpunkt, Beschäftigtenanteile mit "
    "Zielwert, Abweichungen zwischen den Quellen und jede Fundstelle.",
)
partners = views.partners.sort_values("partner_id")
names = {str(i): name for i, name in zip(partners["partner_id"], partners["partner"])}
KEY = "partner_page"


def _to_url() -> None:
    st.query_params["id"] = st.session_state[KEY]


# the URL names the partner (/partner?id=14 is Stadt Solingen: a shared link, reload, back/forward)
requested = st.query_params.get("id")
if requested in names:
    st.session_state[KEY] = requested
elif requested is not None:
    st.warning("Die Partner-Nr. im Link gibt es nicht; gezeigt wird der erste Partner.")
chosen_key = st.selectbox("Partner", list(names), key=KEY, format_func=lambda i: f"{i}: {names[i]}", on_change=_to_url)
st.query_params["id"] = chosen_key
chosen = int(chosen_key)
found = analysis.partner_profile(chosen, partners, views.partner_measures, views.staff_shares, ds.source_conflicts)
partner, measures, shares, conflicts = found.partner, found.measures, found.staff_shares, found.conflicts
targets = analysis.share_targets(shares, ds.benchmarks)

st.header(md(partner["partner_label"]), anchor=False)
layout.main_facts(facts.partner_facts(partner, measures, targets))
cols = st.columns(4)
cols[0].metric("Beitritt", labels.format_date(partner["accession_date"]), border=True)
cols[1].metric("Maßnahmen", labels.format_number(len(measures)), border=True)
cols[2].metric("Anteilsangaben", labels.format_number(len(shares)), border=True)
cols[3].metric("Abweichungen zwischen Quellen", labels.format_number(len(conflicts)), border=True)
layout.table(
    labels.to_display(
        partners[partners["partner_id"] == chosen],
        ["partner_id", "partner", "name", "partner_type", "place", "regierungsbezirk", "scope", "accession_date"],
        table="partners",
        rename={"partner": "Anzeigename", "name": "Vollständiger Name"},
    ),
    key="identity",
)

st.subheader("Maßnahmen je Themenschwerpunkt")
status = analysis.status_by_focus(measures, ds.focus_areas)
source = layout.chart_source(ds, REPORTS)
layout.chart_and_table(
    layout.chart(charts.status_chart, status, source, title=f"Maßnahmen von {partner['partner']} je Themenschwerpunkt")
    if not measures.empty
    else None,
    labels.to_display(status[status["n_measures"] > 0], ["focus_label", "status_label", "n_measures"]),
    name=f"Maßnahmen {partner['partner']}",
    ds=ds,
    filters=NO_FILTERS,
    source_docs=REPORTS,
    key="partner_focus",
    basis=("partner_measures", len(measures)),
    subject=f"Partner: {partner['partner_label']}",
)
if not measures.empty:
    shown = labels.to_display(
        measures,
        ["measure_id", "focus_label", "title", "summary", "status_label", "measure_type_labels", "source_line"],
        table="partner_measures",
    )
    layout.table_and_downloads(
        shown,
        name=f"Maßnahmen {partner['partner']} einzeln",
        title=f"Maßnahmen von {partner['partner_label']}",
        ds=ds,
        filters=NO_FILTERS,
        source_docs=REPORTS,
        key="partner_measures",
    )

st.subheader("Beschäftigtenanteile, Zielwert und Abstand")
if targets.empty:
    st.info("Für diesen Partner nennt keine Quelle einen Anteil mit Einwanderungsgeschichte.")
else:
    layout.chart_and_table(
        layout.chart(
            charts.share_target_chart,
            targets,
            analysis.population_benchmarks(ds),
            layout.chart_source(ds, sorted(set(targets["source_doc"]))),
            title=f"Anteile bei {partner['partner']}",
        )
        if targets["share_percent"].notna().any()
        else None,
        share_target_display(targets),
        name=f"Beschäftigtenanteile {partner['partner']}",
        ds=ds,
        filters=NO_FILTERS,
        basis=layout.share_basis(targets)[0],
        note=layout.share_basis(targets)[1],
        subject=f"Partner: {partner['partner_label']}",
        source_docs=sorted(set(targets["source_doc"])),
        key="partner_shares",
    )

st.subheader("Abweichungen zwischen den Quellen")
if conflicts.empty:
    st.info("Für diesen Partner sind keine Abweichungen zwischen den Quellen bekannt.")
for conflict in conflicts.itertuples():
    st.warning(
        f"{conflict.subject}: „{conflict.value_a}“ ({ds.short_title(conflict.source_doc_a)}, Zeile "
        f"{conflict.source_line_a}, verwendet) gegenüber „{conflict.value_b}“ "
        f"({ds.short_title(conflict.source_doc_b)}, Zeile {conflict.source_line_b}). {conflict.resolution}",
        icon=":material/warning:",
    )

st.subheader("Quellen und Fundstellen")
found = analysis.partner_sources(ds, chosen, measures, shares)
docs = sorted(set(found["source_doc"]))
layout.table_and_downloads(
    analysis.partner_sources_table(found),
    name=f"Fundstellen {partner['partner']}",
    title=f"Fundstellen zu {partner['partner_label']}",
    ds=ds,
    filters=NO_FILTERS,
    source_docs=docs,
    key="partner_sources",
    caption=f"Quellen: {layout.source_line(ds, docs)}.",
)

layout.what_you_need_to_know("""
- **Name:** Überall steht derselbe Anzeigename; Abkürzungen sind in Tabellen, Legenden und Hinweisen ausgeschrieben.
  Der vollständige Name steht in der ersten Tabelle.
- **Maßnahmen** sind die im Partnerbericht beschriebenen Einzelmaßnahmen, von uns gezählt und zusammengefasst.
- **Anteile** werden mit Bezugsgruppe, Begriff und Erhebungsart gezeigt, wie berichtet; Wortangaben bleiben Worte
  und sind nur zum Zeichnen als Zahl eingetragen. **Abstand zum Zielwert** = berichteter Anteil − Zielwert, in
  Prozentpunkten.
- **Link zu dieser Seite:** `/partner?id=` und die Partner-Nr. (Position im Partnerbericht).
""")
