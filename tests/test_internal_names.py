"""No internal name where a user looks: every page (AppTest) and every one of its downloads (Excel and CSV, made
from the data the page hands to the download button) is searched for source keys, seed file names, repository
paths and enumeration codes."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile

import openpyxl
import pptx
import pytest
from conftest import REPO
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from ikoe_data import labels
from ikoe_data import pages as registry
from ikoe_data.schema import TABLES

SHOWING_MORE = {  # page: URL parameters that make it show more (a filter, a partner with shares and conflicts)
    "overview": {"art": "Kommune"},
    "partners": {"partner": "Polizeipräsidium Dortmund"},
    "measures": {"ts": "6"},
    "goals": {"zd": "I"},
    "search": {"q": "Ausbildung"},
    "partner_page": {"id": "27"},
    "own_analysis": {"zaehlen": "Anteilsangaben", "zeilen": "Begriff", "spalten": "Erhebungsart"},
}
# Every page of the registry but Datenpflege, which documents the technical codes for data stewards, who fill the
# template with them. The deck page is checked with one slide (added on the Übersicht).
PAGES = {spec.script: SHOWING_MORE.get(spec.key, {}) for spec in registry.PAGES if not spec.steward_only}
# Pages whose downloads are none here (Daten & Methodik offers only the data dictionary's, see DICTIONARY_KEYS).
WITHOUT_DOWNLOADS = {"app_pages/accessibility.py", "app_pages/methodology.py"}
GERMAN_VALUED = {"partner_type", "regierungsbezirk", "scope", "pillar", "zieldimension"}  # codes are German words
LABELLED = {
    "status": {**labels.STATUS_PARTNER, **labels.STATUS_STRATEGY},
    "basis": labels.SHARE_BASIS,
    "concept": labels.CONCEPT,
    "method": labels.METHOD,
    "qualifier": labels.QUALIFIER,
}
# The data dictionary on Daten & Methodik documents the files' technical form (column names, allowed codes) for
# data stewards, who fill the import template with exactly these codes: it is the one place they belong.
DICTIONARY_TITLE = "Datenwörterbuch"  # the last section of Daten & Methodik
DICTIONARY_KEYS = ("dictionary_xlsx", "dictionary_csv")


@pytest.fixture(autouse=True)
def _as_shipped(store):
    """No imported editions and no steward token: the dashboard as shipped."""


def forbidden(ds) -> tuple[dict[str, re.Pattern[str]], dict[str, str]]:
    names = dict.fromkeys(ds.sources["source_doc"], "source key")
    names.update(dict.fromkeys(ds.sources["file"], "seed file name"))
    names.update({"shared/seeds": "repository path", "../shared": "repository path"})
    type_labels = dict(zip(ds.measure_types["measure_type"], ds.measure_types["label"]))
    for table in TABLES:
        for column in table.columns:
            if not column.enum or column.name in GERMAN_VALUED:
                continue
            known = LABELLED.get("qualifier" if column.name.endswith("qualifier") else column.name, {})
            for code in column.enum:
                if known.get(code, "").rstrip(".") != code and code != "name":  # "name" is plotly's own word
                    names[code] = f"code of {table.name}.{column.name}"
    names.update(dict.fromkeys(type_labels, "measure type code"))
    return {name: re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])") for name in names}, names


def texts_of(node, skip: tuple[str, ...]):
    """Every text of the rendered tree: element protos as text, tables by their values and headers."""
    key = getattr(node, "key", None)
    if key in skip:
        return
    children = getattr(node, "children", None)
    if children:
        for child in children.values():
            if getattr(child, "type", None) in ("header", "subheader") and child.value == DICTIONARY_TITLE:
                break  # the data dictionary and everything after it on Daten & Methodik
            yield from texts_of(child, skip)
    if getattr(node, "type", None) == "arrow_data_frame":
        frame = node.value
        yield " ".join(map(str, frame.columns)) + "\n" + frame.to_csv(index=False)
    elif getattr(node, "proto", None) is not None:
        yield str(node.proto).encode("latin-1", "backslashreplace").decode("unicode_escape", "ignore")


@pytest.fixture
def captured_downloads(monkeypatch):
    """The bytes of every download button, made the way a click makes them."""
    captured: list[tuple[str, bytes]] = []
    original = DeltaGenerator.download_button

    def capture(self, label, data=None, *args, **kwargs):
        made = data() if callable(data) else data
        if kwargs.get("key") not in DICTIONARY_KEYS:
            captured.append((kwargs.get("file_name", label), made))
        return original(self, label, made, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", capture)
    return captured


def download_text(name: str, data: bytes) -> str:
    if name.endswith(".pptx"):
        deck = pptx.Presentation(io.BytesIO(data))
        return "\n".join(
            shape.text_frame.text
            for slide in deck.slides
            for part in (slide, *([slide.notes_slide] if slide.has_notes_slide else []))
            for shape in part.shapes
            if shape.has_text_frame
        )
    if name.endswith(".pdf"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(data)
            pdf.flush()
            return subprocess.run(["pdftotext", pdf.name, "-"], check=True, capture_output=True, text=True).stdout
    if name.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(
            " ".join("" if v is None else str(v) for v in row)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
        )
    return data.decode("utf-8-sig")


@pytest.mark.parametrize("page", PAGES)
def test_no_source_key_file_name_path_or_code_on_any_page_or_download(ds, page, captured_downloads):
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in PAGES[page].items():
        app.query_params[key] = value
    app.run()
    if page == "app_pages/deck.py":
        app.button(key="focus_deck").click().run()
    if page != "app_pages/overview.py":
        captured_downloads.clear()  # the Übersicht's own, made on the first run
        app.switch_page(page).run()
    assert not app.exception and not app.error, [e.value for e in [*app.exception, *app.error]]
    assert bool(captured_downloads) == (page not in WITHOUT_DOWNLOADS), "the page offers downloads"
    if page == "app_pages/deck.py":
        assert {name.rsplit(".", 1)[-1] for name, _ in captured_downloads} == {"pptx", "pdf"}
    patterns, kinds = forbidden(ds)
    seen = {"page": "\n".join(texts_of(app._tree, DICTIONARY_KEYS))}
    seen.update({name: download_text(name, data) for name, data in captured_downloads})
    found = [
        f"{where}: {kinds[name]} {name!r}"
        for where, text in seen.items()
        for name, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert not found, "\n".join(found)
