"""Which columns of which table cite a place in a source, and the Fundstelle of each cited place.

A Fundstelle is the section path of the cited line (its document's headings), a short verbatim quotation of the
passage (the sentence around the row's anchor, date, name or value, as printed) and the page where the text carries
one. Rows are plain mappings of column name to value (raw CSV strings or typed values alike).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .outline import Outline, Section
from .text import Passage, cells, clean_line, join, normalise_needle, paragraph_bounds, quotation

MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
    "Dezember",
)  # fmt: skip
Row = Mapping[str, Any]


def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value).strip()


def anchor(row: Row) -> list[str]:
    return [_text(row.get("source_anchor"))]


def value_forms(value: Any) -> list[str]:
    """How the source may write a recorded value: as recorded, without an explanation in brackets, a date also as
    „13. April 2015“."""
    text = _text(value)
    core = re.sub(r"\s*\([^()]*\)\s*$", "", text).strip()
    forms = [text, core]
    date = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{4})", core)
    if date:
        day, month, year = (int(part) for part in date.groups())
        forms += [f"{day}. {MONTHS[month - 1]} {year}", f"{day}.{month}.{year}"]
    if "%" in core:
        forms += [core.replace(" %", "%"), core.replace(" %", " Prozent").replace("%", " Prozent")]
    words = core.split()
    if len(words) > 2 and re.search(r"\d", words[0]):
        forms.append(" ".join(words[:2]))  # „54 Kommunale …“ where the source declines it („54 Kommunalen …“)
    return [form for form in dict.fromkeys(forms) if len(form) >= 3]


@dataclass(frozen=True)
class Place:
    """One cited place of a row: the columns with document and line, the columns the Fundstelle is written to, the
    words to quote around, and whether the quotation is those words themselves (a name, a date, a heading)."""

    needle: Callable[[Row], list[str]]
    prefix: str = ""  # "name_" for a partner's name
    suffix: str = ""  # "_a"/"_b" for the two sides of a conflict
    whole: bool | Callable[[Row], bool] = False
    of_partner: bool = False  # the row's partner_id says whose entry the line belongs to

    def column(self, what: str) -> str:
        return f"{self.prefix}source_{what}{self.suffix}"


PLACES: dict[str, tuple[Place, ...]] = {
    "focus_areas": (Place(lambda row: [_text(row["title"])], whole=True),),
    "measure_types": (Place(anchor),),
    "partners": (
        Place(lambda row: value_forms(_date_text(row["accession_date"])), whole=True),
        Place(lambda row: [_text(row["source_name"])], prefix="name_", whole=True),
    ),
    "partner_measures": (Place(anchor, of_partner=True),),
    "staff_shares": (Place(anchor, of_partner=True),),
    "benchmarks": (Place(anchor),),
    "source_conflicts": (
        Place(lambda row: value_forms(row["value_a"]), suffix="_a", whole=lambda row: _names_a_value(row)),
        Place(lambda row: value_forms(row["value_b"]), suffix="_b", whole=lambda row: _names_a_value(row)),
    ),
    "zieldimensionen": (Place(lambda row: [_text(row["title"])], whole=True),),
    "goals": (Place(lambda row: [_text(row["title"])], whole=True),),
    "ressorts": (Place(lambda row: [_text(row["name"])], whole=True),),
    "strategy_budgets": (Place(anchor),),
    # strategy_measures: the first sentence of the measure's description (etl.strategy knows where it stands)
}
CITATION_COLUMNS = ("section", "quote", "page")


def _names_a_value(row: Row) -> bool:
    """A conflict over a date or a name quotes the date or name itself (a table cell, a heading)."""
    return _text(row.get("topic")) in ("accession_date", "name", "initiative_name")


def _date_text(value: Any) -> str:
    text = _text(value)[:10]
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return f"{match.group(3)}.{match.group(2)}.{match.group(1)}" if match else text


@dataclass(frozen=True)
class Fundstelle:
    section: str
    quote: str
    page: str


def _passages(outline: Outline, line: int, scope: str) -> list[Passage]:
    """Where to look for the words of a row: the table cell or paragraph of the cited line, then the rest of its
    section (for a heading whose title stands in the next lines)."""
    lines = outline.lines
    first, last = outline.bounds(line)
    headings = outline.heading_lines
    row_cells = cells(lines[line - 1])
    found: list[Passage] = []
    if len(row_cells) > 1:
        found += [Passage(join([cell], 1, 1).text, line, (0,)) for cell in row_cells]
    elif line in headings:
        found.append(join(lines, *headings[line]))
    elif scope == "section":
        found.append(join(lines, first, last, skip=headings))
    else:
        bounds = paragraph_bounds(lines, line, first, last, skip=headings, indented_starts=scope == "bullets")
        found.append(join(lines, *bounds, skip=headings))
    found.append(join(lines, line, last, skip=headings))
    return found


def _occurrence(passage: Passage, needle: str, line: int) -> int | None:
    """Offset of the needle in the passage on the cited line (or, failing that, the first after the line start)."""
    if not needle:
        return None
    text = passage.text
    for haystack, wanted in ((text, needle), (text.lower(), needle.lower())):
        offsets = [m.start() for m in re.finditer(re.escape(wanted), haystack)]
        on_line = [o for o in offsets if passage.line_at(o) == line]
        if on_line:
            return on_line[0]
        later = [o for o in offsets if passage.line_at(o) >= line]
        if later and passage.first == line:
            return later[0]
    return None


def quote_at(outline: Outline, line: int, needles: Iterable[str], whole: bool = False, scope: str = "") -> str:
    """The quotation for a cited line: around the first needle found there, else the sentence the line begins."""
    passages = _passages(outline, line, scope)
    for raw_needle in needles:
        needle = normalise_needle(raw_needle)
        for passage in passages:
            offset = _occurrence(passage, needle, line)
            if offset is not None:
                end = offset + len(needle)
                return passage.text[offset:end] if whole else quotation(passage.text, offset, end)
    passage = passages[0]
    start = passage.starts[line - passage.first] if passage.first <= line < passage.first + len(passage.starts) else 0
    first_word = passage.text[start:].split(" ", 1)[0]
    return quotation(passage.text, start, start + len(first_word))


def section_of(outline: Outline, line: int, partner: object = None) -> str:
    """The section path; a passage that stands without its partner's heading (the conversion lost it) is named by
    the heading it follows."""
    path = outline.path(line)
    labels = [section.label for section in path]
    inner: Section | None = path[-1] if path else None
    if inner is not None and inner.key is not None and partner is not None and str(inner.key) != str(partner):
        labels[-1] = f"Abschnitt ohne Überschrift nach „{inner.heading}“"
    return ", ".join(labels)


def fundstelle(
    outline: Outline, line: int, needles: Iterable[str], *, whole: bool = False, partner: object = None, scope: str = ""
) -> Fundstelle:
    return Fundstelle(
        section_of(outline, line, partner),
        quote_at(outline, line, needles, whole, scope),
        outline.page_of(line),
    )


def cite_rows(
    table: str,
    rows: list[dict[str, Any]],
    outlines: Mapping[str, Outline],
    scopes: Mapping[str, str] | None = None,
) -> None:
    """Write the Fundstelle columns of every cited place of every row (rows are changed in place); a place without
    document or line gets empty cells."""
    scopes = scopes or {}
    for place in PLACES[table]:
        for row in rows:
            doc, line = _text(row.get(place.column("doc"))), _text(row.get(place.column("line")))
            if not doc or not line:
                for what in CITATION_COLUMNS:
                    row[place.column(what)] = ""
                continue
            found = fundstelle(
                outlines[doc],
                int(float(line)),
                place.needle(row),
                whole=place.whole(row) if callable(place.whole) else place.whole,
                partner=row.get("partner_id") if place.of_partner else None,
                scope=scopes.get(doc, ""),
            )
            row[place.column("section")] = found.section
            row[place.column("quote")] = found.quote
            row[place.column("page")] = found.page


def first_sentence(outline: Outline, line: int) -> str:
    """The first sentence of the paragraph at `line` (a strategy measure's description), as a quotation."""
    text = clean_line(outline.lines[line - 1])
    first_word = text.split(" ", 1)[0]
    return quotation(text, 0, len(first_word))
