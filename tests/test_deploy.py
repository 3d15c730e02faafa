"""The shipped deployment: two dashboard processes behind nginx (TLS, sticky sessions, security headers, upload
limits) serve every page; a viewer cannot make the server hold uploads; the browser makes no request to any
other host and the CSP blocks nothing Streamlit needs. Runs in .ci/run (which installs nginx).

The websocket clients are asyncio code; they run in a thread of their own (`in_own_thread`) because the session's
browser keeps Playwright's event loop running in the main thread."""

from __future__ import annotations

import asyncio
import os
import shutil
import ssl
import tomllib
import urllib.request

import pytest
from browser_support import in_own_thread, new_context
from conftest import REPO

from deploy import stack as deploy_stack
from deploy.st_client import CLOSED, Session, put_file
from deploy.upload_abuse import MAX_GROWTH_BYTES, MB, measure
from ikoe_data import importer


def require_nginx() -> None:
    if shutil.which("nginx") or os.path.exists(deploy_stack.NGINX):
        return
    if os.environ.get("CI"):
        pytest.fail("nginx is missing: .ci/run installs Debian's nginx package; the deployment must be tested in CI.")
    pytest.skip("nginx not installed (apt-get install -y nginx); deployment tests skipped outside CI.")


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    require_nginx()
    env = {"IKOE_EDITIONS_DIR": str(tmp_path_factory.mktemp("editions")), "IKOE_DATA_STEWARD_TOKEN": ""}
    stack = deploy_stack.stack(processes=2, proxy=True, env=env)
    started = in_own_thread(stack.__enter__)  # its start-up runs the asyncio websocket client once per dashboard
    try:
        yield started
    finally:
        stack.__exit__(None, None, None)


def test_shipped_config_matches_the_import_limit_and_hides_details():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * MB == importer.MAX_UPLOAD_BYTES
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["browser"]["gatherUsageStats"] is False
    nginx = (REPO / "deploy" / "nginx.conf.template").read_text()
    assert f"client_max_body_size {importer.MAX_UPLOAD_BYTES // MB + 1}m;" in nginx


def test_every_page_through_the_proxy(running):
    async def tour() -> dict[str, int]:
        async with Session(running.url) as first:
            await first.run_page("")
            pages = dict(first.pages)
        assert len(pages) >= 7, pages
        elements = {}
        for path in pages:  # a new session per page: the route cookies spread them over both processes
            async with Session(running.url) as session:
                run = await session.run_page(path)
                assert not run.errors, (path, run.errors)
                elements[path] = run.elements
        return elements

    elements = in_own_thread(asyncio.run, tour())
    # A fresh session's Foliensatz is empty: title, question, a hint and the sidebar only.
    assert all(count >= (5 if path == "foliensatz" else 10) for path, count in elements.items()), elements


def test_sessions_are_sticky_and_uploads_limited(running):
    async def uploads() -> list[int]:
        statuses = []
        for number in range(6):  # each with its own route cookie; a wrong process would answer 400
            async with Session(running.url) as session:
                await session.run_page("")
                statuses.append(put_file(running.url, session, "a.csv", b"a;b\n1;2\n", f"sticky-{number}"))
        return statuses

    assert in_own_thread(asyncio.run, uploads()) == [204] * 6

    async def too_large() -> int:
        async with Session(running.url) as session:
            await session.run_page("")
            return put_file(running.url, session, "big.xlsx", b"\0" * (12 * MB), "big")

    assert in_own_thread(asyncio.run, too_large()) in (413, CLOSED)


def test_security_headers_and_tls(running):
    assert running.url.startswith("https://")
    context = ssl._create_unverified_context()  # the smoke test's self-signed certificate
    with urllib.request.urlopen(running.url + "/", context=context) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp and "object-src 'none'" in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "ikoe_route=" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    assert headers["Server"] == "nginx"  # no version


@pytest.mark.parametrize("proxy", [False, True], ids=["direkt", "nginx"])
def test_a_viewer_cannot_make_the_server_hold_uploads(proxy):
    if proxy:
        require_nginx()
    outcomes = in_own_thread(measure, proxy)
    for outcome in outcomes:
        assert outcome.growth < MAX_GROWTH_BYTES, outcome.line()
        if outcome.size > importer.MAX_UPLOAD_BYTES:
            assert 204 not in outcome.statuses, outcome.line()
    if proxy:
        assert 429 in outcomes[1].statuses, outcomes[1].line()  # the rate limit on the upload path


def test_browser_through_the_proxy_requests_nothing_elsewhere(running, browser):
    host = running.url.removeprefix("https://")
    with new_context(browser, ignore_https_errors=True, viewport={"width": 1600, "height": 900}) as context:
        page = context.new_page()
        requests: list[str] = []
        problems: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.goto(running.url + "/")
        page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
        links = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']")
        links.first.wait_for(timeout=60_000)  # the navigation is drawn by the script (ikoe_ui.a11y), after the title
        page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
        paths = [links.nth(i).get_attribute("href") or "" for i in range(links.count())]
        assert len(paths) >= 7, paths  # the start page links to "" (the root)
        for href in paths:
            page.goto(href if href.startswith("http") else running.url + "/" + href.lstrip("/"))
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
            page.get_by_role("heading", level=1).first.wait_for(timeout=60_000)
            assert page.locator("[data-testid='stException']").count() == 0
        favicon = page.locator("link[rel='shortcut icon']").get_attribute("href") or ""
    foreign = [url for url in requests if not url.startswith(("data:", "blob:")) and host not in url.split("/")[2]]
    assert foreign == []
    assert problems == []
    assert favicon.startswith(("/media/", running.url)) or favicon.startswith("./"), favicon
