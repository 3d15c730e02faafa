"""Where everything sits on a 16:9 slide, shared by the PowerPoint file and the PDF handout, so that both show
the same slides: sizes in points (960 × 540), text measured with the font both use (Arial's metrics, which
Liberation Sans shares), titles and subtitles wrapped into boxes of their own, the chart's room, and how many
rows of a chart fit a slide at the minimum text size (more continue on further slides).

Size rules: no chart or table text under MIN_PT (14 pt); titles 28, 24 or 20 pt; the active filters 18 pt; what
is counted 16 pt; footer 14 pt on two lines at most."""

from __future__ import annotations

from dataclasses import dataclass

from .chart_layout import row_bounds, table_columns_per_slide
from .measure import MIN_PT, Box, height, wrap
from .slides import Slide
from .spec import ChartSpec, chunks, column_chunks

SLIDE_WIDTH, SLIDE_HEIGHT = 12192000, 6858000  # EMU: 16:9, 33.867 × 19.05 cm (PowerPoint's own)
EMU_PER_PT = 12700
WIDTH_PT, HEIGHT_PT = SLIDE_WIDTH / EMU_PER_PT, SLIDE_HEIGHT / EMU_PER_PT  # 960 × 540
MARGIN = 36.0
INNER = WIDTH_PT - 2 * MARGIN
TITLE_SIZES = (28, 24, 20)
SCOPE_PT, COUNTED_PT, NOTE_PT, FOOTER_PT = 18, 16, 16, MIN_PT
NUMBER_WIDTH = 70.0  # the slide number at the footer's right


@dataclass
class TextBlock:
    lines: list[str]
    size: float
    box: Box
    bold: bool = False


@dataclass
class Page:
    """One slide as laid out: title, the lines under it, the chart's box, the footer."""

    title: TextBlock
    blocks: list[TextBlock]  # active filters, what is counted, the note
    chart: Box
    footer: TextBlock
    number: str
    slide: Slide | None = None
    spec: ChartSpec | None = None
    index: int = 0  # the slide's place in the deck (0 = the first chart)


def title_block(text: str, top: float = 22.0) -> TextBlock:
    """The largest title size at which the title takes at most two lines (else 20 pt, wrapped)."""
    for size in TITLE_SIZES:
        lines = wrap(text, INNER, size, bold=True)
        if len(lines) <= 2:
            break
    return TextBlock(lines, size, Box(MARGIN, top, INNER, height(len(lines), size)), bold=True)


def _block(text: str, size: float, top: float, bold: bool = False) -> TextBlock:
    lines = wrap(text, INNER, size, bold)
    return TextBlock(lines, size, Box(MARGIN, top, INNER, height(len(lines), size)), bold)


def footer_block(candidates: list[tuple[str, bool]]) -> TextBlock:
    """The first footer text that fits two lines beside the slide number, at the slide's bottom."""
    width = INNER - NUMBER_WIDTH - 12
    for text, _ in candidates:
        lines = wrap(text, width, FOOTER_PT)
        if len(lines) <= 2:
            break
    lines = lines[:2]
    box_height = height(len(lines), FOOTER_PT)
    return TextBlock(lines, FOOTER_PT, Box(MARGIN, HEIGHT_PT - 14 - box_height, width, box_height))


def chart_frame(slide: Slide, title: str, footer: TextBlock) -> tuple[TextBlock, list[TextBlock], Box]:
    """Title, the lines under it and the room left for the chart."""
    head = title_block(title)
    top = head.box.bottom + 6
    blocks = []
    for text, size, bold in (
        (slide.scope, SCOPE_PT, True),
        (" ".join(part for part in (_sentence(slide.counted), slide.selection) if part), COUNTED_PT, False),
        (slide.note, NOTE_PT, True),
    ):
        if text:
            block = _block(text, size, top, bold)
            blocks.append(block)
            top = block.box.bottom + 4
    chart = Box(MARGIN, top + 6, INNER, footer.box.top - 10 - (top + 6))
    return head, blocks, chart


def _sentence(text: str) -> str:
    text = text.strip()
    return text + "." if text and text[-1] not in ".!?:" else text


def plan(slides: list[Slide], footers: list[TextBlock]) -> list[Page]:
    """Every chart slide as one or more pages: a chart with more rows than fit at the minimum text size goes on
    over further slides ("(1/2)", "(2/2)"), each with the same value axis and legend."""
    pages: list[Page] = []
    for position, (slide, footer) in enumerate(zip(slides, footers)):
        spec = slide.spec()
        probe_title = slide.title + (" (9/9)" if spec is not None and spec.rows else "")
        head, blocks, chart = chart_frame(slide, probe_title, footer)
        parts: list[ChartSpec | None] = [spec]
        if spec is not None:
            wide = column_chunks(spec, table_columns_per_slide(spec, chart)) if spec.kind == "table" else [spec]
            parts = [part for piece in wide for part in chunks(piece, row_bounds(piece, chart))]
        total = len(parts)
        for index, part in enumerate(parts, start=1):
            title = slide.title if total == 1 else f"{slide.title} ({index}/{total})"
            head, blocks, chart = chart_frame(slide, title, footer)
            if part is not None:
                part.part = (index, total)
            pages.append(Page(head, blocks, chart, footer, "", slide, part, position))
    return pages
