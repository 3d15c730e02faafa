"""Validation of raw tables (all cells as strings) against the schemas.

Used both for the shipped datasets (on load) and for imported workbooks, so every problem is
reported the same way: German message naming file/sheet, row, column and the rule broken.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .labels import clip_text, format_number
from .schema import TABLES_BY_NAME, Column, Table

QUOTED_VALUE_LIMIT = 40  # a bad value quoted in a message is shortened to this many characters

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_PROBLEMS_PER_COLUMN = 20
_INT_RE = re.compile(r"[+-]?\d+")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
EARLIEST_YEAR = 1900  # no date in these reports is older; year 1 or 1899 is a typing or format error
# Characters refused inside text: they are invisible, reorder what is shown (bidi overrides) or break files
# and terminals (control characters). Line breaks are refused too: a cell is one line in every view.
_HIDDEN_CHARACTERS = {
    **{chr(c): "ein Steuerzeichen" for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)]},
    **{chr(c): "ein Steuerzeichen für die Textrichtung" for c in [0x200E, 0x200F, *range(0x202A, 0x202F)]},
    **{chr(c): "ein Steuerzeichen für die Textrichtung" for c in [0x061C, *range(0x2066, 0x206A)]},
    **{chr(c): "ein unsichtbares Zeichen ohne Breite" for c in [0x200B, 0x200C, 0x200D, 0x2060, 0x2061, 0x2062]},
    **{chr(c): "ein unsichtbares Zeichen ohne Breite" for c in [0x2063, 0x2064, 0x180E]},
    "\ufeff": "eine Byte-Order-Markierung (BOM)",
    "\u00ad": "ein bedingter Trennstrich (weiches Trennzeichen)",
    "\u034f": "ein unsichtbares Zeichen ohne Breite",
    **{chr(c): "ein unsichtbares Füllzeichen" for c in [0x115F, 0x1160, 0x3164, 0xFFA0]},
    "\u2800": "ein leeres Braille-Zeichen (unsichtbar)",
    **{chr(c): "ein unsichtbares Tag-Zeichen" for c in range(0xE0000, 0xE0080)},
    # Noncharacters: never text (U+FFFE is a byte-swapped BOM); XML and so Excel files cannot hold them, CSV can.
    **{chr(c): "ein Nichtzeichen (in Unicode nicht belegt)" for c in range(0xFDD0, 0xFDF0)},
    **{
        chr(plane + c): "ein Nichtzeichen (in Unicode nicht belegt)"
        for plane in range(0, 0x110000, 0x10000)
        for c in (0xFFFE, 0xFFFF)
    },
    "\u2028": "ein Zeilenumbruch",
    "\u2029": "ein Absatzumbruch",
    "\n": "ein Zeilenumbruch",
    "\r": "ein Zeilenumbruch",
    "\t": "ein Tabulator",
}
_HIDDEN_RE = re.compile("[" + re.escape("".join(_HIDDEN_CHARACTERS)) + "]")
MAX_COMBINING_MARKS = 2  # on one letter: ü written as u + ◌̈ is one; Vietnamese needs two; more is "Zalgo" text


@functools.cache
def _stacked_marks_re() -> re.Pattern[str]:
    """More than MAX_COMBINING_MARKS combining marks in a row (built on first use: about 40 ms)."""
    planes = (range(0x300, 0x20000), range(0xE0100, 0xE01F0))  # no other plane has combining marks
    marks = "".join(chr(c) for r in planes for c in r if unicodedata.category(chr(c)) in ("Mn", "Me"))
    return re.compile("[" + re.escape(marks) + "]{" + str(MAX_COMBINING_MARKS + 1) + ",}")


@dataclass(frozen=True)
class Problem:
    """One validation finding. `row` is the 1-based row as a spreadsheet shows it (header = 1)."""

    location: str  # file or sheet name
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = [self.location]
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column is not None:
            where.append(f"Spalte „{self.column}“")
        return f"{', '.join(where)}: {self.message}"


class DataValidationError(Exception):
    """Raised when a dataset breaks its schema; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:10])
        more = f"\n… und {len(problems) - 10} weitere Probleme" if len(problems) > 10 else ""
        super().__init__(f"{len(problems)} Problem(e) in den Daten:\n{shown}{more}")


def split_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(";") if item.strip()]


INT_LIMIT = 2**63  # what a 64-bit integer column holds


def _parse_int(text: str) -> int | None:
    if _INT_RE.fullmatch(text):
        value = int(text) if len(text) < 30 else INT_LIMIT
    else:
        try:  # spreadsheets deliver whole numbers as 12.0
            number = float(text)
        except ValueError:
            return None
        if not (math.isfinite(number) and number.is_integer()):
            return None
        value = int(number)
    return value if -INT_LIMIT < value < INT_LIMIT else None


def _parse_float(text: str) -> float | None:
    try:
        number = float(text.replace(",", ".")) if text.count(",") == 1 and "." not in text else float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _parse_date(text: str) -> dt.date | None:
    candidate = text[:10] if len(text) >= 10 and text[10:].strip(" 0:T") == "" else text
    if _DATE_RE.fullmatch(candidate):
        try:
            return dt.date.fromisoformat(candidate)
        except ValueError:
            return None
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        try:
            return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        except ValueError:
            return None
    return None


KIND_HINTS = {
    "int": "keine ganze Zahl",
    "float": "keine Zahl",
    "date": "kein gültiges Datum (JJJJ-MM-TT oder TT.MM.JJJJ)",
    "bool": "weder true noch false",
}


def parse_cell(column: Column, text: str) -> tuple[Any, str | None]:
    """Convert one non-empty cell; returns (value, error message or None)."""
    if column.kind == "str":
        return text, None
    if column.kind == "list":
        return tuple(split_list(text)), None
    value: int | float | dt.date | bool | None
    if column.kind == "int":
        value = _parse_int(text)
    elif column.kind == "float":
        value = _parse_float(text)
    elif column.kind == "date":
        value = _parse_date(text)
    elif column.kind == "bool":
        value = {"true": True, "false": False, "wahr": True, "falsch": False, "1": True, "0": False}.get(text.lower())
    else:  # pragma: no cover - schema error
        raise ValueError(column.kind)
    if value is None:
        too_large = column.kind == "int" and _INT_RE.fullmatch(text)
        return None, (
            f"„{clip_text(text, QUOTED_VALUE_LIMIT)}“ ist als ganze Zahl zu groß."
            if too_large
            else f"„{clip_text(text, QUOTED_VALUE_LIMIT)}“ ist {KIND_HINTS[column.kind]}."
        )
    return value, None


def _german(number: float) -> str:
    return f"{number:g}".replace(".", ",")


def text_problem(column: Column, text: str) -> tuple[str, str] | None:
    """(rule, German message) when a text cell holds hidden characters or is longer than its column allows."""
    hidden = _HIDDEN_RE.search(text)
    if hidden:
        char = hidden.group()
        return (
            "Zeichen",
            f"Der Text enthält an Stelle {hidden.start() + 1} {_HIDDEN_CHARACTERS[char]} (U+{ord(char):04X}), "
            "das nicht sichtbar ist oder die Anzeige verändert; bitte entfernen.",
        )
    stacked = None if text.isascii() else _stacked_marks_re().search(text)
    if stacked:
        return (
            "Zeichen",
            f"Der Text enthält an Stelle {stacked.start() + 1} {len(stacked.group())} übereinanderliegende "
            f"Akzent- oder Kombinationszeichen; erlaubt sind höchstens {MAX_COMBINING_MARKS} auf einem Buchstaben.",
        )
    limit = column.text_limit
    if limit and len(text) > limit:
        return (
            "Länge",
            f"Der Text ist {format_number(len(text))} Zeichen lang; erlaubt sind höchstens {format_number(limit)}.",
        )
    return None


def validate_columns(table: Table, raw: pd.DataFrame, location: str) -> list[Problem]:
    expected = table.column_names
    actual = [str(c) for c in raw.columns]
    problems = []
    missing = [c for c in expected if c not in actual]
    extra = [c for c in actual if c not in expected]
    if missing:
        problems.append(
            Problem(location, 1, None, "Spalten", "Es fehlen Spalten: " + ", ".join(f"„{c}“" for c in missing) + ".")
        )
    if extra:
        problems.append(
            Problem(
                location,
                1,
                None,
                "Spalten",
                "Unbekannte Spalten: " + ", ".join(f"„{c}“" for c in extra) + " (umbenannt oder überzählig?).",
            )
        )
    duplicates = sorted({c for c in actual if actual.count(c) > 1})
    if duplicates:
        problems.append(
            Problem(location, 1, None, "Spalten", "Doppelte Spalten: " + ", ".join(f"„{c}“" for c in duplicates) + ".")
        )
    return problems


def convert_table(
    table: Table, raw: pd.DataFrame, location: str, today: dt.date | None = None
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Check cells of one table (strings, '' = empty) and return (typed frame, problems).

    Checks types, required cells, enumerations, ranges, formula-looking strings, future dates and
    key uniqueness. References across tables are checked by `validate_references`.
    """
    problems = validate_columns(table, raw, location)
    if problems:
        return None, problems
    today = today or dt.date.today()
    typed: dict[str, list[Any]] = {}
    for column in table.columns:
        values: list[Any] = []
        column_problems = 0

        def report(row_index: int, rule: str, message: str, name: str = column.name) -> None:
            nonlocal column_problems
            column_problems += 1
            if column_problems <= MAX_PROBLEMS_PER_COLUMN:
                problems.append(Problem(location, row_index + 2, name, rule, message))

        for row_index, cell in enumerate(raw[column.name].tolist()):
            text = "" if cell is None else str(cell)
            if text.strip() == "":
                if column.required:
                    report(row_index, "Pflichtfeld", "Pflichtfeld ist leer.")
                values.append(None)
                continue
            # " =1+1" becomes a formula once stripped: the same rule for it as for "=1+1"
            formula = text.startswith(FORMULA_PREFIXES) or text.strip().startswith(FORMULA_PREFIXES)
            if formula and column.kind in ("str", "list"):
                lead = text if text.startswith(FORMULA_PREFIXES) else text.strip()
                first = {"\t": "einem Tabulator", "\r": "einem Zeilenumbruch"}.get(lead[0], f"„{lead[0]}“")
                report(
                    row_index,
                    "Formel",
                    f"„{clip_text(text.strip(), QUOTED_VALUE_LIMIT)}“ beginnt mit {first}"
                    " und würde in Tabellenprogrammen als Formel gelesen; bitte Zeichen entfernen.",
                )
                values.append(None)
                continue
            text = text.strip()
            if column.kind in ("str", "list"):
                problem = text_problem(column, text)
                if problem:
                    report(row_index, problem[0], problem[1])
                    values.append(None)
                    continue
            value, error = parse_cell(column, text)
            if error:
                report(row_index, "Typ", error)
                values.append(None)
                continue
            items = value if column.kind == "list" else (value,)
            if column.enum is not None:
                bad = [item for item in items if item not in column.enum]
                if bad:
                    report(
                        row_index,
                        "Werteliste",
                        f"„{clip_text(', '.join(map(str, bad)), QUOTED_VALUE_LIMIT)}“ ist nicht erlaubt; "
                        f"erlaubt: {', '.join(column.enum)}.",
                    )
            if column.kind in ("int", "float"):
                if column.min is not None and value < column.min:
                    report(row_index, "Bereich", f"{_german(value)} liegt unter dem Mindestwert {_german(column.min)}.")
                if column.max is not None and value > column.max:
                    report(row_index, "Bereich", f"{_german(value)} liegt über dem Höchstwert {_german(column.max)}.")
            if column.kind == "date" and value.year < EARLIEST_YEAR:
                report(
                    row_index,
                    "Datum",
                    f"Datum {value.day:02d}.{value.month:02d}.{value.year:04d} liegt vor {EARLIEST_YEAR}; "
                    "bitte das Jahr vierstellig angeben (TT.MM.JJJJ).",
                )
            elif column.kind == "date" and column.not_future and value > today:
                report(row_index, "Datum", f"Datum {value:%d.%m.%Y} liegt in der Zukunft.")
            values.append(value)
        if column_problems > MAX_PROBLEMS_PER_COLUMN:
            problems.append(
                Problem(
                    location,
                    None,
                    column.name,
                    "Sammelmeldung",
                    f"… und {column_problems - MAX_PROBLEMS_PER_COLUMN} weitere Probleme in dieser Spalte.",
                )
            )
        typed[column.name] = values
    frame = _typed_frame(table, typed, len(raw))
    problems.extend(_key_problems(table, frame, location))
    return frame, problems


def _typed_frame(table: Table, typed: dict[str, list[Any]], n_rows: int) -> pd.DataFrame:
    data = {}
    for column in table.columns:
        values = typed[column.name]
        if column.kind == "int":
            data[column.name] = pd.array(values, dtype="Int64")
        elif column.kind == "float":
            data[column.name] = pd.array([math.nan if v is None else v for v in values], dtype="float64")
        elif column.kind == "date":
            data[column.name] = pd.to_datetime(pd.Series(values, dtype="object"))
        elif column.kind == "bool":
            data[column.name] = pd.array(values, dtype="boolean")
        elif column.kind == "list":
            data[column.name] = pd.Series([v if v is not None else () for v in values], dtype="object")
        else:
            data[column.name] = pd.Series(values, dtype="object")
    return pd.DataFrame(data, index=pd.RangeIndex(n_rows))


def _key_problems(table: Table, frame: pd.DataFrame, location: str) -> list[Problem]:
    key = list(table.key)
    duplicated = frame.duplicated(subset=key, keep="first") & frame[key].notna().all(axis=1)
    problems = []
    for row_index in frame.index[duplicated][:MAX_PROBLEMS_PER_COLUMN]:
        value = ", ".join(str(frame.at[row_index, k]) for k in key)
        problems.append(
            Problem(
                location, int(row_index) + 2, "/".join(key), "Eindeutigkeit", f"Schlüssel „{value}“ kommt mehrfach vor."
            )
        )
    return problems


def validate_references(frames: dict[str, pd.DataFrame], locations: dict[str, str]) -> list[Problem]:
    """Every reference (scalar or list item) must exist in the referenced table."""
    problems = []
    for name, frame in frames.items():
        table = TABLES_BY_NAME[name]
        for column in table.columns:
            if column.ref is None or column.ref[0] not in frames:
                continue
            target_table, target_column = column.ref
            allowed = set(frames[target_table][target_column].dropna().tolist())
            series = frame[column.name]
            if column.kind == "list":
                bad_rows = [(i, [x for x in items if x not in allowed]) for i, items in series.items()]
                bad_rows = [(i, bad) for i, bad in bad_rows if bad]
            else:
                mask = series.notna() & ~series.isin(allowed)
                bad_rows = [(i, [series[i]]) for i in series.index[mask]]
            for row_index, bad in bad_rows[:MAX_PROBLEMS_PER_COLUMN]:
                problems.append(
                    Problem(
                        locations[name],
                        int(row_index) + 2,
                        column.name,
                        "Verweis",
                        f"„{clip_text(', '.join(map(str, bad)), QUOTED_VALUE_LIMIT)}“ gibt es nicht in "
                        f"{TABLES_BY_NAME[target_table].label} ({target_table}.{target_column}).",
                    )
                )
    return problems


def plain_file_name(name: str) -> bool:
    """A file's name without any folder: no path separator, drive, or parent reference."""
    return bool(name.strip()) and not any(part in name for part in ("/", "\\", ":", "..")) and name.strip() == name


def validate_rules(frames: dict[str, pd.DataFrame], locations: dict[str, str]) -> list[Problem]:
    """Rules across columns of one row."""
    problems = []
    shares = frames.get("staff_shares")
    if shares is not None:
        empty = (
            shares["share_percent"].isna()
            & shares["target_percent"].isna()
            & shares["wording"].isna()
            & shares["numerator"].isna()
        )
        for row_index in shares.index[empty]:
            problems.append(
                Problem(
                    locations["staff_shares"],
                    int(row_index) + 2,
                    "share_percent",
                    "Pflichtfeld",
                    "Weder Anteil noch Zielwert, Wortlaut oder Anzahl angegeben.",
                )
            )
        both = shares["numerator"].notna() & shares["denominator"].notna()
        over = both & (shares["numerator"].fillna(0) > shares["denominator"].fillna(0))
        for row_index in shares.index[over]:
            problems.append(
                Problem(
                    locations["staff_shares"],
                    int(row_index) + 2,
                    "numerator",
                    "Bereich",
                    "Zähler ist größer als der Nenner.",
                )
            )
    for name, value, upper, flag in (
        ("staff_shares", "share_percent", "share_percent_upper", "share_derived"),
        ("benchmarks", "value", "value_upper", "value_derived"),
    ):
        frame = frames.get(name)
        if frame is None:
            continue
        checks = (
            (
                upper,
                frame[upper].notna() & ~(frame[upper] > frame[value]),
                "Obergrenze fehlt Untergrenze oder ist nicht größer als sie.",
            ),
            (
                flag,
                frame[flag].fillna(False).astype(bool) & frame["wording"].isna(),
                "Abgeleiteter Wert ohne Wortlaut der Quelle.",
            ),
            ("year_line", frame["year_line"].notna() & frame["year"].isna(), "Zeile des Jahres ohne Jahr."),
        )
        for column, mask, message in checks:
            for row_index in frame.index[mask.fillna(False)]:
                problems.append(Problem(locations[name], int(row_index) + 2, column, "Regel", message))
    sources = frames.get("sources")
    if sources is not None:
        for row_index, name in sources["file"].items():
            if isinstance(name, str) and not plain_file_name(name):
                problems.append(
                    Problem(
                        locations["sources"],
                        int(row_index) + 2,
                        "file",
                        "Dateiname",
                        f"„{clip_text(name, QUOTED_VALUE_LIMIT)}“ ist kein einfacher Dateiname; erlaubt ist nur der "
                        "Name einer Datei ohne Ordner (ohne „/“, „\\“, „:“ und „..“).",
                    )
                )
    measures = frames.get("strategy_measures")
    if measures is not None:
        both = measures["start_year"].notna() & measures["end_year"].notna()
        reversed_years = both & (measures["start_year"].fillna(0) > measures["end_year"].fillna(0))
        for row_index in measures.index[reversed_years]:
            problems.append(
                Problem(
                    locations["strategy_measures"],
                    int(row_index) + 2,
                    "end_year",
                    "Bereich",
                    "Endjahr liegt vor dem Beginnjahr.",
                )
            )
    return problems
