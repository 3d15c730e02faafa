"""The PowerPoint file: native charts or images, titles, notes, sources and closing pages."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

from .images import RenderError, chart_image, image_size, render_images
from .native_charts import MARKERS, ChartSpec, _is_number, chart_spec, slide_kind
from .slides import (
    DECK_TITLE_DEFAULT,
    GREY,
    LANGUAGE,
    NOTE_MAX,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE_MAX,
    DeckError,
    Slide,
    Source,
    clean_text,
    figure_title,
    validate,
)

# --------------------------------------------------------------------------- PowerPoint


class _SafeCategoryWriter(CategoryWorkbookWriter):
    """The embedded workbook with formulas off: a category like "=1+1" stays text in "Daten bearbeiten"."""

    def __init__(self, chart_data: Any) -> None:
        super().__init__(chart_data)  # type: ignore[no-untyped-call]  # python-pptx is untyped here

    @contextlib.contextmanager
    def _open_worksheet(self, xlsx_file: Any) -> Iterator[tuple[Any, Any]]:
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _SafeXyWriter(XyWorkbookWriter):
    def __init__(self, chart_data: Any) -> None:
        super().__init__(chart_data)  # type: ignore[no-untyped-call]

    _open_worksheet = _SafeCategoryWriter._open_worksheet


class _CategoryData(CategoryChartData):
    def __init__(self, number_format: str) -> None:
        super().__init__(number_format=number_format)  # type: ignore[no-untyped-call]

    @property
    def _workbook_writer(self) -> _SafeCategoryWriter:
        return _SafeCategoryWriter(self)


class _XyData(XyChartData):
    def __init__(self, number_format: str) -> None:
        super().__init__(number_format=number_format)  # type: ignore[no-untyped-call]

    @property
    def _workbook_writer(self) -> _SafeXyWriter:
        return _SafeXyWriter(self)


@dataclass
class _Box:
    left: int
    top: int
    width: int
    height: int


def _rgb(colour: str | None) -> RGBColor | None:
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        rgb: RGBColor = RGBColor.from_string(colour[1:])
        return rgb
    return None


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
    factor = SLIDE_WIDTH / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
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


def _text_box(
    slide: Any,
    box: _Box,
    paragraphs: list[str],
    size: int,
    *,
    bold: bool = False,
    colour: RGBColor | None = None,
    align: Any = None,
) -> Any:
    frame = slide.shapes.add_textbox(box.left, box.top, box.width, box.height).text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size = Pt(size)
        run.font.bold = bold
        if colour is not None:
            run.font.color.rgb = colour
        if align is not None:
            paragraph.alignment = align
    return frame


def _set_title(slide: Any, text: str, box: _Box, default_base: bool, size: int | None = None) -> _Box:
    """Write the title into the layout's title placeholder (the template styles it); returns its box."""
    shape = slide.shapes.title
    if shape is None:
        _text_box(slide, box, [text], size or 26, bold=True)
        return box
    if default_base:
        shape.left, shape.top, shape.width, shape.height = box.left, box.top, box.width, box.height
    shape.text_frame.text = text
    shape.text_frame.word_wrap = True
    shape.text_frame.vertical_anchor = MSO_ANCHOR.TOP if default_base else shape.text_frame.vertical_anchor
    if size:
        for paragraph in shape.text_frame.paragraphs:
            paragraph.alignment = PP_ALIGN.LEFT if default_base else paragraph.alignment
            for run in paragraph.runs:
                run.font.size = Pt(size)
    return _Box(shape.left, shape.top, shape.width, shape.height)


def _title_size(text: str) -> int:
    return 28 if len(text) <= 60 else 24 if len(text) <= 100 else 20 if len(text) <= 150 else 18


def _add_native_chart(slide: Any, spec: ChartSpec, box: _Box) -> None:
    data: Any  # python-pptx chart data (untyped)
    if spec.categories is not None:
        data = _CategoryData(number_format=spec.number_format)
        data.categories = spec.categories
        for series in spec.series:
            data.add_series(series.name, series.values)
    else:
        data = _XyData(number_format=spec.number_format)
        for series in spec.series:
            points = data.add_series(series.name, number_format=spec.number_format)
            for x, y in zip(series.x or [], series.values):
                points.add_data_point(x, y)
    chart = slide.shapes.add_chart(spec.chart_type, box.left, box.top, box.width, box.height, data).chart
    chart.font.size = Pt(12)
    chart.has_title = False  # the slide title says it
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.RIGHT if spec.kind != "bar" else XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    plot = chart.plots[0]
    if spec.kind in ("bar", "stacked_bar"):
        plot.gap_width = 60
        if spec.kind == "stacked_bar":
            plot.overlap = 100
    if spec.kind == "bar" and len(spec.series) == 1 and len(spec.categories or []) <= 40:
        plot.has_data_labels = True
        plot.data_labels.number_format = spec.number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)
    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = re.sub(r"0\.0+", "0", spec.number_format)  # whole ticks, exact data
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    low, high = spec.value_range
    if _is_number(low):
        value_axis.minimum_scale = low
    if _is_number(high):
        value_axis.maximum_scale = high
    category_axis = chart.category_axis
    if spec.categories is None:
        category_axis.tick_labels.number_format = spec.x_number_format
        category_axis.tick_labels.number_format_is_linked = False
        low, high = spec.x_range
        xs = [x for s in spec.series for x in s.x or []]
        if _is_number(low) or spec.kind == "line":
            category_axis.minimum_scale = low if _is_number(low) else min(xs)
        if _is_number(high) or spec.kind == "line":
            category_axis.maximum_scale = high if _is_number(high) else max(xs)
        if spec.x_major_unit:
            category_axis.major_unit = spec.x_major_unit
    value_title, category_title = (spec.x_title, spec.y_title) if spec.horizontal else (spec.y_title, spec.x_title)
    for axis, title in ((value_axis, value_title), (category_axis, category_title)):
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    for series, spec_series in zip(plot.series, spec.series):
        colour = _rgb(spec_series.colour)
        if spec.kind in ("bar", "stacked_bar"):
            if colour is not None:
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = colour
            continue
        line = series.format.line
        if spec.kind == "scatter" and not spec_series.reference:
            line.fill.background()
        elif colour is not None:
            line.color.rgb = colour
            line.width = Pt(1.5 if spec_series.reference else 2.25)
        if spec_series.reference:
            series.marker.style = XL_MARKER_STYLE.NONE
            from pptx.enum.dml import MSO_LINE_DASH_STYLE

            line.dash_style = MSO_LINE_DASH_STYLE.DASH if spec_series.dash != "dot" else MSO_LINE_DASH_STYLE.ROUND_DOT
            continue
        series.marker.style = MARKERS.get(spec_series.marker or "circle", XL_MARKER_STYLE.CIRCLE)
        series.marker.size = 8
        if colour is not None:
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.marker.format.line.color.rgb = RGBColor(0x22, 0x22, 0x22)
        if hasattr(series, "smooth"):
            series.smooth = False


def _fit(image: tuple[int, int], box: _Box) -> _Box:
    width, height = image
    scale = min(box.width / width, box.height / height)
    w, h = int(width * scale), int(height * scale)
    return _Box(box.left + (box.width - w) // 2, box.top, w, h)


def _notes(slide: Slide) -> list[str]:
    lines = []
    if slide.note:
        lines.append(f"Notiz: {slide.note}")
    lines += [f"• {fact}" for fact in slide.facts]
    lines.append(slide.selection)
    lines.append(slide.source)
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


@dataclass
class DeckInfo:
    title: str = DECK_TITLE_DEFAULT
    created: dt.date = field(default_factory=dt.date.today)
    edition: str = ""


def _status_lines(slides: list[Slide]) -> list[str]:
    seen = dict.fromkeys(f"{s.title}: {s.status}" for slide in slides for s in slide.sources)
    return list(seen)


def _sources(slides: list[Slide]) -> list[Source]:
    return list(dict.fromkeys(s for slide in slides for s in slide.sources))


def _definitions(slides: list[Slide]) -> list[str]:
    return list(dict.fromkeys(d for slide in slides for d in slide.definitions))


def _closing_pages(slides: list[Slide], per_page: int = 2600) -> list[tuple[str, list[str]]]:
    """Closing section: sources first, then definitions, split so that each page holds about `per_page` chars."""
    pages: list[tuple[str, list[str]]] = []
    current: list[str] = []
    size = 0
    entries = [("Quellen", f"{s.title} – {s.publisher} ({s.status})") for s in _sources(slides)]
    entries += [("Definitionen und Hinweise", d) for d in _definitions(slides)]
    heading = "Quellen und Definitionen"
    for _, text in entries:
        if current and size + len(text) > per_page:
            pages.append((heading, current))
            current, size = [], 0
        current.append(text)
        size += len(text) + 60
    pages.append((heading, current or ["Eigene Auswertung des IKÖ-Dashboards NRW."]))
    if len(pages) > 1:
        pages = [(f"{title} ({i} von {len(pages)})", body) for i, (title, body) in enumerate(pages, 1)]
    return pages


def _prepared(slides: list[Slide], info: DeckInfo) -> tuple[list[Slide], DeckInfo]:
    problems = validate(slides)
    if problems:
        raise DeckError(problems[0])
    cleaned = []
    for slide in slides:
        title, _ = clean_text(slide.title or figure_title(slide.figure) or "Diagramm", TITLE_MAX)
        note, _ = clean_text(slide.note, NOTE_MAX)
        cleaned.append(
            Slide(
                title=title,
                figure=slide.figure,
                selection=clean_text(slide.selection, 600)[0],
                source=clean_text(slide.source, 600)[0],
                facts=[clean_text(f, 600)[0] for f in slide.facts],
                note=note,
                page=clean_text(slide.page, 120)[0],
                sources=[
                    Source(*(clean_text(v, 300)[0] for v in (s.title, s.publisher, s.status))) for s in slide.sources
                ],
                definitions=[clean_text(d, 1200)[0] for d in slide.definitions],
                uid=slide.uid,
            )
        )
    title, _ = clean_text(info.title or DECK_TITLE_DEFAULT, TITLE_MAX)
    return cleaned, DeckInfo(title=title, created=info.created, edition=clean_text(info.edition, 200)[0])


def _boxes(width: int, height: int) -> dict[str, _Box]:
    margin = Inches(0.5)
    inner = width - 2 * margin
    return {
        "title": _Box(margin, Inches(0.3), inner, Inches(0.95)),
        "footer": _Box(margin, height - Inches(0.62), inner - Inches(1.0), Inches(0.5)),
        "number": _Box(width - margin - Inches(0.9), height - Inches(0.62), Inches(0.9), Inches(0.5)),
    }


def build_pptx(slides: list[Slide], info: DeckInfo | None = None, template: Path | None = None) -> bytes:
    """The deck as .pptx bytes: title slide, one slide per chart, closing slide(s). Raises DeckError (German)
    for an empty or oversized deck; never writes a broken file."""
    slides, info = _prepared(slides, info or DeckInfo())
    prs = _base(template)
    default_base = template is None
    width, height = prs.slide_width, prs.slide_height
    boxes = _boxes(width, height)
    title_layout = _layout(prs, {PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.SUBTITLE}, 0)
    title_only = _layout(prs, {PP_PLACEHOLDER.TITLE}, 5)
    total = len(slides) + 1 + len(_closing_pages(slides))
    with contextlib.suppress(RenderError):  # a failure is shown on each affected slide
        render_images([s.figure for s in slides if slide_kind(s.figure) == "image"])

    first = prs.slides.add_slide(title_layout)
    first.shapes.title.text = info.title
    subtitle = [f"Erstellt am {info.created:%d.%m.%Y} mit dem IKÖ-Dashboard NRW"]
    subtitle += ["Datenstand: " + "; ".join(_status_lines(slides))]
    if info.edition:
        subtitle.append(f"Datenausgabe: {info.edition}")
    body = next((p for p in first.placeholders if p.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE), None)
    if body is not None:
        body.text_frame.text = "\n".join(subtitle)
        for paragraph in body.text_frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(18)
    else:
        _text_box(first, _Box(Inches(0.5), Inches(4.5), width - Inches(1), Inches(2)), subtitle, 18)

    for number, slide in enumerate(slides, start=2):
        page = prs.slides.add_slide(title_only)
        title_box = _set_title(page, slide.title, boxes["title"], default_base, _title_size(slide.title))
        top = title_box.top + title_box.height + Inches(0.05)
        lines = [slide.selection] + ([slide.note] if slide.note else [])
        text_height = Inches(0.32) * len(lines) + (Inches(0.3) if len(slide.selection) > 150 else 0)
        frame = _text_box(
            page, _Box(Inches(0.5), top, width - Inches(1), text_height), [slide.selection], 12, colour=GREY
        )
        if slide.note:
            paragraph = frame.add_paragraph()
            run = paragraph.add_run()
            run.text = slide.note
            run.font.size = Pt(14)
            run.font.bold = True
        chart_box = _Box(Inches(0.5), top + text_height + Inches(0.05), width - Inches(1), 0)
        chart_box.height = boxes["footer"].top - chart_box.top - Inches(0.05)
        _chart_or_image(page, slide, chart_box)
        _text_box(page, boxes["footer"], [slide.source], 9, colour=GREY)
        _text_box(page, boxes["number"], [f"{number} / {total}"], 9, colour=GREY, align=PP_ALIGN.RIGHT)
        page.notes_slide.notes_text_frame.text = "\n".join(_notes(slide))

    for offset, (heading, entries) in enumerate(_closing_pages(slides)):
        page = prs.slides.add_slide(title_only)
        title_box = _set_title(page, heading, boxes["title"], default_base, 28)
        top = title_box.top + title_box.height + Inches(0.1)
        box = _Box(Inches(0.5), top, width - Inches(1), boxes["footer"].top - top)
        _text_box(page, box, [f"• {entry}" for entry in entries], 12)
        number = len(slides) + 2 + offset
        _text_box(page, boxes["number"], [f"{number} / {total}"], 9, colour=GREY, align=PP_ALIGN.RIGHT)

    _german(prs)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def _chart_or_image(page: Any, slide: Slide, box: _Box) -> None:
    kind = slide_kind(slide.figure)
    if kind == "empty":
        _text_box(page, box, ["Für die gewählte Auswahl enthält dieses Diagramm keine Daten."], 18)
        return
    spec = chart_spec(slide.figure)
    if spec is not None:
        _add_native_chart(page, spec, box)
        return
    try:
        png = chart_image(slide.figure)
    except RenderError:
        _text_box(page, box, [RENDER_FAILED], 16)
        return
    fitted = _fit(image_size(png), box)
    page.shapes.add_picture(io.BytesIO(png), fitted.left, fitted.top, fitted.width, fitted.height)


RENDER_FAILED = (
    "Das Diagramm konnte nicht als Bild erzeugt werden (Chromium für kaleido nicht verfügbar). "
    "Die Zahlen stehen in der Tabelle und im Excel-Download des Dashboards."
)
