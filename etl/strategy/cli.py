"""Command line: python -m etl.strategy SEED_PATH OUT_DIR"""

from __future__ import annotations

import sys

from .output import write_outputs
from .parser import parse_strategy


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m etl.strategy SEED_PATH OUT_DIR", file=sys.stderr)
        return 2
    extract = parse_strategy(argv[0])
    for path in write_outputs(extract, argv[1]):
        print(path)
    measures = extract.measures
    print(
        f"{measures['measure_id'].nunique()} measures, {len(measures)} rows, {len(extract.goals)} goals, "
        f"{len(extract.budgets)} budget figures",
        file=sys.stderr,
    )
    return 0
