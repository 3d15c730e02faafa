"""Upload guard: only a data steward's session may leave a file on the server.

Streamlit's upload endpoint (`PUT /_stcore/upload_file/<session>/<file>`) accepts files for any live session,
also where no file_uploader exists, and keeps each in memory until the session ends (issue #12: 20 × 20 MB from
one viewer). `server.maxUploadSize` (config.toml) caps one request; this guard wraps the runtime's upload manager
so that a file from a session without steward access is dropped right after the request, and a steward's session
keeps only its latest file. Held memory from viewers is therefore zero; in flight at most one request of
maxUploadSize per concurrent connection (the proxy limits those, deploy/nginx.conf)."""

from __future__ import annotations

import logging
from typing import Any

from streamlit.runtime import Runtime

from ikoe_ui.access import SESSION_KEY

LOG = logging.getLogger("ikoe.uploads")
_MARK = "_ikoe_upload_guard"


def install_guard() -> None:
    """Idempotent; called on every script run (cheap after the first)."""
    if not Runtime.exists():  # AppTest and bare mode have no upload endpoint
        return
    runtime = Runtime.instance()
    manager: Any = runtime.uploaded_file_mgr  # Streamlit internals, not typed as used here
    if getattr(manager, _MARK, False):
        return
    add_file = manager.add_file

    def guarded_add_file(session_id, file) -> None:
        if not _is_steward(runtime, session_id):
            LOG.warning(
                "Upload dropped: session %s has no data-steward access (%d bytes, file id %s).",
                session_id[:8],
                len(file.data),
                file.file_id[:40],
            )
            return
        manager.remove_session_files(session_id)  # one file per steward session: the latest
        add_file(session_id, file)

    manager.add_file = guarded_add_file
    setattr(manager, _MARK, True)


def _is_steward(runtime: Runtime, session_id: str) -> bool:
    info = runtime._session_mgr.get_active_session_info(session_id)  # no public lookup exists
    if info is None:
        return False
    try:
        return bool(info.session.session_state[SESSION_KEY])
    except KeyError:
        return False


def held_bytes() -> int:
    """Bytes of uploaded files the server holds now (all sessions); for tests and the abuse measurement."""
    manager: Any = Runtime.instance().uploaded_file_mgr
    return sum(len(rec.data) for files in manager.file_storage.values() for rec in files.values())
