"""Streamlit's internals are reached only through ikoe_ui/streamlit_compat.py, and every hook there still finds
what it relies on in the installed Streamlit (issue #22). After an upgrade a broken hook fails here under its
own name (the test id and the message name it); docs/operations.md says what to do then. The hooks' behaviour on
a running server is tested in tests/test_server_guard.py (messages, sessions, script runs, thread control),
tests/test_deploy.py (upload manager) and by every test that uses deploy/st_client.py (protocol)."""

from __future__ import annotations

import ast
import threading

import pytest
from conftest import REPO

from ikoe_ui import streamlit_compat

INTERNAL_PACKAGES = ("streamlit.runtime", "streamlit.web", "streamlit.proto", "streamlit.elements")
APP_CODE = ("dashboard.py", "ikoe_ui", "ikoe_data", "app_pages", "deploy")


@pytest.mark.parametrize("hook", sorted(streamlit_compat.HOOKS))
def test_hook_still_holds(hook):
    streamlit_compat.HOOKS[hook]()  # raises StreamlitCompatError naming the hook


def test_the_hooks_cover_each_reach_into_streamlit():
    assert set(streamlit_compat.HOOKS) == {
        "runtime",
        "client context",
        "script runs",
        "thread control",
        "upload manager",
        "messages in",
        "sessions",
        "protocol",
    }
    assert streamlit_compat.check_all() == []


def test_a_changed_streamlit_fails_naming_the_hook(monkeypatch):
    """What an upgrade that adds a message type looks like: the check fails and names its hook."""
    monkeypatch.setattr(streamlit_compat, "message_types", lambda: {"rerun_script", "new_in_streamlit_2"})
    with pytest.raises(streamlit_compat.StreamlitCompatError, match=r"„messages in“.*new_in_streamlit_2"):
        streamlit_compat.HOOKS["messages in"]()
    assert any("„messages in“" in message for message in streamlit_compat.check_all())
    monkeypatch.setattr(streamlit_compat.MemoryUploadedFileManager, "add_file", lambda self, rec: None)
    with pytest.raises(streamlit_compat.StreamlitCompatError, match="„upload manager“"):
        streamlit_compat.HOOKS["upload manager"]()


def _internal_imports(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        found += [name for name in names if name.startswith(INTERNAL_PACKAGES)]
    return found


def test_only_the_compat_module_imports_streamlit_internals():
    files = [REPO / "dashboard.py"] + [p for folder in APP_CODE[1:] for p in sorted((REPO / folder).rglob("*.py"))]
    assert len(files) > 30
    offenders = {
        str(path.relative_to(REPO)): imports
        for path in files
        if path.name != "streamlit_compat.py" and (imports := _internal_imports(path))
    }
    assert offenders == {}
    assert _internal_imports(REPO / "ikoe_ui" / "streamlit_compat.py")  # the walk finds them where they are


def test_thread_control_reads_cpu_and_interrupts_a_computation():
    """The watchdog's tools on a thread computing in pure Python (it never returns by itself)."""

    class Interrupted(Exception):
        pass

    started = threading.Event()
    outcome: list[str] = []

    def compute() -> None:
        started.set()
        try:
            while True:
                pass
        except Interrupted:
            outcome.append("interrupted")

    thread = threading.Thread(target=compute, daemon=True)
    thread.start()
    assert started.wait(10)
    assert streamlit_compat.thread_cpu_seconds(thread) is not None
    assert streamlit_compat.thread_in_file(thread, __file__)
    assert not streamlit_compat.thread_in_file(thread, str(REPO / "dashboard.py"))
    assert streamlit_compat.raise_in_thread(thread, Interrupted)
    thread.join(30)
    assert outcome == ["interrupted"]
    assert streamlit_compat.thread_cpu_seconds(thread) is None  # ended
    assert not streamlit_compat.raise_in_thread(thread, Interrupted)


def test_message_types_name_backend_operations():
    message = streamlit_compat.BackMsg()
    message.backend_operation_request.dataframe_chunk.SetInParent()
    assert streamlit_compat.message_type(message) == "backend_operation_request:dataframe_chunk"
    message = streamlit_compat.BackMsg()
    message.clear_cache = True
    assert streamlit_compat.message_type(message) == "clear_cache"
