"""The whole report: headings, measure rows, descriptions, ids, years, budgets and lookup tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from etl.fundstellen.cite import cite_rows, first_sentence, section_of
from ikoe_data.schema import TABLES_BY_NAME

from . import curation
from .budgets import budget_label, extract_budgets
from .normalise import normalise_ressorts, normalise_status, normalise_zielgruppen
from .outline import report_outline
from .rows import MeasureRow, classify_line, clean_description, is_layout_line
from .text import collapse_whitespace, title_key
from .years import extract_years

# the columns of each output table, as the data layer's schema defines them
ZIELDIMENSION_COLUMNS = TABLES_BY_NAME["zieldimensionen"].column_names
GOAL_COLUMNS = TABLES_BY_NAME["goals"].column_names
MEASURE_COLUMNS = TABLES_BY_NAME["strategy_measures"].column_names
BUDGET_COLUMNS = TABLES_BY_NAME["strategy_budgets"].column_names
RESSORT_COLUMNS = TABLES_BY_NAME["ressorts"].column_names
ZIELGRUPPE_COLUMNS = TABLES_BY_NAME["zielgruppen"].column_names

RE_GOAL = re.compile(r"^\s*(\d{1,2})\.\s*Handlungsziel:\s*(.+?)\s*$")

RE_TOC_PAGE = re.compile(r"\t\s*\d+\s*$")

RE_ZIELDIMENSION = re.compile(r"^\s*Zieldimension\s+(I{1,3})\s*$")


@dataclass
class StrategyExtract:
    zieldimensionen: pd.DataFrame
    goals: pd.DataFrame
    measures: pd.DataFrame
    budgets: pd.DataFrame
    ressorts: pd.DataFrame
    zielgruppen: pd.DataFrame


def parse_lines(lines: list[str], source_doc: str) -> StrategyExtract:
    """Parse the report given as a list of lines (without trailing newlines)."""
    lines = [ln.rstrip("\n").rstrip("\r") for ln in lines]
    n = len(lines)

    # --- Zieldimensionen and goals (body headings only; TOC lines carry page numbers)
    zieldimension_rows = []
    goal_rows = []
    current_zieldimension = ""
    starts: dict[int, tuple[str, int]] = {}  # 0-based index -> ("goal"/"zd"/"end", id)
    for i, line in enumerate(lines):
        if RE_TOC_PAGE.search(line):
            continue
        m = RE_ZIELDIMENSION.match(line)
        if m:
            current_zieldimension = m.group(1)
            title = ""
            for j in range(i + 1, min(n, i + 6)):
                if lines[j].strip():
                    title = collapse_whitespace(RE_TOC_PAGE.sub("", lines[j]))
                    break
            zieldimension_rows.append(
                {"zieldimension": current_zieldimension, "title": title, "source_doc": source_doc, "source_line": i + 1}
            )
            starts[i] = ("zd", 0)
            continue
        m = RE_GOAL.match(line)
        if m:
            goal_number = int(m.group(1))
            goal_rows.append(
                {
                    "goal_id": goal_number,
                    "zieldimension": current_zieldimension,
                    "title": collapse_whitespace(m.group(2)),
                    "source_doc": source_doc,
                    "source_line": i + 1,
                }
            )
            starts[i] = ("goal", goal_number)
            continue
        if line.strip() == "Impressum" and goal_rows:
            starts[i] = ("end", 0)

    # --- measure rows
    rows: list[MeasureRow] = []
    goal = 0
    i = 0
    while i < n:
        if i in starts:
            kind, goal_number = starts[i]
            if kind == "goal":
                goal = goal_number
            elif kind == "end":
                goal = 0
            i += 1
            continue
        if goal:
            row = classify_line(lines, i, goal)
            if row is not None:
                rows.append(row)
                i = max(i, row.end) + 1
                continue
        i += 1

    # --- description lines of each row: up to the next row / heading / end
    row_starts = {row.line - 1 for row in rows}
    for row in rows:
        description = []
        j = row.end + 1
        while j < n and j not in row_starts and j not in starts:
            if not is_layout_line(lines[j]):
                description.append((j + 1, clean_description(lines[j])))
            j += 1
        row.description = description

    # --- measure ids: shared by identical (normalised) titles, in document order
    ids: dict[str, str] = {}
    for row in sorted(rows, key=lambda row: row.line):
        key = title_key(row.title)
        if key not in ids:
            ids[key] = f"M-{len(ids) + 1:03d}"

    measure_rows = []
    budget_rows = []
    for row in sorted(rows, key=lambda row: row.line):
        measure_id = ids[title_key(row.title)]
        start_year, start_line, end_year, end_line = extract_years(row)
        described = next((number for number, text in row.description or [] if text), None)
        measure_rows.append(
            {
                "measure_id": measure_id,
                "goal_id": row.goal_id,
                "title": row.title,
                "ressorts": ";".join(normalise_ressorts(row.ressorts_raw)),
                "ressorts_raw": row.ressorts_raw,
                "zeitrahmen": row.zeitrahmen,
                "status": normalise_status(row.zeitrahmen),
                "start_year": start_year,
                "end_year": end_year,
                "start_year_line": start_line,
                "end_year_line": end_line,
                "zielgruppen": ";".join(normalise_zielgruppen(row.zielgruppen_raw)),
                "zielgruppen_raw": row.zielgruppen_raw,
                "row_shape": row.row_shape,
                "source_doc": source_doc,
                "source_line": row.line,
                "_described": described,
            }
        )
        for line_number, _text in [(row.line, lines[row.line - 1]), *list(row.description or [])]:
            raw_line = lines[line_number - 1]
            for amount, year, anchor in extract_budgets(raw_line):
                budget_rows.append(
                    {
                        "measure_id": measure_id,
                        "goal_id": row.goal_id,
                        "amount_eur": amount,
                        "year": year,
                        "label": budget_label(anchor),
                        "source_doc": source_doc,
                        "source_line": line_number,
                        "source_anchor": anchor,
                    }
                )

    # --- Ressorts from the Abkürzungsverzeichnis
    ressort_rows: list[dict[str, Any]] = []
    for i, line in enumerate(lines):
        parts = line.split("\t")
        if len(parts) == 2 and parts[0].strip() in curation.RESSORT_CODES:
            code = parts[0].strip()
            if not any(entry["code"] == code for entry in ressort_rows):
                ressort_rows.append(
                    {
                        "code": code,
                        "name": collapse_whitespace(parts[1]),
                        "source_doc": source_doc,
                        "source_line": i + 1,
                    }
                )
    ressort_rows.sort(key=lambda entry: entry["code"])
    for code, name in curation.COLLECTIVE_RESSORTS:
        ressort_rows.append({"code": code, "name": name, "source_doc": "", "source_line": None})

    zielgruppe_rows = [{"code": code, "label_de": label} for code, label, _pattern in curation.ZIELGRUPPEN]

    # --- Fundstellen: section path, quotation and pages of every cited line
    outline = report_outline(
        lines,
        [(str(r["zieldimension"]), str(r["title"]), int(str(r["source_line"]))) for r in zieldimension_rows],
        [(int(str(r["goal_id"])), str(r["title"]), int(str(r["source_line"]))) for r in goal_rows],
        [(r["title"], r["source_line"]) for r in measure_rows],
        source_doc,
    )
    outlines = {source_doc: outline}
    cite_rows("zieldimensionen", zieldimension_rows, outlines)
    cite_rows("goals", goal_rows, outlines)
    cite_rows("ressorts", ressort_rows, outlines)
    cite_rows("strategy_budgets", budget_rows, outlines)
    for record in measure_rows:
        described = record.pop("_described")
        record["source_section"] = section_of(outline, record["source_line"])
        record["source_quote"] = first_sentence(outline, described) if described else record["title"]
        record["source_page"] = outline.page_of(record["source_line"])

    def frame(records, columns, ints=()):
        table = pd.DataFrame(records, columns=columns)
        for column in ints:
            table[column] = table[column].astype("Int64")
        return table

    return StrategyExtract(
        zieldimensionen=frame(zieldimension_rows, ZIELDIMENSION_COLUMNS, ["source_line"]),
        goals=frame(goal_rows, GOAL_COLUMNS, ["goal_id", "source_line"]),
        measures=frame(
            measure_rows,
            MEASURE_COLUMNS,
            ["goal_id", "start_year", "end_year", "start_year_line", "end_year_line", "source_line"],
        ),
        budgets=frame(budget_rows, BUDGET_COLUMNS, ["goal_id", "year", "source_line"]),
        ressorts=frame(ressort_rows, RESSORT_COLUMNS, ["source_line"]),
        zielgruppen=frame(zielgruppe_rows, ZIELGRUPPE_COLUMNS),
    )


def parse_strategy(path, source_doc: str | None = None) -> StrategyExtract:
    """Parse the report file at ``path``."""
    path = Path(path)
    if source_doc is None:
        source_doc = curation.DOCUMENT_KEYS.get(path.name, path.stem)
    text = path.read_text(encoding="utf-8")
    return parse_lines(text.split("\n"), source_doc)
