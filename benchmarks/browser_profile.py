"""Where a page switch's main-thread time goes in Chromium (issue #25): a performance trace of the switch, broken
down by kind of work and by plotly.js module, and every chart of the page drawn alone.

    python benchmarks/browser_profile.py                        # Handlungsziele and Maßnahmen against the skeleton
    python benchmarks/browser_profile.py --pages goals --rounds 3 --out /tmp/profile.md

On a shared machine, hold an exclusive lock: `flock -x /tmp/ikoe-heavy.lock python benchmarks/…`.

The same servers and switches as benchmarks/browser.py (a click on the page's link in the sidebar until the page is
drawn whole). For each measured switch a Chrome trace (devtools timeline and V8's sampling profiler) is recorded and
read back:
* the main thread's time from the click until done, by kind of work (script, style, layout, forced layout inside a
  script, paint, garbage collection, …; each event's own time, without what it called);
* the script time by source: plotly.js module (Streamlit's bundle keeps each module's path, e.g.
  `src/traces/heatmap/plot.js`), or the bundle for everything else; time in the browser's own functions (getBBox,
  layout forced by a script) counts for the module that called them;
* forced layouts (a script reading a size or position after a change) by the plotly.js module that forced them.
Then every chart of the page, as the page model holds it, is drawn alone in a bare page with plotly.js (the version
the plotly package ships, next to Streamlit's; same width as on the dashboard, same config), `Plotly.newPlot` timed
per chart (median of the rounds)."""

from __future__ import annotations

import argparse
import bisect
import collections
import itertools
import json
import os
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import browser as bench  # a sibling script: its folder is on sys.path

REPO = bench.REPO
CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "disabled-by-default-devtools.timeline.stack",
    "v8.execute",
    "disabled-by-default-v8.cpu_profiler",
    "blink.user_timing",
    "v8",
]
MARK = "ikoe-click"
CLICK_MARK = f"""addEventListener("pointerdown", () => {{ performance.mark("{MARK}"); }}, true);"""

KIND = {  # timeline event → kind of work
    **dict.fromkeys(
        [
            "FunctionCall",
            "EvaluateScript",
            "v8.compile",
            "v8.compileModule",
            "V8.Execute",
            "v8.run",
            "v8.callFunction",
            "TimerFire",
            "FireAnimationFrame",
            "EventDispatch",
            "RunMicrotasks",
            "v8.evaluateModule",
            "v8.produceCache",
            "v8.produceModuleCache",
            "CompileCode",
            "CompileScript",
            "V8.CompileCode",
            "ProfileCall",
            "FireIdleCallback",
            "XHRReadyStateChange",
            "HandlePostMessage",
            "WebSocketReceiveHandshakeResponse",
        ],
        "script",
    ),
    **dict.fromkeys(["UpdateLayoutTree", "RecalculateStyles", "ParseAuthorStyleSheet", "InvalidateLayout"], "style"),
    "Layout": "layout",
    **dict.fromkeys(
        [
            "Paint",
            "PaintImage",
            "PrePaint",
            "Layerize",
            "UpdateLayer",
            "UpdateLayerTree",
            "CompositeLayers",
            "Commit",
            "RasterTask",
            "Decode Image",
            "PaintSetup",
            "ScrollLayer",
        ],
        "paint",
    ),
    **dict.fromkeys(["MinorGC", "MajorGC", "BlinkGC.AtomicPhase", "V8.GC_SCAVENGER", "V8.GC_MC_BACKGROUND"], "gc"),
    "ParseHTML": "parse",
    "HitTest": "hit test",
}


@dataclass
class Breakdown:
    """One switch's main-thread time from the click until done, in ms."""

    total: float
    kinds: dict[str, float] = field(default_factory=dict)  # own time per kind of work
    names: dict[str, float] = field(default_factory=dict)  # own time per timeline event name
    modules: dict[str, float] = field(default_factory=dict)  # script time per plotly.js module / bundle
    forced: dict[str, float] = field(default_factory=dict)  # forced layout and style per plotly.js module
    forced_count: int = 0


class Bundle:
    """Streamlit's plotly.js chunk: byte offsets of its modules (`"src/…js"(e,t){…`), to name profile frames."""

    MODULE = re.compile(rb'"((?:src|node_modules|build|stackgl_modules)/[^"]+?\.js)"\(')

    def __init__(self) -> None:
        import streamlit

        js = Path(streamlit.__file__).parent / "static" / "static" / "js"
        (path,) = js.glob("PlotlyChart.*.js")
        self.name = path.name
        text = path.read_bytes()
        self.lines = [0] + [m.end() for m in re.finditer(rb"\n", text)]
        found = [(m.start(), m.group(1).decode()) for m in self.MODULE.finditer(text)]
        self.starts = [offset for offset, _ in found]
        self.names = [name for _, name in found]

    def module(self, url: str, line: int, column: int) -> str | None:
        if not url:
            return None
        if not url.endswith(self.name):
            return "streamlit:" + url.rsplit("/", 1)[-1].split(".")[0] if "/static/js/" in url else url[-40:]
        if line < 0 or line >= len(self.lines):
            return "plotly.js"
        offset = self.lines[line] + max(column, 0)
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.names[index] if index >= 0 else "plotly.js"


def main_thread(events: list[dict[str, Any]]) -> tuple[int, int]:
    """(pid, tid) of the renderer main thread that did the most work."""
    names = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    busy: collections.Counter[tuple[int, int]] = collections.Counter()
    for e in events:
        if (e.get("pid"), e.get("tid")) in names and e.get("ph") == "X":
            busy[(e["pid"], e["tid"])] += e.get("dur", 0)
    return busy.most_common(1)[0][0]


def own_times(events: list[dict[str, Any]], start: float, end: float) -> list[tuple[dict[str, Any], float, bool]]:
    """Each complete event of one thread inside [start, end] with its own time (its duration minus its children's)
    and whether it ran inside a script (a forced layout or style)."""
    spans = []
    open_: dict[str, list[dict[str, Any]]] = collections.defaultdict(list)
    for e in sorted(events, key=lambda e: e["ts"]):
        if e.get("ph") == "X" and "dur" in e:
            spans.append((e["ts"], e["ts"] + e["dur"], e))
        elif e.get("ph") == "B":
            open_[e["name"]].append(e)
        elif e.get("ph") == "E" and open_.get(e["name"]):
            b = open_[e["name"]].pop()
            spans.append((b["ts"], e["ts"], b))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    result = []
    stack: list[list[Any]] = []  # [end, event, children time, in script]
    out: list[list[Any]] = []

    def close(item: list[Any]) -> None:
        out.append(item)

    for begin, finish, e in spans:
        while stack and stack[-1][0] <= begin:
            close(stack.pop())
        in_script = any(KIND.get(s[1]["name"]) == "script" for s in stack)
        item = [finish, e, 0.0, in_script, begin]
        if stack:
            stack[-1][2] += finish - begin
        stack.append(item)
    while stack:
        close(stack.pop())
    for finish, e, children, in_script, begin in out:
        lo, hi = max(begin, start), min(finish, end)
        if hi <= lo:
            continue
        share = (hi - lo) / max(finish - begin, 1e-9)
        result.append((e, max(0.0, (finish - begin) - children) * share, in_script))
    return result


def profile_samples(
    events: list[dict[str, Any]], pid: int, tid: int
) -> tuple[dict[int, dict], list[tuple[float, int]]]:
    """The sampling profile of the thread: nodes by id and (timestamp µs, node id) per sample."""
    nodes: dict[int, dict] = {}
    samples: list[tuple[float, int]] = []
    starts: dict[str, float] = {}
    clock: dict[str, float] = {}
    for e in sorted(events, key=lambda e: e["ts"]):
        if e.get("pid") != pid or e.get("name") not in ("Profile", "ProfileChunk"):
            continue
        key = e.get("id", "")
        data = e["args"]["data"]
        if e["name"] == "Profile":
            starts[key] = data.get("startTime", e["ts"])
            continue
        profile = data.get("cpuProfile", {})
        for node in profile.get("nodes", []):
            nodes[node["id"]] = node
        now = clock.get(key, starts.get(key, e["ts"]))
        for node_id, delta in zip(profile.get("samples", []), data.get("timeDeltas", [])):
            now += delta
            samples.append((now, node_id))
        clock[key] = now
    return nodes, samples


def attribute(nodes: dict[int, dict], samples: list[tuple[float, int]], bundle: Bundle, start: float, end: float):
    """Sample time per module: the nearest frame (from the sampled function upwards) in a known script."""
    # the trace's profile chunks name each node's parent; a CPU profile names the children
    parent = {node_id: node["parent"] for node_id, node in nodes.items() if "parent" in node}
    parent.update({child: node_id for node_id, node in nodes.items() for child in node.get("children", [])})
    cache: dict[int, str] = {}

    def owner(node_id: int) -> str:
        if node_id in cache:
            return cache[node_id]
        seen: list[int] = []
        current: int | None = node_id
        name: str | None = None
        while current is not None and name is None:
            seen.append(current)
            frame = nodes.get(current, {}).get("callFrame", {})
            name = bundle.module(frame.get("url", ""), frame.get("lineNumber", -1), frame.get("columnNumber", -1))
            if name is None and frame.get("functionName") in ("(garbage collector)", "(program)", "(idle)"):
                name = frame["functionName"]
            current = parent.get(current)
        name = name or "(native, no script)"
        for each in seen:
            cache[each] = name
        return name

    times: dict[str, float] = collections.defaultdict(float)
    for (ts, node_id), (next_ts, _) in itertools.pairwise(samples):
        if start <= ts < end:
            times[owner(node_id)] += (next_ts - ts) / 1000
    return times


def forced_by_module(e: dict[str, Any], bundle: Bundle) -> str:
    stack = (e.get("args", {}).get("beginData") or e.get("args", {}).get("data") or {}).get("stackTrace") or []
    for frame in stack:
        name = bundle.module(frame.get("url", ""), frame.get("lineNumber", -1), frame.get("columnNumber", -1))
        if name:
            return name
    return "(no stack)"


def analyse(trace: bytes, start_mark: str, seconds: float, bundle: Bundle) -> Breakdown:
    events = json.loads(trace)["traceEvents"]
    pid, tid = main_thread(events)
    marks = [e for e in events if e.get("name") == start_mark and e.get("pid") == pid]
    start = marks[-1]["ts"]
    end = start + seconds * 1e6
    thread = [e for e in events if e.get("pid") == pid and e.get("tid") == tid]
    result = Breakdown(total=seconds * 1000)
    for e, own, in_script in own_times(thread, start, end):
        name = e["name"]
        kind = KIND.get(name, "other")
        if in_script and kind in ("layout", "style"):
            kind = f"forced {kind}"
            result.forced_count += 1
            module = forced_by_module(e, bundle)
            result.forced[module] = result.forced.get(module, 0) + own / 1000
        result.kinds[kind] = result.kinds.get(kind, 0) + own / 1000
        result.names[name] = result.names.get(name, 0) + own / 1000
    nodes, samples = profile_samples(events, pid, tid)
    result.modules = dict(attribute(nodes, samples, bundle, start, end))
    return result


KEEP: Path | None = None  # --keep: folder for the raw traces


def traced_switch(browser, tab: bench.Tab, title: str, name: str, timeout: float, bundle: Bundle):
    browser.start_tracing(page=tab.page, categories=CATEGORIES)
    try:
        step = bench.switch(tab, "x", title, name, timeout)
    finally:
        trace = browser.stop_tracing()
    if KEEP is not None:
        KEEP.mkdir(parents=True, exist_ok=True)
        from ikoe_data.charts.style import slug

        (KEEP / f"{slug(title)}-{time.time():.0f}-{step.total:.3f}s.json").write_bytes(trace)
    return step, analyse(trace, MARK, step.total, bundle)


def merge(parts: list[Breakdown]) -> Breakdown:
    """Medians over the rounds, per key."""

    def med(dicts: list[dict[str, float]]) -> dict[str, float]:
        keys = {k for d in dicts for k in d}
        return {k: statistics.median([d.get(k, 0.0) for d in dicts]) for k in keys}

    return Breakdown(
        total=statistics.median([p.total for p in parts]),
        kinds=med([p.kinds for p in parts]),
        names=med([p.names for p in parts]),
        modules=med([p.modules for p in parts]),
        forced=med([p.forced for p in parts]),
        forced_count=int(statistics.median([p.forced_count for p in parts])),
    )


# --------------------------------------------------------------------------- charts drawn alone

ALONE_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<style>body{margin:0;font-family:"Source Sans Pro",sans-serif} #chart{width:WIDTHpx}</style>
<script src="PLOTLY"></script></head><body><div id="chart"></div></body></html>"""
DRAW_ALONE = """async ([figure, config]) => {
  const div = document.getElementById("chart");
  Plotly.purge(div);
  const t0 = performance.now();
  await Plotly.newPlot(div, figure.data, figure.layout, config);
  return performance.now() - t0;
}"""


def page_figures(key: str) -> list[tuple[str, Any, dict[str, Any]]]:
    """(name, plain figure, config) of every chart of the page's default view, as the renderer sends them."""
    from ikoe_data import a11y, charts, load_all
    from ikoe_data import pages as registry
    from ikoe_data.analysis import Views
    from ikoe_data.filters import Filters
    from ikoe_data.pages.model import Edition, PageInput

    ds = load_all(REPO / "datasets")
    edition = Edition(ds.edition, ds.edition_label)
    build = registry.page(key).build
    assert build is not None, key
    model = build(PageInput(ds, Views.of(ds), Filters(), {}, edition, (edition,), lambda _: ds))
    result = []
    for view in model.views():
        if view.chart and view.figure is not None and not view.table.empty:
            config = a11y.german_plotly_config(
                charts.style.image_config(view.name, height=charts.style.export_height(view.figure))
            )
            result.append((view.name, json.loads(view.figure.to_json()), config))
    return result


def charts_alone(browser, key: str, rounds: int, width: int) -> list[tuple[str, float, int]]:
    """Median ms of Plotly.newPlot per chart of the page, and its number of SVG text elements."""
    import plotly

    bundle = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with tempfile.TemporaryDirectory(prefix="ikoe-alone-") as folder:
        html_file = Path(folder) / "alone.html"
        html_file.write_text(ALONE_PAGE.replace("WIDTH", str(width)).replace("PLOTLY", bundle.as_uri()))
        context = browser.new_context(viewport=bench.VIEWPORT, locale="de-DE")
        try:
            page = context.new_page()
            page.goto(html_file.as_uri())
            out = []
            for name, figure, config in page_figures(key):
                page.evaluate(DRAW_ALONE, [figure, config])  # warm-up: fonts, code
                times = [page.evaluate(DRAW_ALONE, [figure, config]) for _ in range(rounds)]
                texts = page.evaluate("() => document.querySelectorAll('#chart svg text').length")
                out.append((name, statistics.median(times), texts))
            return out
        finally:
            context.close()


# --------------------------------------------------------------------------- report


def table(title: str, columns: list[str], rows: list[list[str]]) -> list[str]:
    return [
        f"### {title}",
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(columns) - 1)) + "|",
        *("| " + " | ".join(r) + " |" for r in rows),
        "",
    ]


def report(results: dict[str, Breakdown], alone: dict[str, list[tuple[str, float, int]]], header: str) -> str:
    lines = ["# Where a page switch's time goes in the browser", "", header, ""]
    steps = list(results)
    kinds = sorted(
        {k for b in results.values() for k in b.kinds}, key=lambda k: -max(b.kinds.get(k, 0) for b in results.values())
    )
    lines += table(
        "Main thread by kind of work (ms, own time, click until drawn)",
        ["kind", *steps],
        [["step (wall clock)", *(f"{results[s].total:.0f}" for s in steps)]]
        + [[k, *(f"{results[s].kinds.get(k, 0):.0f}" for s in steps)] for k in kinds]
        + [["forced layouts/styles (count)", *(str(results[s].forced_count) for s in steps)]],
    )
    for s in steps:
        top = sorted(results[s].modules.items(), key=lambda kv: -kv[1])[:18]
        lines += table(
            f"{s}: sampled main-thread time by script (ms)",
            ["script / plotly.js module", "ms"],
            [[m, f"{v:.0f}"] for m, v in top],
        )
        forced = sorted(results[s].forced.items(), key=lambda kv: -kv[1])[:10]
        if forced:
            lines += table(
                f"{s}: forced layout and style by module (ms)", ["module", "ms"], [[m, f"{v:.0f}"] for m, v in forced]
            )
    for key, rows in alone.items():
        lines += table(
            f"Charts of {key} drawn alone (Plotly.newPlot, ms, median)",
            ["chart", "ms", "SVG text elements"],
            [[n, f"{t:.0f}", str(c)] for n, t, c in rows]
            + [["sum", f"{sum(t for _, t, _ in rows):.0f}", str(sum(c for _, _, c in rows))]],
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", nargs="+", default=["goals", "measures"])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--alone-width", type=int, default=1180, help="chart width on the dashboard at 1600 px")
    parser.add_argument("--no-alone", action="store_true")
    parser.add_argument("--keep", type=Path, help="folder to keep the raw traces in")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "ikoe-browser-profile.md")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    global KEEP
    KEEP = args.keep
    bundle = Bundle()
    specs = bench.tour_pages(args.pages)
    load_before = os.getloadavg()[0]
    started = time.strftime("%d.%m.%Y %H:%M")
    parts: dict[str, list[Breakdown]] = collections.defaultdict(list)
    alone: dict[str, list[tuple[str, float, int]]] = {}
    with bench.servers() as (dashboard, floor), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=bench.chromium(), args=bench.CHROMIUM_ARGS)
        try:
            bench.dashboard_round(browser, dashboard, specs, args.timeout)  # warm
            bench.floor_round(browser, floor, 1, args.timeout)
            for _ in range(args.rounds):
                with bench.fresh_tab(browser) as tab:
                    tab.page.add_init_script(CLICK_MARK)
                    tab.page.goto(f"{floor}/{bench.SKELETON}")
                    tab.wait("skeleton", "", args.timeout)
                    bench.switch(tab, "empty", "Leer", "switch", args.timeout)
                    _, b = traced_switch(browser, tab, "Gerüst", "switch", args.timeout, bundle)
                    parts["Gerüst"].append(b)
                with bench.fresh_tab(browser) as tab:
                    tab.page.add_init_script(CLICK_MARK)
                    tab.page.goto(dashboard)
                    tab.wait("dashboard", "", args.timeout)
                    for spec in specs[1:]:
                        _, b = traced_switch(browser, tab, spec.title, spec.key, args.timeout, bundle)
                        parts[spec.title].append(b)
                        bench.switch(tab, "dashboard", specs[0].title, "back", args.timeout)
            if not args.no_alone:
                for spec in specs[1:]:
                    alone[spec.title] = charts_alone(browser, spec.key, args.rounds, args.alone_width)
            version = browser.version
        finally:
            browser.close()
    results = {name: merge(p) for name, p in parts.items()}
    header = (
        f"{started}, Chromium {version}, load average (1 min) {load_before:.1f} before and {os.getloadavg()[0]:.1f} "
        f"after; medians of {args.rounds} rounds. Command: `python benchmarks/browser_profile.py "
        f"{' '.join(argv if argv is not None else sys.argv[1:])}`"
    )
    text = report(results, alone, header)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
