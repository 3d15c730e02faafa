"""What a page shows, as plain data: a page model is built without Streamlit by a pure function of (dataset,
filters, view choices) and drawn by the one renderer (`ikoe_ui.render`). The deck and the downloads read the same
model, so what leaves the screen is what the screen shows.

Texts in a model are of two kinds: `markdown` fields hold Markdown built by the data layer with every data value
made literal (`ikoe_data.text.md`); all other text fields are plain text, which the renderer makes literal."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
import plotly.graph_objects as go

from ..filters import Filters
from ..loading import Dataset

if TYPE_CHECKING:
    from ..analysis import Views


@dataclass(frozen=True)
class Count:
    """What an output rests on and how many: `basis` is a key of `ikoe_data.selection.BASES`; `within` what
    those belong to (15 amounts of 11 measures)."""

    basis: str
    n: int
    within: Count | None = None


@dataclass(frozen=True)
class View:
    """A chart and its table as two views of the same frame (or a table alone when `figure` is None and
    `chart` is False), with the selection line, source caption and downloads of exactly the table.

    `selection` is the line under the chart title, counting what the chart rests on; `table_selection` counts
    what the table and its downloads hold (they may differ, e.g. a chart of the amounts with a year beside the
    table of all amounts)."""

    key: str
    name: str
    table: pd.DataFrame
    sources: tuple[str, ...]
    figure: go.Figure | None = None
    chart: bool = True
    title: str = ""
    selection: str = ""
    table_selection: str = ""
    caption: str = ""
    credit: str = ""
    note: str = ""
    no_chart: str = ""
    summary: str = ""
    downloads: bool = True
    show_table: bool = True  # False: only the downloads (e.g. the whole data dictionary beside one file's part)
    height: int | None = None
    # decimals of every decimal column, on screen and in Excel (shares the dashboard computes: 43,0 beside 16,2);
    # None: each value as precise as its source reported it (20,15 · 12,5 · 33)
    decimals: int | None = None

    @property
    def download_title(self) -> str:
        return self.title or self.name


@dataclass(frozen=True)
class Heading:
    text: str
    level: Literal[1, 2] = 1  # 1: a section of the page (st.header), 2: a part of a section (st.subheader)


@dataclass(frozen=True)
class Markdown:
    markdown: str


@dataclass(frozen=True)
class Caption:
    markdown: str


@dataclass(frozen=True)
class Notice:
    markdown: str
    kind: Literal["info", "warning", "success", "error"] = "info"
    icon: str | None = None


@dataclass(frozen=True)
class Facts:
    """The box "Das Wichtigste in Kürze": plain sentences."""

    sentences: tuple[str, ...]


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    help: str = ""


@dataclass(frozen=True)
class Metrics:
    items: tuple[Metric, ...]


@dataclass(frozen=True)
class Choice:
    """A view choice the analyst makes on the page (a partner, a search query, an edition to compare with):
    drawn where it stands, its value read before the next build. `value` is what the builder used."""

    key: str
    label: str
    options: tuple[Any, ...] = ()
    labels: Mapping[Any, str] = field(default_factory=dict)
    value: Any = None
    kind: Literal["select", "text", "multi"] = "select"  # multi: a tuple of options; as a link, joined by commas
    # How the choice is part of the link that reopens the view: "label" — bound by Streamlit, which writes the
    # option's label; "value" — the option itself (e.g. `/partner?id=14`), the link wins over the widget; "none".
    link: Literal["label", "value", "none"] = "label"
    help: str = ""
    placeholder: str = ""
    max_chars: int | None = None


@dataclass(frozen=True)
class PageLink:
    page: str  # registry key
    label: str
    query: Mapping[str, str] = field(default_factory=dict)
    icon: str = ":material/open_in_new:"


@dataclass(frozen=True)
class ChoiceGroup:
    """Choices drawn side by side under a label (e.g. the search's facets)."""

    label: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class HitItem:
    """One search hit as a list shows it. `title` and `snippet` are Markdown (data literal, matched words marked;
    the renderer draws the title bold);
    `meta` is plain text (kind, partner or ministries, category, status, Fundstelle); `details` are (label,
    Markdown) pairs shown on request."""

    key: str
    title: str
    meta: str
    snippet: str
    details: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class HitList:
    """Ranked hits, a page of them at a time: „Weitere Treffer“ stores `more_value` as the choice `more_key`."""

    hits: tuple[HitItem, ...]
    total: int
    more_key: str = ""
    more_value: str = ""
    more_label: str = ""


Block = Heading | Markdown | Caption | Notice | Facts | Metrics | View | Choice | ChoiceGroup | HitList | PageLink


@dataclass(frozen=True)
class PageModel:
    """A whole page: title and question, the blocks in order (the main facts among them), and "Was Sie wissen
    müssen" (Markdown bullets, empty for pages that explain themselves)."""

    title: str
    question: str
    blocks: tuple[Block, ...]
    definitions: tuple[str, ...] = ()
    # True: the page's sections (each level-1 heading with the blocks up to the next) are tabs, of which only the
    # open one is computed and sent (a page of many charts, drawn whole, took the browser 3–4 times as long as the
    # Übersicht: issue #25); the blocks before the first heading (the main facts) stand above the tabs
    section_tabs: bool = False

    @property
    def facts(self) -> tuple[str, ...]:
        """The page's main facts (its first facts box)."""
        return next((block.sentences for block in self.blocks if isinstance(block, Facts)), ())

    def plain_definitions(self) -> list[str]:
        """The definitions as plain sentences (for slides): no emphasis, no escapes."""
        return [plain(item) for item in self.definitions]

    def sections(self) -> tuple[tuple[Block, ...], list[tuple[str, tuple[Block, ...]]]]:
        """The blocks before the first level-1 heading, and each level-1 heading's text with its blocks up to the
        next one."""
        head: list[Block] = []
        sections: list[tuple[str, list[Block]]] = []
        for block in self.blocks:
            if isinstance(block, Heading) and block.level == 1:
                sections.append((block.text, []))
            else:
                (sections[-1][1] if sections else head).append(block)
        return tuple(head), [(text, tuple(blocks)) for text, blocks in sections]

    def views(self) -> list[View]:
        return [block for block in self.blocks if isinstance(block, View)]

    def opening_views(self) -> list[View]:
        """The views the page shows when it opens: all of them, or with section tabs those of the first section."""
        if not self.section_tabs:
            return self.views()
        head, sections = self.sections()
        blocks = head + (sections[0][1] if sections else ())
        return [block for block in blocks if isinstance(block, View)]

    def view(self, key: str) -> View:
        for view in self.views():
            if view.key == key:
                return view
        raise KeyError(key)


@dataclass(frozen=True)
class Edition:
    edition_id: str
    label: str


@dataclass(frozen=True)
class PageInput:
    """Everything a page model is built from. `choices` are the raw view choices (from the link or the widgets:
    strings or widget values), which the builder checks; `compare` is the edition the analyst compares the
    current one with, loaded by `load`."""

    ds: Dataset
    views: Views
    filters: Filters
    choices: Mapping[str, Any]
    edition: Edition
    editions: tuple[Edition, ...]
    load: Callable[[str], Dataset]

    def choice(self, key: str, default: Any = None) -> Any:
        return self.choices.get(key, default)


def resolve(raw: Any, options: Sequence[Any], labels: Mapping[Any, str] | None = None) -> Any:
    """The option a raw choice names (the option itself, its text, or its label as a bound widget writes it into
    the link), or None."""
    if raw is None:
        return None
    for option in options:
        if raw == option or str(raw) == str(option) or (labels and str(raw) == labels.get(option)):
            return option
    return None


def plain(markdown: str) -> str:
    """Markdown of the data layer as plain text: emphasis and the escapes of `ikoe_data.text.md` removed."""
    text = re.sub(r"\*{1,2}([^*]+)\*{1,2}", r"\1", markdown).replace("\u2060", "")
    return re.sub(r"\\(.)", r"\1", text)
