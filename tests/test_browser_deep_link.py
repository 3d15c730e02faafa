"""The first visitor after a server start who opens a page's link (a bookmark, a link in a mail) sees that page,
filtered as the link says, and no English "Page not found" dialog (streamlit/streamlit#9992: beside a folder named
pages/ Streamlit's first run treats that folder's files as the app's pages; ours live in app_pages/)."""

from __future__ import annotations

import pytest
from browser_support import new_context, streamlit_server, wait_for_view
from conftest import REPO

pytestmark = pytest.mark.browser


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
        assert page.get_by_role("dialog").count() == 0
        assert page.get_by_text("Aktive Filter: Art des Partners: Kreis").count() == 1
        assert page.url == f"{base}/partnernetzwerk?art=Kreis"
