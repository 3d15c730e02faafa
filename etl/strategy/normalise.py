"""Ressorts, status and Zielgruppen of a measure row, normalised to codes."""

from __future__ import annotations

import re

from . import curation
from .text import collapse_whitespace, split_enumeration
from .years import date_year_month

# Report "Stand": June 2021. Used to decide whether a "Beginn ab <Datum>" lies ahead.
REPORT_STAND = (2021, 6)

STATUSES = ("laufend", "geplant", "laufend_und_geplant", "abgeschlossen")


def normalise_ressorts(raw: str) -> list[str]:
    """'MKFFI, alle Ressorts' -> ['MKFFI', 'WEITERE']; 'Alle Ressorts' -> ['ALLE']."""
    raw = collapse_whitespace(raw)
    if not raw:
        return []
    codes: list[str] = []
    collective = False
    for part in split_enumeration(raw):
        lowered = part.casefold()
        if "ressort" in lowered:
            collective = True
            continue
        code = part.upper()
        code = curation.RESSORT_ALIASES.get(code, code)
        if code not in curation.RESSORT_CODES:
            raise ValueError(f"unknown Ressort {part!r} in {raw!r}")
        if code not in codes:
            codes.append(code)
    if collective:
        codes.append("WEITERE" if codes else "ALLE")
    return codes


def normalise_status(zeitrahmen: str) -> str:
    text = collapse_whitespace(zeitrahmen).casefold()
    items = [item.strip() for item in text.split(",")]
    if not text:
        return ""
    if "abgeschlossen" in text or "beendet" in text:
        return "abgeschlossen"
    if items[0].startswith(("laufend", "fortlaufend", "seit")):
        if any(item == "geplant" for item in items[1:]):
            return "laufend_und_geplant"
        return "laufend"
    if items[0].startswith("geplant"):
        return "geplant"
    match = re.match(r"beginn\s+(?:ab\s+)?(?:dem\s+)?(.*)", items[0])
    if match:
        year_month = date_year_month(match.group(1))
        if year_month and year_month > REPORT_STAND:
            return "geplant"
        return "laufend"
    raise ValueError(f"cannot normalise Zeitrahmen {zeitrahmen!r}")


def normalise_zielgruppen(raw: str) -> list[str]:
    text = collapse_whitespace(raw).casefold()
    if not text:
        return []
    codes = [code for code, _label, pattern in curation.ZIELGRUPPEN if re.search(pattern, text)]
    if "junge_gefluechtete" in codes:
        for extra in ("gefluechtete", "kinder_jugendliche"):
            if extra not in codes:
                codes.append(extra)
    order = [code for code, _label, _pattern in curation.ZIELGRUPPEN]
    return sorted(set(codes), key=order.index)
