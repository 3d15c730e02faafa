"""A passage of a source's text as a reader of the printed document sees it, and short verbatim quotations.

The text conversions wrap lines where the printed page wraps them and keep the hyphen of a word broken at the line
end („Einwande-“ ⏎ „rungsgeschichte“). A quotation must read as the printed words so that a search in the PDF finds
it, so lines are joined as a reader reads them: a word broken after its hyphen is joined („Einwanderungsgeschichte“),
a hyphen before „und“/„oder“/„bzw.“/„sowie“ stays with a space („Teilhabe- und“), a hyphen between digits stays
(„25-30%“), a hyphen before a capital stays without a space („Nordrhein-Westfalen“). Layout marks of the conversion
(bullets, Markdown emphasis, table pipes, HTML paragraph tags) are not part of a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass

# words after a line-end hyphen that make it a suspended hyphen („Teilhabe- und Integrationsgesetz“)
CONJUNCTIONS = ("und", "oder", "bzw.", "sowie", "bis", "als")
# tokens before a full stop that do not end a sentence (compared lower-cased, with their full stop)
ABBREVIATIONS = frozenset(
    (
        "z.", "b.", "u.", "a.", "d.", "h.", "i.", "o.", "s.", "v.", "ca.", "bzw.", "nr.", "dr.", "prof.", "e.v.",
        "u.a.", "z.b.", "d.h.", "ggf.", "vgl.", "inkl.", "usw.", "etc.", "mio.", "mrd.", "st.", "abs.", "jh.", "sog.",
        "evtl.", "bspw.", "std.", "max.", "min.", "ff.", "tel.", "str.", "gem.", "ggü.", "insb.", "lt.", "rd.", "u.ä.",
        "ä.", "zzgl.", "bzgl.", "allg.", "ehem.", "mind.", "o.ä.", "fr.", "hr.", "co.", "art.", "kap.", "ziff.", "lfd.",
    )
)  # fmt: skip
MAX_WORDS = 28  # a quotation is a few words to one sentence; a longer sentence is cut around the anchor
MAX_CHARS = 240
CONTEXT_BEFORE = 8  # words kept before the anchor when a sentence is cut
ELLIPSIS = "…"

_BULLET = re.compile(r"^(?:[\s\u00a0]*(?:[•●▪◦■►\uf0a7\uf0b7\uf076\uf0d8\uf0fc]|-\s+o\s|o\s|-\s(?!\d)|\.\s))+")
_MARKUP = re.compile(r"\*\*|</?p>|<ul\b[^>]*>|</ul>|</?li>")
_SPACE = re.compile(r"\s+")
_WEB = r"(?:www\.|https?://|\S+\.(?:de|org|com|net|eu|nrw)\b)"
# a colon before a web address, or the end of a web address before a capital: where a paragraph ends
_WEB_ADDRESS_END = re.compile(rf":(?=\s+{_WEB})|{_WEB}\S*\s+(?=[A-ZÄÖÜ„])")


def clean_line(line: str) -> str:
    """One line without layout marks: bullets at its start, Markdown emphasis, HTML tags; whitespace collapsed."""
    text = _MARKUP.sub("", line)
    text = _BULLET.sub("", text)
    return _SPACE.sub(" ", text).strip()


def cells(line: str) -> list[str]:
    """The cells of a table row of the conversion (tab-separated or Markdown pipes); one cell for a plain line."""
    stripped = line.strip()
    if "\t" in stripped:
        parts = stripped.split("\t")
    elif stripped.startswith(("|", "- |")):
        parts = stripped.lstrip("- ").strip("|").split("|")
    else:
        return [line]
    return [part for part in parts if part.strip()]


def _glue(text: str, line: str) -> str:
    """What stands between joined text and the next line: '' after a kept hyphen („Nordrhein-“ ⏎ „Westfalen“,
    „25-“ ⏎ „30%“) and a space otherwise (also after a suspended hyphen: „Teilhabe-“ ⏎ „und“)."""
    if text.endswith("-") and len(text) >= 2 and not (text[-2].isalpha() and line.split(" ", 1)[0] in CONJUNCTIONS):
        return ""
    return " "


def _broken_word(text: str, line: str) -> bool:
    """A word broken at its hyphen: a letter, the hyphen at the line end and a lower-case letter on the next line."""
    return (
        text.endswith("-")
        and len(text) >= 2
        and text[-2].isalpha()
        and line[:1].islower()
        and line.split(" ", 1)[0] not in CONJUNCTIONS
    )


@dataclass(frozen=True)
class Passage:
    """Consecutive lines of a document joined as a reader reads them; `starts[i]` is where line `first + i` begins
    in `text` (1-based line numbers)."""

    text: str
    first: int
    starts: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        """The 1-based line of the document on which the character at `offset` of `text` stands."""
        index = 0
        for i, start in enumerate(self.starts):
            if start <= offset:
                index = i
        return self.first + index


def join(lines: list[str], first: int, last: int, skip: Container[int] = ()) -> Passage:
    """Lines first … last (1-based, inclusive) joined; blank lines and the lines in `skip` are left out."""
    text = ""
    starts: list[int] = []
    for number in range(first, last + 1):
        line = "" if number in skip else clean_line(lines[number - 1])
        if not line:
            starts.append(len(text))
            continue
        if text and _broken_word(text, line):
            text = text[:-1]  # the hyphen of a broken word is not part of the word
        elif text:
            text += _glue(text, line)
        starts.append(len(text))
        text += line
    return Passage(text, first, tuple(starts))


def paragraph_bounds(
    lines: list[str],
    line: int,
    lower: int = 1,
    upper: int | None = None,
    skip: Container[int] = (),
    indented_starts: bool = False,
) -> tuple[int, int]:
    """First and last line of the paragraph (lines between blank lines or lines in `skip`) around `line`, within
    lower … upper; with `indented_starts`, an indented line begins a paragraph (a slide's bullet point)."""
    upper = len(lines) if upper is None else upper

    def starts(number: int) -> bool:
        return indented_starts and lines[number - 1][:1].isspace()

    first = line
    while first > lower and not starts(first) and lines[first - 2].strip() and first - 1 not in skip:
        first -= 1
    last = line
    while last < upper and lines[last].strip() and last + 1 not in skip and not starts(last + 1):
        last += 1
    return first, last


def normalise_needle(needle: str) -> str:
    """A needle written as a reader reads it: whitespace collapsed, layout marks gone, a trailing word-break hyphen
    dropped (the anchor „Einwande-“ is found in „Einwanderungsgeschichte“)."""
    text = clean_line(needle)
    return text[:-1] if len(text) > 1 and text.endswith("-") and text[-2].isalpha() else text


def sentence_span(text: str, position: int) -> tuple[int, int]:
    """Start and end offset of the sentence of `text` that contains `position`."""
    boundaries = [0]
    for match in _WEB_ADDRESS_END.finditer(text):  # a web address ends its paragraph (a list of links, a contact)
        boundaries.append(match.end())
    for match in re.finditer(r"[.!?][“”\")\]]?\s+(?=[„\"(\[]?[A-ZÄÖÜ0-9])", text):
        token = text[: match.start() + 1].rsplit(" ", 1)[-1].lower().lstrip('(„"[')
        if token in ABBREVIATIONS or re.fullmatch(r"\(?\d{1,2}\.", token) or re.fullmatch(r"\(?[a-zäöü]\.", token):
            continue
        if re.fullmatch(r"(?:\w\.){2,}", token):  # u.a., e.V., z.B.
            continue
        boundaries.append(match.end())
    boundaries.append(len(text))
    boundaries = sorted(set(boundaries))
    start = max(b for b in boundaries if b <= position)
    end = min(b for b in boundaries if b > position) if position < len(text) else len(text)
    return start, end


def quotation(text: str, start: int, end: int) -> str:
    """A short verbatim quotation of `text` around text[start:end] (the anchor): its whole sentence where that is
    short, otherwise the words around the anchor with „…“ where the sentence is cut."""
    s_start, s_end = sentence_span(text, start)
    s_end = max(s_end, sentence_span(text, max(end - 1, start))[1])
    sentence = text[s_start:s_end].strip()
    if len(sentence.split()) <= MAX_WORDS and len(sentence) <= MAX_CHARS:
        return _trim(sentence)
    while start > s_start and not text[start - 1].isspace():  # an anchor inside a word quotes the whole word
        start -= 1
    while end < s_end and not text[end].isspace():
        end += 1
    before = text[s_start:start].split()
    anchor = text[start:end].split()
    after = text[end:s_end].split()
    keep_before = before[-CONTEXT_BEFORE:] if len(before) > CONTEXT_BEFORE else before
    room = max(MAX_WORDS - len(keep_before) - len(anchor), 0)
    keep_after = after[:room]
    words = [*keep_before, *anchor, *keep_after]
    while len(" ".join(words)) > MAX_CHARS and len(words) > len(anchor):
        if keep_after:
            keep_after.pop()
        elif keep_before:
            keep_before.pop(0)
        words = [*keep_before, *anchor, *keep_after]
    quote = " ".join(words)
    if len(keep_before) < len(before):
        quote = f"{ELLIPSIS} {quote}"
    if len(keep_after) < len(after):
        quote = f"{quote} {ELLIPSIS}"
    return _trim(quote)


def _trim(quote: str) -> str:
    """Leading characters a spreadsheet would read as a formula, and stray list punctuation, are not quoted; a word
    broken where the passage ends (the text goes on after a page's footer) is left out."""
    quote = quote.strip().lstrip("-=+@;:,").strip()
    if re.search(r"[^\W\d]-$", quote) and " " in quote:
        quote = f"{quote.rsplit(' ', 1)[0]} {ELLIPSIS}"
    return quote
