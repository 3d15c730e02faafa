"""Handlungsziele 2030: how broadly and since when the state's measures cover the 37 goals of the strategy."""

from __future__ import annotations

import pandas as pd

from .. import analysis, charts, edition_comparison, facts, labels
from ..filters import filter_goals, filter_strategy_measures
from ..text import md
from .common import (
    FUNDSTELLE_NOTE,
    SEVERAL_GOALS,
    Context,
    chart_source,
    chart_view,
    comparison,
    ressort_readings,
    selection_line,
    source_line,
    source_names,
    table_view,
    with_fundstelle,
)
from .model import Block, Count, Facts, Heading, Markdown, Notice, PageInput, PageModel

TITLE = "Handlungsziele 2030"
QUESTION = (
    "Wie breit und seit wann decken die Maßnahmen der Landesregierung die 37 Handlungsziele der Teilhabe- und "
    "Integrationsstrategie 2030 ab – und wo ist sie dünn?"
)


def build(inp: PageInput) -> PageModel:
    ds, filters = inp.ds, inp.filters
    sources = ds.role_sources("strategy_report")
    status = ds.status_label(ds.current_source("strategy_report"))
    rule = analysis.ActivityRule.of(ds)
    strategy = filter_strategy_measures(inp.views.strategy_measures, ds.goals, filters)
    goals = filter_goals(ds.goals, filters)
    per_goal = analysis.measures_per_goal(strategy, goals)
    thinnest = analysis.thinnest_goals(per_goal)
    source = chart_source(ds, sources)
    has_data = not strategy.empty
    basis = Count("strategy_measures", analysis.measure_count(strategy))
    ctx = Context.of(ds, filters, sources)

    active = analysis.active_period(strategy, rule)
    years = analysis.coverage_years(active, rule)
    grid = analysis.goal_year_grid(active, goals, years)
    covered = analysis.goals_covered_per_year(grid)
    blocks: list[Block] = [
        Facts(tuple(facts.strategy_facts(per_goal, strategy, thinnest, status))),
        Heading("Abdeckung im Zeitverlauf"),
        chart_view(
            ctx,
            key="covered",
            name="Abgedeckte Handlungsziele je Jahr",
            figure=charts.goals_covered_chart(covered, len(goals), rule.report_year, source) if has_data else None,
            table=labels.to_display(
                analysis.coverage_table(covered, rule.report_year),
                ["year", "goals_covered", "year_status"],
                rename={"year_status": "Art des Werts"},
            ),
            count=basis,
            note=charts.goals.coverage_reading(rule.report_year) + " Im Diagramm sind sie eigens gekennzeichnet.",
        ),
        chart_view(
            ctx,
            key="grid",
            name="Aktive Maßnahmen je Handlungsziel und Jahr",
            figure=charts.goal_year_heatmap(grid, rule.report_year, source) if has_data else None,
            table=analysis.goal_year_matrix(grid)
            .reset_index()
            .rename(columns={"goal_id": "Handlungsziel"})
            .rename(columns=str),
            count=basis,
            note="Eine Maßnahme zählt in jedem Jahr, in dem sie aktiv ist.",
        ),
        Heading("Maßnahmen je Handlungsziel"),
        chart_view(
            ctx,
            key="per_goal",
            name="Maßnahmen je Handlungsziel",
            figure=charts.measures_per_goal_chart(per_goal, set(thinnest["goal_id"]), source) if has_data else None,
            table=labels.to_display(
                per_goal.assign(thin=per_goal["goal_id"].isin(thinnest["goal_id"]).map({True: "ja", False: ""})),
                ["goal_id", "zieldimension", "goal_title", "n_measures", "thin"],
                table="goals",
                rename={"goal_title": "Titel", "n_measures": "Maßnahmen", "thin": "Am dünnsten abgedeckt"},
            ),
            count=basis,
            note=SEVERAL_GOALS,
        ),
        Heading("Ressorts × Handlungsziele"),
    ]
    ressort_matrix = analysis.ressort_goal_matrix(strategy, goals)
    goal_rows = ressort_matrix.T
    goal_titles = dict(zip(goals["goal_id"], goals["title"]))
    blocks.append(
        chart_view(
            ctx,
            key="ressorts",
            name="Ressorts nach Handlungsziel",
            figure=charts.heatmap(
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
            table=ressort_matrix.reset_index().rename(columns={"ressort": "Ressort"}).rename(columns=str),
            count=basis,
            note="ALLE = alle Ressorts; WEITERE = weitere Ressorts neben dem federführenden. Eine Maßnahme mehrerer "
            "Ressorts zählt bei jedem.",
        )
    )
    target_groups = analysis.zielgruppen_counts(strategy, ds.zielgruppen)
    blocks += [
        Heading("Zielgruppen"),
        chart_view(
            ctx,
            key="zielgruppen",
            name="Maßnahmen je Zielgruppe",
            figure=charts.horizontal_bar_chart(
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
            table=labels.to_display(target_groups, ["zielgruppe", "n_measures"]),
            count=basis,
            note="Eine Maßnahme kann mehrere Zielgruppen haben.",
        ),
        Heading("Mittel: Beträge im Umsetzungsbericht"),
        *_budgets(inp, strategy, goals, source),
        Heading("Alle Strategiemaßnahmen"),
        table_view(
            key="drill",
            name="Strategiemaßnahmen",
            table=labels.to_display(
                with_fundstelle(ds, active.sort_values(["goal_id", "measure_id"])),
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
                    "fundstelle",
                ],
                table="strategy_measures",
                rename={"ressorts_text": "Ressorts"},
            ),
            sources=sources,
            caption=f"Quelle: {source_line(ds, sources)}. {FUNDSTELLE_NOTE}",
            table_selection=selection_line(ds, filters, Count("strategy_measures", analysis.measure_count(active))),
        ),
        Heading("Veränderung zwischen Ausgaben"),
        *_edition_change(inp, basis, source),
    ]
    return PageModel(
        title=TITLE,
        question=QUESTION,
        blocks=tuple(blocks),
        section_tabs=True,
        definitions=(
            "**Aktive Maßnahme in einem Jahr:** Beginn- und Endjahr stammen aus dem Zeitrahmen oder der Beschreibung "
            "der Maßnahme. Nennt der Bericht keinen Beginn, zählt eine laufende Maßnahme ab dem Jahr des Berichts, der "
            f"sie aufführt (aktueller Bericht: {rule.report_year}, {md(status)}), eine geplante ab dem Jahr danach. "
            f"Ohne Endjahr gilt sie als fortlaufend; Jahre nach {rule.report_year} sind deshalb eine "
            "**Fortschreibung** (in den Diagrammen heller und eigens in der Legende benannt), keine Beobachtung.",
            f"Die Zahl der Maßnahmen vor {rule.report_year} ist eine **Untergrenze**: Viele Maßnahmen nennen kein "
            "Beginnjahr.",
            f"**Mehrfachzuordnung:** {analysis.measures_under_several_goals(strategy)} Maßnahmen stehen unter "
            "mehreren Handlungszielen und zählen bei jedem.",
            "**Am dünnsten abgedeckt:** die Handlungsziele mit den wenigsten Maßnahmen (die fünf kleinsten Werte, "
            "gleiche Werte eingeschlossen). Die Zahl der Maßnahmen sagt nichts über Umfang oder Mittel.",
            "**Ressorts** sind auf die Kürzel des Abkürzungsverzeichnisses normalisiert; "
            + md(ressort_readings(ds.strategy_measures)),
        ),
    )


def _budgets(inp: PageInput, strategy: pd.DataFrame, goals: pd.DataFrame, source: str) -> list[Block]:
    ds, filters = inp.ds, inp.filters
    sources = ds.role_sources("strategy_report")
    budget_table = analysis.budgets(ds.strategy_budgets, strategy, goals)
    if budget_table.empty:
        return [Notice("Zu den gewählten Handlungszielen nennt der Bericht keine Beträge.")]
    amounts = labels.count(len(budget_table), "Betrag", "Beträge")
    measures = labels.count(analysis.measure_count(budget_table), "Maßnahme", "Maßnahmen")
    dated = budget_table.dropna(subset=["year"]).drop_duplicates(["measure_id", "year"])
    shown = labels.to_display(
        with_fundstelle(ds, budget_table),
        [
            "goal_id",
            "goal_title",
            "measure_id",
            "title",
            "amount_eur",
            "year",
            "label",
            "status_label",
            "fundstelle",
        ],
        table="strategy_budgets",
        rename={
            "goal_title": "Handlungsziel (Titel)",
            "title": "Maßnahme",
            "amount_eur": "Betrag (Euro)",
            "year": "Jahr",
            "label": "Was der Betrag umfasst",
            "status_label": "Status der Maßnahme",
            "fundstelle": "Fundstelle im Bericht",
        },
    )
    return [
        Markdown(
            f"Der Bericht nennt {amounts} zu {measures}. Die Beträge umfassen Verschiedenes (je Jahr, insgesamt, "
            "je Kommune, Höchstbetrag) und werden deshalb nicht addiert."
        ),
        chart_view(
            Context.of(ds, filters, sources),
            key="budgets",
            name="Mittel je Handlungsziel und Maßnahme",
            figure=charts.budget_year_chart(budget_table, source) if not dated.empty else None,
            table=shown,
            count=Count("strategy_measures", analysis.measure_count(dated)),
            table_count=Count(
                "budgets",
                len(budget_table),
                within=Count("strategy_measures", analysis.measure_count(budget_table)),
            ),
            note=f"Das Diagramm zeigt die {labels.count(len(dated), 'Betrag', 'Beträge')} mit genanntem Jahr "
            f"(n = Maßnahmen im Diagramm); die Tabelle alle {amounts} zu {measures} mit ihrer Fundstelle im "
            "Bericht. Jährliche Ansätze ohne Jahr, Gesamtvolumen, Beträge je Kommune und Höchstbeträge messen anderes "
            "als die Mittel eines Jahres; sie werden weder gezeichnet noch addiert.",
            no_chart="Zu den gewählten Handlungszielen nennt der Bericht keinen Betrag für ein bestimmtes Jahr; "
            "die Beträge ohne Jahr stehen in der Tabelle.",
        ),
    ]


def _edition_change(inp: PageInput, basis: Count, source: str) -> list[Block]:
    ds, filters = inp.ds, inp.filters
    sources = ds.role_sources("strategy_report")
    choice, pair = comparison(inp, "Maßnahmen je Handlungsziel im Vergleich zweier Ausgaben.")
    if pair is None:
        return [choice]
    other, edition = pair
    label_a, label_b = edition.label, inp.edition.label
    change = edition_comparison.goal_coverage_change(other, ds)
    blocks: list[Block] = [
        choice,
        chart_view(
            Context.of(ds, filters, sources),
            key="editions",
            name="Handlungsziele Ausgabenvergleich",
            figure=charts.edition_change_chart(change, label_a, label_b, source),
            table=labels.to_display(
                change,
                ["goal_id", "goal_title", "measures_a", "measures_b", "difference"],
                table="goals",
                rename={
                    "goal_title": "Titel",
                    "measures_a": label_a,
                    "measures_b": label_b,
                    "difference": "Veränderung",
                },
            ),
            count=basis,
        ),
        Markdown(f"**Neue, beendete und geänderte Strategiemaßnahmen** ({md(label_a)} → {md(label_b)})"),
    ]
    measures_change = edition_comparison.strategy_change(other, ds)
    if measures_change.empty:
        return [*blocks, Notice("Die Strategiemaßnahmen beider Ausgaben sind gleich.")]
    shown = labels.to_display(
        measures_change.assign(status=measures_change["status"].map(labels.STATUS_STRATEGY)),
        ["measure_id", "title", "goals", "status", "end_year", "change", "changed_columns", "source_doc"],
        table="strategy_measures",
        sources=source_names(ds),
        rename={"goals": "Handlungsziele", "change": "Änderung", "changed_columns": "Geänderte Angaben"},
    )
    return [
        *blocks,
        table_view(
            key="measures_change",
            name="Strategiemaßnahmen Ausgabenvergleich",
            title="Strategiemaßnahmen: Veränderung zwischen Ausgaben",
            table=shown,
            sources=sources,
        ),
    ]
