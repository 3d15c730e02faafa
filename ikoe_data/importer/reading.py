"""Reading an untrusted upload (the filled-in template as .xlsx, or one table as CSV) into raw tables.

File-level checks run on the raw bytes before any parser sees them (size, type, macros, encryption); then
`workbook_reading` (zip bomb, every cell as text, refusing formulas, error values and percent formats) or
`csv_reading` reads the tables.
Typing and checking the values is the job of `validation`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..validation import Problem
from . import limits
from .csv_reading import read_csv
from .limits import megabytes_text
from .raw_tables import file_problem
from .workbook_reading import MACRO_MESSAGE, read_workbook

_ZIP_MAGIC = b"PK"
_OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTION_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


def read_upload(data: bytes, filename: str) -> tuple[dict[str, pd.DataFrame] | None, list[Problem], list[str]]:
    """Raw tables (all cells as strings, '' = empty) of an uploaded workbook or CSV file.

    Returns (tables by table name or None when the file cannot be read at all, problems, notices).
    File-level checks run on the raw bytes before any parser sees them. Each raw frame carries
    `attrs["rows"]` (the spreadsheet row of each data row) and `attrs["reported"]` (cells already
    reported while reading, e.g. formulas, as (frame position, column)), which `validate_tables` uses.
    """
    name = Path(filename or "Datei").name or "Datei"
    suffix = Path(name).suffix.lower()
    if len(data) > limits.MAX_UPLOAD_BYTES:
        return file_problem(
            name,
            f"Die Datei ist {megabytes_text(len(data))} groß; "
            f"erlaubt sind höchstens {megabytes_text(limits.MAX_UPLOAD_BYTES)}.",
            "Dateigröße",
        )
    if not data:
        return file_problem(name, "Die Datei ist leer (0 Byte).")
    if suffix in (".xlsm", ".xltm", ".xlam"):
        return file_problem(name, MACRO_MESSAGE, "Makros")
    if data.startswith(_OLE2_MAGIC):
        if any(marker in data for marker in _ENCRYPTION_MARKERS):
            return file_problem(
                name,
                "Die Arbeitsmappe ist mit einem Kennwort geschützt (verschlüsselt) und kann "
                "nicht gelesen werden. Bitte den Kennwortschutz entfernen (Datei → "
                "Informationen → Arbeitsmappe schützen) und die Datei erneut hochladen.",
                "Kennwortschutz",
            )
        return file_problem(
            name,
            "Die Datei ist im alten Excel-Format (.xls) oder ein anderes Office-Dokument. "
            "Bitte in Excel als „Excel-Arbeitsmappe (*.xlsx)“ speichern.",
            "Dateityp",
        )
    if data.startswith(_ZIP_MAGIC):
        if suffix != ".xlsx":
            return file_problem(
                name,
                f"Die Datei ist eine Excel-Arbeitsmappe oder ein ZIP-Archiv, hat aber die "
                f"Endung „{suffix or '(keine)'}“ (umbenannte Datei?). Bitte die ausgefüllte "
                "Vorlage als .xlsx hochladen.",
                "Dateityp",
            )
        return read_workbook(data, name)
    if suffix == ".xlsx":
        return file_problem(
            name,
            "Die Datei ist keine Excel-Arbeitsmappe, obwohl sie auf .xlsx endet "
            "(umbenannte Datei?). Bitte die Vorlage in Excel öffnen und als "
            "„Excel-Arbeitsmappe (*.xlsx)“ speichern.",
            "Dateityp",
        )
    if suffix == ".csv":
        return read_csv(data, name)
    return file_problem(
        name,
        f"Dateityp „{suffix or '(keine Endung)'}“ wird nicht unterstützt. Erwartet wird die "
        "ausgefüllte Vorlage (.xlsx) oder eine CSV-Datei einer einzelnen Tabelle.",
        "Dateityp",
    )
