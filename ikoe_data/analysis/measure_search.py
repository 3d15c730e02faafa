"""Search over partner and strategy measures: one pool of the same shape, searched word by word."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

SEARCH_COLUMNS = ["kind", "measure_id", "title", "text", "owner", "context", "status", "source"]
PARTNER_MEASURE, STRATEGY_MEASURE = "Partnermaßnahme", "Strategiemaßnahme"  # values of `kind`


def searchable_measures(
    partner_measures: pd.DataFrame, strategy_measures: pd.DataFrame, short_title: Callable[[str], str] = str
) -> pd.DataFrame:
    """Partner and strategy measures in one frame of the same shape (enriched frames in); `short_title`
    names a source key in the source column."""
    partner_part = pd.DataFrame(
        {
            "kind": PARTNER_MEASURE,
            "measure_id": partner_measures["measure_id"],
            "title": partner_measures["title"],
            "text": partner_measures["summary"],
            "owner": partner_measures["partner"],
            "context": partner_measures["focus_label"],
            "status": partner_measures["status_label"],
            "source": partner_measures["source_doc"].map(short_title)
            + ", Z. "
            + partner_measures["source_line"].astype(str),
        }
    )
    # a measure listed under several goals is one hit, naming all its goals
    first = strategy_measures.drop_duplicates("measure_id")
    goals: dict[str, list[int]] = {}
    lines: dict[str, list[tuple[str, int]]] = {}
    for measure, goal, doc, line in zip(
        strategy_measures["measure_id"],
        strategy_measures["goal_id"],
        strategy_measures["source_doc"],
        strategy_measures["source_line"],
    ):
        goals.setdefault(measure, []).append(goal)
        lines.setdefault(measure, []).append((short_title(doc), line))
    goal_text = {m: ", ".join(map(str, sorted(g))) for m, g in goals.items()}
    line_text = {m: _cited_lines(z) for m, z in lines.items()}
    strategy_part = pd.DataFrame(
        {
            "kind": STRATEGY_MEASURE,
            "measure_id": first["measure_id"],
            "title": first["title"],
            "text": "Zielgruppe: " + first["zielgruppen_raw"] + "; Zeitrahmen: " + first["zeitrahmen"],
            "owner": first["ressorts_text"],
            "context": "Handlungsziel " + first["measure_id"].map(goal_text),
            "status": first["status_label"],
            "source": first["measure_id"].map(line_text),
        }
    )
    pool = pd.concat([partner_part, strategy_part], ignore_index=True)
    # lower-cased once here, so that each search only scans
    pool["haystack"] = (pool["title"] + " " + pool["text"] + " " + pool["owner"] + " " + pool["context"]).str.lower()
    return pool


def _cited_lines(pairs: list[tuple[str, int]]) -> str:
    """'Umsetzungsbericht TIS 2030, Z. 12, 40' — lines grouped by source."""
    by_source: dict[str, list[int]] = {}
    for source, line in pairs:
        by_source.setdefault(source, []).append(line)
    return "; ".join(f"{s}, Z. {', '.join(map(str, sorted(z)))}" for s, z in by_source.items())


QUOTES = "\"'„“”‚‘’«»"


def search(measures: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose title, text, owner or context contain every word of the query (case-insensitive; quotation
    marks around a word, as in "Vielfalt" or „Vielfalt“, are not part of it)."""
    words = [w for w in (w.strip(QUOTES) for w in query.lower().split()) if w]
    if not words:
        return measures
    haystack = measures["haystack"]
    mask = pd.Series(True, index=measures.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return measures[mask]


def hits_by_kind(hits: pd.DataFrame) -> tuple[int, int]:
    """(partner measures, strategy measures) among search hits."""
    n_partner = int((hits["kind"] == PARTNER_MEASURE).sum())
    return n_partner, len(hits) - n_partner
