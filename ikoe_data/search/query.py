"""A search query as typed, parsed into what must, may and must not occur; bounded before anything is analysed.

Syntax (German help text: `SYNTAX_HELP`): words must all occur (in any form: „Sprachkurse“ finds „Sprachkurs“
and „Sprachkursangebote“); „…“ or "…" around words finds them in this order; ODER (or OR, |) between two
items lets either occur; a minus before a word or a quoted phrase excludes measures containing it.

The work a query causes is bounded here, whatever a client sends (a browser widget's `max_chars` is no bound: a
websocket message can carry any text): a query longer than `MAX_QUERY_CHARS` is refused before it is split into
words, and one with more than `MAX_WORDS` words is refused before any word is looked up."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..labels import format_number
from . import terms

MAX_QUERY_CHARS = 200
MAX_WORDS = 10
QUOTES = frozenset('"„“”»«')  # any of them opens or closes a phrase („…“, “…”, "…", »…«, «…»)
OR_WORDS = frozenset({"ODER", "OR", "|"})
MINUS = frozenset("-−–")  # hyphen-minus, minus sign, en dash (some keyboards and autocorrect)

SYNTAX_HELP = (
    "Alle Wörter müssen vorkommen, in jeder Form (Sprachkurse findet auch Sprachkurs und Sprachkursangebote; "
    "ß/ss, ä/ae und ein Tippfehler in längeren Wörtern sind egal). „…“ sucht genau diese Wortfolge, "
    "ODER zwischen zwei Begriffen lässt einen genügen, ein Minus davor (-Schule) schließt aus."
)
TOO_LONG = (
    "Die Suche ist zu lang ({n} Zeichen). Bitte höchstens {limit} Zeichen eingeben – am besten die zwei, drei "
    "Wörter, um die es geht."
)
TOO_MANY_WORDS = "Bitte höchstens {limit} Suchwörter eingeben (eingegeben: {n})."
NO_WORDS = "Keine Suchbegriffe erkannt. Bitte Wörter aus Buchstaben oder Ziffern eingeben, z. B. Sprachkurs."
ONLY_EXCLUDED = (
    "Bitte auch einen Begriff eingeben, der vorkommen soll: Wörter mit Minus davor schließen nur aus "
    "(z. B. Ausbildung -Messe)."
)
UNBALANCED = "Ein Anführungszeichen ist nicht geschlossen; gesucht wurde nach den einzelnen Wörtern."
EMPTY = "Ohne Suchbegriff werden alle Maßnahmen gezeigt."


@dataclass(frozen=True)
class Item:
    """One thing to look for: a word, or words in this order (a phrase)."""

    words: tuple[str, ...]
    phrase: bool = False


@dataclass(frozen=True)
class Query:
    """A parsed query: every clause must match, any item of a clause suffices; an excluded item removes a hit.
    `problem` is a German hint that stops the search; `notes` are hints beside a search that runs."""

    clauses: tuple[tuple[Item, ...], ...] = ()
    excluded: tuple[Item, ...] = ()
    problem: str | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        """No query at all (nothing typed): every measure is a hit."""
        return not self.clauses and not self.excluded and self.problem is None

    @property
    def positive(self) -> tuple[Item, ...]:
        return tuple(item for clause in self.clauses for item in clause)


def parse(text: str) -> Query:
    """The query in `text`, or a `Query` whose `problem` says in German why there is none."""
    if len(text) > MAX_QUERY_CHARS:
        return Query(problem=TOO_LONG.format(n=format_number(len(text)), limit=MAX_QUERY_CHARS))
    chunks, balanced = _chunks(text)
    notes = () if balanced else (UNBALANCED,)
    n_words = sum(len(words) for words, _, _ in chunks)
    if n_words > MAX_WORDS:
        return Query(problem=TOO_MANY_WORDS.format(limit=MAX_WORDS, n=n_words))
    clauses: list[list[Item]] = []
    excluded: list[Item] = []
    join_next = False
    for words, phrase, role in chunks:
        if role == "or":
            join_next = bool(clauses)
            continue
        if not words:
            continue
        # a phrase stays one item; an excluded chunk such as -E-Mail is one item too, its words in this order
        if phrase or (role == "minus" and len(words) > 1):
            items = [Item(words, phrase=True)]
        else:
            items = [Item((word,)) for word in words]
        if role == "minus":
            excluded.extend(items)
        elif join_next:
            clauses[-1].append(items[0])
            clauses.extend([item] for item in items[1:])
        else:
            clauses.extend([item] for item in items)
        join_next = False
    clauses = _without_stop_words(clauses)
    if not clauses:
        if excluded:
            return Query(problem=ONLY_EXCLUDED, notes=notes)
        return Query(notes=(EMPTY,)) if not text.strip() else Query(problem=NO_WORDS, notes=notes)
    return Query(tuple(tuple(c) for c in clauses), tuple(excluded), notes=notes)


def _chunks(text: str) -> tuple[list[tuple[tuple[str, ...], bool, str]], bool]:
    """(words, is a phrase, role) per whitespace-separated chunk or quoted phrase, role '', 'minus' or 'or';
    and whether every quotation mark was closed (the words after an unclosed one count as single words)."""
    segments: list[list[str]] = [[]]
    for char in text:
        if char in QUOTES:
            segments.append([])
        else:
            segments[-1].append(char)
    balanced = len(segments) % 2 == 1
    parts = ["".join(chars) for chars in segments]
    if not balanced:  # join the unclosed phrase to the text before it
        parts = [*parts[:-2], parts[-2] + " " + parts[-1]]
    chunks: list[tuple[tuple[str, ...], bool, str]] = []
    minus_before = False
    for index, part in enumerate(parts):
        if index % 2:  # inside quotation marks
            words = _words(part)
            chunks.append((words, len(words) > 1, "minus" if minus_before else ""))
            minus_before = False
            continue
        tokens = part.split()
        for token in tokens:
            if token in OR_WORDS:
                chunks.append(((), False, "or"))
            elif token[0] in MINUS:
                chunks.append((_words(token), False, "minus"))
            else:
                chunks.append((_words(token), False, ""))
        # a minus right before a quotation mark (-„…“) excludes the phrase
        minus_before = bool(tokens) and tokens[-1] in MINUS and not part[-1].isspace()
        if minus_before:
            chunks.pop()
    return chunks, balanced


def _words(text: str) -> tuple[str, ...]:
    """The words of a chunk; single letters are no search words."""
    return tuple(w for w in (m.group() for m in terms.words(text)) if len(w) > 1)


def _without_stop_words(clauses: list[list[Item]]) -> list[list[Item]]:
    """Single function words are dropped unless the query has nothing else."""
    kept = [c for c in clauses if not all(not i.phrase and terms.is_stop_word(i.words[0]) for i in c)]
    return kept or clauses
