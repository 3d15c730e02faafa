"""Table schemas of the curated datasets: the single source for loading, validation,
the import template and the data dictionary.

Every column carries a German label and description because the same definitions are shown to
analysts (data dictionary page, Excel template, error messages). Column and Table are described in
`table_model`; the German data dictionary is written by `data_dictionary`. The tables by subject:
`sources` (provenance), `partners`, `staff_shares`, `strategy`; `TABLES` lists them all in load order.
"""

from ..table_model import Column, Kind, Table
from .partners import FOCUS_AREAS, MEASURE_TYPES, PARTNER_MEASURES, PARTNERS
from .sources import SOURCE_CONFLICTS, SOURCES
from .staff_shares import BENCHMARKS, STAFF_SHARES
from .strategy import GOALS, RESSORTS, STRATEGY_BUDGETS, STRATEGY_MEASURES, ZIELDIMENSIONEN_T, ZIELGRUPPEN

# Load order matters: referenced tables come first.
TABLES: tuple[Table, ...] = (
    SOURCES,
    FOCUS_AREAS,
    MEASURE_TYPES,
    PARTNERS,
    PARTNER_MEASURES,
    STAFF_SHARES,
    BENCHMARKS,
    SOURCE_CONFLICTS,
    ZIELDIMENSIONEN_T,
    GOALS,
    RESSORTS,
    ZIELGRUPPEN,
    STRATEGY_MEASURES,
    STRATEGY_BUDGETS,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}

__all__ = ["TABLES", "TABLES_BY_NAME", "Column", "Kind", "Table"]
