"""Pure analysis functions on the shipped data and on small hand-made frames."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import pytest

from ikoe_data import analysis, charts, facts, labels, selection
from ikoe_data.filters import (
    Filters,
    filter_partner_measures,
    filter_partners,
    filter_strategy_measures,
    link_params,
    link_values,
)


def test_cumulative_partners_end_at_the_total_and_never_fall(ds):
    partners = analysis.partner_overview(ds)
    cumulative = analysis.cumulative_partners_by_group(partners, until=ds.status_date("partnerbericht_2020"))
    totals = cumulative.groupby("accession_date")["cumulative_partners"].sum()
    assert totals.iloc[-1] == 32
    assert totals.is_monotonic_increasing
    assert totals.index[-1] == pd.Timestamp("2020-09-30")
    # at the first accession date only BR Arnsberg
    assert totals.iloc[0] == 1


def test_partner_overview_counts_measures_and_focus_areas(ds):
    overview = analysis.partner_overview(ds).set_index("partner_id")
    expected = ds.partner_measures.groupby("partner_id").size()
    assert (overview.loc[expected.index, "n_measures"] == expected).all()
    assert overview.loc[12, "n_measures"] == 0 and overview.loc[12, "focus_areas_reported"] == ()
    assert overview.loc[24, "focus_areas_reported"] == tuple(
        sorted(ds.partner_measures.loc[ds.partner_measures["partner_id"] == 24, "focus_area"].unique())
    )
    assert overview["partner_group"].notna().all()


def test_measures_by_focus_and_group_adds_up_to_all_measures(ds):
    enriched = analysis.enrich_partner_measures(ds)
    table = analysis.measures_by_focus_and_group(enriched, ds.focus_areas)
    assert table["n_measures"].sum() == len(ds.partner_measures)
    per_focus = table.groupby("focus_area")["n_measures"].sum()
    assert (per_focus == ds.partner_measures.groupby("focus_area").size()).all()


def test_partner_focus_matrix_keeps_zero_cells(ds):
    enriched = analysis.enrich_partner_measures(ds)
    matrix = analysis.partner_focus_matrix(enriched, ds.partners, ds.focus_areas)
    assert matrix.shape == (32, 6)
    assert matrix.loc["IHK NRW"].sum() == 0
    assert matrix.to_numpy().sum() == len(ds.partner_measures)


def test_measure_type_matrix_counts_each_type_of_a_measure(ds):
    enriched = analysis.enrich_partner_measures(ds)
    matrix = analysis.partner_measure_type_matrix(enriched, ds.measure_types)
    assert matrix.to_numpy().sum() == enriched["measure_types"].map(len).sum()


def test_status_by_focus_has_every_status_for_every_focus(ds):
    table = analysis.status_by_focus(analysis.enrich_partner_measures(ds), ds.focus_areas)
    assert len(table) == 6 * 4
    assert table["n_measures"].sum() == len(ds.partner_measures)


def test_share_time_series_keeps_one_exact_point_per_year(ds):
    series = analysis.share_time_series(analysis.enrich_staff_shares(ds))
    assert not series.duplicated(["partner_id", "basis", "concept", "year"]).any()
    arnsberg = series[series["partner_id"] == 1]
    assert arnsberg["year"].tolist() == [2013, 2017]
    assert arnsberg["share_percent"].tolist() == [10.42, 11.78]
    lippe = series[series["partner_id"] == 2]
    assert lippe["qualifier"].isna().all()  # the exact 25 % is kept over "seit Jahren 25–30 %"


def strategy_frame(rows):
    return pd.DataFrame(rows, columns=["measure_id", "goal_id", "status", "start_year", "end_year"]).astype(
        {"start_year": "Int64", "end_year": "Int64"}
    )


def test_activity_rule_uses_stated_years_and_documents_defaults():
    measures = strategy_frame(
        [
            ("M-1", 1, "laufend", 2015, None),  # from 2015 to the horizon
            ("M-2", 1, "laufend", None, 2022),  # known at the report year until 2022
            ("M-3", 2, "geplant", None, None),  # from the year after the report
            ("M-4", 3, "abgeschlossen", 2016, None),  # ended by the report year
        ]
    )
    rule = analysis.ActivityRule(report_year=2021)
    active = analysis.active_period(measures, rule).set_index("measure_id")
    assert rule.horizon(measures) == 2022
    assert active.loc["M-1", ["active_from", "active_to"]].tolist() == [2015, 2022]
    assert active.loc["M-2", ["active_from", "active_to"]].tolist() == [2021, 2022]
    assert active.loc["M-3", ["active_from", "active_to"]].tolist() == [2022, 2022]
    assert active.loc["M-4", ["active_from", "active_to"]].tolist() == [2016, 2021]
    goals = pd.DataFrame({"goal_id": [1, 2, 3, 4], "zieldimension": ["I"] * 4, "title": list("abcd")})
    grid = analysis.goal_year_grid(active.reset_index(), goals, analysis.coverage_years(active, rule))
    assert len(grid) == 4 * len(range(2015, 2023))
    covered = analysis.goals_covered_per_year(grid).set_index("year")["goals_covered"]
    assert covered[2015] == 1 and covered[2016] == 2 and covered[2021] == 2 and covered[2022] == 2
    assert grid.loc[(grid["goal_id"] == 1) & (grid["year"] == 2021), "n_active"].item() == 2
    assert grid.loc[grid["goal_id"] == 4, "n_active"].sum() == 0


def test_goal_coverage_on_shipped_data_reaches_all_goals_at_the_report_year(ds):
    rule = analysis.ActivityRule.of(ds)
    assert rule.report_year == ds.status_date(ds.current_source("strategy_report")).year
    active = analysis.active_period(ds.strategy_measures, rule)
    grid = analysis.goal_year_grid(active, ds.goals, analysis.coverage_years(active, rule))
    covered = analysis.goals_covered_per_year(grid).set_index("year")["goals_covered"]
    assert covered[rule.report_year] == 37
    assert covered.loc[: rule.report_year].is_monotonic_increasing
    table = analysis.coverage_table(analysis.goals_covered_per_year(grid), rule.report_year).set_index("year")
    year = rule.report_year
    assert table.loc[year - 1, "year_status"] == f"vor {year}: Untergrenze"
    assert table.loc[year, "year_status"] == f"{year}: Stand des Berichts"
    assert table.loc[year + 1, "year_status"] == f"nach {year}: fortgeschrieben"


def test_measures_per_goal_and_thinnest(ds):
    per_goal = analysis.measures_per_goal(ds.strategy_measures, ds.goals)
    assert per_goal["n_measures"].sum() == len(ds.strategy_measures)
    thinnest = analysis.thinnest_goals(per_goal, n=5)
    assert len(thinnest) >= 5
    assert thinnest["n_measures"].max() <= per_goal["n_measures"].nsmallest(5).max()
    assert set(per_goal.loc[per_goal["n_measures"] == per_goal["n_measures"].min(), "goal_id"]) <= set(
        thinnest["goal_id"]
    )


def test_ressort_goal_matrix_counts_every_ressort_of_a_measure(ds):
    matrix = analysis.ressort_goal_matrix(ds.strategy_measures, ds.goals)
    assert matrix.to_numpy().sum() == ds.strategy_measures["ressorts"].map(len).sum()
    assert matrix.index[0] == "MKFFI"  # the integration ministry leads most measures


def test_search_finds_all_words_in_both_kinds(ds):
    pool = analysis.searchable_measures(analysis.enrich_partner_measures(ds), analysis.enrich_strategy_measures(ds))
    assert len(pool) == len(ds.partner_measures) + ds.strategy_measures["measure_id"].nunique()
    shared = pool[pool["measure_id"] == "M-045"].iloc[0]
    assert shared["context"] == "Handlungsziel 9, 18"
    assert [key for key, _ in shared["facet_goal"]] == ["9", "18"]
    index = analysis.search_index(pool)
    hits = analysis.search_measures(index, "sprachmittler").hits
    assert set(hits["kind"]) == {"Partnermaßnahme", "Strategiemaßnahme"}
    narrower = analysis.search_measures(index, "sprachmittler duisburg").hits
    assert 0 < len(narrower) < len(hits)
    assert narrower["owner"].str.contains("Duisburg").all() or narrower["text"].str.contains("Duisburg").all()
    assert analysis.search_measures(index, "").hits.shape == pool.shape


def test_filters_restrict_partners_measures_and_strategy(ds):
    partners = analysis.partner_overview(ds)
    only_kreise = Filters(partner_types=("Kreis",))
    assert set(filter_partners(partners, only_kreise)["partner_id"]) == {2, 5, 28}
    years = Filters(accession_from=2018, accession_to=2020)
    assert len(filter_partners(partners, years)) == 6
    focus = Filters(focus_areas=(6,))
    reporting = filter_partners(partners, focus, ds.partner_measures)
    assert set(reporting["partner_id"]) == set(
        ds.partner_measures.loc[ds.partner_measures["focus_area"] == 6, "partner_id"]
    )
    measures = filter_partner_measures(
        analysis.enrich_partner_measures(ds), ds.partners, Filters(partner_types=("Kreis",), focus_areas=(1,))
    )
    assert set(measures["partner_id"]) <= {2, 5, 28} and set(measures["focus_area"]) == {1}
    strategy = filter_strategy_measures(
        ds.strategy_measures, ds.goals, Filters(zieldimensionen=("III",), ressorts=("IM",))
    )
    assert not strategy.empty and strategy["goal_id"].between(29, 37).all()
    assert strategy["ressorts"].map(lambda r: "IM" in r).all() and len(strategy) == 8


OPTIONS: dict[str, list[object]] = {
    "art": ["Kommune", "Kreis"],
    "rb": ["Köln", "Münster"],
    "ts": [1, 2, 3, 6],
    "zd": ["I", "II", "III"],
    "ressort": ["MKFFI", "IM"],
}


def test_links_of_both_formats_give_the_same_filter_values_and_bad_values_are_dropped():
    old = {"art": ["Kreis,Kommune"], "von": ["2013"], "ts": ["1,3"], "zd": ["II"], "ressort": ["MKFFI"]}
    new = {
        "art": ["Kreis", "Kommune"],
        "beitritt": ["2013", "2020"],
        "ts": ["1 – Personal", "3 – Angebot"],
        "zd": ["II – Integration in die Regelsysteme"],
        "ressort": ["MKFFI"],
    }
    expected = {"art": ["Kreis", "Kommune"], "beitritt": (2013, 2020), "ts": [1, 3], "zd": ["II"], "ressort": ["MKFFI"]}
    assert link_values(old, OPTIONS, (2012, 2020)) == expected
    assert link_values(new, OPTIONS, (2012, 2020)) == expected
    # an earlier link is rewritten in today's format (what the filters bind to), the same values once more
    focus = {1: "Personal", 2: "Ausbildung", 3: "Angebot", 6: "Weitere Maßnahmen"}
    assert link_params(link_values(old, OPTIONS, (2012, 2020)), focus, (2012, 2020)) == new
    assert link_params({"beitritt": (2012, 2020), "rb": []}, focus, (2012, 2020)) == {}  # defaults stay out
    hostile = {"art": ["Kreis,<script>"], "von": ["zwanzig"], "bis": ["2099"], "ts": ["1,x"], "rb": ["Mars"]}
    assert link_values(hostile, OPTIONS, (2012, 2020)) == {"art": ["Kreis"], "ts": [1], "beitritt": (2012, 2020)}
    filters = Filters(partner_types=("Kreis", "Kommune"), accession_from=2013, focus_areas=(1, 3))
    assert "Art des Partners: Kreis, Kommune" in filters.describe()
    assert Filters().describe() == ["keine (alle Daten)"]
    assert Filters(accession_from=2015).describe() == ["Beitrittsjahr: ab 2015"]  # as the selection line says it
    assert Filters(accession_to=2018).describe() == ["Beitrittsjahr: bis 2018"]
    assert Filters(accession_from=2015, accession_to=2020).describe() == ["Beitrittsjahr: 2015–2020"]


def test_selection_line_names_the_filters_that_act_on_the_chart_and_its_basis():
    filters = Filters(
        partner_types=("Kommune", "Kreis"),
        regierungsbezirke=("Köln",),
        accession_from=2015,
        accession_to=2020,
        zieldimensionen=("I",),
    )
    assert (
        selection.selection_line(filters, "partners", 5)
        == "Auswahl: Regierungsbezirk Köln · Art: Kommune, Kreis · Beitritt 2015–2020 · n = 5 Partner"
    )
    assert selection.selection_line(filters, "strategy_measures", 1) == (
        "Auswahl: Zieldimension I – Erstintegration · n = 1 Strategiemaßnahme"
    )
    assert selection.selection_line(Filters(), "partner_measures", 668) == "Alle Partner · n = 668 Partnermaßnahmen"
    assert selection.selection_text(Filters(accession_to=2016), selection.PARTNER_SCOPE) == "Auswahl: Beitritt bis 2016"


def test_stamp_puts_the_selection_into_the_figure_and_keeps_a_one_group_legend(ds):
    partners = analysis.partner_overview(ds)
    one_group = partners[partners["partner_type"] == "Jobcenter"]
    fig = charts.cumulative_partners_chart(
        analysis.cumulative_partners_by_group(one_group, until=ds.status_date("partnerbericht_2020")), "Quelle: x"
    )
    own = fig.layout.meta["subtitle"]  # what the chart counts
    selection.stamp(fig, "Auswahl: Art: Jobcenter · n = 3 Partner")
    # what the chart counts, the selection, the source: all kept, in this order
    assert (
        fig.layout.title.subtitle.text.replace("<br>", " ")
        == f"{own} Auswahl: Art: Jobcenter · n = 3 Partner Quelle: x"
    )
    assert len(fig.data) == 1 and fig.layout.showlegend is True
    assert "Auswahl: Art: Jobcenter" in fig.to_json()
    long = selection.stamp(go.Figure(), "Auswahl: " + " · ".join(["Art: <b>Kommune</b>"] * 8) + " · n = 5 Partner")
    lines = long.layout.title.subtitle.text.split("<br>")
    assert len(lines) == 5 and all(len(html.unescape(line)) <= selection.SUBTITLE_WIDTH for line in lines)
    assert "&lt;b&gt;Kommune&lt;/b&gt;" in lines[0] and "<b>" not in long.layout.title.subtitle.text
    # a part longer than a line (focus-area titles) breaks between its words, never inside one; nothing is lost
    titles = dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["title"]))
    line = selection.selection_line(Filters(focus_areas=(1, 2, 3)), "partner_measures", 70, titles)
    pieces = selection.wrapped(line)
    assert len(pieces) > 2 and all(len(piece) <= selection.SUBTITLE_WIDTH for piece in pieces)
    assert " ".join(pieces).split() == line.split()
    assert selection.stamp(go.Figure(), line).layout.meta["selection"] == line  # the plain line, for the deck


def test_fact_sentences_follow_the_data(ds):
    partners = analysis.partner_overview(ds)
    measures = analysis.enrich_partner_measures(ds)
    sentences = facts.network_facts(partners, measures, "Stand 30.09.2020", since_year=2018)
    assert sentences[0].startswith("32 Partner (Stand 30.09.2020)")
    assert "Seit 2018 sind 6 Partner hinzugekommen." in sentences
    filtered = filter_partners(partners, Filters(partner_types=("Jobcenter",)))
    jobcenter = facts.network_facts(
        filtered, measures[measures["partner_id"].isin(filtered["partner_id"])], "Stand 30.09.2020", since_year=2018
    )
    assert jobcenter[0] == "3 Partner (Stand 30.09.2020), alle in der Gruppe „Jobcenter“."
    assert "Seit 2018 ist kein Partner hinzugekommen." in jobcenter
    assert facts.network_facts(partners.iloc[0:0], measures.iloc[0:0], "x") == [
        "Für die gewählten Filter gibt es keine Partner."
    ]


@pytest.mark.parametrize(
    ("value", "decimals", "expected"), [(20.15, 2, "20,15 %"), (1234.5, 1, "1.234,5 %"), (None, 1, "–")]
)
def test_german_percent_format(value, decimals, expected):
    assert labels.format_percent(value, decimals) == expected


def test_german_share_with_qualifier():
    assert labels.format_share(33.3, "mehr_als") == "mehr als 33,3 %"
    assert labels.format_share(20.15, None) == "20,15 %"
    assert labels.format_share(25.0, "rund") == "rund 25 %"
    assert labels.format_number(100000) == "100.000"
    assert labels.format_date(pd.Timestamp("2020-09-30")) == "30.09.2020"


def test_top_rows_keeps_the_largest_rows_in_their_order():
    matrix = pd.DataFrame({"a": [1, 9, 0, 5], "b": [0, 1, 0, 5]}, index=["w", "x", "y", "z"])
    assert analysis.top_rows(matrix, 2).index.tolist() == ["x", "z"]
    assert analysis.top_rows(matrix, 10) is matrix


def test_most_reported_keeps_the_groups_with_most_figures(ds):
    shares = analysis.enrich_staff_shares(ds)
    top = analysis.most_reported(shares, 2, by=["partner"])
    assert set(top["partner"]) == {"Kreis Lippe", "BR Arnsberg"}  # 4 and 2 figures; ties keep the earlier
    assert len(analysis.most_reported(shares, 100, by=["partner"])) == len(shares)


def test_views_hold_the_enriched_frames(ds):
    views = analysis.Views.of(ds)
    assert len(views.partner_measures) == len(ds.partner_measures)
    assert {"partner", "focus_label", "status_label"} <= set(views.partner_measures.columns)
    assert views.partners["n_measures"].sum() == len(ds.partner_measures)


def test_staff_share_filter_follows_partner_filters(ds):
    from ikoe_data.filters import filter_goals, filter_staff_shares

    shares = analysis.enrich_staff_shares(ds)
    assert len(filter_staff_shares(shares, ds.partners, Filters())) == len(shares)
    kreise = filter_staff_shares(shares, ds.partners, Filters(partner_types=("Kreis",)))
    assert set(kreise["partner_id"]) == {2}
    assert len(filter_goals(ds.goals, Filters(zieldimensionen=("I",)))) == 14


def test_measures_under_several_goals_counts_each_measure_once():
    measures = pd.DataFrame({"measure_id": ["M-1", "M-1", "M-2", "M-3", "M-3", "M-3"], "goal_id": [1, 2, 1, 4, 5, 5]})
    assert analysis.measures_under_several_goals(measures) == 2


def test_hits_by_kind_splits_partner_and_strategy_hits(ds):
    pool = analysis.Views.of(ds).search_pool
    n_partner, n_strategy = analysis.hits_by_kind(pool)
    assert n_partner == len(ds.partner_measures)
    assert n_strategy == ds.strategy_measures["measure_id"].nunique()


def test_population_shares_keep_every_scope_and_the_reported_wording():
    benchmarks = pd.DataFrame(
        {
            "indicator": ["population_share_eg", "population_share_eg", "staff_total"],
            "scope": ["NRW", "Köln", "NRW"],
            "value": [33.3, 25.0, 1000.0],
            "value_upper": [None, None, None],
            "wording": ["rund ein Drittel", None, None],
            "value_derived": [True, False, False],
            "qualifier": ["rund", "ueber", None],
            "year": pd.array([None, 2020, None], dtype="Int64"),
        }
    )
    shares = analysis.population_shares(benchmarks)
    assert shares["scope"].tolist() == ["NRW", "Köln"]
    # a verbal amount keeps its wording next to the number derived from it; a stated one keeps its qualifier
    assert shares["value_text"].tolist() == ["„rund ein Drittel“ (abgeleitet: 33,3 %)", "über 25 %"]
    assert shares["year_text"].tolist() == ["Jahr nicht genannt", "2020"]


def test_partner_profile_holds_only_that_partner(ds):
    views = analysis.Views.of(ds)
    conflicted = int(ds.source_conflicts["partner_id"].dropna().iloc[0])
    profile = analysis.partner_profile(
        conflicted, views.partners, views.partner_measures, views.staff_shares, ds.source_conflicts
    )
    assert profile.partner["name"] == ds.partners.set_index("partner_id").loc[conflicted, "name"]
    assert set(profile.measures["partner_id"]) <= {conflicted}
    assert len(profile.measures) == (ds.partner_measures["partner_id"] == conflicted).sum()
    assert profile.measures["focus_area"].is_monotonic_increasing
    assert set(profile.staff_shares["partner_id"]) <= {conflicted}
    assert len(profile.conflicts) >= 1 and set(profile.conflicts["partner_id"]) == {conflicted}
    assert profile.source_docs == sorted({profile.partner["source_doc"], profile.partner["name_source_doc"]})


def test_partner_sources_table_names_each_statement_its_fundstelle_not_a_line(ds):
    views = analysis.Views.of(ds)
    conflicted = int(ds.source_conflicts["partner_id"].dropna().iloc[0])
    profile = analysis.partner_profile(
        conflicted, views.partners, views.partner_measures, views.staff_shares, ds.source_conflicts
    )
    found = analysis.partner_sources(ds, conflicted, profile.measures, profile.staff_shares)
    table = analysis.partner_sources_table(found)
    assert list(table.columns) == ["Angabe", "Inhalt", "Fundstelle"]
    assert len(table) == 2 + len(profile.measures) + len(profile.staff_shares) + 2 * len(profile.conflicts)
    titles = dict(zip(ds.sources["source_doc"], ds.sources["title"]))
    # each Fundstelle opens with its source's title (never its key); the lines stay in the frame for data stewards
    assert all(f.startswith(titles[doc]) for f, doc in zip(table["Fundstelle"], found["source_doc"]))
    assert found["source_line"].notna().all()
    assert not table["Fundstelle"].str.contains(r"\bZ(?:\.|eile)\s?\d").any()


def test_counts_and_named_conflicts_the_pages_show(ds):
    strategy = ds.strategy_measures
    assert analysis.measure_count(strategy) == strategy["measure_id"].nunique() < len(strategy)  # several goals
    per_goal = analysis.measures_per_goal(strategy, ds.goals)
    assert analysis.goals_with_measures(per_goal) == 37
    assert analysis.goals_with_measures(per_goal.assign(n_measures=0)) == 0
    named = analysis.named_source_conflicts(ds)
    assert len(named) == len(ds.source_conflicts)
    solingen = named[named["partner_id"] == 14]
    assert not solingen.empty and set(solingen["short_name"]) == {"Stadt Solingen"}


@pytest.mark.parametrize(
    ("low", "high", "said"),
    [(2015, 2020, "2015–2020"), (2016, 2016, "2016"), (2015, None, "ab 2015"), (None, 2018, "bis 2018")],
)
def test_accession_years_read_the_same_in_the_sidebar_line_and_the_selection_line(low, high, said):
    filters = Filters(accession_from=low, accession_to=high)
    assert filters.describe() == [f"Beitrittsjahr: {said}"]
    assert f"Beitritt {said}" in selection.selection_parts(filters, selection.PARTNER_SCOPE)


@pytest.mark.parametrize(
    ("items", "most", "said"),
    [
        (["A"], None, "A"),
        (["A", "B"], None, "A und B"),
        (["A", "B", "C"], None, "A, B und C"),
        (["A", "B", "C", "D", "E"], 3, "A, B, C und 2 weitere"),
        (["A", "B"], 3, "A und B"),
    ],
)
def test_enumeration(items, most, said):
    assert labels.enumeration(items, most) == said
