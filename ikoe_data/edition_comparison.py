"""Comparing two editions: which rows changed (the import's preview), and how goal coverage and staff
shares moved (the pages' "Veränderung zwischen Ausgaben"). Pure pandas, no storage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .loading import Dataset
from .schema import TABLES, Table
from .values import is_missing

# --------------------------------------------------------------------------- rows: new, changed, removed

CHANGE_NEW, CHANGE_CHANGED, CHANGE_REMOVED = "neu", "geändert", "entfernt"


def _norm(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return tuple(value)
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(table: Table, frame: pd.DataFrame) -> dict[tuple[Any, ...], dict[str, Any]]:
    names = table.column_names
    columns = [frame[c].tolist() for c in names]
    records: dict[tuple[Any, ...], dict[str, Any]] = {}
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


# --------------------------------------------------------------------------- figures: goal coverage, staff shares


@dataclass(frozen=True)
class EditionComparison:
    goal_coverage: pd.DataFrame  # goal_id, zieldimension, goal_title, measures_a, measures_b, difference
    staff_shares: pd.DataFrame  # one row per matched figure, change ∈ neu/entfernt/geändert/unverändert
    partners: pd.DataFrame  # one row per partner that is new, removed or changed
    strategy_measures: pd.DataFrame  # one row per strategy measure that is new, ended, changed or removed


def goal_coverage_change(ds_a: Dataset, ds_b: Dataset) -> pd.DataFrame:
    """Strategy measures per goal in edition a and b (goals of either edition, zeros kept)."""
    goals = pd.concat([ds_b.goals, ds_a.goals]).drop_duplicates("goal_id").sort_values("goal_id")
    table = goals[["goal_id", "zieldimension", "title"]].rename(columns={"title": "goal_title"})
    for suffix, ds in (("a", ds_a), ("b", ds_b)):
        counts = ds.strategy_measures.groupby("goal_id")["measure_id"].nunique()
        table[f"measures_{suffix}"] = table["goal_id"].map(counts).fillna(0).astype(int)
    table["difference"] = table["measures_b"] - table["measures_a"]
    return table.reset_index(drop=True)


SHARE_MATCH = ("partner_id", "basis", "concept", "year")
SHARE_FIGURES = ("share_percent", "target_percent", "target_year", "qualifier", "numerator", "denominator", "method")


def _share_match_key(shares: pd.DataFrame) -> pd.DataFrame:
    """partner_id+basis+concept+year (organisation where no partner), numbered within duplicates."""
    frame = shares.sort_values("share_id").copy()
    who = frame["partner_id"].astype("string").fillna("org:" + frame["organisation"].fillna("").astype("string"))
    year = frame["year"].astype("string").fillna("ohne Jahr")  # a year the source does not state still matches
    base = who + "|" + frame["basis"].astype(str) + "|" + frame["concept"].astype(str) + "|" + year
    frame["match"] = base + "|" + frame.groupby(base).cumcount().astype(str)
    return frame


def _same(a: Any, b: Any) -> bool:
    return (is_missing(a) and is_missing(b)) or (not is_missing(a) and not is_missing(b) and a == b)


def staff_share_change(ds_a: Dataset, ds_b: Dataset) -> pd.DataFrame:
    """Staff-share figures of a and b matched by partner_id+basis+concept+year."""
    a, b = _share_match_key(ds_a.staff_shares), _share_match_key(ds_b.staff_shares)
    keep = ["match", "share_id", *SHARE_MATCH, "organisation", *SHARE_FIGURES]
    merged = a[keep].merge(b[keep], on="match", how="outer", suffixes=("_a", "_b"), indicator=True)
    for column in (*SHARE_MATCH, "organisation"):
        merged[column] = merged[f"{column}_b"].combine_first(merged[f"{column}_a"])
    changes = []
    for _, row in merged.iterrows():
        if row["_merge"] == "left_only":
            changes.append(("entfernt", ""))
        elif row["_merge"] == "right_only":
            changes.append(("neu", ""))
        else:
            changed = [c for c in SHARE_FIGURES if not _same(row[f"{c}_a"], row[f"{c}_b"])]
            changes.append(("geändert" if changed else "unverändert", ", ".join(changed)))
    merged["change"] = [c for c, _ in changes]
    merged["changed_columns"] = [c for _, c in changes]
    merged["difference"] = merged["share_percent_b"] - merged["share_percent_a"]
    columns = [
        *SHARE_MATCH,
        "organisation",
        "share_id_a",
        "share_id_b",
        "share_percent_a",
        "share_percent_b",
        "difference",
        "target_percent_a",
        "target_percent_b",
        "change",
        "changed_columns",
    ]
    return merged[columns].sort_values(["partner_id", "basis", "year"], ignore_index=True)


# --------------------------------------------------------------------------- partners, strategy measures

PARTNER_FIGURES = ("name", "short_name", "partner_type", "place", "regierungsbezirk", "scope", "accession_date")


def partner_change(ds_a: Dataset, ds_b: Dataset) -> pd.DataFrame:
    """Partners new in b, no longer in b, or with changed attributes; with their measure counts in a and b."""
    keep = ["partner_id", *PARTNER_FIGURES]
    merged = ds_a.partners[keep].merge(
        ds_b.partners[keep], on="partner_id", how="outer", suffixes=("_a", "_b"), indicator=True
    )
    rows = []
    for _, row in merged.iterrows():
        if row["_merge"] == "left_only":
            change, changed = "entfernt", ""
        elif row["_merge"] == "right_only":
            change, changed = "neu", ""
        else:
            columns = [c for c in PARTNER_FIGURES if not _same(row[f"{c}_a"], row[f"{c}_b"])]
            if not columns:
                continue
            change, changed = "geändert", ", ".join(columns)
        side = "b" if change != "entfernt" else "a"
        rows.append(
            {
                "partner_id": int(row["partner_id"]),
                "name": row[f"name_{side}"],
                "partner_type": row[f"partner_type_{side}"],
                "accession_date": row[f"accession_date_{side}"],
                "change": change,
                "changed_columns": changed,
            }
        )
    table = pd.DataFrame(
        rows, columns=["partner_id", "name", "partner_type", "accession_date", "change", "changed_columns"]
    )
    for suffix, ds in (("a", ds_a), ("b", ds_b)):
        counts = ds.partner_measures.groupby("partner_id").size()
        table[f"measures_{suffix}"] = table["partner_id"].map(counts).fillna(0).astype(int)
    return table.sort_values("partner_id", ignore_index=True)


STRATEGY_FIGURES = ("title", "status", "zeitrahmen", "start_year", "end_year", "ressorts", "zielgruppen")


def strategy_change(ds_a: Dataset, ds_b: Dataset) -> pd.DataFrame:
    """Strategy measures new in b, gone from b, ended in b (status now abgeschlossen) or otherwise changed."""

    def first(ds: Dataset) -> pd.DataFrame:
        measures = ds.strategy_measures
        goals = measures.groupby("measure_id")["goal_id"].agg(lambda g: ", ".join(map(str, sorted(g))))
        one = measures.drop_duplicates("measure_id").set_index("measure_id")
        return one.assign(goals=goals)

    a, b = first(ds_a), first(ds_b)
    rows = []
    for measure_id in sorted(set(a.index) | set(b.index)):
        if measure_id not in b.index:
            change, changed, row = "entfernt", "", a.loc[measure_id]
        elif measure_id not in a.index:
            change, changed, row = "neu", "", b.loc[measure_id]
        else:
            row = b.loc[measure_id]
            columns = [c for c in (*STRATEGY_FIGURES, "goals") if not _same_value(a.at[measure_id, c], row[c])]
            if not columns:
                continue
            ended = row["status"] == "abgeschlossen" and a.at[measure_id, "status"] != "abgeschlossen"
            change, changed = ("beendet" if ended else "geändert"), ", ".join(columns)
        rows.append(
            {
                "measure_id": measure_id,
                "title": row["title"],
                "goals": row["goals"],
                "status": row["status"],
                "end_year": row["end_year"],
                "source_doc": row["source_doc"],
                "change": change,
                "changed_columns": changed,
            }
        )
    columns = ["measure_id", "title", "goals", "status", "end_year", "source_doc", "change", "changed_columns"]
    return pd.DataFrame(rows, columns=columns)


def _same_value(a: object, b: object) -> bool:
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return list(a) == list(b)
    return bool(_same(a, b))


def compare_editions(ds_a: Dataset, ds_b: Dataset) -> EditionComparison:
    """What changed from edition a to edition b: goal coverage, staff shares, partners, strategy measures."""
    return EditionComparison(
        goal_coverage_change(ds_a, ds_b),
        staff_share_change(ds_a, ds_b),
        partner_change(ds_a, ds_b),
        strategy_change(ds_a, ds_b),
    )
