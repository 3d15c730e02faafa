"""The enriched frames every page starts from, derived once per dataset."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from .. import citation
from ..loading import Dataset
from ..search import MeasureIndex
from .measure_search import search_index, searchable_measures
from .partners import enrich_partner_measures, partner_overview
from .staff_shares import enrich_staff_shares
from .strategy import enrich_strategy_measures


@dataclass(frozen=True)
class Views:
    """The enriched frames every page starts from: derived once per dataset, then only filtered."""

    partners: pd.DataFrame
    partner_measures: pd.DataFrame
    staff_shares: pd.DataFrame
    strategy_measures: pd.DataFrame
    search_pool: pd.DataFrame

    @classmethod
    def of(cls, ds: Dataset) -> Views:
        partner_measures, strategy = enrich_partner_measures(ds), enrich_strategy_measures(ds)
        return cls(
            partners=partner_overview(ds),
            partner_measures=partner_measures,
            staff_shares=enrich_staff_shares(ds),
            strategy_measures=strategy,
            search_pool=searchable_measures(
                partner_measures, strategy, ds.short_title, lambda frame: citation.fundstellen(ds, frame)
            ),
        )

    @cached_property
    def search_index(self) -> MeasureIndex:
        """The search index of `search_pool`, built on first use (once per edition: Views are cached with it)."""
        return search_index(self.search_pool)
