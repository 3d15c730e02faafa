"""The real thing: the dashboard served by `streamlit run` and driven in Debian's Chromium via Playwright.

Without Chromium these tests skip locally; under CI (CI=true) a missing browser is a failure.
"""

from __future__ import annotations

import io
import urllib.parse
from pathlib import Path

import openpyxl
import pytest
from browser_support import new_context, open_page, run_number, wait_for_view
from conftest import REPO, shipped_model

from ikoe_data import pages as registry
from ikoe_data.pages.model import View
from ikoe_ui import layout

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
CHOICES = {"partner_page": {"id": "14"}}  # a partner with shares, a target and a conflict


def _charts(key: str) -> int:
    """The charts the page shows when it opens (a page with section tabs: those of its first section)."""
    return sum(1 for view in shipped_model(key, **CHOICES.get(key, {})).opening_views() if view.figure is not None)


PAGES = {  # url path: (title, charts) of every page drawn from a model
    spec.url_path + "".join(f"?{k}={v}" for k, v in CHOICES.get(spec.key, {}).items()): (spec.title, _charts(spec.key))
    for spec in registry.PAGES
    if spec.build is not None
}


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


@pytest.fixture
def page(browser):
    with new_context(
        browser, viewport={"width": 1440, "height": 2400}, locale="de-DE", accept_downloads=True
    ) as context:
        yield context.new_page()


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "uebersicht")
def test_every_page_renders_its_charts_without_errors(page, server, path):
    title, charts = PAGES[path]
    open_page(page, server, path, title, charts)
    assert page.locator(".js-plotly-plot").count() == charts
    page.get_by_text("Das Wichtigste in Kürze").wait_for(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{path or 'uebersicht'}.png"), full_page=True)


@pytest.mark.parametrize(
    "key", [spec.key for spec in registry.PAGES if spec.build and shipped_model(spec.key).section_tabs]
)
def test_every_section_of_a_page_with_section_tabs_opens_with_its_charts_and_link(page, server, key):
    """A click on each section's tab draws that section's charts (only those), its address names the section,
    and that address opens the section again."""
    spec, model = registry.page(key), shipped_model(key)
    sections = model.sections()[1]
    open_page(page, server, spec.url_path, spec.title, _charts(key))
    tabs = page.get_by_role("tablist").first
    assert [t.strip() for t in tabs.get_by_role("tab").all_inner_texts()] == [
        *(text for text, _ in sections),
        layout.ALL_SECTIONS,
    ]
    for index, (text, blocks) in enumerate([*sections[1:], sections[0]], start=1):
        named = [b.summary.split("“")[0] for b in blocks if isinstance(b, View) and b.figure is not None]
        before = run_number(page)
        tabs.get_by_role("tab", name=text, exact=True).click()
        wait_for_view(page, after=before)
        page.wait_for_function(
            "n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
            " return plots.length === n && plots.every(p => p.querySelector('.main-svg .cartesianlayer')); }",
            arg=len(named),
            timeout=60_000,
        )
        charts = page.locator("[data-testid='stPlotlyChart']").all()
        assert [chart.get_attribute("aria-label").split("“")[0] for chart in charts] == named, text
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
        assert query.get("abschnitt") == (text if index < len(sections) else None), page.url
    text, blocks = sections[1]  # a shared link to the second section opens it
    page.goto(f"{server}/{spec.url_path}?{urllib.parse.urlencode({'abschnitt': text})}")
    wait_for_view(page)
    assert page.get_by_role("tab", selected=True).filter(has_text=text).count() == 1
    named = [b.summary.split("“")[0] for b in blocks if isinstance(b, View) and b.figure is not None]
    charts = page.locator("[data-testid='stPlotlyChart']").all()
    assert [chart.get_attribute("aria-label").split("“")[0] for chart in charts] == named


def test_excel_download_holds_exactly_the_filtered_table(page, server):
    open_page(page, server, "partnernetzwerk?art=Kreis", "Partnernetzwerk", 1)
    page.get_by_text("3 Partner (Stand 30.09.2020)").wait_for(timeout=30_000)
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Excel herunterladen").first.click()
    download = caught.value
    assert download.suggested_filename.startswith("ikoe-partnernetzwerk-") and download.suggested_filename.endswith(
        ".xlsx"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(workbook["Daten"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Partner-Nr.", "Partner", "Vollständiger Name", "Art des Partners")
    assert sorted(r[1] for r in rows[1:]) == ["Kreis Lippe", "Kreis Soest", "Rhein-Sieg-Kreis"]
    info = dict(workbook["Info"].iter_rows(values_only=True))
    assert info["Filter"] == "Art des Partners: Kreis"


def test_filter_widget_updates_numbers_and_url(page, server, ds):
    everything = f"{len(ds.partner_measures)} Maßnahmen von {ds.partner_measures['partner_id'].nunique()} Partnern."
    open_page(page, server, "massnahmen", "Maßnahmen nach Themenschwerpunkt", _charts("measures"))
    page.get_by_text(everything).wait_for(timeout=30_000)
    page.get_by_label("Themenschwerpunkt").first.click()
    page.get_by_role("option", name="6 – Weitere Maßnahmen").click()
    page.keyboard.press("Escape")
    page.get_by_text(everything).wait_for(state="detached", timeout=30_000)
    assert "ts=6" in page.url
