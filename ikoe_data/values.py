"""Small value helpers shared across the data layer."""

from __future__ import annotations

import pandas as pd


def is_missing(value: object) -> bool:
    """True for None, NaN, pd.NA and NaT; a list or tuple (a list cell) is never missing."""
    return value is None or (not isinstance(value, (list, tuple)) and bool(pd.isna(value)))
