"""Synthetic datasets for the benchmarks: the shipped tables scaled by an integer factor.

`write_scaled(k, out_dir)` writes every table of `ikoe_data.schema.TABLES` into `out_dir` (never into
`datasets/`):

* Fixed lookups stay as shipped: sources, focus_areas, measure_types, zieldimensionen, goals, ressorts,
  zielgruppen. They do not grow with editions or networks (the 37 Handlungsziele, the 6 focus areas …).
* Tables that grow with editions and partner networks are scaled by `k`: copy 0 is the shipped data
  unchanged (so 1× is exactly the shipped content), copies 1 … k-1 are drawn from the shipped rows:
  - partners: each shipped partner once per copy, with a new partner id (`32·c + i`), a suffixed name and
    short name (they stay unique, as matrices and the profile choice key on them) and the accession date
    moved by up to ±180 days within the shipped date range. Type, Regierungsbezirk and scope
    distributions are therefore exactly the shipped ones; the accession years spread over the same years.
  - partner_measures: as many rows per copy as shipped, sampled with replacement; the partner id is moved
    to the partner of the same copy, the id renumbered `P{Themenschwerpunkt}-{Partner}-{lfd. Nr.}`.
  - staff_shares, benchmarks, source_conflicts: sampled per copy with new ids (S-, B-, K-); partner
    references moved to the same copy's partner, empty ones stay empty.
  - strategy_measures: per copy the shipped measure ids are sampled with replacement and every row of a
    drawn measure (one per Handlungsziel) is copied under a new id M-…, so measures listed under several
    goals stay so; strategy_budgets follow their measure.
All cells keep the shipped text form, so the folder loads with `ikoe_data.loading.load_tables` without
a single problem (checked by `verify`).

Command line: `python benchmarks/synthetic.py --scale 10 --out /tmp/ikoe-10x [--verify]`.
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ikoe_data.loading import load_tables, read_raw_csv
from ikoe_data.schema import TABLES, TABLES_BY_NAME
from ikoe_data.settings import SHIPPED_DATA_DIR

REPO = Path(__file__).resolve().parent.parent

FIXED_TABLES = ("sources", "focus_areas", "measure_types", "zieldimensionen", "goals", "ressorts", "zielgruppen")
SCALED_TABLES = (
    "partners",
    "partner_measures",
    "staff_shares",
    "benchmarks",
    "source_conflicts",
    "strategy_measures",
    "strategy_budgets",
)
DATE_JITTER_DAYS = 180
SEED = 20240930


def shipped_tables(data_dir: Path = SHIPPED_DATA_DIR) -> dict[str, pd.DataFrame]:
    """Every shipped table as strings ('' for empty), exactly as the loader reads them."""
    return {t.name: read_raw_csv(Path(data_dir) / t.file).astype(object) for t in TABLES}


def _moved_partner(values: pd.Series, offsets: np.ndarray) -> np.ndarray:
    """Partner references of the copies: '' stays '', an id moves by its copy's offset."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    moved = np.array([str(int(v)) for v in np.nan_to_num(numbers + offsets)], dtype=object)
    return np.where(np.isnan(numbers), "", moved)


def _numbered(prefix: str, start: int, n: int, width: int) -> np.ndarray:
    return np.array([f"{prefix}{i:0{width}d}" for i in range(start, start + n)], dtype=object)


def _max_number(ids: pd.Series) -> int:
    return int(ids.str.extract(r"(\d+)$")[0].astype(int).max())


def _sample(frame: pd.DataFrame, rng: np.random.Generator, copies: int) -> tuple[pd.DataFrame, np.ndarray]:
    """`len(frame)` rows for each of the copies 1 … copies, drawn with replacement, and their copy numbers."""
    n = len(frame)
    rows = frame.iloc[rng.integers(0, n, n * copies)].reset_index(drop=True)
    return rows, np.repeat(np.arange(1, copies + 1), n)


def _expand(frame: pd.DataFrame, key: str, drawn: np.ndarray, new_keys: np.ndarray) -> pd.DataFrame:
    """For every drawn key, all rows of `frame` with that key (in shipped order), renamed to the new key."""
    positions = frame.groupby(key, sort=False).indices  # key -> row positions
    lengths = np.array([len(positions.get(k, ())) for k in drawn])
    if lengths.sum() == 0:
        return frame.iloc[0:0]
    rows = np.concatenate([positions[k] for k in drawn if k in positions])
    out = frame.iloc[rows].reset_index(drop=True)
    out[key] = np.repeat(new_keys, lengths)
    return out


def scale_tables(k: int, base: dict[str, pd.DataFrame] | None = None, seed: int = SEED) -> dict[str, pd.DataFrame]:
    """The tables scaled by the integer factor k (k = 1 returns the shipped content unchanged)."""
    if k < 1:
        raise ValueError("scale factor must be >= 1")
    base = base or shipped_tables()
    out = {name: base[name] for name in TABLES_BY_NAME}
    if k == 1:
        return out
    rng = np.random.default_rng(seed)
    copies = k - 1
    partners = base["partners"]
    n_partners = len(partners)
    stride = int(partners["partner_id"].astype(int).max())

    # partners: every shipped partner once per copy; new id, suffixed names, accession date jittered
    p = partners.iloc[np.tile(np.arange(n_partners), copies)].reset_index(drop=True)
    copy = np.repeat(np.arange(1, k), n_partners)
    suffix = pd.Series(copy).astype(str).to_numpy(dtype=object)
    p["partner_id"] = _moved_partner(p["partner_id"], stride * copy)
    p["name"] = p["name"].to_numpy(dtype=object) + " (Kopie " + suffix + ")"
    p["short_name"] = p["short_name"].to_numpy(dtype=object) + " #" + suffix
    p["source_name"] = p["name"]
    dates = pd.to_datetime(p["accession_date"])
    first, last = pd.to_datetime(partners["accession_date"]).agg(["min", "max"])
    jitter = pd.to_timedelta(rng.integers(-DATE_JITTER_DAYS, DATE_JITTER_DAYS + 1, len(p)), unit="D")
    p["accession_date"] = (dates + jitter).clip(first, last).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
    out["partners"] = pd.concat([partners, p], ignore_index=True)

    # partner measures: sampled, moved to the same copy's partners, renumbered per focus area and partner
    m, copy = _sample(base["partner_measures"], rng, copies)
    m["partner_id"] = _moved_partner(m["partner_id"], stride * copy)
    seq = m.groupby(["focus_area", "partner_id"], sort=False).cumcount().to_numpy() + 1
    m["measure_id"] = np.array(
        [f"P{fa}-{int(pid):02d}-{s:02d}" for fa, pid, s in zip(m["focus_area"], m["partner_id"], seq)], dtype=object
    )
    out["partner_measures"] = pd.concat([base["partner_measures"], m], ignore_index=True)

    for name, id_column, prefix, width in (
        ("staff_shares", "share_id", "S-", 3),
        ("benchmarks", "benchmark_id", "B-", 3),
        ("source_conflicts", "conflict_id", "K-", 2),
    ):
        rows, copy = _sample(base[name], rng, copies)
        rows[id_column] = _numbered(prefix, _max_number(base[name][id_column]) + 1, len(rows), width)
        if "partner_id" in rows:
            rows["partner_id"] = _moved_partner(rows["partner_id"], stride * copy)
        out[name] = pd.concat([base[name], rows], ignore_index=True)

    # strategy measures: whole measures (all their goal rows) drawn per copy; budgets follow their measure
    strategy = base["strategy_measures"]
    distinct = strategy["measure_id"].drop_duplicates().to_numpy()
    drawn = distinct[rng.integers(0, len(distinct), len(distinct) * copies)]
    new_ids = _numbered("M-", _max_number(strategy["measure_id"]) + 1, len(drawn), 3)
    out["strategy_measures"] = pd.concat([strategy, _expand(strategy, "measure_id", drawn, new_ids)], ignore_index=True)
    out["strategy_budgets"] = pd.concat(
        [base["strategy_budgets"], _expand(base["strategy_budgets"], "measure_id", drawn, new_ids)], ignore_index=True
    )
    return out


def write_tables(tables: dict[str, pd.DataFrame], out_dir: Path) -> Path:
    out_dir = Path(out_dir)
    if out_dir.resolve() == SHIPPED_DATA_DIR.resolve():
        raise ValueError("refusing to write synthetic data into datasets/")
    out_dir.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        frame = tables[table.name][table.column_names]
        frame.to_csv(
            out_dir / table.file, index=False, encoding="utf-8", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n"
        )  # as the shipped files
    return out_dir


def write_scaled(k: int, out_dir: Path, seed: int = SEED) -> dict[str, int]:
    """Write the k-fold dataset into out_dir; returns the row count of every table."""
    tables = scale_tables(k, seed=seed)
    write_tables(tables, out_dir)
    return {name: len(frame) for name, frame in tables.items()}


def verify(out_dir: Path) -> dict[str, int]:
    """Load the folder with the dashboard's own loader (raises DataValidationError on any problem)."""
    return {name: len(frame) for name, frame in load_tables(Path(out_dir)).items()}


def distribution_summary(out_dir: Path) -> dict[str, dict]:
    """Shares of the main categories, to compare a scaled folder with the shipped one."""
    partners = read_raw_csv(Path(out_dir) / "partners.csv")
    measures = read_raw_csv(Path(out_dir) / "partner_measures.csv")
    years = partners["accession_date"].str[:4]
    return {
        "partner_type": partners["partner_type"].value_counts(normalize=True).round(3).to_dict(),
        "regierungsbezirk": partners["regierungsbezirk"].value_counts(normalize=True).round(3).to_dict(),
        "accession_year": years.value_counts(normalize=True).sort_index().round(3).to_dict(),
        "measures_per_partner": round(len(measures) / len(partners), 2),
        "focus_area": measures["focus_area"].value_counts(normalize=True).sort_index().round(3).to_dict(),
        "status": measures["status"].value_counts(normalize=True).round(3).to_dict(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="integer factor (1 = shipped size)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (not datasets/)")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--verify", action="store_true", help="load the folder with the dashboard's loader")
    parser.add_argument("--summary", action="store_true", help="print category shares (compare with --scale 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = write_scaled(args.scale, args.out, args.seed)
    print(f"{args.scale}× written to {args.out} in {time.perf_counter() - started:.1f} s: {counts}")
    if args.verify:
        started = time.perf_counter()
        loaded = verify(args.out)
        assert loaded == counts, (loaded, counts)
        print(f"verified with load_tables in {time.perf_counter() - started:.1f} s: no problems")
    if args.summary:
        import json

        print(json.dumps(distribution_summary(args.out), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
