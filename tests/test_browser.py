"""The real thing: the dashboard served by `streamlit run` and driven in Debian's Chromium via Playwright.

Without Chromium these tests skip locally; under CI (CI=true) a missing browser is a failure.
"""
from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openpyxl
import pytest

from conftest import REPO

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PAGES = {  # url path: (title, charts)
    "": ("Übersicht", 3),
    "partnernetzwerk": ("Partnernetzwerk", 1),
    "beschaeftigtenanteile": ("Beschäftigtenanteile", 2),
    "massnahmen": ("Maßnahmen nach Themenschwerpunkt", 4),
    "handlungsziele": ("Handlungsziele 2030", 5),
    "suche": ("Suche", 0),
    "methodik": ("Daten & Methodik", 0),
}


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package; browser tests must run in CI.")
    pytest.skip("Chromium not installed (apt-get install -y chromium); browser tests skipped outside CI.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    chromium_path()
    port = free_port()
    env = dict(os.environ, IKOE_EDITIONS_DIR=str(tmp_path_factory.mktemp("editions")))
    env.pop("IKOE_DATA_STEWARD_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    break
        except OSError:
            pass
        if time.time() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("Streamlit server did not start:\n" + process.stdout.read().decode(errors="replace"))
        time.sleep(0.3)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2400}, locale="de-DE", accept_downloads=True)
    tab = context.new_page()
    yield tab
    context.close()


def open_page(page, server, path: str, title: str, charts: int):
    page.goto(f"{server}/{path}")
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
    if charts:
        page.wait_for_function(
            "n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
            " return plots.length >= n && plots.every(p => p.querySelector('.main-svg .cartesianlayer')); }",
            arg=charts, timeout=60_000)
    page.wait_for_timeout(500)  # let the last chart finish its transition before looking at it
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.get_by_text("Page not found").count() == 0


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p or "uebersicht")
def test_every_page_renders_its_charts_without_errors(page, server, path):
    title, charts = PAGES[path]
    open_page(page, server, path, title, charts)
    assert page.locator(".js-plotly-plot").count() == charts
    assert page.get_by_text("Das Wichtigste in Kürze").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{path or 'uebersicht'}.png"), full_page=True)


def test_excel_download_holds_exactly_the_filtered_table(page, server):
    open_page(page, server, "partnernetzwerk?art=Kreis", "Partnernetzwerk", 1)
    assert page.get_by_text("3 Partner (Stand 30.09.2020)").count() == 1
    with page.expect_download(timeout=60_000) as caught:
        page.get_by_role("button", name="Excel herunterladen").first.click()
    download = caught.value
    assert download.suggested_filename.startswith("ikoe-partnernetzwerk-") and download.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(workbook["Daten"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Partner-Nr.", "Name", "Art des Partners")
    assert sorted(r[1] for r in rows[1:]) == ["Kreis Lippe", "Kreis Soest", "Rhein-Sieg-Kreis"]
    info = dict(workbook["Info"].iter_rows(values_only=True))
    assert info["Filter"] == "Art des Partners: Kreis"


def test_filter_widget_updates_numbers_and_url(page, server):
    open_page(page, server, "massnahmen", "Maßnahmen nach Themenschwerpunkt", 4)
    assert page.get_by_text("668 Maßnahmen von 30 Partnern.").count() == 1
    page.get_by_label("Themenschwerpunkt").first.click()
    page.get_by_role("option", name="6 – Weitere Maßnahmen").click()
    page.keyboard.press("Escape")
    page.get_by_text("668 Maßnahmen von 30 Partnern.").wait_for(state="detached", timeout=30_000)
    assert "ts=6" in page.url
