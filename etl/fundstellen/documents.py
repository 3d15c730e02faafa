"""The outline of each source document, built from its headings (outline.toml) and, for the partner report, the
partners' recorded names; the strategy report's Handlungsziele and measures come from etl.strategy (strategy.py)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .outline import Outline, Section, find_heading, find_line, normalised

SPEC_FILE = Path(__file__).resolve().parent / "outline.toml"


def load_spec() -> dict[str, Any]:
    with open(SPEC_FILE, "rb") as handle:
        return tomllib.load(handle)


def listed_sections(lines: list[str], entries: list[dict[str, Any]]) -> list[Section]:
    """The headings of the spec found in document order."""
    sections: list[Section] = []
    cursor = 1
    for entry in entries:
        heading = entry.get("heading", "")
        kind = entry.get("kind", "")
        level = int(entry.get("level", 1))
        if entry.get("at_start"):
            sections.append(Section(1, level, heading, kind, 1))
            continue
        line = find_heading(lines, heading, cursor, int(entry.get("occurrence", 1)))
        start = find_line(lines, entry["starts"], cursor, line) if "starts" in entry else line
        sections.append(Section(start, level, heading, kind, line))
        cursor = line + 1
    return sections


def partner_sections(lines: list[str], parents: list[Section], names: Mapping[str, object]) -> list[Section]:
    """A line that is exactly a partner's recorded name, below a heading marked `partners`, heads the partner's
    entry."""
    sections = []
    for parent, following in zip(parents, [*parents[1:], None]):
        end = following.start if following else len(lines) + 1
        for number in range(parent.heading_line + 1, end):
            name = lines[number - 1].strip()
            if name in names:
                sections.append(Section(number, 2, name, "", number, key=names[name]))
    return sections


def standalone_headings(lines: list[str], kind: str) -> list[Section]:
    """Short lines that stand alone between blank lines and are followed by a paragraph of running text."""
    blank = [not line.strip() for line in lines]
    sections = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text or len(text) > 100 or (index and not blank[index - 1]):
            continue
        following = next((j for j in range(index + 1, len(lines)) if not blank[j]), None)
        if following is None or following == index + 1 or len(lines[following].strip()) <= 150:
            continue
        sections.append(Section(index + 1, 1, text, kind, index + 1))
    return sections


def slide_sections(lines: list[str], spec: Mapping[str, Any], listed: list[Section]) -> list[Section]:
    """Numbered slide titles; a title that is visibly unfinished (ends with „/“, „und“ or an open bracket or
    quotation mark) goes on in the next line."""
    title = re.compile(spec["slide_title"])
    sections = list(listed)
    for index, line in enumerate(lines):
        if not title.match(line):
            continue
        text = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if following and not title.match(following) and _unfinished(text):
            text = f"{text} {following}"
        sections.append(Section(index + 1, 1, re.sub(r"\s+", " ", text), "Folie", index + 1))
    return sections


def _unfinished(title: str) -> bool:
    return title.endswith(("/", " und")) or title.count("„") > title.count("“") or title.count("(") > title.count(")")


def slide_numbers(lines: list[str], pattern: str, outline: Outline) -> dict[int, str]:
    """Slide number printed in a footer, by the start line of the slide that carries it."""
    footer = re.compile(pattern)
    numbers: dict[int, str] = {}
    for index, line in enumerate(lines):
        match = footer.search(line)
        if match and outline.path(index + 1):
            numbers[outline.path(index + 1)[-1].start] = match.group(1)
    return numbers


def document_outline(doc: str, lines: list[str], partner_names: Mapping[str, object]) -> Outline:
    """The outline of a document other than the strategy report (see strategy.py for that one)."""
    spec = load_spec()[doc]
    entries = spec.get("section", [])
    listed = listed_sections(lines, entries)
    if doc_has_slides(spec):
        outline = Outline(lines, slide_sections(lines, spec, listed))
        numbers = slide_numbers(lines, spec["slide_number"], outline)
        outline.page_of = lambda line: numbers.get(outline.path(line)[-1].start, "") if outline.path(line) else ""
        return outline
    sections = list(listed)
    if spec.get("standalone_headings"):
        sections += standalone_headings(lines, spec.get("kind", ""))
    parents = [s for s, entry in zip(listed, entries) if entry.get("partners")]
    sections += partner_sections(lines, parents, partner_names)
    return Outline(lines, sections)


def doc_has_slides(spec: Mapping[str, Any]) -> bool:
    return "slide_title" in spec


def heading_matches(lines: list[str], line: int, heading: str) -> bool:
    """Whether `heading` begins at `line` (used by tests of the outline)."""
    return normalised("\n".join(lines[line - 1 : line + 3])).startswith(normalised(heading))
