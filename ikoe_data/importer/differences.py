"""Differences between two editions: new, changed and removed rows per table, matched by key."""

from __future__ import annotations

import math

import pandas as pd

from ..schema import TABLES, Table

CHANGE_NEW, CHANGE_CHANGED, CHANGE_REMOVED = "neu", "geändert", "entfernt"


def _norm(value):
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _records(table: Table, frame: pd.DataFrame) -> dict[tuple, dict]:
    names = table.column_names
    columns = [frame[c].tolist() for c in names]
    records = {}
    for row in zip(*columns):
        record = {c: _norm(v) for c, v in zip(names, row)}
        records.setdefault(tuple(record[k] for k in table.key), record)
    return records


def diff_editions(old: dict[str, pd.DataFrame], new: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """New, changed and removed rows per table, matched by each table's key.

    Columns: table, key (key values joined by " / "), change (neu/geändert/entfernt), columns
    (the changed columns, comma-separated).
    """
    rows = []
    for table in TABLES:
        if table.name not in old and table.name not in new:
            continue
        before = _records(table, old[table.name]) if table.name in old else {}
        after = _records(table, new[table.name]) if table.name in new else {}
        for key, record in after.items():
            label = " / ".join("" if k is None else str(k) for k in key)
            if key not in before:
                rows.append((table.name, label, CHANGE_NEW, ""))
            else:
                changed = [c for c in table.column_names if before[key][c] != record[c]]
                if changed:
                    rows.append((table.name, label, CHANGE_CHANGED, ", ".join(changed)))
        for key in before:
            if key not in after:
                rows.append((table.name, " / ".join("" if k is None else str(k) for k in key), CHANGE_REMOVED, ""))
    return pd.DataFrame(rows, columns=["table", "key", "change", "columns"])


def diff_summary(diff: pd.DataFrame) -> pd.DataFrame:
    """Counts per table: neu, geändert, entfernt (tables without changes left out)."""
    counts = diff.groupby(["table", "change"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=[CHANGE_NEW, CHANGE_CHANGED, CHANGE_REMOVED], fill_value=0)
    order = [t.name for t in TABLES if t.name in counts.index]
    return counts.reindex(order).reset_index()
