"""Every chart builder with the shipped data, and with 0, 1 and many groups: shared by the chart tests and the
browser layout test (which draws each one at slide and at phone size)."""

from __future__ import annotations

import pandas as pd

from ikoe_data import analysis, charts
from ikoe_data.filters import Filters

SOURCE = "Quelle: Partnerbericht IKÖ, Stand 30.09.2020; Webseite „Wir sind Partner“, 2014–2016. Eigene Auswertung."


def shipped(ds) -> dict:
    """Every chart the pages draw, built from the shipped data as the pages build them."""
    partners = analysis.partner_overview(ds)
    measures = analysis.enrich_partner_measures(ds)
    shares = analysis.enrich_staff_shares(ds)
    benchmarks = analysis.population_benchmarks(ds)
    targets = analysis.share_targets(shares, ds.benchmarks)
    strategy = analysis.enrich_strategy_measures(ds)
    rule = analysis.ActivityRule.of(ds)
    active = analysis.active_period(strategy, rule)
    grid = analysis.goal_year_grid(active, ds.goals, analysis.coverage_years(active, rule))
    per_goal = analysis.measures_per_goal(strategy, ds.goals)
    thinnest = set(analysis.thinnest_goals(per_goal)["goal_id"])
    focus = analysis.partner_focus_matrix(measures, ds.partners, ds.focus_areas)
    types = analysis.partner_measure_type_matrix(measures, ds.measure_types)
    ressorts = analysis.ressort_goal_matrix(strategy, ds.goals).T
    solingen = measures[measures["partner_id"] == 14]
    views = analysis.Views.of(ds)
    everything = Filters()
    own = {  # an own analysis of each chart kind (ikoe_data.analysis.crosstab)
        "own_stacked": analysis.crosstab(ds, views, everything, "partner_measures", "regierungsbezirk", "focus_area"),
        "own_grouped": analysis.crosstab(ds, views, everything, "strategy_measures", "status", "zieldimension"),
        "own_heatmap": analysis.crosstab(ds, views, everything, "strategy_measures", "goal", "ressort"),
        "own_list": analysis.crosstab(ds, views, everything, "goals", "year"),
    }
    own_years = analysis.compare_years(ds, views, everything, "goals", 2019, 2021, "zieldimension")
    return {
        "growth": charts.cumulative_partners_chart(analysis.cumulative_partners_by_group(partners), SOURCE),
        "focus": charts.measures_by_focus_chart(analysis.measures_by_focus_and_group(measures, ds.focus_areas), SOURCE),
        "partner_focus": charts.heatmap(
            analysis.top_rows(focus, 40),
            "Maßnahmen je Partner und Themenschwerpunkt",
            SOURCE,
            x_title="Themenschwerpunkt",
            y_title="Partner",
        ),
        "partner_types": charts.heatmap(
            analysis.top_rows(types, 40), "Maßnahmenarten je Partner", SOURCE, x_title="Maßnahmenart", y_title="Partner"
        ),
        "status": charts.status_chart(analysis.status_by_focus(measures, ds.focus_areas), SOURCE),
        "shares": charts.share_target_chart(targets, benchmarks, SOURCE),
        "series": charts.staff_share_series_chart(analysis.share_time_series(shares), benchmarks, SOURCE),
        "goal_years": charts.goal_year_heatmap(grid, rule.report_year, SOURCE),
        "covered": charts.goals_covered_chart(
            analysis.goals_covered_per_year(grid), len(ds.goals), rule.report_year, SOURCE
        ),
        "per_goal": charts.measures_per_goal_chart(per_goal, thinnest, SOURCE),
        "ressorts": charts.heatmap(
            ressorts, "Maßnahmen je Handlungsziel und Ressort", SOURCE, x_title="Ressort", y_title="Handlungsziel (Nr.)"
        ),
        "zielgruppen": charts.horizontal_bar_chart(
            analysis.zielgruppen_counts(strategy, ds.zielgruppen),
            "zielgruppe",
            "n_measures",
            "Maßnahmen je Zielgruppe",
            SOURCE,
            "Maßnahmen (Anzahl)",
        ),
        "partner_status": charts.status_chart(
            analysis.status_by_focus(solingen, ds.focus_areas), SOURCE, title="Maßnahmen von Stadt Solingen"
        ),
        "partner_shares": charts.share_target_chart(
            targets[targets["partner_id"] == 14], benchmarks, SOURCE, title="Anteile bei Stadt Solingen"
        ),
        "budgets": charts.budget_year_chart(analysis.budgets(ds.strategy_budgets, strategy, ds.goals), SOURCE),
        **{name: charts.crosstab_chart(result, SOURCE) for name, result in own.items()},
        "own_years": charts.year_comparison_chart(own_years, SOURCE),
    }


def focus_table(groups: list[str], counts: list[int]) -> pd.DataFrame:
    """Measures per focus area for the given partner groups (each group with the given count in each area)."""
    rows = [
        {"focus_area": f, "focus_label": label, "partner_group": g, "n_measures": n}
        for f, label in ((1, "Beschäftigtenanteil"), (2, "Interkulturelle Kompetenz"), (3, "Chancengerechtigkeit"))
        for g, n in zip(groups, counts)
    ]
    return pd.DataFrame(rows, columns=["focus_area", "focus_label", "partner_group", "n_measures"])


def by_group_size(n_groups: int) -> dict:
    """The group-based builders with 0, 1 or many groups (small counts, where '0, 1, 1, 2, 2' used to appear)."""
    groups = ["Landesbehörden", "Kommunen und Kreise", "Jobcenter", "Unternehmen"][:n_groups]
    counts = [1, 2, 1, 2][:n_groups]
    table = focus_table(groups, counts)
    cumulative = pd.DataFrame(
        [
            {"accession_date": pd.Timestamp(f"{2012 + i}-03-01"), "partner_group": g, "cumulative_partners": i + 1}
            for g in groups
            for i in range(2)
        ],
        columns=["accession_date", "partner_group", "cumulative_partners"],
    )
    matrix = pd.DataFrame(
        [[1, 0, 2][:3] for _ in groups],
        index=pd.Index([f"Partner {g}" for g in groups], name="partner"),
        columns=["Beschäftigtenanteil", "Interkulturelle Kompetenz", "Chancengerechtigkeit"],
    )
    per_goal = pd.DataFrame(
        {
            "goal_id": list(range(1, n_groups + 1)),
            "zieldimension": ["I", "II", "III", "I"][:n_groups],
            "goal_title": [f"Handlungsziel mit einem langen Titel Nummer {i}" for i in range(1, n_groups + 1)],
            "n_measures": counts,
        }
    )
    return {
        "focus": charts.measures_by_focus_chart(table, SOURCE),
        "growth": charts.cumulative_partners_chart(cumulative, SOURCE),
        "heatmap": charts.heatmap(
            matrix, "Maßnahmen je Partner", SOURCE, x_title="Themenschwerpunkt", y_title="Partner"
        ),
        "per_goal": charts.measures_per_goal_chart(per_goal, set(), SOURCE),
        "bars": charts.horizontal_bar_chart(
            pd.DataFrame({"zielgruppe": groups, "n_measures": counts}),
            "zielgruppe",
            "n_measures",
            "Maßnahmen je Zielgruppe",
            SOURCE,
            "Maßnahmen (Anzahl)",
        ),
    }
