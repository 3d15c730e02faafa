"""Parser for the "Umsetzungsbericht zur Teilhabe- und Integrationsstrategie 2030" (Stand Juni 2021).

Pure Python (stdlib + pandas). Reads the plain-text conversion of the report
(``/work/shared/seeds/001_a2b10518d53f4ad6.txt``, doc key ``umsetzungsbericht_2021``)
and returns the Zieldimensionen, the 37 Handlungsziele, every measure row, every
budget figure of a measure, and the lookup tables for ministries (Ressorts) and
target groups (Zielgruppen).

CLI::

    python -m ikoe_data.extract.strategy SEED_PATH OUT_DIR

writes ``zieldimensionen.csv``, ``goals.csv``, ``strategy_measures.csv``,
``strategy_budgets.csv``, ``ressorts.csv`` and ``zielgruppen.csv`` to OUT_DIR.

Row shapes recognised (``row_shape``)
-------------------------------------
``markdown_table``
    ``| • Titel | MKFFI | Laufend | Zielgruppe |`` (optionally ``<ul ...>`` before the
    bullet; the ``- | | | | |`` / ``|---|`` lines around it are layout only).
``bold_inline``
    ``- **Titel** **MKFFI** **Laufend** **Zielgruppe**`` (some fields not bold).
``field_per_line``
    ``• Titel`` or ``- **Titel**`` followed by one field per paragraph
    (Zuständigkeit, Zeitrahmen, Zielgruppe; a field may wrap over several lines;
    the Zuständigkeit may be missing).
``bold_title_tab_fields``
    ``- **Titel**`` followed by one line ``MKFFI<TAB>Laufend<TAB>Zielgruppe``.
``tab_separated``
    ``• Titel<TAB>MKFFI<TAB>Laufend<TAB>Zielgruppe`` (optionally with ``<ul ...>``
    prefix, with or without bullet).
``html``
    ``<ul ...> • Titel<TAB>MSB<TAB>Laufend<TAB>...`` rows that stand directly next to
    ``<p>...</p>`` description lines (the HTML fragment blocks).

Normalisation rules
-------------------
Ressorts (``ressorts``):
    codes of the Abkürzungsverzeichnis, in the order written. "Alle Ressorts" on its
    own -> ``ALLE``. "alle Ressorts"/"weitere Ressorts" *in addition to* a named
    ministry -> the ministry plus ``WEITERE`` (``MKFFI, alle Ressorts`` ->
    ``MKFFI;WEITERE``; ``MAGS, weitere Ressorts`` -> ``MAGS;WEITERE``); the
    difference alle/weitere is kept in ``ressorts_raw``. The typo ``MKV`` (not in the
    Abkürzungsverzeichnis) is read as ``MKW``. A row without Zuständigkeit gets an
    empty cell.
Status (``status``) from the Zeitrahmen:
    ``abgeschlossen`` if it says abgeschlossen/beendet; ``laufend_und_geplant`` if it
    starts with "Laufend" and has a separate item "geplant" ("Laufend, geplant");
    ``laufend`` if it starts with "Laufend"/"fortlaufend"/"seit" (a "geplante
    Verlängerung" of a running measure stays ``laufend``); ``geplant`` if it starts
    with "Geplant" or is "Beginn ab <Datum>" with a date after the report's
    Stand (June 2021); a "Beginn ab" date up to June 2021 -> ``laufend``.
Years (``start_year``/``end_year``, line of the year in ``*_year_line``):
    1. a hand-checked phrase in ``YEAR_EXTRA`` (where no generic rule fires, e.g.
       "hat sie 2018 ... die Einbürgerungsinitiative gestartet");
    2. the Zeitrahmen ("Beginn ab dem 01.08.2021" -> start; "projektiert bis
       (Ende) 2022" -> end; the latest end wins, so "geplante Verlängerung bis Mitte
       2023" -> 2023; "Geplant für Ende April 2021" -> end);
    3. the measure's own description (lines up to the next row or heading), first
       hit in reading order. start: "seit (dem) (Jahr|Schuljahr|Beginn des
       Jahres|Frühjahr|Mitte|<Tag. Monat>|<Monat>) JJJJ", "ab (dem Jahr) JJJJ",
       "Beginn ab ...", "startete JJJJ", "(Laufzeit|Zeitraum|Förderperiode|Jahre)
       (von) JJJJ bis/– JJJJ". end: "bis (zum) (Ende|Mitte|Jahresende|<Datum>) JJJJ",
       "endet im <Zeit> JJJJ", "(Ende) JJJJ abgeschlossen", the second year of a span.
    Phrases that match but date something else (the Bund's payments, a
    predecessor programme, a later sub-step) are listed in ``YEAR_IGNORE``.
Zielgruppen (``zielgruppen``): facets defined in ``ZIELGRUPPEN`` (regex on the raw
    text); a row gets every facet its Zielgruppe names, in table order;
    ``junge_gefluechtete`` always comes with ``gefluechtete`` and
    ``kinder_jugendliche``; ``alle`` = the Zielgruppe starts with "Alle" (not limited
    to a group of origin, e.g. "Alle Schülerinnen und Schüler").
measure_id:
    ``M-001``... in document order of first appearance; rows whose titles are equal
    after ``title_key`` (case, quotes, punctuation, whitespace) share the id.
Budgets:
    every "<Zahl> (Mio.|Millionen|Mrd.) Euro" in a row or its description; year =
    the year written just before the figure in the same sentence (not across
    "insgesamt"/"jährlich" or another figure); "für die Jahre 2020 und 2021 jeweils
    3 Millionen Euro" gives one row per year.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DOC_KEYS = {
    "000_2aff9250f8612f0a.txt": "partnerbericht_2020",
    "001_a2b10518d53f4ad6.txt": "umsetzungsbericht_2021",
    "002_9bcbc21dcf964359.txt": "heinsberg_forum_2024",
    "003_48584f245b6351e6.txt": "mso_leitfaden",
    "004_23f0dfe27b833779.txt": "webseite_wir_sind_partner",
}

# Report "Stand": June 2021. Used to decide whether a "Beginn ab <Datum>" lies ahead.
REPORT_STAND = (2021, 6)

# --------------------------------------------------------------------------- columns

ZIELDIMENSION_COLUMNS = ["zieldimension", "title", "source_doc", "source_line"]
GOAL_COLUMNS = ["goal_id", "zieldimension", "title", "source_doc", "source_line"]
MEASURE_COLUMNS = [
    "measure_id",
    "goal_id",
    "title",
    "ressorts",
    "ressorts_raw",
    "zeitrahmen",
    "status",
    "start_year",
    "end_year",
    "start_year_line",
    "end_year_line",
    "zielgruppen",
    "zielgruppen_raw",
    "row_shape",
    "source_doc",
    "source_line",
]
BUDGET_COLUMNS = [
    "measure_id",
    "goal_id",
    "amount_eur",
    "year",
    "label",
    "source_doc",
    "source_line",
    "source_anchor",
]
RESSORT_COLUMNS = ["code", "name", "source_doc", "source_line"]
ZIELGRUPPE_COLUMNS = ["code", "label_de"]

ROW_SHAPES = (
    "markdown_table",
    "bold_inline",
    "field_per_line",
    "bold_title_tab_fields",
    "tab_separated",
    "html",
)
STATUSES = ("laufend", "geplant", "laufend_und_geplant", "abgeschlossen")

# ------------------------------------------------------------------- lookup tables

# Ministries as named in the report's Abkürzungsverzeichnis (codes only; the names
# are read from the document itself).
RESSORT_CODES = (
    "FM",
    "IM",
    "JM",
    "MAGS",
    "MHKBG",
    "MKFFI",
    "MKW",
    "MSB",
    "MULNV",
    "MWIDE",
    "STK",
    "VM",
)
RESSORT_ALIASES = {"MKV": "MKW"}  # typo in the report (line 925)
RESSORT_EXTRA = [
    ("ALLE", "Alle Ressorts der Landesregierung"),
    ("WEITERE", "Weitere bzw. alle Ressorts zusätzlich zum federführenden Ressort"),
]

# Zielgruppen facets: (code, label, regex on the raw Zielgruppe text). Order = output order.
ZIELGRUPPEN: list[tuple[str, str, str]] = [
    ("alle", "Alle (nicht auf eine Herkunftsgruppe beschränkt)", r"^alle\b"),
    (
        "gefluechtete",
        "Geflüchtete, Menschen mit Fluchterfahrung",
        r"geflüchtet|flüchtling(?!sunterk)|fluchterfahrung|\bumf\b",
    ),
    (
        "junge_gefluechtete",
        "Junge Geflüchtete (Kinder, Jugendliche, junge Erwachsene)",
        r"junge geflüchtete|geflüchtete kinder|minderjährige flüchtlinge"
        r"|schülerinnen und schüler mit fluchterfahrung|geflüchtete schüler",
    ),
    ("neuzugewanderte", "Neuzugewanderte", r"neuzugewandert|aus dem europäischen ausland"),
    (
        "menschen_mit_eg",
        "Menschen mit Einwanderungsgeschichte",
        r"einwanderungsgeschichte|ausländerinnen|of color|aus südosteuropa",
    ),
    (
        "kinder_jugendliche",
        "Kinder, Jugendliche und junge Erwachsene",
        r"kinder|jugendlich|junge |schülerinnen|schüler |minderjährig|\bumf\b",
    ),
    ("schueler_studierende", "Schülerinnen und Schüler, Studierende", r"schülerinnen|schüler |studierende"),
    ("familien", "Familien und Eltern", r"familie"),
    ("frauen", "Frauen", r"frauen"),
    ("aeltere", "Ältere Menschen", r"ältere"),
    ("lsbtiq", "LSBTIQ*", r"lsbtiq"),
    (
        "religion",
        "Religionsgemeinschaften, Menschen muslimischen/alevitischen Glaubens",
        r"religion|muslimisch|glaubens",
    ),
    ("fachkraefte_gruender", "Fachkräfte, Gründerinnen und Gründer", r"fachkräfte|gründ"),
    (
        "verwaltung",
        "Verwaltung und Fachpersonal (Beschäftigte, Lehrkräfte, Beratende)",
        r"verwaltung|beschäftigte|lehrkräfte|lehrerinnen|führungspersonen|anwärter"
        r"|beraterinnen und berater|justizeinrichtungen",
    ),
    (
        "institutionen",
        "Kommunen, Unternehmen, Kammern und Einrichtungen",
        r"^kommunen$|unternehmen|kammern|justizvollzugsanstalten$",
    ),
    ("inhaftierte", "Inhaftierte", r"häftling|inhaftiert"),
    ("gefaehrdete", "Von Extremismus gefährdete oder betroffene Personen", r"gefährdete|betroffene personen"),
]

# Years were checked by hand against the report. Two small tables record the
# judgement where the generic phrase rules (see module docstring) are not enough:
#
# YEAR_IGNORE: phrases that match a rule but date something else than the measure
#   itself.  Key: (title_key(title), exact matched phrase) -> reason.
# YEAR_EXTRA: the phrase that dates the measure where no generic rule fires (or where
#   a generic hit must be replaced).  Key: (title_key(title), "start"/"end") ->
#   exact substring of the description line; the year is the first year in it.
YEAR_IGNORE: dict[tuple[str, str], str] = {
    (
        "integrationspauschalen für die kommunen neu gestalten",
        "ab 2020",
    ): "the Bund stopped its lump sum from 2020; not the start of the measure",
    (
        "zugang zu schulischen angeboten für nicht mehr schulpflichtige geflüchtete sicherstellen",
        "ab dem Jahr 2020",
    ): "dates the further development of the existing programme, not the measure",
    ("förderprogramm zuwanderung aus südosteuropa", "Jahren 2017–2019"): "predecessor programme 2017–2019",
    (
        "beschäftigte der gerichte der staatsanwaltschaften und der justizvollzugsanstalten in "
        "interkulturellen fragen sensibilisieren",
        "Seit dem Jahr 2020",
    ): "needs analysis since 2020 is a later step; the centre opened 2018",
    (
        "einbürgerungskampagne durchführen um mehr menschen für die deutsche staatsangehörigkeit zu gewinnen",
        "ab 2020",
    ): "extra staff funding from 2020 is one component; the initiative started 2018",
}
YEAR_EXTRA: dict[tuple[str, str], str] = {
    (
        "integration in den kommunen vernetzt und strategisch gestalten",
        "start",
    ): "hat die Landesregierung 2020 das Programm",
    (
        "in der eu erworbene qualifikationen für die beschäftigung in kindertageseinrichtungen anerkennen",
        "start",
    ): "vom 4. August 2020",
    ("lehramtszugangsverordnung", "start"): "LZV 2016",
    ("landesfachstelle #mehr als queer eingerichtet", "start"): "hat 2019 die Landesfachstelle",
    (
        "mehr schülerinnen und schüler mit einwanderungsgeschichte für den lehrerberuf gewinnen "
        "und anschließend begleiten",
        "start",
    ): "dem 2007 gegründeten Netzwerk",
    ("einführung des modellprojekts guter lebensabend nrw", "start"): "für die Jahre 2020 und 2021",
    (
        "beschäftigte der gerichte der staatsanwaltschaften und der justizvollzugsanstalten in "
        "interkulturellen fragen sensibilisieren",
        "start",
    ): "wurde 2018 eine Einrichtung eröffnet",
    (
        "einbürgerungskampagne durchführen um mehr menschen für die deutsche staatsangehörigkeit zu gewinnen",
        "start",
    ): "hat sie 2018 unter dem Dach",
    (
        "leons identität videospiel zur förderung des demokratieverständnisses und zur förderung von medienkompetenz",
        "start",
    ): "im August 2020 veröffentlicht",
    (
        "pilotprojekt radikalisierungsprävention in den zentralen unterbringungseinrichtungen zue des landes nrw",
        "start",
    ): "im Jahr 2020 für die Dauer",
    ("antisemitismusbeauftragte berufen", "start"): "Am 6. November 2018 hat die Landesregierung",
    (
        "besondere verdienste für das zusammenleben in vielfalt würdigen",
        "start",
    ): "im Jahr 2018 die Mevlüde-Genç-Medaille",
    ("ernennung eines beauftragten für fragen des muslimischen engagements in nrw", "start"): "am 1.7.2019",
    ("dokumentarfilm über die erste gastarbeitergeneration", "start"): "in 2021 veröffentlicht",
}

# Budget labels written for this dataset (keyed by the exact anchor and the line's
# measure title); anything not listed gets a generic label.
BUDGET_LABELS: dict[str, str] = {
    "in 2021 50 Mio. Euro": "Landesmittel KIM 2021",
    "in 2022 75 Mio. Euro": "Landesmittel KIM 2022",
    "jeweils 50.000 Euro pro Jahr": "Zuschuss je Kommune und Jahr",
    "100 Mio. Euro": "Integrationspauschale des Bundes, weitergereicht",
    "432,8 Mio. Euro": "Integrationspauschale des Bundes, weitergereicht",
    "insgesamt 5 Mio. Euro": "Gesamtmittel schulnahe Angebote ZUE",
    "jährlich 5 Millionen Euro": "jährlicher Mittelansatz SOE-Programm seit 2020",
    "Mit 50 Millionen Euro": "Fördervolumen Durchstarten in Ausbildung und Arbeit",
    "jährlich 2,7 Millionen Euro": "jährliche Förderung der MSO",
    "bis zu 50.000 Euro": "Höchstbetrag je Mikrodarlehen",
    "jeweils 3 Millionen Euro": "Landesmittel Guter Lebensabend NRW",
    "22,13 Mio. Euro": "Bundesmittel Haus der Einwanderungsgesellschaft",
}

# ----------------------------------------------------------------------- regexes

BULLET_CHARS = "•●▪◦■►"
RE_UL = re.compile(r"^\s*<ul\b[^>]*>\s*")
RE_BULLET = re.compile(r"^[" + BULLET_CHARS + r"]\s*")
RE_GOAL = re.compile(r"^\s*(\d{1,2})\.\s*Handlungsziel:\s*(.+?)\s*$")
RE_TOC_PAGE = re.compile(r"\t\s*\d+\s*$")
RE_ZD = re.compile(r"^\s*Zieldimension\s+(I{1,3})\s*$")
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
MONTHS = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
MONTH_NUM = {m: i + 1 for i, m in enumerate(MONTHS.split("|"))}

# -------------------------------------------------------------------- dataclass


@dataclass
class StrategyExtract:
    zieldimensionen: pd.DataFrame
    goals: pd.DataFrame
    measures: pd.DataFrame
    budgets: pd.DataFrame
    ressorts: pd.DataFrame
    zielgruppen: pd.DataFrame


@dataclass
class _Row:
    goal_id: int
    title: str
    ressorts_raw: str
    zeitrahmen: str
    zielgruppen_raw: str
    row_shape: str
    line: int  # 1-based line of the title
    end: int = 0  # 0-based index of the last line belonging to the row's fields
    desc: list[tuple[int, str]] | None = None  # (1-based line, text)
    zeit_lines: list[tuple[int, str]] | None = None  # where the Zeitrahmen stands


# -------------------------------------------------------------------- helpers


def ws(text: str) -> str:
    """Collapse whitespace."""
    return re.sub(r"\s+", " ", text).strip()


def clean_title(text: str) -> str:
    t = RE_UL.sub("", text)
    t = t.replace("**", "")
    t = re.sub(r"^\s*-\s+", "", t)
    t = RE_BULLET.sub("", t.strip())
    return ws(t)


def title_key(title: str) -> str:
    """Normalised title used to recognise the same measure under several goals."""
    t = unicodedata.normalize("NFKC", title).casefold()
    t = re.sub(r"[„“”\"'‚‘’«»]", "", t)
    t = re.sub(r"[^\w*#]+", " ", t)
    return ws(t)


def join_wrapped(lines: list[str]) -> str:
    """Join a field that wraps over several lines ("Arabisch-" + "sprachige")."""
    out = ""
    for part in (p.strip() for p in lines):
        if not part:
            continue
        if out.endswith("-") and part[:1].islower():
            out = out[:-1] + part
        elif out:
            out = out + " " + part
        else:
            out = part
    return ws(out)


def split_list(raw: str) -> list[str]:
    return [p.strip() for p in re.split(r",|/|\bund\b", raw) if p.strip()]


def normalise_ressorts(raw: str) -> list[str]:
    """'MKFFI, alle Ressorts' -> ['MKFFI', 'WEITERE']; 'Alle Ressorts' -> ['ALLE']."""
    raw = ws(raw)
    if not raw:
        return []
    codes: list[str] = []
    collective = False
    for part in split_list(raw):
        low = part.casefold()
        if "ressort" in low:
            collective = True
            continue
        code = part.upper()
        code = RESSORT_ALIASES.get(code, code)
        if code not in RESSORT_CODES:
            raise ValueError(f"unknown Ressort {part!r} in {raw!r}")
        if code not in codes:
            codes.append(code)
    if collective:
        codes.append("WEITERE" if codes else "ALLE")
    return codes


def normalise_status(zeitrahmen: str) -> str:
    z = ws(zeitrahmen).casefold()
    items = [i.strip() for i in z.split(",")]
    if not z:
        return ""
    if "abgeschlossen" in z or "beendet" in z:
        return "abgeschlossen"
    if items[0].startswith(("laufend", "fortlaufend", "seit")):
        if any(i == "geplant" for i in items[1:]):
            return "laufend_und_geplant"
        return "laufend"
    if items[0].startswith("geplant"):
        return "geplant"
    m = re.match(r"beginn\s+(?:ab\s+)?(?:dem\s+)?(.*)", items[0])
    if m:
        ym = _date_year_month(m.group(1))
        if ym and ym > REPORT_STAND:
            return "geplant"
        return "laufend"
    raise ValueError(f"cannot normalise Zeitrahmen {zeitrahmen!r}")


def _date_year_month(text: str) -> tuple[int, int] | None:
    m = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    if m:
        return int(m.group(3)), int(m.group(2))
    m = re.search(r"(" + MONTHS + r")\s+(\d{4})", text)
    if m:
        return int(m.group(2)), MONTH_NUM[m.group(1)]
    m = re.search(r"\b(19\d{2}|20\d{2})\b", text)
    if m:
        return int(m.group(1)), 1
    return None


def normalise_zielgruppen(raw: str) -> list[str]:
    low = ws(raw).casefold()
    if not low:
        return []
    codes = [code for code, _label, rx in ZIELGRUPPEN if re.search(rx, low)]
    if "junge_gefluechtete" in codes:
        for extra in ("gefluechtete", "kinder_jugendliche"):
            if extra not in codes:
                codes.append(extra)
    order = [c for c, _l, _r in ZIELGRUPPEN]
    return sorted(set(codes), key=order.index)


# ------------------------------------------------------------------- years

_YEAR = r"((?:19|20)\d{2})"
_DAY_MONTH = r"(?:\d{1,2}\.\s*(?:" + MONTHS + r")\s+|\d{1,2}\.\d{1,2}\.|(?:" + MONTHS + r")\s+)"
_SPAN = (
    r"\b(?:Laufzeit|Zeitraum|Förderperiode|Jahren?|weitere Jahre)\s+(?:von\s+)?\(?"
    r"((?:19|20)\d{2})\s*(?:bis|–|-)\s*((?:19|20)\d{2})\)?"
)
START_PATTERNS = [
    re.compile(
        r"\b[Ss]eit\s+(?:dem\s+)?(?:Beginn\s+des\s+Jahres\s+|Jahr\s+|Schuljahr\s+"
        r"|Frühjahr\s+|Herbst\s+|Sommer\s+|Mitte\s+|Ende\s+|Anfang\s+)?" + _DAY_MONTH + "?" + _YEAR
    ),
    re.compile(r"\bBeginn\s+(?:ab\s+)?(?:dem\s+)?" + _DAY_MONTH + "?" + _YEAR),
    re.compile(r"\bab\s+(?:dem\s+Jahr\s+|dem\s+)?" + _DAY_MONTH + "?" + _YEAR + r"(?!\s*(?:Euro|Mio))"),
    re.compile(r"\bstartete\s+" + _YEAR),
    re.compile(_SPAN),
]
END_PATTERNS = [
    re.compile(r"\b[Bb]is\s+(?:zum\s+)?(?:Jahresende\s+|Ende\s+|Mitte\s+|Anfang\s+)?" + _DAY_MONTH + "?" + _YEAR),
    re.compile(r"\bendet\s+(?:im\s+|am\s+)?(?:Sommer\s+|Herbst\s+|Winter\s+|Frühjahr\s+)?" + _DAY_MONTH + "?" + _YEAR),
    re.compile(
        r"\b[Gg]eplant\s+für\s+(?:Ende\s+|Mitte\s+|Anfang\s+)?"
        r"(?:(?:" + MONTHS + r")\s+)?" + _YEAR
    ),
    re.compile(r"\b(?:Ende\s+|Mitte\s+|im\s+Jahr\s+)?" + _YEAR + r"\s+abgeschlossen"),
]
RE_SPAN = re.compile(_SPAN)


def _year_hits(text: str, patterns: list[re.Pattern]) -> list[tuple[int, int, str]]:
    """All (position, year, phrase) hits of the patterns in text, by position."""
    hits = []
    for rx in patterns:
        for m in rx.finditer(text):
            hits.append((m.start(), int(m.group(1)), m.group(0)))
    hits.sort()
    return hits


def extract_years(row: _Row, ignore: dict | None = None, extra: dict | None = None):
    """Return (start_year, start_line, end_year, end_line) for a measure row.

    Order: hand-checked ``YEAR_EXTRA`` phrase; the Zeitrahmen (standing at the title
    line or just below it; the latest end wins); the first matching phrase of the
    measure's own description (phrases listed in ``YEAR_IGNORE`` are skipped).
    """
    ignore = YEAR_IGNORE if ignore is None else ignore
    extra = YEAR_EXTRA if extra is None else extra
    key = title_key(row.title)
    z = row.zeitrahmen
    zlines = row.zeit_lines or [(row.line, z)]
    desc = list(row.desc or [])

    def zline_of(year: int) -> int:
        for lineno, text in zlines:
            if str(year) in text:
                return lineno
        return zlines[0][0]

    def hits(text: str, patterns) -> list[tuple[int, int, str]]:
        return [h for h in _year_hits(text, patterns) if (key, h[2]) not in ignore]

    result = {}
    for kind, patterns in (("start", START_PATTERNS), ("end", END_PATTERNS)):
        phrase = extra.get((key, kind))
        if phrase:
            for lineno, text in zlines + desc:
                if phrase in text:
                    result[kind] = (int(re.search(_YEAR, phrase).group(1)), lineno)
                    break
            else:
                raise ValueError(f"YEAR_EXTRA phrase {phrase!r} not found for {row.title!r}")
            continue
        zh = hits(z, patterns)
        if kind == "end":
            zh += [
                (m.start(), int(m.group(2)), m.group(0)) for m in RE_SPAN.finditer(z) if (key, m.group(0)) not in ignore
            ]
        if zh:
            y = zh[0][1] if kind == "start" else max(h[1] for h in zh)
            result[kind] = (y, zline_of(y))
            continue
        for lineno, text in desc:
            dh = hits(text, patterns)
            if kind == "end":  # "Laufzeit von 2020 bis 2022" also gives the end
                dh += [
                    (m.start(), int(m.group(2)), m.group(0))
                    for m in RE_SPAN.finditer(text)
                    if (key, m.group(0)) not in ignore
                ]
                dh.sort()
            if dh:
                result[kind] = (dh[0][1], lineno)
                break
    start = result.get("start")
    end = result.get("end")
    return (
        start[0] if start else None,
        start[1] if start else None,
        end[0] if end else None,
        end[1] if end else None,
    )


def year_phrases(row: _Row) -> list[tuple[int, str, str]]:
    """Every start/end phrase in a row (for review): (line, kind, phrase)."""
    out = []
    for lineno, text in [(row.line, row.zeitrahmen), *list(row.desc or [])]:
        for _p, _y, ph in _year_hits(text, START_PATTERNS):
            out.append((lineno, "start", ph))
        for _p, _y, ph in _year_hits(text, END_PATTERNS):
            out.append((lineno, "end", ph))
    return out


# ------------------------------------------------------------------ budgets

RE_EURO = re.compile(
    r"(?P<num>\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)\s*(?P<unit>Mio\.|Millionen|Mrd\.|Milliarden)?\s*(?:Euro|EUR|€)"
)
RE_YEARS_JEWEILS = re.compile(r"Jahre\s+" + _YEAR + r"\s+und\s+" + _YEAR + r"\s+jeweils\s+$")


def parse_amount(num: str, unit: str | None) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", num):
        value = float(num.replace(".", ""))
    else:
        value = float(num.replace(",", "."))
    factor = {"Mio.": 1e6, "Millionen": 1e6, "Mrd.": 1e9, "Milliarden": 1e9}.get(unit or "", 1.0)
    return round(value * factor, 2)


def _anchor(text: str, m: re.Match) -> str:
    """Short exact substring around the figure (<= 60 chars, no double quote)."""
    start = m.start()
    cand = m.group(0)
    # extend to a cue word right before the figure ("jährlich", "insgesamt", "in 2021", ...)
    tail = text[:start]
    for cue in ("in 20", "jeweils ", "jährlich ", "insgesamt ", "bis zu ", "Mit "):
        idx = tail.rfind(cue)
        if idx != -1 and start - idx <= len(cue) + 5:
            cand = text[idx : m.end()]
            break
    if m.end() < len(text) and text[m.end() : m.end() + 9] == " pro Jahr":
        cand = cand + " pro Jahr"
    cand = cand.replace('"', "")
    return cand[:60]


def extract_budgets(text: str) -> list[tuple[float, int | None, str]]:
    """Every Euro figure in one line: (amount_eur, year or None, anchor)."""
    out = []
    for m in RE_EURO.finditer(text):
        amount = parse_amount(m.group("num"), m.group("unit"))
        anchor = _anchor(text, m)
        before = text[: m.start()]
        sentence_start = max(before.rfind(". "), before.rfind("; ")) + 1
        # years listed with "für die Jahre 2020 und 2021 jeweils": one row per year
        jj = RE_YEARS_JEWEILS.search(before)
        if jj:
            # one row per year; distinct anchors ("Jahre 2020 und 2021 jeweils 3 Millionen
            # Euro" / "2021 jeweils 3 Millionen Euro") keep (line, anchor) unique
            for grp in (1, 2):
                y_anchor = text[jj.start(grp) - (6 if grp == 1 else 0) : m.end()].replace('"', "")
                out.append((amount, int(jj.group(grp)), y_anchor[:60]))
            continue
        window = before[max(sentence_start, m.start() - 80) :]
        # no year if another figure or "insgesamt"/"jährlich" lies between
        window = re.split(r"Euro|insgesamt|jährlich", window)[-1]
        years = re.findall(r"\b((?:19|20)\d{2})\b", window)
        year = int(years[-1]) if years else None
        out.append((amount, year, anchor))
    return out


def budget_label(anchor: str) -> str:
    for key, label in BUDGET_LABELS.items():
        if key in anchor:
            return label
    low = anchor.casefold()
    if "jährlich" in low or "pro jahr" in low:
        return "jährlicher Betrag"
    if "bis zu" in low:
        return "Höchstbetrag"
    return "genannter Betrag"


# ------------------------------------------------------------------ parsing


def _is_header_cells(cells: list[str]) -> bool:
    return all(ws(c).lower() in HEADER_WORDS for c in cells)


def _strip_row_prefix(text: str) -> str:
    t = RE_UL.sub("", text)
    return RE_BULLET.sub("", t.strip())


def _ressort_like(text: str) -> bool:
    t = ws(text)
    if not t:
        return False
    try:
        return bool(normalise_ressorts(t))
    except ValueError:
        return False


def _blocks_after(lines: list[str], i: int, limit: int = 12):
    """Paragraph blocks (list of (first 0-based index, [lines])) after index i."""
    blocks = []
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


def _field_rows(lines: list[str], i: int, title: str, goal: int) -> _Row | None:
    """Rows whose title stands alone on line i: fields follow (per paragraph or tab line)."""
    blocks = _blocks_after(lines, i, limit=4)
    if not blocks:
        return None
    first_idx, first = blocks[0]
    # one line with tab-separated fields: MKFFI<TAB>Laufend<TAB>Alle
    if len(first) >= 1 and "\t" in first[0] and not first[0].lstrip().startswith("<"):
        cells = [c.strip() for c in first[0].split("\t") if c.strip()]
        if len(cells) == 3 and _ressort_like(cells[0]) and not _is_header_cells(cells):
            end = first_idx
            if len(first) > 1 and RE_TAB_SEP.match(first[1]):
                end = first_idx + 1
            return _Row(
                goal,
                title,
                cells[0],
                cells[1],
                cells[2],
                "bold_title_tab_fields",
                i + 1,
                end=end,
                zeit_lines=[(first_idx + 1, cells[1])],
            )
    ressort = zeit = zg = ""
    end = i
    b = 0
    if b < len(blocks) and _ressort_like(join_wrapped(blocks[b][1])) and _looks_like_field(blocks[b][1]):
        ressort = join_wrapped(blocks[b][1])
        end = blocks[b][0] + len(blocks[b][1]) - 1
        b += 1
    zeit_lines = None
    if b < len(blocks) and RE_ZEIT_START.match(join_wrapped(blocks[b][1])) and _looks_like_field(blocks[b][1]):
        zeit = join_wrapped(blocks[b][1])
        zeit_lines = [(blocks[b][0] + k + 1, t) for k, t in enumerate(blocks[b][1])]
        end = blocks[b][0] + len(blocks[b][1]) - 1
        b += 1
    else:
        return None  # no Zeitrahmen: not a measure row
    if b < len(blocks) and _looks_like_field(blocks[b][1]):
        zg = join_wrapped(blocks[b][1])
        end = blocks[b][0] + len(blocks[b][1]) - 1
    return _Row(goal, title, ressort, zeit, zg, "field_per_line", i + 1, end=end, zeit_lines=zeit_lines)


def _classify_line(lines: list[str], i: int, goal: int) -> _Row | None:
    """Return a measure row whose title stands on line index i, else None."""
    raw = lines[i]
    line = raw.rstrip("\n")
    s = line.strip()
    if not s or RE_TAB_SEP.match(s):
        return None

    # markdown table row: | • Titel | MKFFI | Laufend | Zielgruppe |
    if s.startswith("|") and not RE_MD_SEP.match(s):
        cells = [c.strip() for c in s.strip("|").split("|")]
        if len(cells) >= 4 and not _is_header_cells(cells):
            title = clean_title(cells[0])
            if title:
                return _Row(goal, title, ws(cells[1]), ws(cells[2]), ws(cells[3]), "markdown_table", i + 1, end=i)
        return None

    # bold inline: - **Titel** **MKFFI** **Laufend** **Zielgruppe**
    m = RE_BOLD_INLINE.match(s)
    if m and not RE_BOLD_ONLY.match(s):
        title = ws(m.group(1))
        rest = m.group(2)
        fields: list[str] = []
        pos = 0
        for bm in RE_BOLD_TOKEN.finditer(rest):
            plain = rest[pos : bm.start()].strip()
            if plain:
                fields.append(plain)
            fields.append(bm.group(1).strip())
            pos = bm.end()
        if rest[pos:].strip():
            fields.append(rest[pos:].strip())
        if len(fields) == 3:
            return _Row(goal, title, ws(fields[0]), ws(fields[1]), ws(fields[2]), "bold_inline", i + 1, end=i)
        if len(fields) == 2 and RE_ZEIT_START.match(fields[0]):  # missing Zuständigkeit
            return _Row(goal, title, "", ws(fields[0]), ws(fields[1]), "bold_inline", i + 1, end=i)
        return None

    # bold title alone, fields below
    m = RE_BOLD_ONLY.match(s)
    if m:
        return _field_rows(lines, i, ws(m.group(1)), goal)

    # tab-separated / html rows
    body = _strip_row_prefix(s)
    if "\t" in line and not s.startswith("<p"):
        cells = [c.strip() for c in body.split("\t") if c.strip()]
        if len(cells) >= 4 and not _is_header_cells(cells[:4]):
            title = clean_title(cells[0])
            shape = "tab_separated"
            if RE_UL.match(s):
                prev = lines[i - 1].strip() if i > 0 else ""
                nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
                if prev.startswith("<p") or nxt.startswith("<p"):
                    shape = "html"
            end = i
            if i + 1 < len(lines) and RE_TAB_SEP.match(lines[i + 1]) and lines[i + 1].strip():
                end = i + 1
            return _Row(goal, title, ws(cells[1]), ws(cells[2]), ws(" ".join(cells[3:])), shape, i + 1, end=end)
        return None

    # bullet title alone (field per line): • Titel
    if RE_BULLET.match(s) or (RE_UL.match(s) and RE_BULLET.match(RE_UL.sub("", s))):
        title = clean_title(s)
        if title:
            return _field_rows(lines, i, title, goal)
    return None


def _is_layout_line(s: str) -> bool:
    st = s.strip()
    if not st:
        return True
    if RE_MD_SEP.match(st) or RE_TAB_SEP.match(st):
        return True
    if st.startswith("|") or st.startswith("- |"):
        cells = [c.strip() for c in st.strip("-").strip().strip("|").split("|")]
        if _is_header_cells(cells):
            return True
    cells = [c.strip() for c in st.split("\t")]
    return bool(_is_header_cells(cells))


def _clean_desc(s: str) -> str:
    t = re.sub(r"</?p>", "", s)
    return t.rstrip("\t ").strip()


def parse_lines(lines: list[str], source_doc: str) -> StrategyExtract:
    """Parse the report given as a list of lines (without trailing newlines)."""
    lines = [ln.rstrip("\n").rstrip("\r") for ln in lines]
    n = len(lines)

    # --- Zieldimensionen and goals (body headings only; TOC lines carry page numbers)
    zd_rows = []
    goal_rows = []
    current_zd = ""
    starts: dict[int, tuple[str, int]] = {}  # 0-based index -> ("goal"/"zd"/"end", id)
    for i, line in enumerate(lines):
        if RE_TOC_PAGE.search(line):
            continue
        m = RE_ZD.match(line)
        if m:
            current_zd = m.group(1)
            title = ""
            for j in range(i + 1, min(n, i + 6)):
                if lines[j].strip():
                    title = ws(RE_TOC_PAGE.sub("", lines[j]))
                    break
            zd_rows.append(
                {"zieldimension": current_zd, "title": title, "source_doc": source_doc, "source_line": i + 1}
            )
            starts[i] = ("zd", 0)
            continue
        m = RE_GOAL.match(line)
        if m:
            gid = int(m.group(1))
            goal_rows.append(
                {
                    "goal_id": gid,
                    "zieldimension": current_zd,
                    "title": ws(m.group(2)),
                    "source_doc": source_doc,
                    "source_line": i + 1,
                }
            )
            starts[i] = ("goal", gid)
            continue
        if line.strip() == "Impressum" and goal_rows:
            starts[i] = ("end", 0)

    # --- measure rows
    rows: list[_Row] = []
    goal = 0
    i = 0
    while i < n:
        if i in starts:
            kind, gid = starts[i]
            if kind == "goal":
                goal = gid
            elif kind == "end":
                goal = 0
            i += 1
            continue
        if goal:
            row = _classify_line(lines, i, goal)
            if row is not None:
                rows.append(row)
                i = max(i, row.end) + 1
                continue
        i += 1

    # --- description lines of each row: up to the next row / heading / end
    row_starts = {r.line - 1 for r in rows}
    for r in rows:
        desc = []
        j = r.end + 1
        while j < n and j not in row_starts and j not in starts:
            s = lines[j]
            if not _is_layout_line(s):
                desc.append((j + 1, _clean_desc(s)))
            j += 1
        r.desc = desc

    # --- measure ids: shared by identical (normalised) titles, in document order
    ids: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: r.line):
        k = title_key(r.title)
        if k not in ids:
            ids[k] = f"M-{len(ids) + 1:03d}"

    measure_rows = []
    budget_rows = []
    for r in sorted(rows, key=lambda r: r.line):
        mid = ids[title_key(r.title)]
        sy, syl, ey, eyl = extract_years(r)
        measure_rows.append(
            {
                "measure_id": mid,
                "goal_id": r.goal_id,
                "title": r.title,
                "ressorts": ";".join(normalise_ressorts(r.ressorts_raw)),
                "ressorts_raw": r.ressorts_raw,
                "zeitrahmen": r.zeitrahmen,
                "status": normalise_status(r.zeitrahmen),
                "start_year": sy,
                "end_year": ey,
                "start_year_line": syl,
                "end_year_line": eyl,
                "zielgruppen": ";".join(normalise_zielgruppen(r.zielgruppen_raw)),
                "zielgruppen_raw": r.zielgruppen_raw,
                "row_shape": r.row_shape,
                "source_doc": source_doc,
                "source_line": r.line,
            }
        )
        for lineno, _text in [(r.line, lines[r.line - 1]), *list(r.desc or [])]:
            raw_line = lines[lineno - 1]
            for amount, year, anchor in extract_budgets(raw_line):
                budget_rows.append(
                    {
                        "measure_id": mid,
                        "goal_id": r.goal_id,
                        "amount_eur": amount,
                        "year": year,
                        "label": budget_label(anchor),
                        "source_doc": source_doc,
                        "source_line": lineno,
                        "source_anchor": anchor,
                    }
                )

    # --- Ressorts from the Abkürzungsverzeichnis
    ressort_rows = []
    for i, line in enumerate(lines):
        parts = line.split("\t")
        if len(parts) == 2 and parts[0].strip() in RESSORT_CODES:
            code = parts[0].strip()
            if not any(x["code"] == code for x in ressort_rows):
                ressort_rows.append(
                    {"code": code, "name": ws(parts[1]), "source_doc": source_doc, "source_line": i + 1}
                )
    ressort_rows.sort(key=lambda x: x["code"])
    for code, name in RESSORT_EXTRA:
        ressort_rows.append({"code": code, "name": name, "source_doc": "", "source_line": None})

    zg_rows = [{"code": c, "label_de": lbl} for c, lbl, _rx in ZIELGRUPPEN]

    def frame(rows_, cols, ints=()):
        df = pd.DataFrame(rows_, columns=cols)
        for c in ints:
            df[c] = df[c].astype("Int64")
        return df

    return StrategyExtract(
        zieldimensionen=frame(zd_rows, ZIELDIMENSION_COLUMNS, ["source_line"]),
        goals=frame(goal_rows, GOAL_COLUMNS, ["goal_id", "source_line"]),
        measures=frame(
            measure_rows,
            MEASURE_COLUMNS,
            ["goal_id", "start_year", "end_year", "start_year_line", "end_year_line", "source_line"],
        ),
        budgets=frame(budget_rows, BUDGET_COLUMNS, ["goal_id", "year", "source_line"]),
        ressorts=frame(ressort_rows, RESSORT_COLUMNS, ["source_line"]),
        zielgruppen=frame(zg_rows, ZIELGRUPPE_COLUMNS),
    )


def parse_strategy(path, source_doc: str | None = None) -> StrategyExtract:
    """Parse the report file at ``path``."""
    path = Path(path)
    if source_doc is None:
        source_doc = DOC_KEYS.get(path.name, path.stem)
    text = path.read_text(encoding="utf-8")
    return parse_lines(text.split("\n"), source_doc)


# ----------------------------------------------------------------------- output


def _cell(value) -> str:
    if value is None:
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(df: pd.DataFrame, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(df.columns))
        for rec in df.itertuples(index=False):
            w.writerow([_cell(v) for v in rec])


OUTPUT_FILES = {
    "zieldimensionen": "zieldimensionen.csv",
    "goals": "goals.csv",
    "measures": "strategy_measures.csv",
    "budgets": "strategy_budgets.csv",
    "ressorts": "ressorts.csv",
    "zielgruppen": "zielgruppen.csv",
}


def write_outputs(extract: StrategyExtract, out_dir) -> list[Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for attr, name in OUTPUT_FILES.items():
        p = out_dir / name
        write_csv(getattr(extract, attr), p)
        written.append(p)
    return written


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print("usage: python -m ikoe_data.extract.strategy SEED_PATH OUT_DIR", file=sys.stderr)
        return 2
    ex = parse_strategy(argv[0])
    for p in write_outputs(ex, argv[1]):
        print(p)
    m = ex.measures
    print(
        f"{m['measure_id'].nunique()} measures, {len(m)} rows, {len(ex.goals)} goals, {len(ex.budgets)} budget figures",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
