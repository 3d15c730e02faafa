"""The sections of a source document in its own headings, and the pages where the text carries them.

A section starts at a line and has a level (1 = chapter, 2 = below it, 3 = below that). A line's section path is the
chain of sections that contain it: a section ends where the next section of its level or of a higher level starts.
A heading that the document prints is quoted in the path („Vorwort“, Handlungsziel 17 „…“); words that only say
what kind of section it is stand unquoted before it (Themenschwerpunkt 2, Maßnahme, Folie, Abschnitt).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .text import join

SEPARATOR = ", "


@dataclass(frozen=True)
class Section:
    start: int  # 1-based first line of the section
    level: int
    heading: str  # the heading as printed ('' for a part without a heading, e.g. a cover letter)
    kind: str = ""  # what kind of section, e.g. "Handlungsziel 17", "Maßnahme", "Folie"
    heading_line: int = 0  # where the heading stands (0 = start)
    key: object = None  # what the section is about, where the data names it (e.g. a partner_id)

    @property
    def label(self) -> str:
        heading = f"„{self.heading}“" if self.heading else ""
        return " ".join(part for part in (self.kind, heading) if part)


@dataclass
class Outline:
    """The sections of one document (sorted by start) and how to tell a line's page."""

    lines: list[str]
    sections: list[Section]
    page_of: Callable[[int], str] = field(default=lambda line: "")

    def __post_init__(self) -> None:
        self.sections = sorted(self.sections, key=lambda s: (s.start, s.level))
        self.heading_lines: dict[int, tuple[int, int]] = {}  # line -> (first, last) line of the heading it is part of
        for section in self.sections:
            if section.heading and section.heading_line:
                first, last = section.heading_line, heading_end(self.lines, section.heading_line, section.heading)
                for line in range(first, last + 1):
                    self.heading_lines[line] = (first, last)

    def path(self, line: int) -> list[Section]:
        """The sections containing `line`, outermost first."""
        stack: list[Section] = []
        for section in self.sections:
            if section.start > line:
                break
            while stack and stack[-1].level >= section.level:
                stack.pop()
            stack.append(section)
        return stack

    def section_text(self, line: int) -> str:
        return SEPARATOR.join(section.label for section in self.path(line))

    def bounds(self, line: int) -> tuple[int, int]:
        """First and last line of the innermost section containing `line` (the whole document if none)."""
        path = self.path(line)
        if not path:
            following = [s.start for s in self.sections if s.start > line]
            return 1, (min(following) - 1 if following else len(self.lines))
        inner = path[-1]
        after = [s.start for s in self.sections if s.start > inner.start and s.level <= inner.level]
        after += [s.start for s in self.sections if s.start > line and s.level > inner.level]
        return inner.start, (min(after) - 1 if after else len(self.lines))


def normalised(text: str) -> str:
    """Text for comparing headings: layout marks gone, words broken at a hyphen joined, case and spaces ignored."""
    lines = text.split("\n")
    return join(lines, 1, len(lines)).text.lower()


def heading_end(lines: list[str], line: int, heading: str) -> int:
    """The last line of a heading that begins at `line` (a heading may wrap over up to four lines)."""
    wanted = normalised(heading)
    for last in range(line, min(line + 4, len(lines) + 1)):
        if len(normalised("\n".join(lines[line - 1 : last]))) >= len(wanted):
            return last
    return line


def find_heading(lines: list[str], heading: str, start: int, occurrence: int = 1) -> int:
    """The 1-based line at or after `start` where `heading` begins a line (it may wrap over up to four lines)."""
    wanted = normalised(heading)
    seen = 0
    for number in range(start, len(lines) + 1):
        first = normalised(lines[number - 1])
        if not first or not wanted.startswith(first) or re.search(r"\t\s*\d+\s*$", lines[number - 1]):
            continue
        joined = normalised("\n".join(lines[number - 1 : number + 3]))
        if joined.startswith(wanted):
            seen += 1
            if seen == occurrence:
                return number
    raise LookupError(f"heading not found after line {start}: {heading!r}")


def find_line(lines: list[str], text: str, start: int, end: int) -> int:
    """The first 1-based line in start … end whose text begins with `text`."""
    wanted = normalised(text)
    for number in range(start, end + 1):
        if normalised(lines[number - 1]).startswith(wanted):
            return number
    raise LookupError(f"line not found in {start}–{end}: {text!r}")


def page_range(first: str, last: str | None) -> str:
    """Pages as a citation writes them: „34“, „34–35“, „65 ff.“ (the section's end is unknown)."""
    if last is None:
        return f"{first} ff."
    return first if first == last else f"{first}–{last}"
