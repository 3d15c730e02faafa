"""Load over Streamlit's websocket, without a browser (issue #12).

    python benchmarks/load.py                    # full matrix, about 10 minutes; writes benchmarks/results/load.md
    python benchmarks/load.py --sessions 1 10 --duration 10

Concurrent sessions (deploy/st_client.py: the frontend's protocol with streamlit's own protobuf classes) tour all
pages of the dashboard, with and without a think time between clicks, for a fixed duration each. Measured per
setting: p50/p95 of a page run (from the rerun request to script_finished), page runs per second, errors, and the
resident memory of the dashboard processes (peak). Settings: the shipped deployment (deploy/stack.py: nginx, TLS)
with one and with two dashboard processes, and in the same run the floor: an empty page and the Übersicht's
element skeleton (benchmarks/run_benchmarks.py) served by one Streamlit process."""

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

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from run_benchmarks import EMPTY_PAGE_SCRIPT, SKELETON_SCRIPT  # noqa: E402

from deploy.st_client import Session  # noqa: E402
from deploy.stack import STREAMLIT, _stop, _wait_ok, free_port, rss_bytes, stack  # noqa: E402

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
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0
    peak_rss: int = 0

    def row(self) -> str:
        runs = len(self.seconds)
        p50 = statistics.median(self.seconds) if runs else float("nan")
        p95 = statistics.quantiles(self.seconds, n=20)[18] if runs >= 20 else max(self.seconds, default=float("nan"))
        return (
            f"| {self.setting} | {self.sessions} | {self.think:g} s | {runs} | {p50:.2f} s | {p95:.2f} s | "
            f"{runs / self.wall:.1f} | {self.peak_rss / 2**20:.0f} MB | {len(self.errors)} |"
        )


async def user(url: str, pages: list[str], think: float, until: float, outcome: Outcome) -> None:
    await asyncio.sleep(random.uniform(0, max(think, 0.5)))  # sessions do not all start in the same instant
    try:
        async with Session(url) as session:
            index = random.randrange(len(pages))
            while time.monotonic() < until:
                run = await session.run_page(pages[index % len(pages)])
                outcome.seconds.append(run.seconds)
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
    while not all(t.done() for t in tasks):
        outcome.peak_rss = max(outcome.peak_rss, sum(rss_bytes(pid) for pid in pids))
        await asyncio.sleep(0.5)
    outcome.wall = time.monotonic() - start
    return outcome


async def app_pages(url: str) -> list[str]:
    async with Session(url) as session:
        await session.run_page("")
        return list(session.pages)


@contextlib.contextmanager
def floor_server():
    folder = Path(tempfile.mkdtemp(prefix="ikoe-floor-"))
    script = folder / "floor.py"
    script.write_text(FLOOR_APP.format(empty=EMPTY_PAGE_SCRIPT, skeleton=SKELETON_SCRIPT))
    port = free_port()
    command = [*STREAMLIT[:-3], str(script), "--server.headless", "true", "--server.port", str(port)]
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        _wait_ok(f"{url}/_stcore/health", process, "floor app")
        yield url, process.pid
    finally:
        _stop(process)


def run_matrix(sessions: list[int], thinks: list[float], duration: float) -> list[Outcome]:
    outcomes = []
    env = {"IKOE_EDITIONS_DIR": tempfile.mkdtemp(prefix="ikoe-load-"), "IKOE_DATA_STEWARD_TOKEN": ""}
    for processes in (1, 2):
        with stack(processes=processes, proxy=True, env=env) as running:
            pages = asyncio.run(app_pages(running.url))
            for think in thinks:
                for count in sessions:
                    setting = f"Dashboard, {processes} Prozess{'e' if processes > 1 else ''} hinter nginx"
                    outcome = asyncio.run(
                        scenario(running.url, pages, running.server_pids, count, think, duration, setting)
                    )
                    print(outcome.row(), flush=True)
                    outcomes.append(outcome)
    with floor_server() as (url, pid):
        for name, path in (("Leere Seite", ""), ("Gerüst der Übersicht", "geruest")):  # "": the default page
            for count in sessions:
                outcome = asyncio.run(scenario(url, [path], [pid], count, 0.0, duration / 2, f"{name}, 1 Prozess"))
                print(outcome.row(), flush=True)
                outcomes.append(outcome)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 25, 50])
    parser.add_argument("--think", type=float, nargs="+", default=[0.0, 5.0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per setting")
    args = parser.parse_args(argv)
    header = (
        "| Setting | Sessions | Think time | Page runs | p50 | p95 | Page runs/s | Server RSS (peak) | Errors |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    )
    print(header, flush=True)
    outcomes = run_matrix(args.sessions, args.think, args.duration)
    results = REPO / "benchmarks" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%d.%m.%Y %H:%M")
    text = f"# Load benchmark ({stamp}, {os.cpu_count()} cores)\n\n{header}\n" + "\n".join(o.row() for o in outcomes)
    (results / "load.md").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
