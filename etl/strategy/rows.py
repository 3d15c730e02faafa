"""Recognising a measure row in one of the report's six row shapes (see the package docstring)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalise import normalise_ressorts
from .text import RE_BULLET, RE_UL, clean_title, collapse_whitespace, join_wrapped

ROW_SHAPES = (
    "markdown_table",
    "bold_inline",
    "field_per_line",
    "bold_title_tab_fields",
    "tab_separated",
    "html",
)

RE_MD_SEP = re.compile(r"^\s*-?\s*\|?[\s|:-]*-[\s|:-]*\|?\s*$")

RE_TAB_SEP = re.compile(r"^[\s\t-]*-[\s\t-]*$")

RE_BOLD_ONLY = re.compile(r"^-\s+\*\*((?:(?!\*\*).)+)\*\*\s*$")

RE_BOLD_INLINE = re.compile(r"^-\s+\*\*((?:(?!\*\*).)+)\*\*\s+(\S.*)$")

RE_BOLD_TOKEN = re.compile(r"\*\*(.+?)\*\*")

HEADER_WORDS = {
    "nrw – maßnahmen",
    "nrw - maßnahmen",
    "maßnahme",
    "maßnahmen",
    "zuständigkeit",
    "zeitraumen",
    "zeitrahmen",
    "zielgruppe",
    "",
}

RE_ZEIT_START = re.compile(r"^(laufend|geplant|fortlaufend|abgeschlossen|beendet|beginn|seit|ab\b|bis\b)", re.I)


@dataclass
class MeasureRow:
    goal_id: int
    title: str
    ressorts_raw: str
    zeitrahmen: str
    zielgruppen_raw: str
    row_shape: str
    line: int  # 1-based line of the title
    end: int = 0  # 0-based index of the last line belonging to the row's fields
    description: list[tuple[int, str]] | None = None  # (1-based line, text)
    zeitrahmen_lines: list[tuple[int, str]] | None = None  # where the Zeitrahmen stands


def _is_header_cells(cells: list[str]) -> bool:
    return all(collapse_whitespace(c).lower() in HEADER_WORDS for c in cells)


def _strip_row_prefix(text: str) -> str:
    t = RE_UL.sub("", text)
    return RE_BULLET.sub("", t.strip())


def _ressort_like(text: str) -> bool:
    t = collapse_whitespace(text)
    if not t:
        return False
    try:
        return bool(normalise_ressorts(t))
    except ValueError:
        return False


def _blocks_after(lines: list[str], i: int, limit: int = 12) -> list[tuple[int, list[str]]]:
    """Paragraph blocks (list of (first 0-based index, [lines])) after index i."""
    blocks: list[tuple[int, list[str]]] = []
    j = i + 1
    n = len(lines)
    while j < n and len(blocks) < limit:
        while j < n and not lines[j].strip():
            j += 1
        if j >= n:
            break
        k = j
        block = []
        while k < n and lines[k].strip():
            block.append(lines[k])
            k += 1
        blocks.append((j, block))
        j = k
    return blocks


def _looks_like_field(block: list[str]) -> bool:
    text = join_wrapped(block)
    return 0 < len(text) <= 120 and not text.endswith((".", ":")) and "\t" not in text


def _field_rows(lines: list[str], i: int, title: str, goal: int) -> MeasureRow | None:
    """Rows whose title stands alone on line i: fields follow (per paragraph or tab line)."""
    blocks = _blocks_after(lines, i, limit=4)
    if not blocks:
        return None
    first_index, first = blocks[0]
    # one line with tab-separated fields: MKFFI<TAB>Laufend<TAB>Alle
    if len(first) >= 1 and "\t" in first[0] and not first[0].lstrip().startswith("<"):
        cells = [c.strip() for c in first[0].split("\t") if c.strip()]
        if len(cells) == 3 and _ressort_like(cells[0]) and not _is_header_cells(cells):
            end = first_index
            if len(first) > 1 and RE_TAB_SEP.match(first[1]):
                end = first_index + 1
            return MeasureRow(
                goal,
                title,
                cells[0],
                cells[1],
                cells[2],
                "bold_title_tab_fields",
                i + 1,
                end=end,
                zeitrahmen_lines=[(first_index + 1, cells[1])],
            )
    ressort = zeitrahmen = zielgruppe = ""
    end = i
    block = 0
    if block < len(blocks) and _ressort_like(join_wrapped(blocks[block][1])) and _looks_like_field(blocks[block][1]):
        ressort = join_wrapped(blocks[block][1])
        end = blocks[block][0] + len(blocks[block][1]) - 1
        block += 1
    zeitrahmen_lines = None
    if (
        block < len(blocks)
        and RE_ZEIT_START.match(join_wrapped(blocks[block][1]))
        and _looks_like_field(blocks[block][1])
    ):
        zeitrahmen = join_wrapped(blocks[block][1])
        zeitrahmen_lines = [(blocks[block][0] + offset + 1, text) for offset, text in enumerate(blocks[block][1])]
        end = blocks[block][0] + len(blocks[block][1]) - 1
        block += 1
    else:
        return None  # no Zeitrahmen: not a measure row
    if block < len(blocks) and _looks_like_field(blocks[block][1]):
        zielgruppe = join_wrapped(blocks[block][1])
        end = blocks[block][0] + len(blocks[block][1]) - 1
    return MeasureRow(
        goal,
        title,
        ressort,
        zeitrahmen,
        zielgruppe,
        "field_per_line",
        i + 1,
        end=end,
        zeitrahmen_lines=zeitrahmen_lines,
    )


def classify_line(lines: list[str], i: int, goal: int) -> MeasureRow | None:
    """Return a measure row whose title stands on line index i, else None."""
    raw = lines[i]
    line = raw.rstrip("\n")
    stripped = line.strip()
    if not stripped or RE_TAB_SEP.match(stripped):
        return None

    # markdown table row: | • Titel | MKFFI | Laufend | Zielgruppe |
    if stripped.startswith("|") and not RE_MD_SEP.match(stripped):
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if len(cells) >= 4 and not _is_header_cells(cells):
            title = clean_title(cells[0])
            if title:
                return MeasureRow(
                    goal,
                    title,
                    collapse_whitespace(cells[1]),
                    collapse_whitespace(cells[2]),
                    collapse_whitespace(cells[3]),
                    "markdown_table",
                    i + 1,
                    end=i,
                )
        return None

    # bold inline: - **Titel** **MKFFI** **Laufend** **Zielgruppe**
    match = RE_BOLD_INLINE.match(stripped)
    if match and not RE_BOLD_ONLY.match(stripped):
        title = collapse_whitespace(match.group(1))
        rest = match.group(2)
        fields: list[str] = []
        pos = 0
        for bold in RE_BOLD_TOKEN.finditer(rest):
            plain = rest[pos : bold.start()].strip()
            if plain:
                fields.append(plain)
            fields.append(bold.group(1).strip())
            pos = bold.end()
        if rest[pos:].strip():
            fields.append(rest[pos:].strip())
        if len(fields) == 3:
            return MeasureRow(
                goal,
                title,
                collapse_whitespace(fields[0]),
                collapse_whitespace(fields[1]),
                collapse_whitespace(fields[2]),
                "bold_inline",
                i + 1,
                end=i,
            )
        if len(fields) == 2 and RE_ZEIT_START.match(fields[0]):  # missing Zuständigkeit
            return MeasureRow(
                goal,
                title,
                "",
                collapse_whitespace(fields[0]),
                collapse_whitespace(fields[1]),
                "bold_inline",
                i + 1,
                end=i,
            )
        return None

    # bold title alone, fields below
    match = RE_BOLD_ONLY.match(stripped)
    if match:
        return _field_rows(lines, i, collapse_whitespace(match.group(1)), goal)

    # tab-separated / html rows
    body = _strip_row_prefix(stripped)
    if "\t" in line and not stripped.startswith("<p"):
        cells = [c.strip() for c in body.split("\t") if c.strip()]
        if len(cells) >= 4 and not _is_header_cells(cells[:4]):
            title = clean_title(cells[0])
            shape = "tab_separated"
            if RE_UL.match(stripped):
                preceding = lines[i - 1].strip() if i > 0 else ""
                following = lines[i + 1].strip() if i + 1 < len(lines) else ""
                if preceding.startswith("<p") or following.startswith("<p"):
                    shape = "html"
            end = i
            if i + 1 < len(lines) and RE_TAB_SEP.match(lines[i + 1]) and lines[i + 1].strip():
                end = i + 1
            return MeasureRow(
                goal,
                title,
                collapse_whitespace(cells[1]),
                collapse_whitespace(cells[2]),
                collapse_whitespace(" ".join(cells[3:])),
                shape,
                i + 1,
                end=end,
            )
        return None

    # bullet title alone (field per line): • Titel
    if RE_BULLET.match(stripped) or (RE_UL.match(stripped) and RE_BULLET.match(RE_UL.sub("", stripped))):
        title = clean_title(stripped)
        if title:
            return _field_rows(lines, i, title, goal)
    return None


def is_layout_line(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return True
    if RE_MD_SEP.match(stripped) or RE_TAB_SEP.match(stripped):
        return True
    if stripped.startswith("|") or stripped.startswith("- |"):
        cells = [c.strip() for c in stripped.strip("-").strip().strip("|").split("|")]
        if _is_header_cells(cells):
            return True
    cells = [c.strip() for c in stripped.split("\t")]
    return bool(_is_header_cells(cells))


def clean_description(line: str) -> str:
    text = re.sub(r"</?p>", "", line)
    return text.rstrip("\t ").strip()
