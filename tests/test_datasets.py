"""Integrity of the shipped datasets: ids, references, ranges, dates, enumerations, counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from ikoe_data import labels, schema


def test_every_table_loads_with_every_schema_column(ds):
    for table in schema.TABLES:
        frame = ds.tables[table.name]
        assert list(frame.columns) == table.column_names, table.name
        assert len(frame) > 0, table.name


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_keys_are_unique(ds, table):
    frame = ds.tables[table.name]
    assert not frame.duplicated(subset=list(table.key)).any()


@pytest.mark.parametrize("table", [t for t in schema.TABLES if t.provenance], ids=lambda t: t.name)
def test_every_row_with_provenance_names_document_and_line(ds, table):
    frame = ds.tables[table.name]
    required = table.column("source_line").required
    if required:
        assert frame["source_line"].notna().all()
        assert frame["source_doc"].notna().all()
    assert frame["source_line"].dropna().ge(1).all()


def test_thirty_two_partners_with_accession_dates_in_table_order(ds):
    partners = ds.partners.sort_values("partner_id")
    assert partners["partner_id"].tolist() == list(range(1, 33))
    assert partners["accession_date"].notna().all()
    # the report's table lists partners in order of accession
    assert partners["accession_date"].is_monotonic_increasing
    assert partners["accession_date"].min() == pd.Timestamp("2012-03-26")
    assert partners["accession_date"].max() <= pd.Timestamp("2020-09-30")


def test_partner_count_matches_the_reports_own_statement(ds):
    stated = ds.benchmarks[
        (ds.benchmarks["indicator"] == "network_partners") & (ds.benchmarks["source_doc"] == "partnerbericht_2020")
    ]["value"]
    assert not stated.empty and (stated == len(ds.partners)).all()


def test_thirty_seven_goals_in_three_dimensions(ds):
    goals = ds.goals.sort_values("goal_id")
    assert goals["goal_id"].tolist() == list(range(1, 38))
    assert goals.groupby("zieldimension")["goal_id"].agg(["min", "max"]).to_dict("index") == {
        "I": {"min": 1, "max": 14},
        "II": {"min": 15, "max": 28},
        "III": {"min": 29, "max": 37},
    }
    stated = ds.benchmarks.loc[ds.benchmarks["indicator"] == "strategy_goals", "value"]
    assert (stated == 37).all() and not stated.empty


def test_strategy_measure_count_is_near_the_reports_knapp_200(ds):
    n = ds.strategy_measures["measure_id"].nunique()
    assert 180 <= n <= 200
    assert ds.strategy_measures["goal_id"].nunique() == 37


def test_measures_shared_by_several_goals_keep_their_title(ds):
    shared = ds.strategy_measures.groupby("measure_id").filter(lambda g: g["goal_id"].nunique() > 1)
    assert not shared.empty
    titles = shared.groupby("measure_id")["title"].agg(
        lambda t: t.str.lower().str.replace(r"\W", "", regex=True).nunique()
    )
    assert (titles == 1).all()


def test_shares_and_targets_lie_within_0_and_100(ds):
    for column in ("share_percent", "target_percent"):
        values = ds.staff_shares[column].dropna()
        assert values.between(0, 100).all(), column
    shares = ds.staff_shares
    states_something = (
        shares["share_percent"].notna()
        | shares["target_percent"].notna()
        | shares["wording"].notna()
        | shares["numerator"].notna()
    )
    assert states_something.all()
    ranged = shares.dropna(subset=["share_percent_upper"])
    assert (ranged["share_percent_upper"] > ranged["share_percent"]).all()


def test_computed_shares_agree_with_numerator_and_denominator(ds):
    computed = ds.staff_shares[ds.staff_shares["share_computed"].fillna(False)]
    for row in computed.itertuples():
        assert row.share_percent == pytest.approx(100 * row.numerator / row.denominator, abs=0.05)


def test_reported_counts_are_consistent_with_reported_shares(ds):
    both = ds.staff_shares.dropna(subset=["numerator", "denominator", "share_percent"])
    assert not both.empty
    for row in both.itertuples():
        # the report rounds; allow its rounding ("17 %" for 15 of about 90)
        assert abs(100 * row.numerator / row.denominator - row.share_percent) < 1.0, row.share_id


def test_dates_parse_and_are_not_in_the_future(ds):
    today = pd.Timestamp(dt.date.today())
    assert (ds.partners["accession_date"] <= today).all()
    assert ds.sources["status_date"].dropna().le(today).all()


def test_partner_measures_cover_every_focus_area_and_most_partners(ds):
    measures = ds.partner_measures
    assert set(measures["focus_area"]) == set(range(1, 7))
    assert measures["partner_id"].nunique() == 30  # 12 and 25 have no entry of their own
    assert set(ds.partners["partner_id"]) - set(measures["partner_id"]) == {12, 25}
    assert measures["measure_types"].map(len).between(1, 4).all()


def test_partner_measure_ids_encode_focus_area_and_partner(ds):
    parts = ds.partner_measures["measure_id"].str.extract(r"P(\d)-(\d{2})-(\d{2})").astype(int)
    assert (parts[0] == ds.partner_measures["focus_area"]).all()
    assert (parts[1] == ds.partner_measures["partner_id"]).all()


def test_strategy_years_are_ordered_and_lines_given_where_years_are(ds):
    measures = ds.strategy_measures
    both = measures.dropna(subset=["start_year", "end_year"])
    assert (both["start_year"] <= both["end_year"]).all()
    assert (measures["start_year"].isna() | measures["start_year_line"].notna()).all()
    assert (measures["end_year"].isna() | measures["end_year_line"].notna()).all()


def test_conflicts_keep_both_values(ds):
    conflicts = ds.source_conflicts
    assert (conflicts["value_a"] != conflicts["value_b"]).all()
    assert "accession_date" in set(conflicts["topic"])
    aachen = conflicts[(conflicts["topic"] == "accession_date") & (conflicts["partner_id"] == 17)].iloc[0]
    accession = ds.partners.set_index("partner_id").at[17, "accession_date"]
    assert aachen["value_a"] == f"{accession:%d.%m.%Y}"


def test_the_dashboards_own_running_numbers_say_so(ds):
    """Keys the dashboard made (M-002, P1-01-01, S-001, B-001, K-01), which no source numbers, are labelled as the
    dashboard's running numbers wherever a schema label heads a table, Excel sheet or CSV (issue #19)."""
    made = []
    for table in schema.TABLES:
        for column in table.columns:
            values = ds.tables[table.name][column.name].dropna().astype(str)
            if column.kind == "str" and len(values) and values.str.fullmatch(r"[A-Z]\d?(?:-\d+)+").all():
                made.append((table.name, column.name, column.label))
    assert {(t, c) for t, c, _ in made} >= {("partner_measures", "measure_id"), ("strategy_measures", "measure_id")}
    assert [(t, c, label) for t, c, label in made if "(Dashboard)" not in label] == []
    assert "(Dashboard)" in labels.column_label("measure_id")  # derived tables (search, comparisons) too
