"""Import of a new report edition from the Excel template (or one table as CSV).

Everything is checked before anything is written: file-level checks on the raw bytes (size, type,
macros, encryption, zip bomb), then every sheet and cell against the schemas, then references and
rules across the combined tables. Only a file without any problem is stored, as a new edition
(see `editions.store_edition`). The shipped datasets are never written.

Command line (needs IKOE_DATA_STEWARD_TOKEN):
    python -m ikoe_data.importer template VORLAGE.xlsx [--leer] [--base AUSGABE]
    python -m ikoe_data.importer validate DATEI [--base AUSGABE]
    python -m ikoe_data.importer import DATEI --edition JJJJ-MM-TT [--base AUSGABE]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import hashlib
import io
import math
import os
import re
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xlsxwriter
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from . import editions
from .editions import (
    EditionComparison,
    EditionError,
    EditionInfo,
    compare_editions,
    edition_info,
    latest_edition_id,
    load_edition,
    store_edition,
)
from .loading import Dataset
from .schema import KIND_LABELS, TABLES, TABLES_BY_NAME, Column, Table
from .validation import (
    MAX_PROBLEMS_PER_COLUMN,
    DataValidationError,
    Problem,
    convert_table,
    validate_columns,
    validate_references,
    validate_rules,
)

# --------------------------------------------------------------------------- limits
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the uploaded file
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # sum of all members of an .xlsx, from the zip directory
MAX_COMPRESSION_RATIO = 100  # per member, checked for members expanding beyond RATIO_CHECK_MIN_BYTES
RATIO_CHECK_MIN_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_ROWS_PER_SHEET = 100_000  # data rows (header excluded)
MAX_COLUMNS_PER_SHEET = 200

TOKEN_ENV = "IKOE_DATA_STEWARD_TOKEN"
INSTRUCTIONS_SHEET = "Anleitung"
LISTS_SHEET = "Listen"
EDITION_LOCATION = "Ausgabe"
TEMPLATE_VALIDATION_ROWS = 5000  # drop-downs cover the data rows up to this row
REF_RANGE_ROWS = 5000
DATE_FORMAT = "DD.MM.YYYY"

_ZIP_MAGIC = b"PK"
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTION_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_DISABLED = 0, 1, 2, 3


# --------------------------------------------------------------------------- access


def steward_token() -> str | None:
    """The data-steward secret from the environment (the Streamlit page also looks at st.secrets)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def import_enabled() -> bool:
    return steward_token() is not None


# --------------------------------------------------------------------------- template


def editable_tables() -> list[Table]:
    return [t for t in TABLES if t.editable]


def _rules_text(table: Table, column: Column) -> str:
    parts = [f"Typ: {KIND_LABELS[column.kind]}", "Pflichtfeld" if column.required else "darf leer bleiben"]
    if column.enum:
        parts.append("Auswahlliste")
    if column.ref:
        parts.append(f"Verweis auf {column.ref[0]}.{column.ref[1]}")
    if column.min is not None or column.max is not None:
        low = "" if column.min is None else f"{column.min:g}"
        high = "" if column.max is None else f"{column.max:g}"
        parts.append(f"Bereich {low}–{high}")
    if column.not_future:
        parts.append("nicht in der Zukunft")
    if column.name in table.key:
        parts.append("Schlüssel (eindeutig)" if len(table.key) == 1 else "Teil des Schlüssels")
    if column.kind == "list":
        parts.append("mehrere Codes mit ; trennen")
    return "; ".join(parts)


def _template_value(kind: str, value):
    """Excel value for a typed cell (None = leave empty)."""
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value)) or None
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if kind == "bool":
        return "true" if bool(value) else "false"
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def template_bytes(ds: Dataset, prefilled: bool = True) -> bytes:
    """The Excel template: instructions, one sheet per editable table, hidden drop-down lists.

    prefilled=True writes the rows of `ds` so analysts edit the current edition rather than retype it.
    """
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = wb.add_format({"bold": True})
    title_format = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    header_format = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    formats = {
        "date": wb.add_format({"num_format": DATE_FORMAT}),
        "str": wb.add_format({"num_format": "@"}),
        "list": wb.add_format({"num_format": "@"}),
        "bool": wb.add_format({"num_format": "@"}),
        "int": wb.add_format({"num_format": "0"}),
        "float": None,
    }

    instructions = wb.add_worksheet(INSTRUCTIONS_SHEET)
    sheets = {t.name: wb.add_worksheet(t.name) for t in editable_tables()}
    lists = wb.add_worksheet(LISTS_SHEET)
    lists.hide()

    # Hidden lists: enumerations and the keys of lookup tables that are not part of the template.
    list_sources: dict[tuple[str, str], str] = {}
    defined_names: set[str] = set()
    list_col = 0

    def add_list(key: tuple[str, str], values: list) -> str:
        nonlocal list_col
        if key not in list_sources:
            lists.write_string(0, list_col, f"{key[0]}.{key[1]}", bold)
            for row, value in enumerate(values, start=1):
                if isinstance(value, str):
                    lists.write_string(row, list_col, value)
                else:
                    lists.write_number(row, list_col, value)
            letter = get_column_letter(list_col + 1)
            list_sources[key] = f"={LISTS_SHEET}!${letter}$2:${letter}${max(len(values), 1) + 1}"
            list_col += 1
        return list_sources[key]

    for table in editable_tables():
        sheet = sheets[table.name]
        frame = ds.tables[table.name] if prefilled else ds.tables[table.name].iloc[0:0]
        for index, column in enumerate(table.columns):
            sheet.write_string(0, index, column.name, header_format)
            sheet.write_comment(
                0,
                index,
                f"{column.label}\n{column.description}\n\n{_rules_text(table, column)}",
                {"x_scale": 3, "y_scale": 2.5},
            )
            width = max(len(column.name), 12) if column.kind not in ("str", "list") else 30
            sheet.set_column(index, index, width + 2, formats[column.kind])
            values = [_template_value(column.kind, v) for v in frame[column.name].tolist()]
            for row, value in enumerate(values, start=1):
                if value is None:
                    continue
                if column.kind == "date":
                    sheet.write_datetime(row, index, value, formats["date"])
                elif column.kind in ("int", "float"):
                    sheet.write_number(row, index, value)
                else:
                    sheet.write_string(row, index, value)
            _add_validation(wb, sheet, ds, table, column, index, add_list, defined_names)
        sheet.freeze_panes(1, 0)

    _write_instructions(instructions, ds, prefilled, bold, title_format, wrap)
    instructions.activate()
    wb.close()
    return buffer.getvalue()


def _add_validation(
    wb, sheet, ds: Dataset, table: Table, column: Column, index: int, add_list, defined_names: set[str]
) -> None:
    """Drop-down for enumerations, true/false and references to small tables (list columns: single codes)."""
    source = None
    if column.kind == "bool":
        source = ["true", "false"]
    elif column.enum is not None:
        source = add_list((table.name, column.name), list(column.enum))
    elif column.ref is not None and TABLES_BY_NAME[column.ref[0]].key == (column.ref[1],):
        target_table, target_column = column.ref
        target = TABLES_BY_NAME[target_table]
        if target.editable:  # the list follows the sheet, so rows added there can be chosen at once
            letter = get_column_letter(target.column_names.index(target_column) + 1)
            name = f"Liste_{target_table}_{target_column}"
            if name not in defined_names:
                wb.define_name(
                    name,
                    f"=OFFSET({target_table}!${letter}$2,0,0,"
                    f"MAX(1,COUNTA({target_table}!${letter}$2:${letter}${REF_RANGE_ROWS})),1)",
                )
                defined_names.add(name)
            source = f"={name}"
        else:
            values = ds.tables[target_table][target_column].dropna().tolist()
            source = add_list((target_table, target_column), [v.item() if hasattr(v, "item") else v for v in values])
    if source is None:
        return
    options = {
        "validate": "list",
        "source": source,
        "ignore_blank": True,
        "input_title": _clip(column.label, 32),
        "input_message": _clip(
            "Bitte aus der Liste wählen."
            if column.kind != "list"
            else "Ein Code aus der Liste; mehrere Codes mit ; getrennt eintippen (die Rückfrage mit OK bestätigen).",
            255,
        ),
    }
    if column.kind == "list" or column.ref is not None:
        options.update(
            error_type="information" if column.kind == "list" else "warning",
            error_title="Wert prüfen",
            error_message=_clip(
                f"Der Wert steht nicht in der Liste ({column.ref[0]}.{column.ref[1]}). "
                "Der Import meldet unbekannte Verweise.",
                255,
            ),
        )
    else:
        options.update(
            error_type="stop",
            error_title="Ungültiger Wert",
            error_message=_clip(
                "Bitte einen Wert aus der Liste wählen: " + ", ".join(column.enum or ("true", "false")), 255
            ),
        )
    sheet.data_validation(1, index, TEMPLATE_VALIDATION_ROWS, index, options)


def _write_instructions(sheet, ds: Dataset, prefilled: bool, bold, title_format, wrap) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 110, wrap)
    lookup = [t for t in TABLES if not t.editable]
    rows: list[tuple[str, str]] = [
        (
            "Inhalt",
            f"Vorlage für eine neue Ausgabe der IKÖ-Daten, erstellt am {dt.date.today():%d.%m.%Y} "
            + (
                f"und vorbefüllt mit „{ds.edition_label}“ – bitte nur ändern, was sich geändert hat."
                if prefilled
                else "ohne Daten (leere Vorlage)."
            ),
        ),
        (
            "Ablauf",
            "1. Vorlage ausfüllen und als Excel-Arbeitsmappe (.xlsx) speichern. 2. In der Datenpflege "
            "hochladen (oder: python -m ikoe_data.importer validate DATEI.xlsx). 3. Den Prüfbericht "
            "durchgehen: jedes Problem nennt Blatt, Zeile und Spalte. 4. Die Änderungen gegenüber der "
            "aktuellen Ausgabe prüfen (neu, geändert, entfernt). 5. Den Stichtag der Ausgabe angeben und "
            "importieren. Eine Datei mit Problemen wird nicht übernommen; an den gespeicherten Daten "
            "ändert sich dann nichts.",
        ),
        (
            "Stichtag",
            "Der Stichtag (Datenstand) der Ausgabe wird beim Import angegeben, nicht in der Datei, als "
            "Datum JJJJ-MM-TT (z. B. 2024-09-30). Er darf nicht in der Zukunft liegen. Jede Ausgabe wird "
            "als eigene Fassung gespeichert; eine vorhandene Ausgabe wird nie überschrieben.",
        ),
        ("", ""),
        (
            "Blätter",
            "Jedes der folgenden Blätter muss in der Datei enthalten sein, auch wenn es unverändert ist. "
            "Zeilen, die fehlen, gelten in der neuen Ausgabe als entfernt.",
        ),
    ]
    for table in editable_tables():
        key = " + ".join(table.key)
        rows.append((table.name, f"{table.label}: {table.description} Schlüssel: {key}."))
    rows += [
        (
            "Nicht in der Vorlage",
            "Diese Nachschlagetabellen werden unverändert aus der aktuellen Ausgabe "
            "übernommen: " + ", ".join(f"{t.name} ({t.label})" for t in lookup) + ".",
        ),
        ("", ""),
        (
            "Regeln",
            "Zeile 1 enthält die technischen Spaltennamen: nicht ändern, keine Spalten einfügen, löschen "
            "oder umbenennen. Der Kommentar an jeder Überschrift erklärt die Spalte (Bezeichnung, Typ, "
            "Pflichtfeld, erlaubte Werte).",
        ),
        (
            "Zeilen",
            "Eine Zeile je Datensatz, ab Zeile 2. Leere Zeilen werden übersprungen. Höchstens "
            f"{MAX_ROWS_PER_SHEET:,} Zeilen je Blatt.".replace(",", "."),
        ),
        (
            "Schlüssel (ids)",
            "Jeder Schlüssel darf je Blatt nur einmal vorkommen (z. B. partner_id, share_id, "
            "measure_id). Neue Partner erhalten die nächste freie partner_id; neue Angaben die "
            "nächste freie Nummer (z. B. S-016).",
        ),
        (
            "Verweise",
            "partner_id muss auf dem Blatt partners stehen, goal_id auf goals, source_doc auf sources, "
            "focus_area und zieldimension in den Nachschlagetabellen. Eine neue Quelle (z. B. der neue "
            "Bericht) wird zuerst auf dem Blatt sources eingetragen.",
        ),
        (
            "Auswahllisten",
            "Spalten mit festen Werten (z. B. Art des Partners, Umsetzungsstand, Bezugsgruppe, "
            "Begriff, Erhebungsart, Status) und Verweise bieten eine Auswahlliste an.",
        ),
        (
            "Listen",
            "Spalten mit mehreren Codes (measure_types, ressorts, zielgruppen) werden mit ; getrennt, z. B. "
            "targeted_recruitment;mso_cooperation. Die Auswahlliste bietet einzelne Codes an; weitere "
            "Codes von Hand mit ; anfügen. Die erlaubten Codes stehen unten.",
        ),
        (
            "Datumsangaben",
            "Als Excel-Datum oder als Text JJJJ-MM-TT bzw. TT.MM.JJJJ. Beitrittsdaten dürfen nicht "
            "in der Zukunft liegen.",
        ),
        (
            "Zahlen",
            "Anteile in Prozent zwischen 0 und 100 (25,5 – nicht 0,255). Ganze Zahlen ohne "
            "Nachkommastellen. share_computed: true oder false.",
        ),
        (
            "Keine Formeln",
            "Nur Werte eintragen, keine Formeln (ggf. Kopieren → Inhalte einfügen → Werte). Text "
            "darf nicht mit =, +, - oder @ beginnen.",
        ),
        (
            "Datei",
            f"Als .xlsx speichern, ohne Makros und ohne Kennwortschutz, höchstens "
            f"{_mb(MAX_UPLOAD_BYTES)}. Eine einzelne Tabelle kann auch als CSV-Datei "
            "hochgeladen werden; die Datei heißt dann wie die Tabelle (z. B. staff_shares.csv).",
        ),
        ("", ""),
    ]
    row = 0
    sheet.write_string(row, 0, "Anleitung zur Datenvorlage", title_format)
    row += 2
    for label, text in rows:
        if label:
            sheet.write_string(row, 0, label, bold)
            sheet.write_string(row, 1, text)
        row += 1
    for table_name, code_column, label_column in (
        ("measure_types", "measure_type", "label"),
        ("ressorts", "code", "name"),
        ("zielgruppen", "code", "label_de"),
    ):
        table = TABLES_BY_NAME[table_name]
        sheet.write_string(row, 0, f"Codes: {table.label}", bold)
        row += 1
        for code, label in zip(ds.tables[table_name][code_column], ds.tables[table_name][label_column]):
            sheet.write_string(row, 0, str(code))
            sheet.write_string(row, 1, str(label))
            row += 1
        row += 1


# --------------------------------------------------------------------------- reading an upload


def _mb(size: int) -> str:
    megabytes = size / (1024 * 1024)
    text = f"{megabytes:.0f}" if megabytes.is_integer() else f"{megabytes:.1f}"
    return text.replace(".", ",") + " MB"


def _capped(problems: list[Problem]) -> list[Problem]:
    """At most MAX_PROBLEMS_PER_COLUMN problems per place, column and rule, plus one summary line."""
    kept, counts = [], {}
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


def _file_problem(name: str, message: str, rule: str = "Datei") -> tuple[None, list[Problem], list[str]]:
    return None, [Problem(name, None, None, rule, message)], []


def sheet_location(sheet: str) -> str:
    return f"Blatt „{sheet}“"


MACRO_MESSAGE = (
    "Die Datei enthält Makros (VBA). Arbeitsmappen mit Makros werden aus Sicherheitsgründen nicht "
    "angenommen. Bitte in Excel als „Excel-Arbeitsmappe (*.xlsx)“ ohne Makros speichern."
)


def read_upload(data: bytes, filename: str) -> tuple[dict[str, pd.DataFrame] | None, list[Problem], list[str]]:
    """Raw tables (all cells as strings, '' = empty) of an uploaded workbook or CSV file.

    Returns (tables by table name or None when the file cannot be read at all, problems, notices).
    File-level checks run on the raw bytes before any parser sees them. Each raw frame carries
    `attrs["rows"]` (the spreadsheet row of each data row) and `attrs["reported"]` (cells already
    reported while reading, e.g. formulas, as (frame position, column)), which `validate_tables` uses.
    """
    name = Path(filename or "Datei").name or "Datei"
    suffix = Path(name).suffix.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        return _file_problem(
            name, f"Die Datei ist {_mb(len(data))} groß; erlaubt sind höchstens {_mb(MAX_UPLOAD_BYTES)}.", "Dateigröße"
        )
    if not data:
        return _file_problem(name, "Die Datei ist leer (0 Byte).")
    if suffix in (".xlsm", ".xltm", ".xlam"):
        return _file_problem(name, MACRO_MESSAGE, "Makros")
    if data.startswith(_OLE2_MAGIC):
        if any(marker in data for marker in _ENCRYPTION_MARKERS):
            return _file_problem(
                name,
                "Die Arbeitsmappe ist mit einem Kennwort geschützt (verschlüsselt) und kann "
                "nicht gelesen werden. Bitte den Kennwortschutz entfernen (Datei → "
                "Informationen → Arbeitsmappe schützen) und die Datei erneut hochladen.",
                "Kennwortschutz",
            )
        return _file_problem(
            name,
            "Die Datei ist im alten Excel-Format (.xls) oder ein anderes Office-Dokument. "
            "Bitte in Excel als „Excel-Arbeitsmappe (*.xlsx)“ speichern.",
            "Dateityp",
        )
    if data.startswith(_ZIP_MAGIC):
        if suffix != ".xlsx":
            return _file_problem(
                name,
                f"Die Datei ist eine Excel-Arbeitsmappe oder ein ZIP-Archiv, hat aber die "
                f"Endung „{suffix or '(keine)'}“ (umbenannte Datei?). Bitte die ausgefüllte "
                "Vorlage als .xlsx hochladen.",
                "Dateityp",
            )
        return _read_workbook(data, name)
    if suffix == ".xlsx":
        return _file_problem(
            name,
            "Die Datei ist keine Excel-Arbeitsmappe, obwohl sie auf .xlsx endet "
            "(umbenannte Datei?). Bitte die Vorlage in Excel öffnen und als "
            "„Excel-Arbeitsmappe (*.xlsx)“ speichern.",
            "Dateityp",
        )
    if suffix == ".csv":
        return _read_csv(data, name)
    return _file_problem(
        name,
        f"Dateityp „{suffix or '(keine Endung)'}“ wird nicht unterstützt. Erwartet wird die "
        "ausgefüllte Vorlage (.xlsx) oder eine CSV-Datei einer einzelnen Tabelle.",
        "Dateityp",
    )


def _zip_problem(data: bytes, name: str) -> str | None:
    """Check the zip directory before any member is decompressed (zipfile never inflates a member
    beyond the size its directory entry declares, so the declared sizes bound the work)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        return "Die Datei ist beschädigt: Die Arbeitsmappe (ZIP-Struktur) lässt sich nicht lesen."
    infos = archive.infolist()
    names = {info.filename.lower() for info in infos}
    if any(n.endswith("vbaproject.bin") for n in names):
        return MACRO_MESSAGE
    if "xl/workbook.xml" not in names:
        return (
            "Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (umbenannte Datei?). "
            "Bitte die ausgefüllte Vorlage als .xlsx hochladen."
        )
    if len(infos) > MAX_ZIP_MEMBERS:
        return f"Die Arbeitsmappe besteht aus {len(infos)} Teilen; erlaubt sind höchstens {MAX_ZIP_MEMBERS}."
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        return (
            f"Die Arbeitsmappe wäre entpackt {_mb(total)} groß; erlaubt sind höchstens "
            f"{_mb(MAX_UNCOMPRESSED_BYTES)}. Sie wird aus Sicherheitsgründen nicht geöffnet."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECK_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
            return (
                f"Die Arbeitsmappe ist ungewöhnlich stark komprimiert (Teil „{info.filename}“ wächst beim "
                f"Entpacken auf das {ratio:.0f}-Fache; erlaubt ist das {MAX_COMPRESSION_RATIO}-Fache). "
                "Sie wird aus Sicherheitsgründen nicht geöffnet."
            )
    return None


def _read_workbook(data: bytes, name: str):
    problem = _zip_problem(data, name)
    if problem:
        return _file_problem(name, problem, "Makros" if problem == MACRO_MESSAGE else "Datei")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # untrusted file: any parser failure is a problem of the file, not a crash
        return _file_problem(
            name,
            f"Die Arbeitsmappe kann nicht gelesen werden ({type(exc).__name__}). Bitte in "
            "Excel öffnen und erneut als .xlsx speichern.",
        )
    try:
        tables: dict[str, pd.DataFrame] = {}
        problems: list[Problem] = []
        notices: list[str] = []
        any_content = False
        for sheet_name in workbook.sheetnames:
            sheet = workbook[sheet_name]
            if sheet_name in (INSTRUCTIONS_SHEET, LISTS_SHEET):
                continue
            table = TABLES_BY_NAME.get(sheet_name)
            if table is None or not table.editable or not hasattr(sheet, "iter_rows"):  # chart sheets too
                if not hasattr(sheet, "iter_rows") or not _sheet_is_empty(sheet):
                    any_content = True
                    why = (
                        "Nachschlagetabelle; sie wird aus der Basisausgabe übernommen"
                        if table is not None
                        else "kein Blatt der Vorlage"
                    )
                    notices.append(f"Blatt „{sheet_name}“ wird nicht eingelesen ({why}).")
                continue
            raw, sheet_problems, had_content = _read_sheet(sheet, table, sheet_location(sheet_name))
            any_content = any_content or had_content
            problems.extend(sheet_problems)
            if raw is not None:
                tables[table.name] = raw
        if not any_content:
            return _file_problem(
                name,
                "Die Arbeitsmappe ist leer: Kein Blatt enthält Daten. Bitte die Vorlage herunterladen und ausfüllen.",
                "Leer",
            )
        return tables, problems, notices
    except Exception as exc:  # malformed sheet XML inside a valid zip
        return _file_problem(
            name,
            f"Die Arbeitsmappe kann nicht gelesen werden ({type(exc).__name__}). Bitte in "
            "Excel öffnen und erneut als .xlsx speichern.",
        )
    finally:
        workbook.close()


def _sheet_is_empty(sheet) -> bool:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row or 200, 200), values_only=True):
        if any(value not in (None, "") for value in row):
            return False
    return True


def _cell_text(value) -> str:
    """A cell as the raw text the validator expects: dates ISO, whole numbers without .0, '' for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _read_sheet(sheet, table: Table, location: str):
    """(raw frame or None, problems, sheet had any content)."""
    declared_rows, declared_cols = sheet.max_row, sheet.max_column
    if declared_rows and declared_rows - 1 > MAX_ROWS_PER_SHEET:
        return None, [_too_many_rows(location, declared_rows - 1)], True
    if declared_cols and declared_cols > MAX_COLUMNS_PER_SHEET:
        return (
            None,
            [
                Problem(
                    location,
                    None,
                    None,
                    "Spalten",
                    f"Das Blatt hat {declared_cols} Spalten; erlaubt sind höchstens {MAX_COLUMNS_PER_SHEET}.",
                )
            ],
            True,
        )
    sheet.reset_dimensions()  # do not trust the declared size for reading: read every row there is
    problems: list[Problem] = []
    reported: set[tuple[int, str]] = set()
    header: list[str] = []
    records: list[list[str]] = []
    sheet_rows: list[int] = []
    extra_reported: set[int] = set()
    percent_columns: set[int] = set()
    for row_number, cells in enumerate(sheet.iter_rows(), start=1):
        if row_number == 1:
            header_cells = list(cells)
            while header_cells and header_cells[-1].value in (None, ""):
                header_cells.pop()
            for index, cell in enumerate(header_cells):
                letter = get_column_letter(index + 1)
                if cell.data_type == "f":
                    problems.append(
                        Problem(
                            location,
                            1,
                            letter,
                            "Formel",
                            "Die Spaltenüberschrift ist eine Formel; "
                            "bitte den technischen Spaltennamen als Text eintragen.",
                        )
                    )
                text = _cell_text(cell.value).strip()
                header.append(text or f"(leer, Spalte {letter})")
                if header[-1].endswith("_percent"):
                    percent_columns.add(index)
            if not header:
                break
            continue
        if row_number - 1 > MAX_ROWS_PER_SHEET:
            return None, [_too_many_rows(location, f"mehr als {MAX_ROWS_PER_SHEET:,}".replace(",", "."))], True
        values = [""] * len(header)
        empty = True
        for index, cell in enumerate(cells):
            if cell.value is None:
                continue
            column = header[index] if index < len(header) else get_column_letter(index + 1)
            refusal = _refused_cell(cell, f"{get_column_letter(index + 1)}{row_number}", index in percent_columns)
            if refusal:
                problems.append(Problem(location, row_number, column, *refusal))
                reported.add((len(records), column))
                empty = False
                continue
            text = _cell_text(cell.value)
            if text.strip() == "":
                continue
            empty = False
            if index >= len(header):
                if index not in extra_reported:
                    extra_reported.add(index)
                    problems.append(
                        Problem(
                            location,
                            row_number,
                            column,
                            "Spalten",
                            f"Wert in Spalte {column} ohne Spaltenüberschrift; bitte entfernen oder "
                            "die Spalte benennen.",
                        )
                    )
                continue
            values[index] = text
        if empty:
            continue
        records.append(values)
        sheet_rows.append(row_number)
    if not header:
        if _sheet_is_empty(sheet):
            return (
                None,
                [
                    Problem(
                        location, 1, None, "Spalten", "Das Blatt ist leer: Die Kopfzeile mit den Spaltennamen fehlt."
                    )
                ],
                False,
            )
        return (
            None,
            [
                Problem(
                    location,
                    1,
                    None,
                    "Spalten",
                    "Die Kopfzeile fehlt (Zeile 1 ist leer); Zeile 1 muss die Spaltennamen der Vorlage enthalten.",
                )
            ],
            True,
        )
    return _raw_frame(header, records, sheet_rows, reported), _capped(problems), True


def _refused_cell(cell, address: str, percent_column: bool) -> tuple[str, str] | None:
    """(rule, message) for a cell whose value must not be taken over as it stands, else None."""
    if cell.data_type == "f":
        return "Formel", (
            f"Zelle {address} enthält eine Formel („{_clip(str(cell.value), 40)}“). Bitte nur Werte "
            "eintragen (Kopieren → Inhalte einfügen → Werte)."
        )
    if cell.data_type == "e":
        return "Typ", f"Zelle {address} enthält den Fehlerwert „{cell.value}“."
    if percent_column and isinstance(cell.value, (int, float)) and "%" in (cell.number_format or ""):
        return "Format", (
            f"Zelle {address} ist als Prozentwert formatiert (Excel speichert 25 % als 0,25). Bitte "
            "den Anteil als Zahl zwischen 0 und 100 ohne Prozentformat eintragen."
        )
    return None


def _too_many_rows(location: str, count) -> Problem:
    shown = f"{count:,}".replace(",", ".") if isinstance(count, int) else count
    return Problem(
        location,
        None,
        None,
        "Zeilen",
        f"Das Blatt hat {shown} Datenzeilen; erlaubt sind höchstens {MAX_ROWS_PER_SHEET:,}".replace(",", ".")
        + ". Es wird nicht eingelesen.",
    )


def _raw_frame(
    header: list[str], records: list[list[str]], sheet_rows: list[int], reported: set[tuple[int, str]]
) -> pd.DataFrame:
    # Positional construction keeps duplicate header names visible to the column check.
    raw = pd.DataFrame(records if records else None, columns=range(len(header)), dtype=object)
    raw.columns = header
    raw.attrs["rows"] = list(sheet_rows)
    raw.attrs["reported"] = set(reported)
    return raw


def _read_csv(data: bytes, name: str):
    stem = Path(name).stem
    table = TABLES_BY_NAME.get(stem.lower())
    if table is None or not table.editable:
        allowed = ", ".join(t.file for t in editable_tables())
        return _file_problem(
            name,
            f"Aus dem Dateinamen „{name}“ geht nicht hervor, welche Tabelle die CSV-Datei "
            f"enthält. Die Datei muss wie eine Tabelle der Vorlage heißen: {allowed}.",
            "Dateiname",
        )
    notices: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode-Text"
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return _file_problem(name, "Die Datei beginnt wie UTF-16-Text, lässt sich aber nicht lesen.", "Kodierung")
        notices.append(f"„{name}“ ist UTF-16-kodiert und wurde entsprechend gelesen.")
    if b"\x00" in data[:65536]:
        return _file_problem(
            name, "Die Datei ist keine Textdatei (CSV), sondern enthält Binärdaten (umbenannte Datei?).", "Dateityp"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return _file_problem(
                name,
                "Die Zeichenkodierung der Datei ist weder UTF-8 noch Windows-1252. Bitte in "
                "Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern.",
                "Kodierung",
            )
        notices.append(
            f"„{name}“ ist nicht UTF-8-kodiert und wurde als Windows-1252 (ANSI, deutsches Excel) "
            "gelesen. Bitte Umlaute in der Vorschau prüfen; besser als „CSV UTF-8“ speichern."
        )
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    location = name
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] = []
    records: list[list[str]] = []
    rows: list[int] = []
    problems: list[Problem] = []
    too_long_reported = 0
    try:
        for record_number, fields in enumerate(reader, start=1):
            if record_number == 1:
                header = [f.strip() for f in fields]
                while header and header[-1] == "":
                    header.pop()
                continue
            if all(f.strip() == "" for f in fields):
                continue
            if len(fields) > len(header) and any(f.strip() for f in fields[len(header) :]):
                too_long_reported += 1
                if too_long_reported <= MAX_PROBLEMS_PER_COLUMN:
                    problems.append(
                        Problem(
                            location,
                            record_number,
                            None,
                            "Spalten",
                            f"Die Zeile hat {len(fields)} Felder, die Kopfzeile nur {len(header)} "
                            f"(Trennzeichen „{delimiter}“ im Text ohne Anführungszeichen?).",
                        )
                    )
            if len(records) >= MAX_ROWS_PER_SHEET:
                return None, [_too_many_rows(location, f"mehr als {MAX_ROWS_PER_SHEET:,}".replace(",", "."))], notices
            records.append((fields + [""] * len(header))[: len(header)])
            rows.append(record_number)
    except csv.Error as exc:
        return (
            None,
            [Problem(location, reader.line_num or None, None, "Format", f"Die CSV-Datei ist fehlerhaft ({exc}).")],
            notices,
        )
    if not header:
        return (
            None,
            [Problem(location, 1, None, "Spalten", "Die Datei ist leer: Die Kopfzeile mit den Spaltennamen fehlt.")],
            notices,
        )
    return {table.name: _raw_frame(header, records, rows, set())}, problems, notices


# --------------------------------------------------------------------------- validation


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
    replaced: dict[str, set] = {}  # (frame position, column) of cells whose problem is already reported
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
        return None, _capped(mapped)
    return frames, []


def _base_dataset(base_edition_id: str | None) -> tuple[Dataset | None, list[Problem]]:
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
    base, base_problems = (base, []) if base is not None else _base_dataset(base_edition_id)
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
        result.edition = store_edition(result.frames, edition_id, meta)
    except EditionError as error:
        result.problems.append(Problem(EDITION_LOCATION, None, None, "Ausgabe", str(error)))
    except DataValidationError as error:  # the written files did not load back; nothing was stored
        result.problems.extend(error.problems)
    return result


# --------------------------------------------------------------------------- differences

CHANGE_NEW, CHANGE_CHANGED, CHANGE_REMOVED = "neu", "geändert", "entfernt"


def _norm(value):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(table: Table, frame: pd.DataFrame) -> dict[tuple, dict]:
    names = table.column_names
    columns = [frame[c].tolist() for c in names]
    records = {}
    for row in zip(*columns):
        record = {c: _norm(v) for c, v in zip(names, row)}
        records.setdefault(tuple(record[k] for k in table.key), record)
    return records


def diff_editions(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """New, changed and removed rows per table, matched by each table's key.

    Columns: table, key (key values joined by " / "), change (neu/geändert/entfernt), columns
    (the changed columns, comma-separated).
    """
    rows = []
    for table in TABLES:
        if table.name not in old and table.name not in new:
            continue
        before = _records(table, old[table.name]) if table.name in old else {}
        after = _records(table, new[table.name]) if table.name in new else {}
        for key, record in after.items():
            label = " / ".join("" if k is None else str(k) for k in key)
            if key not in before:
                rows.append((table.name, label, CHANGE_NEW, ""))
            else:
                changed = [c for c in table.column_names if before[key][c] != record[c]]
                if changed:
                    rows.append((table.name, label, CHANGE_CHANGED, ", ".join(changed)))
        for key in before:
            if key not in after:
                rows.append((table.name, " / ".join("" if k is None else str(k) for k in key), CHANGE_REMOVED, ""))
    return pd.DataFrame(rows, columns=["table", "key", "change", "columns"])


def diff_summary(diff: pd.DataFrame) -> pd.DataFrame:
    """Counts per table: neu, geändert, entfernt (tables without changes left out)."""
    counts = diff.groupby(["table", "change"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[CHANGE_NEW, CHANGE_CHANGED, CHANGE_REMOVED], fill_value=0)
    order = [t.name for t in TABLES if t.name in counts.index]
    return counts.reindex(order).reset_index()


# --------------------------------------------------------------------------- command line

_ARGPARSE_DE = (
    (r"the following arguments are required: (.*)", r"Es fehlen Angaben: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: ungültige Auswahl \2 (möglich: \3)"),
    (r"unrecognized arguments: (.*)", r"Unbekannte Angaben: \1"),
    (r"argument (\S+): expected one argument", r"\1: Es fehlt der Wert."),
    (r"argument (\S+): (.*)", r"\1: \2"),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="Diese Hilfe anzeigen und beenden.")

    def error(self, message):
        for pattern, replacement in _ARGPARSE_DE:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, replacement, message)
                break
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m ikoe_data.importer",
        description="Datenpflege des IKÖ-Dashboards: Vorlage erzeugen, Datei prüfen, neue Ausgabe "
        "importieren. Erfordert den Zugangsschlüssel der Datenpflege (Umgebungsvariable "
        f"{TOKEN_ENV}).",
    )
    commands = parser.add_subparsers(
        dest="command", required=True, title="Befehle", metavar="BEFEHL", parser_class=_Parser
    )
    template = commands.add_parser("template", help="Excel-Vorlage erzeugen.")
    template.add_argument("output", metavar="ZIELDATEI", help="Pfad der zu schreibenden .xlsx-Datei.")
    template.add_argument("--leer", action="store_true", help="Ohne die Zeilen der aktuellen Ausgabe.")
    template.add_argument("--base", metavar="AUSGABE", help="Ausgabe zum Vorbefüllen (Standard: neueste).")
    validate = commands.add_parser("validate", help="Datei prüfen und Änderungen zeigen; schreibt nichts.")
    validate.add_argument("file", metavar="DATEI", help="Ausgefüllte Vorlage (.xlsx) oder CSV-Datei einer Tabelle.")
    validate.add_argument("--base", metavar="AUSGABE", help="Vergleichsausgabe (Standard: neueste).")
    do_import = commands.add_parser("import", help="Datei prüfen und als neue Ausgabe speichern.")
    do_import.add_argument("file", metavar="DATEI", help="Ausgefüllte Vorlage (.xlsx) oder CSV-Datei einer Tabelle.")
    do_import.add_argument("--edition", metavar="JJJJ-MM-TT", required=True, help="Stichtag und Name der Ausgabe.")
    do_import.add_argument("--base", metavar="AUSGABE", help="Basisausgabe (Standard: neueste).")
    return parser


def _print_result(result: ValidationResult, out) -> None:
    for notice in result.notices:
        print(f"Hinweis: {notice}", file=out)
    for problem in result.problems:
        print(f"{problem} [Regel: {problem.rule}]", file=out)
    if result.problems:
        print(f"{len(result.problems)} Problem(e); die Datei wird so nicht übernommen.", file=out)
        return
    print(f"Keine Probleme gefunden. Änderungen gegenüber Ausgabe „{result.base_edition}“:", file=out)
    if result.diff is None or result.diff.empty:
        print("  keine", file=out)
        return
    for row in diff_summary(result.diff).itertuples(index=False):
        print(f"  {row.table}: {row.neu} neu, {row.geändert} geändert, {row.entfernt} entfernt", file=out)
    for row in result.diff.head(200).itertuples(index=False):
        detail = f" ({row.columns})" if row.columns else ""
        print(f"    {row.table} {row.key}: {row.change}{detail}", file=out)
    if len(result.diff) > 200:
        print(f"    … und {len(result.diff) - 200} weitere Änderungen", file=out)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not import_enabled():
        print(
            "Der Datenimport ist ausgeschaltet: Es ist kein Zugangsschlüssel der Datenpflege konfiguriert "
            f"(Umgebungsvariable {TOKEN_ENV}). Ohne ihn sind die Daten nur lesbar.",
            file=sys.stderr,
        )
        return EXIT_DISABLED
    if args.base:
        try:
            edition_info(args.base)
        except EditionError as error:
            print(f"Fehler: {error}", file=sys.stderr)
            return EXIT_USAGE
    if args.command == "template":
        base, problems = _base_dataset(args.base)
        if base is None:
            print(f"Fehler: {problems[0]}", file=sys.stderr)
            return EXIT_PROBLEMS
        Path(args.output).write_bytes(template_bytes(base, prefilled=not args.leer))
        print(f"Vorlage geschrieben: {args.output}")
        return EXIT_OK
    try:
        data = Path(args.file).read_bytes()
    except OSError as error:
        print(
            f"Fehler: Die Datei „{args.file}“ kann nicht gelesen werden ({error.strerror or error}).", file=sys.stderr
        )
        return EXIT_USAGE
    if args.command == "validate":
        result = validate_upload(data, args.file, args.base)
        _print_result(result, sys.stdout)
        return EXIT_OK if result.ok else EXIT_PROBLEMS
    try:
        editions.parse_edition_id(args.edition)
    except EditionError as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return EXIT_USAGE
    result = import_upload(data, args.file, args.edition, base_edition_id=args.base)
    _print_result(result, sys.stdout)
    if result.edition is None:
        return EXIT_PROBLEMS
    rows = sum(result.edition.row_counts.values())
    print(f"Ausgabe {result.edition.edition_id} gespeichert ({rows} Zeilen) in {result.edition.path}.")
    return EXIT_OK


__all__ = [
    "MAX_COLUMNS_PER_SHEET",
    "MAX_COMPRESSION_RATIO",
    "MAX_ROWS_PER_SHEET",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_UPLOAD_BYTES",
    "EditionComparison",
    "ValidationResult",
    "compare_editions",
    "diff_editions",
    "diff_summary",
    "import_enabled",
    "import_upload",
    "main",
    "read_upload",
    "steward_token",
    "template_bytes",
    "validate_tables",
    "validate_upload",
]

if __name__ == "__main__":
    sys.exit(main())
