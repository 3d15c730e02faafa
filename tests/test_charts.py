"""Chart builders: title, source footnote, German separators, zero-based share axes, slide-size download."""

from __future__ import annotations

import pytest

from ikoe_data import analysis, charts

SOURCE = "Quelle: Test, Stand 30.09.2020. Eigene Auswertung."


def built_charts(ds):
    partners = analysis.partner_overview(ds)
    measures = analysis.enrich_partner_measures(ds)
    shares = analysis.enrich_staff_shares(ds)
    benchmarks = analysis.population_benchmarks(ds)
    strategy = analysis.enrich_strategy_measures(ds)
    rule = analysis.ActivityRule.of(ds)
    active = analysis.active_period(strategy, rule)
    grid = analysis.goal_year_grid(active, ds.goals, analysis.coverage_years(active, rule))
    per_goal = analysis.measures_per_goal(strategy, ds.goals)
    return {
        "growth": charts.cumulative_partners_chart(analysis.cumulative_partners_by_group(partners), SOURCE),
        "focus": charts.measures_by_focus_chart(analysis.measures_by_focus_and_group(measures, ds.focus_areas), SOURCE),
        "heatmap": charts.heatmap(
            analysis.partner_focus_matrix(measures, ds.partners, ds.focus_areas),
            "H",
            SOURCE,
            x_title="Themenschwerpunkt",
            y_title="Partner",
        ),
        "status": charts.status_chart(analysis.status_by_focus(measures, ds.focus_areas), SOURCE),
        "shares": charts.staff_share_chart(shares, benchmarks, SOURCE),
        "series": charts.staff_share_series_chart(analysis.share_time_series(shares), benchmarks, SOURCE),
        "grid": charts.goal_year_heatmap(grid, rule.report_year, SOURCE),
        "covered": charts.goals_covered_chart(analysis.goals_covered_per_year(grid), 37, rule.report_year, SOURCE),
        "per_goal": charts.measures_per_goal_chart(per_goal, {3, 15}, SOURCE),
    }


@pytest.fixture(scope="module")
def figures(ds):
    return built_charts(ds)


def test_every_chart_has_title_source_and_german_separators(figures):
    for name, fig in figures.items():
        assert fig.layout.title.text, name
        assert fig.layout.separators == ",.", name
        notes = [a.text for a in fig.layout.annotations if a.text == SOURCE]
        assert notes, name
        assert fig.layout.colorway == tuple(charts.PALETTE) or fig.layout.colorway == charts.PALETTE


def test_axes_have_titles_with_units(figures):
    for name in ("growth", "focus", "status", "shares", "series", "covered", "per_goal"):
        layout = figures[name].layout
        titles = [layout.xaxis.title.text, layout.yaxis.title.text]
        assert any(t and ("(" in t or "datum" in t.lower() or t == "Jahr") for t in titles), name


def test_share_axes_start_at_zero_and_show_percent(figures):
    assert next(iter(figures["shares"].layout.xaxis.range)) == 0
    assert figures["shares"].layout.xaxis.ticksuffix == " %"
    assert next(iter(figures["series"].layout.yaxis.range)) == 0


def test_population_benchmarks_are_reference_lines_in_the_legend(figures, ds):
    fig = figures["shares"]
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    benchmark_values = set(analysis.population_benchmarks(ds).drop_duplicates(["value", "source_doc"])["value"])
    assert {round(s.x0, 1) for s in lines} == {round(v, 1) for v in benchmark_values}
    legend_names = [t.name for t in fig.data if t.legendgroup == "benchmarks"]
    assert len(legend_names) == len(lines) and all("%" in n for n in legend_names)


def test_shares_are_not_ranked(figures):
    order = list(figures["shares"].layout.yaxis.categoryarray)
    assert order == sorted(order, reverse=True)  # alphabetical (top to bottom), not by value


def test_heatmap_writes_counts_in_cells(figures, ds):
    heat = figures["heatmap"].data[0]
    assert heat.z.sum() == len(ds.partner_measures)
    assert "%{text}" in heat.texttemplate


def test_continuation_years_are_marked(figures):
    rects = [s for s in figures["covered"].layout.shapes if s.type == "rect"]
    assert rects and rects[0].x0 == 2021.5


def test_image_download_is_slide_sized_with_a_readable_file_name():
    config = charts.image_config("Maßnahmen je Themenschwerpunkt 2026-01-02", "svg")
    options = config["toImageButtonOptions"]
    assert (options["width"], options["height"], options["format"]) == (1600, 900, "svg")
    assert options["filename"] == "massnahmen-je-themenschwerpunkt-2026-01-02"
