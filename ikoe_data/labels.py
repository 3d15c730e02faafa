"""German labels for codes and columns, and German number/date formatting: one place for each."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from .schema import TABLES
from .values import is_missing

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
STATUS_PARTNER = {
    "carried_out": "durchgeführt",
    "ongoing": "laufend",
    "planned": "geplant",
    "cancelled_postponed": "abgesagt/verschoben",
}
STATUS_STRATEGY = {
    "laufend": "laufend",
    "geplant": "geplant",
    "laufend_und_geplant": "laufend und geplant",
    "abgeschlossen": "abgeschlossen",
}
SHARE_BASIS = {
    "staff": "Beschäftigte",
    "trainees": "Auszubildende/Anwärter*innen",
    "new_hires": "Neueinstellungen",
    "applicants": "Bewerbende",
    "management": "Führungskräfte",
    "department": "einzelne Organisationseinheit",
    "members": "Mitglieder",
    "other": "andere Bezugsgruppe",
}
CONCEPT = {
    "einwanderungsgeschichte": "Einwanderungsgeschichte",
    "migrationshintergrund": "Migrationshintergrund",
    "foreign_nationality": "ausländische Staatsangehörigkeit",
    "born_abroad": "im Ausland geboren",
    "unspecified": "nicht näher bestimmt",
}
METHOD = {
    "survey": "Befragung",
    "estimate": "Schätzung",
    "name_based": "Zuordnung nach Namen",
    "administrative": "Personaldaten",
    "unknown": "nicht angegeben",
}
QUALIFIER = {
    "ca": "ca.",
    "etwa": "etwa",
    "rund": "rund",
    "mehr_als": "mehr als",
    "etwas_mehr_als": "etwas mehr als",
    "knapp": "knapp",
    "fast": "fast",
    "annaehernd": "annähernd",
    "ueber": "über",
    "unter": "unter",
    "mindestens": "mindestens",
}
SOURCE_ROLE = {
    "partner_report": "Partnerbericht",
    "strategy_report": "Umsetzungsbericht",
    "slides": "Folien",
    "guide": "Leitfaden",
    "web_page": "Webseite",
    "other": "andere Quelle",
}
YEAR_NOT_STATED = "Jahr nicht genannt"
ZIELDIMENSION = {
    "I": "I – Erstintegration",
    "II": "II – Integration in die Regelsysteme",
    "III": "III – Gesellschaft gestalten",
}

# Fourteen partner types are too many colours for a colour-blind-safe chart: charts group them.
PARTNER_GROUP = {
    "Bezirksregierung": "Landesbehörden",
    "Polizei": "Landesbehörden",
    "Kommune": "Kommunen und Kreise",
    "Kreis": "Kommunen und Kreise",
    "Kommunalverbund": "Kommunen und Kreise",
    "Landschaftsverband": "Kommunen und Kreise",
    "Jobcenter": "Jobcenter",
    "Wohlfahrtsverband": "Wohlfahrt und Migrantenorganisationen",
    "Migrantenorganisation": "Wohlfahrt und Migrantenorganisationen",
    "Kammer": "Kammern und Verbände",
    "Verband": "Kammern und Verbände",
    "Bildungseinrichtung": "Kultur, Bildung und Medien",
    "Rundfunk": "Kultur, Bildung und Medien",
    "Unternehmen": "Unternehmen",
}
PARTNER_TYPE_PLURAL = {
    "Bezirksregierung": "Bezirksregierungen",
    "Polizei": "Polizeibehörden",
    "Kommune": "Kommunen",
    "Kreis": "Kreise",
    "Kommunalverbund": "Kommunalverbünde",
    "Landschaftsverband": "Landschaftsverbände",
    "Jobcenter": "Jobcenter",
    "Wohlfahrtsverband": "Wohlfahrtsverbände",
    "Migrantenorganisation": "Migrantenorganisationen",
    "Kammer": "Kammern",
    "Verband": "Verbände",
    "Bildungseinrichtung": "Bildungseinrichtungen",
    "Rundfunk": "Rundfunkanstalten",
    "Unternehmen": "Unternehmen",
}


def group_names(partner_types: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Chart names of the partner groups for a selection of partner types: a group of which only some types are
    selected is named by them ("Kommunen" when only Kommunen are chosen, not "Kommunen und Kreise"); no types:
    every group by its own name."""
    chosen = set(partner_types)
    names = {}
    for group in set(PARTNER_GROUP.values()):
        members = [t for t, g in PARTNER_GROUP.items() if g == group]
        present = [t for t in members if t in chosen]
        if present and len(present) < len(members):
            names[group] = enumeration([PARTNER_TYPE_PLURAL[t] for t in present])
    return names


PARTNER_GROUP_ORDER = [
    "Landesbehörden",
    "Kommunen und Kreise",
    "Jobcenter",
    "Wohlfahrt und Migrantenorganisationen",
    "Kammern und Verbände",
    "Kultur, Bildung und Medien",
    "Unternehmen",
]

COLUMN_LABELS: dict[str, dict[str, str]] = {
    table.name: {column.name: column.label for column in table.columns} for table in TABLES
}
# Labels of derived columns that analysis functions add.
DERIVED_LABELS = {
    "partner": "Partner",
    "partner_label": "Partner",
    "partner_type": "Art des Partners",
    "partner_group": "Partnergruppe",
    "accession_year": "Beitrittsjahr",
    "focus_label": "Themenschwerpunkt",
    "status_label": "Umsetzungsstand",
    "measure_type_labels": "Maßnahmenarten",
    "n_measures": "Maßnahmen",
    "n_partners": "Partner",
    "focus_areas_reported": "Berichtete Themenschwerpunkte (Nr.)",
    "focus_labels_reported": "Berichtete Themenschwerpunkte",
    "n_staff_shares": "Anteilsangaben",
    "cumulative_partners": "Partner (kumuliert)",
    "basis_label": "Bezugsgruppe",
    "method_label": "Erhebungsart",
    "concept_label": "Begriff",
    "qualifier_label": "Einschränkung",
    "share_text": "Anteil (wie berichtet)",
    "goal": "Handlungsziel",
    "goal_title": "Titel des Handlungsziels",
    "n_active": "Aktive Maßnahmen",
    "goals_covered": "Abgedeckte Handlungsziele",
    "year": "Jahr",
    "year_text": "Jahr",
    "source": "Quelle",
    "source_short": "Quelle",
    "kind": "Art",
    "owner": "Verantwortlich",
    "context": "Zuordnung",
    "text": "Beschreibung",
    "status": "Status",
    "measure_id": "Lfd. Nr. (Dashboard)",
    "fundstelle": "Fundstelle",
    "fundstelle_a": "Fundstelle a",
    "fundstelle_b": "Fundstelle b",
    "title": "Titel",
    "zielgruppe": "Zielgruppe",
    "ressort": "Ressort",
    "measure_type_label": "Maßnahmenart",
    "pillar": "Säule",
    "regierungsbezirk": "Regierungsbezirk",
}


def column_label(name: str, table: str | None = None) -> str:
    if table and name in COLUMN_LABELS.get(table, {}):
        return COLUMN_LABELS[table][name]
    if name in DERIVED_LABELS:
        return DERIVED_LABELS[name]
    for labels in COLUMN_LABELS.values():
        if name in labels:
            return labels[name]
    return name


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """German number format: thousands point, decimal comma (1.234,5); the one place that writes numbers."""
    if value is None or is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_euro(amount: float | None) -> str:
    """An amount as a report writes it: '432,8 Mio. Euro', '2,7 Mio. Euro', '50.000 Euro' (no rounding beyond the
    stated digits: millions keep up to three decimals)."""
    if amount is None or is_missing(amount):
        return "–"
    if abs(amount) >= 1_000_000:
        millions = round(float(amount) / 1_000_000, 3)
        return f"{format_number(millions, decimals(millions, 3))} Mio. Euro"
    return f"{format_number(amount, decimals(float(amount), 2))} Euro"


def clip_text(text: str, limit: int) -> str:
    """At most `limit` characters; a shortened text ends in "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_percent(value: float | None, decimals: int = 1) -> str:
    """German percent format with a space before the sign: 20,15 %."""
    if is_missing(value):
        return "–"
    return f"{format_number(value, decimals)} %"


def format_date(value: dt.date | pd.Timestamp | None) -> str:
    if is_missing(value):
        return "–"
    return f"{value:%d.%m.%Y}"


def enumeration(items: list[str], most: int | None = None) -> str:
    """German list: 'A', 'A und B', 'A, B und C'; with `most`, at most that many named: 'A, B, C und 3 weitere'."""
    named = items[:most] if most is not None else items
    if len(named) < len(items):
        return f"{', '.join(named)} und {len(items) - len(named)} weitere"
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} und {named[-1]}"


def count(n: int, singular: str, plural: str) -> str:
    """A count with the right German noun form: '1 Maßnahme', '2 Maßnahmen', '0 Maßnahmen'."""
    return f"{format_number(n)} {singular if n == 1 else plural}"


def format_points(value: float | None) -> str:
    """A difference in percentage points with a real minus sign: '−4,85 Prozentpunkte'."""
    if value is None or is_missing(value):
        return "–"
    decimals = 0 if float(value).is_integer() else (2 if round(value, 1) != round(value, 2) else 1)
    text = format_number(abs(value), decimals)
    sign = "−" if value < 0 else ("+" if value > 0 else "±")
    return f"{sign}{text} {'Prozentpunkt' if abs(value) == 1 else 'Prozentpunkte'}"


def wrap_lines(text: str, width: int) -> list[str]:
    """Words of `text` in lines of at most `width` characters; a longer word stays whole on its own line."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _plot_text(value: str) -> str:
    from .text import plot  # the one escaping of data for plotly

    return plot(value)


def wrap(text: str, width: int, *, escape: bool = True, max_lines: int | None = None) -> str:
    """Text for a plotly label: escaped (data never renders as markup; `escape=False` for text that is already)
    and wrapped at word boundaries. Only a text that needs more than `max_lines` lines is shortened, after a whole
    word, with "…" (the full text belongs in the hover and the table)."""
    lines = wrap_lines(text, width)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        words = lines[-1].split()
        while words and len(" ".join(words)) + 2 > width:
            words.pop()
        lines[-1] = " ".join(words) + " …"
    return "<br>".join(_plot_text(line) if escape else line for line in lines)


# Abbreviations in partner names that a reader cannot be assumed to know ("NRW" is not one of them).
_ABBREVIATION = re.compile(r"\b(?!NRW\b)[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*[A-ZÄÖÜ][A-Za-zÄÖÜäöü]*\b")


def partner_label(short_name: str, name: str) -> str:
    """The display name, with the full name beside it where the display name contains an abbreviation:
    'WHKT (Westdeutscher Handwerkskammertag)', 'PP Dortmund (Polizeipräsidium Dortmund)', 'Kreis Lippe'."""
    if not isinstance(short_name, str) or not _ABBREVIATION.search(short_name):
        return short_name
    full = re.sub(r"\s*\([^)]*\)\s*$", "", str(name)).strip()
    return f"{short_name} ({full})" if full and full != short_name else short_name


def decimals(value: float, most: int = 2) -> int:
    """The decimals a reported value has (20.15 → 2, 12.5 → 1, 33.0 → 0), at most `most`."""
    for places in range(most):
        if round(value, places) == value:
            return places
    return most


def format_share(share: float | None, qualifier: str | None) -> str:
    """A reported share with its qualifier as the source states it: 'ca. 12,0 %'."""
    if share is None or is_missing(share):
        return "–"
    prefix = QUALIFIER.get(qualifier or "", "")
    text = format_percent(share, decimals(float(share)))
    return f"{prefix} {text}" if prefix else text


def format_reported(
    share: float | None,
    qualifier: str | None = None,
    upper: float | None = None,
    wording: str | None = None,
    derived: bool = False,
) -> str:
    """An amount as the source reports it: a range keeps both ends ('25–30 %'), a verbal amount keeps its
    wording next to the number derived from it ('„rund ein Drittel“ (abgeleitet: 33,3 %)')."""
    if not is_missing(wording) and (derived or is_missing(share)):
        return f"„{wording}“" + ("" if is_missing(share) else f" (abgeleitet: {format_share(share, None)})")
    if is_missing(share):
        return "–"
    if not is_missing(upper):
        prefix = QUALIFIER.get(qualifier or "", "")
        low = format_number(share, 0 if float(share or 0).is_integer() else 1)
        text = f"{low}–{format_share(upper, None)}"
        return f"{prefix} {text}" if prefix else text
    return format_share(share, qualifier)


def format_year(year: object) -> str:
    """A reference year, or the plain statement that the source gives none."""
    return YEAR_NOT_STATED if is_missing(year) else str(int(year))  # type: ignore[call-overload]


# Columns holding codes, shown by their German label; columns holding source keys, shown by the source's name.
CODE_COLUMNS = {"concept": CONCEPT, "basis": SHARE_BASIS, "method": METHOD, "qualifier": QUALIFIER}
SOURCE_COLUMNS = ("source_doc", "source_doc_a", "source_doc_b", "name_source_doc")


def to_display(
    frame: pd.DataFrame,
    columns: list[str],
    table: str | None = None,
    rename: dict[str, str] | None = None,
    sources: dict[str, str] | None = None,
) -> pd.DataFrame:
    """The given columns in order, headed with their German labels (tuples joined for reading), codes replaced
    by their labels and source keys by the sources' names (`sources`: key → name; required with such columns)."""
    rename = rename or {}
    shown = frame[columns].copy()
    for column in columns:
        values = shown[column]
        if column in SOURCE_COLUMNS:
            if sources is None:
                raise ValueError(f"Column {column} holds source keys: pass sources= to show their names")
            shown[column] = values.map(lambda key: sources.get(key, key) if isinstance(key, str) else key)
        elif column in CODE_COLUMNS:
            shown[column] = values.map(lambda code, names=CODE_COLUMNS[column]: names.get(code, code))
        elif values.dtype == object and len(values) and isinstance(values.iloc[0], tuple):
            shown[column] = [", ".join(map(str, v)) if isinstance(v, tuple) else v for v in values]
    return shown.rename(columns={c: rename.get(c, column_label(c, table)) for c in columns})
