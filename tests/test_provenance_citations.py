"""Every row's Fundstelle is found in its source at the cited place (needs ../shared/seeds).

Checked independently of etl/fundstellen, row by row for every cited place of every table:
- the quotation stands in the document as printed (words broken at a line end, layout marks of the conversion and
  spacing aside; „…“ marks a cut) and where the row's line is: around the cited line, or for a strategy measure in the
  measure's own text;
- the section path names the document's own headings where they are: the Themenschwerpunkt and the partner's entry
  of the partner report (known from focus_areas.csv and the partners' recorded names), the Handlungsziel and measure
  of the strategy report (known from goals.csv and strategy_measures.csv), and for every other document a heading
  printed as a line of its own, with no other heading of a path between it and the cited line;
- pages: the strategy report's from its table of contents, slides' from their footer, none where the text has none.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from functools import cache

import pandas as pd
import pytest
from conftest import REPO

from ikoe_data.schema import TABLES

# every cited place: (table, column prefix, column suffix)
PLACES = [
    (table.name, prefix, suffix)
    for table in TABLES
    for prefix, suffix in (("", ""), ("name_", ""), ("", "_a"), ("", "_b"))
    if f"{prefix}source_quote{suffix}" in table.column_names
]
PARTNER_REPORT, STRATEGY_REPORT = "partnerbericht_2020", "umsetzungsbericht_2021"
# headings that the text conversion prints after the first lines of their section, declared with those lines
SPEC = tomllib.loads((REPO / "etl" / "fundstellen" / "outline.toml").read_text(encoding="utf-8"))
LAYOUT = re.compile(r"\*\*|</?p>|<ul\b[^>]*>|</?li>")
BULLET = re.compile(r"^[ \t]*(?:[•●▪◦■►]\s*|\.\s+|-\s+o\s+|-\s+(?!\d))")


def _canonical(text: str) -> str:
    """What a quotation and its source must share: letters, digits and punctuation; no spaces, hyphens or dashes
    (line breaks in the PDF fall on them)."""
    return re.sub(r"[\s\-‐–]+", "", text)


@cache
def _document(lines: tuple[str, ...]) -> tuple[str, tuple[int, ...]]:
    """The document in canonical form, and the 1-based line of each of its characters."""
    chars: list[str] = []
    line_of: list[int] = []
    for number, line in enumerate(lines, start=1):
        text = _canonical(BULLET.sub("", LAYOUT.sub("", line)))
        chars.append(text)
        line_of += [number] * len(text)
    return "".join(chars), tuple(line_of)


def _places_of_quote(lines: list[str], quote: str) -> list[tuple[int, int]]:
    """(first line, last line) of every place where the quotation stands; its parts („…“ marks a cut) in order, at most
    200 characters apart."""
    text, line_of = _document(tuple(lines))
    parts = [_canonical(part) for part in quote.split("…") if _canonical(part)]
    found = []
    for match in re.finditer(re.escape(parts[0]), text):
        end = match.end()
        for part in parts[1:]:
            position = text.find(part, end, end + 200 + len(part))
            if position < 0:
                break
            end = position + len(part)
        else:
            found.append((line_of[match.start()], line_of[end - 1]))
    return found


def _cited(ds, table: str, prefix: str, suffix: str) -> pd.DataFrame:
    frame = ds.tables[table]
    columns = {f"{prefix}source_{what}{suffix}": what for what in ("doc", "line", "section", "quote", "page")}
    cited = frame.rename(columns=columns)
    return cited[cited["line"].notna()]


def _measure_spans(ds) -> dict[tuple[str, int], tuple[int, int]]:
    """(measure_id, goal) → the lines of the measure's own text: from its row to the next row or heading."""
    starts = sorted(
        {*ds.strategy_measures["source_line"], *ds.goals["source_line"], *ds.zieldimensionen["source_line"]}
    )
    spans = {}
    for row in ds.strategy_measures.itertuples():
        following = [s for s in starts if s > row.source_line]
        spans[(row.measure_id, row.goal_id)] = (row.source_line, (following[0] - 1) if following else 10**6)
    return spans


@pytest.mark.parametrize(("table", "prefix", "suffix"), PLACES)
def test_every_cited_place_has_a_section_and_a_quotation(ds, table, prefix, suffix):
    cited = _cited(ds, table, prefix, suffix)
    assert not cited.empty
    missing = cited[cited["section"].isna() | cited["quote"].isna()]
    assert missing.empty, missing.iloc[:, 0].tolist()


@pytest.mark.parametrize(("table", "prefix", "suffix"), PLACES)
def test_the_quotation_stands_at_the_cited_place(ds, seed_lines, table, prefix, suffix):
    spans = _measure_spans(ds) if table == "strategy_measures" else {}
    wrong = []
    for row in _cited(ds, table, prefix, suffix).itertuples():
        places = _places_of_quote(seed_lines[row.doc], row.quote)
        line = int(row.line)
        if table == "strategy_measures":  # the first sentence of the measure's own text
            first, last = spans[(row.measure_id, row.goal_id)]
            ok = any(first <= a and b <= last for a, b in places)
        elif table == "zieldimensionen":  # the title printed under „Zieldimension I“
            ok = any(line <= a <= line + 4 for a, _ in places)
        else:
            ok = any(a <= line <= b for a, b in places)
        if not ok:
            wrong.append((row[1], line, row.quote, places[:3]))
    assert wrong == []


def test_the_quotation_check_sees_a_quote_from_elsewhere(seed_lines):
    """The check finds words across a hyphenated line break and refuses them at another line or with other words."""
    lines = seed_lines[PARTNER_REPORT]
    quote = "Den Partnerorganisationen angeschlossen sind über eine Millionen Organisationen"
    assert any(a <= 46 <= b for a, b in _places_of_quote(lines, quote))  # „an-“ ⏎ „geschlossen“
    assert not any(a <= 400 <= b for a, b in _places_of_quote(lines, quote))
    assert (
        _places_of_quote(lines, "Den Partnerorganisationen angeschlossen sind über eine Million Organisationen") == []
    )


def _headings(section: str) -> list[str]:
    """The headings a section path quotes („…“, which may hold quotation marks of their own)."""
    found, depth, current = [], 0, ""
    for char in section:
        if char == "„":
            depth += 1
            if depth == 1:
                current = ""
                continue
        elif char == "“" and depth:
            depth -= 1
            if depth == 0:
                found.append(current)
                continue
        if depth:
            current += char
    return found


def _normalised(text: str) -> str:
    return _canonical(BULLET.sub("", LAYOUT.sub("", text))).lower()


@cache
def _heading_lines(lines: tuple[str, ...], heading: str) -> tuple[int, ...]:
    """Lines where the heading is printed as a line of its own (it may wrap over up to four lines)."""
    wanted = _normalised(heading)
    found = []
    for number in range(1, len(lines) + 1):
        first = _normalised(lines[number - 1])
        if first and wanted.startswith(first) and not re.search(r"\t\s*\d+\s*$", lines[number - 1]):
            joined = "".join(_normalised(line) for line in lines[number - 1 : number + 3])
            if joined.startswith(wanted):
                found.append(number)
    return tuple(found)


def _partner_report_section(ds, lines: list[str], line: int, partner) -> str:
    """Themenschwerpunkt and partner heading above the line, from focus_areas.csv and the partners' names."""
    focus = ds.focus_areas.sort_values("focus_area")
    row = focus[focus["source_line"] <= line].iloc[-1]
    kind = "" if row.focus_area == 6 else f"Themenschwerpunkt {row.focus_area} "
    names = dict(zip(ds.partners["source_name"], ds.partners["partner_id"]))
    focus_area = f"{kind}„{_focus_heading(tuple(lines), row.source_line, row.title, frozenset(names))}“"
    heading = next((n for n in range(line, row.source_line, -1) if lines[n - 1].strip() in names), None)
    if heading is None:  # the focus area's own heading
        return focus_area
    name = lines[heading - 1].strip()
    own = partner is None or pd.isna(partner) or names[name] == partner
    entry = f"„{name}“" if own else f"Abschnitt ohne Überschrift nach „{name}“"
    return f"{focus_area}, {entry}"


@cache
def _focus_heading(lines: tuple[str, ...], line: int, title: str, names: frozenset[str]) -> str:
    """A focus area's heading as printed: the recorded title and what follows it up to a blank line or the first
    partner's name."""
    block = []
    for part in lines[line - 1 : line + 3]:
        if not part.strip() or part.strip() in names:
            break
        block.append(part.strip())
    heading = " ".join(block)
    assert heading.startswith(title), (heading, title)
    return heading


def _strategy_section(ds, line: int) -> str | None:
    """Zieldimension, or Handlungsziel and measure, above the line, from zieldimensionen.csv, goals.csv and
    strategy_measures.csv (None before the first Zieldimension)."""
    dimensions = ds.zieldimensionen[ds.zieldimensionen["source_line"] <= line].sort_values("source_line")
    goals = ds.goals[ds.goals["source_line"] <= line].sort_values("source_line")
    if dimensions.empty:
        return None
    dimension = dimensions.iloc[-1]
    if goals.empty or dimension.source_line > goals["source_line"].max():
        return f"Zieldimension {dimension.zieldimension} „{dimension.title}“"
    goal = goals.iloc[-1]
    path = f"Handlungsziel {goal.goal_id} „{goal.title}“"
    measures = ds.strategy_measures
    measures = measures[(measures["goal_id"] == goal.goal_id) & (measures["source_line"] <= line)]
    if not measures.empty:
        measure = measures.sort_values("source_line").iloc[-1]
        path += f", Maßnahme „{measure.title}“"
    return path


@pytest.mark.parametrize(("table", "prefix", "suffix"), PLACES)
def test_the_section_path_names_the_headings_at_the_cited_place(ds, seed_lines, table, prefix, suffix):
    cited = _cited(ds, table, prefix, suffix)
    used = _used_headings(ds)
    wrong = []
    for row in cited.itertuples():
        lines, line = seed_lines[row.doc], int(row.line)
        partner = getattr(row, "partner_id", None) if table in ("partner_measures", "staff_shares") else None
        expected: str | None = None
        if row.doc == PARTNER_REPORT and line >= ds.focus_areas["source_line"].min():
            expected = _partner_report_section(ds, lines, line, partner)
        elif row.doc == STRATEGY_REPORT:
            expected = _strategy_section(ds, line)
        if expected is not None:
            if row.section != expected:
                wrong.append((row[1], line, row.section, expected))
            continue
        headings = _headings(row.section)
        if not headings:  # a part without a heading of its own (the cover letter)
            continue
        heading = headings[-1]
        starts = [
            p if p <= line else _section_start(tuple(lines), heading, SPEC.get(row.doc, {}), p)
            for p in _heading_lines(tuple(lines), heading)
        ]
        others = {
            q
            for h in used[row.doc] - {heading}
            for p in _heading_lines(tuple(lines), h)
            for q in (p, _section_start(tuple(lines), h, SPEC.get(row.doc, {}), p))
            if q is not None
        }
        if not any(start is not None and start <= line and not others & set(range(start + 1, line + 1))
                   for start in starts):  # fmt: skip
            wrong.append((row[1], line, row.section, "not the heading above the line"))
    assert wrong == []


_USED: dict[int, dict[str, set[str]]] = {}


def _used_headings(ds) -> dict[str, set[str]]:
    """Every heading some section path of a document names, by document."""
    if id(ds) not in _USED:
        used: dict[str, set[str]] = {}
        for table, prefix, suffix in PLACES:
            for row in _cited(ds, table, prefix, suffix).itertuples():
                used.setdefault(row.doc, set()).update(_headings(row.section))
        _USED[id(ds)] = used
    return _USED[id(ds)]


def _section_start(lines: tuple[str, ...], heading: str, spec: dict, heading_line: int) -> int | None:
    """Where a section begins whose heading the conversion prints after its first lines: the line that begins with the
    text etl/fundstellen/outline.toml declares for it (`starts`), before the heading."""
    entry = next((e for e in spec.get("section", []) if e.get("heading") == heading and "starts" in e), None)
    if entry is None:
        return None
    wanted = _normalised(entry["starts"])
    found = [n for n in range(1, heading_line) if _normalised(lines[n - 1]).startswith(wanted)]
    return found[-1] if found else None


def test_the_section_check_sees_a_wrong_goal_or_partner(ds, seed_lines):
    lines = seed_lines[PARTNER_REPORT]
    solingen = ds.partner_measures[ds.partner_measures["partner_id"] == 14].iloc[0]
    assert _partner_report_section(ds, lines, solingen.source_line, 14) == solingen.source_section
    assert _partner_report_section(ds, lines, solingen.source_line, 3) != solingen.source_section
    measure = ds.strategy_measures.iloc[40]
    assert _strategy_section(ds, measure.source_line) == measure.source_section
    assert _strategy_section(ds, measure.source_line - 1) != measure.source_section


def _toc(lines: list[str]) -> dict[int | str, int]:
    """Handlungsziel (17) or Zieldimension („II“) → page, read from the table of contents."""
    pages: dict[int | str, int] = {}
    for number, line in enumerate(lines):
        if m := re.match(r"^(\d{1,2})\. Handlungsziel: .*\t\s*(\d+)\s*$", line):
            pages[int(m.group(1))] = int(m.group(2))
        elif m := re.match(r"^Zieldimension (I+):$", line):
            title = next(following for following in lines[number + 1 :] if following.strip())
            pages[m.group(1)] = int(title.rsplit("\t", 1)[1])
    return pages


def test_pages_of_the_strategy_report_start_at_the_goals_page(ds, seed_lines):
    toc = _toc(seed_lines[STRATEGY_REPORT])
    assert sorted(k for k in toc if isinstance(k, int)) == list(range(1, 38))
    assert {row.source_page for row in ds.goals.itertuples()} == {
        str(toc[row.goal_id]) for row in ds.goals.itertuples()
    }
    units = {row.source_line: row.goal_id for row in ds.goals.itertuples()}
    units |= {row.source_line: row.zieldimension for row in ds.zieldimensionen.itertuples()}
    starts = sorted(units)
    wrong = []
    for table, prefix, suffix in PLACES:
        for row in _cited(ds, table, prefix, suffix).itertuples():
            if row.doc != STRATEGY_REPORT or int(row.line) < starts[0]:
                continue
            unit = units[starts[bisect.bisect_right(starts, int(row.line)) - 1]]
            first = re.match(r"\d+", str(row.page))
            if first is None or int(first.group()) != toc[unit]:
                wrong.append((table, row[1], row.page, toc[unit]))
    assert wrong == []


def test_slide_numbers_are_the_footers_and_other_documents_carry_no_page(ds, seed_lines):
    wrong = []
    for table, prefix, suffix in PLACES:
        for row in _cited(ds, table, prefix, suffix).itertuples():
            page = "" if pd.isna(row.page) else str(row.page)
            if row.doc == "heinsberg_forum_2024" and page:
                following = seed_lines[row.doc][int(row.line) - 1 : int(row.line) + 30]
                footer = next((line for line in following if "Kreis Heinsberg" in line), "")
                if not footer.rstrip().endswith(f"Kreis Heinsberg{page}"):
                    wrong.append((table, row[1], page))
            elif row.doc not in (STRATEGY_REPORT, "heinsberg_forum_2024") and page:
                wrong.append((table, row[1], page))
    assert wrong == []


def test_a_year_stands_in_the_passage_its_row_cites(ds, seed_lines):
    """A year from another line than the figure's stands in the same passage: a few lines away in the same partner
    entry, or in the same measure's text."""
    spans = _measure_spans(ds)
    wrong = []
    for table in ("staff_shares", "benchmarks"):
        for row in ds.tables[table].dropna(subset=["year_line"]).itertuples():
            lines = seed_lines[row.source_doc]
            between = lines[min(row.year_line, row.source_line) - 1 : max(row.year_line, row.source_line)]
            if abs(row.year_line - row.source_line) > 3 or any(not line.strip() for line in between):
                wrong.append((row[1], row.year_line, row.source_line))
    for row in ds.strategy_measures.itertuples():
        first, last = spans[(row.measure_id, row.goal_id)]
        for line in (row.start_year_line, row.end_year_line):
            if not pd.isna(line) and not first <= line <= last:
                wrong.append((row.measure_id, line, (first, last)))
    assert wrong == []
