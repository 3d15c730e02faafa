"""Time and memory of the committee deck: 20 of the dashboard's own charts as .pptx and as PDF handout.

    python benchmarks/deck_benchmark.py [--charts 20] [--repeats 3]

The slides are collected exactly as an analyst does it: every page of `dashboard.py` runs through AppTest
(shipped data, empty edition store) and every "Zum Foliensatz hinzufügen" button is clicked; the collected
slides are repeated up to `--charts`. Measured (median of `--repeats`):

* the first kaleido image in the process (starts the one kaleido/Chromium server);
* the .pptx with a cold image cache (every image chart rendered at download, two at a time) and with a warm one
  (the app renders each chart's image in the background when it is added, so this is the usual download), and
  the same number of native charts only;
* the PDF handout with a cold and with a warm image cache.

Memory: peak resident set size of this process above the level before each measurement, sampled every 5 ms
(Chromium's own memory runs in its processes and is reported separately as their RSS after the run).
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PAGES = [
    "app_pages/overview.py",
    "app_pages/partners.py",
    "app_pages/staff_shares.py",
    "app_pages/measures.py",
    "app_pages/goals.py",
]
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


class PeakMemory:
    def __enter__(self):
        gc.collect()
        self.start = self.peak = rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self):
        while self.running:
            self.peak = max(self.peak, rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss())

    @property
    def mib(self) -> float:
        return (self.peak - self.start) / 2**20


def collect_slides():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120).run()
    for page in PAGES:
        at.switch_page(page).run()
        for key in [str(b.key) for b in at.button if str(b.key).endswith("_deck")]:
            at.button(key=key).click().run()
    return list(at.session_state["deck_slides"])


def chromium_rss_mib() -> float:
    """Resident memory of the Chromium processes started by this process (kaleido's server)."""
    parents, names, sizes = {}, {}, {}
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit():
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                parents[int(proc.name)] = int(fields[1])
                names[int(proc.name)] = (proc / "comm").read_text()
                sizes[int(proc.name)] = int((proc / "statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            continue

    def ours(pid: int) -> bool:
        while pid > 1:
            pid = parents.get(pid, 0)
            if pid == os.getpid():
                return True
        return False

    return sum(size for pid, size in sizes.items() if "chrom" in names[pid] and ours(pid)) / 2**20


def measure(label: str, build, repeats: int, before=None) -> dict:
    times, memory = [], []
    for _ in range(repeats):
        if before:
            before()
        with PeakMemory() as peak:
            start = time.perf_counter()
            data = build()
            times.append(time.perf_counter() - start)
        memory.append(peak.mib)
    result = {"label": label, "seconds": statistics.median(times), "mib": max(memory), "bytes": len(data)}
    print(f"{label:<58} {result['seconds']:6.2f} s  {result['mib']:6.0f} MiB  {len(data) / 1e6:5.1f} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--charts", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    for variable, prefix in (("IKOE_EDITIONS_DIR", "ikoe-bench-editions-"), ("IKOE_DECKS_DIR", "ikoe-bench-decks-")):
        os.environ[variable] = tempfile.mkdtemp(prefix=prefix)
        atexit.register(shutil.rmtree, os.environ[variable], True)
    from ikoe_data import deck

    collected = collect_slides()
    slides = [collected[i % len(collected)] for i in range(args.charts)]
    kinds = [deck.slide_kind(s.figure) for s in slides]
    native = [s for s in collected if deck.slide_kind(s.figure) in ("bar", "stacked_bar", "line", "scatter")]
    print(
        f"{len(collected)} charts collected from {len(PAGES)} pages; deck of {len(slides)}: "
        + ", ".join(f"{k} {kinds.count(k)}" for k in sorted(set(kinds)))
    )

    def clear_images():
        deck._image_cache.clear()

    start = time.perf_counter()
    deck.chart_image(slides[0].figure)
    print(f"{'first image (starts the kaleido server)':<58} {time.perf_counter() - start:6.2f} s")
    info = deck.DeckInfo(title="Benchmark")
    measure(
        f".pptx, {len(slides)} charts, image cache cold",
        lambda: deck.build_pptx(slides, info),
        args.repeats,
        clear_images,
    )
    measure(f".pptx, {len(slides)} charts, image cache warm", lambda: deck.build_pptx(slides, info), args.repeats)
    natives = [native[i % len(native)] for i in range(args.charts)]
    measure(f".pptx, {len(natives)} native charts only", lambda: deck.build_pptx(natives, info), args.repeats)
    measure(
        f"PDF handout, {len(slides)} charts, image cache cold",
        lambda: deck.build_pdf(slides, info),
        args.repeats,
        clear_images,
    )
    measure(f"PDF handout, {len(slides)} charts, image cache warm", lambda: deck.build_pdf(slides, info), args.repeats)
    print(f"{'Chromium processes of kaleido, RSS summed (shared pages repeat)':<58} {chromium_rss_mib():6.0f} MiB")


if __name__ == "__main__":
    main()
