"""What viewers see cites the published documents, never the text copies' line numbers, and every download counts
what it holds (issue #19). Checked on the page models of every registered page (the renderer draws them as they are;
tests/test_pages.py), on every download's Info rows and table, and so on every slide, whose texts are the model's."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest
from line_numbers import line_number_columns, line_references

from ikoe_data import export, pages
from ikoe_data.analysis import Views
from ikoe_data.filters import Filters
from ikoe_data.pages import common
from ikoe_data.pages import model as m

# the data dictionary documents the files' columns for data stewards (the one place with line numbers, besides the
# data stewards' own page, which has no model)
STEWARD_VIEWS = {("methodology", "dictionary")}
LINK = "https://ikoe.example/ansicht"


@pytest.fixture(scope="module")
def models(ds) -> list[tuple[str, m.PageModel]]:
    """Every page model: each page with the shipped data, every partner's page, a partner's profile on the partner
    page, a search with hits."""
    views = Views.of(ds)
    edition = m.Edition(ds.edition, ds.edition_label)

    def build(key: str, **choices: Any) -> m.PageModel:
        spec = pages.page(key)
        assert spec.build is not None
        inp = m.PageInput(ds, views, Filters(), choices, edition, (edition,), lambda _: ds)
        return spec.build(inp)

    built = [
        (spec.key, build(spec.key)) for spec in pages.PAGES if spec.build is not None and spec.key != "partner_page"
    ]
    built += [("partner_page", build("partner_page", id=str(p))) for p in ds.partners["partner_id"]]
    built += [("partners", build("partners", partner=str(p))) for p in ds.partners["partner_id"].head(3)]
    built.append(("search", build("search", q="Sprache")))
    return built


def _texts(model: m.PageModel) -> Iterator[tuple[str, str]]:
    """(where, text) of everything a model shows, tables and charts included."""
    yield "page", " ".join([model.title, model.question, *model.definitions])
    for block in model.blocks:
        if isinstance(block, m.Heading):
            yield "heading", block.text
        elif isinstance(block, (m.Markdown, m.Caption, m.Notice)):
            yield type(block).__name__, block.markdown
        elif isinstance(block, m.Facts):
            yield "facts", " ".join(block.sentences)
        elif isinstance(block, m.Metrics):
            yield "metrics", " ".join(f"{i.label} {i.value} {i.help}" for i in block.items)
        elif isinstance(block, m.View):
            texts = [block.name, block.title, block.selection, block.table_selection, block.caption, block.note,
                     block.no_chart, block.summary, block.credit]  # fmt: skip
            yield f"view {block.key}", " ".join(texts)
            yield f"table {block.key}", block.table.to_csv(index=False)
            if block.figure is not None:
                yield f"chart {block.key}", block.figure.to_json()


def test_no_viewer_page_shows_a_line_number(models):
    found = []
    for key, model in models:
        for where, text in _texts(model):
            if (key, where.split()[-1]) in STEWARD_VIEWS:
                continue
            if refs := line_references(text):
                found.append((key, where, refs[:3]))
        for view in model.views():
            if (key, view.key) not in STEWARD_VIEWS and (columns := line_number_columns(view.table.columns)):
                found.append((key, view.key, columns))
    assert found == []


def _downloads(models) -> Iterator[tuple[str, m.View]]:
    for key, model in models:
        for view in model.views():
            if view.downloads:
                yield key, view


def _csv(view: m.View, ds) -> tuple[dict[str, str], pd.DataFrame]:
    about = common.download_about(view, ds, Filters(), LINK)
    text = export.csv_bytes(view.table, about, exported_at=dt.datetime(2026, 12, 7, 9, 0)).decode("utf-8-sig")
    preamble, table = text.split("\r\n\r\n", 1)
    info: dict[str, str] = {}
    for row in preamble.split("\r\n"):
        label, value = row.split(";", 1)
        info.setdefault(label, value)
    return info, pd.read_csv(io.StringIO(table), sep=";", dtype=str, keep_default_na=False)


def test_no_download_shows_a_line_number(models, ds):
    found = []
    for key, view in _downloads(models):
        if (key, view.key) in STEWARD_VIEWS:
            continue
        about = common.download_about(view, ds, Filters(), LINK)
        text = export.csv_bytes(view.table, about).decode("utf-8-sig")
        if refs := line_references(text):
            found.append((key, view.key, refs[:3]))
        if columns := line_number_columns(view.table.columns):
            found.append((key, view.key, columns))
    assert found == []


N = re.compile(r"n = ([\d.]+) (\S+)(?: zu ([\d.]+) (\S+))?$")
ID_HEADER = re.compile(r"^Lfd\. Nr\.")
# tables whose rows are what the n counts
ROW_UNITS = {
    "Angabe",
    "Angaben",
    "Anteilsangabe",
    "Anteilsangaben",
    "Treffer",
    "Spalte",
    "Spalten",
    "Betrag",
    "Beträge",
}
SEVERAL = re.compile(r"zählt (?:bei|in) jede|kann mehrere", re.IGNORECASE)


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def _holds(view: m.View, table: pd.DataFrame, unit: str) -> tuple[str, int | None]:
    """How the table holds what its Info sheet counts, and how many: distinct running numbers, partners, rows, the
    total of its counts (the last date's for cumulative counts), or None for a series derived from them (goals
    covered per year)."""
    ids = [c for c in table.columns if ID_HEADER.match(c)]
    if ids:
        return "distinct numbers", table[ids[0]].nunique()
    if unit == "Partner" and "Partner" in table.columns and len(table) == table["Partner"].nunique():
        return "partners", len(table)
    if unit in ROW_UNITS:
        return "rows", len(table)
    frame = view.table
    if "Insgesamt" in frame.columns and (frame.iloc[:, 0] == "Insgesamt").any():  # a cross table with its totals
        return "total", int(frame.loc[frame.iloc[:, 0] == "Insgesamt", "Insgesamt"].iloc[0])
    several = "several" if SEVERAL.search(f"{view.note} {view.caption}") else "cells"
    counted = [c for c in frame.columns if c == "Maßnahmen" or "kumuliert" in str(c)]
    if counted:
        column = counted[0]
        if "kumuliert" in str(column):  # cumulative: the count at the last date
            last = frame[frame.iloc[:, 0] == frame.iloc[:, 0].max()]
            return "cumulative", int(last[column].sum())
        return several, int(frame[column].sum())
    matrix = [c for c in frame.columns[1:] if pd.api.types.is_integer_dtype(frame[c])]
    if len(matrix) >= 2:
        return several, int(frame[matrix].fillna(0).to_numpy().sum())
    return "derived", None


def test_every_download_counts_what_it_holds(models, ds):
    """The Info sheet (and the CSV's rows) of every download says „n = …“, and n is what the table holds: its rows,
    the distinct measures or partners it names, or the total of its counts; a table whose items count in several
    cells says so and holds at least n in total (e.g. the amounts table: 15 Beträge zu 11 Strategiemaßnahmen)."""
    wrong: list[tuple[object, ...]] = []
    for key, view in _downloads(models):
        info, table = _csv(view, ds)
        match = N.search(info["Auswahl"])
        if match is None:
            wrong.append((key, view.key, info["Auswahl"], "no n"))
            continue
        n, unit = _number(match.group(1)), match.group(2)
        assert _number(info["Zeilen"]) == len(view.table) == len(table)
        how, held = _holds(view, table, unit)
        if match.group(3):  # „15 Beträge zu 11 Strategiemaßnahmen“: rows, and the distinct numbers they name
            ids = [c for c in table.columns if ID_HEADER.match(c)]
            held_within = table[ids[0]].nunique() if ids else None
            if n != len(table) or held_within != _number(match.group(3)):
                wrong.append((key, view.key, info["Auswahl"], len(table), held_within))
        elif how == "several":
            if held is None or held < n:  # an item counted in several cells: at least n in total
                wrong.append((key, view.key, info["Auswahl"], how, held))
        elif how != "derived" and held != n:
            wrong.append((key, view.key, info["Auswahl"], how, held))
    assert wrong == []


def test_the_amounts_table_says_its_amounts_and_measures_and_the_chart_its_own(models, ds):
    """The issue's „must show“: the amounts table's Excel says 15 amounts and 11 measures (the shipped report's
    counts), while the chart beside it counts the measures with an amount for a named year."""
    goals = dict(models)["goals"]
    view = goals.view("budgets")
    budgets = ds.strategy_budgets
    about = common.download_about(view, ds, Filters(), LINK)
    book = export.excel_bytes(view.table, about)
    import openpyxl

    info = dict(openpyxl.load_workbook(io.BytesIO(book))["Info"].iter_rows(values_only=True))
    expected = f"n = {len(budgets)} Beträge zu {budgets['measure_id'].nunique()} Strategiemaßnahmen"
    assert info["Auswahl"].endswith(expected) and info["Zeilen"] == len(budgets)
    dated = budgets.dropna(subset=["year"])["measure_id"].nunique()
    assert view.selection.endswith(f"n = {dated} Strategiemaßnahmen") and dated < budgets["measure_id"].nunique()
    assert info["Zitiervorschlag"].startswith("IKÖ-Dashboard NRW: ") and LINK in info["Zitiervorschlag"]


def test_a_strategy_measure_names_its_goal_title_and_the_reports_words(models, ds):
    """On the page: a strategy measure's Fundstelle names its Handlungsziel and title and quotes the report."""
    drill = dict(models)["goals"].view("drill").table
    first = ds.strategy_measures.sort_values(["goal_id", "measure_id"]).iloc[0]
    row = drill[drill["Lfd. Nr. (Dashboard)"] == first.measure_id].iloc[0]
    goal = ds.goals.set_index("goal_id").loc[first.goal_id]
    assert f"Handlungsziel {first.goal_id} „{goal.title}“, Maßnahme „{first.title}“" in row["Fundstelle"]
    assert f"„{first.source_quote}“" in row["Fundstelle"]
