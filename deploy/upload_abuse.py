"""Measure what a viewer (no steward access) can make the server hold through Streamlit's upload endpoint.

    python -m deploy.upload_abuse            # 20 × 20 MB and 20 × 9 MB, directly and through nginx

A viewer opens a session over the websocket like a browser and PUTs files to /_stcore/upload_file/<its
session>/<any id>. Reported per setting: HTTP statuses and the growth of the dashboard process's resident memory
(RSS) while the session is still open. Bound (tests/test_deploy.py): growth below MAX_GROWTH_BYTES."""

from __future__ import annotations

import asyncio
import collections
import time
from dataclasses import dataclass

from deploy.st_client import Session, put_file
from deploy.stack import rss_bytes, stack

MB = 1024 * 1024
MAX_GROWTH_BYTES = 30 * MB  # held after 20 uploads; one 10 MB request in flight plus allocator slack


@dataclass
class Outcome:
    setting: str
    files: int
    size: int
    statuses: dict[int, int]
    growth: int
    seconds: float

    def line(self) -> str:
        statuses = ", ".join(
            f"{count}× {status or 'Verbindung abgebrochen'}" for status, count in sorted(self.statuses.items())
        )
        return (
            f"{self.setting}: {self.files} × {self.size // MB} MB → {statuses}; "
            f"RSS {self.growth / MB:+.1f} MB in {self.seconds:.1f} s"
        )


async def abuse(url: str, pid: int, files: int, size: int, setting: str) -> Outcome:
    async with Session(url) as session:
        await session.run_page("")  # a live session, as a browser tab has
        await asyncio.sleep(1)
        before = rss_bytes(pid)
        start = time.perf_counter()
        payload = b"\0" * size
        statuses: collections.Counter[int] = collections.Counter()
        for number in range(files):
            status = await asyncio.to_thread(put_file, url, session, f"f{number}.bin", payload, f"abuse-{number}")
            statuses[status] += 1
        await asyncio.sleep(1)
        growth = rss_bytes(pid) - before
        return Outcome(setting, files, size, dict(statuses), growth, time.perf_counter() - start)


def measure(proxy: bool, sizes=(20 * MB, 9 * MB), files: int = 20) -> list[Outcome]:
    with stack(processes=1, proxy=proxy) as running:
        pid = running.server_pids[0]
        setting = "über nginx" if proxy else "direkt"
        return [asyncio.run(abuse(running.url, pid, files, size, setting)) for size in sizes]


def main() -> int:
    outcomes = measure(proxy=False) + measure(proxy=True)
    for outcome in outcomes:
        print(outcome.line())
    worst = max(o.growth for o in outcomes)
    print(f"Größtes Wachstum {worst / MB:.1f} MB; Grenze {MAX_GROWTH_BYTES / MB:.0f} MB.")
    return 0 if worst < MAX_GROWTH_BYTES else 1


if __name__ == "__main__":
    raise SystemExit(main())
