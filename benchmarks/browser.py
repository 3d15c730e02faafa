"""Speed in the browser (issue #25): first load and every page switch in Chromium, against the floor.

    python benchmarks/browser.py                       # 5 rounds; writes benchmarks/results/browser.md
    python benchmarks/browser.py --rounds 3 --out /tmp/browser.md
    python benchmarks/browser.py --pages goals measures --rounds 1   # only these switches

On a shared machine, hold an exclusive lock while measuring: `flock -x /tmp/ikoe-heavy.lock python benchmarks/…`.

One dashboard process (shipped data, no proxy) and, in the same run, a floor app of the same shape — Streamlit's
navigation hidden, the sidebar's page links — with two pages: an empty page and the Übersicht's element skeleton
(title, facts box, four metrics, three plotly charts with table tabs and downloads, sidebar filters; no computation;
`EMPTY_PAGE_SCRIPT`/`SKELETON_SCRIPT` of benchmarks/run_benchmarks.py). Debian's Chromium at 1600 × 900.

Every round, for the floor and for the dashboard in turn (the order alternates between rounds):
* first load in a fresh browser context (own cache, cookies and session): from navigation start until done;
* every page switch as a user makes it, a click on the page's link in the sidebar: from the click until done.
The dashboard tours its registered pages in registry order, from the Übersicht through every page and back to
it; on a page with section tabs (Handlungsziele, Maßnahmen: only the open section is computed and sent) it then
opens each further section with a click on its tab and finally the first again, each a step of its own ("section
opened", against the floor's switch: it is a rerun of the page like a switch); the floor switches between its two
pages. "Done" means: the script has finished
(`[data-testid="stApp"][data-test-script-state="notRunning"]`), the run's view stamp is there (a later run than
before the click), nothing on the page is stale or still loading, and every plotly chart on the page is drawn
(on a page with section tabs: those of the open section, the only ones on the page).
Both servers are warmed first (every page once), so kept page models are not built in the measured runs.

Per step it records the time until the page was drawn whole (measured inside the page with `performance.now()`), how
long the page's main thread was busy meanwhile (long tasks: script, rendering, plotly), the server's part (from the
rerun request leaving the browser to the last websocket frame received; CDP timestamps), the websocket payload
received (`Network.webSocketFrameReceived`), and the number of charts and tables drawn; the dashboard's charts are
checked against the page models (every chart the model holds for the default view — with section tabs, for the
open section — must be drawn). The results are
medians over the rounds, reported as ratios to the floor's same step measured in the same run."""

from __future__ import annotations

import argparse
import base64
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import load  # a sibling script: its folder is on sys.path

from deploy.stack import stack
from ikoe_data import pages as registry

REPO = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 1600, "height": 900}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
SKELETON = "geruest"  # the floor app's url path of the skeleton; the empty page is its default page at /

# The floor app: the navigation and sidebar of the dashboard (hidden st.navigation, page links in the sidebar, the
# view stamp as the last element of every run), with the empty page and the skeleton as its pages.
FLOOR_APP = """
import streamlit as st

def empty():
    exec(compile({empty!r}, "leer", "exec"), {{}})

def skeleton():
    exec(compile({skeleton!r}, "geruest", "exec"), {{}})

pages = [st.Page(empty, title="Leer", default=True),
         st.Page(skeleton, title="Gerüst", url_path="geruest")]
page = st.navigation(pages, position="hidden")
with st.sidebar, st.container(key="navigation"):
    for each in pages:
        st.page_link(each)
page.run()
run = st.session_state["_view_run"] = st.session_state.get("_view_run", 0) + 1
st.html(f'<span data-ikoe-view="/{{page.url_path}}" data-ikoe-run="{{run}}" hidden></span>')
"""

# Evaluated on every animation frame until it returns an object: the run after `after` has been drawn whole.
DONE = """after => {
  const app = document.querySelector("[data-testid='stApp']");
  const stamp = document.querySelector("[data-ikoe-view]");
  if (!app || app.dataset.testScriptState !== "notRunning" || !stamp) return false;
  if (Number(stamp.dataset.ikoeRun) <= after) return false;
  if (document.querySelector("[data-stale='true'], [data-testid='stSkeleton']")) return false;
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  if (!charts.every((chart) => chart.querySelector(".main-svg .cartesianlayer"))) return false;
  return {
    start: window.__ikoeClick ?? 0, drawn: performance.now(), charts: charts.length,
    tables: document.querySelectorAll("[data-testid='stDataFrame']").length,
  };
}"""
# The moment of the click (a user's pointer, captured before Streamlit's handlers) starts a switch; the main
# thread's long tasks (over 50 ms: script, layout, plotly drawing) are collected for the busy time.
CLICK_CLOCK = """window.__ikoeTasks = [];
new PerformanceObserver((list) => { window.__ikoeTasks.push(...list.getEntries()); })
  .observe({type: "longtask", buffered: true});
addEventListener("pointerdown", () => { window.__ikoeClick = performance.now(); }, true);"""
# The long tasks' time between the step's start and its end (a task running over either end counts in part).
BUSY = """([start, end]) => window.__ikoeTasks
  .map((t) => Math.min(end, t.startTime + t.duration) - Math.max(start, t.startTime))
  .filter((ms) => ms > 0).reduce((a, b) => a + b, 0)"""


@dataclass
class Step:
    """One measured step: `total` from the click (or navigation start) until the page was drawn whole."""

    app: str
    name: str
    total: float
    busy: float  # the page's main thread busy with long tasks meanwhile
    server: float  # from the rerun request leaving the browser to the last frame received
    payload: int  # bytes received over the websocket
    charts: int
    tables: int


@dataclass
class Socket:
    """The websocket traffic of one page, from CDP's network events."""

    received: int = 0
    first_sent: float | None = None
    last_received: float | None = None

    def reset(self) -> None:
        self.received, self.first_sent, self.last_received = 0, None, None

    def on_received(self, event: dict[str, Any]) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        self.received += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data.encode())
        self.last_received = event["timestamp"]

    def on_sent(self, event: dict[str, Any]) -> None:
        if self.first_sent is None:
            self.first_sent = event["timestamp"]

    @property
    def server(self) -> float:
        if self.first_sent is None or self.last_received is None:
            return float("nan")
        return self.last_received - self.first_sent


@dataclass
class Tab:
    """A page in a fresh context with its websocket traffic observed."""

    page: Any
    socket: Socket = field(default_factory=Socket)
    run: int = 0

    def wait(self, app: str, name: str, timeout: float) -> Step:
        done = self.page.wait_for_function(DONE, arg=self.run, polling="raf", timeout=timeout * 1000).json_value()
        self.run = int(self.page.evaluate("() => Number(document.querySelector('[data-ikoe-view]').dataset.ikoeRun)"))
        seconds = lambda ms: ms / 1000  # noqa: E731
        return Step(
            app,
            name,
            total=seconds(done["drawn"] - done["start"]),
            busy=seconds(self.page.evaluate(BUSY, [done["start"], done["drawn"]])),
            server=self.socket.server,
            payload=self.socket.received,
            charts=done["charts"],
            tables=done["tables"],
        )


@contextlib.contextmanager
def fresh_tab(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    try:
        page = context.new_page()
        page.add_init_script(CLICK_CLOCK)
        tab = Tab(page)
        cdp = context.new_cdp_session(page)
        cdp.on("Network.webSocketFrameReceived", tab.socket.on_received)
        cdp.on("Network.webSocketFrameSent", tab.socket.on_sent)
        cdp.send("Network.enable")
        yield tab
    finally:
        context.close()


def first_load(browser, app: str, url: str, timeout: float) -> Step:
    with fresh_tab(browser) as tab:
        tab.page.goto(url)
        return tab.wait(app, "Erster Aufruf", timeout)


def switch(tab: Tab, app: str, title: str, name: str, timeout: float) -> Step:
    link = tab.page.locator(".st-key-navigation").get_by_role("link", name=title, exact=True)
    link.wait_for(timeout=timeout * 1000)
    tab.socket.reset()
    link.click()
    return tab.wait(app, name, timeout)


def tour_pages(only: list[str] | None = None) -> list[registry.PageSpec]:
    """The pages of the dashboard's navigation in registry order (without the steward-only pages, which the
    benchmark's server does not show); the Übersicht first."""
    shown = [spec for spec in registry.PAGES if not spec.steward_only]
    if only:
        unknown = set(only) - {spec.key for spec in shown}
        if unknown:
            raise SystemExit(f"no such page in the navigation: {sorted(unknown)}")
        shown = [shown[0], *(spec for spec in shown[1:] if spec.key in only)]
    return shown


def sections(specs: list[registry.PageSpec]) -> dict[str, list[str]]:
    """The section tabs of each page that has them (registry key → the sections' labels, the open one first)."""
    return {
        key: [label for label, _ in model.sections()[1]] for key, model in _models(specs).items() if model.section_tabs
    }


def section_step(key: str, label: str) -> str:
    return f"{key} › {label}"


def _models(specs: list[registry.PageSpec]) -> dict[str, Any]:
    """Each page's model of its default view on the shipped data (what the server shows)."""
    from ikoe_data import load_all
    from ikoe_data.analysis import Views
    from ikoe_data.filters import Filters
    from ikoe_data.pages.model import Edition, PageInput

    ds = load_all(REPO / "datasets")
    edition = Edition(ds.edition, ds.edition_label)
    views = Views.of(ds)
    return {
        spec.key: spec.build(PageInput(ds, views, Filters(), {}, edition, (edition,), lambda _: ds))
        for spec in specs
        if spec.build is not None
    }


def expected_charts(specs: list[registry.PageSpec]) -> dict[str, int]:
    """The charts of each page's default view as it opens (a page with section tabs: its first section), and of
    each further section when opened (`section_step`), from the models on the shipped data."""

    from ikoe_data.pages.model import View

    def drawn(views: list[Any]) -> int:
        return sum(1 for view in views if view.chart and view.figure is not None and not view.table.empty)

    models = _models(specs)
    counts = {spec.key: drawn(models[spec.key].opening_views()) if spec.key in models else 0 for spec in specs}
    for key, model in models.items():
        if model.section_tabs:
            for label, blocks in model.sections()[1]:
                counts[section_step(key, label)] = drawn([b for b in blocks if isinstance(b, View)])
    return counts


def open_section(tab: Tab, label: str, name: str, timeout: float) -> Step:
    """A click on a section's tab (a page with section tabs), until the section is drawn whole."""
    section = tab.page.locator("[data-testid='stMain']").get_by_role("tab", name=label, exact=True).first
    section.wait_for(timeout=timeout * 1000)
    tab.socket.reset()
    section.click()
    return tab.wait("dashboard", name, timeout)


def dashboard_round(
    browser, url: str, specs: list[registry.PageSpec], timeout: float, tabs: dict[str, list[str]] | None = None
) -> list[Step]:
    """The first load, then the tour; on a page with section tabs (`tabs`), each further section opened in turn
    after the switch to the page, and the first again."""
    steps = [first_load(browser, "dashboard", url, timeout)]
    steps[0].name = f"Erster Aufruf ({specs[0].title})"
    with fresh_tab(browser) as tab:
        tab.page.goto(url)
        tab.wait("dashboard", "", timeout)
        for spec in [*specs[1:], specs[0]]:
            steps.append(switch(tab, "dashboard", spec.title, spec.key, timeout))
            labels = (tabs or {}).get(spec.key, [])
            for label in [*labels[1:], *labels[:1]] if len(labels) > 1 else []:
                steps.append(open_section(tab, label, section_step(spec.key, label), timeout))
    return steps


def floor_round(browser, url: str, switches: int, timeout: float) -> list[Step]:
    steps = [
        first_load(browser, "skeleton", f"{url}/{SKELETON}", timeout),
        first_load(browser, "empty", f"{url}/", timeout),
    ]
    with fresh_tab(browser) as tab:
        # As the dashboard's tour starts on the Übersicht, whose elements the skeleton has: the browser has loaded
        # the code of those elements (plotly, the sidebar's widgets) before the first switch.
        tab.page.goto(f"{url}/{SKELETON}")
        tab.wait("skeleton", "", timeout)
        for _ in range(switches):
            steps.append(switch(tab, "empty", "Leer", "switch", timeout))
            steps.append(switch(tab, "skeleton", "Gerüst", "switch", timeout))
    for step in steps[:2]:
        step.name = "Erster Aufruf"
    return steps


@contextlib.contextmanager
def floor_server():
    with load.floor_server(FLOOR_APP) as (url, _pid):
        yield url


@contextlib.contextmanager
def servers():
    """The dashboard (shipped data in a private edition store, no steward token) and the floor app."""
    with tempfile.TemporaryDirectory(prefix="ikoe-browser-") as editions:
        env = {"IKOE_EDITIONS_DIR": editions, "IKOE_DATA_STEWARD_TOKEN": ""}
        with stack(processes=1, proxy=False, env=env) as running, floor_server() as floor:
            yield running.url, floor


@dataclass
class Measured:
    steps: list[Step]
    expected: dict[str, int]
    rounds: int
    sections: dict[str, list[str]] = field(default_factory=dict)  # section tabs per page key, the open one first


def measure(
    browser,
    dashboard: str,
    floor: str,
    specs: list[registry.PageSpec],
    rounds: int,
    timeout: float,
    warm: bool = True,
    floor_switches: int = 3,
) -> Measured:
    """Warm both servers (unless `warm` is False), then `rounds` rounds of floor (`floor_switches` switches to each
    of its pages) and dashboard, alternating which goes first."""
    tabs = sections(specs)
    if warm:
        dashboard_round(browser, dashboard, specs, timeout, tabs)  # every model built, every script compiled
        floor_round(browser, floor, 1, timeout)
    steps: list[Step] = []
    for index in range(rounds):
        parts = [
            lambda: floor_round(browser, floor, floor_switches, timeout),
            lambda: dashboard_round(browser, dashboard, specs, timeout, tabs),
        ]
        for part in parts if index % 2 == 0 else parts[::-1]:
            steps += part()
    return Measured(steps, expected_charts(specs), rounds, tabs)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def summary(measured: Measured, specs: list[registry.PageSpec]) -> dict[str, Any]:
    """Medians per step; ratios to the skeleton's and the empty page's same kind of step."""

    def of(app: str, name: str) -> list[Step]:
        return [s for s in measured.steps if s.app == app and s.name == name]

    floor = {
        (app, kind): median([s.total for s in of(app, name)])
        for app in ("skeleton", "empty")
        for kind, name in (("load", "Erster Aufruf"), ("switch", "switch"))
    }
    rows: list[dict[str, Any]] = []
    tour: list[tuple[str, str, str]] = [
        ("load", f"Erster Aufruf ({specs[0].title})", f"Erster Aufruf ({specs[0].title})")
    ]
    for spec in [*specs[1:], specs[0]]:
        tour.append(("switch", spec.key, f"Wechsel zu {spec.title}"))
        labels = measured.sections.get(spec.key, [])
        for label in [*labels[1:], *labels[:1]] if len(labels) > 1 else []:
            tour.append(("section", section_step(spec.key, label), f"{spec.title}: Abschnitt „{label}“"))
    for kind, name, title in tour:
        steps = of("dashboard", name)
        total = median([s.total for s in steps])
        rows.append(
            {
                "kind": kind,
                "key": name,
                "title": title,
                "total": total,
                "busy": median([s.busy for s in steps]),
                "server": median([s.server for s in steps]),
                "payload": median([s.payload for s in steps]),
                "charts": min((s.charts for s in steps), default=0),
                "tables": min((s.tables for s in steps), default=0),
                # a section opened is a rerun of the page like a switch: measured against the floor's switch
                "skeleton": total / floor[("skeleton", "load" if kind == "load" else "switch")],
                "empty": total / floor[("empty", "load" if kind == "load" else "switch")],
            }
        )
    floor_rows: list[dict[str, Any]] = []
    for app, title in (("skeleton", "Gerüst"), ("empty", "Leere Seite")):
        for name, what in (("Erster Aufruf", "erster Aufruf"), ("switch", "Wechsel")):
            steps = of(app, name)
            floor_rows.append(
                {
                    "title": f"{title}: {what}",
                    "total": median([s.total for s in steps]),
                    "busy": median([s.busy for s in steps]),
                    "server": median([s.server for s in steps]),
                    "payload": median([s.payload for s in steps]),
                    "charts": min((s.charts for s in steps), default=0),
                    "runs": len(steps),
                }
            )
    missing = [
        f"{row['title']}: {row['charts']} von {measured.expected.get(row['key'], 0)} Diagrammen"
        for row in rows
        if row["kind"] != "load" and row["charts"] < measured.expected.get(row["key"], 0)
    ]
    return {"rows": rows, "floor": floor_rows, "missing": missing}


def kib(size: float) -> str:
    return f"{size / 1024:.0f} KiB"


def report(result: dict[str, Any], header: str) -> str:
    rows = result["rows"]
    switches = [r for r in rows if r["kind"] == "switch"]
    slowest = max(switches, key=lambda r: r["skeleton"])
    opened = [r for r in rows if r["kind"] == "section"]
    slowest_section = max(opened, key=lambda r: r["skeleton"]) if opened else None
    lines = [
        "# Browser benchmark",
        "",
        header,
        "",
        f"Slowest page switch: **{slowest['title']}, {slowest['skeleton']:.2f}× the skeleton's switch** (target ≤ 2×, "
        f"must show ≤ 2.5×); first load {rows[0]['skeleton']:.2f}× the skeleton's (target ≤ 1.2×); largest payload "
        f"of a page run {kib(max(r['payload'] for r in rows))} (target ≤ 150 KiB).",
        *(
            [
                "",
                f"Slowest section opened (a click on a section tab of a page with section tabs, a rerun of the page "
                f"like a switch): **{slowest_section['title']}, {slowest_section['skeleton']:.2f}× the skeleton's "
                "switch**.",
            ]
            if slowest_section
            else []
        ),
        "",
        "| Step | × skeleton | × empty page | server part | main thread busy | payload | charts | tables |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(
            f"| {r['title']} | {r['skeleton']:.2f} | {r['empty']:.2f} | {r['server'] / r['total']:.0%} | "
            f"{r['busy'] / r['total']:.0%} | {kib(r['payload'])} | {r['charts']} | {r['tables']} |"
        )
    lines += [
        "",
        '"server part": share of the step from the rerun request leaving the browser to the last websocket frame '
        'received; "main thread busy": share in which the page\'s main thread ran long tasks (over 50 ms: script, '
        "layout, plotly drawing). Payload: bytes received over the websocket. Charts and tables: drawn on the page "
        "at the end of the step (fewest in any round).",
        "",
        "Absolute medians, for orientation only (they depend on the machine and its load; compare ratios):",
        "",
        "| Step | median | server part | main thread busy | payload | charts | runs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in result["floor"]:
        lines.append(
            f"| {r['title']} | {r['total']:.2f} s | {r['server']:.2f} s | {r['busy']:.2f} s | {kib(r['payload'])} | "
            f"{r['charts']} | {r['runs']} |"
        )
    for r in rows:
        lines.append(
            f"| Dashboard: {r['title']} | {r['total']:.2f} s | {r['server']:.2f} s | {r['busy']:.2f} s | "
            f"{kib(r['payload'])} | {r['charts']} | |"
        )
    if result["missing"]:
        lines += ["", "## Missing charts", "", *(f"- {m}" for m in result["missing"])]
    return "\n".join(lines) + "\n"


def chromium() -> str:
    for path in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if os.path.exists(path):
            return path
    raise SystemExit("Debian's Chromium is needed: apt-get install chromium")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--pages", nargs="+", help="registry keys of the pages to switch to (default: all)")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per step")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "browser.md")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    specs = tour_pages(args.pages)
    load_before = os.getloadavg()[0]
    started = time.strftime("%d.%m.%Y %H:%M")
    with servers() as (dashboard, floor), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            measured = measure(browser, dashboard, floor, specs, args.rounds, args.timeout)
            version = browser.version
        finally:
            browser.close()
    result = summary(measured, specs)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    header = (
        f"Started {started}, commit {commit.strip() or '?'}, Chromium {version}, {os.cpu_count()} cores, load average "
        f"(1 min) {load_before:.1f} before and {os.getloadavg()[0]:.1f} after; medians of {args.rounds} rounds.\n"
        f"Command: `python benchmarks/browser.py {' '.join(argv if argv is not None else sys.argv[1:])}`"
    )
    text = report(result, header)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 1 if result["missing"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
