"""Euro figures in a measure's row or description: amount, year, anchor text and label."""

from __future__ import annotations

import re

from . import curation
from .years import YEAR

RE_EURO = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<unit>Mio\.|Millionen|Mrd\.|Milliarden)?\s*(?:Euro|EUR|€)"
)

RE_YEARS_JEWEILS = re.compile(r"Jahre\s+" + YEAR + r"\s+und\s+" + YEAR + r"\s+jeweils\s+$")


def parse_amount(num: str, unit: str | None) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
        value = float(num.replace(".", ""))
    else:
        value = float(num.replace(",", "."))
    factor = {"Mio.": 1e6, "Millionen": 1e6, "Mrd.": 1e9, "Milliarden": 1e9}.get(unit or "", 1.0)
    return round(value * factor, 2)


def _anchor(text: str, match: re.Match) -> str:
    """Short exact substring around the figure (<= 60 chars, no double quote)."""
    start = match.start()
    anchor = match.group(0)
    # extend to a cue word right before the figure ("jährlich", "insgesamt", "in 2021", ...)
    tail = text[:start]
    for cue in ("in 20", "jeweils ", "jährlich ", "insgesamt ", "bis zu ", "Mit "):
        position = tail.rfind(cue)
        if position != -1 and start - position <= len(cue) + 5:
            anchor = text[position : match.end()]
            break
    if match.end() < len(text) and text[match.end() : match.end() + 9] == " pro Jahr":
        anchor = anchor + " pro Jahr"
    anchor = anchor.replace('"', "")
    return anchor[:60]


def extract_budgets(text: str) -> list[tuple[float, int | None, str]]:
    """Every Euro figure in one line: (amount_eur, year or None, anchor)."""
    out: list[tuple[float, int | None, str]] = []
    for match in RE_EURO.finditer(text):
        amount = parse_amount(match.group("num"), match.group("unit"))
        anchor = _anchor(text, match)
        before = text[: match.start()]
        sentence_start = max(before.rfind(". "), before.rfind("; ")) + 1
        # years listed with "für die Jahre 2020 und 2021 jeweils": one row per year
        jeweils_years = RE_YEARS_JEWEILS.search(before)
        if jeweils_years:
            # one row per year; distinct anchors ("Jahre 2020 und 2021 jeweils 3 Millionen
            # Euro" / "2021 jeweils 3 Millionen Euro") keep (line, anchor) unique
            for group in (1, 2):
                year_anchor = text[jeweils_years.start(group) - (6 if group == 1 else 0) : match.end()].replace('"', "")
                out.append((amount, int(jeweils_years.group(group)), year_anchor[:60]))
            continue
        window = before[max(sentence_start, match.start() - 80) :]
        # no year if another figure or "insgesamt"/"jährlich" lies between
        window = re.split(r"Euro|insgesamt|jährlich", window)[-1]
        years = re.findall(r"\b((?:19|20)\d{2})\b", window)
        year = int(years[-1]) if years else None
        out.append((amount, year, anchor))
    return out


def budget_label(anchor: str) -> str:
    for key, label in curation.BUDGET_LABELS.items():
        if key in anchor:
            return label
    lowered = anchor.casefold()
    if "jährlich" in lowered or "pro jahr" in lowered:
        return "jährlicher Betrag"
    if "bis zu" in lowered:
        return "Höchstbetrag"
    return "genannter Betrag"
