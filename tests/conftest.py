"""Shared fixtures: the shipped dataset (loaded once), the source documents and the one Chromium of the session.

Without ../shared/seeds beside the repository the provenance tests skip locally; under CI (CI=true) they fail.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from ikoe_data import load_all

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def dataset_hashes() -> dict[str, str]:
    datasets = REPO / "datasets"
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(datasets.iterdir()) if p.is_file()}


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A private, empty edition store and no steward token; the shipped datasets must be byte-for-byte unchanged
    after the test."""
    root = tmp_path / "editions"
    monkeypatch.setenv("IKOE_EDITIONS_DIR", str(root))
    monkeypatch.delenv("IKOE_DATA_DIR", raising=False)
    monkeypatch.delenv("IKOE_DATA_STEWARD_TOKEN", raising=False)
    before = dataset_hashes()
    yield root
    assert dataset_hashes() == before, "datasets/ changed"


@pytest.fixture(autouse=True)
def _fresh_page_models():
    """Page models are kept across runs (and AppTests) of one process: each test builds its own, so that a test's
    data, settings or patches are what its pages show."""
    from ikoe_ui import data

    data.page_model.clear()


@pytest.fixture(scope="session")
def shipped_server(tmp_path_factory):
    """One `streamlit run dashboard.py` for the browser tests that need the dashboard as shipped (no imported
    editions, no data stewards, no deck template; decks in a folder of its own), shared by their modules: each test
    opens its own browser context, i.e. its own session."""
    import browser_support

    env = {
        "IKOE_EDITIONS_DIR": str(tmp_path_factory.mktemp("editions")),
        "IKOE_DECKS_DIR": str(tmp_path_factory.mktemp("decks")),
        "IKOE_DATA_STEWARD_TOKEN": None,
        "IKOE_DECK_TEMPLATE": None,
    }
    with browser_support.streamlit_server(env) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """The session's one Chromium (tests/browser_support.py): each test opens its own context on it."""
    import browser_support

    return browser_support.session_browser()


def pytest_sessionfinish(session, exitstatus):
    """Stop the session's Chromium, whichever fixture started it."""
    import browser_support

    browser_support.close_session_browser()


@pytest.fixture(scope="session")
def ds():
    return load_all(REPO / "datasets")


def shipped_model(key: str, **choices: object):
    """The model of registered page `key` from the shipped data without filters (what a fresh browser shows)."""
    from ikoe_data import pages
    from ikoe_data.analysis import Views
    from ikoe_data.filters import Filters
    from ikoe_data.pages.model import Edition, PageInput

    ds = load_all(REPO / "datasets")
    edition = Edition(ds.edition, ds.edition_label)
    build = pages.page(key).build
    assert build is not None, f"{key} has no model"
    return build(PageInput(ds, Views.of(ds), Filters(), choices, edition, (edition,), lambda _: ds))


def show_tables(app):
    """Choose "Tabelle" in every chart/table pair on the page, as an analyst clicks the tab, and rerun: a closed
    tab's content is neither computed nor sent (ikoe_ui.layout.chart_and_table), so a test that reads a chart's
    table opens its tab first. Returns the AppTest."""

    from ikoe_ui.layout import SECTION_KEY

    def tab_keys(block) -> list[str]:
        if block.type == "tab_container" and block.proto.tab_container.query_param_key != SECTION_KEY:
            return [block.proto.tab_container.query_param_key]
        return [key for child in getattr(block, "children", {}).values() for key in tab_keys(child)]

    keys = tab_keys(app.main)
    if not keys:  # a page without charts
        return app
    for key in keys:
        app.session_state[key] = "Tabelle"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def open_section(app, text: str):
    """Open the section tab headed `text` on a page with section tabs, as an analyst clicks it,
    and rerun: a closed section is neither computed nor sent (ikoe_ui.layout._section_tabs). Returns the
    AppTest."""
    from ikoe_data.text import md
    from ikoe_ui.layout import SECTION_KEY

    app.session_state[SECTION_KEY] = md(text)
    app.query_params[SECTION_KEY] = md(text)  # the browser sends its address with the rerun, the section in it
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def each_section(app, model):
    """Open each section of the page `app` shows (drawn from `model`) in turn and yield the views the open section
    holds; a page without section tabs yields all its views once, as drawn."""
    from ikoe_data.pages.model import View

    if not model.section_tabs:
        yield model.views()
        return
    for text, blocks in model.sections()[1]:
        open_section(app, text)
        yield [block for block in blocks if isinstance(block, View)]


def require_seeds() -> Path:
    """The folder of source documents; skips the test locally and fails it under CI when it is missing."""
    if not SEEDS.is_dir():
        message = f"Source documents not found at {SEEDS}: provenance can only be checked beside ../shared/seeds"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI runs on a clean clone with ../shared beside it)")
        pytest.skip(message)
    return SEEDS


@pytest.fixture(scope="session")
def seed_lines(ds):
    """Lines of each source document by key (see require_seeds)."""
    require_seeds()
    files = dict(zip(ds.sources["source_doc"], ds.sources["file"]))
    return {doc: (SEEDS / name).read_text(encoding="utf-8").split("\n") for doc, name in files.items()}


def normalise(text: str) -> str:
    """Join words hyphenated across line breaks and collapse whitespace, for comparing with wrapped text."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def text_from(lines: list[str], line: int, span: int = 3) -> str:
    """The text starting at 1-based `line` and the following lines, normalised."""
    return normalise("\n".join(lines[line - 1 : line - 1 + span]))
