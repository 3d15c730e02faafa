"""Profile every target the last benchmark run missed, with pyinstrument.

    python benchmarks/profile_missed.py [--results benchmarks/results/results.json] [--out benchmarks/results/profiles]
                                        [--data-root DIR] [--only TEXT] [--also SIZE:GROUP:NAME ...]

Reads the targets of `run_benchmarks.py`'s results.json and, for each missed one (and each watched one: fitted
exponent linear, last step steeper), profiles the measurement at the size where it was missed (page ratio: 1×; page
time: 100×; Excel: 10 000 rows at 100×; growth: the largest size measured).
Each size runs in a fresh worker process on the same synthetic data (`--data-root` reuses the folders a run kept
with `--keep-data`, `<root>/<k>x`; otherwise they are generated again).

Pages: AppTest on `dashboard.py` as in the benchmark; after the cold run and a warm run on the page, one warm rerun
is profiled in both threads: the script thread (the page itself, where Streamlit also marshals dataframes and
charts) and the main thread (AppTest turning the messages into its element tree). Functions are profiled over
repeated calls for at least one second. Each profile is written as text (call tree with library frames grouped,
then the 40 heaviest functions by own time) to `<out>/<k>x-<name>.txt`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent

import run_benchmarks as rb  # noqa: E402  (a sibling script: its folder is on sys.path)

MIN_PROFILE_SECONDS = 1.0
EXCEL_NAME = f"Excel {rb.EXCEL_TARGET_ROWS:,} Zeilen".replace(",", ".")
FLAT_LINES = 40


def slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "×": "x"})
    return re.sub(r"[^A-Za-z0-9]+", "-", text.translate(table)).strip("-").lower()[:70]


def missed_items(results: dict, only: str | None, also: tuple[str, ...] | list[str] = ()) -> dict[int, list[dict]]:
    """Size -> things to profile there (deduplicated), from the missed targets."""
    sizes = sorted(r["size"] for r in results["results"])
    page_titles = {title: page for page, title in rb.PAGES.items()}
    by_size: dict[int, dict[tuple, dict]] = {}

    def add(size: int, item: dict, reason: str) -> None:
        key = (item["kind"], item["name"])
        entry = by_size.setdefault(size, {}).setdefault(key, {**item, "reasons": []})
        entry["reasons"].append(reason)

    for target in results["targets"]:
        if (target["met"] and not target.get("watch")) or (only and only.lower() not in target["target"].lower()):
            continue
        reason = f"{target['target']}: {target['value']}" + (
            " (watched: last step steeper than linear)" if target.get("watch") else ""
        )
        if target["kind"] in ("page_ratio", "page_seconds"):
            add(target["size"], {"kind": "page", "name": target["page"], "page": page_titles[target["page"]]}, reason)
        elif target["kind"] == "excel":
            add(max(s for s in sizes if s <= 100), {"kind": "function", "group": "Export", "name": EXCEL_NAME}, reason)
        elif target["kind"] == "growth":
            size = max(sizes)
            if target["group"] == "Seite":
                if target["name"] in page_titles:  # not the own analysis' runs of chosen links
                    add(size, {"kind": "page", "name": target["name"], "page": page_titles[target["name"]]}, reason)
            else:
                add(size, {"kind": "function", "group": target["group"], "name": target["name"]}, reason)
    for spec in also:  # SIZE:GROUP:NAME, e.g. 1000:Seite:Suche or 1000:Analyse:searchable_measures
        size_text, group, name = spec.split(":", 2)
        if group == "Seite":
            add(int(size_text), {"kind": "page", "name": name, "page": page_titles[name]}, "requested (--also)")
        else:
            add(int(size_text), {"kind": "function", "group": group, "name": name}, "requested (--also)")
    return {size: list(items.values()) for size, items in sorted(by_size.items())}


# --------------------------------------------------------------------------- worker


def render(session, title: str) -> str:
    from pyinstrument.renderers import ConsoleRenderer

    tree = ConsoleRenderer(unicode=True, color=False, show_all=False).render(session)
    flat = ConsoleRenderer(unicode=True, color=False, flat=True, flat_time="self").render(session)
    flat_lines = flat.splitlines()
    return (
        f"=== {title}: call tree (library frames grouped) ===\n{tree}\n"
        f"=== {title}: heaviest functions by own time (top {FLAT_LINES}) ===\n"
        + "\n".join(flat_lines[: FLAT_LINES + 8])
        + "\n"
    )


def profile_page(app, item: dict, interval: float) -> str:
    """One warm rerun, profiled in the script thread and in the main thread."""
    from pyinstrument import Profiler
    from streamlit.testing.v1 import local_script_runner

    sessions = []
    original = local_script_runner.LocalScriptRunner._run_script_thread

    def profiled(self):
        profiler = Profiler(interval=interval, async_mode="disabled")
        profiler.start()
        try:
            original(self)
        finally:
            profiler.stop()
            sessions.append(profiler.last_session)

    app.switch_page(item["page"]).run()  # first visit
    app.run()  # warm
    local_script_runner.LocalScriptRunner._run_script_thread = profiled  # type: ignore[method-assign]
    main = Profiler(interval=interval, async_mode="disabled")
    try:
        started = time.perf_counter()
        main.start()
        app.run()
        main.stop()
        elapsed = time.perf_counter() - started
    finally:
        local_script_runner.LocalScriptRunner._run_script_thread = original  # type: ignore[method-assign]
    if app.exception:
        raise RuntimeError([e.value for e in app.exception])
    return (
        f"Profiled warm rerun: {elapsed:.3f} s wall (with profiler)\n\n"
        + render(sessions[0], "script thread (the page)")
        + "\n"
        + render(main.last_session, "main thread (AppTest)")
    )


def profile_function(fn, interval: float) -> str:
    from pyinstrument import Profiler

    fn()  # warm
    profiler = Profiler(interval=interval, async_mode="disabled")
    calls = 0
    profiler.start()
    started = time.perf_counter()
    while calls == 0 or time.perf_counter() - started < MIN_PROFILE_SECONDS:
        fn()
        calls += 1
    profiler.stop()
    elapsed = time.perf_counter() - started
    return f"{calls} call(s), {elapsed / calls:.3f} s per call (with profiler)\n\n" + render(
        profiler.last_session, "calls"
    )


def run_worker(args) -> None:
    data_dir = rb.isolate_worker(args.data, "ikoe-profile-editions-")

    from ikoe_data.loading import load_all
    from ikoe_data.settings import SHIPPED_DATA_DIR, data_locations

    items = json.loads(args.items)
    out = Path(args.out)
    ds = None
    cases = None
    app = None
    for item in items:
        header = (
            f"Profile of {item['name']} at {args.size}× ({data_dir}), pyinstrument interval {args.interval} s\n"
            + "".join(f"Missed target: {reason}\n" for reason in item["reasons"])
            + "\n"
        )
        if item["kind"] == "page":
            if app is None:
                from streamlit.testing.v1 import AppTest

                app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=3600)
                app.run()
            text = profile_page(app, item, args.interval)
        else:
            if ds is None:
                ds = load_all(data_dir)
            fn: Callable[[], Any] | None = None
            if item["name"] == "load_all()":
                fn = lambda: load_all(data_dir)  # noqa: E731
            elif item["name"] == rb.CACHE_HIT_NAME:
                from streamlit.testing.v1 import AppTest

                from ikoe_ui import data as ui_data

                filler = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=3600)
                filler.run()  # fills the cache as the benchmark's cold run does
                locations = data_locations()
                edition = filler.session_state["edition"]
                fn = lambda edition=edition, locations=locations: ui_data._load(edition, locations)  # noqa: E731
            elif item["group"] == "Export":
                table = rb.largest_table(ds)
                if item["name"] == EXCEL_NAME:
                    import pandas as pd

                    reps = -(-rb.EXCEL_TARGET_ROWS // len(table))
                    table = pd.concat([table] * reps, ignore_index=True).head(rb.EXCEL_TARGET_ROWS)
                if item["name"].startswith("CSV"):
                    from ikoe_data import export

                    fn = lambda table=table: export.csv_bytes(table)  # noqa: E731
                else:
                    fn = lambda table=table: rb.excel(table)  # noqa: E731
            else:
                if cases is None:
                    for _, warm in rb.analysis_cases(load_all(SHIPPED_DATA_DIR)).values():
                        warm()
                    cases = rb.analysis_cases(ds)
                if item["name"] in cases:
                    fn = cases[item["name"]][1]
            if fn is None:
                print(f"  no profile recipe for {item['name']}", flush=True)
                continue
            text = profile_function(fn, args.interval)
        path = out / f"{args.size}x-{slug(item['name'])}.txt"
        path.write_text(header + text, encoding="utf-8")
        print(f"  [{args.size}×] {item['name']}: {path}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--results", type=Path, default=BENCH_DIR / "results" / "results.json")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "profiles")
    parser.add_argument("--data-root", type=Path, help="folder with <k>x subfolders from run_benchmarks --keep-data")
    parser.add_argument("--only", help="profile only missed targets whose text contains this")
    parser.add_argument(
        "--also",
        action="append",
        metavar="SIZE:GROUP:NAME",
        help="profile this measurement too, e.g. 1000:Seite:Suche (repeatable)",
    )
    parser.add_argument("--interval", type=float, default=0.001, help="pyinstrument sampling interval (s)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--items", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args)
        return 0

    from synthetic import write_scaled

    results = json.loads(args.results.read_text(encoding="utf-8"))
    plan = missed_items(results, args.only, args.also or [])
    if not plan:
        print("No missed targets.")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    temp_root = None
    for size, items in plan.items():
        data_dir = args.data_root / f"{size}x" if args.data_root else None
        if data_dir is None or not data_dir.is_dir():
            temp_root = temp_root or Path(tempfile.mkdtemp(prefix="ikoe-profile-"))
            data_dir = temp_root / f"{size}x"
            write_scaled(size, data_dir)
        print(f"[{size}×] profiling {len(items)} item(s) on {data_dir}", flush=True)
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--worker",
            "--size",
            str(size),
            "--data",
            str(data_dir),
            "--items",
            json.dumps(items, ensure_ascii=False),
            "--out",
            str(args.out),
            "--interval",
            str(args.interval),
        ]
        if subprocess.run(command, cwd=REPO).returncode != 0:
            print(f"profiling at {size}× failed", file=sys.stderr)
            return 1
    if temp_root is not None:
        import shutil

        shutil.rmtree(temp_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
