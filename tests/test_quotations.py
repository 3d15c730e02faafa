"""Wherever the data layer writes a sentence or a chart note with a source's own words, those words are marked as a
quotation („…“) and name their source; no line number of the text copies appears (issue #19)."""

from __future__ import annotations

import re

import pytest
from line_numbers import line_references

from ikoe_data import analysis, charts, facts


def _quoted(text: str) -> list[str]:
    return re.findall(r"„([^„“]*)“", text)


def test_the_networks_size_in_the_reports_words_is_a_quotation_with_its_source(ds):
    """„über eine Millionen“ (the report's words, its grammar kept) stands in quotation marks beside the report's
    name, never as the dashboard's own phrase."""
    [sentence] = facts.network_size_facts(ds.benchmarks, "partnerbericht_2020", "Partnerbericht IKÖ")
    worded = ds.benchmarks[ds.benchmarks["value_derived"] & ds.benchmarks["indicator"].eq("affiliated_organisations")]
    assert not worded.empty
    for wording in worded["wording"]:
        assert f"„{wording}“" in sentence
        assert sentence.replace(f"„{wording}“", "").count(wording) == 0  # nowhere unmarked
    assert "laut Partnerbericht IKÖ" in sentence


def test_a_quoted_share_names_its_source():
    assert facts.quoted_with_source("„rund ein Drittel“ (abgeleitet: 33,3 %)", "Webseite") == (
        "„rund ein Drittel“ (abgeleitet: 33,3 %) (Webseite)"
    )
    assert facts.quoted_with_source("20,15 %", "Partnerbericht IKÖ") == "20,15 %"  # a number in the dashboard's form


def test_every_reported_wording_in_partner_facts_is_quoted_with_its_source(ds):
    """Each partner's facts; a share stated in words gets a target here so that its sentence is written at all (the
    shipped data has one target, for a share stated as a number)."""
    shares = analysis.enrich_staff_shares(ds)
    targets = analysis.share_targets(shares, ds.benchmarks)
    worded = targets["share_derived"].fillna(False).astype(bool) & targets["share_percent"].notna()
    targets.loc[worded, "target_percent"] = 40.0
    targets.loc[worded, "gap_points"] = targets.loc[worded, "share_percent"] - 40.0
    overview = analysis.partner_overview(ds).set_index("partner_id")
    wordings = set(ds.staff_shares["wording"].dropna())
    seen = 0
    for partner_id, partner in overview.iterrows():
        own = targets[targets["partner_id"] == partner_id]
        text = " ".join(facts.partner_facts(partner, own.iloc[:0], own))
        for sentence in re.split(r"(?<=\.) (?=[A-ZÄÖÜ])", text):
            for wording in wordings:
                if wording in sentence:
                    seen += 1
                    assert f"„{wording}“" in sentence, sentence
                    assert any("“ (abgeleitet: " in sentence and f") ({title})" in sentence
                               for title in own["source_short"]), sentence  # fmt: skip
        assert line_references(text) == []
    assert seen >= int(worded.sum())


def test_population_references_quote_the_source_by_name_without_a_line(ds):
    targets = analysis.share_targets(analysis.enrich_staff_shares(ds), ds.benchmarks)
    texts = [t for t in targets["population_text"] if t]
    assert texts
    titles = set(ds.sources["short_title"])
    for text in texts:
        assert line_references(text) == []
        if _quoted(text):
            assert any(f"“ ({title}" in text for title in titles), text


@pytest.mark.parametrize("chart", ["budgets", "shares"])
def test_chart_notes_quote_the_source_and_show_no_line(ds, chart):
    if chart == "budgets":
        frame = analysis.budgets(ds.strategy_budgets, analysis.enrich_strategy_measures(ds), ds.goals)
        fig = charts.budget_year_chart(frame, "Quelle")
        hovers = [h for trace in fig.data for h in trace.hovertext]
        assert all("Im Bericht, S. " in h and _quoted(h) for h in hovers)
    else:
        targets = analysis.share_targets(analysis.enrich_staff_shares(ds), ds.benchmarks)
        fig = charts.share_target_chart(targets, ds.benchmarks, "Quelle")
        hovers = [h for trace in fig.data for h in (trace.hovertext or ())]
    assert hovers
    assert [h for h in hovers if line_references(h)] == []
