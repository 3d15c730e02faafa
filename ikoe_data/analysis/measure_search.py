"""Search over partner and strategy measures: one pool of the same shape, an index of it built once per edition
(`ikoe_data.search`: German stems, prefixes, typos, phrases, ODER, minus), hits ranked by relevance with
snippets, facets and details."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..search import FacetValue, MeasureIndex, Ranking, Segment
from ..text import shorten

SEARCH_COLUMNS = ["kind", "measure_id", "title", "text", "owner", "context", "status", "source"]
PARTNER_MEASURE, STRATEGY_MEASURE = "Partnermaßnahme", "Strategiemaßnahme"  # values of `kind`
KIND_KEYS = {PARTNER_MEASURE: "partner", STRATEGY_MEASURE: "strategie"}
HITS_PER_PAGE = 20
GOAL_CHARS = 80  # a goal's title in a hit's line; its details give the whole title


def searchable_measures(
    partner_measures: pd.DataFrame,
    strategy_measures: pd.DataFrame,
    short_title: Callable[[str], str] = str,
    fundstellen: Callable[[pd.DataFrame], pd.Series] | None = None,
) -> pd.DataFrame:
    """Partner and strategy measures in one frame of the same shape (enriched frames in); `short_title`
    names a source key in the source column, `fundstellen` (`ikoe_data.citation.fundstellen`) the Fundstelle
    of each row in the published document for the details (without it, the source column's short one).
    Besides the shown columns (SEARCH_COLUMNS): `category` (the text of the measure's categories, searched with a
    low weight), the facet columns of `ikoe_data.search.FACETS` ((key, label) pairs) and `detail` ((label, value)
    pairs of everything known about the measure)."""
    partner_types = partner_measures.get("measure_type_labels", pd.Series("", index=partner_measures.index))
    partner_part = pd.DataFrame(
        {
            "kind": PARTNER_MEASURE,
            "measure_id": partner_measures["measure_id"],
            "title": partner_measures["title"],
            "text": partner_measures["summary"],
            "owner": partner_measures["partner"],
            "context": partner_measures["focus_label"],
            "status": partner_measures["status_label"],
            "source": partner_measures["source_doc"].map(short_title) + ", " + partner_measures["source_section"],
            "category": partner_measures["focus_label"] + ". " + partner_types.fillna(""),
            "facet_kind": [((KIND_KEYS[PARTNER_MEASURE], PARTNER_MEASURE),)] * len(partner_measures),
            "facet_focus": [
                ((str(f), label),) for f, label in zip(partner_measures["focus_area"], partner_measures["focus_label"])
            ],
            "facet_goal": [()] * len(partner_measures),
            "facet_ressort": [()] * len(partner_measures),
        }
    )
    partner_part["detail"] = [
        (
            ("Partner", owner),
            ("Themenschwerpunkt", focus),
            ("Art der Maßnahme", kinds),
            ("Status", status),
            ("Fundstelle", source),
        )
        for owner, focus, kinds, status, source in zip(
            partner_part["owner"],
            partner_part["context"],
            partner_types.fillna(""),
            partner_part["status"],
            fundstellen(partner_measures) if fundstellen else partner_part["source"],
        )
    ]
    # a measure listed under several goals is one hit, naming all its goals
    first = strategy_measures.drop_duplicates("measure_id")
    goals: dict[str, list[tuple[int, str]]] = {}
    pages: dict[str, list[tuple[str, str]]] = {}
    for measure, goal, goal_title, doc, page in zip(
        strategy_measures["measure_id"],
        strategy_measures["goal_id"],
        strategy_measures["goal_title"],
        strategy_measures["source_doc"],
        strategy_measures["source_page"].fillna(""),
    ):
        goals.setdefault(measure, []).append((int(goal), str(goal_title)))
        pages.setdefault(measure, []).append((short_title(doc), str(page)))
    goal_text = {m: ", ".join(str(g) for g, _ in sorted(set(gs))) for m, gs in goals.items()}
    goal_titles = {m: "; ".join(f"{g}: {t}" for g, t in sorted(set(gs))) for m, gs in goals.items()}
    page_text = {m: _cited_pages(p) for m, p in pages.items()}
    ids = first["measure_id"]
    # a measure's Fundstelle names each of its places: Handlungsziel, title, page and the report's words
    cited = (
        fundstellen(strategy_measures).groupby(strategy_measures["measure_id"], sort=False).agg("; ".join)
        if fundstellen
        else ids.map(page_text).set_axis(ids)
    )
    strategy_part = pd.DataFrame(
        {
            "kind": STRATEGY_MEASURE,
            "measure_id": ids,
            "title": first["title"],
            "text": "Zielgruppe: " + first["zielgruppen_raw"] + "; Zeitrahmen: " + first["zeitrahmen"],
            "owner": first["ressorts_text"],
            "context": "Handlungsziel " + ids.map(goal_text),
            "status": first["status_label"],
            "source": ids.map(page_text),
            "category": ids.map(lambda m: " ".join(t for _, t in goals[m])) + ". " + first["zielgruppen_labels"],
            "facet_kind": [((KIND_KEYS[STRATEGY_MEASURE], STRATEGY_MEASURE),)] * len(first),
            "facet_focus": [()] * len(first),
            "facet_goal": [tuple((str(g), f"{g}: {t}") for g, t in sorted(set(goals[m]))) for m in ids],
            "facet_ressort": [tuple((r, r) for r in rs) for rs in first["ressorts"]],
        }
    )
    strategy_part["detail"] = [
        (
            ("Ressorts", owner),
            ("Handlungsziele", goal_titles[m]),
            ("Zielgruppen", groups),
            ("Zeitrahmen", frame),
            ("Status", status),
            ("Fundstelle", source),
        )
        for m, owner, groups, frame, status, source in zip(
            ids,
            first["ressorts_text"],
            first["zielgruppen_raw"],
            first["zeitrahmen"],
            first["status_label"],
            ids.map(cited),
        )
    ]
    return pd.concat([partner_part, strategy_part], ignore_index=True)


def _cited_pages(pairs: list[tuple[str, str]]) -> str:
    """'Umsetzungsbericht TIS 2030, S. 8–11, 32–34' — the pages of a measure's entries, grouped by source."""
    by_source: dict[str, list[str]] = {}
    for source, page in pairs:
        by_source.setdefault(source, [])
        if page and page not in by_source[source]:
            by_source[source].append(page)
    return "; ".join(f"{s}, S. {', '.join(p)}" if p else s for s, p in by_source.items())


def search_index(pool: pd.DataFrame) -> MeasureIndex:
    """The index of a search pool (`Views.search_index` builds it once per edition)."""
    return MeasureIndex(pool)


@dataclass(frozen=True)
class MeasureSearch:
    """The outcome of one search: all hits ranked (rows of the pool), a German hint where there is one, the facets
    (column of FACETS → values with counts)."""

    query: str
    hits: pd.DataFrame
    hint: str | None
    refused: bool  # the query was not searched (too long, nothing to search for): `hint` says why
    facets: dict[str, list[FacetValue]]
    ranking: Ranking


def search_measures(
    index: MeasureIndex,
    query: str,
    allowed: Sequence[bool] | np.ndarray | pd.Series | None = None,
    facets: Mapping[str, Sequence[str]] | None = None,
) -> MeasureSearch:
    """Search the index's pool for `query` among `allowed` rows (aligned with the pool; None: all) and the chosen
    facet values (column of FACETS → keys). Never raises for any text: a query that cannot be searched gives no
    hits and a German hint. The work is bounded by the query's limits (`ikoe_data.search.query`)."""
    mask = None if allowed is None else np.asarray(allowed, dtype=bool)
    ranking = index.search(query, mask, facets)
    parsed = ranking.query
    hint = parsed.problem or (" ".join(parsed.notes) if parsed.notes else None)
    hits = index.pool.iloc[ranking.rows]
    return MeasureSearch(query, hits, hint, parsed.problem is not None, ranking.facets, ranking)


@dataclass(frozen=True)
class Hit:
    """One hit as a list shows it: title and snippet as segments (matched words flagged), who is responsible,
    where it belongs, its Fundstelle; `in_measure` False where only a category name matched."""

    measure_id: str
    kind: str
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    owner: str
    context: str
    status: str
    source: str
    in_measure: bool


def search_hits(result: MeasureSearch, start: int = 0, count: int = HITS_PER_PAGE) -> list[Hit]:
    """The hits `start` … `start + count` (ranked) with their snippets: what a page sends, not the whole pool."""
    matcher = result.ranking.matcher
    rows = result.hits.iloc[start : start + count]
    flags = result.ranking.in_measure[start : start + count]
    return [
        Hit(
            measure_id=str(row.measure_id),
            kind=str(row.kind),
            title=matcher.segments(str(row.title)),
            snippet=matcher.snippet(str(row.text)),
            owner=str(row.owner),
            context=_context(row.context, row.facet_goal),
            status=str(row.status),
            source=str(row.source),
            in_measure=bool(flag),
        )
        for row, flag in zip(rows.itertuples(index=False), flags)
    ]


def _context(context: str, goals: tuple[tuple[str, str], ...]) -> str:
    """Where a hit belongs: its Themenschwerpunkt, or its Handlungsziele with their titles (shortened)."""
    if not goals:
        return str(context)
    return "Handlungsziel " + "; ".join(shorten(label, GOAL_CHARS) for _, label in goals)


def hit_detail(result: MeasureSearch, measure_id: str) -> tuple[tuple[str, tuple[Segment, ...]], ...]:
    """Everything about one hit, in order: title and full text with the matched words flagged, then who, where,
    status and Fundstelle. Empty if the measure is not among the hits."""
    rows = result.hits[result.hits["measure_id"] == measure_id]
    if rows.empty:
        return ()
    row = rows.iloc[0]
    matcher = result.ranking.matcher
    text_label = "Beschreibung" if row["kind"] == PARTNER_MEASURE else "Angaben"
    parts: list[tuple[str, tuple[Segment, ...]]] = [
        ("Titel", matcher.segments(str(row["title"]))),
        (text_label, matcher.segments(str(row["text"]))),
    ]
    parts += [(label, matcher.segments(str(value))) for label, value in row["detail"] if value]
    parts.append(("Art", (Segment(str(row["kind"]), False),)))
    return tuple(parts)


def hits_by_kind(hits: pd.DataFrame) -> tuple[int, int]:
    """(partner measures, strategy measures) among search hits."""
    n_partner = int((hits["kind"] == PARTNER_MEASURE).sum())
    return n_partner, len(hits) - n_partner
