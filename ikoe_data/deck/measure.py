"""Text on slides measured as office programs and the PDF handout set it: Arial's metrics (Liberation Sans has
the same), lines broken between words and, where a word is wider than its line, at a German hyphenation point."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .slides import DeckError

MIN_PT = 14  # the smallest text of any chart, table, legend, axis or footer
LINE = 1.2  # line height per point of font size
FONT_NAME = "Arial"  # Liberation Sans (Debian, LibreOffice) has the same metrics
FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


def font_files() -> tuple[str, str]:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    raise DeckError(
        "Für den Foliensatz fehlt eine Schrift (Debian-Paket fonts-liberation oder fonts-dejavu-core). "
        "Bitte wenden Sie sich an den Betrieb."
    )


_measure_lock = threading.Lock()


@lru_cache(maxsize=1)
def _widths() -> tuple[dict[int, int], dict[int, int]]:
    """Advance widths (per 1000 units of the font size) of every character of the regular and the bold font."""
    from fpdf import FPDF

    regular, bold = font_files()
    with _measure_lock:
        pdf = FPDF(unit="pt")
        pdf.add_font("Sans", "", regular)
        pdf.add_font("Sans", "B", bold)
        regular_widths = {int(k): int(v) for k, v in pdf.fonts["sans"].cw.items()}
        bold_widths = {int(k): int(v) for k, v in pdf.fonts["sansB"].cw.items()}
        return regular_widths, bold_widths


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of one line of text in points (the sum of its characters' advances, as fpdf2 and office programs
    lay out Arial/Liberation Sans without kerning)."""
    widths = _widths()[1 if bold else 0]
    return sum(widths.get(ord(c), 556) for c in text) * size / 1000


def warm() -> None:
    """Load the font metrics and the hyphenation dictionary (about two seconds on first use), e.g. in the
    background when the first chart is added, so that the first download does not wait for them."""
    _widths()
    _hyphenator()


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Lines of at most `width` points, broken between words (a word wider than a line is broken inside);
    line breaks in `text` are kept."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if text_width(candidate, size, bold) <= width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while text_width(current, size, bold) > width and len(current) > 1:
                head, current = _hyphenated(current, width, size, bold)
                lines.append(head)
        lines.append(current)
    return lines or [""]


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="de_DE", left=3, right=3)


def _hyphenated(word: str, width: float, size: float, bold: bool) -> tuple[str, str]:
    """A word too wide for a line, broken at the last German hyphenation point that fits (pyphen's dictionary),
    else between characters."""
    for head, tail in _hyphenator().iterate(word):
        if text_width(head + "-", size, bold) <= width:
            return head + "-", tail
    cut = max(1, int(len(word) * width / text_width(word, size, bold)) - 1)
    return word[:cut] + "-", word[cut:]


def height(lines: int, size: float) -> float:
    return lines * size * LINE


@dataclass
class Box:
    left: float
    top: float
    width: float
    height: float

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def right_edge(self) -> float:
        return self.left + self.width
