"""The measure search: an index of the search pool built once per edition, queries ranked by relevance, facets.

Ranking: BM25 per field, weighted title 3 : text 1 : owner 1 : categories 0.5 (Themenschwerpunkt, measure types,
Handlungsziele, target groups); a measure that matches a part of the query only in its categories ranks below every
measure that matches every part in its own title, text or owner (and one with two such parts below one with one).
Each query word counts with its best form per field: its own term (weight 1), a longer term starting with it (0.6:
compounds, other endings), a compound ending in it (0.5), a word one typo away (0.4)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .index import Expansion, Floats, Ints, InvertedIndex, Mask
from .query import Item, Query, parse
from .snippets import Matcher

BOOSTS = {"title": 3.0, "text": 1.0, "owner": 1.0, "category": 0.5}
OWN_FIELDS = ("title", "text", "owner")
# facet groups: pool column holding (key, label) pairs per measure → German name
FACETS = {
    "facet_kind": "Art",
    "facet_focus": "Themenschwerpunkt",
    "facet_goal": "Handlungsziel",
    "facet_ressort": "Ressort",
}


@dataclass(frozen=True)
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class _Facet:
    keys: list[str]
    labels: list[str]
    rows: Ints  # one pair (row, code) per measure and value
    codes: Ints

    @classmethod
    def of(cls, pairs: pd.Series) -> _Facet:
        labels: dict[str, str] = {}
        rows, keys = [], []
        for row, values in enumerate(pairs):
            for key, label in values:
                labels.setdefault(key, label)
                rows.append(row)
                keys.append(key)
        ordered = sorted(labels, key=lambda k: (len(k), k) if k.isdigit() else (0, k))
        code = {k: i for i, k in enumerate(ordered)}
        return cls(
            ordered,
            [labels[k] for k in ordered],
            np.array(rows, dtype=np.int64),
            np.array([code[k] for k in keys], dtype=np.int64),
        )

    def rows_with(self, selected: Sequence[str], n_rows: int) -> Mask:
        chosen = np.isin(self.codes, [i for i, k in enumerate(self.keys) if k in set(selected)])
        mask = np.zeros(n_rows, dtype=bool)
        mask[self.rows[chosen]] = True
        return mask

    def counts(self, hit_rows: Mask) -> Ints:
        return np.bincount(self.codes[hit_rows[self.rows]], minlength=len(self.keys)).astype(np.int64)


@dataclass(frozen=True)
class Ranking:
    """Rows of the pool that match, best first; `in_measure` False where some part of the query matched only in
    the row's categories."""

    query: Query
    rows: Ints
    scores: Floats
    in_measure: Mask
    matcher: Matcher
    facets: dict[str, list[FacetValue]]


class MeasureIndex:
    """The index of one search pool (`ikoe_data.analysis.searchable_measures`) with its facets."""

    def __init__(self, pool: pd.DataFrame) -> None:
        self.pool = pool.reset_index(drop=True)
        self.index = InvertedIndex({name: self.pool[name].fillna("").astype(str).tolist() for name in BOOSTS})
        self.facets = {column: _Facet.of(self.pool[column]) for column in FACETS}

    def search(
        self, text: str, allowed: Mask | None = None, chosen: Mapping[str, Sequence[str]] | None = None
    ) -> Ranking:
        """Rank the pool's rows for the query `text`, among `allowed` rows (all if None) and the chosen facet
        values (column of FACETS → keys; any key of a group, every group). Facet counts are of the hits with
        the choices of the other groups applied, so each group shows what choosing one of its values would give."""
        n = self.index.n_docs
        query = parse(text)
        base = np.ones(n, dtype=bool) if allowed is None else np.array(allowed, dtype=bool)
        scores = np.zeros(n, np.float32)
        outside = np.zeros(n, np.int64)  # clauses a row matches only in its categories
        expansions: list[Expansion] = []
        phrases: list[tuple[int, ...]] = []
        if query.problem is not None:
            base = np.zeros(n, dtype=bool)
        for clause in query.clauses:
            clause_total = np.zeros(n, np.float32)
            clause_own = np.zeros(n, np.float32)
            for item in clause:
                by_field = self._item_scores(item, fuzzy=True, expansions=expansions, phrases=phrases)
                for name, values in by_field.items():
                    clause_total += values
                    if name in OWN_FIELDS:
                        clause_own += values
            base &= clause_total > 0
            outside += clause_own == 0
            scores += clause_total
        for item in query.excluded:
            for values in self._item_scores(item, fuzzy=False).values():
                base &= values == 0
        chosen = {c: list(v) for c, v in (chosen or {}).items() if c in FACETS and v}
        masks = {c: self.facets[c].rows_with(keys, n) for c, keys in chosen.items()}
        facets = {}
        for column, facet in self.facets.items():
            others = base.copy()
            for other, mask in masks.items():
                if other != column:
                    others &= mask
            counts = facet.counts(others)
            picked = set(chosen.get(column, ()))
            facets[column] = [
                FacetValue(key, label, int(count), key in picked)
                for key, label, count in zip(facet.keys, facet.labels, counts)
                if count or key in picked
            ]
        for mask in masks.values():
            base &= mask
        rows = np.flatnonzero(base)
        order = np.lexsort((rows, -scores[rows], outside[rows]))
        matcher = Matcher(self.index, expansions, phrases)
        ranked = rows[order]
        return Ranking(query, ranked, scores[ranked], outside[ranked] == 0, matcher, facets)

    def _item_scores(
        self,
        item: Item,
        *,
        fuzzy: bool,
        expansions: list[Expansion] | None = None,
        phrases: list[tuple[int, ...]] | None = None,
    ) -> dict[str, Floats]:
        """Boosted scores of one word or phrase per field."""
        if item.phrase:
            if phrases is not None:
                phrases.append(self.index.phrase_terms(item.words) or ())
            return {
                name: self.index.phrase_scores(item.words, name) * np.float32(boost) for name, boost in BOOSTS.items()
            }
        expansion = self.index.expand(item.words[0], fuzzy=fuzzy)
        if expansions is not None:
            expansions.append(expansion)
        return {name: self.index.word_scores(expansion, name) * np.float32(boost) for name, boost in BOOSTS.items()}
