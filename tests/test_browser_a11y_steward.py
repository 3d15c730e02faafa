"""Accessibility of the steward's page (only served with a steward secret, so on a server of its own)."""

from __future__ import annotations

import pytest
from browser_support import new_context, open_page, streamlit_server
from test_browser_a11y import axe_findings, english_texts, idle

pytestmark = pytest.mark.browser


def test_data_maintenance_page_is_accessible_and_german(tmp_path, browser):
    """The steward's page (only with a steward secret): sign-in form and upload widget."""
    token = "a11y-test-schluessel-42"
    with (
        streamlit_server({"IKOE_EDITIONS_DIR": str(tmp_path), "IKOE_DATA_STEWARD_TOKEN": token}) as base,
        new_context(browser, viewport={"width": 1440, "height": 1200}, locale="de-DE") as context,
    ):
        page = context.new_page()
        open_page(page, base, "datenpflege", "Datenpflege", 0, whole_view=False)
        idle(page)
        severe, other = axe_findings(page, "/datenpflege (Anmeldung)")
        page.get_by_label("Zugangsschlüssel der Datenpflege").fill(token)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="1. Vorlage herunterladen").wait_for(timeout=60_000)
        idle(page)
        page.locator("[data-testid='stFileUploaderDropzone']").wait_for(timeout=30_000)
        page.wait_for_function(  # the page frame takes the label off the presentational upload area
            "() => !document.querySelector('[role=presentation][aria-label]')", timeout=30_000
        )
        more, more_other = axe_findings(page, "/datenpflege (angemeldet)")
        assert not severe + more, "axe-core found critical/serious violations:\n" + "\n".join(severe + more)
        assert not other + more_other, "axe-core found moderate/minor violations:\n" + "\n".join(other + more_other)
        assert page.evaluate("document.documentElement.lang") == "de"
        found = english_texts(page)
        assert not found, f"/datenpflege: English framework texts visible or spoken: {found}"
