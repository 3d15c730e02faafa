"""Writing the extract as CSV files in the format of datasets/ (with the data layer's own writer)."""

from __future__ import annotations

from pathlib import Path

from ikoe_data.editions import write_tables
from ikoe_data.schema import TABLES_BY_NAME

from .parser import StrategyExtract

# attribute of StrategyExtract -> table of the schema
OUTPUT_TABLES = {
    "zieldimensionen": "zieldimensionen",
    "goals": "goals",
    "measures": "strategy_measures",
    "budgets": "strategy_budgets",
    "ressorts": "ressorts",
    "zielgruppen": "zielgruppen",
}
OUTPUT_FILES = {attribute: TABLES_BY_NAME[table].file for attribute, table in OUTPUT_TABLES.items()}


def write_outputs(extract: StrategyExtract, out_dir: str | Path) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_tables({table: getattr(extract, attribute) for attribute, table in OUTPUT_TABLES.items()}, out_dir)
    return [out_dir / name for name in OUTPUT_FILES.values()]
