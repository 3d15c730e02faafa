"""Command line: python -m etl.fundstellen SEEDS_DIR DATASETS_DIR

Fills the Fundstelle columns of the hand-curated tables in DATASETS_DIR from the source documents in SEEDS_DIR;
every other cell stays as it is. The strategy tables get theirs from ``python -m etl.strategy``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from etl.strategy.outline import report_outline
from etl.strategy.parser import parse_lines
from ikoe_data.loading import read_raw_csv
from ikoe_data.schema import TABLES_BY_NAME

from .cite import cite_rows
from .documents import document_outline, load_spec
from .outline import Outline

CURATED = ("focus_areas", "measure_types", "partners", "partner_measures", "staff_shares", "benchmarks",
           "source_conflicts")  # fmt: skip
STRATEGY_ROLE = "strategy_report"


def outlines(seeds: Path, datasets: Path) -> dict[str, Outline]:
    """The outline of every source of datasets/sources.csv."""
    sources = read_raw_csv(datasets / "sources.csv")
    partners = read_raw_csv(datasets / "partners.csv")
    names = dict(zip(partners["source_name"], partners["partner_id"]))
    spec = load_spec()
    found: dict[str, Outline] = {}
    for source in sources.itertuples():
        lines = (seeds / source.file).read_text(encoding="utf-8").split("\n")
        if source.role == STRATEGY_ROLE:
            extract = parse_lines(lines, source.source_doc)
            found[source.source_doc] = report_outline(
                lines,
                zip(extract.zieldimensionen["zieldimension"], extract.zieldimensionen["title"],
                    extract.zieldimensionen["source_line"].astype(int)),
                zip(extract.goals["goal_id"].astype(int), extract.goals["title"],
                    extract.goals["source_line"].astype(int)),
                zip(extract.measures["title"], extract.measures["source_line"].astype(int)),
                source.source_doc,
            )  # fmt: skip
        elif source.source_doc in spec:
            found[source.source_doc] = document_outline(source.source_doc, lines, names)
    return found


def quote_scopes() -> dict[str, str]:
    return {doc: str(entry.get("quote_scope", "")) for doc, entry in load_spec().items()}


def fill(seeds: Path, datasets: Path) -> list[Path]:
    """Write the Fundstelle columns of the curated tables; returns the files written."""
    documents = outlines(seeds, datasets)
    written = []
    for name in CURATED:
        table = TABLES_BY_NAME[name]
        path = datasets / table.file
        raw = read_raw_csv(path)
        rows = raw.to_dict("records")
        cite_rows(name, rows, documents, quote_scopes())
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            for row in rows:
                writer.writerow([row.get(column, "") for column in table.column_names])
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m etl.fundstellen SEEDS_DIR DATASETS_DIR", file=sys.stderr)
        return 2
    for path in fill(Path(argv[0]), Path(argv[1])):
        print(path)
    return 0
