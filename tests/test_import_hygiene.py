"""Import hygiene (issue #12): hidden characters, overlong text, dates before 1900, inexact edition ids, the
leading space before "=", formatted-but-empty trailing rows and columns, parser failures in German, the size
checked before reading. Validation and import apply the same rules and name sheet, row and column; nothing is
written on refusal (the store is hashed)."""

from __future__ import annotations

import hashlib
import io
import zipfile

import openpyxl
import pytest
from conftest import dataset_hashes
from test_importer import EDITION, sheet, shipped_dataset, xlsx_from

from ikoe_data.importer import cli, import_upload, template_bytes, validate_upload
from ikoe_data.table_model import LONG_TEXT_LIMIT, TEXT_LIMIT

TOKEN = "ein-langer-zufaelliger-schluessel"


@pytest.fixture(autouse=True)
def _isolated(store):
    """A private store (conftest); the shipped datasets are checked unchanged after each test."""


@pytest.fixture
def tables():
    from test_importer import DATASETS, TABLES, read_raw_csv

    return {t.name: read_raw_csv(DATASETS / t.file) for t in TABLES if t.editable}


def store_hash(root) -> str:
    digest = hashlib.sha256()
    if root.exists():
        for path in sorted(root.rglob("*")):
            digest.update(str(path.relative_to(root)).encode())
            if path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def refused_everywhere(data: bytes, name: str, store, *fragments, row=None, column=None, location=None):
    """The validator and the import both refuse, name the place, and nothing is written."""
    before = store_hash(store)
    checked = validate_upload(data, name, base=shipped_dataset())
    stored = import_upload(data, name, EDITION, base=shipped_dataset())
    for result in (checked, stored):
        assert (not result.ok and result.frames is None) or not result.ok
        report = "\n".join(map(str, result.problems))
        for fragment in fragments:
            assert fragment in report, report
        assert any(
            (location is None or p.location == location)
            and (row is None or p.row == row)
            and (column is None or p.column == column)
            for p in result.problems
        ), report
    assert stored.edition is None
    assert store_hash(store) == before


@pytest.mark.parametrize(
    ("character", "what"),
    [
        ("\x00", "Binärdaten"),  # a NUL makes the whole CSV file binary
        ("\x1b", "Steuerzeichen (U+001B)"),
        ("\u202e", "Textrichtung (U+202E)"),
        ("\u2067", "Textrichtung (U+2067)"),
        ("\u200b", "ohne Breite (U+200B)"),
        ("\u2060", "ohne Breite (U+2060)"),
        ("\ufeff", "Byte-Order-Markierung (BOM) (U+FEFF)"),
        ("\n", "Zeilenumbruch (U+000A)"),
        # issue #24: invisible fillers, tags and noncharacters
        ("\u00ad", "bedingter Trennstrich (weiches Trennzeichen) (U+00AD)"),
        ("\u034f", "ohne Breite (U+034F)"),
        ("\u115f", "Füllzeichen (U+115F)"),
        ("\u1160", "Füllzeichen (U+1160)"),
        ("\u3164", "Füllzeichen (U+3164)"),
        ("\uffa0", "Füllzeichen (U+FFA0)"),
        ("\u2800", "Braille-Zeichen (unsichtbar) (U+2800)"),
        ("\U000e0041", "Tag-Zeichen (U+E0041)"),
        ("\U000e007f", "Tag-Zeichen (U+E007F)"),
        ("\ufffe", "Nichtzeichen (in Unicode nicht belegt) (U+FFFE)"),
        ("\uffff", "Nichtzeichen (in Unicode nicht belegt) (U+FFFF)"),
    ],
)
def test_hidden_characters_inside_text_are_refused(tables, store, character, what):
    frame = tables["partner_measures"]
    frame.loc[3, "title"] = f"Mentoring{character}programm"
    if character in "\x00\x1b\ufffe\uffff":  # XML (and so .xlsx) cannot hold these: they arrive in a CSV file
        buffer = io.StringIO()
        frame.to_csv(buffer, index=False)
        data, name, location = buffer.getvalue().encode(), "partner_measures.csv", None
    else:
        data, name, location = xlsx_from(tables), "versteckt.xlsx", sheet("partner_measures")
    if character == "\x00":
        refused_everywhere(data, name, store, what)
    else:
        refused_everywhere(data, name, store, what, "an Stelle 10", location=location, row=5, column="title")


@pytest.mark.parametrize("marks", ["\u0308\u0301\u0302", "\u0336" * 12, "\u20dd\u20dd\u0489"])
def test_stacked_combining_marks_are_refused(tables, store, marks):
    frame = tables["partner_measures"]
    frame.loc[3, "title"] = f"Mentoring{marks}programm"
    refused_everywhere(
        xlsx_from(tables),
        "gestapelt.xlsx",
        store,
        f"an Stelle 10 {len(marks)} übereinanderliegende Akzent- oder Kombinationszeichen",
        location=sheet("partner_measures"),
        row=5,
        column="title",
    )


@pytest.mark.parametrize("marks", ["u\u0308", "a\u0306\u0301"])  # ü decomposed; Vietnamese ắ: one or two marks
def test_one_or_two_combining_marks_on_a_letter_are_text(tables, marks):
    frame = tables["partner_measures"]
    frame.loc[3, "title"] = f"Mentoring {marks}"
    checked = validate_upload(xlsx_from(tables), "akzente.xlsx", base=shipped_dataset())
    assert checked.ok, "\n".join(map(str, checked.problems))


@pytest.mark.parametrize("name", ["../../../etc/passwd", "/etc/passwd", "seeds/001.txt", "..\\x.txt", "C:x.txt", ".."])
def test_a_source_file_must_be_a_plain_file_name(tables, store, name):
    tables["sources"].loc[1, "file"] = name
    refused_everywhere(
        xlsx_from(tables),
        "pfad.xlsx",
        store,
        "kein einfacher Dateiname",
        location=sheet("sources"),
        row=3,
        column="file",
    )


def test_nul_after_64_kib_is_refused_in_a_csv(tables, store):
    frame = tables["partner_measures"].copy()
    frame.loc[0, "summary"] = "a" * LONG_TEXT_LIMIT  # at the limit: fine
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False)
    data = buffer.getvalue().encode() + b"x" * 65_536 + b"\x00\n"
    checked = validate_upload(data, "partner_measures.csv", base=shipped_dataset())
    assert not checked.ok
    assert "Traceback" not in "\n".join(map(str, checked.problems))


def test_text_over_the_declared_limit_is_refused_and_the_template_says_the_limit(tables, store):
    tables["partners"].loc[0, "name"] = "N" * (TEXT_LIMIT + 1)
    tables["partner_measures"].loc[1, "summary"] = "S" * 40_000  # beyond Excel's 32.767 characters per cell too
    refused_everywhere(
        xlsx_from(tables),
        "lang.xlsx",
        store,
        f"301 Zeichen lang; erlaubt sind höchstens {TEXT_LIMIT}",
        "Zeichen lang; erlaubt sind höchstens 2.000",  # Excel itself keeps 32.767 of the 40.000
        location=sheet("partners"),
        row=2,
        column="name",
    )
    workbook = openpyxl.load_workbook(io.BytesIO(template_bytes(shipped_dataset(), prefilled=False)))
    comments = {cell.value: cell.comment.text for cell in workbook["partner_measures"][1] if cell.comment}
    assert "höchstens 2.000 Zeichen" in comments["summary"]
    assert f"höchstens {TEXT_LIMIT} Zeichen" in comments["title"]


@pytest.mark.parametrize("value", ["0001-01-01", "1899-12-31", "01.01.0001"])
def test_dates_before_1900_are_refused(tables, store, value):
    tables["partners"].loc[0, "accession_date"] = value
    refused_everywhere(
        xlsx_from(tables),
        "alt.xlsx",
        store,
        "liegt vor 1900",
        location=sheet("partners"),
        row=2,
        column="accession_date",
    )


def test_leading_space_before_a_formula_is_refused_by_validation_too(tables, store):
    tables["partner_measures"].loc[0, "title"] = ' =HYPERLINK("https://example.org")'
    refused_everywhere(
        xlsx_from(tables), "formel.xlsx", store, "als Formel", location=sheet("partner_measures"), row=2, column="title"
    )


@pytest.mark.parametrize("edition", ["2024-01-01 ", " 2024-01-01", "2024-1-1", "２０２４-01-01", "0999-01-01"])
def test_inexact_edition_ids_write_nothing(store, monkeypatch, capsys, tmp_path, edition):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
    workbook = tmp_path / "vorlage.xlsx"
    workbook.write_bytes(template_bytes(shipped_dataset(), prefilled=True))
    before = store_hash(store)
    assert cli.main(["import", str(workbook), "--edition", edition]) != cli.EXIT_OK
    captured = capsys.readouterr()
    assert "JJJJ-MM-TT" in captured.err + captured.out and "Traceback" not in captured.err
    assert store_hash(store) == before
    assert not store.exists() or not [p for p in store.iterdir() if p.name != ".lock"]


def test_formatted_empty_trailing_rows_and_columns_are_ignored(store):
    data = template_bytes(shipped_dataset(), prefilled=True)
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    worksheet = workbook["partners"]
    worksheet.cell(row=1_048_576, column=1).number_format = "0.00"  # formatted, empty: the last row of Excel
    worksheet.cell(row=2, column=16_384).number_format = "0.00"  # and the last column
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = validate_upload(buffer.getvalue(), "formatiert.xlsx", base=shipped_dataset())
    assert result.ok, [str(p) for p in result.problems]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04" + b"\x00" * 200, "ZIP-Struktur"),
        (None, "kein gültiges Excel-Format"),
    ],
)
def test_parser_failures_are_explained_in_german(store, data, expected):
    if data is None:  # a valid zip whose sheet XML is broken
        good = template_bytes(shipped_dataset(), prefilled=False)
        source = zipfile.ZipFile(io.BytesIO(good))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                content = source.read(item)
                if item.filename.startswith("xl/worksheets/sheet"):
                    content = content[: len(content) // 2]
                target.writestr(item, content)
        data = buffer.getvalue()
    result = validate_upload(data, "kaputt.xlsx", base=shipped_dataset())
    report = "\n".join(map(str, result.problems))
    assert not result.ok and expected in report
    assert "Error" not in report and "(error)" not in report and "ParseError" not in report, report


def test_command_line_checks_the_size_before_reading(store, monkeypatch, capsys):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
    assert cli.main(["validate", "/dev/zero"]) == cli.EXIT_PROBLEMS
    captured = capsys.readouterr()
    assert "größer als erlaubt" in captured.err and "Traceback" not in captured.err


def test_shipped_data_passes_the_same_rules():
    before = dataset_hashes()
    assert shipped_dataset().tables["partners"].shape[0] > 0
    assert dataset_hashes() == before


def test_datenpflege_validates_a_file_once_per_content(store, monkeypatch):
    """Clicks after an upload reuse the validation of that content (up to 13 s for the largest file); another
    content is validated again."""
    from test_access import page, sign_in

    from ikoe_data import importer

    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
    calls: list[bytes] = []

    def counting(content, name, base=None):
        calls.append(content)
        return validate_upload(content, name, base=base)

    monkeypatch.setattr(importer, "validate_upload", counting)
    app = sign_in(page(), TOKEN)
    first = b"partner_id;name\n1;A\n"
    app.file_uploader[0].set_value(("tabelle.csv", first, "text/csv")).run()
    assert calls == [first]
    assert app.error, "the incomplete table is refused, with a message"
    app.run()  # another click on the page
    app.run()
    assert calls == [first]
    second = b"partner_id;name\n2;B\n"
    app.file_uploader[0].set_value(("tabelle.csv", second, "text/csv")).run()
    assert calls == [first, second]
    assert not app.exception
