"""The search page in Chromium (issue #21): hits as a list whose partner/ministry and Fundstelle are visible
without scrolling sideways on a phone, the matched words marked, details on request, „Weitere Treffer“, facets in
the link. Screenshots in tests/artifacts/search/."""

from __future__ import annotations

import re

import pytest
from browser_support import new_context, run_number, wait_for_view
from conftest import REPO

pytestmark = pytest.mark.browser

ARTIFACTS = REPO / "tests" / "artifacts" / "search"
HITS = "[class*='st-key-treffer-']"  # the container of one hit (ikoe_ui.layout._hit_list)
LINE = "[data-testid='stCaptionContainer']"  # its line: kind, partner or ministries, where it belongs, Fundstelle
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


@pytest.fixture
def server(shipped_server):
    return shipped_server


def marked_words(hit) -> list[str]:
    """The words of a hit drawn on a coloured background (the matches)."""
    return hit.evaluate(
        """el => [...el.querySelectorAll('span')]
            .filter(s => s.children.length === 0 && getComputedStyle(s).backgroundColor !== 'rgba(0, 0, 0, 0)')
            .map(s => s.textContent)"""
    )


def test_hits_on_a_phone_show_who_and_where_without_scrolling_sideways(browser, server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with new_context(browser, locale="de-DE", **PHONE) as context:
        page = context.new_page()
        page.goto(f"{server}/suche?q=Sprachkurse")
        wait_for_view(page)
        hits = page.locator(HITS)
        assert hits.count() == 7
        first = hits.first
        assert "Sprachkurse" in marked_words(first)
        where = first.locator(LINE)
        box = where.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert re.search(r"Partnermaßnahme · .+ · Fundstelle: Partnerbericht", where.inner_text())
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(ARTIFACTS / "phone-sprachkurse.png"), full_page=True)

        before = run_number(page)
        first.get_by_text("Alle Angaben").click()  # an expander: drawn already, opened without a run
        detail = first.locator("[data-testid='stExpanderDetails']")
        detail.get_by_text(re.compile("^Fundstelle:")).wait_for(timeout=30_000)
        assert "Beschreibung:" in detail.inner_text() and run_number(page) == before
        page.screenshot(path=str(ARTIFACTS / "phone-details.png"), full_page=True)


def test_more_hits_and_a_facet_in_the_link(browser, server):
    with new_context(browser, locale="de-DE", viewport={"width": 1600, "height": 900}) as context:
        page = context.new_page()
        page.goto(f"{server}/suche")
        wait_for_view(page)
        assert page.locator(HITS).count() == 20
        assert page.locator("[data-testid='stDataFrame']").count() == 0  # a list, no wide table
        before = run_number(page)
        page.get_by_role("button", name=re.compile(r"^Weitere Treffer \(20 von ")).click()
        wait_for_view(page, after=before)
        assert page.locator(HITS).count() == 40

        page.goto(f"{server}/suche?q=Gefl%C3%BCchtete&nur_art=strategie")
        wait_for_view(page)
        lines = page.locator(HITS).locator(LINE).all_inner_texts()
        assert lines and all(line.startswith("Strategiemaßnahme · ") for line in lines)
        assert all("Handlungsziel " in line for line in lines)
        chosen = page.get_by_text(re.compile(r"^Strategiemaßnahme \(\d+\)$"))  # in the opened „Treffer eingrenzen“
        total = page.get_by_text(
            re.compile(r"^\d+ Treffer: 0 Partnermaßnahmen und \d+ Strategiemaßnahmen")
        ).inner_text()
        assert chosen.first.is_visible() and f"({total.split()[0]})" in chosen.first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "desktop-facet.png"), full_page=True)


def test_a_query_longer_than_the_limit_from_a_link_gets_the_hint(browser, server):
    with new_context(browser, locale="de-DE") as context:
        page = context.new_page()
        page.goto(f"{server}/suche?q=" + "Wort+" * 60)
        wait_for_view(page)
        hint = page.locator("[data-testid='stAlertContentWarning']")
        assert re.match(r"^(Die Suche ist zu lang|Bitte höchstens 10 Suchwörter)", hint.inner_text())
        assert page.locator(HITS).count() == 0
