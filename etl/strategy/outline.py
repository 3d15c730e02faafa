"""The strategy report's outline for Fundstellen: cover letter, front matter, Zieldimensionen, Handlungsziele and
measures (as the parser found them), and its pages from the table of contents.

The table of contents gives the page on which each Handlungsziel (and Vorwort, Abkürzungsverzeichnis, Einleitung,
Zieldimension) begins. A line of a goal's section therefore stands on the pages from that goal's page to the page
on which the next entry begins („34–35“); the last goal's section runs on to an unknown page („65 ff.“); a heading
stands on its own page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from etl.fundstellen.documents import listed_sections, load_spec
from etl.fundstellen.outline import Outline, Section, normalised, page_range

RE_TOC_ENTRY = re.compile(r"^(.*?)\t\s*(\d+)\s*$")
RE_TOC_GOAL = re.compile(r"^\s*(\d{1,2})\.\s*Handlungsziel:")
RE_TOC_ZIELDIMENSION = re.compile(r"^\s*Zieldimension\s+(I{1,3}):?\s*$")
# entries of the table of contents printed under another name than their heading in the text
TOC_NAMES = {"abkürzungsverzeichnis": "abkürzungen"}


def toc_pages(lines: list[str]) -> dict[str, str]:
    """Page of each entry of the table of contents: by heading ("vorwort"), "zd:I" or "goal:17"."""
    pages: dict[str, str] = {}
    pending_zieldimension = ""
    for line in lines:
        zd = RE_TOC_ZIELDIMENSION.match(line)
        if zd:
            pending_zieldimension = zd.group(1)
            continue
        entry = RE_TOC_ENTRY.match(line)
        if not entry:
            continue
        title, page = entry.group(1), entry.group(2)
        goal = RE_TOC_GOAL.match(title)
        if goal:
            pages[f"goal:{int(goal.group(1))}"] = page
        elif pending_zieldimension:
            pages[f"zd:{pending_zieldimension}"] = page
        else:
            name = normalised(title)
            pages[TOC_NAMES.get(name, name)] = page
        pending_zieldimension = ""
    return pages


def report_outline(
    lines: list[str],
    zieldimensionen: Iterable[tuple[str, str, int]],
    goals: Iterable[tuple[int, str, int]],
    measures: Iterable[tuple[str, int]],
    source_doc: str = "umsetzungsbericht_2021",
) -> Outline:
    """Sections of the report: (numeral, title, line) of each Zieldimension, (number, title, line) of each goal and
    (title, line) of each measure row; front matter from outline.toml."""
    listed = listed_sections(lines, load_spec().get(source_doc, {}).get("section", []))
    pages = toc_pages(lines)
    paged: list[tuple[int, str | None]] = []
    sections = list(listed)
    for section in listed:
        name = normalised(section.heading)
        if name in pages:
            paged.append((section.heading_line, pages[name]))
        elif name == "impressum":
            paged.append((section.heading_line, None))
    for numeral, title, line in zieldimensionen:
        sections.append(Section(line, 1, title, f"Zieldimension {numeral}", line))
        paged.append((line, pages.get(f"zd:{numeral}")))
    for number, title, line in goals:
        sections.append(Section(line, 1, title, f"Handlungsziel {number}", line))
        paged.append((line, pages.get(f"goal:{number}")))
    for title, line in measures:
        sections.append(Section(line, 2, title, "Maßnahme", line))
    paged.sort()

    def page_of(line: int) -> str:
        before = [(start, page) for start, page in paged if start <= line]
        if not before or before[-1][1] is None:
            return ""
        start, page = before[-1]
        if start == line:
            return str(page)
        after = [p for s, p in paged if s > line]
        return page_range(str(page), after[0] if after else None)

    return Outline(lines, sections, page_of)
