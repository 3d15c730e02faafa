"""The benchmarks run: `benchmarks/run_benchmarks.py` at 1× with one run per measurement, and the load benchmark
`benchmarks/load.py` with one session for a few seconds, each into a temporary folder.

This guards the benchmarks themselves (run_benchmarks refuses to run when an analysis function has no benchmark
case; load.py must reach every page over the websocket without an error), not the speed of anything: times are
only measured and reported by the benchmarks, never asserted in tests.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import pkgutil
import re
import subprocess
import sys

import pytest
from conftest import REPO, shipped_model

from ikoe_data import analysis


def public_analysis_functions() -> set[str]:
    """Every public function defined in a module of the analysis package (exported or not)."""
    modules = [
        importlib.import_module(f"{analysis.__name__}.{m.name}") for m in pkgutil.iter_modules(analysis.__path__)
    ]
    return {
        name
        for module in modules
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if function.__module__ == module.__name__ and not name.startswith("_")
    }


def test_analysis_package_exports_every_public_function():
    public = public_analysis_functions()
    assert len(public) > 25  # the walk found the modules
    assert public <= set(analysis.__all__)


def test_benchmark_runs_at_1x_and_covers_every_analysis_function(tmp_path):
    out = tmp_path / "results"
    command = [sys.executable, "benchmarks/run_benchmarks.py", "--sizes", "1", "--repeats", "1", "--budget", "0"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout, whichever one `pip install -e .` points to
    result = subprocess.run(
        [*command, "--out", str(out)], cwd=REPO, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    (run,) = results["results"]
    measured = {record["name"] for record in run["records"]}
    assert public_analysis_functions() <= measured
    assert all(record["runs"] == 1 and record["median"] >= 0 for record in run["records"])
    assert (out / "README.md").read_text(encoding="utf-8").startswith("#")


def test_load_benchmark_runs_with_one_session(tmp_path):
    out = tmp_path / "load.md"
    command = [sys.executable, "benchmarks/load.py", "--sessions", "1", "--think", "0", "--processes", "1"]
    command += ["--no-proxy", "--duration", "4", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    text = out.read_text(encoding="utf-8")
    rows = {
        match["setting"]: (int(match["runs"]), int(match["errors"]))
        for match in re.finditer(
            r"^\| (?P<setting>[^|]+?) \| 1 \| 0 s \| (?P<runs>\d+) \|.*\| (?P<errors>\d+) \|$", text, re.M
        )
    }
    assert set(rows) == {"Dashboard, 1 Prozess", "Leere Seite, 1 Prozess", "Gerüst der Übersicht, 1 Prozess"}, text
    assert all(runs > 0 and errors == 0 for runs, errors in rows.values()), rows
    # The per-page table: the session tours the pages of the navigation one after another.
    pages = re.findall(r"^\| (\S+) \| \d+ \| [\d.]+ s \| [\d.]+ s \|$", text, re.M)
    assert len(set(pages)) >= 3, text


def test_abuse_benchmark_runs_quickly(tmp_path):
    """benchmarks/abuse.py --quick: every attack reaches the server and the victim measures every phase; the
    guards act (refused messages and sessions in the server's log). Its timings are reported, not asserted."""
    out = tmp_path / "abuse.md"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "benchmarks/abuse.py", "--quick", "--out", str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-4000:]
    text = out.read_text(encoding="utf-8")
    rows = {
        m["phase"]: (int(m["runs"]), m["got"], int(m["errors"]))
        for m in re.finditer(
            r"^\| (?P<phase>[^|]+?) \| (?P<runs>\d+) \|[^|]*\|[^|]*\|[^|]*\|[^|]*"
            r"\| (?P<got>[^|]*) \| (?P<errors>\d+) \|$",
            text,
            re.M,
        )
    }
    assert list(rows) == ["quiet", "search flood", "cache clear", "deck flood", "guessing", "20 sessions"], text
    assert all(runs > 0 and errors == 0 for runs, _, errors in rows.values()), rows
    assert "searches sent" in rows["search flood"][1] and "clear_cache sent" in rows["cache clear"][1]
    assert "charts added" in rows["deck flood"][1] and "titles changed" in rows["deck flood"][1]
    assert "links stored" in rows["deck flood"][1] and "guesses" in rows["guessing"][1]
    refused = re.search(r"message refusals logged (\d+), session refusals logged (\d+)", text)
    assert refused and int(refused[1]) > 0 and int(refused[2]) > 0, text
    assert "Steward signs in after the guessing: yes" in text
    assert "Another user's deck link after the deck flood: works" in text  # the flood evicted or changed nothing


@pytest.mark.browser
def test_browser_benchmark_measures_a_first_load_and_a_switch(browser, shipped_server):
    """benchmarks/browser.py with one round: the first load and the switch to the Handlungsziele and back, against
    the floor app's skeleton and empty page. Guards the benchmark (every step ends with the page's charts drawn, as
    many as its model holds; the websocket payload is counted; the report names the ratios), not any speed."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        bench = importlib.import_module("browser")
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    specs = bench.tour_pages(["goals"])
    assert [spec.key for spec in specs] == ["overview", "goals"]
    with bench.floor_server() as floor:  # the dashboard: the suite's shared server (the benchmark starts its own)
        measured = bench.measure(
            browser, shipped_server, floor, specs, rounds=1, timeout=90, warm=False, floor_switches=1
        )
    result = bench.summary(measured, specs)
    assert not result["missing"], result["missing"]
    rows = {row["key"]: row for row in result["rows"]}
    # Handlungsziele has section tabs: after the switch, each further section is opened, then the first again
    labels = measured.sections["goals"]
    opened = [bench.section_step("goals", label) for label in [*labels[1:], labels[0]]]
    assert [row["key"] for row in result["rows"]] == ["Erster Aufruf (Übersicht)", "goals", *opened, "overview"]
    assert rows["goals"]["charts"] == measured.expected["goals"] > 0
    assert sum(rows[key]["charts"] for key in opened[:-1]) + rows["goals"]["charts"] == sum(
        1 for view in shipped_model("goals").views() if view.chart and view.figure is not None
    )  # every chart of the page drawn in some section
    assert all(row["payload"] > 0 and row["skeleton"] > 0 and 0 <= row["busy"] <= row["total"] for row in rows.values())
    assert {row["title"] for row in result["floor"]} >= {"Gerüst: Wechsel", "Leere Seite: erster Aufruf"}
    assert "× skeleton" in bench.report(result, "header") and "Slowest section opened" in bench.report(result, "h")


def test_search_engine_comparison_runs_at_1x(tmp_path):
    """benchmarks/search_engines.py: every engine builds and answers the relevance set; the shipped one meets it."""
    out = tmp_path / "engines.md"
    command = [sys.executable, "benchmarks/search_engines.py", "--sizes", "1", "--repeats", "1", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    rows = {
        match["engine"]: (int(match["met"]), int(match["wanted"]))
        for match in re.finditer(
            r"^\| 1× \| (?P<engine>\w+) \| .* \| (?P<met>\d+)/(?P<wanted>\d+) \| \d+/\d+ \|$",
            out.read_text(encoding="utf-8"),
            re.M,
        )
    }
    assert set(rows) == {"numpy", "tantivy", "fts5"}, out.read_text(encoding="utf-8")
    met, wanted = rows["numpy"]
    assert met == wanted > 0


def test_browser_profile_splits_a_trace_by_kind_of_work_and_by_script():
    """benchmarks/browser_profile.py reads a Chrome trace: from the click's mark on, the main thread's own time per
    kind of work (a layout inside a script counts as forced, apart from the script's own time) and the sampled
    time per script (a native function counts for the script that called it). A hand-made trace of known times."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    try:
        profile = importlib.import_module("browser_profile")
    finally:
        sys.path.remove(str(REPO / "benchmarks"))
    bundle = profile.Bundle()
    main = {"pid": 1, "tid": 7}
    other = {"pid": 1, "tid": 8}
    script_url = "http://x/static/js/index.abc.js"
    events = [
        {**main, "ph": "M", "ts": 0, "name": "thread_name", "args": {"name": "CrRendererMain"}},
        {**other, "ph": "M", "ts": 0, "name": "thread_name", "args": {"name": "CrRendererMain"}},
        {**other, "ph": "X", "name": "FunctionCall", "ts": 0, "dur": 100},  # an idle frame: less work
        {**main, "ph": "R", "name": profile.MARK, "ts": 1_000},
        {**main, "ph": "X", "name": "Paint", "ts": 500, "dur": 1_000},  # half of it before the click
        {**main, "ph": "X", "name": "FunctionCall", "ts": 2_000, "dur": 10_000},
        {**main, "ph": "X", "name": "Layout", "ts": 4_000, "dur": 4_000},  # inside the script: forced
        {**main, "ph": "X", "name": "Layout", "ts": 13_000, "dur": 1_000},
        {**main, "ph": "P", "name": "Profile", "id": "p", "ts": 0, "args": {"data": {"startTime": 0}}},
        {
            **main,
            "ph": "P",
            "name": "ProfileChunk",
            "id": "p",
            "ts": 1,
            "args": {
                "data": {
                    "cpuProfile": {
                        "nodes": [
                            {"id": 1, "callFrame": {"functionName": "(root)", "url": ""}},
                            {"id": 2, "parent": 1, "callFrame": {"functionName": "draw", "url": script_url}},
                            {"id": 3, "parent": 2, "callFrame": {"functionName": "getBBox", "url": ""}},
                        ],
                        "samples": [2, 3, 3, 1],
                    },
                    "timeDeltas": [2_000, 3_000, 3_000, 3_000],
                }
            },
        },
    ]
    result = profile.analyse(json.dumps({"traceEvents": events}).encode(), profile.MARK, 0.015, bundle)
    assert result.total == 15
    assert result.kinds == {"paint": 0.5, "script": 6.0, "forced layout": 4.0, "layout": 1.0}
    assert result.forced_count == 1
    assert result.modules == {"streamlit:index": 9.0}
