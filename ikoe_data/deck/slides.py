"""Slides of a deck: the data of one chart slide, its texts, the deck's limits and the rules for what an audience
reads (clean text, the footer's source line, definitions without curation notes)."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .spec import ChartSpec, SpecError

MAX_SLIDES = 50
TITLE_MAX = 200
NOTE_MAX = 500
DECK_TITLE_DEFAULT = "IKÖ-Dashboard NRW – Ausgewählte Diagramme"
LANGUAGE = "de-DE"
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]


class DeckError(ValueError):
    """A deck that cannot be built as asked; the message is German and meant for the user."""


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    status: str
    short: str = ""  # the short title charts use (e.g. "Partnerbericht IKÖ")

    def line(self) -> str:
        return f"{self.title} ({self.publisher}), {self.status}"

    def citation(self) -> str:
        return f"{self.title} – {self.publisher} ({self.status})"


@dataclass
class Slide:
    """One chart slide: its chart as a specification (`chart`: ikoe_data.deck.spec.ChartSpec as JSON; None for a
    chart without rows)."""

    title: str
    selection: str  # the selection line: "Auswahl: Art: Kommune · n = 53 Partnermaßnahmen"
    source: str  # the caption under the dashboard's chart (full source line and notes)
    chart: dict[str, Any] | None = None
    counted: str = ""  # what the chart counts (the figure's own subtitle)
    scope: str = ""  # the active filters in words: "Nur Partner der Art Kommune (4 Partner: …)"
    edition: str = ""
    facts: list[str] = field(default_factory=list)
    note: str = ""
    page: str = ""
    sources: list[Source] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    uid: str = ""

    def spec(self) -> ChartSpec | None:
        return ChartSpec.from_dict(self.chart) if self.chart else None

    @property
    def kind(self) -> str:
        """The chart kind (ikoe_data.deck.spec.KINDS) or 'empty'."""
        return str(self.chart.get("kind", "empty")) if self.chart else "empty"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slide:
        """Rebuild a slide from stored JSON (also of the first format, which stored the plotly figure: its chart
        is derived now); raises DeckError on anything malformed."""
        from .derive import chart_spec

        if not isinstance(data, dict):
            raise DeckError("Eine gespeicherte Folie ist beschädigt (kein Diagramm).")
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        figure = data.get("figure")
        if "chart" not in data and isinstance(figure, dict):  # a link of the first format
            spec = chart_spec(figure)
            values["chart"] = spec.to_dict() if spec is not None else None
            values.setdefault("counted", plain(str(slide_meta(figure).get("subtitle") or "")))
        try:
            values["sources"] = [Source(**s) for s in values.get("sources", [])]
            slide = cls(**values)
        except TypeError as error:
            raise DeckError("Eine gespeicherte Folie ist beschädigt (fehlende Angaben).") from error
        for name in ("title", "selection", "source", "counted", "scope", "edition", "note", "page", "uid"):
            if not isinstance(getattr(slide, name), str):
                raise DeckError("Eine gespeicherte Folie ist beschädigt (Text erwartet).")
        if slide.chart is not None:
            try:
                slide.spec()
            except SpecError as error:
                raise DeckError("Eine gespeicherte Folie ist beschädigt (Diagrammdaten).") from error
        return slide


def slide_meta(figure: Any) -> dict[str, Any]:
    meta = figure.get("layout", {}).get("meta") if isinstance(figure, dict) else None
    return meta if isinstance(meta, dict) else {}


@dataclass
class DeckInfo:
    title: str = DECK_TITLE_DEFAULT
    created: dt.date = field(default_factory=dt.date.today)
    edition: str = ""
    link: str = ""  # the address that reopens this deck (stored when a file is downloaded)


# --------------------------------------------------------------------------- text

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Bidirectional controls (embeddings, overrides, isolates, marks): they can reorder what a title or note shows
# (e.g. "Anteil 52 %" read as "% 25 lietnA"), so they never reach a slide.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_TAGS = re.compile(r"<[^>]+>")


def clean_text(text: str, limit: int, *, one_line: bool = True) -> tuple[str, bool]:
    """Text safe for an XML file and for its reader (control and bidirectional control characters removed), at
    most `limit` characters; says if shortened. Text that looks like a formula (= + - @) stays literal text:
    slides have no formulas, and the embedded chart workbooks are written with formulas switched off."""
    text = BIDI_CONTROLS.sub("", _INVALID_XML.sub("", str(text or "")))
    if one_line:
        text = " ".join(text.split())
    text = text.strip()
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rstrip() + "…", True


def plain(html_text: str) -> str:
    """Plotly's small HTML subset as plain text (line breaks become spaces)."""
    text = re.sub(r"<br\s*/?>", " ", str(html_text or ""), flags=re.IGNORECASE)
    text = _TAGS.sub("", text)
    return " ".join(html.unescape(text).split())  # entities of ikoe_data.text.plot (&amp; &lt; &#36; …)


def figure_title(figure: dict[str, Any]) -> str:
    meta = slide_meta(figure)
    if meta.get("title"):
        return plain(str(meta["title"]))
    title = figure.get("layout", {}).get("title", {})
    return plain(title.get("text", "") if isinstance(title, dict) else title)


def validate(slides: list[Slide]) -> list[str]:
    """German problems that stop a deck from being built (none: it can be built)."""
    if not slides:
        return [
            "Der Foliensatz ist leer. Fügen Sie auf den Seiten des Dashboards Diagramme über "
            "„Zum Foliensatz hinzufügen“ hinzu."
        ]
    if len(slides) > MAX_SLIDES:
        return [
            f"Der Foliensatz hat {len(slides)} Diagramme; höchstens {MAX_SLIDES} sind möglich. "
            "Entfernen Sie bitte Folien."
        ]
    return []


# --------------------------------------------------------------------------- what the audience reads

# Curation notes are for data stewards and stay on "Daten & Methodik": a definition that cites lines of the
# project's text copy of a source ("Zeile 509", "Zeilen 1916–1951", "Z. 668") or a Fundstelle of a passage, tells
# how an abbreviation was read ("„MKV“ ist als MKW gelesen", "Kürzel des Abkürzungsverzeichnisses") or how a passage
# without a heading was assigned ("Zuordnung ohne Überschrift") is not shown.
CURATION = re.compile(
    r"\bZeilen?\s+\d|\bZ\.\s*\d|\bals\s+\S+\s+gelesen\b|Abkürzungsverzeichnis|\(Fundstelle\b|ohne\s+(Partner)?[üÜ]berschrift",
    re.IGNORECASE,
)


def for_audience(definitions: list[str]) -> list[str]:
    """The definitions a committee reads: without curation notes (see CURATION)."""
    return [d for d in definitions if not CURATION.search(d)]


def split_caption(caption: str) -> tuple[str, str]:
    """The caption under a chart ("Quelle: … Eigene Auswertung. Note …") as its source part and its note."""
    text = " ".join(str(caption or "").split())
    marker = "Eigene Auswertung."
    if marker in text:
        head, tail = text.split(marker, 1)
        return f"{head}{marker}", tail.strip()
    return text, ""


def footer_candidates(slide: Slide, closing: int) -> list[tuple[str, bool]]:
    """The footer's source line, longest first; the slide uses the first that fits two lines. The rule: sources
    by short title with their status, „Eigene Auswertung“ and the data edition; then without the edition; then
    short titles only; then the first source and how many more. Every shortened form ends by naming the closing
    slide `closing` that holds the full citations (bool: shortened)."""
    sources = slide.sources
    where = f"Vollständige Quellenangaben: Folie {closing}."
    if not sources:
        full = split_caption(slide.source)[0]
        return [(full, False), (f"Quelle: siehe Folie {closing}.", True)]
    with_status = "; ".join(f"{s.short or s.title}, {s.status}" for s in sources)
    shorts = "; ".join(s.short or s.title for s in sources)
    edition = f" Datenausgabe: {slide.edition}." if slide.edition else ""
    first = sources[0].short or sources[0].title
    more = f" und {len(sources) - 1} weitere" if len(sources) > 1 else ""
    return [
        (f"Quelle: {with_status}. Eigene Auswertung.{edition}", False),
        (f"Quelle: {with_status}. Eigene Auswertung. {where}", True),
        (f"Quelle: {shorts}. Eigene Auswertung. {where}", True),
        (f"Quelle: {first}{more}. {where}", True),
    ]
