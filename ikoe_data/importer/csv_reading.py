"""Reading one table as CSV: encoding (UTF-8, UTF-16, Windows-1252) and delimiter detected, each record
as text."""

from __future__ import annotations

import csv
import io
import logging
from pathlib import Path

from ..labels import format_number
from ..schema import TABLES_BY_NAME
from ..validation import MAX_PROBLEMS_PER_COLUMN, Problem
from . import limits
from .raw_tables import UploadTables, file_problem, raw_frame, too_many_rows
from .template import editable_tables

LOG = logging.getLogger("ikoe.importer")


def _csv_error(exc: csv.Error) -> str:
    LOG.info("CSV not readable: %s", exc)
    if "field larger than field limit" in str(exc):
        return "Die CSV-Datei enthält ein Feld, das länger ist als erlaubt (über 128.000 Zeichen)."
    if "NUL" in str(exc) or "nul" in str(exc):
        return "Die CSV-Datei enthält Nullzeichen; sie ist wohl keine Textdatei."
    return "Die CSV-Datei ist fehlerhaft: Anführungszeichen oder Trennzeichen sind nicht korrekt gesetzt."


def read_csv(data: bytes, name: str) -> UploadTables:
    stem = Path(name).stem
    table = TABLES_BY_NAME.get(stem.lower())
    if table is None or not table.editable:
        allowed = ", ".join(t.file for t in editable_tables())
        return file_problem(
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
            return file_problem(name, "Die Datei beginnt wie UTF-16-Text, lässt sich aber nicht lesen.", "Kodierung")
        notices.append(f"„{name}“ ist UTF-16-kodiert und wurde entsprechend gelesen.")
    if b"\x00" in data[:65536]:
        return file_problem(
            name, "Die Datei ist keine Textdatei (CSV), sondern enthält Binärdaten (umbenannte Datei?).", "Dateityp"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return file_problem(
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
            if len(records) >= limits.MAX_ROWS_PER_SHEET:
                return (
                    None,
                    [too_many_rows(location, f"mehr als {format_number(limits.MAX_ROWS_PER_SHEET)}")],
                    notices,
                )
            records.append((fields + [""] * len(header))[: len(header)])
            rows.append(record_number)
    except csv.Error as exc:
        return (
            None,
            [Problem(location, reader.line_num or None, None, "Format", _csv_error(exc))],
            notices,
        )
    if not header:
        return (
            None,
            [Problem(location, 1, None, "Spalten", "Die Datei ist leer: Die Kopfzeile mit den Spaltennamen fehlt.")],
            notices,
        )
    return {table.name: raw_frame(header, records, rows, set())}, problems, notices
