"""Shared by the browser tests: one Chromium per test session, a `streamlit run` server on a free port, page helpers."""

from __future__ import annotations

import concurrent.futures
import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import pytest
from conftest import REPO

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext

T = TypeVar("T")

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
def streamlit_server(env_changes: dict[str, str | None], options: tuple[str, ...] = ()):
    """`streamlit run dashboard.py` on a free port (more command-line `options`, e.g. `--secrets.files`); yields the
    base URL once /_stcore/health answers.

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
            *options,
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
            with contextlib.suppress(subprocess.TimeoutExpired):  # the poll interval ends early if the server exits
                process.wait(timeout=0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a busy machine: the server did not finish its shutdown in time
            process.kill()
            process.wait()
        log.close()
        os.unlink(log.name)


def read_log(path: str, limit: int = 20_000) -> str:
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()[-limit:]


_SESSION: dict[str, Any] = {}


def session_browser() -> Browser:
    """The one Chromium of the whole test session, started on first use (the `browser` fixture in conftest) and
    stopped by `close_session_browser` when the session ends (conftest).

    Playwright's sync API keeps an asyncio event loop running in the main thread from here on, so asyncio code
    in a test must run in a thread of its own (see `in_own_thread`)."""
    if "browser" not in _SESSION:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _SESSION["playwright"] = playwright
        _SESSION["browser"] = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    return _SESSION["browser"]


def close_session_browser() -> None:
    if "browser" in _SESSION:
        _SESSION.pop("browser").close()
        _SESSION.pop("playwright").stop()


@contextlib.contextmanager
def new_context(browser: Browser, **options: Any) -> Iterator[BrowserContext]:
    """A fresh browser context (own cookies, storage and Streamlit session), closed however the test ends."""
    context = browser.new_context(**options)
    try:
        yield context
    finally:
        context.close()


def in_own_thread(function: Callable[..., T], *args: Any) -> T:
    """`function(*args)` in a worker thread: for asyncio code (`asyncio.run`) while the session's browser keeps
    Playwright's event loop running in the main thread."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


def open_page(page, server, path: str, title: str, charts: int, whole_view: bool = True):
    """Open a page and wait until it is drawn: its heading, `charts` charts, and (unless the page stops early, as
    Datenpflege does before a file is chosen: `whole_view=False`) the whole view the address bar asks for."""
    page.goto(f"{server}/{path}")
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=60_000)
    if charts:
        page.wait_for_function(
            "n => { const plots = [...document.querySelectorAll('.js-plotly-plot')];"
            " return plots.length >= n && plots.every(p => p.querySelector('.main-svg .cartesianlayer')); }",
            arg=charts,
            timeout=60_000,
        )
    if whole_view:
        wait_for_view(page)
    else:
        wait_until_idle(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert (
        page.get_by_text(re.compile("^(Page not found|Seite nicht gefunden)$")).count() == 0
    )  # Streamlit's English dialog (tests/test_browser_deep_link.py)


IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def wait_until_idle(page, timeout: int = 60_000) -> None:
    """Wait until the app's script run has finished (Streamlit marks it on the app element), never a fixed time."""
    page.wait_for_selector(IDLE, timeout=timeout)


VIEW_DRAWN = """after => {
  const app = document.querySelector("[data-testid='stApp']");
  const stamp = document.querySelector("[data-ikoe-view]");
  if (!app || app.dataset.testScriptState !== "notRunning" || !stamp) return false;
  if (Number(stamp.dataset.ikoeRun) <= after) return false;
  if (document.querySelector("[data-stale='true'], [data-testid='stSkeleton']")) return false;
  const view = (url) => url.pathname.replace(/^\\/+|\\/+$/g, "") + "?" +
    [...url.searchParams].map((pair) => pair.join("=")).sort().join("&");
  return view(new URL(stamp.dataset.ikoeView, location.href)) === view(new URL(location.href));
}"""


def run_number(page) -> int:
    """How many runs of this browser session have drawn a whole page (ikoe_ui.layout.view_stamp); 0 before the
    first."""
    return int(page.evaluate("() => Number(document.querySelector('[data-ikoe-view]')?.dataset.ikoeRun || 0)"))


def wait_for_view(page, after: int = 0, timeout: int = 60_000) -> None:
    """Wait until the page shows what the address bar asks for: a run has ended (a later one than run `after`),
    nothing on the page is left from an earlier run or still loading its code (Streamlit draws a skeleton in the
    meantime, e.g. for the sidebar's multiselects after a reload), and that run's view stamp equals the address bar.

    The script state "notRunning" alone is not enough: after a widget change or a click the browser keeps the
    previous run's "notRunning" until the server has started the rerun, while the sidebar and the address bar
    already show the new choice (under load that lasts long enough for a test to read the old chart)."""
    page.wait_for_function(VIEW_DRAWN, arg=after, timeout=timeout)


def open_combobox(scope: Any, label: str) -> None:
    """Open the drop-down list of the select box `label` inside `scope` (a page or locator). The box is scrolled
    into view first and then clicked: Playwright's click scrolls a box at the sidebar's lower edge itself, and
    that scroll closed the list it had just opened (a person's click there opens it; observed with Streamlit 1.67)."""
    from playwright.sync_api import expect

    box = scope.get_by_role("combobox", name=label)
    box.scroll_into_view_if_needed()
    box.click()
    expect(box).to_have_attribute("aria-expanded", "true")
