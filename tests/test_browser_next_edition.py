"""The next edition in the real browser: imported on the command line, served by `streamlit run`, every page
of the navigation opened in Chromium without an error box, with the new status and the listed changes."""

from __future__ import annotations

import pytest
from browser_support import new_context, streamlit_server
from conftest import REPO
from next_edition import EDITION_LABEL, NEW_PARTNER_NAME, PARTNER_STATUS, build_workbook, import_on_the_command_line

from ikoe_data import load_all

pytestmark = pytest.mark.browser
TOKEN = "test-geheimnis-der-datenpflege"
ARTIFACTS = REPO / "tests" / "artifacts" / "next_edition"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("next-browser") / "editions"
    workbook = build_workbook(load_all(REPO / "datasets"), root.parent / "next.xlsx")
    result = import_on_the_command_line(workbook, root, TOKEN)
    assert result.returncode == 0, result.stdout + result.stderr
    with streamlit_server({"IKOE_EDITIONS_DIR": str(root), "IKOE_DATA_STEWARD_TOKEN": TOKEN}) as base:
        yield base


@pytest.fixture(scope="module")
def tab(server, browser):
    with new_context(browser, viewport={"width": 1600, "height": 900}, locale="de-DE") as context:
        page = context.new_page()
        page.goto(server)
        page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        yield page


def settle(tab) -> None:
    tab.wait_for_selector(IDLE, timeout=60_000)
    tab.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
    tab.wait_for_selector(IDLE, timeout=60_000)


def test_every_page_of_the_navigation_works_on_the_next_edition(tab):
    links = tab.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']")
    links.first.wait_for(timeout=60_000)  # the navigation is drawn by the script (ikoe_ui.a11y), after the title
    tab.wait_for_selector(IDLE, timeout=60_000)
    names = [links.nth(i).inner_text().strip() for i in range(links.count())]
    assert len(names) >= 8  # every page, including Datenpflege (a steward secret is configured)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    chosen = tab.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    assert EDITION_LABEL in (chosen.inner_text() + chosen.locator("input").first.input_value())
    for number, name in enumerate(names):
        links.nth(number).click()
        settle(tab)
        assert tab.locator("[data-testid='stException']").count() == 0, name
        assert tab.locator("[data-testid='stAlertContentError']").count() == 0, name
        tab.screenshot(path=str(ARTIFACTS / f"{number:02d}.png"), full_page=True)


def test_overview_shows_the_new_status_and_the_changes(tab, server):
    tab.goto(server)
    settle(tab)
    main = tab.locator("[data-testid='stMain']")
    main.get_by_text(f"1 neuer Partner ({NEW_PARTNER_NAME})", exact=False).wait_for(timeout=30_000)
    text = main.inner_text()
    assert "33 Partner" in text and PARTNER_STATUS in text
    assert "Strategiemaßnahmen: 10 neu, 2 beendet" in text
