"""What reading an upload produces, shared by the workbook and the CSV reader: raw tables (every cell as
text, with the spreadsheet row of each data row) and problems of the file, at most a few per column and rule."""

from __future__ import annotations

import pandas as pd

from ..labels import format_number
from ..validation import MAX_PROBLEMS_PER_COLUMN, Problem
from . import limits


def cap_problems(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_COLUMN problems per place, column and rule, plus one summary line."""
    kept: list[Problem] = []
    counts: dict[tuple[str, str | None, str], int] = {}
    for problem in problems:
        key = (problem.location, problem.column, problem.rule)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= MAX_PROBLEMS_PER_COLUMN:
            kept.append(problem)
    for (location, column, rule), count in counts.items():
        if count > MAX_PROBLEMS_PER_COLUMN:
            kept.append(
                Problem(
                    location,
                    None,
                    column,
                    "Sammelmeldung",
                    f"… und {count - MAX_PROBLEMS_PER_COLUMN} weitere Probleme dieser Art ({rule}) in dieser Spalte.",
                )
            )
    return kept


def file_problem(name: str, message: str, rule: str = "Datei") -> tuple[None, list[Problem], list[str]]:
    return None, [Problem(name, None, None, rule, message)], []


def sheet_location(sheet: str) -> str:
    return f"Blatt „{sheet}“"


# the result of reading a file: (tables by table name or None, problems, notices)
UploadTables = tuple[dict[str, pd.DataFrame] | None, list[Problem], list[str]]


def too_many_rows(location: str, count: int | str) -> Problem:
    shown = format_number(count) if isinstance(count, int) else count
    return Problem(
        location,
        None,
        None,
        "Zeilen",
        f"Das Blatt hat {shown} Datenzeilen; erlaubt sind höchstens {format_number(limits.MAX_ROWS_PER_SHEET)}. "
        "Es wird nicht eingelesen.",
    )


def raw_frame(
    header: list[str], records: list[list[str]], sheet_rows: list[int], reported: set[tuple[int, str]]
) -> pd.DataFrame:
    # Positional construction keeps duplicate header names visible to the column check.
    raw = pd.DataFrame(records if records else None, columns=range(len(header)), dtype=object)
    raw.columns = header
    raw.attrs["rows"] = list(sheet_rows)
    raw.attrs["reported"] = set(reported)
    return raw
