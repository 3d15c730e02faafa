"""Tests for ikoe_data.importer: template, round trip, every bad-input case, the command line and a
property-based test of the validator.

Every test runs against a temporary edition store (IKOE_EDITIONS_DIR) and checks, by hashing, that
the shipped datasets are byte-for-byte unchanged afterwards. Bad files are built in the test.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ikoe_data import editions, import_audit, importer
from ikoe_data.edition_comparison import compare_editions, diff_editions
from ikoe_data.editions import list_editions, load_edition
from ikoe_data.importer import (
    cli,
    import_upload,
    limits,
    read_upload,
    template_bytes,
    validate_upload,
)
from ikoe_data.loading import read_raw_csv
from ikoe_data.schema import TABLES, TABLES_BY_NAME
from ikoe_data.settings import STEWARD_TOKEN_ENV, steward_token
from ikoe_data.validation import MAX_PROBLEMS_PER_COLUMN

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
EDITION = "2024-09-30"


@functools.lru_cache(maxsize=1)
def shipped_dataset():
    return load_edition(editions.SHIPPED_ID)


@pytest.fixture(autouse=True)
def _isolated(store):
    """Every test here runs against a private store (fixture `store` in conftest)."""


def stored_editions(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


@pytest.fixture(scope="module")
def shipped():
    return shipped_dataset()


@pytest.fixture(scope="module")
def prefilled(shipped) -> bytes:
    return template_bytes(shipped, prefilled=True)


@pytest.fixture(scope="module")
def raw_shipped() -> dict[str, pd.DataFrame]:
    return {t.name: read_raw_csv(DATASETS / t.file) for t in TABLES if t.editable}


@pytest.fixture
def tables(raw_shipped) -> dict[str, pd.DataFrame]:
    """Editable tables of the shipped edition as strings, to be spoiled by a test and written as .xlsx."""
    return {name: frame.copy() for name, frame in raw_shipped.items()}


class Formula(str):
    """A cell that xlsx_from writes as a real formula."""


def xlsx_from(tables: dict[str, pd.DataFrame], extra_cells=()) -> bytes:
    """A workbook with one sheet per table (header = column names); str cells as text, numbers as numbers."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    for name, frame in tables.items():
        sheet = wb.add_worksheet(name)
        sheet.write_row(0, 0, [str(c) for c in frame.columns])
        for row, values in enumerate(frame.itertuples(index=False), start=1):
            for col, value in enumerate(values):
                if value is None or (isinstance(value, float) and pd.isna(value)):
                    continue
                if isinstance(value, Formula):
                    sheet.write_formula(row, col, str(value))
                elif isinstance(value, str):
                    sheet.write_string(row, col, value)
                elif isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(row, col, value)
                else:
                    sheet.write_number(row, col, value)
    for sheet_name, row, col, value, *cell_format in extra_cells:
        style = wb.add_format(cell_format[0]) if cell_format else None
        wb.get_worksheet_by_name(sheet_name).write(row, col, value, style)
    wb.close()
    return buffer.getvalue()


def row_of(frame: pd.DataFrame, column: str, value: str) -> int:
    """Frame position of the first row with `value` in `column`."""
    return int(frame.index[frame[column] == value][0])


def rejected(
    data: bytes,
    filename: str,
    *fragments: str,
    location: str | None = None,
    row: int | None = None,
    column: str | None = None,
    store_root: Path | None = None,
):
    """Import must refuse with every fragment in the report and (optionally) a problem at the given place."""
    result = import_upload(data, filename, EDITION, base=shipped_dataset())
    assert result.edition is None and not result.ok
    report = "\n".join(map(str, result.problems))
    for fragment in fragments:
        assert fragment in report, report
    if location is not None:
        assert any(
            p.location == location and (row is None or p.row == row) and (column is None or p.column == column)
            for p in result.problems
        ), report
    if store_root is not None:
        assert stored_editions(store_root) in ([], [editions.LOCK_FILE])
    assert [i.edition_id for i in list_editions()] == [editions.SHIPPED_ID]
    return result


def sheet(name: str) -> str:
    return f"Blatt „{name}“"


# --------------------------------------------------------------------------- template and round trip


def test_template_structure(prefilled, shipped):
    wb = openpyxl.load_workbook(io.BytesIO(prefilled))
    editable = [t.name for t in TABLES if t.editable]
    assert wb.sheetnames == ["Anleitung", *editable, "Listen"]
    assert wb["Listen"].sheet_state == "hidden"
    anleitung = "\n".join(str(v) for row in wb["Anleitung"].iter_rows(values_only=True) for v in row if v)
    assert "Stichtag" in anleitung and "Keine Formeln" in anleitung and "mit ; getrennt" in anleitung
    for name in editable:
        ws = wb[name]
        table = TABLES_BY_NAME[name]
        assert [c.value for c in ws[1]] == table.column_names
        assert ws.freeze_panes == "A2" and ws["A1"].font.b
        assert ws["A1"].comment is not None and table.columns[0].label in ws["A1"].comment.text
        assert ws.max_row == len(shipped.tables[name]) + 1
    validated = {}
    for name in editable:
        for dv in wb[name].data_validations.dataValidation:
            validated[(name, str(dv.sqref).split(":")[0].rstrip("0123456789"))] = dv.formula1
    partners = TABLES_BY_NAME["partners"].column_names
    letter = openpyxl.utils.get_column_letter
    for table_name, column in [
        ("partners", "partner_type"),
        ("partner_measures", "status"),
        ("staff_shares", "basis"),
        ("staff_shares", "method"),
        ("staff_shares", "partner_id"),
        ("strategy_measures", "goal_id"),
        ("strategy_measures", "ressorts"),
        ("partner_measures", "focus_area"),
    ]:
        index = TABLES_BY_NAME[table_name].column_names.index(column) + 1
        assert (table_name, letter(index)) in validated, (table_name, column)
    assert validated[("staff_shares", "B")] == "Liste_partners_partner_id"
    assert isinstance(wb["partners"].cell(2, partners.index("accession_date") + 1).value, dt.datetime)


def test_empty_template_has_headers_only_and_is_refused(shipped, store):
    data = template_bytes(shipped, prefilled=False)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert all(wb[t.name].max_row == 1 for t in TABLES if t.editable)
    rejected(
        data, "vorlage_leer.xlsx", "Das Blatt enthält keine Datenzeilen", location=sheet("partners"), store_root=store
    )


def test_unchanged_template_validates_without_changes(prefilled):
    result = validate_upload(prefilled, "vorlage.xlsx")
    assert result.ok and result.problems == [] and result.diff is not None and result.diff.empty


def _append_copy(ws, source_row: int, updates: dict) -> None:
    header = [c.value for c in ws[1]]
    values = [c.value for c in ws[source_row]]
    for name, value in updates.items():
        values[header.index(name)] = value
    ws.append(values)


def _find(ws, column: str, value) -> int:
    header = [c.value for c in ws[1]]
    index = header.index(column)
    for row in ws.iter_rows(min_row=2):
        if row[index].value == value:
            return row[index].row
    raise LookupError(value)


def _set(ws, row: int, column: str, value) -> None:
    header = [c.value for c in ws[1]]
    ws.cell(row, header.index(column) + 1).value = value


def test_round_trip_new_edition(prefilled, shipped, store):
    """Download the template, fill in a new edition, import it, compare it with the shipped edition."""
    wb = openpyxl.load_workbook(io.BytesIO(prefilled))
    _append_copy(
        wb["sources"],
        _find(wb["sources"], "source_doc", "partnerbericht_2020"),
        {
            "source_doc": "partnerbericht_2024",
            "title": "Partnerbericht 2024",
            "status_label": "Stand 30.09.2024",
            "status_date": dt.datetime(2024, 9, 30),
            "file": "partnerbericht_2024.txt",
        },
    )
    partners = wb["partners"]
    _append_copy(
        partners,
        _find(partners, "partner_id", 32),
        {
            "partner_id": 33,
            "name": "Stadt Beispielstadt",
            "short_name": "Beispielstadt",
            "partner_type": "Kommune",
            "accession_date": dt.datetime(2024, 5, 15),
            "name_basis": "import",
            "source_doc": "partnerbericht_2024",
            "source_line": 10,
            "name_source_doc": "partnerbericht_2024",
            "name_source_line": 10,
            **(
                {"source_name": "Stadt Beispielstadt"}
                if "source_name" in TABLES_BY_NAME["partners"].column_names
                else {}
            ),
        },
    )
    shares = wb["staff_shares"]
    _append_copy(
        shares,
        _find(shares, "share_id", "S-004"),
        {
            "share_id": "S-016",
            "partner_id": 33,
            "organisation": "Stadt Beispielstadt",
            "year": 2024,
            "period": "2024",
            "share_percent": 18.5,
            "share_computed": "false",
            "numerator": None,
            "denominator": None,
            "basis": "staff",
            "method": "survey",
            "qualifier": None,
            "source_doc": "partnerbericht_2024",
            "source_line": 12,
            "source_anchor": "18,5 %",
            "note": None,
        },
    )
    shares.delete_rows(_find(shares, "share_id", "S-015"))
    measures = wb["partner_measures"]
    status_column = [c.value for c in measures[1]].index("status") + 1
    assert measures.cell(_find(measures, "measure_id", "P1-01-01"), status_column).value == "ongoing"
    _set(measures, _find(measures, "measure_id", "P1-01-01"), "status", "carried_out")
    strategy = wb["strategy_measures"]
    _append_copy(
        strategy,
        _find(strategy, "measure_id", "M-001"),
        {"measure_id": "M-900", "goal_id": 5, "title": "Neue Maßnahme zu Ziel 5"},
    )
    buffer = io.BytesIO()
    wb.save(buffer)

    result = import_upload(buffer.getvalue(), "ausgabe_2024.xlsx", EDITION, base_edition_id=editions.SHIPPED_ID)
    assert result.ok and result.edition is not None, [str(p) for p in result.problems]
    assert [i.edition_id for i in list_editions()] == [editions.SHIPPED_ID, EDITION]
    assert editions.latest_edition_id() == EDITION
    info = result.edition
    assert info.status_date == dt.date(2024, 9, 30) and info.source_file == "ausgabe_2024.xlsx"
    assert info.sha256 == hashlib.sha256(buffer.getvalue()).hexdigest() and info.row_counts["partners"] == 33

    new = load_edition(EDITION)
    partner = new.partners.set_index("partner_id").loc[33]
    assert partner["name"] == "Stadt Beispielstadt" and partner["accession_date"] == pd.Timestamp(2024, 5, 15)
    assert "S-016" in set(new.staff_shares["share_id"]) and "S-015" not in set(new.staff_shares["share_id"])
    assert new.partner_measures.set_index("measure_id").at["P1-01-01", "status"] == "carried_out"

    changes = {(r.table, r.key, r.change, r.columns) for r in diff_editions(shipped.tables, new.tables).itertuples()}
    assert changes == {
        ("sources", "partnerbericht_2024", "neu", ""),
        ("partners", "33", "neu", ""),
        ("partner_measures", "P1-01-01", "geändert", "status"),
        ("staff_shares", "S-016", "neu", ""),
        ("staff_shares", "S-015", "entfernt", ""),
        ("strategy_measures", "M-900 / 5", "neu", ""),
    }
    assert result.diff is not None
    assert {(r.table, r.key, r.change) for r in result.diff.itertuples()} == {c[:3] for c in changes}

    comparison = compare_editions(shipped, new)
    coverage = comparison.goal_coverage.set_index("goal_id")
    assert coverage.at[5, "difference"] == 1 and coverage.at[5, "measures_b"] == coverage.at[5, "measures_a"] + 1
    assert (coverage.drop(index=5)["difference"] == 0).all()
    figures = comparison.staff_shares
    assert set(figures["change"]) == {"neu", "entfernt", "unverändert"}
    added = figures[figures["change"] == "neu"].iloc[0]
    assert added["partner_id"] == 33 and added["year"] == 2024 and added["share_percent_b"] == 18.5
    removed = figures[figures["change"] == "entfernt"].iloc[0]
    assert removed["share_id_a"] == "S-015" and removed["partner_id"] == 2

    again = import_upload(buffer.getvalue(), "ausgabe_2024.xlsx", EDITION)  # never overwritten
    assert again.edition is None and "gibt es bereits" in str(again.problems[0])


def test_csv_replaces_only_its_table(raw_shipped, store):
    frame = raw_shipped["staff_shares"].copy()
    frame.loc[row_of(frame, "share_id", "S-004"), "share_percent"] = "30,5"  # German decimal comma
    data = frame.to_csv(sep=";", index=False).encode("utf-8-sig")
    result = import_upload(data, "staff_shares.csv", EDITION)
    assert result.ok and result.diff is not None, [str(p) for p in result.problems]
    assert list(result.diff[["table", "key", "change", "columns"]].itertuples(index=False, name=None)) == [
        ("staff_shares", "S-004", "geändert", "share_percent")
    ]
    assert load_edition(EDITION).staff_shares.set_index("share_id").at["S-004", "share_percent"] == 30.5


# --------------------------------------------------------------------------- file-level bad input


def test_not_a_spreadsheet(store):
    rejected(
        b"%PDF-1.7\n1 0 obj\n",
        "bericht.pdf",
        "Dateityp „.pdf“ wird nicht unterstützt",
        location="bericht.pdf",
        store_root=store,
    )


@pytest.mark.parametrize(
    ("content", "filename", "fragment"),
    [
        (b"%PDF-1.7\n1 0 obj\n", "daten.xlsx", "keine Excel-Arbeitsmappe, obwohl sie auf .xlsx endet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "staff_shares.csv", "keine Textdatei"),
        ("zip-not-workbook", "daten.xlsx", "ZIP-Archiv, aber keine Excel-Arbeitsmappe"),
        ("workbook", "staff_shares.csv", "hat aber die Endung „.csv“"),
    ],
)
def test_renamed_file(content, filename, fragment, prefilled, store):
    if content == "zip-not-workbook":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        content = buffer.getvalue()
    elif content == "workbook":
        content = prefilled
    rejected(content, filename, fragment, location=filename, store_root=store)


def _with_member(data: bytes, name: str, payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, payload)
    return buffer.getvalue()


@pytest.mark.parametrize("filename", ["vorlage.xlsm", "vorlage.xlsx"])
def test_workbook_with_macros(filename, prefilled, store):
    data = _with_member(prefilled, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 fake vba")
    rejected(data, filename, "enthält Makros", location=filename, store_root=store)


def test_password_protected_workbook(store):
    # An encrypted .xlsx is an OLE2 compound file holding the streams EncryptionInfo and EncryptedPackage.
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64
    rejected(data, "geschuetzt.xlsx", "mit einem Kennwort geschützt", location="geschuetzt.xlsx", store_root=store)


def test_old_xls_format(store):
    data = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 64
    rejected(data, "alt.xls", "alten Excel-Format (.xls)", store_root=store)


def test_empty_workbook(store):
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    rejected(buffer.getvalue(), "leer.xlsx", "Die Arbeitsmappe ist leer", location="leer.xlsx", store_root=store)


def test_empty_file(store):
    rejected(b"", "leer.xlsx", "Die Datei ist leer", store_root=store)


def test_file_over_size_limit(store):
    data = b"PK\x03\x04" + b"\x00" * limits.MAX_UPLOAD_BYTES
    rejected(data, "gross.xlsx", "erlaubt sind höchstens 10 MB", location="gross.xlsx", store_root=store)


def test_zip_bomb_ratio(prefilled, store):
    data = _with_member(prefilled, "xl/media/image1.bin", b"\x00" * (20 * 1024 * 1024))
    assert len(data) < limits.MAX_UPLOAD_BYTES
    rejected(
        data,
        "bombe.xlsx",
        "ungewöhnlich stark komprimiert",
        "xl/media/image1.bin",
        location="bombe.xlsx",
        store_root=store,
    )


def test_zip_bomb_total_size(prefilled, store, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNCOMPRESSED_BYTES", 512 * 1024)
    rejected(prefilled, "gross_entpackt.xlsx", "entpackt", "aus Sicherheitsgründen nicht geöffnet", store_root=store)


def test_sheet_with_a_far_away_value(tables, store):
    # One value far below the data: the sheet's declared size is not trusted; the stray row is named exactly.
    data = xlsx_from(tables, extra_cells=[("staff_shares", 200_000, 0, "S-999")])
    rejected(
        data,
        "viele_zeilen.xlsx",
        "Pflichtfeld ist leer",
        location=sheet("staff_shares"),
        row=200_001,
        store_root=store,
    )


def test_sheet_with_more_rows_than_the_limit(tables, store, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS_PER_SHEET", 50)
    tables["partner_measures"] = tables["partner_measures"].head(60)
    data = xlsx_from(tables)
    rejected(data, "viele_zeilen.xlsx", "höchstens 50", location=sheet("partner_measures"), store_root=store)


def _lying_dimensions(data: bytes) -> bytes:
    """The workbook with every sheet claiming to hold just A1 (some tools write wrong dimensions)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1"/>', content)
            target.writestr(info, content)
    return buffer.getvalue()


def test_rows_beyond_a_wrong_declared_size_are_read_not_lost(tables, store):
    result = validate_upload(_lying_dimensions(xlsx_from(tables)), "x.xlsx", base=shipped_dataset())
    assert result.ok and result.diff is not None and result.diff.empty, [str(p) for p in result.problems]


def test_rows_beyond_a_wrong_declared_size_count_against_the_limit(tables, store, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS_PER_SHEET", 50)
    rejected(
        _lying_dimensions(xlsx_from(tables)),
        "x.xlsx",
        "mehr als 50 Datenzeilen",
        location=sheet("partner_measures"),
        store_root=store,
    )


def test_csv_with_more_rows_than_the_limit(raw_shipped, store, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS_PER_SHEET", 10)
    data = raw_shipped["staff_shares"].to_csv(index=False).encode()
    rejected(data, "staff_shares.csv", "höchstens 10", location="staff_shares.csv", store_root=store)


# --------------------------------------------------------------------------- sheets and columns


def test_missing_sheet(tables, store):
    del tables["staff_shares"]
    rejected(
        xlsx_from(tables),
        "ohne_blatt.xlsx",
        "Das Blatt „staff_shares“ (Beschäftigtenanteile) fehlt",
        location=sheet("staff_shares"),
        store_root=store,
    )


def test_missing_column(tables, store):
    tables["staff_shares"] = tables["staff_shares"].drop(columns=["year"])
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "Es fehlen Spalten: „year“",
        location=sheet("staff_shares"),
        row=1,
        store_root=store,
    )


def test_renamed_column(tables, store):
    tables["partners"] = tables["partners"].rename(columns={"accession_date": "Beitritt"})
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "Es fehlen Spalten: „accession_date“",
        "Unbekannte Spalten: „Beitritt“",
        location=sheet("partners"),
        row=1,
        store_root=store,
    )


def test_extra_column(tables, store):
    tables["goals"]["Kommentar"] = "neu"
    rejected(
        xlsx_from(tables), "x.xlsx", "Unbekannte Spalten: „Kommentar“", location=sheet("goals"), row=1, store_root=store
    )


def test_value_without_header(tables, store):
    width = len(tables["goals"].columns)
    rejected(
        xlsx_from(tables, extra_cells=[("goals", 3, width + 1, "Notiz")]),
        "x.xlsx",
        "ohne Spaltenüberschrift",
        location=sheet("goals"),
        row=4,
        store_root=store,
    )


# --------------------------------------------------------------------------- cells


def test_wrong_type(tables, store):
    frame = tables["staff_shares"]
    frame.loc[row_of(frame, "share_id", "S-004"), "year"] = "zwanzig"
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "„zwanzig“ ist keine ganze Zahl",
        location=sheet("staff_shares"),
        row=row_of(frame, "share_id", "S-004") + 2,
        column="year",
        store_root=store,
    )


def test_number_too_large_for_an_integer_column(tables, store):
    frame = tables["staff_shares"]
    frame.loc[0, "year"] = "9" * 30
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "ist als ganze Zahl zu groß",
        location=sheet("staff_shares"),
        row=2,
        column="year",
        store_root=store,
    )


def test_empty_required_cell(tables, store):
    frame = tables["partners"]
    frame.loc[4, "name"] = ""
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "Pflichtfeld ist leer",
        location=sheet("partners"),
        row=6,
        column="name",
        store_root=store,
    )


def test_duplicate_ids(tables, store):
    frame = tables["staff_shares"]
    frame.loc[row_of(frame, "share_id", "S-002"), "share_id"] = "S-001"
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "Schlüssel „S-001“ kommt mehrfach vor",
        location=sheet("staff_shares"),
        row=3,
        column="share_id",
        store_root=store,
    )


def test_unknown_partner_id(tables, store):
    frame = tables["staff_shares"]
    frame.loc[2, "partner_id"] = "99"
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "„99“ gibt es nicht in Partner",
        location=sheet("staff_shares"),
        row=4,
        column="partner_id",
        store_root=store,
    )


def test_unknown_goal_id(tables, store):
    frame = tables["strategy_measures"]
    frame.loc[0, "goal_id"] = "38"
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "„38“ gibt es nicht in Handlungsziele",
        location=sheet("strategy_measures"),
        row=2,
        column="goal_id",
        store_root=store,
    )


@pytest.mark.parametrize(
    ("value", "fragment"), [("150", "über dem Höchstwert 100"), ("-0.5", "unter dem Mindestwert 0")]
)
def test_share_outside_0_to_100(value, fragment, tables, store):
    frame = tables["staff_shares"]
    frame.loc[3, "share_percent"] = value
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        fragment,
        location=sheet("staff_shares"),
        row=5,
        column="share_percent",
        store_root=store,
    )


def test_unparsable_date(tables, store):
    tables["partners"].loc[0, "accession_date"] = "31.02.2020"
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "„31.02.2020“ ist kein gültiges Datum",
        location=sheet("partners"),
        row=2,
        column="accession_date",
        store_root=store,
    )


def test_future_date(tables, store):
    future = dt.date.today() + dt.timedelta(days=30)
    tables["partners"].loc[1, "accession_date"] = future.isoformat()
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "liegt in der Zukunft",
        location=sheet("partners"),
        row=3,
        column="accession_date",
        store_root=store,
    )


@pytest.mark.parametrize(
    ("edition_id", "fragment"),
    [
        # days ahead of the moment the test runs, not of collection: a run crossing midnight made "tomorrow" today
        (dt.timedelta(days=2), "liegt in der Zukunft"),
        ("2024-13-01", "kein gültiges Datum"),
        ("../../datasets", "kein gültiges Datum"),
    ],
)
def test_bad_edition_id(edition_id, fragment, prefilled, store):
    if isinstance(edition_id, dt.timedelta):
        edition_id = (dt.date.today() + edition_id).isoformat()
    result = import_upload(prefilled, "vorlage.xlsx", edition_id)
    assert result.edition is None and fragment in str(result.problems[0])
    assert stored_editions(store) == []


def test_cell_holding_a_formula(tables, store):
    frame = tables["staff_shares"]
    frame["share_percent"] = frame["share_percent"].astype(object)
    frame.loc[4, "share_percent"] = Formula("=10+5")
    result = rejected(
        xlsx_from(tables),
        "x.xlsx",
        "enthält eine Formel",
        location=sheet("staff_shares"),
        row=6,
        column="share_percent",
        store_root=store,
    )
    assert len([p for p in result.problems if p.row == 6 and p.column == "share_percent"]) == 1


def test_many_formulas_are_summarised(tables, store):
    frame = tables["partner_measures"]
    frame["report_year"] = pd.Series([Formula("=2019+1")] * len(frame), index=frame.index, dtype=object)
    result = rejected(
        xlsx_from(tables),
        "x.xlsx",
        "enthält eine Formel",
        "weitere Probleme dieser Art (Formel)",
        location=sheet("partner_measures"),
        row=2,
        column="report_year",
        store_root=store,
    )
    assert len(result.problems) == MAX_PROBLEMS_PER_COLUMN + 1


def test_share_formatted_as_percent(tables, store):
    column = list(tables["staff_shares"].columns).index("share_percent")
    data = xlsx_from(tables, extra_cells=[("staff_shares", 3, column, 0.25, {"num_format": "0%"})])
    rejected(
        data,
        "x.xlsx",
        "als Prozentwert formatiert",
        location=sheet("staff_shares"),
        row=4,
        column="share_percent",
        store_root=store,
    )


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+49 211 1234", "-Kürzel", "@SUMME(A1)"])
def test_string_starting_like_a_formula(text, tables, store):
    tables["partners"].loc[2, "short_name"] = text  # written as a text cell, not a formula
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "würde in Tabellenprogrammen als Formel gelesen",
        location=sheet("partners"),
        row=4,
        column="short_name",
        store_root=store,
    )


def test_csv_in_windows_1252_is_read_with_a_notice(raw_shipped, store):
    frame = raw_shipped["staff_shares"].copy()
    frame.loc[0, "note"] = "Größere Öffnung für Bewerber*innen – laut Übersicht"
    data = frame.to_csv(sep=";", index=False).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = validate_upload(data, "staff_shares.csv")
    assert result.ok, [str(p) for p in result.problems]
    assert any("Windows-1252" in notice for notice in result.notices)
    assert result.frames is not None
    assert result.frames["staff_shares"].at[0, "note"] == "Größere Öffnung für Bewerber*innen – laut Übersicht"


def test_csv_in_an_unknown_encoding(raw_shipped, store):
    data = raw_shipped["staff_shares"].to_csv(index=False).encode() + b"S-099,\x81\x8d\n"
    rejected(data, "staff_shares.csv", "weder UTF-8 noch Windows-1252", location="staff_shares.csv", store_root=store)


def test_csv_with_unknown_table_name(raw_shipped, store):
    data = raw_shipped["staff_shares"].to_csv(index=False).encode()
    rejected(data, "export.csv", "Aus dem Dateinamen „export.csv“", "staff_shares.csv", store_root=store)


def test_csv_problems_name_the_file(raw_shipped, store):
    frame = raw_shipped["staff_shares"].copy()
    frame.loc[1, "method"] = "geraten"
    rejected(
        frame.to_csv(index=False).encode(),
        "staff_shares.csv",
        "„geraten“ ist nicht erlaubt",
        location="staff_shares.csv",
        row=3,
        column="method",
        store_root=store,
    )


def test_problem_rows_follow_the_sheet_when_empty_rows_are_skipped(tables, store):
    frame = tables["goals"]
    blank = pd.DataFrame([[""] * len(frame.columns)] * 3, columns=frame.columns)
    frame = pd.concat([frame.iloc[:5], blank, frame.iloc[5:]], ignore_index=True)
    frame.loc[10, "zieldimension"] = "IV"  # sheet row 12
    tables["goals"] = frame
    rejected(
        xlsx_from(tables),
        "x.xlsx",
        "„IV“ gibt es nicht",
        location=sheet("goals"),
        row=12,
        column="zieldimension",
        store_root=store,
    )


def test_every_problem_is_reported_at_once(tables, store):
    tables["staff_shares"].loc[0, "share_percent"] = "101"
    tables["partners"].loc[0, "scope"] = "weltweit"
    del tables["benchmarks"]
    result = rejected(xlsx_from(tables), "x.xlsx", store_root=store)
    places = {(p.location, p.column) for p in result.problems}
    expected = {(sheet("staff_shares"), "share_percent"), (sheet("partners"), "scope"), (sheet("benchmarks"), None)}
    assert expected <= places


# --------------------------------------------------------------------------- access and command line


def test_import_is_off_without_token(monkeypatch, capsys, prefilled, tmp_path, store):
    monkeypatch.delenv(STEWARD_TOKEN_ENV, raising=False)
    assert steward_token() is None
    path = tmp_path / "vorlage.xlsx"
    path.write_bytes(prefilled)
    assert cli.main(["import", str(path), "--edition", EDITION]) == 3
    assert "Datenimport ist ausgeschaltet" in capsys.readouterr().err
    monkeypatch.setenv(STEWARD_TOKEN_ENV, "   ")
    assert steward_token() is None
    assert stored_editions(store) == []


def test_cli(monkeypatch, capsys, prefilled, tables, tmp_path, store):
    monkeypatch.setenv(STEWARD_TOKEN_ENV, "geheim-und-lang-genug-42")
    good = tmp_path / "vorlage.xlsx"
    good.write_bytes(prefilled)
    tables["staff_shares"].loc[0, "year"] = "zwanzig"
    bad = tmp_path / "fehler.xlsx"
    bad.write_bytes(xlsx_from(tables))

    assert cli.main(["validate", str(good)]) == 0
    assert "Keine Probleme gefunden" in capsys.readouterr().out
    assert cli.main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "Blatt „staff_shares“, Zeile 2, Spalte „year“: „zwanzig“ ist keine ganze Zahl. [Regel: Typ]" in out
    assert cli.main(["import", str(bad), "--edition", EDITION]) == 1
    assert set(stored_editions(store)) <= {editions.LOCK_FILE, import_audit.AUDIT_FILE}  # no edition, logged
    [logged] = import_audit.entries()["Ergebnis"]
    assert logged.startswith("nicht gespeichert: 1 Problem (zuerst: Blatt „staff_shares“, Zeile 2, Spalte „year“")
    with pytest.raises(SystemExit) as usage:
        cli.main(["import", str(good)])
    assert usage.value.code == 2 and "Es fehlen Angaben: --edition" in capsys.readouterr().err
    assert cli.main(["import", str(good), "--edition", "30.09.2024"]) == 2
    assert cli.main(["validate", str(tmp_path / "fehlt.xlsx")]) == 2
    assert cli.main(["validate", str(good), "--base", "2000-01-01"]) == 2
    capsys.readouterr()
    assert cli.main(["import", str(good), "--edition", EDITION]) == 0
    assert f"Ausgabe {EDITION} gespeichert" in capsys.readouterr().out
    assert cli.main(["import", str(good), "--edition", EDITION]) == 1
    assert "gibt es bereits" in capsys.readouterr().out
    template = tmp_path / "neu.xlsx"
    assert cli.main(["template", str(template), "--base", EDITION]) == 0
    assert validate_upload(template.read_bytes(), "neu.xlsx", EDITION).ok


# --------------------------------------------------------------------------- property-based

HYPOTHESIS_TABLES = ["partners", "staff_shares", "partner_measures", "goals", "strategy_measures"]
ODD_TEXTS = [
    "",
    " ",
    "=1+1",
    "+1",
    "-",
    "@x",
    "\t",
    "2020-02-30",
    "31.12.2999",
    "true",
    "WAHR",
    "1e30",
    "9" * 30,
    "9" * 5000,
    "nan",
    "inf",
    "-0",
    "1,5",
    "1.5",
    "0001-01-01",
    "S-001",
    "P1-01-01",
    "M-001",
    "ä;ö;;",
    "partnerbericht_2020",
    "carried_out",
    "staff",
    "None",
    "١٢",
]
CELLS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(ODD_TEXTS),
    st.integers(-(10**22), 10**22),
    st.floats(allow_nan=True, allow_infinity=True),
)


@st.composite
def malformed_table(draw, raw_by_name):
    name = draw(st.sampled_from(HYPOTHESIS_TABLES))
    table = TABLES_BY_NAME[name]
    columns = list(table.column_names)
    for dropped in draw(st.sets(st.sampled_from(columns), max_size=2)):
        columns.remove(dropped)
    columns += draw(st.lists(st.sampled_from(["extra", "Jahr", "", table.column_names[0]]), max_size=2))
    source = raw_by_name[name]
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):  # a real row with a few spoiled cells reaches the deeper checks
            base = source.iloc[draw(st.integers(0, len(source) - 1))]
            row = [base[c] if c in source.columns and isinstance(base[c], str) else draw(CELLS) for c in columns]
            for _ in range(draw(st.integers(0, 3))):
                row[draw(st.integers(0, len(columns) - 1))] = draw(CELLS)
        else:
            row = [draw(CELLS) for _ in columns]
        rows.append(row)
    frame = pd.DataFrame(rows, columns=range(len(columns)), dtype=object)
    frame.columns = columns
    return name, frame


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_validator_never_crashes_on_malformed_tables(data, shipped, raw_shipped, store):
    name, raw = data.draw(malformed_table(raw_shipped))
    frames, problems = importer.validate_tables({name: raw}, {name: sheet(name)}, shipped)
    assert (frames is None) == bool(problems)
    assert all(isinstance(p.message, str) and p.location for p in problems)
    if frames is not None:
        assert set(frames) == {t.name for t in TABLES}
    assert stored_editions(store) == []


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_upload_never_crashes_or_writes(data, raw_shipped, store):
    name, raw = data.draw(malformed_table(raw_shipped))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=data.draw(st.sampled_from([",", ";"])))
    writer.writerow(raw.columns)
    writer.writerows([["" if v is None else str(v) for v in row] for row in raw.itertuples(index=False)])
    encoded = buffer.getvalue().encode(data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"])), "replace")
    result = validate_upload(encoded, f"{name}.csv", base=shipped_dataset())
    assert result.ok == (not result.problems)
    assert stored_editions(store) == []


@pytest.fixture(scope="module")
def small_workbook(raw_shipped) -> bytes:
    return xlsx_from({"goals": raw_shipped["goals"], "staff_shares": raw_shipped["staff_shares"]})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damaged_workbooks_never_crash_the_reader(data, small_workbook, store):
    end = data.draw(st.one_of(st.just(len(small_workbook)), st.integers(0, len(small_workbook))))
    damaged = bytearray(small_workbook[:end])
    for _ in range(data.draw(st.integers(0, 8))):
        if damaged:
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    tables_, problems, _notices = read_upload(bytes(damaged), "kaputt.xlsx")
    assert tables_ is not None or problems
    assert stored_editions(store) == []
