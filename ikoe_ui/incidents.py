"""No traceback ever reaches a user: an error in a page run is logged with an incident id (server log) and the
user sees a German message naming only that id. .streamlit/config.toml hides details of anything that escapes."""

from __future__ import annotations

import logging
import secrets

import streamlit as st

LOG = logging.getLogger("ikoe.incidents")


def configure_logging() -> None:
    """The dashboard's own log lines (incidents, sign-ins, dropped uploads) on stderr with time and level."""
    logger = logging.getLogger("ikoe")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


configure_logging()


def run_page(page) -> None:
    """Run a st.navigation page; Streamlit's own control flow (st.stop, st.rerun, st.switch_page) passes through
    because it does not derive from Exception."""
    try:
        page.run()
    except Exception:  # the boundary where every unexpected error becomes an incident
        incident = secrets.token_hex(4).upper()
        LOG.exception("Incident %s on page %r", incident, getattr(page, "title", "?"))
        st.error(
            "Auf dieser Seite ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es erneut oder "
            f"wenden Sie sich an den Betrieb und nennen Sie die Vorgangsnummer **{incident}**.",
            icon=":material/error:",
        )
