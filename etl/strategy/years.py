"""Start and end years of a measure (see the package docstring for the rules and their order)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ikoe_data import labels

from . import curation
from .text import title_key

if TYPE_CHECKING:
    from .rows import MeasureRow

MONTHS = "|".join(labels.MONTHS)

MONTH_NUMBERS = {m: i + 1 for i, m in enumerate(MONTHS.split("|"))}

YEAR = r"((?:19|20)\d{2})"

_DAY_MONTH = r"(?:\d{1,2}\.\s*(?:" + MONTHS + r")\s+|\d{1,2}\.\d{1,2}\.|(?:" + MONTHS + r")\s+)"

_SPAN = (
    r"\b(?:Laufzeit|Zeitraum|Förderperiode|Jahren?|weitere Jahre)\s+(?:von\s+)?\(?"
    r"((?:19|20)\d{2})\s*(?:bis|–|-)\s*((?:19|20)\d{2})\)?"
)

START_PATTERNS = [
    re.compile(
        r"\b[Ss]eit\s+(?:dem\s+)?(?:Beginn\s+des\s+Jahres\s+|Jahr\s+|Schuljahr\s+"
        r"|Frühjahr\s+|Herbst\s+|Sommer\s+|Mitte\s+|Ende\s+|Anfang\s+)?" + _DAY_MONTH + "?" + YEAR
    ),
    re.compile(r"\bBeginn\s+(?:ab\s+)?(?:dem\s+)?" + _DAY_MONTH + "?" + YEAR),
    re.compile(r"\bab\s+(?:dem\s+Jahr\s+|dem\s+)?" + _DAY_MONTH + "?" + YEAR + r"(?!\s*(?:Euro|Mio))"),
    re.compile(r"\bstartete\s+" + YEAR),
    re.compile(_SPAN),
]

END_PATTERNS = [
    re.compile(r"\b[Bb]is\s+(?:zum\s+)?(?:Jahresende\s+|Ende\s+|Mitte\s+|Anfang\s+)?" + _DAY_MONTH + "?" + YEAR),
    re.compile(r"\bendet\s+(?:im\s+|am\s+)?(?:Sommer\s+|Herbst\s+|Winter\s+|Frühjahr\s+)?" + _DAY_MONTH + "?" + YEAR),
    re.compile(
        r"\b[Gg]eplant\s+für\s+(?:Ende\s+|Mitte\s+|Anfang\s+)?"
        r"(?:(?:" + MONTHS + r")\s+)?" + YEAR
    ),
    re.compile(r"\b(?:Ende\s+|Mitte\s+|im\s+Jahr\s+)?" + YEAR + r"\s+abgeschlossen"),
]

RE_SPAN = re.compile(_SPAN)


def date_year_month(text: str) -> tuple[int, int] | None:
    match = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if match:
        return int(match.group(3)), int(match.group(2))
    match = re.search(r"(" + MONTHS + r")\s+(\d{4})", text)
    if match:
        return int(match.group(2)), MONTH_NUMBERS[match.group(1)]
    match = re.search(r"\b(19\d{2}|20\d{2})\b", text)
    if match:
        return int(match.group(1)), 1
    return None


def _year_hits(text: str, patterns: list[re.Pattern]) -> list[tuple[int, int, str]]:
    """All (position, year, phrase) hits of the patterns in text, by position."""
    hits = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            hits.append((match.start(), int(match.group(1)), match.group(0)))
    hits.sort()
    return hits


def extract_years(row: MeasureRow, ignore: dict | None = None, extra: dict | None = None):
    """Return (start_year, start_line, end_year, end_line) for a measure row.

    Order: the hand-checked phrase (``extra``, default curation/years.toml [[phrase]]); the
    Zeitrahmen (standing at the title line or just below it; the latest end wins); the first
    matching phrase of the measure's own description (phrases in ``ignore``, default
    curation/years.toml [[ignore]], are skipped).
    """
    ignore = curation.YEAR_IGNORED_PHRASES if ignore is None else ignore
    extra = curation.YEAR_PHRASES if extra is None else extra
    key = title_key(row.title)
    zeitrahmen = row.zeitrahmen
    zeitrahmen_lines = row.zeitrahmen_lines or [(row.line, zeitrahmen)]
    description = list(row.description or [])

    def zeitrahmen_line_of(year: int) -> int:
        for line_number, text in zeitrahmen_lines:
            if str(year) in text:
                return line_number
        return zeitrahmen_lines[0][0]

    def hits(text: str, patterns) -> list[tuple[int, int, str]]:
        return [hit for hit in _year_hits(text, patterns) if (key, hit[2]) not in ignore]

    result = {}
    for kind, patterns in (("start", START_PATTERNS), ("end", END_PATTERNS)):
        phrase = extra.get((key, kind))
        if phrase:
            for line_number, text in zeitrahmen_lines + description:
                if phrase in text:
                    first_year = re.search(YEAR, phrase)
                    if first_year is None:
                        raise ValueError(f"year phrase {phrase!r} (curation/years.toml) names no year")
                    result[kind] = (int(first_year.group(1)), line_number)
                    break
            else:
                raise ValueError(f"year phrase (curation/years.toml) {phrase!r} not found for {row.title!r}")
            continue
        zeitrahmen_hits = hits(zeitrahmen, patterns)
        if kind == "end":
            zeitrahmen_hits += [
                (match.start(), int(match.group(2)), match.group(0))
                for match in RE_SPAN.finditer(zeitrahmen)
                if (key, match.group(0)) not in ignore
            ]
        if zeitrahmen_hits:
            year = zeitrahmen_hits[0][1] if kind == "start" else max(hit[1] for hit in zeitrahmen_hits)
            result[kind] = (year, zeitrahmen_line_of(year))
            continue
        for line_number, text in description:
            description_hits = hits(text, patterns)
            if kind == "end":  # "Laufzeit von 2020 bis 2022" also gives the end
                description_hits += [
                    (match.start(), int(match.group(2)), match.group(0))
                    for match in RE_SPAN.finditer(text)
                    if (key, match.group(0)) not in ignore
                ]
                description_hits.sort()
            if description_hits:
                result[kind] = (description_hits[0][1], line_number)
                break
    start = result.get("start")
    end = result.get("end")
    return (
        start[0] if start else None,
        start[1] if start else None,
        end[0] if end else None,
        end[1] if end else None,
    )
