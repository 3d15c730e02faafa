"""Hits in context: a text as segments with the matched words flagged, and a window around the matches.

Segments are plain text with a flag, never markup: the renderer escapes each segment's text and marks the
matched ones itself (`ikoe_data.text`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from . import terms
from .index import Expansion, InvertedIndex

SNIPPET_CHARS = 240
ELLIPSIS = "…"


class Segment(NamedTuple):
    text: str
    matched: bool


class Matcher:
    """Which words of a text a query matched: any form of a query word, and phrases in their order."""

    def __init__(self, index: InvertedIndex, expansions: Sequence[Expansion], phrases: Sequence[tuple[int, ...]]):
        self._ids = index.term_ids
        self._expansions = expansions
        self._phrases = [p for p in phrases if p]

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the matched words, adjacent matches joined when only spaces lie between them."""
        found = [(m.start(), m.end(), self._ids.get(terms.term(m.group()), -1)) for m in terms.words(text)]
        ids = [t for _, _, t in found]
        marked = [any(t in e for e in self._expansions) for t in ids]
        for phrase in self._phrases:
            n = len(phrase)
            for i in range(len(ids) - n + 1):
                if tuple(ids[i : i + n]) == phrase:
                    marked[i : i + n] = [True] * n
        spans: list[tuple[int, int]] = []
        for (start, end, _), hit in zip(found, marked):
            if not hit:
                continue
            if spans and not text[spans[-1][1] : start].strip():
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((start, end))
        return spans

    def segments(self, text: str) -> tuple[Segment, ...]:
        """The whole text as segments."""
        return _cut(text, self.spans(text), 0, len(text))

    def snippet(self, text: str, width: int = SNIPPET_CHARS) -> tuple[Segment, ...]:
        """At most about `width` characters around the densest matches, cut at word boundaries, „…“ where cut."""
        spans = self.spans(text)
        if len(text) <= width:
            return _cut(text, spans, 0, len(text))
        start = 0
        if spans:  # the window that holds the most matches, starting a little before its first one
            best = max(range(len(spans)), key=lambda i: sum(1 for s, e in spans[i:] if e <= spans[i][0] + width))
            start = max(0, spans[best][0] - width // 5)
        end = min(len(text), start + width)
        if end == len(text):
            start = max(0, end - width)
        if start > 0:  # begin after a space
            first = next((s for s, _ in spans if s >= start), end)
            space = text.find(" ", start, first)
            start = space + 1 if space >= 0 else start
        if end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end
        segments = _cut(text, spans, start, end)
        return (
            ((Segment(ELLIPSIS + " ", False),) if start > 0 else ())
            + segments
            + ((Segment(" " + ELLIPSIS, False),) if end < len(text) else ())
        )


def _cut(text: str, spans: list[tuple[int, int]], start: int, end: int) -> tuple[Segment, ...]:
    segments: list[Segment] = []
    position = start
    for s, e in spans:
        s, e = max(s, start), min(e, end)
        if e <= s:
            continue
        if s > position:
            segments.append(Segment(text[position:s], False))
        segments.append(Segment(text[s:e], True))
        position = e
    if position < end:
        segments.append(Segment(text[position:end], False))
    return tuple(segments)
