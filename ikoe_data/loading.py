"""Loading the curated datasets into typed, validated frames."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import settings
from .schema import TABLES, TABLES_BY_NAME
from .validation import DataValidationError, Problem, convert_table, validate_references, validate_rules


@dataclass(frozen=True)
class Dataset:
    """All tables of one edition, typed and validated."""

    tables: dict[str, pd.DataFrame]
    edition: str = "ausgeliefert"
    edition_label: str = "Ausgelieferte Daten"
    data_dir: str = ""

    def __getattr__(self, name: str) -> pd.DataFrame:
        tables = self.__dict__.get("tables", {})
        if name in tables:
            return tables[name]
        raise AttributeError(name)

    def status_label(self, source_doc: str) -> str:
        sources = self.tables["sources"]
        return str(sources.loc[sources["source_doc"] == source_doc, "status_label"].iloc[0])

    def status_date(self, source_doc: str) -> pd.Timestamp | None:
        sources = self.tables["sources"]
        value = sources.loc[sources["source_doc"] == source_doc, "status_date"].iloc[0]
        return None if pd.isna(value) else pd.Timestamp(value)


def read_raw_csv(path: Path) -> pd.DataFrame:
    """Read a CSV with every cell as a string ('' for empty), header row kept as written."""
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL
    )


def load_tables(data_dir: Path, names: list[str] | None = None) -> dict[str, pd.DataFrame]:
    """Read, convert and validate the given tables (all by default); raise on any problem."""
    names = names or [t.name for t in TABLES]
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    locations: dict[str, str] = {}
    for name in names:
        table = TABLES_BY_NAME[name]
        path = Path(data_dir) / table.file
        locations[name] = table.file
        if not path.exists():
            problems.append(Problem(table.file, None, None, "Datei", f"Datei fehlt in {data_dir}."))
            continue
        try:
            raw = read_raw_csv(path)
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            problems.append(
                Problem(
                    table.file, None, None, "Format", f"Datei ist keine lesbare UTF-8-CSV-Datei ({type(exc).__name__})."
                )
            )
            continue
        frame, table_problems = convert_table(table, raw, table.file)
        problems.extend(table_problems)
        if frame is not None:
            frames[name] = frame
    problems.extend(validate_references(frames, locations))
    problems.extend(validate_rules(frames, locations))
    if problems:
        raise DataValidationError(problems)
    return frames


def load_all(data_dir: str | Path | None = None) -> Dataset:
    """Load every table of the shipped datasets (or of `data_dir`), validated once."""
    directory = Path(data_dir) if data_dir is not None else settings.data_dir()
    return Dataset(tables=load_tables(directory), data_dir=str(directory))
