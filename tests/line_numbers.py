"""Finding line numbers of the project's text copies where a viewer would see them (issue #19).

Line numbers („Z. 12“, „Zeile 12“, „Zeilen 1916–1951“) refer to the plain-text copies in ../shared/seeds, which no
reader has: viewer pages, downloads and slides cite the published document instead (section, page, quotation). Only
the data dictionary and the data stewards' page show them. Tests over every viewer page, download and slide use
`line_references` on their text and `line_number_columns` on their table headers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# „Z. 12“, „Z.12“, „Zeile 12“, „Zeilen 1916–1951“, „Zeilen 898 und 913“, „Z. 1747/1768“
LINE_REFERENCE = re.compile(r"\b(?:Z\.\s?|Zeilen?\s+)\d+(?:\s*(?:[–\-/]|und|bis)\s*\d+)*")
# a table column of line numbers: „Zeile“, „Zeile in der Quelle“, „Zeile a“, „Zeile (Beitritt)“, „Fundstelle (Zeile)“
LINE_COLUMN = re.compile(r"^Zeilen?\b|\(Zeilen?\)|\bZeilen?-?(?:nr|nummer)\b", re.IGNORECASE)


def line_references(text: str) -> list[str]:
    """Every reference to a line number in the text."""
    return [match.group() for match in LINE_REFERENCE.finditer(text)]


def line_number_columns(headers: Iterable[object]) -> list[str]:
    """The table headers that announce a column of line numbers."""
    return [str(header) for header in headers if LINE_COLUMN.search(str(header))]
