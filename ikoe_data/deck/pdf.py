"""The PDF handout: the same slides as the PowerPoint file (ikoe_data.deck.plan), laid out with fpdf2 (pure
Python, real text, no office suite), charts and tables drawn from the same specification at the same sizes."""

from __future__ import annotations

from typing import Any

from . import frame, measure
from .frame import TextBlock
from .measure import MIN_PT
from .pdf_charts import draw_chart, text
from .plan import DeckPlan, plan_deck
from .powerpoint import EMPTY
from .slides import LANGUAGE, DeckInfo, Slide

GREY = "#404040"


def build_pdf(slides: list[Slide], info: DeckInfo | None = None) -> bytes:
    """The deck as a PDF handout, one 16:9 page per slide (title, charts, closing)."""
    return write_pdf(plan_deck(slides, info))


def _block(pdf: Any, block: TextBlock, colour: str = "#222222") -> None:
    for number, line in enumerate(block.lines):
        text(pdf, block.box.left, block.box.top + number * block.size * measure.LINE, line, block.size,
             bold=block.bold, colour=colour)  # fmt: skip


def _number(pdf: Any, number: str) -> None:
    text(
        pdf, frame.WIDTH_PT - frame.MARGIN, frame.HEIGHT_PT - 14 - MIN_PT * measure.LINE, number, colour=GREY, align="R"
    )


def new_pdf(info: DeckInfo) -> Any:
    from fpdf import FPDF

    regular, bold = measure.font_files()
    pdf = FPDF(orientation="L", unit="pt", format=(frame.HEIGHT_PT, frame.WIDTH_PT))
    pdf.set_auto_page_break(False)
    pdf.set_margins(frame.MARGIN, 0, frame.MARGIN)
    pdf.add_font("Sans", "", regular)
    pdf.add_font("Sans", "B", bold)
    pdf.set_title(info.title)
    pdf.set_lang(LANGUAGE)
    pdf.set_creator("IKÖ-Dashboard NRW")
    return pdf


def write_pdf(plan: DeckPlan, pages: set[int] | None = None) -> bytes:
    """The handout (or only the slides numbered in `pages`, 1 = the title slide: the deck page's previews)."""
    pdf = new_pdf(plan.info)
    wanted = pages or set(range(1, plan.total + 1))
    if 1 in wanted:
        pdf.add_page()
        _block(pdf, plan.title)
        for block in plan.lines:
            _block(pdf, block, GREY)
        _number(pdf, f"1 / {plan.total}")
    for number, page in enumerate(plan.pages, start=2):
        if number not in wanted:
            continue
        pdf.add_page()
        _block(pdf, page.title)
        for block in page.blocks:
            _block(pdf, block, "#222222" if block.bold else GREY)
        if page.spec is not None:
            draw_chart(pdf, page.spec, page.chart)
        else:
            _block(pdf, TextBlock([EMPTY], 18, measure.Box(page.chart.left, page.chart.top + 20, page.chart.width, 24)))
        pdf.set_draw_color(217, 217, 217)
        pdf.set_line_width(0.75)
        pdf.line(frame.MARGIN, page.footer.box.top - 5, frame.MARGIN + frame.INNER, page.footer.box.top - 5)
        _block(pdf, page.footer, GREY)
        _number(pdf, page.number)
    for number, closing in enumerate(plan.closing, start=len(plan.pages) + 2):
        if number not in wanted:
            continue
        pdf.add_page()
        _block(pdf, closing.title)
        for block in closing.blocks:
            _block(pdf, block)
        _number(pdf, closing.number)
    return bytes(pdf.output())
