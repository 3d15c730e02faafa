"""What viewers see cites the published documents, never the text copies' line numbers, and every download counts
what it holds (issue #19). Checked on the page models of every registered page (the renderer draws them as they are;
tests/test_pages.py), on every download's Info rows and table, and so on every slide, whose texts are the model's."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import openpyxl
import pandas as pd
import pytest
from line_numbers import line_number_columns, line_references

from ikoe_data import export, pages
from ikoe_data.analysis import Views
from ikoe_data.filters import FOCUS, PARTNER, STRATEGY, Filters
from ikoe_data.pages import common
from ikoe_data.pages import model as m

# the data dictionary documents the files' columns for data stewards (the one place with line numbers, besides the
# data stewards' own page, which has no model)
STEWARD_VIEWS = {("methodology", "dictionary")}
LINK = "https://ikoe.example/ansicht"
NONE = Filters()


# the search queries an analyst answering a Kleine Anfrage types (hits name their Fundstelle)
QUERIES = ("Sprachförderung", "Schule", "Ausbildung", "Sprache")


@dataclass(frozen=True)
class Built:
    """One page model as a viewer gets it: the page, what was chosen, and the filters its downloads state."""

    key: str
    variant: str
    filters: Filters
    model: m.PageModel


def _filter_variants(ds, spec: pages.PageSpec) -> Iterator[tuple[str, Filters]]:
    """One value of each shared filter the page applies, and one combination of them."""
    first = ds.partners.sort_values("partner_id").iloc[0]
    if PARTNER in spec.filters:
        yield "art", Filters(partner_types=(first.partner_type,))
        yield "rb", Filters(regierungsbezirke=(first.regierungsbezirk,))
        yield "beitritt", Filters(accession_from=2016, accession_to=2018)
    if FOCUS in spec.filters:
        yield "ts", Filters(focus_areas=(int(ds.partner_measures["focus_area"].min()),))
    if STRATEGY in spec.filters:
        yield "zd", Filters(zieldimensionen=(ds.zieldimensionen["zieldimension"].iloc[0],))
        yield "ressort", Filters(ressorts=(sorted(ds.ressorts["code"])[0],))
    if PARTNER in spec.filters and FOCUS in spec.filters:
        yield "art+ts", Filters(partner_types=(first.partner_type,), focus_areas=(2,))


def _choice_variants(model: m.PageModel) -> Iterator[tuple[str, Any]]:
    """Every option of every choice the page offers (one at a time; a choice of several: each option alone), so
    every partner's page, every partner's profile, every count of the own analysis, every file of the data
    dictionary."""
    for block in model.blocks:
        group = block.choices if isinstance(block, m.ChoiceGroup) else (block,) if isinstance(block, m.Choice) else ()
        for choice in group:
            for option in choice.options:
                if option != choice.value:
                    yield choice.key, (option,) if choice.kind == "multi" else option


@pytest.fixture(scope="module")
def models(ds) -> list[Built]:
    """Every page model of the registry: each page with the shipped data, with each option of each of its choices,
    with each shared filter it applies, and the search with the queries above."""
    views = Views.of(ds)
    edition = m.Edition(ds.edition, ds.edition_label)
    built: list[Built] = []

    def build(spec: pages.PageSpec, variant: str, filters: Filters = NONE, **choices: Any) -> m.PageModel:
        assert spec.build is not None
        inp = m.PageInput(ds, views, filters, choices, edition, (edition,), lambda _: ds)
        model = spec.build(inp)
        built.append(Built(spec.key, variant, filters, model))
        return model

    for spec in pages.PAGES:
        if spec.build is None:
            continue
        shown = build(spec, "")
        for key, option in _choice_variants(shown):
            build(spec, f"{key}={option}", **{key: option})
        for name, filters in _filter_variants(ds, spec):
            build(spec, name, filters)
    search = pages.page("search")
    for query in QUERIES:
        hits = build(search, f"q={query}", q=query)
        for key, option in list(_choice_variants(hits))[:3]:  # a query narrowed by a facet
            build(search, f"q={query}, {key}={option}", q=query, **{key: option})
    return built


def test_the_walk_reaches_every_page_partner_and_query(models, ds):
    """The walk is what its tests rest on: every page with a model, every partner's page and profile, every
    query with hits."""
    assert {b.key for b in models} == {spec.key for spec in pages.PAGES if spec.build is not None}
    partners = {str(p) for p in ds.partners["partner_id"]}
    assert {b.variant for b in models if b.key == "partner_page"} >= {f"id={p}" for p in partners if p != "1"}
    assert {b.variant for b in models if b.key == "partners"} >= {f"partner={p}" for p in partners if p != "1"}
    for query in QUERIES:
        hits = next(b.model for b in models if b.variant == f"q={query}")
        assert next(block for block in hits.blocks if isinstance(block, m.HitList)).hits, query


def _texts(model: m.PageModel) -> Iterator[tuple[str, str]]:
    """(where, text) of everything a model shows: texts, choices, hits, tables and charts (hovers included)."""
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
        elif isinstance(block, (m.Choice, m.ChoiceGroup)):
            for choice in block.choices if isinstance(block, m.ChoiceGroup) else (block,):
                yield "choice", " ".join([choice.label, choice.help, choice.placeholder, *choice.labels.values()])
        elif isinstance(block, m.PageLink):
            yield "link", block.label
        elif isinstance(block, m.HitList):
            for hit in block.hits:
                details = (f"{label} {text}" for label, text in hit.details)
                yield f"hit {hit.key}", " ".join([hit.title, hit.meta, hit.snippet, *details, block.more_label])
        elif isinstance(block, m.View):
            texts = [block.name, block.title, block.selection, block.table_selection, block.caption, block.note,
                     block.no_chart, block.summary, block.credit]  # fmt: skip
            yield f"view {block.key}", " ".join(texts)
            yield f"table {block.key}", block.table.to_csv(index=False)
            if block.figure is not None:
                yield f"chart {block.key}", block.figure.to_json()


def test_no_viewer_page_shows_a_line_number(models, ds):
    """Page texts, notes, facts, choices, search hits, tables, charts and hovers, and each view's citation."""
    found: list[tuple[object, ...]] = []
    for b in models:
        for where, text in _texts(b.model):
            if (b.key, where.split()[-1]) in STEWARD_VIEWS:
                continue
            if refs := line_references(text):
                found.append((b.key, b.variant, where, refs[:3]))
        for view in b.model.views():
            if (b.key, view.key) in STEWARD_VIEWS:
                continue
            if columns := line_number_columns(view.table.columns):
                found.append((b.key, b.variant, view.key, columns))
            if refs := line_references(common.view_citation(view, ds, b.filters, LINK, dt.date(2026, 12, 7))):
                found.append((b.key, b.variant, view.key, "Zitieren", refs[:3]))
    assert found == []


# the dashboard's own keys: M-002 (strategy measures), P1-01-01 (partner measures), B-011, S-001, K-01
OWN_KEY = re.compile(r"\b(?:P\d+-\d{2}-\d{2}|[BKMS]-\d{2,3})\b")


def test_the_dashboards_own_keys_say_what_they_are(models):
    """The report numbers no measures: a table column of the dashboard's keys says „(Dashboard)“ in its header, and
    a text, note, hover or chart label names a key only as „Lfd. Nr. …“ (issue #19)."""
    found: list[tuple[object, ...]] = []
    for b in models:
        for view in b.model.views():
            for column in view.table.columns:
                values = view.table[column].dropna().astype(str)
                if len(values) and values.str.fullmatch(OWN_KEY.pattern).mean() > 0.5 and "(Dashboard)" not in column:
                    found.append((b.key, b.variant, view.key, column))
        for where, text in _texts(b.model):
            if not where.startswith("table"):
                unnamed = [k.group() for k in OWN_KEY.finditer(text) if "Nr. " not in text[k.start() - 12 : k.start()]]
                if unnamed:
                    found.append((b.key, b.variant, where, unnamed[:3]))
    assert found == []


def _downloads(models: list[Built]) -> Iterator[tuple[Built, m.View]]:
    for b in models:
        for view in b.model.views():
            if view.downloads:
                yield b, view


def _csv(view: m.View, ds, filters: Filters) -> tuple[dict[str, str], pd.DataFrame]:
    about = common.download_about(view, ds, filters, LINK)
    text = export.csv_bytes(view.table, about, exported_at=dt.datetime(2026, 12, 7, 9, 0)).decode("utf-8-sig")
    preamble, table = text.split("\r\n\r\n", 1)
    info: dict[str, str] = {}
    for row in preamble.split("\r\n"):
        label, value = row.split(";", 1)
        info.setdefault(label, value)
    return info, pd.read_csv(io.StringIO(table), sep=";", dtype=str, keep_default_na=False)


def _excel(view: m.View, ds, filters: Filters) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet of the view's Excel download as its rows of cell values."""
    book = export.excel_bytes(view.table, common.download_about(view, ds, filters, LINK), decimals=view.decimals)
    workbook = openpyxl.load_workbook(io.BytesIO(book), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def test_no_download_shows_a_line_number(models, ds):
    """The CSV of every view of every walked model, and the Excel file (Info sheet and table) of every view of
    each page as it opens and with each shared filter."""
    found = []
    for b, view in _downloads(models):
        if (b.key, view.key) in STEWARD_VIEWS:
            continue
        about = common.download_about(view, ds, b.filters, LINK)
        if refs := line_references(export.csv_bytes(view.table, about).decode("utf-8-sig")):
            found.append((b.key, b.variant, view.key, "CSV", refs[:3]))
        if "=" in b.variant:  # a chosen option: the Excel file holds the same rows and Info as the CSV
            continue
        for sheet, rows in _excel(view, ds, b.filters).items():
            # each cell alone: the Info row („Zeilen“, 196) counts rows
            if refs := [ref for row in rows for cell in row if cell is not None for ref in line_references(str(cell))]:
                found.append((b.key, b.variant, view.key, sheet, refs[:3]))
            if sheet != "Info" and (columns := line_number_columns(rows[0])):
                found.append((b.key, b.variant, view.key, sheet, columns))
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
    """How the table holds what its Info sheet counts, and how many: distinct running numbers, partners, the total
    of a cross table, the larger year's total of two years compared (n counts what either year holds), percentages
    of n (their caption names n), rows, the total of its counts (the last date's for cumulative counts), or None
    for a series derived from them (goals covered per year)."""
    ids = [c for c in table.columns if ID_HEADER.match(c)]
    if ids:
        return "distinct numbers", table[ids[0]].nunique()
    if unit == "Partner" and "Partner" in table.columns and len(table) == table["Partner"].nunique():
        return "partners", len(table)
    frame = view.table
    totals = frame[frame.iloc[:, 0] == "Insgesamt"]
    if "Insgesamt" in frame.columns and len(totals):  # a cross table with its totals
        return "total", int(totals["Insgesamt"].iloc[0])
    if any(str(c).startswith("Differenz (") for c in frame.columns) and len(totals):  # year A, year B, Differenz
        return "either year", int(totals.iloc[0, 1:3].max())
    if all(str(c).endswith("(%)") for c in frame.columns[1:]):
        return "percent", None
    if unit in ROW_UNITS:
        return "rows", len(table)
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
    cells says so and holds at least n in total (e.g. the amounts table: 15 Beträge zu 11 Strategiemaßnahmen). Over
    every walked model: each choice of the own analysis, each partner, each shared filter, each search."""
    wrong: list[tuple[object, ...]] = []
    for b, view in _downloads(models):
        key = f"{b.key} {b.variant}"
        info, table = _csv(view, ds, b.filters)
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
        elif how == "several":  # an item counted in several cells: at least n in total
            if held is None or held < n:
                wrong.append((key, view.key, info["Auswahl"], how, held))
        elif how == "either year":  # at least the larger year's total, at most both years' together
            both = int(view.table.loc[view.table.iloc[:, 0] == "Insgesamt"].iloc[0, 1:3].sum())
            if held is None or not held <= n <= both:
                wrong.append((key, view.key, info["Auswahl"], how, held, both))
        elif how == "percent":  # „Jede Zelle in % der … ihrer Spalte; „Insgesamt“ rechts in % aller 15 …“
            if f"in % aller {match.group(1)} " not in view.caption:
                wrong.append((key, view.key, info["Auswahl"], how, view.caption))
        elif how != "derived" and held != n:
            wrong.append((key, view.key, info["Auswahl"], how, held))
    assert wrong == [], "\n".join(map(str, wrong))


def test_the_amounts_table_says_its_amounts_and_measures_and_the_chart_its_own(models, ds):
    """The issue's „must show“: the amounts table's Excel says 15 amounts and 11 measures (the shipped report's
    counts), while the chart beside it counts the measures with an amount for a named year."""
    goals = next(b.model for b in models if (b.key, b.variant) == ("goals", ""))
    view = goals.view("budgets")
    budgets = ds.strategy_budgets
    sheets = _excel(view, ds, Filters())
    info = dict(sheets.pop("Info"))
    (rows,) = sheets.values()  # the table's sheet: its header, then one row per amount
    header, amounts = rows[0], rows[1:]
    numbers = {row[header.index("Lfd. Nr. der Maßnahme (Dashboard)")] for row in amounts}
    assert len(amounts) == len(budgets) and len(numbers) == budgets["measure_id"].nunique() < len(amounts)
    expected = f"n = {len(amounts)} Beträge zu {len(numbers)} Strategiemaßnahmen"
    assert info["Auswahl"].endswith(expected) and info["Zeilen"] == len(amounts)
    dated = budgets.dropna(subset=["year"])["measure_id"].nunique()
    assert view.selection.endswith(f"n = {dated} Strategiemaßnahmen") and dated < budgets["measure_id"].nunique()
    assert info["Zitiervorschlag"].startswith("IKÖ-Dashboard NRW: ") and LINK in info["Zitiervorschlag"]


def test_a_strategy_measure_names_its_goal_title_and_the_reports_words(models, ds):
    """A strategy measure's Fundstelle names its Handlungsziel and title and quotes the report: every measure under
    each of its goals, in the goals page's table of measures and in a search hit's details (a measure under
    several goals is one hit naming each place)."""
    drill = next(b.model for b in models if (b.key, b.variant) == ("goals", "")).view("drill").table
    hits = Views.of(ds).search_pool.set_index("measure_id")["detail"]
    goals = ds.goals.set_index("goal_id")["title"]
    missing = []
    for row in ds.strategy_measures.itertuples():
        place = f"Handlungsziel {row.goal_id} „{goals[row.goal_id]}“, Maßnahme „{row.title}“"
        page = f", S. {row.source_page}: " if isinstance(row.source_page, str) and row.source_page else ": "
        expected = f"{place}{page}„{row.source_quote}“"
        shown = drill.loc[drill["Lfd. Nr. (Dashboard)"] == row.measure_id, "Fundstelle"].tolist()
        if not any(expected in fundstelle for fundstelle in shown):
            missing.append(("goals", row.measure_id, row.goal_id, shown))
        if expected not in dict(hits[row.measure_id])["Fundstelle"]:
            missing.append(("search", row.measure_id, row.goal_id, dict(hits[row.measure_id])["Fundstelle"]))
    assert missing == []
