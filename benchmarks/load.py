"""Load over Streamlit's websocket, without a browser (issue #12).

    python benchmarks/load.py                    # full matrix, about 11 minutes; writes benchmarks/results/load.md
    python benchmarks/load.py --sessions 1 10 --duration 10
    python benchmarks/load.py --sessions 1 --think 0 --processes 1 --no-proxy --duration 3 --out /tmp/load.md

On a shared machine, hold an exclusive lock while measuring (the test runs take it shared):
`flock -x /tmp/ikoe-heavy.lock python benchmarks/load.py`.

Concurrent sessions (deploy/st_client.py: the frontend's protocol with streamlit's own protobuf classes) tour all
pages of the dashboard (those of the page registry, ikoe_data.pages.PAGES), with and without a think time between
clicks, for a fixed duration each. Measured per setting: p50/p95 of a page run (from the rerun request to
script_finished), page runs per second, errors, and the resident memory of the dashboard processes (peak, summed).
Settings: the shipped deployment (deploy/stack.py: nginx, TLS) with one and with two dashboard processes, and in the
same run the floor: an empty page and the Übersicht's element skeleton (benchmarks/run_benchmarks.py) served by one
Streamlit process with the same configuration.
Every process is warmed (each page run once) before it is measured, so first-visit cache fills are not counted."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from run_benchmarks import EMPTY_PAGE_SCRIPT, SKELETON_SCRIPT  # a sibling script: its folder is on sys.path

from deploy.st_client import Session  # the installed project (pip install -e ., in requirements-dev.txt)
from deploy.stack import STREAMLIT, Limits, _stop, _wait_ok, free_port, rss_bytes, stack
from ikoe_data import pages as registry
from ikoe_data import settings

# The pages a session tours: every page of the registry that the benchmark's servers show (no steward token, so no
# steward-only page); "" is the default page.
PAGES = [spec.url_path for spec in registry.PAGES if not spec.steward_only]

REPO = Path(__file__).resolve().parents[1]

FLOOR_APP = """
import streamlit as st

def empty():
    exec(compile({empty!r}, "leer", "exec"), {{}})

def skeleton():
    exec(compile({skeleton!r}, "geruest", "exec"), {{}})

st.navigation([st.Page(empty, title="Leer", url_path="leer", default=True),
               st.Page(skeleton, title="Gerüst", url_path="geruest")]).run()
"""


@dataclass
class Outcome:
    setting: str
    sessions: int
    think: float
    seconds: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    peak_rss: int = 0

    def row(self) -> str:
        runs = len(self.seconds)
        p50, p95 = percentiles(self.seconds)
        return (
            f"| {self.setting} | {self.sessions} | {self.think:g} s | {runs} | {p50:.2f} s | {p95:.2f} s | "
            f"{runs / self.wall:.1f} | {self.peak_rss / 2**20:.0f} MB | {len(self.errors)} |"
        )


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (the largest value below 20 runs)."""
    if not seconds:
        return float("nan"), float("nan")
    p95 = statistics.quantiles(seconds, n=20)[18] if len(seconds) >= 20 else max(seconds)
    return statistics.median(seconds), p95


async def user(url: str, pages: list[str], think: float, until: float, outcome: Outcome) -> None:
    await asyncio.sleep(random.uniform(0, max(think, 0.5)))  # sessions do not all start in the same instant
    try:
        async with Session(url) as session:
            index = random.randrange(len(pages))
            while time.monotonic() < until:
                run = await session.run_page(pages[index % len(pages)])
                outcome.seconds.append(run.seconds)
                outcome.by_page.setdefault(run.page, []).append(run.seconds)
                outcome.errors.extend(run.errors)
                index += 1
                if think:
                    await asyncio.sleep(think)
    except Exception as error:  # a refused or broken connection is an error of the run, not of the benchmark
        outcome.errors.append(f"{type(error).__name__}: {error}")


async def scenario(url, pages, pids, sessions, think, duration, setting) -> Outcome:
    outcome = Outcome(setting, sessions, think)
    start = time.monotonic()
    until = start + duration
    tasks = [asyncio.create_task(user(url, pages, think, until, outcome)) for _ in range(sessions)]
    while True:
        outcome.peak_rss = max(outcome.peak_rss, sum(rss_bytes(pid) for pid in pids))
        if all(t.done() for t in tasks):
            break
        await asyncio.sleep(0.5)
    outcome.wall = time.monotonic() - start
    return outcome


async def warm(url: str, pages: list[str]) -> None:
    """Run every page once in one session; every page must be in the server's navigation."""
    async with Session(url) as session:
        errors = (await session.run_page("")).errors
        errors += [f"not in the navigation: /{page}" for page in pages if page not in session.pages]
        for page in pages:
            errors += (await session.run_page(page)).errors
    if errors:
        raise RuntimeError(f"{url}: errors while warming up: {errors[:5]}")


@contextlib.contextmanager
def floor_server(app: str = FLOOR_APP):
    """A Streamlit server of the floor `app` (a template with {empty} and {skeleton}); yields its URL and pid."""
    with tempfile.TemporaryDirectory(prefix="ikoe-floor-") as folder:
        script = Path(folder) / "floor.py"
        script.write_text(app.format(empty=EMPTY_PAGE_SCRIPT, skeleton=SKELETON_SCRIPT))
        port = free_port()
        command = [*STREAMLIT[:-3], str(script), "--server.headless", "true", "--server.port", str(port)]
        command += ["--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_ok(f"{url}/_stcore/health", process, "floor app")
            yield url, process.pid
        finally:
            _stop(process)


def run_matrix(
    sessions: list[int], thinks: list[float], duration: float, processes: list[int], proxy: bool
) -> list[Outcome]:
    outcomes = []
    with tempfile.TemporaryDirectory(prefix="ikoe-load-") as editions:
        # Every simulated analyst connects from this one address: the server's limits per client address
        # (ikoe_ui.server_guard: sessions held, runs at a time) would make them one client whose runs take turns.
        # They are lifted, so that the measurement is the server's capacity for analysts on machines of their own.
        env = {
            "IKOE_EDITIONS_DIR": editions,
            "IKOE_DATA_STEWARD_TOKEN": "",
            settings.SESSIONS_PER_CLIENT_ENV: str(max(sessions) + 10),
            settings.RUNS_PER_CLIENT_ENV: str(max(sessions)),
        }
        for count in processes:
            # Every simulated user comes from this one address: the proxy's limits per client address (which would
            # refuse them as one client, as intended) are lifted, so that the measurement is the server's capacity.
            lifted = Limits(websockets_per_client=max(sessions) + 10, requests_per_second=1000, request_burst=1000)
            with stack(processes=count, proxy=proxy, env=env, limits=lifted) as running:
                for url in running.direct_urls:  # each process directly: every one of them is warm
                    asyncio.run(warm(url, PAGES))
                setting = f"Dashboard, {count} Prozess{'e' if count > 1 else ''}{' hinter nginx' if proxy else ''}"
                for think in thinks:
                    for users in sessions:
                        outcome = asyncio.run(
                            scenario(running.url, PAGES, running.server_pids, users, think, duration, setting)
                        )
                        print(outcome.row(), flush=True)
                        outcomes.append(outcome)
    with floor_server() as (url, pid):
        asyncio.run(warm(url, ["geruest"]))
        for name, path in (("Leere Seite", ""), ("Gerüst der Übersicht", "geruest")):  # "": the default page
            for users in sessions:
                outcome = asyncio.run(scenario(url, [path], [pid], users, 0.0, duration / 2, f"{name}, 1 Prozess"))
                print(outcome.row(), flush=True)
                outcomes.append(outcome)
    return outcomes


def page_table(outcomes: list[Outcome]) -> str:
    """p50/p95 per page: without contention (the fewest sessions without think time) and in the busiest setting
    with think time, for each dashboard setting."""
    lines = []
    for setting in dict.fromkeys(o.setting for o in outcomes if o.setting.startswith("Dashboard")):
        mine = [o for o in outcomes if o.setting == setting]
        chosen = [min((o for o in mine if not o.think), key=lambda o: o.sessions, default=None)]
        chosen.append(max((o for o in mine if o.think), key=lambda o: o.sessions, default=None))
        for outcome in filter(None, chosen):
            lines.append(f"\n{setting}, {outcome.sessions} Sitzung(en), Denkzeit {outcome.think:g} s:\n")
            lines.append("| Seite | Läufe | p50 | p95 |\n|---|---:|---:|---:|")
            for page, seconds in sorted(outcome.by_page.items()):
                p50, p95 = percentiles(seconds)
                lines.append(f"| {page or '(Startseite)'} | {len(seconds)} | {p50:.2f} s | {p95:.2f} s |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 25, 50])
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 5.0])
    parser.add_argument("--duration", type=float, default=25.0, help="seconds per setting (floor: half of it)")
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2], help="dashboard processes")
    parser.add_argument("--no-proxy", action="store_true", help="without nginx (only with one process)")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "load.md")
    args = parser.parse_args(argv)
    if args.no_proxy and max(args.processes) > 1:
        parser.error("--no-proxy needs --processes 1: only the proxy spreads sessions over processes")
    header = (
        "| Setting | Sessions | Think time | Page runs | p50 | p95 | Page runs/s | Server RSS (peak) | Errors |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    print(header, flush=True)
    load_before = os.getloadavg()[0]
    started = time.strftime("%d.%m.%Y %H:%M")
    outcomes = run_matrix(args.sessions, args.think, args.duration, args.processes, not args.no_proxy)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    errors = sorted({e for o in outcomes for e in o.errors})
    text = (
        f"# Load benchmark\n\nStarted {started}, commit {commit.strip() or '?'}, {os.cpu_count()} cores, "
        f"load average (1 min) {load_before:.1f} before and {os.getloadavg()[0]:.1f} after; "
        f"{args.duration:g} s per setting (floor {args.duration / 2:g} s).\n"
        f"Command: `python benchmarks/load.py {' '.join(argv if argv is not None else sys.argv[1:])}`\n\n"
        f"{header}\n"
        + "\n".join(o.row() for o in outcomes)
        + "\n\n## Per page\n"
        + page_table(outcomes)
        + "\n"
        + ("\n## Errors\n\n" + "\n".join(f"- {e}" for e in errors[:50]) + "\n" if errors else "")
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
