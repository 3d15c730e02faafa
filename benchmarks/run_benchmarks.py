"""Speed and memory of every view of the IKÖ-Dashboard, and how they grow with the data.

    python benchmarks/run_benchmarks.py [--sizes 1 10 100 1000] [--repeats 5] [--out benchmarks/results]

For every size factor k the shipped datasets are scaled by k (`benchmarks/synthetic.py`, written to a temporary
folder, never into `datasets/`), and one fresh worker process per size measures

* the floor: an empty Streamlit page run through AppTest, and reading the raw CSV files with pyarrow (plus, for
  orientation, the Übersicht's element skeleton with nothing computed);
* `load_all()`, the cold first dashboard run (load + cache fill of `ikoe_ui.data` + Übersicht) and a cache hit;
* every analysis function (`ikoe_data.analysis`, the edition comparison), the facts, filters and chart builders;
* the Excel (and CSV) export of the largest table and the Excel export of exactly 10 000 rows;
* every page's full server-side run via AppTest (`dashboard.py` with `IKOE_DATA_DIR` on the synthetic folder
  and `IKOE_EDITIONS_DIR` on an empty folder): switch to the page, one warm run, then the median of the reruns.

Times are medians of up to `--repeats` runs; a measurement stops repeating once its runs took `--budget` seconds
(always at least one run), so at 1000× slow views are measured with fewer runs (the run count is reported).
Memory: the peak resident set size above the level at the start of each measurement, sampled every 5 ms from
/proc/self/statm during the timed runs (after gc.collect and malloc_trim, so freed memory is not counted as
reusable headroom), plus the peak RSS of each worker process (resource.getrusage). tracemalloc was not used:
it slows pandas code by about 5× and does not see Arrow's allocations.

Results: `<out>/README.md` (tables, growth exponents, targets), `<out>/results.json`, `<out>/growth.png` (log-log
plot) and `<out>/worker-<k>x.log`. Profiles of missed targets: `python benchmarks/profile_missed.py`.
"""

from __future__ import annotations

import argparse
import atexit
import ctypes
import datetime as dt
import functools
import gc
import importlib
import inspect
import itertools
import json
import logging
import math
import os
import pkgutil
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ikoe_data import pages as registry

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent  # ikoe_data/ikoe_ui come from the installed project (pip install -e ., in requirements-dev)

# every page with a model in the page registry (the one list of pages), by script and title
PAGES = {spec.script: spec.title for spec in registry.PAGES if spec.build is not None}
EMPTY_PAGE_SCRIPT = 'import streamlit as st\n\nst.title("Leer")\n'
# The element mix of the Übersicht (sidebar filters, header, facts box, 4 metrics, 3 × chart/table tabs with
# caption and two download buttons, expander) with tiny contents built once: what Streamlit itself costs for
# such a page when nothing is computed. Explains how far below the pages the empty-page floor lies.
SKELETON_SCRIPT = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st


@st.cache_resource
def content():
    figs = [go.Figure(go.Bar(x=list(range(6)), y=list(range(6)))) for _ in range(3)]
    frames = [pd.DataFrame({"a": range(40), "b": ["x"] * 40}) for _ in range(3)]
    return figs, frames


figs, frames = content()
with st.sidebar:
    st.subheader("Filter")
    for i in range(5):
        st.multiselect(f"Filter {i}", ["a", "b", "c"], key=f"m{i}")
    st.slider("Beitrittsjahr", 2012, 2020, (2012, 2020), key="years")
    st.radio("Bildformat", ["png", "svg"], key="format", horizontal=True)
    st.button("Daten neu laden")
st.title("Übersicht")
st.markdown("*Frage*")
with st.container(border=True):
    st.markdown("**Das Wichtigste in Kürze**")
    st.markdown("- a\\n- b\\n- c")
for i, column in enumerate(st.columns(4)):
    column.metric("Partner", "32", border=True)
for i, (fig, frame) in enumerate(zip(figs, frames)):
    st.subheader("Abschnitt")
    chart_tab, table_tab = st.tabs(["Diagramm", "Tabelle"])
    with chart_tab:
        st.plotly_chart(fig, width="stretch", key=f"chart{i}")
    with table_tab:
        st.dataframe(frame, hide_index=True, key=f"table{i}")
    st.caption("Quelle: …")
    row = st.container(horizontal=True)
    row.download_button("Excel", data=lambda: b"x", file_name="a.xlsx", on_click="ignore", key=f"x{i}")
    row.download_button("CSV", data=lambda: b"x", file_name="a.csv", on_click="ignore", key=f"c{i}")
with st.expander("Was Sie wissen müssen"):
    st.markdown("…")
"""
SKELETON_NAME = "Gerüst der Übersicht (Elemente ohne Rechnen)"
CACHE_HIT_NAME = "Cache-Treffer der Datenausgabe (ikoe_ui.data._load)"
DEFAULT_SIZES = (1, 10, 100, 1000)
EXCEL_TARGET_ROWS = 10_000
EXCEL_NAME = f"Excel {EXCEL_TARGET_ROWS:,} Zeilen".replace(",", ".")
GROWTH_LIMIT = 1.1  # fitted exponent still counted as linear (10 % allowance for noise)
PAGE_RATIO_TARGET = 3.0  # at 1×: page run ≤ 3 × empty page
PAGE_SECONDS_TARGET = 1.0  # at 100×: page run < 1 s
EXCEL_SECONDS_TARGET = 1.0
OWN_ANALYSIS_TARGET = 0.3  # at 100×: every choice of the own analysis, its whole page run (issue #20)
SEARCH_QUERY_TARGET = 0.05  # at 100×: each query of the search's relevance set ≤ 50 ms (issue #21)
SEARCH_SET_NAME = "search_measures"  # the whole relevance set: the target divides by its number of queries
GROUPS = ("Boden", "Laden", "Seite", "Seitenmodell", "Analyse", "Fakten/Filter", "Diagramm", "Export")


# --------------------------------------------------------------------------- measuring (worker side)

_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
_LIBC: ctypes.CDLL | None
try:
    _LIBC = ctypes.CDLL("libc.so.6")
except OSError:  # pragma: no cover - not glibc
    _LIBC = None


def rss_bytes() -> int:
    with open("/proc/self/statm", "rb") as handle:
        return int(handle.read().split()[1]) * _PAGE_SIZE


def release_memory() -> None:
    gc.collect()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)


class RssPeak:
    """Peak RSS above the level at entry, sampled by a thread every `interval` seconds."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.start = self.peak = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes())

    def __enter__(self) -> RssPeak:
        self.start = self.peak = rss_bytes()
        self._stop.clear()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        assert self._thread is not None
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())

    @property
    def increase_mib(self) -> float:
        return (self.peak - self.start) / 2**20


class Recorder:
    """Collects measurements of one size and prints a progress line for each."""

    def __init__(self, size: int, repeats: int, budget: float):
        self.size, self.repeats, self.budget = size, repeats, budget
        self.records: list[dict] = []

    def measure(
        self,
        group: str,
        name: str,
        fn: Callable[[], Any],
        *,
        warm: bool = False,
        repeats: int | None = None,
        note: str = "",
    ) -> Any:
        """Median wall time of up to `repeats` runs (stopping once they took `budget` s); returns fn's last result."""
        repeats = repeats or self.repeats
        if warm:
            fn()
        release_memory()
        times: list[float] = []
        peaks: list[float] = []
        result = None
        while len(times) < repeats and (not times or sum(times) < self.budget):
            result = None
            release_memory()
            with RssPeak() as rss:
                started = time.perf_counter()
                result = fn()
                times.append(time.perf_counter() - started)
            peaks.append(rss.increase_mib)
        record: dict[str, Any] = {
            "group": group,
            "name": name,
            "size": self.size,
            "times": times,
            "median": statistics.median(times),
            "runs": len(times),
            "rss_peak_mib": max(peaks),
            "note": note,
        }
        self.records.append(record)
        print(
            f"  [{self.size}×] {group:<13} {name:<45} {format_seconds(record['median']):>9}  "
            f"(n={len(times)}, +{record['rss_peak_mib']:.0f} MiB)",
            flush=True,
        )
        return result

    def single(self, group: str, name: str, fn: Callable[[], Any], note: str = "") -> Any:
        return self.measure(group, name, fn, repeats=1, note=note)


def format_seconds(seconds: float | None) -> str:
    if seconds is None or (isinstance(seconds, float) and math.isnan(seconds)):
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 100:
        return f"{seconds:.2f} s"
    return f"{seconds:.0f} s"


def analysis_cases(ds: Any) -> dict[str, tuple[str, Callable[[], Any]]]:
    """(group, callable) per function; every public function of every module of ikoe_data.analysis must be covered."""
    from ikoe_data import analysis as A
    from ikoe_data import charts, edition_comparison, facts
    from ikoe_data.filters import Filters, filter_partner_measures, filter_partners, filter_strategy_measures
    from ikoe_data.pages.common import CHART_ROWS

    overview = A.partner_overview(ds)
    measures = A.enrich_partner_measures(ds)
    shares = A.enrich_staff_shares(ds)
    strategy = A.enrich_strategy_measures(ds)
    rule = A.ActivityRule.of(ds)
    active = A.active_period(strategy, rule)
    years = A.coverage_years(active, rule)
    grid = A.goal_year_grid(active, ds.goals, years)
    per_goal = A.measures_per_goal(strategy, ds.goals)
    thinnest = A.thinnest_goals(per_goal)
    searchable = A.searchable_measures(measures, strategy)
    search_index = A.search_index(searchable)
    sys.path.insert(0, str(REPO / "tests"))
    from search_relevance import CASES

    queries = [c.query for c in CASES]
    found = A.search_measures(search_index, "Geflüchtete")
    longest = " ".join(f"Qwertzuiopasdfghj{i}" for i in range(10))  # 10 unknown words: every typo lookup, 200 chars
    until = ds.status_date(ds.current_source("partner_report"))
    by_group = A.cumulative_partners_by_group(overview, until=until)
    by_focus = A.measures_by_focus_and_group(measures, ds.focus_areas)
    partners_shown = ds.partners[ds.partners["partner_id"].isin(measures["partner_id"])]
    focus_matrix = A.partner_focus_matrix(measures, partners_shown, ds.focus_areas)
    type_matrix = A.partner_measure_type_matrix(measures, ds.measure_types)
    status = A.status_by_focus(measures, ds.focus_areas)
    series = A.share_time_series(shares)
    population = A.population_benchmarks(ds)
    ressort_matrix = A.ressort_goal_matrix(strategy, ds.goals)
    target_groups = A.zielgruppen_counts(strategy, ds.zielgruppen)
    covered = A.goals_covered_per_year(grid)
    type_labels = dict(zip(ds.measure_types["measure_type"], ds.measure_types["label"]))
    src = "Quelle: Benchmark."
    # charts get their inputs as the pages prepare them (rows capped where the pages cap them)
    chart_rows = CHART_ROWS
    top_rows = getattr(A, "top_rows", None)
    most_reported = getattr(A, "most_reported", None)
    focus_charted = top_rows(focus_matrix, chart_rows) if top_rows and chart_rows else focus_matrix
    type_charted = top_rows(type_matrix, chart_rows) if top_rows and chart_rows else type_matrix
    shares_charted = most_reported(shares, chart_rows, by=["partner"]) if most_reported and chart_rows else shares
    series_charted = most_reported(series, 10, by=["partner", "basis"]) if most_reported else series
    partner_filter = Filters(partner_types=("Kommune", "Kreis", "Verband"), accession_from=2013)
    measure_filter = Filters(regierungsbezirke=("Köln", "Düsseldorf"), focus_areas=(1, 2))
    strategy_filter = Filters(zieldimensionen=("I",), ressorts=("MKFFI", "MSB"))
    views = A.Views.of(ds)
    goal_years = A.year_choice(ds, views, "goals")
    own_table = A.crosstab(ds, views, Filters(), "partner_measures", "regierungsbezirk", "focus_area")
    own_years = A.compare_years(ds, views, Filters(), "goals", goal_years.default_a, goal_years.default_b, "ressort")

    cases = {
        "partner_overview": ("Analyse", lambda: A.partner_overview(ds)),
        "cumulative_partners_by_group": ("Analyse", lambda: A.cumulative_partners_by_group(overview, until=until)),
        "enrich_partner_measures": ("Analyse", lambda: A.enrich_partner_measures(ds)),
        "measures_by_focus_and_group": ("Analyse", lambda: A.measures_by_focus_and_group(measures, ds.focus_areas)),
        "partner_focus_matrix": ("Analyse", lambda: A.partner_focus_matrix(measures, partners_shown, ds.focus_areas)),
        "partner_measure_type_matrix": ("Analyse", lambda: A.partner_measure_type_matrix(measures, ds.measure_types)),
        "status_by_focus": ("Analyse", lambda: A.status_by_focus(measures, ds.focus_areas)),
        "enrich_staff_shares": ("Analyse", lambda: A.enrich_staff_shares(ds)),
        "partner_profile": (
            "Analyse",
            lambda: A.partner_profile(
                int(overview["partner_id"].iloc[0]), overview, measures, shares, ds.source_conflicts
            ),
        ),
        "share_time_series": ("Analyse", lambda: A.share_time_series(shares)),
        "share_targets": ("Analyse", lambda: A.share_targets(shares, ds.benchmarks)),
        "partner_sources": (
            "Analyse",
            lambda: A.partner_sources(ds, int(overview["partner_id"].iloc[0]), measures, shares),
        ),
        "partner_sources_table": (
            "Analyse",
            lambda: A.partner_sources_table(
                A.partner_sources(ds, int(overview["partner_id"].iloc[0]), measures, shares)
            ),
        ),
        "population_benchmarks": ("Analyse", lambda: A.population_benchmarks(ds)),
        "share_changes": (
            "Analyse",
            lambda: A.share_changes(edition_comparison.staff_share_change(ds, ds), ds.partners),
        ),
        "enrich_strategy_measures": ("Analyse", lambda: A.enrich_strategy_measures(ds)),
        "active_period": ("Analyse", lambda: A.active_period(strategy, rule)),
        "coverage_years": ("Analyse", lambda: A.coverage_years(active, rule)),
        "goal_year_grid": ("Analyse", lambda: A.goal_year_grid(active, ds.goals, years)),
        "goals_covered_per_year": ("Analyse", lambda: A.goals_covered_per_year(grid)),
        "coverage_table": ("Analyse", lambda: A.coverage_table(covered, rule.report_year)),
        "year_status": ("Analyse", lambda: A.year_status(rule.report_year - 1, rule.report_year)),
        "year_status_names": ("Analyse", lambda: A.year_status_names(rule.report_year)),
        "goal_year_matrix": ("Analyse", lambda: A.goal_year_matrix(grid)),
        "measures_per_goal": ("Analyse", lambda: A.measures_per_goal(strategy, ds.goals)),
        "budgets": ("Analyse", lambda: A.budgets(ds.strategy_budgets, strategy, ds.goals)),
        "thinnest_goals": ("Analyse", lambda: A.thinnest_goals(per_goal)),
        "measure_count": ("Analyse", lambda: A.measure_count(strategy)),
        "goals_with_measures": ("Analyse", lambda: A.goals_with_measures(per_goal)),
        "named_source_conflicts": ("Analyse", lambda: A.named_source_conflicts(ds)),
        "measures_under_several_goals": ("Analyse", lambda: A.measures_under_several_goals(strategy)),
        "population_shares": ("Analyse", lambda: A.population_shares(ds.benchmarks)),
        "ressort_goal_matrix": ("Analyse", lambda: A.ressort_goal_matrix(strategy, ds.goals)),
        "zielgruppen_counts": ("Analyse", lambda: A.zielgruppen_counts(strategy, ds.zielgruppen)),
        "crosstab": (
            "Analyse",
            lambda: A.crosstab(ds, views, Filters(), "partner_measures", "partner", "measure_type"),
        ),
        "compare_years": (
            "Analyse",
            lambda: A.compare_years(
                ds, views, strategy_filter, "goals", goal_years.default_a, goal_years.default_b, "ressort"
            ),
        ),
        "year_choice": ("Analyse", lambda: A.year_choice(ds, views, "strategy_measures")),
        "dimension_values": ("Analyse", lambda: A.dimension_values(ds, "partner_measures", "partner")),
        "searchable_measures": ("Analyse", lambda: A.searchable_measures(measures, strategy)),
        "search_index": ("Analyse", lambda: A.search_index(searchable)),
        SEARCH_SET_NAME: ("Analyse", lambda: [A.search_measures(search_index, q) for q in queries]),
        "search_measures (längste zulässige Anfrage)": ("Analyse", lambda: A.search_measures(search_index, longest)),
        "search_measures (100.000 Wörter)": ("Analyse", lambda: A.search_measures(search_index, "Wort " * 100_000)),
        "search_hits": ("Analyse", lambda: A.search_hits(found)),
        "hit_detail": ("Analyse", lambda: A.hit_detail(found, str(found.hits["measure_id"].iloc[-1]))),
        "hits_by_kind": ("Analyse", lambda: A.hits_by_kind(found.hits)),
        "edition_comparison.goal_coverage_change": ("Analyse", lambda: edition_comparison.goal_coverage_change(ds, ds)),
        "edition_comparison.staff_share_change": ("Analyse", lambda: edition_comparison.staff_share_change(ds, ds)),
        "facts.network_facts": ("Fakten/Filter", lambda: facts.network_facts(overview, measures, "Stand", 2018)),
        "facts.network_size_facts": (
            "Fakten/Filter",
            lambda: facts.network_size_facts(ds.benchmarks, ds.current_source("partner_report"), "Partnerbericht"),
        ),
        "facts.measure_facts": ("Fakten/Filter", lambda: facts.measure_facts(measures, type_labels)),
        "facts.share_facts": ("Fakten/Filter", lambda: facts.share_facts(shares)),
        "facts.strategy_facts": ("Fakten/Filter", lambda: facts.strategy_facts(per_goal, strategy, thinnest, "Stand")),
        "filters.filter_partners": (
            "Fakten/Filter",
            lambda: filter_partners(overview, partner_filter, ds.partner_measures),
        ),
        "filters.filter_partner_measures": (
            "Fakten/Filter",
            lambda: filter_partner_measures(measures, ds.partners, measure_filter),
        ),
        "filters.filter_strategy_measures": (
            "Fakten/Filter",
            lambda: filter_strategy_measures(strategy, ds.goals, strategy_filter),
        ),
        "charts.cumulative_partners_chart": ("Diagramm", lambda: charts.cumulative_partners_chart(by_group, src)),
        "charts.measures_by_focus_chart": ("Diagramm", lambda: charts.measures_by_focus_chart(by_focus, src)),
        "charts.heatmap (Partner × Themenschwerpunkt)": (
            "Diagramm",
            lambda: charts.heatmap(focus_charted, "T", src, x_title="x", y_title="y"),
        ),
        "charts.heatmap (Partner × Maßnahmenart)": (
            "Diagramm",
            lambda: charts.heatmap(type_charted, "T", src, x_title="x", y_title="y"),
        ),
        "charts.status_chart": ("Diagramm", lambda: charts.status_chart(status, src)),
        "charts.share_target_chart": (
            "Diagramm",
            lambda: charts.share_target_chart(A.share_targets(shares_charted, ds.benchmarks), population, src),
        ),
        "charts.staff_share_series_chart": (
            "Diagramm",
            lambda: charts.staff_share_series_chart(series_charted, population, src),
        ),
        "charts.goals_covered_chart": ("Diagramm", lambda: charts.goals_covered_chart(covered, 37, 2021, src)),
        "charts.goal_year_heatmap": ("Diagramm", lambda: charts.goal_year_heatmap(grid, 2021, src)),
        "charts.measures_per_goal_chart": (
            "Diagramm",
            lambda: charts.measures_per_goal_chart(per_goal, set(thinnest["goal_id"]), src),
        ),
        "charts.heatmap (Ressort × Handlungsziel)": (
            "Diagramm",
            lambda: charts.heatmap(ressort_matrix, "T", src, x_title="x", y_title="y", height=520),
        ),
        "charts.crosstab_chart (Regierungsbezirk × Themenschwerpunkt)": (
            "Diagramm",
            lambda: charts.crosstab_chart(own_table, src),
        ),
        "charts.year_comparison_chart (Handlungsziele je Ressort)": (
            "Diagramm",
            lambda: charts.year_comparison_chart(own_years, src),
        ),
        "charts.horizontal_bar_chart (Zielgruppen)": (
            "Diagramm",
            lambda: charts.horizontal_bar_chart(target_groups, "zielgruppe", "n_measures", "T", src, "x"),
        ),
    }
    if hasattr(A, "Views"):
        cases["Views.of"] = ("Analyse", lambda: A.Views.of(ds))
    if top_rows and chart_rows:
        cases["top_rows"] = ("Analyse", lambda: top_rows(type_matrix, chart_rows))
    if most_reported and chart_rows:
        cases["most_reported"] = ("Analyse", lambda: most_reported(shares, chart_rows, by=["partner"]))
    modules = [importlib.import_module(f"{A.__name__}.{m.name}") for m in pkgutil.iter_modules(A.__path__)]
    public = {
        name
        for module in modules
        for name, obj in inspect.getmembers(module, inspect.isfunction)
        if obj.__module__ == module.__name__ and not name.startswith("_")
    }
    missing = public - set(cases)
    if missing:
        raise SystemExit(f"analysis functions without a benchmark case: {sorted(missing)}")
    return cases


def page_model_cases(ds: Any) -> dict[str, Callable[[], Any]]:
    """Each page's model built without Streamlit from the unfiltered data (what a page run costs when its model is
    not yet kept)."""
    from ikoe_data.analysis import Views
    from ikoe_data.filters import Filters
    from ikoe_data.pages.model import Edition, PageInput

    edition = Edition(ds.edition, ds.edition_label)
    given = PageInput(
        ds=ds,
        views=Views.of(ds),
        filters=Filters(),
        choices={},
        edition=edition,
        editions=(edition,),
        load=lambda _: ds,
    )
    return {spec.title: functools.partial(spec.build, given) for spec in registry.PAGES if spec.build is not None}


EVERY_CHOICE_NAME = "Eigene Auswertung: langsamste Auswahl (Seitenmodell)"
SLOWEST_PAGE_NAME = "Eigene Auswertung: langsamste Auswahlen als Seitenlauf (Modell + Zeichnen)"
SLOWEST_CHOICES = 3  # the choices whose whole page run (AppTest, model not yet kept) is measured as well


def own_analysis_choices(ds: Any) -> list[dict[str, str]]:
    """Every choice of the own analysis, as the link holds it (labels): each counted thing by each of its dimensions
    and each ordered pair of them, and for counted things with years each split of the default pair of years."""
    from ikoe_data import analysis as A

    views = A.Views.of(ds)
    choices: list[dict[str, str]] = []
    for key, subject in A.SUBJECTS.items():
        labels = {d: A.DIMENSIONS[d].label for d in subject.dimensions}
        pairs = [(d, None) for d in subject.dimensions] + list(itertools.permutations(subject.dimensions, 2))
        for rows, columns in pairs:
            choices.append(
                {
                    "zaehlen": subject.label,
                    "zeilen": labels[rows],
                    "spalten": labels[columns] if columns else "keine (Liste)",
                }
            )
        if subject.compare_dimensions:
            years = A.year_choice(ds, views, key)
            for dimension in (None, *subject.compare_dimensions):
                choices.append(
                    {
                        "zaehlen": subject.label,
                        "jahr_a": str(years.default_a),
                        "jahr_b": str(years.default_b),
                        "vergleich_nach": labels[dimension] if dimension else "insgesamt",
                    }
                )
    return choices


def measure_every_choice(rec: Recorder, ds: Any) -> list[dict[str, str]]:
    """The slowest of all choices of the own analysis, its page model built as a page run builds it (count,
    comparison, charts, selection lines, text alternatives), per run of all of them after one untimed run; returns
    the slowest choices (target: ≤ 300 ms at 100× for the whole page run, see SLOWEST_PAGE_NAME)."""
    from ikoe_data import pages
    from ikoe_data.analysis import Views
    from ikoe_data.filters import Filters
    from ikoe_data.pages.model import Edition, PageInput

    edition = Edition(ds.edition, ds.edition_label)
    views = Views.of(ds)
    build = pages.page("own_analysis").build
    assert build is not None

    def model(choice: dict[str, str]) -> Any:
        return build(PageInput(ds, views, Filters(), choice, edition, (edition,), lambda _: ds))

    choices = own_analysis_choices(ds)
    for choice in choices:  # one untimed pass: first calls (plotly validators of each trace type, …)
        model(choice)
    release_memory()
    times: list[float] = []
    per_choice: list[tuple[float, int]] = []
    spent = 0.0
    with RssPeak() as rss:
        while len(times) < rec.repeats and (not times or spent < rec.budget):
            per_choice = []
            for number, choice in enumerate(choices):
                started = time.perf_counter()
                model(choice)
                per_choice.append((time.perf_counter() - started, number))
            times.append(max(per_choice)[0])
            spent += sum(t for t, _ in per_choice)
    slowest = [choices[number] for _, number in sorted(per_choice, reverse=True)[:SLOWEST_CHOICES]]
    median = statistics.median(times)
    record: dict[str, Any] = {
        "group": "Seitenmodell",
        "name": EVERY_CHOICE_NAME,
        "size": rec.size,
        "times": times,
        "median": median,
        "runs": len(times),
        "rss_peak_mib": rss.increase_mib,
        "note": f"{len(choices)} Auswahlen; am langsamsten: {' · '.join(slowest[0].values())}",
    }
    rec.records.append(record)
    print(f"  [{rec.size}×] Seitenmodell  {EVERY_CHOICE_NAME:<45} {format_seconds(median):>9}", flush=True)
    return slowest


def measure_slowest_page_runs(rec: Recorder, slowest: list[dict[str, str]], timeout: float) -> None:
    """The whole page run of each of the slowest choices as an analyst opening its link has it (model built, not yet
    kept, and drawn, in a fresh session); the slowest of them."""
    from streamlit.testing.v1 import AppTest

    from ikoe_ui import data as ui_data

    def first_visit(choice: dict[str, str]) -> float:
        app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=timeout)
        app.run()  # the session's first page (Übersicht), not timed
        app.switch_page("app_pages/own_analysis.py")
        for key, value in choice.items():
            app.query_params[key] = value
        ui_data.page_model.clear()
        started = time.perf_counter()
        app.run()
        elapsed = time.perf_counter() - started
        if app.exception:
            raise RuntimeError(f"Eigene Auswertung {choice}: {[e.value for e in app.exception]}")
        return elapsed

    times = [max(first_visit(choice) for choice in slowest) for _ in range(max(1, rec.repeats))]
    median = statistics.median(times)
    note = "; ".join(" · ".join(choice.values()) for choice in slowest)
    rec.records.append(
        {
            "group": "Seite",
            "name": SLOWEST_PAGE_NAME,
            "size": rec.size,
            "times": times,
            "median": median,
            "runs": len(times),
            "rss_peak_mib": 0.0,
            "note": note,
        }
    )
    print(f"  [{rec.size}×] Seite         {SLOWEST_PAGE_NAME:<45} {format_seconds(median):>9}", flush=True)


def largest_table(ds):
    """The largest table an analyst exports: all partner measures as the Maßnahmen page shows them."""
    from ikoe_data import analysis, labels

    measures = analysis.enrich_partner_measures(ds).sort_values(["focus_area", "partner_id", "measure_id"])
    return labels.to_display(
        measures,
        [
            "measure_id",
            "partner",
            "partner_type",
            "focus_label",
            "title",
            "summary",
            "measure_type_labels",
            "status_label",
            "source_line",
        ],
        table="partner_measures",
    )


def excel(frame):
    from ikoe_data import export

    about = export.About(
        title="Partnermaßnahmen",
        selection="Alle Partner",
        filters=["keine (alle Daten)"],
        status=["Partnerbericht: Stand 30.09.2020"],
        sources=["Partnerbericht (MKFFI)"],
    )
    return export.excel_bytes(frame, about, exported_at=dt.datetime(2024, 9, 30, 12, 0))


def measure_exports(rec: Recorder, ds) -> None:
    """Excel of exactly 10 000 rows (the largest table, tiled where it is smaller), Excel and CSV of all rows."""
    import pandas as pd

    from ikoe_data import export

    table = largest_table(ds)
    if len(table) >= EXCEL_TARGET_ROWS:
        ten_k = table.head(EXCEL_TARGET_ROWS)
    else:  # tile the largest table up to 10 000 rows
        ten_k = pd.concat([table] * math.ceil(EXCEL_TARGET_ROWS / len(table)), ignore_index=True)
        ten_k = ten_k.head(EXCEL_TARGET_ROWS)
    rec.measure("Export", EXCEL_NAME, lambda: excel(ten_k))
    rec.measure(
        "Export",
        "Excel größte Tabelle (Partnermaßnahmen)",
        lambda: excel(table),
        note=f"{len(table)} Zeilen × {table.shape[1]} Spalten",
    )
    rec.measure("Export", "CSV größte Tabelle (Partnermaßnahmen)", lambda: export.csv_bytes(table))


def isolate_worker(data: str, prefix: str) -> Path:
    """Point the dashboard at the synthetic data and an empty edition store; quiet Streamlit."""
    data_dir = Path(data).resolve()
    os.environ["IKOE_DATA_DIR"] = str(data_dir)
    editions_dir = tempfile.mkdtemp(prefix=prefix)  # empty store: only the shipped edition
    atexit.register(shutil.rmtree, editions_dir, True)
    os.environ["IKOE_EDITIONS_DIR"] = editions_dir
    os.environ.pop("IKOE_DATA_STEWARD_TOKEN", None)
    os.environ["STREAMLIT_LOGGER_LEVEL"] = "error"
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    return data_dir


def run_worker(args) -> None:
    """Measure one size in this (fresh) process; write the records as JSON."""
    data_dir = isolate_worker(args.data, "ikoe-bench-editions-")

    import pyarrow.csv as pacsv
    from streamlit.testing.v1 import AppTest

    from ikoe_data import Dataset
    from ikoe_data.loading import load_all
    from ikoe_data.schema import TABLES
    from ikoe_data.settings import SHIPPED_DATA_DIR, data_locations
    from ikoe_ui import data as ui_data

    rec = Recorder(args.size, args.repeats, args.budget)
    timeout = 3600

    # floor ----------------------------------------------------------------------------------
    empty = AppTest.from_string(EMPTY_PAGE_SCRIPT, default_timeout=timeout)
    rec.measure("Boden", "Leere Seite (AppTest)", lambda: empty.run(), warm=True)
    skeleton = AppTest.from_string(SKELETON_SCRIPT, default_timeout=timeout)
    rec.measure("Boden", SKELETON_NAME, lambda: skeleton.run(), warm=True)
    if skeleton.exception:
        raise RuntimeError([e.value for e in skeleton.exception])
    files = [data_dir / t.file for t in TABLES]
    rec.measure("Boden", "Rohdateien lesen (pyarrow.csv)", lambda: [pacsv.read_csv(f) for f in files], warm=True)

    # loading ----------------------------------------------------------------------------------
    ds: Dataset | None = rec.measure("Laden", "load_all()", lambda: load_all(data_dir))
    assert ds is not None
    rows = {name: len(frame) for name, frame in ds.tables.items()}

    # analysis, facts, filters, charts --------------------------------------------------------
    for _, fn in analysis_cases(load_all(SHIPPED_DATA_DIR)).values():
        fn()  # first calls (lazy imports of plotly validators, …) on the small shipped data, not timed
    for name, (group, fn) in analysis_cases(ds).items():
        rec.measure(group, name, fn)
    for title, build in page_model_cases(ds).items():
        rec.measure("Seitenmodell", title, build)
    slowest_choices = measure_every_choice(rec, ds)

    # export ------------------------------------------------------------------------------------
    measure_exports(rec, ds)
    ds = None  # pages load their own copy through the dashboard's cache
    release_memory()

    # pages ---------------------------------------------------------------------------------------
    ui_data.clear_cache()
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=timeout)

    def check(app_test, page: str) -> None:
        if app_test.exception:
            raise RuntimeError(f"{page}: {[e.value for e in app_test.exception]}")

    rec.single("Laden", "Kaltstart: erster Lauf (Laden + Cache + Übersicht)", lambda: app.run())
    check(app, "dashboard.py")
    locations = data_locations()
    edition = app.session_state["edition"]
    rec.measure("Laden", CACHE_HIT_NAME, lambda: ui_data._load(edition, locations))
    for page, title in PAGES.items():
        first = time.perf_counter()
        app.switch_page(page).run()
        check(app, page)
        first = time.perf_counter() - first
        rec.measure("Seite", title, lambda: app.run(), note=f"erster Besuch {first:.3f} s")
        check(app, page)
        if not app.title or not app.title[0].value:
            raise RuntimeError(f"{page}: no title rendered")
    measure_slowest_page_runs(rec, slowest_choices, timeout)

    usage = resource.getrusage(resource.RUSAGE_SELF)
    result = {"size": args.size, "rows": rows, "records": rec.records, "maxrss_mib": usage.ru_maxrss / 1024}
    Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


# --------------------------------------------------------------------------- orchestration (parent side)


def machine() -> dict:
    cpu = "unbekannt"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unbekannt"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 2**20:.1f} GiB"
                break
    except OSError:
        pass
    versions = {}
    for module in ("pandas", "numpy", "pyarrow", "streamlit", "plotly", "xlsxwriter"):
        try:
            versions[module] = __import__(module).__version__
        except Exception:
            versions[module] = "–"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "code": code_version(),
    }


def code_version() -> str:
    """Commit of the measured code, with a note if tracked files differ from it (read-only git calls)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = (
            subprocess.run(["git", "-C", str(REPO), "diff", "--quiet", "HEAD", "--"], capture_output=True).returncode
            != 0
        )
    except (OSError, subprocess.CalledProcessError):
        return "unbekannt"
    return head + (" mit lokalen Änderungen" if changed else "")


def fit_exponent(sizes: list[int], times: list[float]) -> float | None:
    """Least-squares slope of log(time) against log(size)."""
    points = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if t and t > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    if sxx == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx


def search_queries() -> int:
    """Number of queries in the search's relevance set (tests/search_relevance.py)."""
    sys.path.insert(0, str(REPO / "tests"))
    from search_relevance import CASES

    return len(CASES)


def summarise(results: list[dict]) -> dict:
    """Per measurement: median per size, exponents; targets."""
    sizes = [r["size"] for r in results]
    table: dict[tuple[str, str], dict] = {}
    for result in results:
        for record in result["records"]:
            entry = table.setdefault(
                (record["group"], record["name"]), {"group": record["group"], "name": record["name"], "by_size": {}}
            )
            entry["by_size"][result["size"]] = record
    for entry in table.values():
        own = sorted(entry["by_size"])
        medians = [entry["by_size"][s]["median"] for s in own]
        fit_sizes = [s for s in own if s >= 10]
        entry["exponent_all"] = fit_exponent(own, medians)
        entry["exponent_10"] = fit_exponent(fit_sizes, [entry["by_size"][s]["median"] for s in fit_sizes])
        entry["last_step"] = fit_exponent(own[-2:], medians[-2:]) if len(own) >= 2 else None
    entries = [
        entry
        for _, entry in sorted(enumerate(table.values()), key=lambda item: (GROUPS.index(item[1]["group"]), item[0]))
    ]

    def median_of(group, name, size):
        record = table.get((group, name), {}).get("by_size", {}).get(size)
        return None if record is None else record["median"]

    targets = []
    if 1 in sizes:
        empty = median_of("Boden", "Leere Seite (AppTest)", 1)
        for title in PAGES.values():
            value = median_of("Seite", title, 1)
            if value is not None and empty:
                ratio = value / empty
                targets.append(
                    {
                        "target": f"1×: Seite „{title}“ ≤ {PAGE_RATIO_TARGET:g} × leere Seite",
                        "kind": "page_ratio",
                        "size": 1,
                        "page": title,
                        "value": f"{format_seconds(value)} = {ratio:.0f} × {format_seconds(empty)}",
                        "met": ratio <= PAGE_RATIO_TARGET,
                    }
                )
    if 100 in sizes:
        for title in PAGES.values():
            value = median_of("Seite", title, 100)
            if value is not None:
                targets.append(
                    {
                        "target": f"100×: Seite „{title}“ < {PAGE_SECONDS_TARGET:g} s",
                        "kind": "page_seconds",
                        "size": 100,
                        "page": title,
                        "value": format_seconds(value),
                        "met": value < PAGE_SECONDS_TARGET,
                    }
                )
        own_analysis = median_of("Seite", SLOWEST_PAGE_NAME, 100)
        if own_analysis is not None:
            targets.append(
                {
                    "target": f"100×: jede Auswahl der Eigenen Auswertung ≤ {OWN_ANALYSIS_TARGET * 1000:g} ms "
                    "(Seitenlauf der langsamsten)",
                    "kind": "own_analysis",
                    "size": 100,
                    "value": format_seconds(own_analysis),
                    "met": own_analysis <= OWN_ANALYSIS_TARGET,
                }
            )
    search_set = [(size, median_of("Analyse", SEARCH_SET_NAME, size)) for size in sizes]
    if any(value is not None for _, value in search_set):
        n_queries = search_queries()
        per_query = {size: value / n_queries for size, value in search_set if value is not None}
        targets.append(
            {
                "target": f"100×: Suche ≤ {SEARCH_QUERY_TARGET * 1000:g} ms je Anfrage ({n_queries} Anfragen)",
                "kind": "search",
                "size": 100,
                "value": " / ".join(f"{size}×: {format_seconds(value)}" for size, value in per_query.items()),
                "met": per_query.get(100, 0.0) <= SEARCH_QUERY_TARGET,
            }
        )
    excel_name = EXCEL_NAME
    excel_values = [median_of("Export", excel_name, s) for s in sizes]
    excel_values = [v for v in excel_values if v is not None]
    if excel_values:  # every size must meet it (at 1× and 10× the 10 000 rows are the shipped rows repeated)
        worst = max(excel_values)
        targets.append(
            {
                "target": f"Excel-Export von {EXCEL_TARGET_ROWS:,} Zeilen < {EXCEL_SECONDS_TARGET:g} s".replace(
                    ",", "."
                ),
                "kind": "excel",
                "size": None,
                "value": " / ".join(
                    f"{s}×: {format_seconds(median_of('Export', excel_name, s))}"
                    for s in sizes
                    if median_of("Export", excel_name, s) is not None
                ),
                "met": worst < EXCEL_SECONDS_TARGET,
            }
        )
    for entry in entries:
        if entry["group"] == "Boden" or entry["name"] == excel_name:
            continue
        exponent = entry["exponent_10"] if entry["exponent_10"] is not None else entry["exponent_all"]
        if exponent is None:
            continue
        last = entry["last_step"]
        own = sorted(entry["by_size"])
        targets.append(
            {
                "target": f"Wachstum höchstens linear: {entry['group']} „{entry['name']}“",
                "kind": "growth",
                "group": entry["group"],
                "name": entry["name"],
                "exponent": exponent,
                "last_step": last,
                "value": f"Exponent {exponent:.2f}"
                + (f" (letzter Schritt {own[-2]}×→{own[-1]}×: {last:.2f})" if last is not None else ""),
                "met": exponent <= GROWTH_LIMIT,
                # fitted exponent fine, but the last step steeper than linear: watched and profiled
                "watch": exponent <= GROWTH_LIMIT and last is not None and last > GROWTH_LIMIT,
            }
        )
    return {"sizes": sizes, "entries": entries, "targets": targets}


def markdown(summary: dict, results: list[dict], info: dict) -> str:
    sizes = summary["sizes"]
    lines = [
        "# Benchmark-Ergebnisse: IKÖ-Dashboard NRW",
        "",
        f"Erzeugt {info['finished']} mit `{info['command']}` in {info['duration']:.0f} s.",
        "",
        f"Rechner: {info['machine']['nproc']} Kerne, {info['machine']['cpu']}, {info['machine']['ram']} RAM; "
        f"Python {info['machine']['python']}; Code: Commit {info['machine'].get('code', 'unbekannt')}; "
        + ", ".join(f"{k} {v}" for k, v in info["machine"]["versions"].items())
        + ".",
        "",
        f"Median von bis zu {info['repeats']} Läufen je Messung; eine Messung hört nach {info['budget']:g} s "
        "Gesamtlaufzeit auf zu wiederholen (mindestens ein Lauf; Laufzahl `n` unten, wo sie kleiner ist). "
        "Seiten: `dashboard.py` über AppTest, Wechsel auf die Seite, ein Aufwärmlauf, dann die gemessenen "
        "Wiederholungen (Cache warm). Der Kaltstart (Laden + Cache der Datenausgabe + Übersicht) steht getrennt "
        "unter „Laden“. Profile der verfehlten Ziele: `profiles/` (`python benchmarks/profile_missed.py`).",
        "",
        "## Datengrößen (Zeilen)",
        "",
        "| Tabelle | " + " | ".join(f"{s}×" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    for name in results[0]["rows"]:
        lines.append(f"| {name} | " + " | ".join(f"{r['rows'][name]:,}".replace(",", ".") for r in results) + " |")

    met = [t for t in summary["targets"] if t["met"]]
    missed = [t for t in summary["targets"] if not t["met"]]
    lines += [
        "",
        f"## Ziele: {len(met)} erreicht, {len(missed)} verfehlt",
        "",
        "| Ziel | Wert | erreicht |",
        "|---|---|---|",
    ]
    for target in summary["targets"]:
        if target["kind"] == "growth" and target["met"] and not target.get("watch"):
            continue
        verdict = (
            "**nein**"
            if not target["met"]
            else ("ja (Exponent), letzter Schritt steiler: beobachten" if target.get("watch") else "ja")
        )
        lines.append(f"| {target['target']} | {target['value']} | {verdict} |")
    growth_met = [t for t in met if t["kind"] == "growth" and not t.get("watch")]
    lines.append(
        f"| Wachstum höchstens linear (Exponent ab 10× ≤ {GROWTH_LIMIT:g}): alle übrigen "
        f"{len(growth_met)} Messungen | siehe Tabelle | ja |"
    )

    lines += [
        "",
        "## Laufzeiten und Wachstumsexponenten",
        "",
        "Exponent = Steigung der Kleinste-Quadrate-Geraden durch log(Zeit) über log(Größe): 1 = linear. "
        "„ab 10×“ lässt 1× weg (dort liegen viele Zeiten am Boden fester Kosten), „alle“ nimmt alle "
        "Größen, "
        "„letzter Schritt“ ist die Steigung zwischen den beiden größten Größen.",
        "",
        "| Gruppe | Messung | "
        + " | ".join(f"{s}×" for s in sizes)
        + " | Exponent ab 10× | Exponent alle | letzter Schritt |",
        "|---|---|" + "---:|" * (len(sizes) + 3),
    ]
    for entry in summary["entries"]:
        cells = []
        for size in sizes:
            record = entry["by_size"].get(size)
            if record is None:
                cells.append("–")
                continue
            text = format_seconds(record["median"])
            if record["runs"] < info["repeats"]:
                text += f" (n={record['runs']})"
            cells.append(text)
        exps = [entry["exponent_10"], entry["exponent_all"], entry["last_step"]]
        exp_cells = [
            "–" if e is None else (f"**{e:.2f}**" if e > GROWTH_LIMIT and entry["group"] != "Boden" else f"{e:.2f}")
            for e in exps
        ]
        lines.append(
            f"| {entry['group']} | {entry['name']} | " + " | ".join(cells) + " | " + " | ".join(exp_cells) + " |"
        )

    empty = {
        r["size"]: next((x["median"] for x in r["records"] if x["name"] == "Leere Seite (AppTest)"), None)
        for r in results
    }
    lines += [
        "",
        "## Seiten im Verhältnis zur leeren Seite",
        "",
        "| Seite | " + " | ".join(f"{s}×" for s in sizes) + " |",
        "|---|" + "---:|" * len(sizes),
    ]
    lines.append("| Leere Seite (AppTest) | " + " | ".join(format_seconds(empty[s]) for s in sizes) + " |")
    skeleton: dict[int, Any] = {
        r["size"]: next((x["median"] for x in r["records"] if x["name"] == SKELETON_NAME), None) for r in results
    }
    if any(skeleton.values()):
        lines.append(
            f"| {SKELETON_NAME} | "
            + " | ".join("–" if not skeleton[s] or not empty[s] else f"{skeleton[s] / empty[s]:.0f} ×" for s in sizes)
            + " |"
        )
    for title in PAGES.values():
        cells = []
        for result in results:
            record = next((x for x in result["records"] if x["group"] == "Seite" and x["name"] == title), None)
            base = empty[result["size"]]
            cells.append("–" if record is None or not base else f"{record['median'] / base:.0f} ×")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")

    lines += [
        "",
        "## Speicher",
        "",
        "Spitze des Resident Set Size über dem Stand zu Beginn der Messung (MiB; alle 5 ms aus "
        "/proc/self/statm abgetastet, vorher gc.collect und malloc_trim). Letzte Zeile: Spitzen-RSS des "
        "ganzen Mess-Prozesses je Größe (resource.getrusage, ru_maxrss).",
        "",
        "| Gruppe | Messung | " + " | ".join(f"{s}×" for s in sizes) + " |",
        "|---|---|" + "---:|" * len(sizes),
    ]
    for entry in summary["entries"]:
        if entry["group"] in ("Fakten/Filter",):
            continue
        cells = [("–" if entry["by_size"].get(s) is None else mib(entry["by_size"][s]["rss_peak_mib"])) for s in sizes]
        lines.append(f"| {entry['group']} | {entry['name']} | " + " | ".join(cells) + " |")
    lines.append(
        "| Prozess | Spitzen-RSS des Mess-Prozesses | " + " | ".join(f"{r['maxrss_mib']:.0f}" for r in results) + " |"
    )
    lines += ["", "![Laufzeit über Datengröße (log-log)](growth.png)", ""]
    return "\n".join(lines)


def mib(value: float) -> str:
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def plot(summary: dict, path: Path) -> Path | None:
    """Log-log plot of time against size, one panel per kind of measurement, exponent in the legend."""
    try:
        import plotly.graph_objects as go
        from plotly.subplots import make_subplots
    except ImportError:
        return None
    panels = [
        ("Boden, Laden, Export", ("Boden", "Laden", "Export")),
        ("Seiten (AppTest, warm)", ("Seite",)),
        ("Analysefunktionen", ("Analyse",)),
        ("Fakten, Filter, Diagramme", ("Fakten/Filter", "Diagramm")),
    ]
    fig = make_subplots(rows=len(panels), cols=1, subplot_titles=[p[0] for p in panels], vertical_spacing=0.05)
    palette = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
    dashes = ["solid", "dash", "dot", "dashdot"]
    sizes = summary["sizes"]
    for row, (_, groups) in enumerate(panels, start=1):
        entries = [e for e in summary["entries"] if e["group"] in groups]
        for i, entry in enumerate(entries):
            own = sorted(entry["by_size"])
            exponent = entry["exponent_10"] if entry["exponent_10"] is not None else entry["exponent_all"]
            label = f"{entry['name'][:42]} (k={exponent:.2f})" if exponent is not None else entry["name"][:42]
            fig.add_trace(
                go.Scatter(
                    x=own,
                    y=[entry["by_size"][s]["median"] for s in own],
                    mode="lines+markers",
                    name=label,
                    legend="legend" if row == 1 else f"legend{row}",
                    line={
                        "color": palette[i % len(palette)],
                        "dash": dashes[(i // len(palette)) % len(dashes)],
                        "width": 1.6,
                    },
                    marker={"size": 5},
                ),
                row=row,
                col=1,
            )
        if len(sizes) >= 2:  # linear reference through the middle of the panel at the smallest size
            values = [e["by_size"][sizes[0]]["median"] for e in entries if sizes[0] in e["by_size"]]
            if values:
                anchor = statistics.median(values)
                fig.add_trace(
                    go.Scatter(
                        x=[sizes[0], sizes[-1]],
                        y=[anchor, anchor * sizes[-1] / sizes[0]],
                        mode="lines",
                        name="linear (Exponent 1)",
                        legend="legend" if row == 1 else f"legend{row}",
                        line={"color": "#999", "dash": "longdash", "width": 1},
                    ),
                    row=row,
                    col=1,
                )
        fig.update_xaxes(
            type="log",
            title_text="Datengröße (× ausgeliefert)",
            tickvals=sizes,
            ticktext=[f"{s}×" for s in sizes],
            row=row,
            col=1,
        )
        fig.update_yaxes(type="log", title_text="Zeit (s)", row=row, col=1)
    height_per_panel = 620
    layout = {
        "height": height_per_panel * len(panels),
        "width": 1500,
        "template": "plotly_white",
        "title": {"text": "IKÖ-Dashboard: Laufzeit über Datengröße (log-log, k = Wachstumsexponent)"},
        "margin": {"r": 520, "t": 80},
    }
    for row in range(1, len(panels) + 1):
        domain = fig.layout[f"yaxis{'' if row == 1 else row}"].domain
        layout["legend" if row == 1 else f"legend{row}"] = {
            "x": 1.02,
            "xanchor": "left",
            "y": domain[1],
            "yanchor": "top",
            "font": {"size": 10},
        }
    fig.update_layout(**layout)
    fig.write_html(path.with_suffix(".html"), include_plotlyjs=True)  # self-contained: opens offline
    try:
        fig.write_image(str(path), width=1500, height=height_per_panel * len(panels))
    except Exception as error:
        print(f"PNG could not be written ({error}); see {path.with_suffix('.html')}", file=sys.stderr)
        return None
    return path


def run(args) -> int:
    from synthetic import write_scaled

    started = time.perf_counter()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="ikoe-bench-"))
    info = {
        "command": "python benchmarks/run_benchmarks.py " + " ".join(sys.argv[1:]),
        "repeats": args.repeats,
        "budget": args.budget,
        "machine": machine(),
        "data_root": str(root),
    }
    print(
        f"Machine: {info['machine']['nproc']} cores, {info['machine']['cpu']}, {info['machine']['ram']}; "
        f"synthetic data in {root}",
        flush=True,
    )
    results = []
    try:
        for size in args.sizes:
            data_dir = root / f"{size}x"
            generated = time.perf_counter()
            counts = write_scaled(size, data_dir)
            print(
                f"[{size}×] generated in {time.perf_counter() - generated:.1f} s: "
                f"{counts['partners']} partners, {counts['partner_measures']} partner measures, "
                f"{counts['strategy_measures']} strategy measure rows",
                flush=True,
            )
            json_path = out / f"worker-{size}x.json"
            log_path = out / f"worker-{size}x.log"
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                "--size",
                str(size),
                "--data",
                str(data_dir),
                "--json",
                str(json_path),
                "--repeats",
                str(args.repeats),
                "--budget",
                str(args.budget),
            ]
            with open(log_path, "w", encoding="utf-8") as log:
                process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True, cwd=REPO)
                assert process.stdout is not None
                for line in process.stdout:
                    print(line, end="", flush=True)
                    log.write(line)
                if process.wait() != 0:
                    print(f"worker for {size}× failed, see {log_path}", file=sys.stderr)
                    return 1
            results.append(json.loads(json_path.read_text(encoding="utf-8")))
            json_path.unlink()
            if not args.keep_data:
                shutil.rmtree(data_dir, ignore_errors=True)
    finally:
        if not args.keep_data:
            shutil.rmtree(root, ignore_errors=True)

    info["duration"] = time.perf_counter() - started
    info["finished"] = dt.datetime.now().strftime("%d.%m.%Y %H:%M")
    return report(results, info, out)


def report(results: list[dict], info: dict, out: Path) -> int:
    """Summary, README.md, results.json and the plot from the per-size results."""
    summary = summarise(results)
    text = markdown(summary, results, info)
    (out / "README.md").write_text(text, encoding="utf-8")
    (out / "results.json").write_text(
        json.dumps({"info": info, "results": results, "targets": summary["targets"]}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )
    png = plot(summary, out / "growth.png")
    print()
    print(text)
    print(f"\nWritten: {out / 'README.md'}, {out / 'results.json'}" + (f", {png}" if png else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        help="size factors relative to the shipped data (default: 1 10 100 1000)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="runs per measurement, median reported (default 5)")
    parser.add_argument(
        "--budget",
        type=float,
        default=20.0,
        help="stop repeating a measurement once its runs took this many seconds (default 20)",
    )
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results", help="output folder")
    parser.add_argument("--keep-data", action="store_true", help="keep the synthetic folders (path is printed)")
    parser.add_argument(
        "--report-only",
        type=Path,
        metavar="RESULTS_JSON",
        help="only rewrite README.md, results.json and the plot from an earlier results.json",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args)
        return 0
    if args.report_only:
        earlier = json.loads(args.report_only.read_text(encoding="utf-8"))
        return report(earlier["results"], earlier["info"], Path(args.out).resolve())
    args.sizes = sorted(set(args.sizes))
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
