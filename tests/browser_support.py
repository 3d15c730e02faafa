"""Shared by the browser tests: Chromium lookup, a `streamlit run` server on a free port, page helpers."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest
from conftest import REPO

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package; browser tests must run in CI.")
    pytest.skip("Chromium not installed (apt-get install -y chromium); browser tests skipped outside CI.")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(env_changes: dict[str, str | None]):
    """`streamlit run dashboard.py` on a free port; yields the base URL once /_stcore/health answers.

    The server's output goes to a log file (a pipe nobody reads would block the server once full); the log is
    shown when the server does not start."""
    chromium_path()
    port = free_port()
    env = dict(os.environ)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    log = tempfile.NamedTemporaryFile(prefix="ikoe-streamlit-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if time.time() > deadline or process.poll() is not None:
                process.kill()
                log.flush()
                pytest.fail(f"Streamlit server did not start (log {log.name}):\n" + read_log(log.name))
            time.sleep(0.3)
        _warm_up(base)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        os.unlink(log.name)


def read_log(path: str, limit: int = 20_000) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()[-limit:]


def _warm_up(base: str) -> None:
    """Open the start page once. Streamlit shows a spurious "Page not found" dialog to the very first session
    after a server start that enters through a page URL other than "/" (streamlit/streamlit#9992); real
    "not found" errors in later sessions are still caught by open_page."""
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(base)
        tab.get_by_role("heading", level=1).first.wait_for(timeout=60_000)


@contextlib.contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def open_page(page, server, path: str, title: str, charts: int):
    page.goto(f"{server}/{path}")
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
    if charts:
        page.wait_for_function(
            "n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
            " return plots.length >= n && plots.every(p => p.querySelector('.main-svg .cartesianlayer')); }",
            arg=charts,
            timeout=60_000,
        )
    wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.get_by_text("Page not found").count() == 0


IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_until_idle(page, timeout: int = 60_000) -> None:
    """Wait until the app's script run has finished (Streamlit marks it on the app element), never a fixed time."""
    page.wait_for_selector(IDLE, timeout=timeout)
