"""The committee deck in Chromium, as an analyst prepares the Integrationsausschuss: four slides collected
through the UI (growth of the network, Handlungsziele covered per year, the reported staff shares of all partners,
and measures per Themenschwerpunkt with Art = Kommune chosen in the sidebar), the Foliensatz page with a preview
of every slide, the .pptx and PDF downloads, and the link opened in a fresh browser context."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from browser_support import new_context, open_combobox, open_page, run_number, wait_for_view
from conftest import REPO
from pptx import Presentation

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts"
SIDEBAR = "[data-testid='stSidebar']"


@pytest.fixture(scope="module")
def server(shipped_server):
    return shipped_server


def deck_context(browser):
    return new_context(browser, viewport={"width": 1600, "height": 900}, locale="de-DE", accept_downloads=True)


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=120_000) as caught:
        page.get_by_role("button", name=label).click()
    return Path(caught.value.path()).read_bytes()


def go(page, title: str) -> None:
    before = run_number(page)
    page.locator(".st-key-navigation").get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
    wait_for_view(page, before)


def add(page, index: int) -> None:
    before = run_number(page)
    page.get_by_role("button", name="Zum Foliensatz hinzufügen").nth(index).click()
    page.get_by_text("in den Foliensatz aufgenommen").wait_for(timeout=60_000)
    wait_for_view(page, before)


def choose(page, label: str, option: str) -> None:
    before = run_number(page)
    open_combobox(page.locator(SIDEBAR), label)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    page.locator(f"{SIDEBAR} [data-tag][aria-label='{option}']").wait_for(timeout=30_000)
    wait_for_view(page, before)


def texts(slide) -> str:
    found = []
    for shape in slide.shapes:
        inner = list(shape.shapes) if shape.shape_type == 6 else [shape]
        found += [s.text_frame.text for s in inner if s.has_text_frame]
    return " ".join(found)


def test_four_committee_slides_through_the_ui_with_the_kommune_filter_and_previews(server, browser):
    with deck_context(browser) as first:
        page = first.new_page()
        open_page(page, server, "", "Übersicht", 3)
        add(page, 0)  # growth of the network
        go(page, "Handlungsziele 2030")
        add(page, 0)  # goals covered per year
        go(page, "Beschäftigtenanteile")
        add(page, 0)  # reported shares and targets, all partners
        go(page, "Maßnahmen nach Themenschwerpunkt")
        choose(page, "Art des Partners", "Kommune")
        add(page, 0)  # measures per focus area, Kommunen only
        go(page, "Foliensatz")
        page.get_by_text("4 Diagramme").wait_for(timeout=60_000)
        previews = page.locator("[data-testid='stImage'] img")
        previews.first.wait_for(timeout=120_000)
        assert previews.count() >= 5  # the staff shares continue over several slides, each previewed
        for index in range(previews.count()):  # images below the fold load when they come into view
            previews.nth(index).scroll_into_view_if_needed()
        page.wait_for_function(
            "() => [...document.querySelectorAll(\"[data-testid='stImage'] img\")]"
            ".every(i => i.complete && i.naturalWidth >= 400)",
            timeout=60_000,
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "foliensatz.png"), full_page=True)

        prs = Presentation(io.BytesIO(download(page, "PowerPoint herunterladen")))
        titles = [slide.shapes.title.text for slide in prs.slides]
        assert titles[1] == "Wachstum des Partnernetzwerks" and titles[2] == "Abgedeckte Handlungsziele je Jahr"
        shares = [t for t in titles if t.startswith("Berichtete Anteile")]
        assert len(shares) >= 2 and shares[0].endswith(f"(1/{len(shares)})")
        focus = next(s for s in prs.slides if s.shapes.title.text == "Maßnahmen der Partner je Themenschwerpunkt")
        assert "Nur Partner der Art Kommune (4 Partner:" in texts(focus)
        chart = next(s.chart for s in focus.shapes if s.has_chart)
        assert [s.name for s in chart.plots[0].series] == ["Kommunen"]
        link_on_title = re.search(r"/foliensatz\?deck=[0-9a-f]{32}", texts(prs.slides[0]))
        assert link_on_title  # the download stored the deck and names its link
        pdf = download(page, "PDF-Handout herunterladen")
        assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == len(titles)

        before = run_number(page)
        page.get_by_role("button", name="Link erzeugen").click()
        page.wait_for_url(re.compile(r"/foliensatz\?deck=[0-9a-f]{32}$"), timeout=60_000)
        wait_for_view(page, before)
        link = page.url

    with deck_context(browser) as colleague:  # a fresh browser context: no session, only the link
        page = colleague.new_page()
        page.goto(link)
        page.get_by_role("heading", name="Foliensatz", level=1).wait_for(timeout=60_000)
        page.get_by_text("4 Diagramme").wait_for(timeout=60_000)
        wait_for_view(page)
        again = Presentation(io.BytesIO(download(page, "PowerPoint herunterladen")))
        assert [s.shapes.title.text for s in again.slides][1:5] == titles[1:5]
