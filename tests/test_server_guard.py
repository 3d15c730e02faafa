"""Held under abuse (issue #24, ikoe_ui/server_guard.py): a viewer's clear_cache leaves the shared cache intact,
a flood of reruns coalesces, a run stops when it uses too much CPU or its websocket is gone, one client address
holds a bounded number of sessions, and a client's runs take turns.

The server tests speak Streamlit's websocket protocol with deploy/st_client.py against a real server: the
dashboard itself (the cache) and tests/apps/busy.py, a fixture app whose run computes without calling Streamlit
(as a search over a huge query would). They read the server's log to see what it did."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
import websockets
from browser_support import in_own_thread
from conftest import REPO

from deploy import stack as deploy_stack
from deploy.st_client import Session
from ikoe_ui import server_guard, streamlit_compat
from ikoe_ui.streamlit_compat import BackMsg, Client, ForwardMsg

# --------------------------------------------------------------------------------------------- units


def wait_for(predicate, timeout: float = 60.0) -> bool:
    """Poll `predicate` until it holds (True) or `timeout` seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not predicate():
        if time.monotonic() > deadline:
            return False
        pause.wait(0.05)
    return True


@pytest.mark.parametrize(
    ("peer", "headers", "expected"),
    [
        ("203.0.113.7", {}, "203.0.113.7"),
        ("203.0.113.7", {"X-Forwarded-For": "10.0.0.1"}, "203.0.113.7"),  # only the local proxy is believed
        ("127.0.0.1", {"X-Forwarded-For": "198.51.100.4"}, "198.51.100.4"),
        ("::ffff:127.0.0.1", {"X-Forwarded-For": "198.51.100.9, 198.51.100.4"}, "198.51.100.4"),  # nginx appends
        ("127.0.0.1", {"x-real-ip": "198.51.100.5", "X-Forwarded-For": "10.1.1.1"}, "198.51.100.5"),
        ("::ffff:127.0.0.2", {}, "127.0.0.2"),
        (None, {}, "?"),
    ],
)
def test_client_address(peer, headers, expected):
    assert server_guard.client_address(Client(peer, tuple(headers.items()))) == expected


def message(kind: str, operation: str | None = None) -> BackMsg:
    msg = BackMsg()
    if kind == "rerun_script":
        msg.rerun_script.page_name = ""
    elif kind == "backend_operation_request":
        getattr(msg.backend_operation_request, operation or "").SetInParent()
    else:
        setattr(msg, kind, True)
    return msg


@pytest.mark.parametrize(
    ("kind", "operation", "viewer", "steward"),
    [
        ("rerun_script", None, True, True),
        ("stop_script", None, True, True),
        ("app_heartbeat", None, True, True),
        ("clear_cache", None, False, True),
        ("load_git_info", None, False, False),
        ("set_run_on_save", None, False, False),
        ("backend_operation_request", "dataframe_chunk", True, True),
        ("backend_operation_request", "deferred_file", True, True),
        ("backend_operation_request", "install_skills", False, False),
    ],
)
def test_messages_by_role(monkeypatch, caplog, kind, operation, viewer, steward):
    stewards = {"steward-session"}
    monkeypatch.setattr(server_guard.access, "is_steward_session", lambda session_id: session_id in stewards)
    assert server_guard.admit_message("viewer-session", message(kind, operation)) is viewer
    assert server_guard.admit_message("steward-session", message(kind, operation)) is steward
    if not viewer:
        assert f"Message refused: session viewer-s sent {streamlit_compat.message_type(message(kind, operation))}" in (
            caplog.text
        )


def test_a_flood_of_refused_messages_is_logged_sparingly(caplog):
    for _ in range(250):
        server_guard.admit_message("flooding-session", message("load_git_info"))
    lines = [r for r in caplog.records if "flooding" in r.getMessage()]
    assert [re.findall(r"\((\d+) from", r.getMessage()) for r in lines] == [["1"], ["100"], ["200"]]


def test_runs_of_one_client_take_turns():
    """A second run of the same client waits until the first run's thread has ended; another client does not."""
    turns = server_guard.Turns()
    first_holds, release_first, second_got_turn = threading.Event(), threading.Event(), threading.Event()
    other_got_turn = threading.Event()

    def first() -> None:
        turns.take("198.51.100.1")
        first_holds.set()
        release_first.wait(60)

    def second() -> None:
        turns.take("198.51.100.1")
        second_got_turn.set()

    def other() -> None:
        turns.take("198.51.100.2")
        other_got_turn.set()

    threading.Thread(target=first, daemon=True).start()
    assert first_holds.wait(30)
    waiting = threading.Thread(target=second, daemon=True)
    waiting.start()
    threading.Thread(target=other, daemon=True).start()
    assert other_got_turn.wait(30)  # another address is not held up
    assert wait_for(lambda: turns._waiting["198.51.100.1"] == 1)
    assert not second_got_turn.is_set()
    release_first.set()  # the first thread ends: its turn is given back
    assert second_got_turn.wait(30)
    waiting.join(30)
    assert wait_for(lambda: turns.holding("198.51.100.1") == 0)


def test_the_watchdog_stops_a_run_that_computes_too_long_or_lost_its_session(monkeypatch):
    connected = {"a": True, "b": False}
    monkeypatch.setattr(streamlit_compat, "session_connected", lambda session_id: connected[session_id])
    outcomes: dict[str, str] = {}

    def compute(name: str, started: threading.Event) -> None:
        started.set()
        try:
            while True:  # pure Python, never calls Streamlit
                pass
        except server_guard.RunAborted as aborted:
            outcomes[name] = type(aborted).__name__

    watchdog = server_guard.Watchdog()
    threads = {}
    for name, limit in (("a", 0.2), ("b", 600.0)):
        started = threading.Event()
        threads[name] = threading.Thread(target=compute, args=(name, started), daemon=True)
        threads[name].start()
        assert started.wait(30)
        watchdog.register(threads[name], name, limit)
        watchdog._runs[threads[name].ident or 0].script = __file__  # the "app script" is this file here
    start = time.monotonic()

    def stopped_both() -> bool:
        watchdog.look()
        return len(outcomes) == 2

    assert wait_for(stopped_both, timeout=60)
    for thread in threads.values():
        thread.join(30)
    assert outcomes == {"a": "RunTooLong", "b": "SessionGone"}
    assert time.monotonic() - start >= server_guard.GONE_GRACE  # a vanished session gets its grace


# --------------------------------------------------------------------------------------------- servers

BUSY_APP = "tests/apps/busy.py"


@contextlib.contextmanager
def busy_server(tmp_path: Path, **env: str):
    port = deploy_stack.free_port()
    log_path = tmp_path / "busy.log"
    environment = {**os.environ, "PYTHONPATH": str(REPO), **env}
    command = [*deploy_stack.STREAMLIT[:-3], BUSY_APP, "--server.headless", "true", "--server.port", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deploy_stack._wait_ok(f"{url}/_stcore/health", process, "fixture app")
            yield url, log_path
        finally:
            deploy_stack._stop(process)


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


async def send_rerun(session: Session, query: str) -> None:
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = ""
    await session._ws.send(msg.SerializeToString())


async def texts_until_finished(session: Session) -> list[str]:
    """Markdown and alert texts of one run, until its script_finished."""
    texts = []
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await session._ws.recv())
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            texts.append(element.alert.body if element.WhichOneof("type") == "alert" else element.markdown.body)
        elif kind == "script_finished" and msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return texts


def test_a_run_is_stopped_after_its_cpu_budget_and_when_its_websocket_is_gone(tmp_path):
    with busy_server(tmp_path, IKOE_RUN_CPU_SECONDS="3") as (url, log):

        async def too_long() -> list[str]:
            async with Session(url) as session:
                await session.run_page("")
                await send_rerun(session, "busy=1")
                return await asyncio.wait_for(texts_until_finished(session), 120)

        texts = in_own_thread(asyncio.run, too_long())
        assert texts[0] == "Rechnet"
        assert texts[-1] == server_guard.RunTooLong.message  # German, in place of the page
        assert "Run stopped (too much CPU)" in read(log)

        async def gone() -> None:
            async with Session(url) as session:
                await session.run_page("")
                await send_rerun(session, "busy=1")
                while True:  # until the busy run has started
                    msg = ForwardMsg()
                    msg.ParseFromString(await session._ws.recv())
                    if msg.WhichOneof("type") == "delta":
                        return

        in_own_thread(asyncio.run, gone())
        assert wait_for(lambda: "Run stopped (session gone)" in read(log), 60), read(log)[-3000:]
        assert "Traceback" not in read(log)


def test_a_rerun_flood_coalesces_and_sessions_per_client_are_bounded(tmp_path):
    with busy_server(tmp_path, IKOE_SESSIONS_PER_CLIENT="3") as (url, log):

        async def flood() -> list[str]:
            async with Session(url) as session:
                await session.run_page("")
                for number in range(100):
                    await send_rerun(session, f"n={number}&work=0.05")
                await send_rerun(session, "n=last")
                texts: list[str] = []
                while "Fertig (last)" not in texts:
                    texts += await asyncio.wait_for(texts_until_finished(session), 120)
                return texts

        in_own_thread(asyncio.run, flood())
        concurrent = [int(n) for n in re.findall(r"works \((\d+) at once\)", read(log))]
        assert concurrent and max(concurrent) == 1  # never two runs of the session at once
        assert len(concurrent) < 50  # a hundred requests, far fewer runs

        async def sessions() -> tuple[int, bool, bool]:
            opened = []
            try:
                for _ in range(3):
                    session = await Session(url).__aenter__()
                    opened.append(session)
                    await session.run_page("")
                refused = False
                try:
                    async with Session(url) as fourth:
                        await fourth.run_page("", timeout=60)
                except websockets.exceptions.ConnectionClosed:  # closed before a session existed
                    refused = True
                async with Session(url, source="127.0.0.2") as other:  # another client address
                    other_ran = not (await other.run_page("")).errors
                return len(opened), refused, other_ran
            finally:
                for session in opened:
                    await session.__aexit__(None, None, None)

        assert in_own_thread(asyncio.run, sessions()) == (3, True, True)
        assert "Session refused: client 127.0.0.1 already holds 3 sessions" in read(log)


def test_a_viewers_clear_cache_leaves_the_shared_cache_intact(tmp_path):
    env = {"IKOE_EDITIONS_DIR": str(tmp_path / "editions"), "IKOE_DATA_STEWARD_TOKEN": ""}
    stack = deploy_stack.stack(processes=1, proxy=False, env=env)
    running = in_own_thread(stack.__enter__)  # its start runs the asyncio client once
    try:
        log = running.run / "dashboard-0.log"
        loads = read(log).count("loaded into the shared cache")
        assert loads == 1  # the start script's run loaded the edition once

        async def clear_as_viewer() -> list[str]:
            async with Session(running.url) as session:
                await session.run_page("")
                msg = BackMsg()
                msg.clear_cache = True
                await session._ws.send(msg.SerializeToString())
                run = await session.run_page("handlungsziele")
                return run.errors

        assert in_own_thread(asyncio.run, clear_as_viewer()) == []
        assert wait_for(lambda: "sent clear_cache, which only a data steward may send" in read(log))
        assert read(log).count("loaded into the shared cache") == loads  # nothing was loaded again
    finally:
        stack.__exit__(None, None, None)
