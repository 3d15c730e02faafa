"""Own analysis (issue #20): every list and cross table of every counted thing equals a count made here from the
CSV files in datasets/ with plain csv/collections code, also under the shared filters; two years compared equal
the coverage chart; notes, chart kinds, charts, downloads and the deck's native chart of a cross table."""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import pandas as pd
import pytest
from conftest import REPO

from ikoe_data import analysis, charts, deck, export, labels
from ikoe_data.analysis import SUBJECTS
from ikoe_data.filters import Filters, filter_goals, filter_strategy_measures

DATA = REPO / "datasets"
TOTAL = "Insgesamt"


def rows_of(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def listed(cell: str) -> list[str]:
    """A list column as datasets/README.md documents it: items separated by ';', empty = none."""
    return [item for item in cell.split(";") if item]


def year(date: str) -> int:
    return int(date[:4])


# --------------------------------------------------------------------------- an independent count from the CSVs


@dataclass
class Record:
    """One counted row: the thing it counts and its values per dimension ('' = no value)."""

    item: str
    values: dict[str, list[Any]] = field(default_factory=dict)


PARTNER_FILTER = Filters(
    partner_types=("Kommune", "Kreis", "Polizei", "Jobcenter", "Landschaftsverband"),
    regierungsbezirke=("Köln", "Düsseldorf", "Arnsberg"),
    accession_from=2013,
    accession_to=2018,
    focus_areas=(1, 2, 5),
)
STRATEGY_FILTER = Filters(zieldimensionen=("I", "III"), ressorts=("MKFFI", "MSB", "MAGS"))


def partner_passes(partner: dict[str, str], f: Filters) -> bool:
    joined = year(partner["accession_date"])
    return (
        (not f.partner_types or partner["partner_type"] in f.partner_types)
        and (not f.regierungsbezirke or partner["regierungsbezirk"] in f.regierungsbezirke)
        and (f.accession_from is None or joined >= f.accession_from)
        and (f.accession_to is None or joined <= f.accession_to)
    )


PARTNER_DIMENSIONS = ("partner_group", "partner_type", "regierungsbezirk", "partner", "accession_year")


def partner_values(partner: dict[str, str]) -> dict[str, list[Any]]:
    return {
        "partner_group": [labels.PARTNER_GROUP[partner["partner_type"]]],
        "partner_type": [partner["partner_type"]],
        "regierungsbezirk": [partner["regierungsbezirk"]],
        "partner": [int(partner["partner_id"])],
        "accession_year": [year(partner["accession_date"])],
    }


def measure_values(measure: dict[str, str]) -> dict[str, list[Any]]:
    return {
        "focus_area": [int(measure["focus_area"])],
        "measure_type": listed(measure["measure_types"]) or [""],
        "status": [measure["status"]],
    }


def partner_measure_records(f: Filters) -> list[Record]:
    partners = {p["partner_id"]: p for p in rows_of("partners")}
    return [
        Record(m["measure_id"], {**partner_values(partners[m["partner_id"]]), **measure_values(m)})
        for m in rows_of("partner_measures")
        if partner_passes(partners[m["partner_id"]], f) and (not f.focus_areas or int(m["focus_area"]) in f.focus_areas)
    ]


def partner_records(f: Filters) -> list[Record]:
    by_partner = defaultdict(list)
    for m in rows_of("partner_measures"):
        if not f.focus_areas or int(m["focus_area"]) in f.focus_areas:
            by_partner[m["partner_id"]].append(m)
    records = []
    for p in rows_of("partners"):
        if not partner_passes(p, f) or (f.focus_areas and not by_partner[p["partner_id"]]):
            continue
        own = partner_values(p)
        missing = {"focus_area": [""], "measure_type": [""], "status": [""]}
        for values in [measure_values(m) for m in by_partner[p["partner_id"]]] or [missing]:
            records.append(Record(p["partner_id"], {**own, **values}))
    return records


def staff_share_records(f: Filters) -> list[Record]:
    partners = {p["partner_id"]: p for p in rows_of("partners")}
    records = []
    for s in rows_of("staff_shares"):
        partner = partners.get(s["partner_id"])
        if (partner is None and f != Filters()) or (partner is not None and not partner_passes(partner, f)):
            continue
        own = partner_values(partner) if partner else {key: [""] for key in PARTNER_DIMENSIONS}
        shares = {"basis": [s["basis"]], "concept": [s["concept"]], "method": [s["method"]]}
        records.append(Record(s["share_id"], {**own, **shares, "share_year": [int(s["year"]) if s["year"] else ""]}))
    return records


def strategy_rows(f: Filters) -> list[dict[str, str]]:
    dimension = {g["goal_id"]: g["zieldimension"] for g in rows_of("goals")}
    return [
        m
        for m in rows_of("strategy_measures")
        if (not f.zieldimensionen or dimension[m["goal_id"]] in f.zieldimensionen)
        and (not f.ressorts or set(listed(m["ressorts"])) & set(f.ressorts))
    ]


def active_years(rows: list[dict[str, str]]) -> list[range]:
    """The activity rule as analysis.ActivityRule documents it, written out again: stated years as stated; without a
    start year from the year of the measure's report (planned ones from the year after); without an end year up to
    the horizon (the latest stated end year, at least the current report's year), finished ones up to their
    report's year."""
    source_years = {s["source_doc"]: year(s["status_date"]) for s in rows_of("sources") if s["status_date"]}
    reports = [s for s in rows_of("sources") if s["role"] == "strategy_report" and s["status_date"]]
    current = year(max(reports, key=lambda s: s["status_date"])["status_date"])
    horizon = max([current] + [int(m["end_year"]) for m in rows if m["end_year"]])
    ranges = []
    for m in rows:
        own = source_years.get(m["source_doc"], current)
        start = int(m["start_year"]) if m["start_year"] else own + (m["status"] == "geplant")
        end = int(m["end_year"]) if m["end_year"] else (own if m["status"] == "abgeschlossen" else horizon)
        ranges.append(range(start, end + 1))
    return ranges


def strategy_records(f: Filters, item: str) -> list[Record]:
    dimension = {g["goal_id"]: g["zieldimension"] for g in rows_of("goals")}
    rows = strategy_rows(f)
    return [
        Record(
            m[item],
            {
                "zieldimension": [dimension[m["goal_id"]]],
                "goal": [int(m["goal_id"])],
                "ressort": listed(m["ressorts"]) or [""],
                "zielgruppe": listed(m["zielgruppen"]) or [""],
                "status": [m["status"]],
                "year": list(years),
            },
        )
        for m, years in zip(rows, active_years(rows))
    ]


RECORDS = {
    "partner_measures": partner_measure_records,
    "partners": partner_records,
    "staff_shares": staff_share_records,
    "strategy_measures": lambda f: strategy_records(f, "measure_id"),
    "goals": lambda f: strategy_records(f, "goal_id"),
}


def independent_count(records: list[Record], rows: str, columns: str | None):
    """Distinct things per cell, per row, per column and in all (a thing in several cells counts in each; a thing
    in no cell, e.g. a measure without an active year, in none)."""
    cells, row_totals, column_totals = defaultdict(set), defaultdict(set), defaultdict(set)
    counted = set()
    for record in records:
        for r in record.values[rows]:
            for c in record.values[columns] if columns else [None]:
                cells[(r, c)].add(record.item)
                row_totals[r].add(record.item)
                column_totals[c].add(record.item)
                counted.add(record.item)
    return cells, row_totals, column_totals, counted


def mismatches(result, records: list[Record]) -> list[str]:
    """Every difference between the result's table and the independent count (empty when they agree)."""
    rows, columns = result.rows.key, result.columns.key if result.columns else None
    cells, row_totals, column_totals, items = independent_count(records, rows, columns)
    table = result.table.set_index(result.rows.label)
    problems = []
    row_codes = [v.code for v in result.row_values]
    column_codes = [v.code for v in result.column_values] if columns else [None]
    if set(row_totals) - set(row_codes) or set(column_totals) - set(column_codes):
        problems.append(f"values counted but not shown: {set(row_totals) - set(row_codes)} / {set(column_totals)}")
    for value in result.row_values:
        shown = table.loc[value.label]
        if columns is None:
            if shown[result.subject.plural] != len(row_totals[value.code]):
                problems.append(f"{value.label}: {shown[result.subject.plural]} != {len(row_totals[value.code])}")
            continue
        for column in result.column_values:
            if shown[column.label] != len(cells[(value.code, column.code)]):
                problems.append(f"{value.label} × {column.label}: {shown[column.label]}")
        if shown[TOTAL] != len(row_totals[value.code]):
            problems.append(f"{value.label} total: {shown[TOTAL]} != {len(row_totals[value.code])}")
    if columns:
        for column in result.column_values:
            if table.loc[TOTAL, column.label] != len(column_totals[column.code]):
                problems.append(f"total of {column.label}: {table.loc[TOTAL, column.label]}")
    last = table.loc[TOTAL, TOTAL if columns else result.subject.plural]
    if last != len(items) or result.n != len(items):
        problems.append(f"n: {last}, {result.n} != {len(items)}")
    return problems


@pytest.fixture(scope="module")
def views(ds):
    return analysis.Views.of(ds)


CASES = [
    (subject, f)
    for subject in SUBJECTS
    for f in (Filters(), STRATEGY_FILTER if SUBJECTS[subject].family == "strategy" else PARTNER_FILTER)
]


@pytest.mark.parametrize(
    ("subject", "filters"), CASES, ids=[f"{s}-{'filtered' if not f.is_empty() else 'all'}" for s, f in CASES]
)
def test_every_list_and_cross_table_equals_an_independent_count_from_the_csv_files(ds, views, subject, filters):
    records = RECORDS[subject](filters)
    assert records  # the filter leaves something to count
    dimensions = SUBJECTS[subject].dimensions
    problems = {}
    for rows, columns in [(d, None) for d in dimensions] + list(itertools.permutations(dimensions, 2)):
        result = analysis.crosstab(ds, views, filters, subject, rows, columns)
        if found := mismatches(result, records):
            problems[(rows, columns)] = found[:3]
    assert not problems


# --------------------------------------------------------------------------- two years


@pytest.mark.parametrize("filters", [Filters(), STRATEGY_FILTER, Filters(ressorts=("MSB",))])
def test_goals_covered_in_two_years_equal_the_coverage_chart(ds, views, filters):
    strategy = filter_strategy_measures(views.strategy_measures, ds.goals, filters)
    rule = analysis.ActivityRule.of(ds)
    active = analysis.active_period(strategy, rule)
    grid = analysis.goal_year_grid(active, filter_goals(ds.goals, filters), analysis.coverage_years(active, rule))
    chart = analysis.goals_covered_per_year(grid).set_index("year")["goals_covered"]  # what the goals page draws
    compared = analysis.compare_years(ds, views, filters, "goals", 2019, 2021)
    assert compared.totals == (chart[2019], chart[2021])
    assert compared.table.loc[0, ["2019", "2021", "Differenz (2021 − 2019)"]].tolist() == [
        chart[2019],
        chart[2021],
        chart[2021] - chart[2019],
    ]
    per_year = analysis.crosstab(ds, views, filters, "goals", "year").table.set_index("Jahr")
    assert [per_year.loc[str(y), "Handlungsziele"] for y in chart.index] == chart.tolist()


def test_goals_covered_2019_and_2021_unfiltered_are_the_reports_figures(ds, views):
    # written out from the independent count so that a change in the rule shows up here as well
    records = strategy_records(Filters(), "goal_id")
    expected = [len({r.item for r in records if y in r.values["year"]}) for y in (2019, 2021)]
    assert analysis.compare_years(ds, views, Filters(), "goals", 2019, 2021).totals == tuple(expected)


@pytest.mark.parametrize("filters", [Filters(), STRATEGY_FILTER])
@pytest.mark.parametrize("dimension", [None, "ressort", "zielgruppe", "status", "goal"])
def test_strategy_measures_active_in_two_years_equal_an_independent_count(ds, views, filters, dimension):
    records = strategy_records(filters, "measure_id")
    result = analysis.compare_years(ds, views, filters, "strategy_measures", 2018, 2022, dimension)
    table = result.table.set_index(result.table.columns[0])
    for value in result.row_values if dimension else []:
        for y in (2018, 2022):
            expected = {r.item for r in records if y in r.values["year"] and value.code in r.values[dimension]}
            assert table.loc[value.label, str(y)] == len(expected), (value.label, y)
        assert table.loc[value.label, "Differenz (2022 − 2018)"] == (
            table.loc[value.label, "2022"] - table.loc[value.label, "2018"]
        )
    for y in (2018, 2022):
        assert table.loc[TOTAL, str(y)] == len({r.item for r in records if y in r.values["year"]})


@pytest.mark.parametrize("dimension", [None, "partner_group", "partner_type", "regierungsbezirk"])
def test_partners_joined_by_the_end_of_each_year_equal_an_independent_count(ds, views, dimension):
    filters = Filters(accession_from=2013)
    partners = [p for p in rows_of("partners") if partner_passes(p, filters)]
    result = analysis.compare_years(ds, views, filters, "partners", 2014, 2017, dimension)
    table = result.table.set_index(result.table.columns[0])
    for y in (2014, 2017):
        joined = [p for p in partners if year(p["accession_date"]) <= y]
        assert table.loc[TOTAL, str(y)] == len(joined)
        for value in result.row_values if dimension else []:
            assert table.loc[value.label, str(y)] == sum(value.code in partner_values(p)[dimension] for p in joined)
    assert result.totals == (table.loc[TOTAL, "2014"], table.loc[TOTAL, "2017"])
    assert any("31.12." in note for note in result.notes)


def test_year_choice_offers_the_years_of_the_data_and_the_issues_default_pair(ds, views):
    goals = analysis.year_choice(ds, views, "goals")
    assert (goals.default_a, goals.default_b) == (2019, 2021)  # the report's year and two before it
    records = strategy_records(Filters(), "goal_id")
    every = [y for r in records for y in r.values["year"]]
    assert goals.years == tuple(range(min(every), max(every) + 1))
    partners = analysis.year_choice(ds, views, "partners")
    accession = [year(p["accession_date"]) for p in rows_of("partners")]
    assert partners.years[0] == min(accession) and partners.default_b == 2020 and partners.default_a == 2015
    for subject in ("partner_measures", "staff_shares"):  # no years to compare
        with pytest.raises(ValueError, match="keine Jahre"):
            analysis.year_choice(ds, views, subject)


def test_a_comparison_needs_two_different_years_and_an_offered_dimension(ds, views):
    with pytest.raises(ValueError, match="verschieden"):
        analysis.compare_years(ds, views, Filters(), "goals", 2021, 2021)
    with pytest.raises(ValueError, match="nicht über Jahre"):
        analysis.compare_years(ds, views, Filters(), "partners", 2015, 2020, "measure_type")
    with pytest.raises(ValueError, match="nicht über Jahre"):
        analysis.compare_years(ds, views, Filters(), "staff_shares", 2015, 2020)


# --------------------------------------------------------------------------- catalogue and notes


def test_the_catalogue_offers_only_what_the_data_holds(ds, views):
    partner_side = {"partner_group", "partner_type", "regierungsbezirk", "partner", "focus_area", "measure_type"}
    strategy_side = {"zieldimension", "goal", "ressort", "zielgruppe", "year"}
    for subject in SUBJECTS.values():
        assert set(subject.dimensions) <= set(analysis.DIMENSIONS)
        assert set(subject.compare_dimensions) <= set(subject.dimensions)
        own = strategy_side if subject.family == "strategy" else partner_side
        assert not (set(subject.dimensions) & ((partner_side | strategy_side) - own)), subject.key
    assert "partner" not in SUBJECTS["partners"].dimensions and "goal" not in SUBJECTS["goals"].dimensions
    offered = {d.column for d in analysis.DIMENSIONS.values()} | set(SUBJECTS)
    assert not {c for c in offered if "amount" in c or "budget" in c}  # money is never a value
    with pytest.raises(ValueError, match="nicht nach"):
        analysis.crosstab(ds, views, Filters(), "partner_measures", "regierungsbezirk", "ressort")
    with pytest.raises(ValueError, match="nicht nach"):
        analysis.crosstab(ds, views, Filters(), "strategy_measures", "focus_area")
    with pytest.raises(ValueError, match="verschiedene"):
        analysis.crosstab(ds, views, Filters(), "partners", "partner_group", "partner_group")
    with pytest.raises(ValueError, match="Unbekannte"):
        analysis.crosstab(ds, views, Filters(), "budgets", "ressort")


def test_values_come_in_their_natural_order_with_german_labels(ds, views):
    focus = analysis.crosstab(ds, views, Filters(), "partner_measures", "focus_area")
    assert [v.code for v in focus.row_values] == sorted(int(f["focus_area"]) for f in rows_of("focus_areas"))
    assert focus.table["Themenschwerpunkt"].tolist()[:-1] == [f["short_label"] for f in rows_of("focus_areas")]
    years = [v.code for v in analysis.crosstab(ds, views, Filters(), "partners", "accession_year").row_values]
    accession = {year(p["accession_date"]) for p in rows_of("partners")}
    assert years == list(range(min(accession), max(accession) + 1))  # ascending, without gaps
    assert 2019 in years and 2019 not in accession
    types = analysis.crosstab(ds, views, Filters(), "partner_measures", "measure_type").row_values
    assert [v.label for v in types] == [
        t["label"] for t in rows_of("measure_types") if t["label"] in {v.label for v in types}
    ]
    goals = analysis.crosstab(ds, views, Filters(), "strategy_measures", "goal").row_values
    assert [v.code for v in goals] == sorted(v.code for v in goals) and goals[0].chart_label == "1"
    status = analysis.crosstab(ds, views, Filters(regierungsbezirke=("Detmold",)), "partner_measures", "status")
    assert [v.label for v in status.row_values] == list(labels.STATUS_PARTNER.values())  # also where 0


def test_a_thing_in_several_cells_counts_in_each_and_the_totals_count_it_once(ds, views):
    result = analysis.crosstab(ds, views, Filters(), "partner_measures", "measure_type", "status")
    body = result.table.set_index("Art der Maßnahme").drop(index=TOTAL).drop(columns=TOTAL)
    assert result.cells_sum == body.to_numpy().sum() > result.n == len(rows_of("partner_measures"))
    assert result.table.iloc[-1][TOTAL] == result.n
    several = sum(len(listed(m["measure_types"])) > 1 for m in rows_of("partner_measures"))
    assert result.several == several
    (note,) = [n for n in result.notes if "mehrere Werte" in n]
    assert f"{several} von {result.n} Partnermaßnahmen" in note.replace(".", "")
    assert "Insgesamt" in note and "kleiner als die Summe" in note
    single = analysis.crosstab(ds, views, Filters(), "partner_measures", "regierungsbezirk", "focus_area")
    assert single.cells_sum == single.n and single.several == 0
    assert not [n for n in single.notes if "mehrere Werte" in n]


def test_notes_say_what_is_counted_and_what_is_never_summed(ds, views):
    shares = analysis.crosstab(ds, views, Filters(), "staff_shares", "partner", "basis")
    assert any("nie über Partner summiert oder gemittelt" in n for n in shares.notes)
    strategy = analysis.crosstab(ds, views, Filters(), "strategy_measures", "ressort", "year")
    assert any("Beträge" in n and "nicht über Maßnahmen addiert" in n for n in strategy.notes)
    assert any("Untergrenzen" in n and "Fortschreibungen" in n for n in strategy.notes)
    never = [
        m for m, years in zip(rows_of("strategy_measures"), active_years(rows_of("strategy_measures"))) if not years
    ]
    (note,) = [n for n in strategy.notes if "kein aktives Jahr" in n]
    assert note.startswith(f"{len(never)} der 192 Strategiemaßnahmen")
    assert not any(
        "kein aktives Jahr" in n for n in analysis.crosstab(ds, views, Filters(), "strategy_measures", "ressort").notes
    )


def test_an_empty_selection_gives_zeros_not_an_error(ds, views):
    nobody = Filters(regierungsbezirke=("Detmold",), partner_types=("Unternehmen",))
    result = analysis.crosstab(ds, views, nobody, "partner_measures", "regierungsbezirk", "status")
    assert result.n == 0 and result.cells_sum == 0
    assert result.table.set_index("Regierungsbezirk").loc["Detmold"].tolist() == [0] * 5
    partners = analysis.crosstab(ds, views, nobody, "partners", "accession_year")
    assert partners.table["Partner"].tolist() == [0] and partners.table["Beitrittsjahr"].tolist() == [TOTAL]


# --------------------------------------------------------------------------- chart, downloads, deck

SOURCE = "Quelle: Partnerbericht IKÖ, Stand 30.09.2020. Eigene Auswertung."


def csv_table(data: bytes) -> list[list[str]]:
    """The table of a CSV download: the rows after the first empty line (the description comes first)."""
    lines = data.decode("utf-8-sig").split("\r\n")
    return list(csv.reader(lines[lines.index("") + 1 :], delimiter=";"))[:-1]


def test_must_show_regierungsbezirk_by_focus_area_equals_the_csv_count_with_chart_and_downloads(ds, views):
    result = analysis.crosstab(ds, views, Filters(), "partner_measures", "regierungsbezirk", "focus_area")
    district = {p["partner_id"]: p["regierungsbezirk"] for p in rows_of("partners")}
    focus = {f["focus_area"]: f["short_label"] for f in rows_of("focus_areas")}
    counted = Counter((district[m["partner_id"]], focus[m["focus_area"]]) for m in rows_of("partner_measures"))
    table = result.table.set_index("Regierungsbezirk")
    body = table.drop(index=TOTAL).drop(columns=TOTAL)
    assert {(r, c): n for (r, c), n in body.stack().items() if n} == dict(counted)
    assert table.loc[TOTAL, TOTAL] == len(rows_of("partner_measures")) == body.to_numpy().sum()
    assert (table.loc["mehrere"] == 0).all()  # an empty combination shows 0

    fig = charts.crosstab_chart(result, SOURCE)  # stacked bars: each series one focus area, each stack a district
    assert result.chart_kind == "stacked_bars" and fig.layout.barmode == "stack"
    for trace, column in zip(fig.data, result.column_values):
        assert list(trace.x) == body[column.label].tolist()
    stacks = [sum(trace.x[i] for trace in fig.data) for i in range(len(result.row_values))]
    assert stacks == table[TOTAL].drop(index=TOTAL).tolist()

    about = export.About(title=result.title, selection="Alle Partner · n = 663 Partnermaßnahmen")
    sheet = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(result.table, about)))["Daten"]
    excel = [list(row) for row in sheet.values]
    assert excel[0] == list(result.table.columns) and excel[1:] == result.table.to_numpy().tolist()
    assert all(isinstance(v, int) for row in excel[1:] for v in row[1:])  # real numbers, not text
    downloaded = csv_table(export.csv_bytes(result.table, about))
    assert downloaded[0] == list(result.table.columns)
    assert [[r[0], *map(int, r[1:])] for r in downloaded[1:]] == result.table.to_numpy().tolist()

    assert result.percent_table is not None
    percent = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(result.percent_table, about)))["Daten"]
    cells = list(percent.iter_rows(min_row=2, min_col=2))
    assert [[c.value for c in row] for row in cells] == result.percent_table.iloc[:, 1:].to_numpy().tolist()
    assert all("%" in c.number_format for row in cells for c in row)
    assert result.percent_table.set_index("Regierungsbezirk").loc[TOTAL].eq(100).all()

    spec = deck.chart_spec(json.loads(fig.to_json()))  # a slide of this cross table is a native chart
    assert spec is not None and spec.kind == "stacked_bar" and spec.categories is not None
    for series, column in zip(spec.series, result.column_values):
        assert dict(zip(spec.categories, series.values)) == body[column.label].to_dict()


@pytest.mark.parametrize(
    ("subject", "rows", "columns", "kind", "slide"),
    [
        ("strategy_measures", "status", "zieldimension", "grouped_bars", "bar"),  # a measure under goals of two
        ("partners", "regierungsbezirk", None, "bars", "bar"),
        ("partner_measures", "measure_type", "status", "heatmap", "table"),  # 29 rows: a native table, continued
        ("strategy_measures", "zieldimension", "ressort", "heatmap", "table"),  # 15 columns
    ],
)
def test_the_chart_kind_follows_the_tables_shape_and_shows_its_numbers(ds, views, subject, rows, columns, kind, slide):
    result = analysis.crosstab(ds, views, Filters(), subject, rows, columns)
    assert result.chart_kind == kind
    fig = charts.crosstab_chart(result, SOURCE)
    counts = result.matrix.to_numpy()
    if kind == "heatmap":
        (trace,) = fig.data
        assert trace.type == "heatmap" and [list(r) for r in trace.z] == counts.tolist()
    elif kind == "bars":
        (trace,) = fig.data
        assert list(trace.x) == counts[:, 0].tolist() == result.table[result.subject.plural].tolist()[:-1]
    else:
        assert fig.layout.barmode == "group" and [list(t.x) for t in fig.data] == counts.T.tolist()
    assert deck.slide_kind(json.loads(fig.to_json())) == slide


def test_a_chart_shows_at_most_forty_rows_and_says_so(ds):
    new = range(1000, 1050)  # 50 more partners with one measure each
    partners = ds.partners.head(1).loc[[0] * 50].assign(partner_id=list(new), short_name=[f"Neu {i}" for i in new])
    measures = (
        ds.partner_measures.head(1).loc[[0] * 50].assign(partner_id=list(new), measure_id=[f"N-{i}" for i in new])
    )
    tables = {
        **ds.tables,
        "partners": pd.concat([ds.partners, partners], ignore_index=True),
        "partner_measures": pd.concat([ds.partner_measures, measures], ignore_index=True),
    }
    bigger = type(ds)(tables=tables)
    result = analysis.crosstab(bigger, analysis.Views.of(bigger), Filters(), "partner_measures", "partner", "status")
    reporting = len({m["partner_id"] for m in rows_of("partner_measures")}) + 50
    assert len(result.row_values) == reporting and len(result.chart_rows) == 40
    assert any("40 Zeilen" in n and f"alle {reporting}" in n for n in result.notes)
    fig = charts.crosstab_chart(result, SOURCE)
    assert len(fig.data[0].y) == 40
    assert min(result.row_totals[list(result.chart_rows)]) >= sorted(result.row_totals, reverse=True)[39]
    assert list(result.chart_rows) == sorted(result.chart_rows)  # in table order


def test_year_comparison_chart_has_year_a_and_b_side_by_side(ds, views):
    result = analysis.compare_years(ds, views, Filters(), "strategy_measures", 2019, 2021, "zieldimension")
    fig = charts.year_comparison_chart(result, SOURCE)
    assert [t.name for t in fig.data] == ["2019", "2021"] and fig.layout.barmode == "group"
    table = result.table.set_index("Zieldimension").drop(index=TOTAL)
    assert [list(t.x) for t in fig.data] == [table["2019"].tolist(), table["2021"].tolist()]
    assert deck.slide_kind(json.loads(fig.to_json())) == "bar"
