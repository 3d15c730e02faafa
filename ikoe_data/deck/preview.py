"""Previews of the slides for the Foliensatz page: pages of the PDF handout (the same layout as the PowerPoint
file) rendered to small PNG images with PDFium (pypdfium2)."""

from __future__ import annotations

import io

from .pdf import write_pdf
from .plan import DeckPlan

PREVIEW_WIDTH = 480  # pixels of a preview (a page of 960 × 540 pt at half scale)


def previews(plan: DeckPlan, width: int = PREVIEW_WIDTH) -> dict[int, list[bytes]]:
    """PNG images of every chart page, by the chart's place in the deck (a continued chart has several)."""
    import pypdfium2

    handout = pypdfium2.PdfDocument(write_pdf(plan))
    result: dict[int, list[bytes]] = {}
    try:
        for number, page in enumerate(plan.pages, start=1):  # page 0 of the handout is the title slide
            pdf_page = handout[number]
            image = pdf_page.render(scale=width / pdf_page.get_width()).to_pil()
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
            result.setdefault(page.index, []).append(out.getvalue())
            pdf_page.close()
    finally:
        handout.close()
    return result
