"""The PDF handout of the same slides, laid out with fpdf2 (pure Python)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from .images import RenderError, chart_image, image_size, render_images
from .native_charts import slide_kind
from .powerpoint import RENDER_FAILED, DeckInfo, _closing_pages, _prepared, _status_lines, _title_size
from .slides import LANGUAGE, SLIDE_HEIGHT, SLIDE_WIDTH, DeckError, Slide

# --------------------------------------------------------------------------- PDF handout (fpdf2)

FONT_CANDIDATES = [
    (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
]


def _font() -> tuple[str, str]:
    for regular, bold in FONT_CANDIDATES:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    raise DeckError(
        "Für das PDF fehlt eine Schrift (Debian-Paket fonts-liberation oder fonts-dejavu-core). "
        "Bitte wenden Sie sich an den Betrieb."
    )


def build_pdf(slides: list[Slide], info: DeckInfo | None = None) -> bytes:
    """The same deck as a PDF handout, one 16:9 page per slide (title, charts, closing), laid out with fpdf2;
    charts are kaleido images of the dashboard's figures."""
    from fpdf import FPDF

    slides, info = _prepared(slides, info or DeckInfo())
    regular, bold = _font()
    mm = 25.4 / 914400  # EMU to millimetres
    width, height = SLIDE_WIDTH * mm, SLIDE_HEIGHT * mm
    pdf = FPDF(orientation="L", unit="mm", format=(height, width))
    pdf.set_auto_page_break(False)
    pdf.set_margins(12.7, 10, 12.7)
    pdf.add_font("Sans", "", regular)
    pdf.add_font("Sans", "B", bold)
    pdf.set_title(info.title)
    pdf.set_lang(LANGUAGE)
    pdf.set_creator("IKÖ-Dashboard NRW")
    closing = _closing_pages(slides)
    total = len(slides) + 1 + len(closing)
    with contextlib.suppress(RenderError):  # a failure is shown on each affected page
        render_images([s.figure for s in slides if slide_kind(s.figure) != "empty"])
    inner = width - 2 * 12.7

    def footer(text: str, number: int) -> None:
        pdf.set_font("Sans", "", 8)
        pdf.set_text_color(85, 85, 85)
        pdf.set_xy(12.7, height - 15)
        pdf.multi_cell(inner - 25, 3.6, text)
        pdf.set_xy(width - 12.7 - 25, height - 15)
        pdf.cell(25, 3.6, f"{number} / {total}", align="R")
        pdf.set_text_color(0, 0, 0)

    pdf.add_page()
    pdf.set_font("Sans", "B", 30)
    pdf.set_xy(20, 60)
    pdf.multi_cell(width - 40, 12, info.title)
    pdf.set_font("Sans", "", 14)
    pdf.set_x(20)
    pdf.ln(6)
    lines = [f"Erstellt am {info.created:%d.%m.%Y} mit dem IKÖ-Dashboard NRW"]
    lines += ["Datenstand: " + "; ".join(_status_lines(slides))]
    if info.edition:
        lines.append(f"Datenausgabe: {info.edition}")
    for line in lines:
        pdf.set_x(20)
        pdf.multi_cell(width - 40, 7, line)
    footer("", 1)

    for number, slide in enumerate(slides, start=2):
        pdf.add_page()
        pdf.set_font("Sans", "B", max(14, _title_size(slide.title) - 4))
        pdf.set_xy(12.7, 8)
        pdf.multi_cell(inner, 9 if len(slide.title) <= 100 else 7, slide.title)
        pdf.set_font("Sans", "", 10)
        pdf.set_text_color(85, 85, 85)
        pdf.set_x(12.7)
        pdf.multi_cell(inner, 4.8, slide.selection)
        pdf.set_text_color(0, 0, 0)
        if slide.note:
            pdf.set_font("Sans", "B", 11)
            pdf.set_x(12.7)
            pdf.multi_cell(inner, 5.5, slide.note)
        top = pdf.get_y() + 2
        box_height = height - 17 - top
        if slide_kind(slide.figure) == "empty":
            pdf.set_font("Sans", "", 14)
            pdf.set_xy(12.7, top + 10)
            pdf.multi_cell(inner, 7, "Für die gewählte Auswahl enthält dieses Diagramm keine Daten.")
        else:
            try:
                png = chart_image(slide.figure)
                w, h = image_size(png)
                scale = min(inner / w, box_height / h)
                pdf.image(io.BytesIO(png), x=12.7 + (inner - w * scale) / 2, y=top, w=w * scale, h=h * scale)
            except RenderError:
                pdf.set_font("Sans", "", 12)
                pdf.set_xy(12.7, top + 10)
                pdf.multi_cell(inner, 6, RENDER_FAILED)
        footer(slide.source, number)

    for offset, (heading, entries) in enumerate(closing):
        pdf.add_page()
        pdf.set_font("Sans", "B", 22)
        pdf.set_xy(12.7, 10)
        pdf.multi_cell(inner, 10, heading)
        pdf.ln(3)
        pdf.set_font("Sans", "", 10.5)
        for entry in entries:
            pdf.set_x(12.7)
            pdf.multi_cell(inner, 5, f"• {entry}")
            pdf.ln(1)
        footer("", len(slides) + 2 + offset)
    return bytes(pdf.output())
