"""Checking an upload as a whole, and storing it as a new edition only when it has no problem.

The raw tables from `reading` are typed and checked against the schemas, then references and rules
are checked across them together with the base edition's other tables (see `ikoe_data.validation`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .. import editions
from ..edition_comparison import diff_editions
from ..editions import EditionError, EditionInfo, edition_info, latest_edition_id, load_edition, store_edition
from ..loading import Dataset
from ..schema import TABLES, Column, Table
from ..validation import (
    DataValidationError,
    Problem,
    convert_table,
    validate_columns,
    validate_references,
    validate_rules,
)
from .raw_tables import cap_problems, sheet_location
from .reading import read_upload
from .template import editable_tables

EDITION_LOCATION = "Ausgabe"


@dataclass
class ValidationResult:
    filename: str
    sha256: str
    base_edition: str
    frames: dict[str, pd.DataFrame] | None  # all tables of the would-be edition, typed (None on problems)
    problems: list[Problem]
    notices: list[str]
    diff: pd.DataFrame | None = None  # against the base edition, when there are no problems
    edition: EditionInfo | None = None  # set by import_upload once stored

    @property
    def ok(self) -> bool:
        return not self.problems and self.frames is not None


def _placeholder(table: Table, column: Column, position: int) -> str:
    """A value that passes the cell checks, for a cell whose problem is already reported (keeps the
    convert step from adding follow-up messages; keys stay unique)."""
    if column.enum:
        return column.enum[0]
    if column.kind == "int":
        return (
            str(10**12 + position)
            if column.name in table.key and column.max is None
            else str(int(column.min if column.min is not None else 0))
        )
    if column.kind == "float":
        return f"{column.min if column.min is not None else 0:g}"
    return {"date": "2000-01-01", "bool": "true"}.get(column.kind, f"Zelle-{position + 2}")


def validate_tables(
    raw_tables: dict[str, pd.DataFrame], locations: dict[str, str], base: Dataset, today: dt.date | None = None
) -> tuple[dict[str, pd.DataFrame] | None, list[Problem]]:
    """Convert the given raw tables and check them together with the base edition's other tables.

    Never raises on bad data: returns (all typed tables, []) or (None, problems).
    """
    today = today or dt.date.today()
    frames: dict[str, pd.DataFrame] = {}
    all_locations: dict[str, str] = {}
    problems: list[Problem] = []
    # (frame position, column) of cells whose problem is already reported
    replaced: dict[str, set[tuple[int, str]]] = {}
    for table in TABLES:
        if table.name not in raw_tables:
            frames[table.name] = base.tables[table.name]
            all_locations[table.name] = f"{table.label} (aus Ausgabe „{base.edition}“)"
            continue
        location = locations[table.name]
        all_locations[table.name] = location
        raw = raw_tables[table.name]
        cells = {(pos, col) for pos, col in raw.attrs.get("reported", ()) if col in table.column_names}
        if cells and not validate_columns(table, raw, location):
            raw = raw.copy()
            for position, column in cells:
                raw.iat[position, raw.columns.get_loc(column)] = _placeholder(table, table.column(column), position)
        replaced[location] = {(position + 2, column) for position, column in cells}
        frame, table_problems = convert_table(table, raw, location, today=today)
        problems.extend(p for p in table_problems if (p.row, p.column) not in replaced[location])
        if frame is not None:
            frames[table.name] = frame
            if table.editable and len(frame) == 0:
                problems.append(
                    Problem(
                        location,
                        None,
                        None,
                        "Leer",
                        "Das Blatt enthält keine Datenzeilen. Eine Ausgabe ohne diese Tabelle wird nicht übernommen.",
                    )
                )
    # References into an uploaded table without rows would all fail; its own problem says enough.
    checked = {n: f for n, f in frames.items() if n not in raw_tables or len(f)}
    problems.extend(
        p for p in validate_references(checked, all_locations) if (p.row, p.column) not in replaced.get(p.location, ())
    )
    # Rules span several cells of a row: none on rows holding a replaced cell.
    problems.extend(
        p
        for p in validate_rules(frames, all_locations)
        if p.row not in {row for row, _ in replaced.get(p.location, ())}
    )
    # Map frame positions back to the rows the analyst sees (empty rows were skipped when reading).
    row_maps = {locations[n]: raw_tables[n].attrs.get("rows") for n in raw_tables}
    mapped = []
    for problem in problems:
        rows = row_maps.get(problem.location)
        if rows is not None and problem.row is not None and 2 <= problem.row < len(rows) + 2:
            problem = dataclasses.replace(problem, row=rows[problem.row - 2])
        mapped.append(problem)
    if mapped:
        return None, cap_problems(mapped)
    return frames, []


def base_dataset(base_edition_id: str | None) -> tuple[Dataset | None, list[Problem]]:
    try:
        return load_edition(base_edition_id or latest_edition_id()), []
    except EditionError as error:
        return None, [Problem(EDITION_LOCATION, None, None, "Ausgabe", str(error))]
    except DataValidationError as error:
        return None, [
            Problem(
                EDITION_LOCATION,
                None,
                None,
                "Ausgabe",
                f"Die Basisausgabe ist fehlerhaft und kann nicht als Vergleich dienen: {error.problems[0]}",
            )
        ]


def validate_upload(
    data: bytes,
    filename: str,
    base_edition_id: str | None = None,
    today: dt.date | None = None,
    base: Dataset | None = None,
) -> ValidationResult:
    """Check an upload completely against the schemas and the base edition; writes nothing.

    The base edition (default: the latest) supplies the lookup tables and is what the diff compares
    against; pass `base` to reuse an already loaded edition instead of `base_edition_id`.
    """
    name = Path(filename or "Datei").name
    digest = hashlib.sha256(data).hexdigest()
    base, base_problems = (base, []) if base is not None else base_dataset(base_edition_id)
    base_id = base.edition if base is not None else str(base_edition_id)
    if base is None:
        return ValidationResult(name, digest, base_id, None, base_problems, [])
    tables, problems, notices = read_upload(data, name)
    if tables is None:
        return ValidationResult(name, digest, base_id, None, problems, notices)
    is_csv = Path(name).suffix.lower() == ".csv"
    locations = {n: (name if is_csv else sheet_location(n)) for n in tables}
    if not is_csv:
        for table in editable_tables():
            if table.name not in tables and not any(p.location == sheet_location(table.name) for p in problems):
                problems.append(
                    Problem(
                        sheet_location(table.name),
                        None,
                        None,
                        "Blatt",
                        f"Das Blatt „{table.name}“ ({table.label}) fehlt. Jedes Blatt der Vorlage "
                        "muss enthalten sein; unveränderte Blätter bitte unverändert lassen.",
                    )
                )
    frames, table_problems = validate_tables(tables, locations, base, today=today)
    problems = problems + table_problems
    if problems:
        return ValidationResult(name, digest, base_id, None, problems, notices)
    assert frames is not None  # validate_tables returns frames exactly when there is no problem
    return ValidationResult(name, digest, base_id, frames, [], notices, diff=diff_editions(base.tables, frames))


def _date_problems(text: str, today: dt.date, what: str) -> list[Problem]:
    try:
        date = editions.parse_edition_id(text)
    except EditionError as error:
        return [Problem(EDITION_LOCATION, None, None, "Ausgabe", str(error))]
    if date > today:
        return [Problem(EDITION_LOCATION, None, None, "Ausgabe", f"{what} ({date:%d.%m.%Y}) liegt in der Zukunft.")]
    return []


def edition_id_problems(edition_id: str, today: dt.date | None = None) -> list[Problem]:
    """Why `edition_id` cannot be used for a new edition (format, future date, exists); [] if it can."""
    problems = _date_problems(edition_id, today or dt.date.today(), "Der Stichtag der Ausgabe")
    if problems:
        return problems
    try:
        edition_info(edition_id)
    except EditionError:
        return []
    return [
        Problem(
            EDITION_LOCATION,
            None,
            None,
            "Ausgabe",
            f"Die Ausgabe {edition_id} gibt es bereits; gespeicherte "
            "Ausgaben werden nie überschrieben. Bitte ein anderes Datum wählen.",
        )
    ]


def import_upload(
    data: bytes,
    filename: str,
    edition_id: str,
    status_date: str | dt.date | None = None,
    base_edition_id: str | None = None,
    today: dt.date | None = None,
    base: Dataset | None = None,
) -> ValidationResult:
    """Validate everything, then store a new edition; on any problem nothing is written.

    `status_date` (default: the date of `edition_id`) is recorded in edition.json.
    """
    today = today or dt.date.today()
    id_problems = edition_id_problems(edition_id, today)
    meta = {}
    if status_date is not None:
        meta["status_date"] = status_date.isoformat() if isinstance(status_date, dt.date) else str(status_date).strip()
        id_problems += _date_problems(meta["status_date"], today, "Der Stichtag")
    result = validate_upload(data, filename, base_edition_id, today=today, base=base)
    if id_problems:
        result.problems[:0] = id_problems
        result.frames, result.diff = None, None
    if not result.ok:
        return result
    meta.update(source_file=result.filename, sha256=result.sha256, base_edition=result.base_edition)
    try:
        assert result.frames is not None  # result.ok
        result.edition = store_edition(result.frames, edition_id, meta)
    except EditionError as error:
        result.problems.append(Problem(EDITION_LOCATION, None, None, "Ausgabe", str(error)))
    except DataValidationError as error:  # the written files did not load back; nothing was stored
        result.problems.extend(error.problems)
    return result
