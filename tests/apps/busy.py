"""A fixture app for tests/test_server_guard.py, under the dashboard's server guards and incident boundary:
`?busy=1` computes without ever calling Streamlit (as a search over a huge query would); `?work=0.05` works that
long between two Streamlit calls and logs how many runs of this process work at the same time."""

import logging
import sys
import threading
import time
import types
from typing import Any

import streamlit as st

from ikoe_ui import incidents, server_guard

server_guard.begin_run()
LOG = logging.getLogger("ikoe.fixture")
state: Any = sys.modules.setdefault("_busy_fixture_state", types.SimpleNamespace(working=0, lock=threading.Lock()))  # type: ignore[arg-type]
with incidents.boundary("busy fixture"):
    st.write("Rechnet")
    if st.query_params.get("busy") == "1":
        total = 0
        while True:  # never calls Streamlit: only the watchdog can stop this
            total += 1
    with state.lock:
        state.working += 1
        LOG.info("Run %s works (%d at once).", st.query_params.get("n", "-"), state.working)
    try:
        deadline = time.perf_counter() + float(st.query_params.get("work", "0"))
        while time.perf_counter() < deadline:  # work between two Streamlit calls
            pass
    finally:
        with state.lock:
            state.working -= 1
    st.write(f"Fertig ({st.query_params.get('n', '-')})")
