"""Ready German citations: of a view (what an analyst pastes into an answer to the Landtag) and of a row's
Fundstelle in the published document (title, section in the document's own headings, page, quotation).

Pure: the page layer passes what it shows (title, selection line, link) and the dataset; nothing here knows
Streamlit. Line numbers of the project's text copies never appear in a citation: they are for data stewards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import labels
from .loading import Dataset
from .values import is_missing

DASHBOARD = "IKÖ-Dashboard NRW"
SLIDES_ROLE = "slides"


@dataclass(frozen=True)
class SourceRef:
    """A source as a citation names it."""

    title: str
    publisher: str
    status: str
    role: str = ""

    @property
    def text(self) -> str:
        return f"{self.title}, Herausgeber: {self.publisher}, {self.status}"


def _all_sources(ds: Dataset) -> dict[str, SourceRef]:
    return ds.derived(
        ("citation_sources",),
        lambda: {
            str(row.source_doc): SourceRef(str(row.title), str(row.publisher), str(row.status_label), str(row.role))
            for row in ds.sources.itertuples()
        },
    )


def source_refs(ds: Dataset, source_docs: Iterable[str]) -> list[SourceRef]:
    """The named sources in the order of the sources table (unknown keys are left out)."""
    wanted = set(source_docs)
    return [ref for doc, ref in _all_sources(ds).items() if doc in wanted]


def view_citation(
    *,
    view: str,
    selection: str,
    sources: Sequence[SourceRef | str],
    edition: str,
    accessed: dt.date,
    link: str = "",
) -> str:
    """„IKÖ-Dashboard NRW: <view>. Auswahl: <selection>. Eigene Auswertung nach: <title>, Herausgeber: <publisher>,
    <status>. Datenstand: <edition>. Abgerufen am TT.MM.JJJJ unter <link>.“ (a source given as text is named as it
    is)."""
    named = "; ".join(source.text if isinstance(source, SourceRef) else source for source in sources)
    selected = selection if selection.startswith("Auswahl:") else f"Auswahl: {selection}"
    parts = [f"{DASHBOARD}: {_sentence(view)}", _sentence(selected)]
    if named:
        parts.append(f"Eigene Auswertung nach: {_sentence(named)}")
    else:
        parts.append("Eigene Auswertung.")
    if edition:
        parts.append(f"Datenstand: {_sentence(edition)}")
    accessed_text = f"Abgerufen am {labels.format_date(accessed)}"
    parts.append(f"{accessed_text} unter {link}." if link else f"{accessed_text}.")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _cell(value: Any) -> str:
    return "" if value is None or is_missing(value) else str(value).strip()


def fundstelle(title: str, section: str, quote: str, page: str = "", *, slides: bool = False) -> str:
    """„<title>, <section>, S. 34–35: „<quote>““ — the quotation left out where the section already names it (a
    heading cited as itself); „Folie 17“ for slides."""
    if page and slides and section.startswith("Folie "):
        section, page = f"Folie {page} {section.removeprefix('Folie ')}", ""  # „Folie 17 „3. …““
    parts = [part for part in (title, section) if part]
    if page:
        parts.append(f"{'Folie' if slides else 'S.'} {page}")
    text = ", ".join(parts)
    if quote and quote not in section:
        text += f": „{quote}“"
    return text


def row_fundstelle(ds: Dataset, row: Mapping[str, Any], *, prefix: str = "", suffix: str = "") -> str:
    """The Fundstelle of one cited place of a row ("" where the row cites no document); `prefix="name_"` for a
    partner's name, `suffix="_a"`/`"_b"` for a side of a conflict."""
    doc = _cell(row.get(f"{prefix}source_doc{suffix}"))
    if not doc:
        return ""
    source = _all_sources(ds).get(doc)
    return fundstelle(
        source.title if source else doc,
        _cell(row.get(f"{prefix}source_section{suffix}")),
        _cell(row.get(f"{prefix}source_quote{suffix}")),
        _cell(row.get(f"{prefix}source_page{suffix}")),
        slides=source is not None and source.role == SLIDES_ROLE,
    )


def fundstellen(ds: Dataset, frame: pd.DataFrame, *, prefix: str = "", suffix: str = "") -> pd.Series:
    """The Fundstelle of every row of a table, for a column „Fundstelle“ in place of document and line."""
    columns = [f"{prefix}source_{what}{suffix}" for what in ("doc", "section", "quote", "page")]
    records = frame[[c for c in columns if c in frame]].to_dict("records")
    return pd.Series([row_fundstelle(ds, row, prefix=prefix, suffix=suffix) for row in records], index=frame.index)
