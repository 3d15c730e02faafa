"""The whole deck laid out once, for the PowerPoint file and the PDF handout alike: the title slide, every chart
slide (continued over further slides where its rows need it), the closing slides with sources, definitions and
notes for the audience, and each slide's number and footer."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import frame, measure
from .frame import INNER, MARGIN, Page, TextBlock
from .measure import Box, wrap
from .slides import (
    DECK_TITLE_DEFAULT,
    NOTE_MAX,
    TITLE_MAX,
    DeckError,
    DeckInfo,
    Slide,
    Source,
    clean_text,
    footer_candidates,
    for_audience,
    split_caption,
    validate,
)

CLOSING_TITLE = "Quellen und Definitionen"
ENTRY_PT, HEADING_PT = 16, 18


@dataclass
class Closing:
    title: TextBlock
    blocks: list[TextBlock]  # section headings (bold) and entries, top to bottom
    number: str = ""


@dataclass
class DeckPlan:
    info: DeckInfo
    title: TextBlock
    lines: list[TextBlock]  # the title slide's lines under the title
    pages: list[Page]
    closing: list[Closing] = field(default_factory=list)

    @property
    def total(self) -> int:
        return 1 + len(self.pages) + len(self.closing)


def prepared(slides: list[Slide], info: DeckInfo) -> tuple[list[Slide], DeckInfo]:
    """Texts cleaned and limited (control and bidirectional control characters removed), definitions without
    curation notes; DeckError for an empty or oversized deck."""
    problems = validate(slides)
    if problems:
        raise DeckError(problems[0])
    cleaned = []
    for slide in slides:
        cleaned.append(
            Slide(
                title=clean_text(slide.title or "Diagramm", TITLE_MAX)[0],
                selection=clean_text(slide.selection, 600)[0],
                source=clean_text(slide.source, 1200)[0],
                chart=slide.chart,
                counted=clean_text(slide.counted, 600)[0],
                scope=clean_text(slide.scope, 600)[0],
                edition=clean_text(slide.edition, 200)[0],
                facts=[clean_text(f, 600)[0] for f in slide.facts],
                note=clean_text(slide.note, NOTE_MAX)[0],
                page=clean_text(slide.page, 120)[0],
                sources=[
                    Source(*(clean_text(v, 300)[0] for v in (s.title, s.publisher, s.status, s.short)))
                    for s in slide.sources
                ],
                definitions=for_audience([clean_text(d, 1200)[0] for d in slide.definitions]),
                uid=slide.uid,
            )
        )
    return cleaned, DeckInfo(
        title=clean_text(info.title or DECK_TITLE_DEFAULT, TITLE_MAX)[0],
        created=info.created,
        edition=clean_text(info.edition, 200)[0],
        link=clean_text(info.link, 300)[0],
    )


def status_lines(slides: list[Slide]) -> list[str]:
    return list(dict.fromkeys(f"{s.short or s.title}: {s.status}" for slide in slides for s in slide.sources))


def _title_slide(info: DeckInfo, slides: list[Slide]) -> tuple[TextBlock, list[TextBlock]]:
    for size in (36, 32, 28):
        lines = wrap(info.title, INNER, size, bold=True)
        if len(lines) <= 3:
            break
    title = TextBlock(lines, size, Box(MARGIN, 150, INNER, measure.height(len(lines), size)), bold=True)
    top = title.box.bottom + 24
    texts = [f"Erstellt am {info.created:%d.%m.%Y} mit dem IKÖ-Dashboard NRW"]
    texts += ["Datenstand: " + "; ".join(status_lines(slides))]
    if info.edition:
        texts.append(f"Datenausgabe: {info.edition}")
    if info.link:
        texts.append(f"Dieser Foliensatz im Dashboard: {info.link}")
    blocks = []
    for text in texts:
        block_lines = wrap(text, INNER, 18)
        block = TextBlock(block_lines, 18, Box(MARGIN, top, INNER, measure.height(len(block_lines), 18)))
        blocks.append(block)
        top = block.box.bottom + 6
    return title, blocks


def _closing_entries(slides: list[Slide], pages: list[Page]) -> list[tuple[str, list[str]]]:
    """Sections of the closing slides: every source in full, the definitions the charts rely on, and the notes
    under the charts (by slide number)."""
    sources = list(dict.fromkeys(s for slide in slides for s in slide.sources))
    definitions = list(dict.fromkeys(d for slide in slides for d in slide.definitions))
    hints: dict[str, list[str]] = {}
    for page in pages:
        if page.slide is None:
            continue
        hint = split_caption(page.slide.source)[1]
        if hint:
            hints.setdefault(hint, []).append(page.number.split(" / ")[0])
    sections = [("Quellen", [s.citation() for s in sources] or ["Eigene Auswertung des IKÖ-Dashboards NRW."])]
    if definitions:
        sections.append(("Definitionen", definitions))
    if hints:
        notes = [f"{_numbers(numbers)}: {hint}" for hint, numbers in hints.items()]
        sections.append(("Hinweise zu den Diagrammen", notes))
    return sections


def _numbers(numbers: list[str]) -> str:
    """The slides a note is about, consecutive ones as a range: „Folie 7“, „Folien 4–6“, „Folien 4 und 46“."""
    runs: list[list[int]] = []
    for number in sorted({int(n) for n in numbers}):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs]
    if len(parts) == 1:
        return f"Folie {parts[0]}" if runs[0][0] == runs[0][1] else f"Folien {parts[0]}"
    return f"Folien {', '.join(parts[:-1])} und {parts[-1]}"


def _closing_pages(sections: list[tuple[str, list[str]]]) -> list[Closing]:
    """The sections over as many slides as they need at 16 pt (a section continues on the next slide)."""
    pages: list[Closing] = []
    title = frame.title_block(CLOSING_TITLE)
    top_limit = title.box.bottom + 12
    bottom = frame.HEIGHT_PT - 40
    blocks: list[TextBlock] = []
    top = top_limit
    for heading, entries in sections:
        items = [(heading, HEADING_PT, True)] + [(f"• {entry}", ENTRY_PT, False) for entry in entries]
        for text, size, bold in items:
            lines = wrap(text, INNER - 12, size, bold)
            needed = measure.height(len(lines), size) + (10 if bold else 4)
            if top + needed > bottom and blocks:
                pages.append(Closing(title, blocks))
                blocks, top = [], top_limit
            blocks.append(TextBlock(lines, size, Box(MARGIN + (0 if bold else 12), top, INNER - 12, needed), bold))
            top += needed
    pages.append(Closing(title, blocks))
    if len(pages) > 1:
        for number, page in enumerate(pages, start=1):
            page.title = frame.title_block(f"{CLOSING_TITLE} ({number}/{len(pages)})")
    return pages


def plan_deck(slides: list[Slide], info: DeckInfo | None = None) -> DeckPlan:
    """The deck laid out: pages numbered "n / total", footers that fit (shortened by the rule of
    slides.footer_candidates, naming the first closing slide)."""
    slides, info = prepared(slides, info or DeckInfo())
    title, lines = _title_slide(info, slides)
    closing_number = 99
    pages: list[Page] = []
    closing: list[Closing] = []
    for _ in range(3):  # the footers name the first closing slide, whose number depends on the pages
        footers = [frame.footer_block(footer_candidates(slide, closing_number)) for slide in slides]
        pages = frame.plan(slides, footers)
        for number, page in enumerate(pages, start=2):
            page.number = str(number)
        closing = _closing_pages(_closing_entries(slides, pages))
        if closing_number == len(pages) + 2:
            break
        closing_number = len(pages) + 2
    plan = DeckPlan(info, title, lines, pages, closing)
    for number, page in enumerate(pages, start=2):
        page.number = f"{number} / {plan.total}"
    for number, page_ in enumerate(closing, start=len(pages) + 2):
        page_.number = f"{number} / {plan.total}"
    return plan
