"""Writing the extract as CSV files in the format of datasets/."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from .parser import StrategyExtract


def _csv_text(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(table: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(list(table.columns))
        for record in table.itertuples(index=False):
            writer.writerow([_csv_text(value) for value in record])


OUTPUT_FILES = {
    "zieldimensionen": "zieldimensionen.csv",
    "goals": "goals.csv",
    "measures": "strategy_measures.csv",
    "budgets": "strategy_budgets.csv",
    "ressorts": "ressorts.csv",
    "zielgruppen": "zielgruppen.csv",
}


def write_outputs(extract: StrategyExtract, out_dir) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for attr, name in OUTPUT_FILES.items():
        path = out_dir / name
        write_csv(getattr(extract, attr), path)
        written.append(path)
    return written
