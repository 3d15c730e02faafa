"""Loading the curated datasets into typed, validated frames."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pandas as pd

from . import settings
from .schema import TABLES, TABLES_BY_NAME
from .validation import DataValidationError, Problem, convert_table, validate_references, validate_rules

T = TypeVar("T")


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

    def derived(self, key: tuple[str, ...], compute: Callable[[], T]) -> T:
        """A value computed from this dataset's tables alone (sources of a role, filter options), computed once per
        dataset and key: pages ask for them on every run, and the tables of a loaded dataset are never changed
        (tests/test_pages.py checks that a tour leaves them unchanged). Callers must not change the value."""
        memo: dict[tuple[str, ...], T] = self.__dict__.setdefault("_lookups", {})  # frozen, but __dict__ is writable
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    # ---- sources: pages ask for the current report of a role, never for a source key

    def _source(self, source_doc: str) -> pd.Series | None:
        sources = self.tables["sources"]
        rows = sources[sources["source_doc"] == source_doc]
        return None if rows.empty else rows.iloc[0]

    def sources_of_role(self, role: str) -> list[str]:
        """Keys of the sources with this role, oldest first (undated ones first, then file order)."""
        return list(self.derived(("role", role), lambda: self._sources_of_role(role)))

    def _sources_of_role(self, role: str) -> list[str]:
        sources = self.tables["sources"]
        rows = sources[sources["role"] == role]
        order = rows.assign(_order=range(len(rows))).sort_values(["status_date", "_order"], na_position="first")
        return [str(doc) for doc in order["source_doc"]]

    def current_source(self, role: str) -> str | None:
        """The report of this role with the latest status date (the last listed among equal dates)."""
        keys = self.sources_of_role(role)
        return keys[-1] if keys else None

    def report_year(self, role: str) -> int | None:
        """Year of the status date of the current report of this role."""
        date = self.status_date(self.current_source(role))
        return None if date is None else int(date.year)

    def status_label(self, source_doc: str | None) -> str:
        row = None if source_doc is None else self._source(source_doc)
        return "Stand unbekannt" if row is None else str(row["status_label"])

    def status_date(self, source_doc: str | None) -> pd.Timestamp | None:
        row = None if source_doc is None else self._source(source_doc)
        return None if row is None or pd.isna(row["status_date"]) else pd.Timestamp(row["status_date"])

    def short_title(self, source_doc: str | None) -> str:
        """Short title for charts and source notes; the key itself for a source the table lacks."""
        row = None if source_doc is None else self._source(source_doc)
        return str(source_doc or "") if row is None else str(row["short_title"])

    def cited_sources(self) -> set[str]:
        """Every source key some row of any table cites."""
        return set(self.derived(("cited",), self._cited_sources))

    def _cited_sources(self) -> set[str]:
        cited: set[str] = set()
        for frame in self.tables.values():
            for column in ("source_doc", "name_source_doc", "source_doc_a", "source_doc_b"):
                if column in frame:
                    cited.update(frame[column].dropna().astype(str))
        return cited

    def role_sources(self, role: str) -> list[str]:
        """The sources of a role that the data cites (oldest first), at least the current one: the sources
        to name under a chart built from that role's data."""
        cited = self.cited_sources()
        keys = [doc for doc in self.sources_of_role(role) if doc in cited]
        current = self.current_source(role)
        if current is not None and current not in keys:
            keys.append(current)
        return keys

    def source_docs_in(self, *frames: pd.DataFrame) -> list[str]:
        """The sources the rows of these frames cite, in the order of the sources table."""
        used = set()
        for frame in frames:
            if "source_doc" in frame:
                used.update(frame["source_doc"].dropna().astype(str))
        return [doc for doc in self.tables["sources"]["source_doc"] if doc in used]


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
