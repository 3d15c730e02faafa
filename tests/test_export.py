"""Excel and CSV downloads: cell by cell equal to the frame shown, formats, Info sheet, hostile strings."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.escape import unescape

from ikoe_data import analysis, export, labels
from ikoe_data.filters import Filters, filter_partner_measures

HOSTILE = ['=HYPERLINK("http://example.org","klick")', "+49 211 123", "-1+2", "@SUM(A1)", "\tTab", "\rCR"]


@pytest.fixture
def shown(ds):
    """A filtered frame as a page shows it (German headers), with hostile strings planted in it."""
    measures = filter_partner_measures(
        analysis.enrich_partner_measures(ds), ds.partners, Filters(partner_types=("Kommune",), focus_areas=(1, 2))
    )
    frame = labels.to_display(
        measures,
        ["measure_id", "partner", "title", "status_label", "report_year", "source_line", "accession_date"],
        table="partner_measures",
    ).reset_index(drop=True)
    frame.loc[: len(HOSTILE) - 1, "Titel"] = HOSTILE
    frame["Anteil (%)"] = [20.15 if i % 2 else None for i in range(len(frame))]
    return frame


ABOUT = export.About(
    title="Test",
    selection="Auswahl: Art: Kommune · n = 10 Partner",
    filters=["Art des Partners: Kommune"],
    status=["Stand 30.09.2020"],
    sources=["Partnerbericht (MKFFI)"],
    link="http://localhost/partnernetzwerk?art=Kommune",
)
EXPORTED = dt.datetime(2026, 1, 2, 3, 4)


def workbook(frame, **kwargs):
    return openpyxl.load_workbook(io.BytesIO(export.excel_bytes(frame, ABOUT, exported_at=EXPORTED, **kwargs)))


def expected_cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def read_cell(value):
    """openpyxl leaves XML escapes of control characters (_x000D_) as they are in the file."""
    return unescape(value) if isinstance(value, str) else value


def test_excel_equals_the_frame_cell_by_cell(shown):
    sheet = workbook(shown)["Daten"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(shown.columns)
    assert len(rows) == len(shown) + 1
    for row_values, (_, expected) in zip(rows[1:], shown.iterrows()):
        assert [read_cell(v) for v in row_values] == [expected_cell(v) for v in expected]


def test_hostile_strings_stay_text_and_are_not_formulas(shown):
    sheet = workbook(shown)["Daten"]
    column = list(shown.columns).index("Titel") + 1
    for row, text in enumerate(HOSTILE, start=2):
        cell = sheet.cell(row=row, column=column)
        assert read_cell(cell.value) == text
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_excel_layout_numbers_and_info_sheet(shown):
    book = workbook(shown)
    sheet = book["Daten"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(shown.shape[1])}{len(shown) + 1}"
    assert sheet["A1"].font.bold
    headers = [c.value for c in sheet[1]]
    share = sheet.cell(row=3, column=headers.index("Anteil (%)") + 1)
    assert share.value == 20.15 and share.number_format == '0.00" %"'  # the source's precision
    date = sheet.cell(row=2, column=headers.index("Beitritt") + 1)
    assert isinstance(date.value, dt.datetime) and date.number_format == export.DATE_FORMAT
    for header in ("Zeile in der Quelle", "Berichtsjahr"):  # no "3.065", no "2.016"
        cell = sheet.cell(row=2, column=headers.index(header) + 1)
        assert isinstance(cell.value, int) and cell.number_format == "0", header
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["A"].width  # titles are wider than ids
    info = dict(book["Info"].iter_rows(values_only=True))
    assert info["Auswahl"] == "Auswahl: Art: Kommune · n = 10 Partner"
    assert info["Filter"] == "Art des Partners: Kommune"
    assert info["Datenstand"] == "Stand 30.09.2020"
    assert info["Quelle"] == "Partnerbericht (MKFFI)"
    assert info["Exportiert am"] == EXPORTED and info["Zeilen"] == len(shown)
    assert info["Link zur Ansicht"] == ABOUT.link


def test_shares_the_dashboard_computes_have_the_same_decimals_each():
    """A computed percent table (decimals=1: 43,0 beside 16,2) keeps one decimal in every cell, where reported
    shares keep each value's own precision (20,15 · 12,5 · 33)."""
    frame = pd.DataFrame({"Gruppe": ["a", "b", "c"], "2020 (%)": [43.0, 16.2, None]})
    fixed = workbook(frame, decimals=1)["Daten"]
    assert [fixed[f"B{row}"].number_format for row in (2, 3)] == ['0.0" %"', '0.0" %"']
    assert fixed["B2"].value == 43.0 and fixed["B4"].value is None
    reported = workbook(frame)["Daten"]
    assert [reported[f"B{row}"].number_format for row in (2, 3)] == ['0" %"', '0.0" %"']


def test_excel_cells_are_typed_wrapped_and_print_on_landscape_pages_of_one_width(shown):
    frame = shown.assign(Anzahl=[3.0] * len(shown), Text=["sehr langer Text " * 10] * len(shown))
    book = workbook(frame)
    sheet = book["Daten"]
    headers = [c.value for c in sheet[1]]
    count = sheet.cell(row=2, column=headers.index("Anzahl") + 1)
    assert count.value == 3 and isinstance(count.value, int) and count.number_format == "0"
    text = sheet.cell(row=2, column=headers.index("Text") + 1)
    assert text.alignment.wrap_text
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(headers.index("Text") + 1)].width < 64
    for ws in (sheet, book["Info"]):
        assert ws.page_setup.orientation == "landscape"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)  # 1 is the default
        assert ws.page_setup.fitToHeight == 0
    assert sheet.print_title_rows == "$1:$1"
    for row in book["Info"].iter_rows():
        for cell in row:  # nothing stored as text that is a number
            assert not (isinstance(cell.value, str) and cell.value.strip().lstrip("-").replace(",", "").isdigit())


def test_a_year_beside_a_statement_is_a_number_and_a_code_keeps_its_zeros(shown):
    years = ["2013", labels.YEAR_NOT_STATED, "0012", "2016 (geschätzt)"]
    frame = shown.head(4).assign(Jahr=years)
    sheet = workbook(frame)["Daten"]
    column = list(frame.columns).index("Jahr") + 1
    cells = [sheet.cell(row=row, column=column) for row in range(2, 6)]
    assert [c.value for c in cells] == [2013, labels.YEAR_NOT_STATED, "0012", "2016 (geschätzt)"]
    assert cells[0].number_format == "0"  # no "2.013"


def test_an_amount_keeps_its_thousands_separator(shown):
    frame = shown.head(2).assign(**{"Betrag (Euro)": [432_800_000.0, 50_000.5]})
    sheet = workbook(frame)["Daten"]
    column = list(frame.columns).index("Betrag (Euro)") + 1
    cells = [sheet.cell(row=row, column=column) for row in (2, 3)]
    assert [c.value for c in cells] == [432_800_000, 50_000.5]
    assert [c.number_format for c in cells] == ["#,##0", "#,##0.0"]


def test_csv_states_its_selection_above_the_table(shown):
    text = export.csv_bytes(shown, ABOUT, exported_at=EXPORTED).decode("utf-8-sig")
    preamble, table = text.split("\r\n\r\n", 1)
    rows = dict(line.split(";", 1) for line in preamble.split("\r\n"))
    assert rows["Auswahl"] == ABOUT.selection and rows["Quelle"] == "Partnerbericht (MKFFI)"
    assert rows["Exportiert am"] == "02.01.2026 03:04" and rows["Link zur Ansicht"] == ABOUT.link
    parsed = pd.read_csv(io.StringIO(table, newline=""), sep=";", dtype=str, keep_default_na=False)
    assert len(parsed) == len(shown) and list(parsed.columns) == list(shown.columns)


def test_csv_for_german_excel(shown):
    data = export.csv_bytes(shown)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    header = text.split("\r\n")[0]
    assert header.split(";")[:3] == ["Lfd. Nr. (Dashboard)", "Partner", "Titel"]
    parsed = pd.read_csv(io.StringIO(text, newline=""), sep=";", dtype=str, keep_default_na=False)
    assert len(parsed) == len(shown)
    assert parsed.loc[0, "Titel"] == "'" + HOSTILE[0]
    assert parsed.loc[1, "Anteil (%)"] == "20,15"
    assert parsed.loc[0, "Beitritt"].count(".") == 2  # TT.MM.JJJJ
    assert parsed.loc[len(HOSTILE), "Titel"] == shown.loc[len(HOSTILE), "Titel"]


def test_a_link_without_a_host_is_written_as_text():
    book = openpyxl.load_workbook(
        io.BytesIO(
            export.excel_bytes(pd.DataFrame({"A": [1]}), replace(ABOUT, link="/suche?q=x"), exported_at=EXPORTED)
        )
    )
    assert dict(book["Info"].iter_rows(values_only=True))["Link zur Ansicht"] == "/suche?q=x"


def test_a_text_column_without_any_value_exports():
    frame = pd.DataFrame({"Partner": ["A", "B"], "Hinweis": pd.Series([None, None], dtype=object)})
    assert [c.value for c in workbook(frame)["Daten"]["B"]] == ["Hinweis", None, None]


def test_empty_frame_still_exports_headers_and_info():
    frame = pd.DataFrame({"Partner": pd.Series([], dtype=object)})
    book = workbook(frame)
    assert [c.value for c in book["Daten"][1]] == ["Partner"]
    assert dict(book["Info"].iter_rows(values_only=True))["Zeilen"] == 0
