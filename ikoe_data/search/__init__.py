"""Full-text search that understands German (issue #21): Snowball stems with ß/ss and umlaut folding, prefixes
for plurals and compounds, one typo in longer words, phrases, ODER, minus; BM25 ranking; snippets; facets.

- `terms`: words of a text as search terms;
- `query`: the query syntax and its bounds (length, number of words);
- `index`: the inverted index (numpy) and how query words expand to terms;
- `snippets`: matched words as flagged text segments, windows around them;
- `engine`: the index of the measure pool, ranking and facets.

Callers use the functions of `ikoe_data.analysis.measure_search` (`search_index`, `search_measures`, …)."""

from .engine import BOOSTS, FACETS, FacetValue, MeasureIndex, Ranking
from .query import MAX_QUERY_CHARS, MAX_WORDS, SYNTAX_HELP
from .snippets import Segment

__all__ = [
    "BOOSTS",
    "FACETS",
    "MAX_QUERY_CHARS",
    "MAX_WORDS",
    "SYNTAX_HELP",
    "FacetValue",
    "MeasureIndex",
    "Ranking",
    "Segment",
]
