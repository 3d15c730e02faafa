import streamlit as st

from ikoe_data import analysis, charts, edition_comparison, editions, facts, labels
from ikoe_data.filters import filter_staff_shares
from ikoe_ui import data, layout
from ikoe_ui.editions import comparison_partner
from ikoe_ui.filters import PARTNER, sidebar_filters
from ikoe_ui.layout import share_target_display

ds = data.dataset()
views = data.views()

layout.page_header(
    "Beschäftigtenanteile",
    "Welche Anteile von Beschäftigten, Auszubildenden oder Neueingestellten mit "
    "Einwanderungsgeschichte berichten die Partner – und woran lassen sie sich messen?",
)
filters = sidebar_filters(ds, (PARTNER,))

shares = filter_staff_shares(views.staff_shares, ds.partners, filters)
benchmarks = analysis.population_benchmarks(ds)
SOURCES = ds.source_docs_in(ds.staff_shares, benchmarks)
layout.main_facts(facts.share_facts(shares))

st.warning(
    "Die Angaben beruhen auf **verschiedenen Bezugsgruppen** (alle Beschäftigten, Auszubildende, "
    "Neueinstellungen, einzelne Bereiche), **Begriffen** und **Erhebungsarten**. Sie werden deshalb nicht "
    "gegeneinander gerankt: Das Diagramm ordnet die Partner alphabetisch.",
    icon=":material/compare_arrows:",
)

st.header("Anteil, Zielwert, Abstand und Bevölkerungsanteil")
targets = analysis.share_targets(shares, ds.benchmarks)
charted = analysis.most_reported(targets, layout.CHART_ROWS, by=["partner"])
fig = (
    layout.chart(charts.share_target_chart, charted, benchmarks, layout.chart_source(ds, SOURCES))
    if not shares.empty
    else None
)
share_basis, without_share = layout.share_basis(targets)
layout.chart_and_table(
    fig,
    share_target_display(targets),
    name="Beschäftigtenanteile",
    ds=ds,
    filters=filters,
    source_docs=SOURCES,
    key="shares",
    basis=share_basis,
    note=" ".join(
        part
        for part in (
            "Gestrichelte Linien: Bevölkerungsanteile mit Einwanderungsgeschichte laut den Quellen.",
            without_share,
            layout.capped_note(
                charted["partner"].unique(), targets["partner"].unique(), "Partner mit den meisten Angaben"
            ),
        )
        if part
    ),
)

series = analysis.share_time_series(shares)
st.header("Entwicklung, wo ein Partner mehrere Jahre berichtet")
if series.empty:
    st.info("Kein Partner in der Auswahl hat für dieselbe Bezugsgruppe Angaben aus mehreren Jahren.")
else:
    fig = layout.chart(
        charts.staff_share_series_chart,
        analysis.most_reported(series, 10, by=["partner", "basis"]),
        benchmarks,
        layout.chart_source(ds, SOURCES),
    )
    layout.chart_and_table(
        fig,
        labels.to_display(
            series,
            [
                "partner_label",
                "year",
                "share_text",
                "share_percent",
                "basis_label",
                "method_label",
                "source_short",
                "source_line",
            ],
            table="staff_shares",
            sources=layout.source_names(ds),
        ),
        name="Beschäftigtenanteile Zeitreihe",
        ds=ds,
        filters=filters,
        source_docs=SOURCES,
        key="series",
        basis=("staff_shares", len(series)),
    )

st.header("Vergleichswerte: Bevölkerung mit Einwanderungsgeschichte")
layout.table(
    labels.to_display(
        analysis.population_shares(ds.benchmarks).pipe(
            lambda p: p.assign(source_short=p["source_doc"].map(ds.short_title))
        ),
        ["scope", "label", "value_text", "year_text", "concept", "source_short", "source_line"],
        table="benchmarks",
        rename={"value_text": "Wert (wie berichtet)"},
        sources=layout.source_names(ds),
    ),
    key="benchmarks",
)

st.header("Veränderung zwischen Ausgaben")
pair = comparison_partner("Neue, geänderte und entfallene Anteilsangaben im Vergleich zweier Ausgaben.")
if pair is not None:
    other, current = pair
    change = analysis.share_changes(edition_comparison.staff_share_change(data.dataset_of(other), ds), ds.partners)
    shown_change = labels.to_display(
        change,
        [
            "short_name",
            "basis_label",
            "year_text",
            "share_percent_a",
            "share_percent_b",
            "difference",
            "change",
            "changed_columns",
        ],
        rename={
            "short_name": "Partner",
            "share_percent_a": f"Anteil (%) {editions.edition_info(other).label}",
            "share_percent_b": f"Anteil (%) {editions.edition_info(current).label}",
            "difference": "Veränderung (Prozentpunkte)",
            "change": "Änderung",
            "changed_columns": "Geänderte Angaben",
        },
    )
    if shown_change.empty:
        st.info("Die Anteilsangaben beider Ausgaben sind gleich.")
    else:
        layout.table_and_downloads(
            shown_change,
            name="Beschäftigtenanteile Ausgabenvergleich",
            title="Beschäftigtenanteile: Veränderung zwischen Ausgaben",
            ds=ds,
            filters=filters,
            source_docs=SOURCES,
            key="share_change",
        )

layout.what_you_need_to_know("""
- **Begriffe:** Der Partnerbericht spricht von *Einwanderungsgeschichte*, definiert den Begriff aber nicht; einzelne
  Partner zählen ausdrücklich auch die zweite und dritte Generation mit. Ältere Angaben (Webseite 2012/2013) sprechen
  von *Migrationshintergrund* oder zählen nur die *ausländische Staatsangehörigkeit*; das Polizeipräsidium Dortmund
  wertet den *Geburtsort im Ausland* aus. Diese Zahlen messen Verschiedenes (Spalte „Begriff“).
- **Bezugsgruppe:** Ein Anteil unter Auszubildenden oder Neueingestellten zeigt die Wirkung der Personalgewinnung,
  ein Anteil unter allen Beschäftigten den Bestand. Beides ist nicht direkt vergleichbar.
- **Erhebung:** Befragungen sind freiwillig (Anteil unter den Antwortenden), Personaldaten erfassen meist nur
  Staatsangehörigkeit oder Geburtsort, Schätzungen beruhen z. B. auf Namen.
- **Wie berichtet:** Zahlen, Spannen („25–30 %“) und Zusätze („ca.“, „rund“) stehen so, wie die Quelle sie nennt.
  Wortangaben („rund ein Drittel“, „durchweg“) stehen im Wortlaut; die Zahl daneben (33,3 %, 100 %) ist nur zum
  Zeichnen **abgeleitet**. „Niemand … eingestellt“ ist kein Anteil (die Quelle nennt keine Grundgesamtheit) und
  erscheint deshalb nur in der Tabelle.
- **Jahr nicht genannt:** Nennt die Quelle kein Bezugsjahr, bleibt das Jahr leer; solche Angaben erscheinen nicht
  in der Zeitreihe und nicht an einem erfundenen Jahr.
- **Bevölkerungsanteil NRW:** Der Partnerbericht nennt rund ein Drittel, der MSO-Leitfaden „über 25 Prozent“
  (undatiert). Beide Werte werden als Linien gezeigt.
""")
