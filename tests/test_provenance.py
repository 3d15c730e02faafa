"""Every figure and title stands where its row says: document and line (needs ../shared/seeds)."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest
from conftest import normalise, text_from

ANCHORED = ["partner_measures", "staff_shares", "benchmarks", "strategy_budgets", "measure_types"]


@pytest.mark.parametrize("table", ANCHORED)
def test_anchor_stands_on_its_line(ds, seed_lines, table):
    frame = ds.tables[table].dropna(subset=["source_anchor"])
    assert not frame.empty
    misplaced = [
        row
        for row in frame.itertuples()
        if row.source_anchor not in seed_lines[row.source_doc][int(row.source_line) - 1]
    ]
    assert misplaced == []


def test_shares_anchor_contains_the_figure_or_its_words(ds, seed_lines):
    """The anchor must carry the whole number (or the verbal share) the row records: 20,15 as 20,15 – not 20."""
    for row in ds.staff_shares.dropna(subset=["share_percent"]).itertuples():
        anchor = row.source_anchor
        number = f"{row.share_percent:g}".replace(".", ",")
        stated = re.search(rf"(?<![\d,.]){re.escape(number)}(?:,0+)?(?![\d]|,\d)", anchor)
        verbal = re.search(r"drittel|durchweg|niemand|vierte", anchor, re.IGNORECASE)
        assert stated or verbal, (row.share_id, number, anchor)


def test_partner_accession_date_and_name_stand_in_the_sources(ds, seed_lines):
    for row in ds.partners.itertuples():
        date_line = seed_lines[row.source_doc][row.source_line - 1]
        assert f"{row.accession_date:%d.%m.%Y}" in date_line, row.partner_id
        name_line = seed_lines[row.name_source_doc][row.name_source_line - 1]
        assert row.source_name in name_line, row.partner_id


def test_accession_table_dates_are_read_in_table_order(ds, seed_lines):
    """Independent read of the table (lines 316–396): the dates in document order equal the partners' dates."""
    table_text = "\n".join(seed_lines["partnerbericht_2020"][315:396])
    dates = re.findall(r"\b(\d{2})\.(\d{2})\.(\d{4})\b", table_text)
    dates = [f"{y}-{m}-{d}" for d, m, y in dates if (d, m, y) != ("30", "09", "2020")]  # "Stand 30.09.2020"
    assert dates == [f"{d:%Y-%m-%d}" for d in ds.partners.sort_values("partner_id")["accession_date"]]


@pytest.mark.parametrize("table", ["goals", "zieldimensionen", "focus_areas"])
def test_titles_stand_at_their_line(ds, seed_lines, table):
    for row in ds.tables[table].itertuples():
        text = text_from(seed_lines[row.source_doc], row.source_line)
        assert normalise(row.title)[:60] in text, (table, row.source_line)


def test_strategy_titles_stand_at_their_line(ds, seed_lines):
    lines = seed_lines["umsetzungsbericht_2021"]
    for row in ds.strategy_measures.itertuples():
        text = text_from(lines, row.source_line, span=4)
        assert normalise(row.title).replace("*", "")[:50] in text.replace("*", ""), row.measure_id


def test_strategy_years_stand_at_their_lines(ds, seed_lines):
    lines = seed_lines["umsetzungsbericht_2021"]
    for row in ds.strategy_measures.itertuples():
        for year, line in ((row.start_year, row.start_year_line), (row.end_year, row.end_year_line)):
            if not pd.isna(year):
                assert re.search(rf"\b{int(year)}\b", lines[int(line) - 1]), (row.measure_id, year, line)


def test_ressort_names_stand_in_the_abbreviation_list(ds, seed_lines):
    for row in ds.ressorts.dropna(subset=["source_line"]).itertuples():
        line = seed_lines[row.source_doc][int(row.source_line) - 1]
        assert line.startswith(row.code) and row.name in line


def test_conflicting_dates_and_names_stand_where_recorded(ds, seed_lines):
    for row in ds.source_conflicts.itertuples():
        for value, doc, line in (
            (row.value_a, row.source_doc_a, row.source_line_a),
            (row.value_b, row.source_doc_b, row.source_line_b),
        ):
            lines = seed_lines[doc]
            assert 1 <= line <= len(lines)
            if row.topic == "accession_date":
                day, month, year = value.split(".")
                months = [
                    "Januar",
                    "Februar",
                    "März",
                    "April",
                    "Mai",
                    "Juni",
                    "Juli",
                    "August",
                    "September",
                    "Oktober",
                    "November",
                    "Dezember",
                ]
                spelled = f"{int(day)}. {months[int(month) - 1]} {year}"
                assert value in lines[line - 1] or spelled in lines[line - 1], (row.conflict_id, value)
            if row.topic in ("name", "initiative_name"):
                assert normalise(value)[:40] in text_from(lines, line, span=2), (row.conflict_id, value)


def test_partner_sections_match_the_measures(ds, seed_lines):
    """Independent structure check: a partner has measures in a focus area exactly where the report has a
    heading with its name in that section (one known section without heading: ASB, lines 1916–1951)."""
    lines = seed_lines["partnerbericht_2020"]
    starts = [*ds.focus_areas.sort_values("focus_area")["source_line"].tolist(), len(lines) + 1]
    headings = dict(zip(ds.partners["source_name"], ds.partners["partner_id"]))
    found = set()
    for focus, (start, end) in enumerate(itertools.pairwise(starts), start=1):
        for line in lines[start - 1 : end - 1]:
            if line.strip() in headings:
                found.add((focus, headings[line.strip()]))
    found.add((2, 24))  # ASB block without heading, see datasets/README.md
    measured = set(zip(ds.partner_measures["focus_area"], ds.partner_measures["partner_id"]))
    assert measured == found
