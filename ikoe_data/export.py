"""Excel and CSV downloads of exactly the table an analyst sees.

Excel gets real numbers and dates with number formats (Excel stores the codes in US form and
renders them in the reader's locale), a frozen, filterable header and an Info sheet. Strings a
spreadsheet would run as formulas are kept as text (Excel) or defused with a leading apostrophe (CSV).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter

from . import labels
from .citation import SourceRef, view_citation
from .validation import FORMULA_PREFIXES
from .values import is_missing

HEADER_FILL = "#DCE6F1"
# Integers (years, ids, line numbers, counts) without a thousands separator: a year 2016 must not read "2.016".
INTEGER_FORMAT = "0"
WHOLE_NUMBER_TEXT = r"[1-9][0-9]{0,3}"  # e.g. a year in a column of text; no leading zero, which a code may carry
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
MAX_DECIMALS = 3
MAX_COLUMN_WIDTH = 60  # wider text wraps


def percent_format(decimals: int) -> str:
    return ("0." + "0" * decimals if decimals else "0") + '" %"'


def decimal_format(decimals: int) -> str:
    return "#,##0." + "0" * decimals if decimals else "#,##0"


@dataclass(frozen=True)
class About:
    """What a download shows, for its Info sheet (Excel) or its first rows (CSV). `source_refs` (title, publisher,
    status of each source, `citation.source_refs`) and `edition` (the data's edition) make the citation name each
    source with its status; without them it names `sources` and `status` as given."""

    title: str
    selection: str
    filters: list[str] = field(default_factory=list)
    notice: str = ""  # selection.filter_notice: 'Gefiltert nach …' where filters apply
    status: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    link: str = ""
    source_refs: tuple[SourceRef, ...] = ()
    edition: str = ""

    def citation(self, accessed: dt.date) -> str:
        """The ready citation of the view this download holds (`citation.view_citation`)."""
        if self.source_refs:
            sources: list[SourceRef | str] = list(self.source_refs)
            edition = self.edition
        else:
            sources = list(self.sources)
            edition = "; ".join([*self.status, *([self.edition] if self.edition else [])])
        return view_citation(
            view=self.title,
            selection=self.selection,
            sources=sources,
            edition=edition,
            accessed=accessed,
            link=self.link,
        )


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


def _column_kind(header: str, series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "text"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_float_dtype(series) and "(%)" in header:
        return "percent"
    if "(Euro)" in header and pd.api.types.is_numeric_dtype(series):
        return "decimal"  # an amount keeps its thousands separator: 432.800.000, not 432800000
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        present = series.dropna()
        return "integer" if (present == present.round()).all() else "decimal"
    return "text"


def info_rows(about: About, exported_at: dt.datetime, n_rows: int) -> list[tuple[str, object]]:
    """The Info sheet's rows (label, typed value): what is shown, its selection, status, sources, time, link."""
    rows: list[tuple[str, object]] = [("Inhalt", about.title)]
    if about.notice:  # in the words of the page's notice, before anything else
        rows.append(("Wichtig", about.notice))
    rows.append(("Auswahl", about.selection))
    rows += [("Filter", line) for line in about.filters]
    rows.append(("Zeilen", n_rows))
    rows += [("Datenstand", line) for line in about.status]
    rows += [("Quelle", line) for line in about.sources]
    rows.append(("Exportiert am", exported_at.replace(second=0, microsecond=0)))
    if about.link:
        rows.append(("Link zur Ansicht", about.link))
    rows.append(("Zitiervorschlag", about.citation(exported_at.date())))
    rows.append(("Hinweis", "IKÖ-Dashboard NRW; Zahlen aus den genannten Quellen, eigene Auswertung."))
    return rows


def _print_setup(sheet: Any, title: str, repeat_header: bool) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)  # fit to page width, as many pages down as needed
    if repeat_header:
        sheet.repeat_rows(0)
    sheet.set_footer(f"&L{title.replace('&', '&&')[:200]}&RSeite &P von &N")


def excel_bytes(
    frame: pd.DataFrame,
    about: About,
    *,
    exported_at: dt.datetime | None = None,
    sheet_name: str = "Daten",
    decimals: int | None = None,
) -> bytes:
    """Workbook with the frame on the first sheet (as shown, headers included) and an Info sheet. Decimals keep
    the precision each value has (as its source reported it), or `decimals` each (shares the dashboard computes)."""
    exported_at = exported_at or dt.datetime.now()
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    header_format = workbook.add_format({"bold": True, "bg_color": HEADER_FILL, "text_wrap": True, "valign": "top"})
    text_format = workbook.add_format({"valign": "top"})
    wrap_format = workbook.add_format({"text_wrap": True, "valign": "top"})
    quoted = {False: workbook.add_format({"quote_prefix": True, "valign": "top"})}
    quoted[True] = workbook.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"})
    formats: dict[str, Any] = {}

    def number_format(code: str) -> Any:
        if code not in formats:
            formats[code] = workbook.add_format({"num_format": code, "valign": "top"})
        return formats[code]

    sheet = workbook.add_worksheet(sheet_name[:31])
    headers = [str(c) for c in frame.columns]
    sheet.write_row(0, 0, headers, header_format)
    for index, (header, column) in enumerate(zip(headers, frame.columns)):
        series = frame[column]
        kind = _column_kind(header, series)
        values = _cell_values(series)
        width = max(min(len(header), 30), 10 if kind != "text" else 0)
        if kind in ("percent", "decimal"):
            make = percent_format if kind == "percent" else decimal_format
            for row, value in enumerate(values, start=1):
                if value is not None:
                    places = labels.decimals(value, MAX_DECIMALS) if decimals is None else decimals
                    sheet.write_number(row, index, value, number_format(make(places)))
        elif kind == "integer":
            whole = [None if v is None else int(v) for v in values]
            sheet.write_column(1, index, whole, number_format(INTEGER_FORMAT))
        elif kind == "date":
            sheet.write_column(1, index, values, number_format(DATE_FORMAT))
        else:
            texts = pd.Series(values, dtype=object).str
            longest = int(texts.len().fillna(0).max()) if values else 0
            wrap = longest > MAX_COLUMN_WIDTH
            sheet.write_column(1, index, values, wrap_format if wrap else text_format)
            for position in np.flatnonzero(texts.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)):
                sheet.write_string(int(position) + 1, index, values[position], quoted[wrap])
            # a year beside a statement such as "Jahr nicht genannt" is still a number (sortable, filterable)
            for position in np.flatnonzero(texts.fullmatch(WHOLE_NUMBER_TEXT).fillna(False).to_numpy(dtype=bool)):
                sheet.write_number(int(position) + 1, index, int(values[position]), number_format(INTEGER_FORMAT))
            width = max(width, longest)
        sheet.set_column(index, index, min(width, MAX_COLUMN_WIDTH) + 2)
    sheet.freeze_panes(1, 0)
    if headers:
        sheet.autofilter(0, 0, len(frame), len(headers) - 1)
    _print_setup(sheet, about.title, repeat_header=True)

    info = workbook.add_worksheet("Info")
    info.set_column(0, 0, 18)
    info.set_column(1, 1, 100)
    bold = workbook.add_format({"bold": True, "valign": "top"})
    for row, (key, value) in enumerate(info_rows(about, exported_at, len(frame))):
        info.write_string(row, 0, key, bold)
        if isinstance(value, dt.datetime):
            info.write_datetime(row, 1, value, number_format(DATETIME_FORMAT))
        elif isinstance(value, int):
            info.write_number(row, 1, value, number_format(INTEGER_FORMAT))
        elif key == "Link zur Ansicht" and str(value).startswith(("http://", "https://")) and len(str(value)) <= 2079:
            info.write_url(row, 1, str(value), wrap_format, str(value))
        else:
            info.write_string(row, 1, str(value), quoted[True] if is_formula_like(str(value)) else wrap_format)
    _print_setup(info, about.title, repeat_header=False)
    workbook.close()
    return buffer.getvalue()


def csv_bytes(frame: pd.DataFrame, about: About | None = None, *, exported_at: dt.datetime | None = None) -> bytes:
    """CSV for German Excel: semicolon, decimal comma, dates as TT.MM.JJJJ, UTF-8 with BOM.

    With `about`, the file opens with the Info sheet's rows (label;value, e.g. "Auswahl;Regierungsbezirk Köln")
    and an empty line; the table's header row follows that empty line. German Excel shows these rows above the
    table; a program reading the table skips the lines up to the first empty one."""
    export = frame.copy()
    for column in export.columns:
        series = export[column]
        if pd.api.types.is_datetime64_any_dtype(series):
            export[column] = series.dt.strftime("%d.%m.%Y")
        elif series.dtype == object or pd.api.types.is_string_dtype(series):
            export[column] = series.map(_csv_text)
    # CRLF as line end makes the csv writer quote any cell holding a CR or LF, as Excel expects
    table: str = export.to_csv(sep=";", decimal=",", index=False, lineterminator="\r\n")
    if about is None:
        return table.encode("utf-8-sig")
    rows = info_rows(about, exported_at or dt.datetime.now(), len(frame))
    preamble = io.StringIO()
    writer = csv.writer(preamble, delimiter=";", lineterminator="\r\n")
    for key, value in rows:
        if isinstance(value, dt.datetime):
            value = f"{value:%d.%m.%Y %H:%M}"
        writer.writerow([key, _csv_text(value)])
    preamble.write("\r\n")
    return (preamble.getvalue() + table).encode("utf-8-sig")


def _csv_text(value: Any) -> Any:
    value = _plain(value)
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
