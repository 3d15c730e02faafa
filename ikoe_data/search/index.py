"""An inverted index over a few text fields of many documents, in numpy arrays, ranked by BM25.

Chosen over tantivy and SQLite FTS5 by measuring (`benchmarks/search_engines.py`, README): with German terms
made in Python either way, this index answered the relevance queries fastest at 1× and 100× data, built fastest
and is the only one of the three that reports per field where a query matched, which the ranking needs (a match
only in a category name ranks below any match in the measure itself).

Terms are sorted, so all terms with a prefix are one contiguous range of term ids and of postings: a prefix of
any length costs one slice. Typos are found through the surface forms (`terms.surface`) of the indexed words:
every form one edit away from the query word (deletion, insertion, substitution, transposition of neighbours) is
looked up by bisection, so the cost depends on the word's length, not on the size of the vocabulary."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from . import terms

Ints = npt.NDArray[np.int64]
Ints32 = npt.NDArray[np.int32]  # term and document ids in the large arrays (half the memory)
Floats = npt.NDArray[np.float32]
Mask = npt.NDArray[np.bool_]

K1, B = 1.2, 0.75  # BM25 parameters (Lucene's defaults)
PREFIX_WEIGHT = 0.6  # a term that starts with the query's term (compound, longer form)
INFIX_WEIGHT = 0.5  # a term that contains it further on (the end of a compound: „Werbemaßnahmen“ for „Maßnahme“)
FUZZY_WEIGHT = 0.4  # a word one typo away
MIN_PREFIX = 4  # shorter terms match only themselves („Amt“ must not find „Amtsgericht“ … and every „am…“)
MIN_INFIX = 5  # letters of a term before it is looked for inside other terms
MAX_INFIX_TERMS = 256
MIN_FUZZY = 5  # letters of a word before one typo is tolerated
MIN_FUZZY_PREFIX = 7  # letters of a word before a form one typo away may also be the start of a longer word
MAX_FUZZY_WORD = 30  # longer words are looked up without typo tolerance
MAX_FUZZY_TERMS = 64
MAX_FUZZY_INFIX = 8  # of the terms one typo away, the most frequent are also looked for inside compounds
_END = "\U0010ffff"


@dataclass(frozen=True)
class Field:
    """One field of every document: postings by term (CSR) with their BM25 score, and the term ids in text order
    (documents separated by -1) for phrases."""

    offsets: Ints  # postings of term t: offsets[t]:offsets[t + 1]
    docs: Ints32
    scores: Floats
    idf: Floats
    tokens: Ints32
    starts: Ints  # where each document's tokens begin
    norms: Floats  # BM25 length normalisation of each document's field


@dataclass(frozen=True)
class Expansion:
    """The terms one query word stands for: whole ranges of term ids (its prefix, weight PREFIX_WEIGHT) and single
    terms with their own weight (its own term 1, a compound containing it INFIX_WEIGHT, a typo FUZZY_WEIGHT)."""

    ranges: tuple[tuple[int, int], ...]
    weights: Mapping[int, float]

    def __contains__(self, term_id: int) -> bool:
        return term_id in self.weights or any(lo <= term_id < hi for lo, hi in self.ranges)


class InvertedIndex:
    """BM25 index of documents with named text fields (same number of documents in each)."""

    def __init__(self, fields: Mapping[str, Sequence[str]]) -> None:
        sizes = {len(texts) for texts in fields.values()}
        if len(sizes) != 1:
            raise ValueError("every field needs one text per document")
        self.n_docs = sizes.pop()
        analysed: dict[str, tuple[str, ...]] = {}  # per distinct text: its terms (texts repeat, e.g. categories)
        surfaces: dict[str, str] = {}
        plains: dict[str, str] = {}
        for texts in fields.values():
            for text in texts:
                if text not in analysed:
                    analysed[text] = _analyse(text, surfaces, plains)
        self.vocabulary: list[str] = sorted({t for ts in analysed.values() for t in ts})
        self.term_ids = {t: i for i, t in enumerate(self.vocabulary)}
        # the plain forms of all words in one string, each after a newline: a term inside compounds is found by
        # str.find (C speed)
        plain_forms = sorted(plains)
        self._plain_terms = [self.term_ids[plains[p]] for p in plain_forms]
        self._joined = "".join("\n" + p for p in plain_forms)
        self._plain_starts = np.cumsum([0] + [len(p) + 1 for p in plain_forms[:-1]]).tolist()
        self.surfaces: list[str] = sorted(surfaces)
        self.surface_terms = np.array([self.term_ids[surfaces[s]] for s in self.surfaces], dtype=np.int64)
        self._alphabet = "".join(sorted({c for s in self.surfaces for c in s}))
        ids = {text: np.array([self.term_ids[t] for t in ts], dtype=np.int32) for text, ts in analysed.items()}
        self.fields = {name: self._field([ids[text] for text in texts]) for name, texts in fields.items()}

    def _field(self, per_doc: list[Ints32]) -> Field:
        n_docs, n_terms = self.n_docs, len(self.vocabulary)
        lengths = np.array([len(a) for a in per_doc], dtype=np.int64)
        flat = np.concatenate([*per_doc, np.empty(0, np.int32)])
        doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        keys, tf = np.unique(flat.astype(np.int64) * n_docs + doc_of, return_counts=True)
        term_of, docs = keys // n_docs, (keys % n_docs).astype(np.int32)
        offsets = np.searchsorted(term_of, np.arange(n_terms + 1)).astype(np.int64)
        df = np.diff(offsets)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        norm = K1 * (1 - B + B * lengths / max(lengths.mean(), 1e-9))
        scores = (idf[term_of] * tf * (K1 + 1) / (tf + norm[docs])).astype(np.float32)
        # tokens in text order with -1 after each document, so that no phrase spans two documents
        separated = np.insert(flat, np.cumsum(lengths), -1) if len(flat) else np.full(n_docs, -1, np.int32)
        starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]).astype(np.int64)
        return Field(offsets, docs, scores, idf, separated, starts, norm.astype(np.float32))

    # ---- query words → terms

    def expand(self, word: str, *, fuzzy: bool = True) -> Expansion:
        """The terms a query word matches: its own term, terms starting with it (if it has `MIN_PREFIX` letters),
        terms containing it (`MIN_INFIX` letters). Only a word found in none of these ways is taken as mistyped:
        with `fuzzy`, for words of `MIN_FUZZY` letters, the terms of indexed words one typo away (and terms
        containing those). A real word is never read as a typo of another („Statt“ does not find „Stadt“)."""
        term = terms.term(word)
        weights: dict[int, float] = {}
        ranges: tuple[tuple[int, int], ...] = ()
        # Latin neuters: Praktikum/Praktika, Studium/Studien, Museum/Museen share the part before -um
        stems = [term[:-2]] if len(term) >= 7 and term.endswith("um") and term[-3] in "iek" else [term]
        if len(term) >= MIN_PREFIX:
            found = [self._range(self.vocabulary, stem) for stem in stems]
            ranges = tuple((lo, hi) for lo, hi in found if hi > lo)
        # inside compounds: the term, or for a short term the word as typed („Messe“ in „Ausbildungsmesse“)
        needles = [stem for stem in stems if len(stem) >= MIN_INFIX] or [terms.plain(word)]
        for needle in needles:
            if len(needle) >= MIN_INFIX:
                weights.update((t, INFIX_WEIGHT) for t in self._containing(needle))
        if term in self.term_ids:
            weights[self.term_ids[term]] = 1.0
        form = terms.surface(word)
        if fuzzy and not weights and not ranges and MIN_FUZZY <= len(form) <= MAX_FUZZY_WORD:
            near = self._near(form)
            inside = [c for n in near[:MAX_FUZZY_INFIX] for c in self._containing(self.vocabulary[n])]
            for t in [*near, *inside]:
                weights.setdefault(t, FUZZY_WEIGHT)
        for lo, hi in ranges:  # inside a range only the own term keeps a weight of its own
            weights = {t: w for t, w in weights.items() if not lo <= t < hi or w == 1.0}
        return Expansion(ranges, weights)

    def _containing(self, term: str) -> list[int]:
        """Terms of the indexed words whose plain form contains `term` (at most MAX_INFIX_TERMS)."""
        found: dict[int, None] = {}
        position = self._joined.find(term)
        while position >= 0 and len(found) < MAX_INFIX_TERMS:
            found[self._plain_terms[bisect.bisect_right(self._plain_starts, position) - 1]] = None
            position = self._joined.find(term, position + 1)
        return list(found)

    def _near(self, form: str) -> list[int]:
        """Terms of indexed words one edit away from `form` (for longer words also words starting so)."""
        extend = len(form) >= MIN_FUZZY_PREFIX
        near: set[int] = set()
        for variant in self._one_edit(form):
            lo, hi = self._range(self.surfaces, variant) if extend else self._exact(self.surfaces, variant)
            near.update(int(t) for t in self.surface_terms[lo:hi])
            if len(near) > 4 * MAX_FUZZY_TERMS:
                break
        return sorted(near, key=lambda t: -self._df(t))[:MAX_FUZZY_TERMS]

    def _df(self, term_id: int) -> int:
        return sum(int(f.offsets[term_id + 1] - f.offsets[term_id]) for f in self.fields.values())

    @staticmethod
    def _range(sorted_words: list[str], prefix: str) -> tuple[int, int]:
        return bisect.bisect_left(sorted_words, prefix), bisect.bisect_left(sorted_words, prefix + _END)

    @staticmethod
    def _exact(sorted_words: list[str], word: str) -> tuple[int, int]:
        lo = bisect.bisect_left(sorted_words, word)
        return lo, lo + (lo < len(sorted_words) and sorted_words[lo] == word)

    def _one_edit(self, form: str) -> Iterable[str]:
        """Forms one edit away (optimal string alignment: a swap of neighbours is one edit)."""
        seen = {form}
        for i in range(len(form) + 1):
            head, tail = form[:i], form[i:]
            candidates = [head + c + tail for c in self._alphabet]
            if tail:
                candidates.append(head + tail[1:])
                candidates.extend(head + c + tail[1:] for c in self._alphabet)
            if len(tail) > 1:
                candidates.append(head + tail[1] + tail[0] + tail[2:])
            for candidate in candidates:
                if candidate and candidate not in seen:
                    seen.add(candidate)
                    yield candidate

    # ---- scoring

    def word_scores(self, expansion: Expansion, field: str) -> Floats:
        """Per document the best weighted BM25 score of any of the word's terms in this field (0 where none)."""
        index = self.fields[field]
        best = np.zeros(self.n_docs, np.float32)
        for lo, hi in expansion.ranges:
            start, end = int(index.offsets[lo]), int(index.offsets[hi])
            weights = np.full(end - start, PREFIX_WEIGHT, np.float32)
            for t, weight in expansion.weights.items():
                if lo <= t < hi:
                    weights[int(index.offsets[t]) - start : int(index.offsets[t + 1]) - start] = weight
            np.maximum.at(best, index.docs[start:end], index.scores[start:end] * weights)
        for t, weight in expansion.weights.items():
            if not any(lo <= t < hi for lo, hi in expansion.ranges):
                start, end = int(index.offsets[t]), int(index.offsets[t + 1])
                np.maximum.at(best, index.docs[start:end], index.scores[start:end] * np.float32(weight))
        return best

    def phrase_scores(self, words: Sequence[str], field: str) -> Floats:
        """Per document the BM25 score of the phrase in this field: the summed idf of its terms, as often as the
        phrase occurs there, normalised by the field's length."""
        index = self.fields[field]
        scores = np.zeros(self.n_docs, np.float32)
        ids = [self.term_ids.get(terms.term(w), -2) for w in words]
        if -2 in ids or not ids:
            return scores
        tokens = index.tokens
        positions = np.flatnonzero(tokens[: len(tokens) - len(ids) + 1] == ids[0])
        for offset, term_id in enumerate(ids[1:], start=1):
            positions = positions[tokens[positions + offset] == term_id]
        docs, tf = np.unique(np.searchsorted(index.starts, positions, side="right") - 1, return_counts=True)
        scores[docs] = index.idf[ids].sum() * tf * (K1 + 1) / (tf + index.norms[docs])
        return scores

    def phrase_terms(self, words: Sequence[str]) -> tuple[int, ...] | None:
        """The term ids of a phrase's words, None if one of them is not indexed."""
        ids = tuple(self.term_ids.get(terms.term(w), -1) for w in words)
        return None if -1 in ids else ids


def _analyse(text: str, surfaces: dict[str, str], plains: dict[str, str]) -> tuple[str, ...]:
    found = []
    for match in terms.words(text):
        word = match.group()
        term = terms.term(word)
        surfaces.setdefault(terms.surface(word), term)
        plains.setdefault(terms.plain(word), term)
        found.append(term)
    return tuple(found)
