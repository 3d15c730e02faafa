"""Upload guard: only a data steward's session may leave a file on the server.

Streamlit's upload endpoint (`PUT /_stcore/upload_file/<session>/<file>`) accepts files for any live session,
also where no file_uploader exists, and keeps each in memory until the session ends (issue #12: 20 × 20 MB from
one viewer). `server.maxUploadSize` (config.toml) caps one request; this guard wraps the runtime's upload manager
so that a file from a session without steward access is dropped right after the request, and a steward's session
keeps only its latest file. Held memory from viewers is therefore zero; in flight at most one request of
maxUploadSize per concurrent connection (the proxy limits those, deploy/nginx.conf)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from ikoe_ui import streamlit_compat
from ikoe_ui.access import is_steward_session

LOG = logging.getLogger("ikoe.uploads")


def install_guard() -> None:
    """Idempotent; called on every script run by server_guard.begin_run (cheap after the first)."""
    if streamlit_compat.server_running():  # AppTest and bare mode have no upload endpoint
        streamlit_compat.wrap_upload_manager(_guard)


def _guard(add_file: Callable[[str, Any], None], session_id: str, file: Any) -> None:
    if not is_steward_session(session_id):
        LOG.warning(
            "Upload dropped: session %s has no data-steward access (%d bytes, file id %s).",
            session_id[:8],
            len(file.data),
            file.file_id[:40],
        )
        return
    streamlit_compat.remove_session_files(session_id)  # one file per steward session: the latest
    add_file(session_id, file)


def held_bytes() -> int:
    """Bytes of uploaded files the server holds now (all sessions); for tests and the abuse measurement."""
    return streamlit_compat.held_upload_bytes()
