"""Excel and CSV downloads of exactly the table an analyst sees.

Excel gets real numbers and dates with number formats (Excel stores the codes in US form and
renders them in the reader's locale), a frozen, filterable header and an Info sheet. Strings a
spreadsheet would run as formulas are kept as text (Excel) or defused with a leading apostrophe (CSV).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from .labels import format_number
from .validation import FORMULA_PREFIXES
from .values import is_missing

HEADER_FILL = "#DCE6F1"
PERCENT_FORMAT = '0.0#" %"'
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"
DATE_FORMAT = "DD.MM.YYYY"
MAX_COLUMN_WIDTH = 60


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_PREFIXES)


def _plain(value: Any) -> Any:
    """Cell value for export: lists joined, missing values empty, numpy scalars as Python values."""
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    return value


def _cell_values(series: pd.Series) -> list[Any]:
    """A column as Python values for the workbook: missing values None, lists joined, dates as datetimes."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.to_pydatetime() for v in series]
    if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
        values: list[Any] = series.astype(object).where(series.notna(), None).tolist()
        return values
    return [_plain(v) for v in series.tolist()]


def _number_format(header: str, series: pd.Series) -> str | None:
    if "(%)" in header:
        return PERCENT_FORMAT
    if pd.api.types.is_datetime64_any_dtype(series):
        return DATE_FORMAT
    if pd.api.types.is_bool_dtype(series):
        return None
    if pd.api.types.is_integer_dtype(series):
        return INTEGER_FORMAT
    if pd.api.types.is_float_dtype(series):
        return DECIMAL_FORMAT
    return None


def info_rows(
    title: str,
    filters: list[str],
    status: list[str],
    sources: list[str],
    exported_at: dt.datetime | None = None,
    n_rows: int | None = None,
) -> list[tuple[str, str]]:
    exported_at = exported_at or dt.datetime.now()
    rows = [("Inhalt", title), ("Exportiert am", f"{exported_at:%d.%m.%Y %H:%M} Uhr")]
    if n_rows is not None:
        rows.append(("Zeilen", format_number(n_rows)))
    rows += [("Filter", line) for line in filters]
    rows += [("Datenstand", line) for line in status]
    rows += [("Quelle", line) for line in sources]
    rows.append(("Hinweis", "IKÖ-Dashboard NRW; Zahlen aus den genannten Quellen, eigene Auswertung."))
    return rows


def excel_bytes(
    frame: pd.DataFrame,
    *,
    title: str,
    filters: list[str],
    status: list[str],
    sources: list[str],
    exported_at: dt.datetime | None = None,
    sheet_name: str = "Daten",
) -> bytes:
    """Workbook with the frame on the first sheet (as shown, headers included) and an Info sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    header_format = workbook.add_format({"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top"})
    text_format = workbook.add_format({"quote_prefix": True})
    formats = {
        code: workbook.add_format({"num_format": code})
        for code in (PERCENT_FORMAT, INTEGER_FORMAT, DECIMAL_FORMAT, DATE_FORMAT)
    }

    sheet = workbook.add_worksheet(sheet_name[:31])
    headers = [str(c) for c in frame.columns]
    sheet.write_row(0, 0, headers, header_format)
    for index, (header, column) in enumerate(zip(headers, frame.columns)):
        series = frame[column]
        code = _number_format(header, series)
        values = _cell_values(series)
        sheet.write_column(1, index, values, formats.get(code) if code else None)
        width = max(len(header), 12 if code else 0)
        if code is None and values:
            texts = pd.Series(values, dtype=object).str
            for position in np.flatnonzero(texts.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)):
                sheet.write_string(position + 1, index, values[position], text_format)
            width = max(width, int(texts.len().max(skipna=True) or 0))
        sheet.set_column(index, index, min(width, MAX_COLUMN_WIDTH) + 2)
    sheet.freeze_panes(1, 0)
    if headers:
        sheet.autofilter(0, 0, len(frame), len(headers) - 1)

    info = workbook.add_worksheet("Info")
    info.set_column(0, 0, 16)
    info.set_column(1, 1, 100)
    bold = workbook.add_format({"bold": True})
    for row, (key, text) in enumerate(info_rows(title, filters, status, sources, exported_at, len(frame))):
        info.write_string(row, 0, key, bold)
        info.write_string(row, 1, text, text_format if is_formula_like(text) else None)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for German Excel: semicolon, decimal comma, dates as TT.MM.JJJJ, UTF-8 with BOM."""
    export = frame.copy()
    for column in export.columns:
        series = export[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            export[column] = series.dt.strftime("%d.%m.%Y")
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            export[column] = series.map(_csv_text)
    # CRLF as line end makes the csv writer quote any cell holding a CR or LF, as Excel expects
    text: str = export.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def _csv_text(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
