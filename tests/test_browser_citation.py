"""„Zitieren“ and „Link kopieren“ in a real Chromium: one click on the copy symbol puts the ready citation, and the
link to the view, on the clipboard; the copied link reopens the same view (issue #19)."""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse

import pytest
from browser_support import new_context, open_page, wait_for_view

pytestmark = pytest.mark.browser

# the amounts table on Handlungsziele (its section „Mittel“), Zieldimension II and the table tab chosen: a view
# with a filter and choices
VIEW = (
    "handlungsziele?zd=II&abschnitt=Mittel%3A+Betr%C3%A4ge+im+Umsetzungsbericht"
    "&ansicht-mittel-je-handlungsziel-und-massnahme=Tabelle"
)


def _copy(page, key: str, button: str) -> str:
    """Open the view's popover `button`, click the copy symbol of the text inside, and read the clipboard."""
    row = page.locator(f".st-key-zitieren-{key}")
    row.get_by_role("button", name=button).click()
    code = page.locator("[data-testid='stPopoverBody'] [data-testid='stCode']").last
    code.wait_for(timeout=30_000)
    code.hover()
    code.get_by_role("button").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    page.keyboard.press("Escape")
    return str(copied)


def _view(url: str) -> tuple[str, list[tuple[str, str]]]:
    parts = urllib.parse.urlsplit(url)
    return parts.path, sorted(urllib.parse.parse_qsl(parts.query))


def test_copy_buttons_put_the_citation_and_the_link_on_the_clipboard(browser, shipped_server, tmp_path):
    server = shipped_server
    permissions = ["clipboard-read", "clipboard-write"]
    with new_context(browser, locale="de-DE", permissions=permissions, viewport={"width": 1600, "height": 900}) as ctx:
        page = ctx.new_page()
        open_page(page, server, VIEW, "Handlungsziele 2030", charts=0)
        shown = page.url
        citation = _copy(page, "budgets", "Zitieren")
        assert citation.startswith("IKÖ-Dashboard NRW: Mittel je Handlungsziel und Maßnahme. Auswahl: Zieldimension")
        assert "Beträge zu" in citation and "Strategiemaßnahme" in citation
        assert "Eigene Auswertung nach: Umsetzungsbericht zur Nordrhein-Westfälischen Teilhabe- und" in citation
        assert f"Abgerufen am {dt.date.today():%d.%m.%Y} unter " in citation
        link = _copy(page, "budgets", "Link kopieren")
        assert citation.endswith(f" unter {link}.")
        assert _view(link) == _view(shown)  # the link is the view in the address bar
        page.screenshot(path=str(tmp_path / "zitieren.png"))

        reopened = ctx.new_page()
        reopened.goto(link)
        wait_for_view(reopened)
        assert _view(reopened.url) == _view(shown)
        assert reopened.get_by_role("heading", level=1).inner_text() == "Handlungsziele 2030"
        assert reopened.get_by_text(re.compile("^Gefiltert nach Zieldimension")).count() == 1
        tab = reopened.locator(".st-key-ansicht-mittel-je-handlungsziel-und-massnahme").get_by_role("tab")
        assert tab.filter(has_text="Tabelle").get_attribute("aria-selected") == "true"
