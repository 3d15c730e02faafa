import streamlit as st

from ikoe_data import analysis, charts, edition_comparison, editions, facts, labels
from ikoe_data.filters import filter_partner_measures, filter_partners
from ikoe_data.text import md
from ikoe_ui import data, layout
from ikoe_ui.editions import comparison_partner
from ikoe_ui.filters import FOCUS, PARTNER, sidebar_filters

ds = data.dataset()
views = data.views()
PARTNER_DOC = ds.current_source("partner_report")
STATUS = ds.status_label(PARTNER_DOC)
SOURCES = ds.role_sources("partner_report")
PARTNER_YEAR = ds.report_year("partner_report")

layout.page_header(
    "Partnernetzwerk",
    "Wer gehört zum Netzwerk „Erfolgsfaktor Interkulturelle Öffnung – NRW stärkt "
    "Vielfalt!“, seit wann, und was berichtet jeder Partner?",
)
filters = sidebar_filters(ds, (PARTNER, FOCUS))

overview = views.partners
partners = filter_partners(overview, filters, ds.partner_measures)
measures = filter_partner_measures(views.partner_measures, ds.partners, filters)
layout.main_facts(facts.network_facts(partners, measures, STATUS, since_year=PARTNER_YEAR and PARTNER_YEAR - 2))

st.header("Partner in Reihenfolge des Beitritts")
by_group = analysis.cumulative_partners_by_group(partners, until=ds.status_date(PARTNER_DOC))
fig = (
    layout.chart(charts.cumulative_partners_chart, by_group, layout.chart_source(ds, SOURCES))
    if not partners.empty
    else None
)
layout.chart_and_table(
    fig,
    labels.to_display(
        partners,
        [
            "partner_id",
            "partner_label",
            "name",
            "partner_type",
            "place",
            "regierungsbezirk",
            "scope",
            "accession_date",
            "accession_year",
            "n_measures",
            "focus_labels_reported",
            "n_staff_shares",
        ],
        table="partners",
        rename={"name": "Vollständiger Name"},
    ),
    name="Partnernetzwerk",
    ds=ds,
    filters=filters,
    source_docs=SOURCES,
    key="partners",
    basis=("partners", len(partners)),
)

st.header("Partnerprofil")
if partners.empty:
    st.info("Für die gewählten Filter gibt es keine Partner.")
else:
    options = partners.sort_values("partner_id")
    names = dict(zip(options["partner_id"], options["partner"]))
    chosen: int = st.selectbox(
        "Partner wählen",
        options["partner_id"].tolist(),
        key="partner",
        bind="query-params",
        format_func=lambda pid: names[pid],
    )
    found = analysis.partner_profile(chosen, overview, measures, views.staff_shares, ds.source_conflicts)
    profile = found.partner
    st.page_link(
        "app_pages/partner_page.py",
        label=f"Eigene Seite: {md(profile['partner'])} (Maßnahmen, Anteile, Quellen, Downloads)",
        icon=":material/open_in_new:",
        query_params={"id": str(int(chosen))},
    )
    st.markdown(
        f"**{md(profile['partner_label'])}** · {md(profile['partner_type'])} · {md(profile['place'])} "
        f"(Regierungsbezirk {md(profile['regierungsbezirk'])}) · Wirkungskreis {md(profile['scope'])}"
    )
    cols = st.columns(3)
    cols[0].metric("Beitritt", labels.format_date(profile["accession_date"]), border=True)
    cols[1].metric("Berichtete Maßnahmen", labels.format_number(profile["n_measures"]), border=True)
    cols[2].metric("Anteilsangaben", labels.format_number(profile["n_staff_shares"]), border=True)

    if found.measures.empty:
        st.info(
            "Für diesen Partner enthält der Partnerbericht keinen eigenen Eintrag (bzw. keinen in den gewählten "
            "Themenschwerpunkten). Er ist dennoch Partner des Netzwerks."
        )
    else:
        layout.table(
            labels.to_display(
                found.measures,
                [
                    "focus_label",
                    "title",
                    "summary",
                    "status_label",
                    "measure_type_labels",
                    "source_short",
                    "source_line",
                ],
                table="partner_measures",
            ),
            key="profile_measures",
        )
    if not found.staff_shares.empty:
        st.markdown("**Angaben zum Anteil mit Einwanderungsgeschichte**")
        layout.table(
            labels.to_display(
                found.staff_shares,
                [
                    "year_text",
                    "share_text",
                    "basis_label",
                    "basis_detail",
                    "method_label",
                    "concept_label",
                    "source_short",
                    "source_line",
                ],
                table="staff_shares",
                sources=layout.source_names(ds),
            ),
            key="profile_shares",
        )
    sources = layout.source_line(ds, found.source_docs)
    st.caption(
        f"Beitrittsdatum: {md(ds.short_title(profile['source_doc']))}, Zeile {profile['source_line']}; "
        f"Name: {md(ds.short_title(profile['name_source_doc']))}, Zeile {profile['name_source_line']}. "
        f"Quellen: {sources}."
    )
    for conflict in found.conflicts.itertuples():
        st.warning(
            f"Abweichung in den Quellen ({md(conflict.subject)}): „{md(conflict.value_a)}“ (verwendet) gegenüber "
            f"„{md(conflict.value_b)}“. {md(conflict.resolution)}",
            icon=":material/warning:",
        )

st.header("Veränderung zwischen Ausgaben")
pair = comparison_partner("Neue, entfallene und geänderte Partner im Vergleich zweier Ausgaben.")
if pair is not None:
    other, current = pair
    label_a, label_b = editions.edition_info(other).label, editions.edition_info(current).label
    change = edition_comparison.partner_change(data.dataset_of(other), ds)
    if change.empty:
        st.info(f"Die Partner sind in beiden Ausgaben gleich ({labels.format_number(len(ds.partners))} Partner).")
    else:
        shown_change = labels.to_display(
            change,
            [
                "partner_id",
                "name",
                "partner_type",
                "accession_date",
                "change",
                "changed_columns",
                "measures_a",
                "measures_b",
            ],
            table="partners",
            rename={
                "change": "Änderung",
                "changed_columns": "Geänderte Angaben",
                "measures_a": f"Maßnahmen {label_a}",
                "measures_b": f"Maßnahmen {label_b}",
            },
        )
        layout.table_and_downloads(
            shown_change,
            name="Partner Ausgabenvergleich",
            title="Partner: Veränderung zwischen Ausgaben",
            ds=ds,
            filters=filters,
            source_docs=SOURCES,
            key="partner_change",
            caption=f"{label_a}: {labels.format_number(len(data.dataset_of(other).partners))} Partner; "
            f"{label_b}: {labels.format_number(len(ds.partners))} Partner. Quelle: {layout.source_line(ds, SOURCES)}.",
        )

layout.what_you_need_to_know("""
- **Partner-Nr.** ist die Position in der Tabelle „Übersicht der Partner in Reihenfolge ihres Beitritts“ des
  Partnerberichts. Die Namen dort waren Logos und sind in der Textfassung verloren; sie sind aus der Reihenfolge
  der Berichtsabschnitte (nach Beitritt), den Tabellendaten und der älteren Webseite „Wir sind Partner“ erschlossen.
  Zwei Partner (Städtekooperation Integration.Interkommunal, IHK NRW) haben keinen eigenen Berichtseintrag.
- **Beitrittsdatum:** immer der Wert des Partnerberichts; weicht die Webseite ab, steht das im Partnerprofil.
- **Ort und Regierungsbezirk:** bei Kommunen aus dem Namen, bei Verbänden der Sitz der Organisation (nicht aus den
  Quellen). Landesweit tätige Verbände werden ihrem Sitz zugeordnet.
- **Berichtete Themenschwerpunkte:** in welchen Abschnitten des Berichts der Partner Maßnahmen nennt.
""")
