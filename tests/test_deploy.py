"""The shipped deployment: two dashboard processes behind nginx (TLS, sticky sessions, security headers, upload
limits) serve every page; a viewer cannot make the server hold uploads; the browser makes no request to any
other host and the CSP blocks nothing Streamlit needs; only BSI TR-02102-2 cipher suites, metrics closed, a foreign
Origin refused by nginx, Secure on every cookie, websockets and requests limited per client address (also behind a
load balancer, real_ip). Runs in .ci/run (which installs nginx and openssl).

The websocket clients are asyncio code; they run in a thread of their own (`in_own_thread`) because the session's
browser keeps Playwright's event loop running in the main thread."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import ssl
import subprocess
import tomllib
import urllib.error
import urllib.request
from email.message import Message

import pytest
import websockets
from browser_support import in_own_thread, new_context
from conftest import REPO

from deploy import stack as deploy_stack
from deploy.st_client import CLOSED, Session, insecure_ssl, put_file
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


# --------------------------------------------------------------------------- hardening of the proxy (issue #24)

CLIENT_A, CLIENT_B, CLIENT_C = "198.51.100.7", "203.0.113.5", "192.0.2.44"
LIMITS = deploy_stack.Limits(
    websockets_per_client=3, requests_per_second=1, request_burst=10, trusted_proxies=("127.0.0.1",)
)


@pytest.fixture(scope="module")
def behind_a_balancer(tmp_path_factory):
    """One dashboard behind nginx with small limits, as behind a load balancer on 127.0.0.1 whose X-Forwarded-For
    header names the client (real_ip): the test speaks for several clients from one machine."""
    require_nginx()
    env = {"IKOE_EDITIONS_DIR": str(tmp_path_factory.mktemp("editions")), "IKOE_DATA_STEWARD_TOKEN": ""}
    stack = deploy_stack.stack(processes=1, proxy=True, env=env, limits=LIMITS)
    started = in_own_thread(stack.__enter__)
    try:
        yield started
    finally:
        stack.__exit__(None, None, None)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, context=insecure_ssl(), timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def test_metrics_are_closed_at_the_proxy(running):
    status, _ = get(running.direct_urls[0] + "/_stcore/metrics")
    assert status == 200  # Streamlit serves them: the proxy must not
    for path in (
        "/_stcore/metrics",
        "/_stcore/metrics/",
        "/_stcore//metrics",
        "/_stcore/%6Detrics",
        "/_stcore/metrics?x=1",
    ):
        status, headers = get(running.url + path)
        assert status == 404 and headers["Server"] == "nginx", path


def test_a_foreign_origin_is_refused_by_nginx(running):
    async def same_site() -> int:
        async with Session(running.url) as session:
            return len((await session.run_page("")).errors)

    async def refused(origin: str) -> websockets.exceptions.InvalidStatus:
        with pytest.raises(websockets.exceptions.InvalidStatus) as caught:
            async with Session(running.url, headers={"Origin": origin}) as session:
                await session.run_page("")
        return caught.value

    assert in_own_thread(asyncio.run, same_site()) == 0
    host = running.url.removeprefix("https://")
    for foreign in ("https://evil.example", f"http://{host}", f"https://{host}.evil.example", "null"):
        answer = in_own_thread(asyncio.run, refused(foreign)).response
        assert answer.status_code == 403, foreign
        assert b"nginx" in answer.body  # nginx's own error page: the request never reached Streamlit


def openssl(host_port: str, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["openssl", "s_client", "-connect", host_port, "-servername", "localhost", *options],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "options",
    [
        ("-tls1_2", "-cipher", "AES128-SHA"),  # RSA key exchange, CBC: no forward secrecy
        ("-tls1_2", "-cipher", "AES256-SHA256"),
        ("-tls1_2", "-cipher", "CAMELLIA128-SHA:CAMELLIA256-SHA:ECDHE-RSA-CAMELLIA128-SHA256"),
        ("-tls1_2", "-cipher", "ARIA128-GCM-SHA256:ECDHE-ARIA128-GCM-SHA256:ECDHE-ECDSA-ARIA128-GCM-SHA256"),
        ("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA"),  # ECDHE, but CBC
        ("-tls1_2", "-cipher", "ECDHE-ECDSA-CHACHA20-POLY1305"),  # not in TR-02102-2
        ("-tls1_3", "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256"),
        ("-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"),
    ],
    ids=lambda options: " ".join(options),
)
def test_tls_without_forward_secrecy_or_aead_is_refused(running, options):
    done = openssl(running.url.removeprefix("https://"), *options)
    # "Cipher is (NONE)": the client offered only these and the server refused (a client that cannot offer them
    # at all stops before connecting, without this line)
    assert done.returncode != 0 and "Cipher is (NONE)" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("options", "cipher"),
    [
        (("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"), "ECDHE-ECDSA-AES128-GCM-SHA256"),
        (("-tls1_2",), "ECDHE-ECDSA-AES256-GCM-SHA384"),  # the server's first choice
        (("-tls1_3",), "TLS_AES_256_GCM_SHA384"),
    ],
)
def test_tls_with_the_recommended_suites_works(running, options, cipher):
    done = openssl(running.url.removeprefix("https://"), *options)
    assert done.returncode == 0 and f"Cipher is {cipher}" in done.stdout, done.stdout + done.stderr


def test_every_cookie_is_secure(running):
    """Streamlit sets its XSRF cookie (on the health check the page calls first) without Secure behind a proxy
    that ends TLS; nginx adds it, as to every cookie."""

    def set_cookies(url: str) -> list[str]:
        status, headers = get(url)
        assert status == 200
        return headers.get_all("Set-Cookie") or []

    direct = set_cookies(running.direct_urls[0] + "/_stcore/health")
    assert [c.split("=", 1)[0] for c in direct] == ["_streamlit_xsrf"] and "Secure" not in direct[0]
    cookies = set_cookies(running.url + "/") + set_cookies(running.url + "/_stcore/health")
    assert {c.split("=", 1)[0] for c in cookies} == {"_streamlit_xsrf", "ikoe_route"}, cookies
    assert all(re.search(r";\s*secure\b", c, re.IGNORECASE) for c in cookies), cookies


def test_websockets_are_limited_per_client(behind_a_balancer):
    base = behind_a_balancer.url

    async def sessions() -> tuple[list[int], int, int]:
        async def open_one(client: str) -> tuple[int, Session | None]:
            session = Session(base, headers={"X-Forwarded-For": client})
            try:
                await session.__aenter__()
            except websockets.exceptions.InvalidStatus as refused:
                return refused.response.status_code, None
            return 101, session

        opened = [await open_one(CLIENT_A) for _ in range(LIMITS.websockets_per_client + 1)]
        other, other_session = await open_one(CLIENT_B)  # another client is not affected
        first = opened[0][1]
        assert first is not None
        await first.__aexit__(None, None, None)  # a closed session frees its place
        again, again_session = await open_one(CLIENT_A)
        for _, session in [*opened[1:], (other, other_session), (again, again_session)]:
            if session is not None:
                await session.__aexit__(None, None, None)
        return [status for status, _ in opened], other, again

    statuses, other, again = in_own_thread(asyncio.run, sessions())
    assert statuses == [101] * LIMITS.websockets_per_client + [429]
    assert other == 101 and again == 101


def test_requests_are_limited_per_client(behind_a_balancer):
    base = behind_a_balancer.url
    # a client not seen before (the websocket handshakes of the test above count as requests of their clients)
    statuses = [
        get(base + "/_stcore/health", {"X-Forwarded-For": CLIENT_C})[0] for _ in range(LIMITS.request_burst + 5)
    ]
    assert 429 in statuses and statuses[: LIMITS.request_burst] == [200] * LIMITS.request_burst
    assert get(base + "/_stcore/health", {"X-Forwarded-For": CLIENT_B})[0] == 200  # another client is served


def test_uploads_are_limited_per_real_client(behind_a_balancer):
    """The upload path's own rate limit (6 per minute, burst 5) counts the client behind the load balancer."""

    def put(client: str) -> int:
        request = urllib.request.Request(
            behind_a_balancer.url + "/_stcore/upload_file/keine-sitzung/keine-datei",
            data=b"-",
            method="PUT",
            headers={"X-Forwarded-For": client},
        )
        try:
            with urllib.request.urlopen(request, context=insecure_ssl(), timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    statuses = [put(CLIENT_A) for _ in range(8)]
    assert statuses[:6].count(429) == 0 and statuses[6:] == [429, 429], statuses  # refused by Streamlit: 4xx
    assert put(CLIENT_B) != 429


def test_the_render_for_a_load_balancer(tmp_path):
    text = deploy_stack.render(
        tmp_path,
        "443",
        [8501],
        tmp_path / "c",
        tmp_path / "k",
        limits=deploy_stack.Limits(trusted_proxies=("10.1.0.0/16",)),
    )
    assert "set_real_ip_from 10.1.0.0/16;" in text and "real_ip_header X-Forwarded-For;" in text
    assert "set_real_ip_from" not in deploy_stack.render(tmp_path, "443", [8501], tmp_path / "c", tmp_path / "k")
