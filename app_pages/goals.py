import streamlit as st

from ikoe_data import analysis, charts, edition_comparison, editions, facts, labels
from ikoe_data.filters import filter_goals, filter_strategy_measures
from ikoe_data.text import md
from ikoe_ui import data, layout
from ikoe_ui.editions import comparison_partner
from ikoe_ui.filters import STRATEGY, sidebar_filters

ds = data.dataset()
views = data.views()
SOURCE = ds.role_sources("strategy_report")
STATUS = ds.status_label(ds.current_source("strategy_report"))
RULE = analysis.ActivityRule.of(ds)

layout.page_header(
    "Handlungsziele 2030",
    "Wie breit und seit wann decken die Maßnahmen der Landesregierung die 37 "
    "Handlungsziele der Teilhabe- und Integrationsstrategie 2030 ab – und wo ist sie dünn?",
)
filters = sidebar_filters(ds, (STRATEGY,))

strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
goals = filter_goals(ds.goals, filters)
per_goal = analysis.measures_per_goal(strategy, goals)
thinnest = analysis.thinnest_goals(per_goal)
layout.main_facts(facts.strategy_facts(per_goal, strategy, thinnest, STATUS))
source = layout.chart_source(ds, SOURCE)
has_data = not strategy.empty
BASIS = ("strategy_measures", analysis.measure_count(strategy))

active = analysis.active_period(strategy, RULE)
years = analysis.coverage_years(active, RULE)
grid = analysis.goal_year_grid(active, goals, years)
covered = analysis.goals_covered_per_year(grid)

st.header("Abdeckung im Zeitverlauf")
layout.chart_and_table(
    layout.chart(charts.goals_covered_chart, covered, len(goals), RULE.report_year, source) if has_data else None,
    labels.to_display(
        analysis.coverage_table(covered, RULE.report_year),
        ["year", "goals_covered", "year_status"],
        rename={"year_status": "Art des Werts"},
    ),
    name="Abgedeckte Handlungsziele je Jahr",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="covered",
    basis=BASIS,
    note=charts.goals.coverage_reading(RULE.report_year) + " Im Diagramm sind sie eigens gekennzeichnet.",
)
grid_table = analysis.goal_year_matrix(grid)
layout.chart_and_table(
    layout.chart(charts.goal_year_heatmap, grid, RULE.report_year, source) if has_data else None,
    grid_table.reset_index().rename(columns={"goal_id": "Handlungsziel"}).rename(columns=str),
    name="Aktive Maßnahmen je Handlungsziel und Jahr",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="grid",
    basis=BASIS,
)

st.header("Maßnahmen je Handlungsziel")
layout.chart_and_table(
    layout.chart(charts.measures_per_goal_chart, per_goal, set(thinnest["goal_id"]), source) if has_data else None,
    labels.to_display(
        per_goal.assign(thin=per_goal["goal_id"].isin(thinnest["goal_id"]).map({True: "ja", False: ""})),
        ["goal_id", "zieldimension", "goal_title", "n_measures", "thin"],
        table="goals",
        rename={"goal_title": "Titel", "n_measures": "Maßnahmen", "thin": "Am dünnsten abgedeckt"},
    ),
    name="Maßnahmen je Handlungsziel",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="per_goal",
    basis=BASIS,
)

st.header("Ressorts × Handlungsziele")
ressort_matrix = analysis.ressort_goal_matrix(strategy, goals)
goal_rows = ressort_matrix.T
goal_titles = dict(zip(goals["goal_id"], goals["title"]))
layout.chart_and_table(
    layout.chart(
        charts.heatmap,
        goal_rows,
        "Maßnahmen je Handlungsziel und Ressort",
        source,
        x_title="Ressort",
        y_title="Handlungsziel (Nr.)",
        row_hover=[f"Handlungsziel {g}: {goal_titles.get(g, '')}" for g in goal_rows.index],
        x_wrap=8,
    )
    if has_data
    else None,
    ressort_matrix.reset_index().rename(columns={"ressort": "Ressort"}).rename(columns=str),
    name="Ressorts nach Handlungsziel",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="ressorts",
    basis=BASIS,
    note="ALLE = alle Ressorts; WEITERE = weitere Ressorts neben dem federführenden. Eine Maßnahme mehrerer "
    "Ressorts zählt bei jedem.",
)

st.header("Zielgruppen")
target_groups = analysis.zielgruppen_counts(strategy, ds.zielgruppen)
layout.chart_and_table(
    layout.chart(
        charts.horizontal_bar_chart,
        target_groups,
        "zielgruppe",
        "n_measures",
        "Maßnahmen je Zielgruppe",
        source,
        "Maßnahmen (Anzahl)",
        subtitle="Strategiemaßnahmen je genannter Zielgruppe; eine Maßnahme kann mehrere Zielgruppen haben",
    )
    if has_data
    else None,
    labels.to_display(target_groups, ["zielgruppe", "n_measures"]),
    name="Maßnahmen je Zielgruppe",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="zielgruppen",
    basis=BASIS,
    note="Eine Maßnahme kann mehrere Zielgruppen haben.",
)

st.header("Mittel: Beträge im Umsetzungsbericht")
budget_table = analysis.budgets(ds.strategy_budgets, strategy, goals)
if budget_table.empty:
    st.info("Zu den gewählten Handlungszielen nennt der Bericht keine Beträge.")
else:
    st.markdown(
        f"Der Bericht nennt {labels.count(len(budget_table), 'Betrag', 'Beträge')} zu "
        f"{labels.count(analysis.measure_count(budget_table), 'Maßnahme', 'Maßnahmen')}. Die Beträge umfassen "
        "Verschiedenes (je Jahr, insgesamt, je Kommune, Höchstbetrag) und werden deshalb nicht addiert."
    )
    shown_budgets = labels.to_display(
        budget_table,
        [
            "goal_id",
            "goal_title",
            "measure_id",
            "title",
            "amount_eur",
            "year",
            "label",
            "status_label",
            "source_anchor",
            "source_line",
        ],
        table="strategy_budgets",
        rename={
            "goal_title": "Handlungsziel (Titel)",
            "title": "Maßnahme",
            "amount_eur": "Betrag (Euro)",
            "year": "Jahr",
            "label": "Was der Betrag umfasst",
            "status_label": "Status der Maßnahme",
            "source_anchor": "Wortlaut im Bericht",
            "source_line": "Zeile",
        },
    )
    dated = budget_table.dropna(subset=["year"]).drop_duplicates(["measure_id", "year"])
    layout.chart_and_table(
        layout.chart(charts.budget_year_chart, budget_table, source) if not dated.empty else None,
        shown_budgets,
        name="Mittel je Handlungsziel und Maßnahme",
        ds=ds,
        filters=filters,
        source_docs=SOURCE,
        key="budgets",
        basis=("strategy_measures", analysis.measure_count(dated)),
        note=f"Das Diagramm zeigt die {labels.count(len(dated), 'Betrag', 'Beträge')} mit genanntem Jahr "
        f"(n = Maßnahmen im Diagramm); die Tabelle alle {labels.count(len(budget_table), 'Betrag', 'Beträge')} zu "
        f"{labels.count(analysis.measure_count(budget_table), 'Maßnahme', 'Maßnahmen')} mit Wortlaut und Zeile im "
        "Bericht. Jährliche Ansätze ohne Jahr, Gesamtvolumen, Beträge je Kommune und Höchstbeträge messen anderes "
        "als die Mittel eines Jahres; sie werden weder gezeichnet noch addiert.",
        no_chart="Zu den gewählten Handlungszielen nennt der Bericht keinen Betrag für ein bestimmtes Jahr; "
        "die Beträge ohne Jahr stehen in der Tabelle.",
    )

st.header("Alle Strategiemaßnahmen")
shown = labels.to_display(
    active.sort_values(["goal_id", "measure_id"]),
    [
        "measure_id",
        "goal_id",
        "title",
        "ressorts_text",
        "zeitrahmen",
        "status_label",
        "start_year",
        "end_year",
        "zielgruppen_raw",
        "source_short",
        "source_line",
    ],
    table="strategy_measures",
    rename={"ressorts_text": "Ressorts"},
)
layout.table_and_downloads(
    shown,
    name="Strategiemaßnahmen",
    ds=ds,
    filters=filters,
    source_docs=SOURCE,
    key="drill",
    caption=f"Quelle: {layout.source_line(ds, SOURCE)}; Zeile = Fundstelle in der genannten Quelle.",
)

st.header("Veränderung zwischen Ausgaben")
pair = comparison_partner("Maßnahmen je Handlungsziel im Vergleich zweier Ausgaben.")
if pair is not None:
    other, current = pair
    change = edition_comparison.goal_coverage_change(data.dataset_of(other), ds)
    label_a, label_b = editions.edition_info(other).label, editions.edition_info(current).label
    layout.chart_and_table(
        layout.chart(charts.edition_change_chart, change, label_a, label_b, source),
        labels.to_display(
            change,
            ["goal_id", "goal_title", "measures_a", "measures_b", "difference"],
            table="goals",
            rename={"goal_title": "Titel", "measures_a": label_a, "measures_b": label_b, "difference": "Veränderung"},
        ),
        name="Handlungsziele Ausgabenvergleich",
        ds=ds,
        filters=filters,
        source_docs=SOURCE,
        key="editions",
        basis=BASIS,
    )
    measures_change = edition_comparison.strategy_change(data.dataset_of(other), ds)
    st.markdown(f"**Neue, beendete und geänderte Strategiemaßnahmen** ({label_a} → {label_b})")
    if measures_change.empty:
        st.info("Die Strategiemaßnahmen beider Ausgaben sind gleich.")
    else:
        shown_measures_change = labels.to_display(
            measures_change.assign(
                status=measures_change["status"].map(labels.STATUS_STRATEGY),
            ),
            ["measure_id", "title", "goals", "status", "end_year", "change", "changed_columns", "source_doc"],
            table="strategy_measures",
            sources=layout.source_names(ds),
            rename={"goals": "Handlungsziele", "change": "Änderung", "changed_columns": "Geänderte Angaben"},
        )
        layout.table_and_downloads(
            shown_measures_change,
            name="Strategiemaßnahmen Ausgabenvergleich",
            title="Strategiemaßnahmen: Veränderung zwischen Ausgaben",
            ds=ds,
            filters=filters,
            source_docs=SOURCE,
            key="measures_change",
        )

layout.what_you_need_to_know(f"""
- **Aktive Maßnahme in einem Jahr:** Beginn- und Endjahr stammen aus dem Zeitrahmen oder der Beschreibung der
  Maßnahme. Nennt der Bericht keinen Beginn, zählt eine laufende Maßnahme ab dem Jahr des Berichts, der sie aufführt
  (aktueller Bericht: {RULE.report_year}, {md(STATUS)}), eine geplante ab dem Jahr danach. Ohne Endjahr gilt sie als
  fortlaufend; Jahre nach {RULE.report_year} sind deshalb eine **Fortschreibung** (in den Diagrammen heller und eigens
  in der Legende benannt), keine Beobachtung.
- Die Zahl der Maßnahmen vor {RULE.report_year} ist eine **Untergrenze**: Viele Maßnahmen nennen kein Beginnjahr.
- **Mehrfachzuordnung:** {analysis.measures_under_several_goals(strategy)} Maßnahmen stehen
  unter mehreren Handlungszielen und zählen bei jedem.
- **Am dünnsten abgedeckt:** die Handlungsziele mit den wenigsten Maßnahmen (die fünf kleinsten Werte, gleiche Werte
  eingeschlossen). Die Zahl der Maßnahmen sagt nichts über Umfang oder Mittel.
- **Ressorts** sind auf die Kürzel des Abkürzungsverzeichnisses normalisiert; eine Maßnahme (Zeile 509) nennt keine
  Zuständigkeit, „MKV“ (Zeile 925) ist als MKW gelesen.
""")
