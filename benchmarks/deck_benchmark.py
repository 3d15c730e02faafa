"""Time and memory of the committee deck: a deck of 20 slides of every kind, as .pptx, as PDF handout and as the
deck page's previews; written to benchmarks/results/deck.md.

    python benchmarks/deck_benchmark.py [--repeats 5] [--out benchmarks/results]

The 20 slides are the four committee slides (growth of the network, measures per Themenschwerpunkt with only
Art = Kommune, the reported staff shares against their targets, Handlungsziele covered per year) and one slide of
every chart the dashboard draws, built as the pages build them (tests/deck_cases.py), the first one again to make
20. Every slide is native (charts and tables): there are no pictures to render, so the .pptx time includes
everything a download does. Measured, median of `--repeats`:

* the floor: python-pptx writing 20 bare native bar charts of six categories, nothing else (same run);
* the .pptx, the PDF handout and the previews of the 20 slides, each also as a ratio to the floor;
* the first use in a fresh process: font metrics and the hyphenation dictionary (loaded in the background when
  the first chart is added to a deck, so a download does not wait for them).

Memory: peak resident set size of this process above the level before each measurement, sampled every 5 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import io
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
TARGET_SECONDS = 3.0


def rss() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE_SIZE


class PeakMemory:
    def __enter__(self) -> PeakMemory:
        gc.collect()
        self.start = self.peak = rss()
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()
        return self

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss())
            time.sleep(0.005)

    def __exit__(self, *exc: object) -> None:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, rss())

    @property
    def mib(self) -> float:
        return (self.peak - self.start) / 2**20


def measure(work: Callable[[], object], repeats: int) -> tuple[float, float]:
    times, memory = [], []
    for _ in range(repeats):
        with PeakMemory() as peak:
            start = time.perf_counter()
            work()
            times.append(time.perf_counter() - start)
        memory.append(peak.mib)
    return statistics.median(times), statistics.median(memory)


def floor_deck(count: int) -> bytes:
    from pptx import Presentation
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = Presentation()
    for _ in range(count):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        data = CategoryChartData()
        data.categories = ["A", "B", "C", "D", "E", "F"]
        data.add_series("Anzahl", [1, 2, 3, 4, 5, 6])
        slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(1), Inches(1), Inches(8), Inches(5), data)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results")
    args = parser.parse_args()

    from deck_cases import committee, every_kind

    from ikoe_data import deck
    from ikoe_data.loading import load_all

    start = time.perf_counter()
    deck.warm()
    first_use = time.perf_counter() - start
    ds = load_all(REPO / "datasets")
    slides = [case.slide for case in committee(ds).values()] + list(every_kind(ds).values())
    slides = (slides + slides)[:20]
    info = deck.DeckInfo(title="Benchmark: Integrationsausschuss", created=dt.date.today(), edition=ds.edition_label)
    plan = deck.plan_deck(slides, info)
    kinds = sorted({s.kind for s in slides})

    def previews() -> object:
        return deck.previews(deck.plan_deck(slides, info))

    rows = [
        ("Floor: python-pptx, 20 bare bar charts", *measure(lambda: floor_deck(20), args.repeats)),
        (
            f".pptx, {len(slides)} slides of every kind ({plan.total} pages)",
            *measure(lambda: deck.build_pptx(slides, info), args.repeats),
        ),
        (f"PDF handout, the same {plan.total} pages", *measure(lambda: deck.build_pdf(slides, info), args.repeats)),
        (f"Previews of the {len(plan.pages)} chart pages (deck page)", *measure(previews, args.repeats)),
    ]
    floor = rows[0][1]
    lines = [
        "# Deck benchmark",
        "",
        f"Run on {dt.date.today():%d.%m.%Y} with `python benchmarks/deck_benchmark.py --repeats {args.repeats}` "
        f"on this project's machine (2 cores, load average {os.getloadavg()[0]:.1f} at the end; other sessions "
        "share it). "
        f"Kinds in the deck: {', '.join(kinds)}; no slide is a picture. Medians of {args.repeats} runs; memory = peak "
        "resident growth of the process.",
        "",
        "| Deck | Time | × floor | Memory |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {name} | {seconds:.2f} s | {seconds / floor:.1f}× | {mib:.0f} MiB |" for name, seconds, mib in rows]
    lines += [
        "",
        f"First use in a fresh process (font metrics, hyphenation dictionary; loaded in the background when the "
        f"first chart is added): {first_use:.2f} s.",
        "",
        f"Target ≤ {TARGET_SECONDS:.0f} s for the .pptx of 20 slides including pictures not yet rendered (there are "
        f"none): {'met' if rows[1][1] <= TARGET_SECONDS else 'not met'} ({rows[1][1]:.2f} s).",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "deck.md").write_text(report, encoding="utf-8")


if __name__ == "__main__":
    main()
