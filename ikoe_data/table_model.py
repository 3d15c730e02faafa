"""How a table of the datasets is described (Column, Table) and the fixed sets of values its columns allow.

The tables themselves are defined in `schema`; their German documentation is written by `data_dictionary`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["int", "float", "str", "date", "bool", "list"]

# Enumerations whose values are fixed by the project (not by a lookup table).
STATUS_PARTNER_MEASURE = ("carried_out", "ongoing", "planned", "cancelled_postponed")
STATUS_STRATEGY_MEASURE = ("laufend", "geplant", "laufend_und_geplant", "abgeschlossen")
PARTNER_TYPES = (
    "Bezirksregierung",
    "Kommune",
    "Kreis",
    "Kommunalverbund",
    "Polizei",
    "Jobcenter",
    "Landschaftsverband",
    "Wohlfahrtsverband",
    "Kammer",
    "Verband",
    "Bildungseinrichtung",
    "Unternehmen",
    "Rundfunk",
    "Migrantenorganisation",
)
REGIERUNGSBEZIRKE = ("Arnsberg", "Detmold", "Düsseldorf", "Köln", "Münster", "mehrere")
SCOPES = ("lokal", "regional", "landesweit")
PLACE_BASES = ("name", "seat", "region")
NAME_BASES = ("report_section_order", "web_page_date", "web_page_elimination", "import")
SHARE_BASES = ("staff", "trainees", "new_hires", "applicants", "management", "department", "members", "other")
CONCEPTS = ("einwanderungsgeschichte", "migrationshintergrund", "foreign_nationality", "born_abroad", "unspecified")
METHODS = ("survey", "estimate", "name_based", "administrative", "unknown")
# each qualifier is a word the source itself uses ("etwa" stays "etwa", "annähernd" stays "annaehernd")
QUALIFIERS = (
    "ca",
    "etwa",
    "rund",
    "mehr_als",
    "etwas_mehr_als",
    "knapp",
    "fast",
    "annaehernd",
    "ueber",
    "unter",
    "mindestens",
)
# what a source is for the dashboard: pages ask the dataset for the current report of a role
SOURCE_ROLES = ("partner_report", "strategy_report", "slides", "guide", "web_page", "other")
UNITS = ("percent", "count", "persons", "euro")
ZIELDIMENSIONEN = ("I", "II", "III")
PILLARS = ("Personal", "Organisationsstrukturen", "Angebot", "Vernetzung", "–")


TEXT_LIMIT = 300  # characters of a text or list cell unless the column declares more (max_length)
LONG_TEXT_LIMIT = 2000  # summaries, notes, descriptions


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    label: str
    description: str
    required: bool = True
    enum: tuple[str, ...] | None = None
    ref: tuple[str, str] | None = None  # (table, column) the value (or each list item) must exist in
    min: float | None = None
    max: float | None = None
    not_future: bool = False
    max_length: int | None = None  # text and list columns: longest allowed cell (default TEXT_LIMIT)

    @property
    def text_limit(self) -> int | None:
        """Characters allowed in a cell of a text or list column (checked on load and import)."""
        return (self.max_length or TEXT_LIMIT) if self.kind in ("str", "list") else None


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    editable: bool = True  # offered in the import template
    provenance: bool = True  # rows carry source_doc/source_line

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def source_columns(line_label: str = "Zeile in der Quelle") -> tuple[Column, ...]:
    return (
        Column(
            "source_doc",
            "str",
            "Quelle",
            "Schlüssel des Quelldokuments (siehe sources.csv).",
            ref=("sources", "source_doc"),
        ),
        Column(
            "source_line",
            "int",
            line_label,
            "1-basierte Zeilennummer im Quelldokument, an der die Angabe steht.",
            min=1,
        ),
    )


def anchor_column(required: bool = True) -> Column:
    return Column(
        "source_anchor",
        "str",
        "Fundstelle (Wortlaut)",
        "Kurzer wörtlicher Ausschnitt der Zeile source_line (Name, Stichwort oder Zahl), "
        "mit dem Tests prüfen, dass die Angabe dort steht.",
        required=required,
    )


def fundstelle_columns(required: bool = True, prefix: str = "", suffix: str = "", of: str = "") -> tuple[Column, ...]:
    """Where a reader finds a cited line in the published document: section path, quotation and page (derived by
    etl/fundstellen from the document's structure). `of` names the cited statement in the labels, e.g. "Name"."""
    what = f" {of}" if of else ""
    return (
        Column(
            f"{prefix}source_section{suffix}",
            "str",
            f"Fundstelle{what} (Abschnitt)",
            "Abschnitt des Dokuments in dessen eigenen Überschriften, in dem die Angabe steht (z. B. Handlungsziel 17 "
            "„…“, Maßnahme „…“); Überschriften des Dokuments stehen in „…“.",
            required=required,
            max_length=LONG_TEXT_LIMIT,
        ),
        Column(
            f"{prefix}source_quote{suffix}",
            "str",
            f"Fundstelle{what} (Zitat)",
            "Kurzes wörtliches Zitat der Stelle, wie gedruckt (am Zeilenende getrennte Wörter zusammengefügt), mit dem "
            "eine Suche im veröffentlichten Dokument die Stelle findet; … markiert Auslassungen.",
            required=required,
        ),
        Column(
            f"{prefix}source_page{suffix}",
            "str",
            f"Fundstelle{what} (Seite)",
            "Seite(n) im gedruckten Dokument, wo die Textfassung sie trägt: im Umsetzungsbericht laut "
            "Inhaltsverzeichnis von der Seite, auf der der Abschnitt beginnt, bis zu der, auf der der nächste beginnt "
            "(z. B. 34–35; „65 ff.“ beim letzten); bei Folien die Foliennummer aus der Fußzeile; leer, wo die "
            "Textfassung keine Seitenzahlen trägt.",
            required=False,
        ),
    )
