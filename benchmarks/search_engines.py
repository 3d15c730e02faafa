"""Which engine serves the measure search: the numpy inverted index, tantivy or SQLite FTS5 — measured (issue #21).

    python benchmarks/search_engines.py [--sizes 1 100] [--repeats 5] [--out benchmarks/results/search_engines.md]

Every engine indexes the same search pool (`analysis.Views.search_pool`: fields title, text, owner, category) with
the same German terms (`ikoe_data.search.terms`: Snowball stems via PyStemmer, ß/ss and umlaut folding) and parses
queries with the same syntax (`ikoe_data.search.query`); what differs is how each finds, ranks and expands:

* numpy: `ikoe_data.search` as shipped (BM25 per field, prefix ranges of sorted terms, compound tails through the
  words' plain forms, typos through edit-1 variants of unknown words, per-field tiers, facets);
* tantivy (Rust, PyPI wheel): the pre-analysed terms in four text fields (whitespace tokenizer), one query per
  search built from its own term, regex (prefix, infix) and fuzzy (Levenshtein automaton, transpositions cost 1,
  prefix) queries with field boosts, phrase queries, a second query over the own fields for the category tier;
* SQLite FTS5 (standard library, in memory): the pre-analysed terms in four columns, `bm25()` with column weights,
  native prefix queries (`t*`), compound tails by `LIKE '%t%'` over the fts5vocab table, typos by edit-1
  variants checked against the vocabulary in Python (FTS5 has no fuzzy query), a second query for the tier.

One fresh process per engine and size: build time and resident memory above the loaded pool (RSS from
/proc/self/statm after gc), the median and maximum over the relevance set's queries (tests/search_relevance.py) of
each query's median latency (all hits ranked, as the page needs them for its downloads and facets), and at 1× how
much of the relevance set each engine meets (measures found, first hit). The synthetic 100× data repeat the shipped
texts (benchmarks/synthetic.py), so the vocabulary stays about the shipped one while postings grow 100×."""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO / "tests"))
ENGINES = ("numpy", "tantivy", "fts5")
BOOSTS = {"title": 3.0, "text": 1.0, "owner": 1.0, "category": 0.5}
OWN = ("title", "text", "owner")


def rss_mib() -> float:
    gc.collect()
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def analysed_fields(pool: Any) -> dict[str, list[str]]:
    """Each field's texts as space-separated terms (what tantivy and FTS5 index)."""
    from ikoe_data.search import terms

    memo: dict[str, str] = {}

    def analyse(text: str) -> str:
        if text not in memo:
            memo[text] = " ".join(terms.term(m.group()) for m in terms.words(text))
        return memo[text]

    return {name: [analyse(str(t)) for t in pool[name].fillna("")] for name in BOOSTS}


class Vocabulary:
    """Terms and surface forms of the pool for the engines that cannot expand a word themselves."""

    def __init__(self, pool: Any) -> None:
        from ikoe_data.search.index import InvertedIndex

        self.index = InvertedIndex({name: pool[name].fillna("").astype(str).tolist() for name in BOOSTS})

    def typo_terms(self, word: str) -> list[str]:
        """Terms of indexed words one typo away, for a word not found otherwise."""
        expansion = self.index.expand(word)
        if expansion.ranges or any(w > 0.45 for w in expansion.weights.values()):
            return []
        return [self.index.vocabulary[t] for t in expansion.weights]


# --------------------------------------------------------------------------- engines: build → search(text) → rows


def build_numpy(pool: Any) -> Callable[[str], list[int]]:
    from ikoe_data.search import MeasureIndex

    index = MeasureIndex(pool)
    return lambda text: index.search(text).rows.tolist()


def build_tantivy(pool: Any) -> Callable[[str], list[int]]:
    import tantivy

    from ikoe_data.search import query, terms

    fields = analysed_fields(pool)
    builder = tantivy.SchemaBuilder()
    for name in BOOSTS:
        builder.add_text_field(name, tokenizer_name="ws")
    schema = builder.build()
    index = tantivy.Index(schema)
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    writer = index.writer(heap_size=300_000_000, num_threads=1)
    for row in range(len(pool)):
        writer.add_document(tantivy.Document(**{name: fields[name][row] for name in BOOSTS}))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    searcher = index.searcher()
    n = len(pool)
    Q, Occur = tantivy.Query, tantivy.Occur

    def word_query(word: str, names: tuple[str, ...], typos: bool) -> Any:
        term = terms.term(word)
        alternatives = []
        for name in names:
            boost = BOOSTS[name]
            alternatives.append((Occur.Should, Q.boost_query(Q.term_query(schema, name, term), boost)))
            if len(term) >= 4:
                prefix = Q.regex_query(schema, name, re.escape(term) + ".*")
                alternatives.append((Occur.Should, Q.boost_query(prefix, 0.6 * boost)))
            if len(term) >= 5:
                infix = Q.regex_query(schema, name, ".+" + re.escape(term) + ".*")
                alternatives.append((Occur.Should, Q.boost_query(infix, 0.5 * boost)))
            if typos and len(word) >= 5:
                fuzzy = Q.fuzzy_term_query(schema, name, term, distance=1, transposition_cost_one=True, prefix=True)
                alternatives.append((Occur.Should, Q.boost_query(fuzzy, 0.4 * boost)))
        return Q.boolean_query(alternatives)

    def item_query(item: Any, names: tuple[str, ...], typos: bool = True) -> Any:
        if item.phrase:
            words: list[str | tuple[int, str]] = [terms.term(w) for w in item.words]
            return Q.boolean_query(
                [(Occur.Should, Q.boost_query(Q.phrase_query(schema, f, words), BOOSTS[f])) for f in names]
            )
        return word_query(item.words[0], names, typos)

    def build(parsed: Any, names: tuple[str, ...]) -> Any:
        parts = [
            (Occur.Must, Q.boolean_query([(Occur.Should, item_query(i, names)) for i in clause]))
            for clause in parsed.clauses
        ]
        parts += [(Occur.MustNot, item_query(i, tuple(BOOSTS), typos=False)) for i in parsed.excluded]
        return Q.boolean_query(parts)

    def rows_of(found: Any) -> list[tuple[float, int]]:
        return [(score, address.doc) for score, address in found.hits]  # one segment: doc id = row

    def search(text: str) -> list[int]:
        parsed = query.parse(text)
        if parsed.problem or not parsed.clauses:
            return []
        hits = rows_of(searcher.search(build(parsed, tuple(BOOSTS)), limit=n))
        own = {row for _, row in rows_of(searcher.search(build(parsed, OWN), limit=n))}
        return [row for _, row in sorted(hits, key=lambda hit: (hit[1] not in own, -hit[0], hit[1]))]

    return search


def build_fts5(pool: Any) -> Callable[[str], list[int]]:
    from ikoe_data.search import query, terms

    fields = analysed_fields(pool)
    vocabulary = Vocabulary(pool)
    db = sqlite3.connect(":memory:", check_same_thread=False)
    db.execute("CREATE VIRTUAL TABLE m USING fts5(title, text, owner, category, tokenize='unicode61')")
    db.executemany(
        "INSERT INTO m(rowid, title, text, owner, category) VALUES (?, ?, ?, ?, ?)",
        ((row, *(fields[name][row] for name in BOOSTS)) for row in range(len(pool))),
    )
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(m, 'row')")
    weights = ", ".join(str(b) for b in BOOSTS.values())

    def quoted(term: str) -> str:
        return '"' + term.replace('"', '""') + '"'

    def word_expression(word: str, typos: bool) -> str:
        term = terms.term(word)
        options = [quoted(term)]
        if len(term) >= 4:
            options.append(quoted(term) + " *")
        if len(term) >= 5:
            inside = db.execute("SELECT term FROM v WHERE term LIKE ? LIMIT 256", (f"_%{term}%",)).fetchall()
            options += [quoted(t) for (t,) in inside]
        if typos and len(word) >= 5:
            options += [quoted(t) for t in vocabulary.typo_terms(word)]
        return "(" + " OR ".join(options) + ")"

    def item_expression(item: Any, typos: bool = True) -> str:
        if item.phrase:
            return quoted(" ".join(terms.term(w) for w in item.words))
        return word_expression(item.words[0], typos)

    def expression(parsed: Any, columns: str) -> str:
        positive = " AND ".join("(" + " OR ".join(item_expression(i) for i in c) + ")" for c in parsed.clauses)
        text = f"{columns} : ({positive})" if columns else positive
        for item in parsed.excluded:
            text = f"({text}) NOT {item_expression(item, typos=False)}"
        return text

    def search(text: str) -> list[int]:
        parsed = query.parse(text)
        if parsed.problem or not parsed.clauses:
            return []
        sql = f"SELECT rowid, bm25(m, {weights}) FROM m WHERE m MATCH ?"
        hits = db.execute(sql, (expression(parsed, ""),)).fetchall()
        own = {row for row, _ in db.execute(sql, (expression(parsed, "{title text owner}"),))}
        return [row for row, _ in sorted(hits, key=lambda hit: (hit[0] not in own, hit[1], hit[0]))]

    return search


BUILDERS = {"numpy": build_numpy, "tantivy": build_tantivy, "fts5": build_fts5}


# --------------------------------------------------------------------------- worker and parent


def worker(engine: str, data_dir: str, repeats: int) -> dict[str, Any]:
    from search_relevance import CASES

    from ikoe_data import load_all
    from ikoe_data.analysis import Views

    pool = Views.of(load_all(data_dir)).search_pool
    before = rss_mib()
    start = time.perf_counter()
    search = BUILDERS[engine](pool)
    build_seconds = time.perf_counter() - start
    memory = rss_mib() - before
    ids = pool["measure_id"].tolist()
    latencies, found, first = [], 0, 0
    for case in CASES:
        rows = search(case.query)  # warm
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            search(case.query)
            times.append(time.perf_counter() - start)
        latencies.append(statistics.median(times))
        hits = [ids[r] for r in rows]
        found += len(case.finds & set(hits)) + len(case.never - set(hits))
        first += bool(case.first) and bool(hits) and hits[0] in case.first
    wanted = sum(len(c.finds) + len(c.never) for c in CASES)
    return {
        "engine": engine,
        "rows": len(pool),
        "build_s": build_seconds,
        "memory_mib": memory,
        "median_ms": statistics.median(latencies) * 1000,
        "max_ms": max(latencies) * 1000,
        "slowest": CASES[latencies.index(max(latencies))].query,
        "relevance": f"{found}/{wanted}",
        "first": f"{first}/{sum(bool(c.first) for c in CASES)}",
    }


FEATURES = """
| Feature | numpy index | tantivy | SQLite FTS5 |
|---|---|---|---|
| German stems, ß/ss, umlauts | Python (PyStemmer), shared | the same Python terms, pre-analysed | the same Python terms, pre-analysed |
| BM25, field weights | yes | yes (boost queries) | yes (`bm25()` column weights) |
| prefix of a stem | one slice of sorted terms, ranked by BM25 | regex query: constant score, no BM25 | `t*`: ranked by BM25 |
| compound tail („Werbemaßnahmen“) | plain word forms (finds „Aufbauschulung“ for „Schulungen“) | regex on terms only | `LIKE` over fts5vocab, terms only |
| one typo | edit-1 variants of unknown words, also as word start | Levenshtein automaton on stems (misses „Sprachkrus“ → „Sprachkurs“, whose stem is sprachkur) | none: Python variants against the vocabulary |
| phrase, ODER, minus | yes | yes | yes |
| category-only tier | per field scores of one pass | a second query | a second query |
| snippets with marked words | from the expansion (any form) | SnippetGenerator marks only exact stored tokens | `snippet()` works on the indexed terms, not the text |
| facets over all hits | numpy over the hit rows | needs all hits back in Python | needs all hits back in Python |
| dependency | numpy (with pandas) | 5 MB Rust wheel | standard library |
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results" / "search_engines.md")
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "DATA_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(args.worker[0], args.worker[1], args.repeats)))
        return 0
    from synthetic import write_scaled

    results = []
    with tempfile.TemporaryDirectory(prefix="ikoe-search-engines-") as tmp:
        for size in args.sizes:
            data_dir = Path(tmp) / f"{size}x"
            write_scaled(size, data_dir)
            for engine in ENGINES:
                command = [sys.executable, __file__, "--repeats", str(args.repeats), "--worker", engine, str(data_dir)]
                done = subprocess.run(command, capture_output=True, text=True, check=True, cwd=REPO)
                result = {"size": size, **json.loads(done.stdout.strip().splitlines()[-1])}
                print(result, flush=True)
                results.append(result)
    lines = [
        "# Suchmaschinen im Vergleich (issue #21)",
        "",
        f"`python benchmarks/search_engines.py --sizes {' '.join(map(str, args.sizes))} --repeats {args.repeats}`, "
        f"{time.strftime('%d.%m.%Y')}; {len(results) // max(len(args.sizes), 1)} Maschinen, je Größe ein frischer "
        "Prozess je Maschine. Zeiten je Anfrage: Median der Wiederholungen, darüber Median und Maximum über den "
        "Relevanzsatz (alle Treffer gerankt). Speicher: RSS-Zuwachs durch den Index.",
        "",
        "| Größe | Maschine | Zeilen | Aufbau | Speicher | Anfrage Median | Anfrage Max (Anfrage) | Relevanz | Erster |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['size']}× | {r['engine']} | {r['rows']} | {r['build_s']:.2f} s | {r['memory_mib']:.0f} MiB | "
            f"{r['median_ms']:.1f} ms | {r['max_ms']:.1f} ms ({r['slowest']}) | {r['relevance']} | {r['first']} |"
        )
    lines += ["", FEATURES.strip(), ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
