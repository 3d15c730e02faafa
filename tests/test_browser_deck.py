"""The committee deck in Chromium: charts from three pages, the Foliensatz page, the .pptx and PDF downloads,
and the link opened in a fresh browser context."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from browser_support import new_context, open_page
from conftest import REPO
from pptx import Presentation

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PICKS = [  # sidebar link, page title, index of the chart's deck button, slide title expected
    ("Übersicht", "Übersicht", 1, "Maßnahmen der Partner je Themenschwerpunkt"),
    ("Beschäftigtenanteile", "Beschäftigtenanteile", 1, "Entwicklung der berichteten Anteile"),
    ("Handlungsziele 2030", "Handlungsziele 2030", 0, "Abgedeckte Handlungsziele je Jahr"),
]


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


def settle(page) -> None:
    page.wait_for_selector(IDLE, timeout=60_000)


def deck_context(browser):
    return new_context(browser, viewport={"width": 1600, "height": 900}, locale="de-DE", accept_downloads=True)


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=120_000) as caught:
        page.get_by_role("button", name=label).click()
    return Path(caught.value.path()).read_bytes()


def titles_of(data: bytes) -> list[str]:
    return [slide.shapes.title.text for slide in Presentation(io.BytesIO(data)).slides]


def test_charts_from_three_pages_download_as_a_deck_in_that_order_and_the_link_rebuilds_it(server, browser):
    expected = [pick[3] for pick in PICKS]
    with deck_context(browser) as first:
        page = first.new_page()
        open_page(page, server, "", "Übersicht", 3)
        for link, title, index, _ in PICKS:
            if title != "Übersicht":
                page.get_by_role("link", name=link).click()
                page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
                settle(page)
            page.get_by_role("button", name="Zum Foliensatz hinzufügen").nth(index).click()
            page.get_by_text("in den Foliensatz aufgenommen").wait_for(timeout=60_000)
            settle(page)
        page.get_by_role("link", name="Foliensatz").click()
        page.get_by_role("heading", name="Foliensatz", level=1).wait_for(timeout=60_000)
        page.get_by_text("3 Diagramme").wait_for(timeout=60_000)
        settle(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "foliensatz.png"), full_page=True)
        assert re.search(r"/foliensatz\?deck=[0-9a-f]{32}$", page.url)
        pptx = download(page, "PowerPoint herunterladen")
        titles = titles_of(pptx)
        assert titles[1:4] == expected
        assert all(t.startswith("Quellen und Definitionen") for t in titles[4:])
        pdf = download(page, "PDF-Handout herunterladen")
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == len(titles)
        link = page.url

    with deck_context(browser) as colleague:  # a fresh browser context: no session, only the link
        page = colleague.new_page()
        page.goto(link)
        page.get_by_role("heading", name="Foliensatz", level=1).wait_for(timeout=60_000)
        page.get_by_text("3 Diagramme").wait_for(timeout=60_000)
        settle(page)
        assert titles_of(download(page, "PowerPoint herunterladen"))[1:4] == expected
