"""The PowerPoint file: the deck as laid out by ikoe_data.deck.plan, with native charts and tables (or a picture
where a figure has no native form), every text at the size and in the box the plan gives it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.util import Pt

from . import frame, measure
from .frame import Page, TextBlock
from .measure import MIN_PT, Box
from .plan import DeckPlan, plan_deck
from .pptx_area import add_area
from .pptx_charts import GRID, add_chart, emu, rgb
from .pptx_dots import add_dots
from .pptx_tables import add_table
from .slides import LANGUAGE, DeckInfo, Slide

GREY = rgb("#404040")
EMPTY = "Für die gewählte Auswahl enthält dieses Diagramm keine Daten."


def _base(template: Path | None) -> Any:
    """The ministry's template (its masters and layouts, existing slides removed) or a 16:9 default."""
    prs: Any
    if template is not None:
        prs = Presentation(str(template))
        slide_ids = prs.slides._sldIdLst
        for slide_id in list(slide_ids):
            prs.part.drop_rel(slide_id.rId)
            slide_ids.remove(slide_id)
        return prs
    prs = Presentation()
    factor = frame.SLIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = frame.SLIDE_WIDTH, frame.SLIDE_HEIGHT
    for holder in [prs.slide_master, *prs.slide_layouts]:
        for shape in holder.shapes:
            if shape.left is not None:
                shape.left, shape.width = int(shape.left * factor), int(shape.width * factor)
    return prs


def template_problem(path: Path) -> str:
    """Why a configured template cannot be used (German), or "" if it can."""
    name = path.name or str(path)
    if not path.is_file():
        return f"Die Folienvorlage „{name}“ wurde nicht gefunden; der Foliensatz verwendet das Standardlayout."
    try:
        Presentation(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return (
            f"Die Folienvorlage „{name}“ ist keine lesbare PowerPoint-Datei (.pptx); "
            "der Foliensatz verwendet das Standardlayout."
        )
    return ""


def _layout(prs: Any, wanted: set[Any], fallback: int) -> Any:
    """The first layout whose placeholders are exactly the wanted kinds (ignoring date/footer/number)."""
    ignore = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    for layout in prs.slide_layouts:
        kinds = {p.placeholder_format.type for p in layout.placeholders} - ignore
        if kinds == wanted:
            return layout
    return prs.slide_layouts[min(fallback, len(prs.slide_layouts) - 1)]


def _fill_frame(text_frame: Any, block: TextBlock, colour: Any = None, align: Any = PP_ALIGN.LEFT) -> None:
    """The block's text as one paragraph per line the plan wrapped (so every renderer breaks where the plan did)."""
    text_frame.word_wrap = True
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    text_frame.vertical_anchor = MSO_ANCHOR.TOP
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(text_frame, side, 0)
    text_frame.text = ""
    for index, line in enumerate(block.lines):
        paragraph = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        paragraph.alignment = align
        paragraph.line_spacing = measure.LINE * 0.85  # PowerPoint's single spacing is about 1.2 × the size
        run = paragraph.add_run()
        run.text = line
        run.font.size = Pt(block.size)
        run.font.bold = block.bold
        run.font.name = measure.FONT_NAME
        if colour is not None:
            run.font.color.rgb = colour


def _text(slide: Any, block: TextBlock, colour: Any = None, align: Any = PP_ALIGN.LEFT) -> None:
    box = block.box
    shape = slide.shapes.add_textbox(emu(box.left), emu(box.top), emu(box.width), emu(box.height + 2))
    _fill_frame(shape.text_frame, block, colour, align)


def _title(slide: Any, block: TextBlock, default_base: bool) -> None:
    """The title in the layout's title placeholder (a template styles it; its box autofits there), else a box."""
    shape = slide.shapes.title
    if shape is None:
        _text(slide, block)
        return
    if default_base:
        box = block.box
        shape.left, shape.top, shape.width, shape.height = (
            emu(box.left),
            emu(box.top),
            emu(box.width),
            emu(box.height + 2),
        )
        _fill_frame(shape.text_frame, block)
        return
    shape.text_frame.text = " ".join(block.lines)
    shape.text_frame.word_wrap = True
    shape.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE


def _number(slide: Any, page_number: str) -> None:
    width = frame.NUMBER_WIDTH
    block = TextBlock(
        [page_number], MIN_PT, Box(frame.WIDTH_PT - frame.MARGIN - width, frame.HEIGHT_PT - 14 - 17, width, 17)
    )
    _text(slide, block, GREY, PP_ALIGN.RIGHT)


def _notes(slide: Slide) -> list[str]:
    lines = []
    if slide.note:
        lines.append(f"Notiz: {slide.note}")
    lines += [f"• {fact}" for fact in slide.facts]
    lines += [line for line in (slide.scope, slide.selection, slide.source) if line]
    if slide.page:
        lines.append(f"Aus dem IKÖ-Dashboard NRW, Seite „{slide.page}“.")
    return lines


def _german(prs: Any) -> None:
    """Every text's language is German (spelling, and number formats where the office program follows it)."""
    prs.core_properties.language = LANGUAGE
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    c = "http://schemas.openxmlformats.org/drawingml/2006/chart"
    for part in prs.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for tag in ("rPr", "defRPr", "endParaRPr"):
            for node in element.iter(f"{{{a}}}{tag}"):
                node.set("lang", LANGUAGE)
        if element.tag == f"{{{c}}}chartSpace" and element.find(f"{{{c}}}lang") is None:
            lang = etree.SubElement(element, f"{{{c}}}lang")
            lang.set("val", LANGUAGE)
            element.insert(1 if element.find(f"{{{c}}}date1904") is not None else 0, lang)


def build_pptx(slides: list[Slide], info: DeckInfo | None = None, template: Path | None = None) -> bytes:
    """The deck as .pptx bytes: title slide, the chart slides, closing slide(s). Raises DeckError (German) for an
    empty or oversized deck; never writes a broken file."""
    plan = plan_deck(slides, info)
    return write_pptx(plan, template)


def write_pptx(plan: DeckPlan, template: Path | None = None) -> bytes:
    prs = _base(template)
    default_base = template is None
    title_layout = _layout(prs, {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE}, 0)
    title_only = _layout(prs, {PP_PLACEHOLDER.TITLE}, 5)
    first = prs.slides.add_slide(title_layout)
    _title(first, plan.title, default_base)
    subtitle = next((p for p in first.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
    if subtitle is not None and default_base:
        subtitle._element.getparent().remove(subtitle._element)
        subtitle = None
    if subtitle is not None:
        subtitle.text_frame.text = "\n".join(" ".join(b.lines) for b in plan.lines)
        subtitle.text_frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
    else:
        for block in plan.lines:
            _text(first, block, GREY)

    for page in plan.pages:
        _chart_slide(prs.slides.add_slide(title_only), page, default_base)
    for closing in plan.closing:
        slide = prs.slides.add_slide(title_only)
        _title(slide, closing.title, default_base)
        for block in closing.blocks:
            _text(slide, block)
        _number(slide, closing.number)
    _german(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _chart_slide(slide: Any, page: Page, default_base: bool) -> None:
    assert page.slide is not None
    _title(slide, page.title, default_base)
    for block in page.blocks:
        _text(slide, block, None if block.bold else GREY)
    box = page.chart
    spec = page.spec
    if spec is not None and spec.kind == "table":
        add_table(slide, spec, box)
    elif spec is not None and spec.kind == "dots":
        add_dots(slide, spec, box)
    elif spec is not None and spec.kind == "area":
        add_area(slide, spec, box)
    elif spec is not None:
        add_chart(slide, spec, box)
    else:
        _text(slide, TextBlock([EMPTY], 18, Box(box.left, box.top + 20, box.width, 24)))
    _text(slide, page.footer, GREY)
    _number(slide, page.number)
    rule = slide.shapes.add_connector(
        1,
        emu(frame.MARGIN),
        emu(page.footer.box.top - 5),
        emu(frame.MARGIN + frame.INNER),
        emu(page.footer.box.top - 5),
    )
    rule.line.color.rgb = GRID
    slide.notes_slide.notes_text_frame.text = "\n".join(_notes(page.slide))
