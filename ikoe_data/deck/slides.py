"""Slides of a deck: the data of one chart slide, its texts and the deck's limits."""

from __future__ import annotations

import html
import re
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from pptx.dml.color import RGBColor

MAX_SLIDES = 50
TITLE_MAX = 200
NOTE_MAX = 500
DECK_TITLE_DEFAULT = "IKÖ-Dashboard NRW – Ausgewählte Diagramme"
LANGUAGE = "de-DE"
SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000  # 16:9, 33.867 × 19.05 cm (PowerPoint's own)
IMAGE_WIDTH = 1200  # CSS pixels of a chart image; rendered at twice that for print/projector sharpness
IMAGE_SCALE = 2
IMAGE_ASPECT = 2.4  # width / height of the chart area of a slide
KALEIDO_TABS = 2  # figures rendered at the same time (the machine has two cores)
GREY = RGBColor(0x55, 0x55, 0x55)
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
NATIVE_KINDS = {"bar": "Balkendiagramm", "stacked_bar": "Gestapeltes Balkendiagramm", "line": "Liniendiagramm"}
KIND_LABELS = {**NATIVE_KINDS, "scatter": "Punktdiagramm", "image": "Bild", "empty": "ohne Daten"}


class DeckError(ValueError):
    """A deck that cannot be built as asked; the message is German and meant for the user."""


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str
    status: str

    def line(self) -> str:
        return f"{self.title} ({self.publisher}), {self.status}"


@dataclass
class Slide:
    """One chart slide. `figure` is the plotly figure as a JSON dict (`json.loads(fig.to_json())`)."""

    title: str
    figure: dict[str, Any]
    selection: str
    source: str
    facts: list[str] = field(default_factory=list)
    note: str = ""
    page: str = ""
    sources: list[Source] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    uid: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Slide:
        """Rebuild a slide from stored JSON; raises DeckError on anything malformed."""
        if not isinstance(data, dict) or not isinstance(data.get("figure"), dict):
            raise DeckError("Eine gespeicherte Folie ist beschädigt (kein Diagramm).")
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        try:
            values["sources"] = [Source(**s) for s in values.get("sources", [])]
            slide = cls(**values)
        except TypeError as error:
            raise DeckError("Eine gespeicherte Folie ist beschädigt (fehlende Angaben).") from error
        for name in ("title", "selection", "source", "note", "page", "uid"):
            if not isinstance(getattr(slide, name), str):
                raise DeckError("Eine gespeicherte Folie ist beschädigt (Text erwartet).")
        return slide


# --------------------------------------------------------------------------- text

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAGS = re.compile(r"<[^>]+>")


def clean_text(text: str, limit: int, *, one_line: bool = True) -> tuple[str, bool]:
    """Text safe for an XML file (control characters removed), at most `limit` characters; says if shortened.
    Text that looks like a formula (= + - @) stays literal text: slides have no formulas, and the embedded chart
    workbooks are written with formulas switched off."""
    text = _INVALID_XML.sub("", str(text or ""))
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
