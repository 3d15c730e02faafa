"""A broken dataset file is rejected with a German message naming file, row and column."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from conftest import REPO

from ikoe_data import DataValidationError, load_all


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", target, ignore=shutil.ignore_patterns("*.md"))
    return target


def edit_cell(directory, table, row_index, column, value):
    path = directory / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row_index, column] = value
    frame.to_csv(path, index=False)


def problems_of(directory):
    with pytest.raises(DataValidationError) as caught:
        load_all(directory)
    return caught.value.problems


def only_problem(directory):
    problems = problems_of(directory)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_share_over_100_names_file_row_and_column(data_copy):
    edit_cell(data_copy, "staff_shares", 3, "share_percent", "140")
    problem = only_problem(data_copy)
    assert (problem.location, problem.row, problem.column, problem.rule) == (
        "staff_shares.csv",
        5,
        "share_percent",
        "Bereich",
    )
    assert "140" in str(problem) and "Zeile 5" in str(problem) and "„share_percent“" in str(problem)


def test_unknown_goal_id_is_a_broken_reference(data_copy):
    edit_cell(data_copy, "strategy_measures", 0, "goal_id", "38")
    problems = problems_of(data_copy)
    assert any(
        p.location == "strategy_measures.csv" and p.row == 2 and p.column == "goal_id" and p.rule == "Verweis"
        for p in problems
    )


def test_renamed_column_is_reported_with_both_names(data_copy):
    path = data_copy / "partners.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("accession_date", "beitritt", 1), encoding="utf-8")
    problems = problems_of(data_copy)
    assert {(p.location, p.row, p.rule) for p in problems} == {("partners.csv", 1, "Spalten")}
    messages = " ".join(p.message for p in problems)
    assert "Es fehlen Spalten: „accession_date“" in messages and "Unbekannte Spalten: „beitritt“" in messages


def test_formula_looking_string_is_rejected(data_copy):
    edit_cell(data_copy, "partner_measures", 10, "title", '=HYPERLINK("http://x")')
    problem = only_problem(data_copy)
    assert (problem.row, problem.column, problem.rule) == (12, "title", "Formel")


def test_unparsable_date_and_duplicate_id(data_copy):
    edit_cell(data_copy, "partners", 0, "accession_date", "2012-13-40")
    edit_cell(data_copy, "partner_measures", 1, "measure_id", "P1-01-01")
    problems = problems_of(data_copy)
    rules = {(p.location, p.column, p.rule) for p in problems}
    assert ("partners.csv", "accession_date", "Typ") in rules
    assert ("partner_measures.csv", "measure_id", "Eindeutigkeit") in rules


def test_unknown_enumeration_value(data_copy):
    edit_cell(data_copy, "partner_measures", 0, "status", "erledigt")
    problem = only_problem(data_copy)
    assert problem.rule == "Werteliste" and "carried_out" in problem.message


def test_missing_file_and_non_utf8_file(data_copy):
    (data_copy / "goals.csv").unlink()
    (data_copy / "benchmarks.csv").write_bytes("benchmark_id;scope\nB-1;Köln\n".encode("cp1252"))
    problems = problems_of(data_copy)
    assert any(p.location == "goals.csv" and p.rule == "Datei" for p in problems)
    assert any(p.location == "benchmarks.csv" and p.rule == "Format" for p in problems)


def test_shipped_datasets_are_untouched_by_these_tests(data_copy):
    edit_cell(data_copy, "staff_shares", 0, "share_percent", "99")
    assert load_all(REPO / "datasets").staff_shares.loc[0, "share_percent"] != 99
