"""No traceback ever reaches a user: an error in a page run is logged with an incident id (server log) and the
user sees a German message naming only that id. .streamlit/config.toml hides details of anything that escapes."""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Iterator
from typing import Any

import streamlit as st

from ikoe_ui.server_guard import RunAborted, show_aborted

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


MESSAGE = (
    "Auf dieser Seite ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es erneut oder "
    "wenden Sie sich an den Betrieb und nennen Sie die Vorgangsnummer **{incident}**."
)


@contextlib.contextmanager
def boundary(where: str, container: Any = None) -> Iterator[None]:
    """Every unexpected error inside becomes an incident: logged with its traceback and an incident id, and a
    German message naming only that id is shown (in `container`, e.g. st.sidebar, or where the block draws).
    A run stopped by the server (ikoe_ui.server_guard) says why and ends. Streamlit's own control flow
    (st.stop, st.rerun, st.switch_page) passes through because it does not derive from Exception."""
    try:
        yield
    except RunAborted as aborted:
        with container or contextlib.nullcontext():
            show_aborted(aborted)
        raise
    except Exception:  # the boundary where every unexpected error becomes an incident
        incident = secrets.token_hex(4).upper()
        LOG.exception("Incident %s in %s", incident, where)
        with container or contextlib.nullcontext():
            st.error(MESSAGE.format(incident=incident), icon=":material/error:")


def run_page(page) -> None:
    """Run a st.navigation page inside the incident boundary."""
    with boundary(f"page {getattr(page, 'title', '?')!r}"):
        page.run()
