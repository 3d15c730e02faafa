"""Reading the filled-in template (.xlsx): the zip directory is checked before anything is decompressed
(macros, size, compression), then every cell is read as text, refusing formulas, error values and percent
formats."""

from __future__ import annotations

import datetime as dt
import io
import logging
import zipfile
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from ..labels import clip_text, format_number
from ..schema import TABLES_BY_NAME, Table
from ..validation import Problem
from . import limits
from .limits import megabytes_text
from .raw_tables import UploadTables, cap_problems, file_problem, raw_frame, sheet_location, too_many_rows
from .template import INSTRUCTIONS_SHEET, LISTS_SHEET

LOG = logging.getLogger("ikoe.importer")

MACRO_MESSAGE = (
    "Die Datei enthält Makros (VBA). Arbeitsmappen mit Makros werden aus Sicherheitsgründen nicht "
    "angenommen. Bitte in Excel als „Excel-Arbeitsmappe (*.xlsx)“ ohne Makros speichern."
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
    if len(infos) > limits.MAX_ZIP_MEMBERS:
        return f"Die Arbeitsmappe besteht aus {len(infos)} Teilen; erlaubt sind höchstens {limits.MAX_ZIP_MEMBERS}."
    total = sum(info.file_size for info in infos)
    if total > limits.MAX_UNCOMPRESSED_BYTES:
        return (
            f"Die Arbeitsmappe wäre entpackt {megabytes_text(total)} groß; erlaubt sind höchstens "
            f"{megabytes_text(limits.MAX_UNCOMPRESSED_BYTES)}. Sie wird aus Sicherheitsgründen nicht geöffnet."
        )
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.RATIO_CHECK_MIN_BYTES and ratio > limits.MAX_COMPRESSION_RATIO:
            return (
                f"Die Arbeitsmappe ist ungewöhnlich stark komprimiert (Teil „{info.filename}“ wächst beim "
                f"Entpacken auf das {ratio:.0f}-Fache; erlaubt ist das {limits.MAX_COMPRESSION_RATIO}-Fache). "
                "Sie wird aus Sicherheitsgründen nicht geöffnet."
            )
    return None


def read_workbook(data: bytes, name: str) -> UploadTables:
    problem = _zip_problem(data, name)
    if problem:
        return file_problem(name, problem, "Makros" if problem == MACRO_MESSAGE else "Datei")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # untrusted file: any parser failure is a problem of the file, not a crash
        return file_problem(name, _unreadable(exc))
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
            return file_problem(
                name,
                "Die Arbeitsmappe ist leer: Kein Blatt enthält Daten. Bitte die Vorlage herunterladen und ausfüllen.",
                "Leer",
            )
        return tables, problems, notices
    except Exception as exc:  # malformed sheet XML inside a valid zip
        return file_problem(name, _unreadable(exc))
    finally:
        workbook.close()


def _unreadable(exc: Exception) -> str:
    """A parser failure explained in German (the exception type goes to the log, not to the user)."""
    LOG.info("Workbook not readable: %s: %s", type(exc).__name__, exc)
    if isinstance(exc, zipfile.BadZipFile):
        why = "Das ZIP-Archiv, aus dem eine .xlsx-Datei besteht, ist beschädigt oder unvollständig."
    elif isinstance(exc, KeyError):
        why = "Ein Bestandteil der Arbeitsmappe fehlt (z. B. ein Blatt oder das Verzeichnis der Blätter)."
    elif "xml" in type(exc).__module__.lower() or type(exc).__name__ in ("ParseError", "XMLSyntaxError"):
        why = "Der Inhalt eines Blatts ist kein gültiges Excel-Format (beschädigtes XML)."
    elif isinstance(exc, (ValueError, TypeError)):
        why = "Ein Wert oder eine Formatangabe in der Arbeitsmappe ist ungültig."
    else:
        why = "Die Datei hat nicht das erwartete Excel-Format."
    return f"Die Arbeitsmappe kann nicht gelesen werden: {why} Bitte in Excel öffnen und erneut als .xlsx speichern."


def _sheet_is_empty(sheet: Any) -> bool:
    for row in sheet.iter_rows(min_row=1, max_row=min(sheet.max_row or 200, 200), values_only=True):
        if any(value not in (None, "") for value in row):
            return False
    return True


def _cell_text(value: Any) -> str:
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


def _read_sheet(sheet: Any, table: Table, location: str) -> tuple[pd.DataFrame | None, list[Problem], bool]:
    """(raw frame or None, problems, sheet had any content)."""
    # The declared size counts formatted but empty rows and columns (a formatted last row reads as 1.048.575
    # rows): it is not trusted. Limits apply to rows with content and to named columns.
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
            if len(header) > limits.MAX_COLUMNS_PER_SHEET:
                message = f"Das Blatt hat {len(header)} Spalten; erlaubt sind höchstens {limits.MAX_COLUMNS_PER_SHEET}."
                return None, [Problem(location, 1, None, "Spalten", message)], True
            continue
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
        if len(records) >= limits.MAX_ROWS_PER_SHEET:
            return None, [too_many_rows(location, f"mehr als {format_number(limits.MAX_ROWS_PER_SHEET)}")], True
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
    return raw_frame(header, records, sheet_rows, reported), cap_problems(problems), True


def _refused_cell(cell: Any, address: str, percent_column: bool) -> tuple[str, str] | None:
    """(rule, message) for a cell whose value must not be taken over as it stands, else None."""
    if cell.data_type == "f":
        return "Formel", (
            f"Zelle {address} enthält eine Formel („{clip_text(str(cell.value), 40)}“). Bitte nur Werte "
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
