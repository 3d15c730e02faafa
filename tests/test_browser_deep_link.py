"""The first visitor after a server start who opens a page's link (a bookmark, a link in a mail) sees that page,
filtered as the link says, and no English "Page not found" dialog (streamlit/streamlit#9992: beside a folder named
pages/ Streamlit's first run treats that folder's files as the app's pages; ours live in app_pages/)."""

from __future__ import annotations

import re

import pytest
from browser_support import new_context, streamlit_server, wait_for_view
from conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server_for_links(tmp_path_factory):
    env = {"IKOE_EDITIONS_DIR": str(tmp_path_factory.mktemp("editions")), "IKOE_DATA_STEWARD_TOKEN": None}
    with streamlit_server(env) as base:
        yield base


def test_no_folder_named_pages_beside_the_entry_point():
    assert not (REPO / "pages").exists(), "Streamlit would run the first session as an app of pages/ (see README)"


def test_first_visitor_after_a_server_start_opens_a_deep_link_without_a_dialog(browser, tmp_path):
    # A server of its own: no other test may have opened a page on it before.
    env = {"IKOE_EDITIONS_DIR": str(tmp_path / "editions"), "IKOE_DATA_STEWARD_TOKEN": None}
    with streamlit_server(env) as base, new_context(browser, locale="de-DE") as context:
        page = context.new_page()
        page.goto(f"{base}/partnernetzwerk?art=Kreis")
        wait_for_view(page)
        assert page.get_by_role("heading", level=1).inner_text() == "Partnernetzwerk"
        assert page.get_by_text("Page not found").count() == 0
        assert page.get_by_text("Seite nicht gefunden").count() == 0
        assert page.get_by_role("dialog").count() == 0
        assert page.get_by_text("Gefiltert nach Art des Partners: Kreis").count() == 1
        assert page.url == f"{base}/partnernetzwerk?art=Kreis"


def test_an_address_that_is_no_page_says_so_in_german(browser, server_for_links):
    """E.g. /datenpflege on a server without data stewards, or a mistyped link: Streamlit opens the Übersicht
    with its own dialog, whose texts the page frame translates."""
    with new_context(browser, locale="de-DE") as context:
        page = context.new_page()
        page.goto(f"{server_for_links}/datenpflege")
        dialog = page.get_by_role("dialog")
        dialog.get_by_text("Seite nicht gefunden").wait_for(timeout=60_000)
        # Streamlit names the address in one of its two messages, not in the other
        said = re.compile(r"^(Diese Seite|Die Seite /datenpflege) gibt es nicht\. Die Übersicht wird geöffnet\.$")
        dialog.get_by_text(said).wait_for(timeout=30_000)
        assert dialog.get_by_text(re.compile("Page not found|does not seem|pages/ directory")).count() == 0
        wait_for_view(page)
        assert page.get_by_role("heading", level=1).inner_text() == "Übersicht"
