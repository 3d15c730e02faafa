"""The committee deck: the charts an analyst picked, as an editable PowerPoint file and a PDF handout.

A slide is a plotly figure (as its JSON dict) with its title, selection line, source/status footer and facts.
Bar, stacked bar, line and scatter charts become native PowerPoint charts (data embedded, so "Daten bearbeiten"
works; number formats as Excel format codes, which PowerPoint renders in the reader's locale); everything else
(heatmaps, areas, charts with shaded ranges or text marks that a native chart cannot carry) becomes a
high-resolution image rendered by kaleido with Debian's Chromium. The PDF handout lays out the same slides with
fpdf2 (pure Python), every chart as a kaleido image, so no office suite is needed in the app.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import datetime as dt
import hashlib
import io
import json
import math
import re
import tempfile
import threading
import zipfile
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np
from lxml import etree
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.exc import PackageNotFoundError
from pptx.util import Inches, Pt
from xlsxwriter import Workbook

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
    figure: dict
    selection: str
    source: str
    facts: list[str] = field(default_factory=list)
    note: str = ""
    page: str = ""
    sources: list[Source] = field(default_factory=list)
    definitions: list[str] = field(default_factory=list)
    uid: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Slide:
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
    return " ".join(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").split())


def figure_title(figure: dict) -> str:
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


# --------------------------------------------------------------------------- native chart specification


@dataclass
class Series:
    name: str
    values: list  # y values (category charts) or y of the points (XY)
    x: list | None = None  # x of the points (XY charts only)
    colour: str | None = None
    dash: str | None = None
    marker: str | None = None
    reference: bool = False  # a reference line drawn from a plotly shape


@dataclass
class ChartSpec:
    kind: str  # bar, stacked_bar, line, scatter
    series: list[Series]
    categories: list | None = None
    horizontal: bool = False
    number_format: str = "General"
    x_number_format: str = "General"
    x_title: str = ""
    y_title: str = ""
    value_range: tuple[float | None, float | None] = (None, None)
    x_range: tuple[float | None, float | None] = (None, None)
    x_major_unit: float | None = None

    @property
    def chart_type(self) -> XL_CHART_TYPE:
        if self.kind in ("bar", "stacked_bar"):
            stacked = self.kind == "stacked_bar"
            if self.horizontal:
                return XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
            return XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
        if self.kind == "line":
            return XL_CHART_TYPE.XY_SCATTER_LINES if self.categories is None else XL_CHART_TYPE.LINE_MARKERS
        return XL_CHART_TYPE.XY_SCATTER


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _values(trace: dict, axis: str) -> list:
    values = trace.get(axis)
    if values is None:
        return []
    if isinstance(values, dict):  # plotly's typed-array encoding {"dtype": ..., "bdata": base64}
        array = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
        return [None if isinstance(v, float) and math.isnan(v) else v for v in array.tolist()]
    return list(values)


def _axis_title(axis: dict) -> str:
    title = axis.get("title", {})
    return plain(title.get("text", "") if isinstance(title, dict) else title)


def _decimals(values: list) -> int:
    places = 0
    for v in values:
        if _is_number(v):
            text = f"{v:.6f}".rstrip("0")
            places = max(places, len(text.split(".")[1]) if "." in text else 0)
    return min(places, 2)


def _number_format(values: list, axis: dict) -> str:
    decimals = _decimals(values)
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    suffix = str(axis.get("ticksuffix", ""))
    return f'{digits}" %"' if suffix.strip() == "%" else digits


def _is_footnote(annotation: dict) -> bool:
    return str(annotation.get("text", "")).startswith("Quelle:")


def _legend_only(trace: dict) -> bool:
    return all(v is None for v in _values(trace, "x") + _values(trace, "y"))


def _category_order(traces: list[dict], axis_name: str, axis: dict) -> list | None:
    """Categories in plotly's order along the axis (first = at the origin); None if a trace repeats one."""
    seen: dict = {}
    for trace in traces:
        values = _values(trace, axis_name)
        if len(set(map(str, values))) != len(values):
            return None
        for value in values:
            seen.setdefault(str(value), value)
    if axis.get("categoryorder") == "array" and axis.get("categoryarray") is not None:
        wanted = [str(c) for c in axis["categoryarray"]]
        order = [c for c in wanted if c in seen] + [c for c in seen if c not in wanted]
    elif axis.get("categoryorder") in ("category ascending", "category descending"):
        order = sorted(seen, reverse=axis["categoryorder"] == "category descending")
    elif axis.get("categoryorder") not in (None, "trace"):
        return None
    else:
        order = list(seen)
    return [seen[c] for c in order]


def chart_spec(figure: dict) -> ChartSpec | None:
    """The native PowerPoint chart for a figure, or None when only an image can show it faithfully."""
    layout = figure.get("layout", {})
    traces = [t for t in figure.get("data", []) if not _legend_only(t)]
    if not traces:
        return None
    if any(not _is_footnote(a) for a in layout.get("annotations", [])):
        return None
    kinds = {t.get("type", "scatter") for t in traces}
    if kinds == {"bar"}:
        return _bar_spec(traces, layout)
    if kinds == {"scatter"}:
        return _xy_spec(figure, traces, layout)
    return None


def _bar_spec(traces: list[dict], layout: dict) -> ChartSpec | None:
    if layout.get("shapes"):
        return None
    orientations = {t.get("orientation", "v") for t in traces}
    if len(orientations) != 1 or any(t.get("base") is not None for t in traces):
        return None
    horizontal = orientations == {"h"}
    cat_name, val_name = ("y", "x") if horizontal else ("x", "y")
    cat_axis = layout.get("yaxis" if horizontal else "xaxis", {})
    val_axis = layout.get("xaxis" if horizontal else "yaxis", {})
    barmode = layout.get("barmode", "group")
    if barmode not in ("group", "stack", "relative"):
        return None
    categories = _category_order(traces, cat_name, cat_axis)
    if categories is None:
        return None
    if cat_axis.get("autorange") == "reversed":  # plotly draws the first category at the far end
        categories = categories[::-1]
    keys = [str(c) for c in categories]
    series, every_value = [], []
    for i, trace in enumerate(traces):
        values = _values(trace, val_name)
        if not all(v is None or _is_number(v) for v in values):
            return None
        by_category = dict(zip(map(str, _values(trace, cat_name)), values))
        aligned = [by_category.get(k) for k in keys]
        every_value += [v for v in aligned if v is not None]
        marker = trace.get("marker", {})
        colour = marker.get("color") if isinstance(marker.get("color"), str) else None
        series.append(Series(trace.get("name") or "Wert", aligned, colour=colour or PALETTE[i % len(PALETTE)]))
    stacked = barmode in ("stack", "relative") and len(series) > 1
    value_range = tuple(val_axis.get("range") or (None, None))
    if val_axis.get("rangemode") == "tozero" and value_range[0] is None and min(every_value, default=0) >= 0:
        value_range = (0, value_range[1])
    return ChartSpec(
        kind="stacked_bar" if stacked else "bar",
        series=series,
        categories=[plain(str(c)) if isinstance(c, str) else c for c in categories],
        horizontal=horizontal,
        number_format=_number_format(every_value, val_axis),
        x_title=_axis_title(layout.get("xaxis", {})),
        y_title=_axis_title(layout.get("yaxis", {})),
        value_range=value_range,
    )


MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "square": XL_MARKER_STYLE.SQUARE,
    "triangle-up": XL_MARKER_STYLE.TRIANGLE,
    "star": XL_MARKER_STYLE.STAR,
    "cross": XL_MARKER_STYLE.PLUS,
    "x": XL_MARKER_STYLE.X,
}


def _xy_spec(figure: dict, traces: list[dict], layout: dict) -> ChartSpec | None:
    if any(t.get("stackgroup") or t.get("fill", "none") != "none" for t in traces):
        return None
    if any(t.get("xaxis", "x") != "x" or t.get("yaxis", "y") != "y" for t in traces):
        return None
    series, xs, ys = [], [], []
    for i, trace in enumerate(traces):
        x, y = _values(trace, "x"), _values(trace, "y")
        points = [(a, b) for a, b in zip(x, y) if a is not None and b is not None]
        if not all(_is_number(a) and _is_number(b) for a, b in points):
            return None  # categories or dates on an axis: a dot plot, not an XY chart
        line = trace.get("line", {})
        marker = trace.get("marker", {})
        colour = line.get("color") or (marker.get("color") if isinstance(marker.get("color"), str) else None)
        series.append(
            Series(
                trace.get("name") or "Wert",
                [b for _, b in points],
                x=[a for a, _ in points],
                colour=colour or PALETTE[i % len(PALETTE)],
                marker=marker.get("symbol") if isinstance(marker.get("symbol"), str) else None,
            )
        )
        xs += [a for a, _ in points]
        ys += [b for _, b in points]
    if not xs:
        return None
    xaxis, yaxis = layout.get("xaxis", {}), layout.get("yaxis", {})
    references = _reference_series(figure, layout, xs, ys)
    if references is None:
        return None
    modes = {str(t.get("mode", "lines+markers")) for t in traces}
    kind = "line" if any("lines" in m for m in modes) else "scatter"
    return ChartSpec(
        kind=kind,
        series=series + references,
        number_format=_number_format(ys, yaxis),
        x_number_format="0" if xaxis.get("tickformat") == "d" else _number_format(xs, xaxis),
        x_title=_axis_title(xaxis),
        y_title=_axis_title(yaxis),
        value_range=tuple(yaxis.get("range") or (None, None)),
        x_range=tuple(xaxis.get("range") or (None, None)),
        x_major_unit=xaxis.get("dtick") if _is_number(xaxis.get("dtick")) else None,
    )


def _reference_series(figure: dict, layout: dict, xs: list, ys: list) -> list[Series] | None:
    """Horizontal/vertical reference lines (plotly shapes) as two-point series, named after the legend entry
    drawn with the same line; None if a shape is anything else."""
    legend = {
        json.dumps(t.get("line", {}), sort_keys=True): t.get("name", "")
        for t in figure.get("data", [])
        if _legend_only(t)
    }
    x_low, x_high = layout.get("xaxis", {}).get("range") or (min(xs), max(xs))
    y_low, y_high = layout.get("yaxis", {}).get("range") or (min(0, min(ys)), max(ys))
    result = []
    for shape in layout.get("shapes", []):
        if shape.get("type") != "line":
            return None
        line = shape.get("line", {})
        name = legend.get(json.dumps(line, sort_keys=True), "Referenzlinie")
        if shape.get("y0") == shape.get("y1") and shape.get("yref") == "y" and "domain" in str(shape.get("xref")):
            x, y = [x_low, x_high], [shape["y0"], shape["y0"]]
        elif shape.get("x0") == shape.get("x1") and shape.get("xref") == "x" and "domain" in str(shape.get("yref")):
            x, y = [shape["x0"], shape["x0"]], [y_low, y_high]
        else:
            return None
        result.append(
            Series(plain(name), y, x=x, colour=line.get("color", "#444"), dash=line.get("dash"), reference=True)
        )
    return result


def slide_kind(figure: dict) -> str:
    """'empty', 'image' or the native chart kind."""
    if not [t for t in figure.get("data", []) if not _legend_only(t)]:
        return "empty"
    spec = chart_spec(figure)
    return spec.kind if spec else "image"


# --------------------------------------------------------------------------- images (kaleido)

_kaleido_lock = threading.Lock()
_kaleido_started = False
_image_cache: OrderedDict[str, bytes] = OrderedDict()
IMAGE_CACHE_ENTRIES = 120  # more than two full decks; about 0.1–0.4 MB each


class RenderError(RuntimeError):
    pass


def _image_spec(figure: dict) -> tuple[str, dict]:
    """The figure as rendered on a slide: without its own title and source note (the slide shows them),
    IMAGE_WIDTH wide and IMAGE_ASPECT (or the figure's own height, if taller); with its cache key."""
    layout = dict(figure.get("layout", {}))
    height = max(int(IMAGE_WIDTH / IMAGE_ASPECT), int(layout.get("height") or 0) - 60)
    layout["title"] = {"text": ""}
    layout["annotations"] = [a for a in layout.get("annotations", []) if not _is_footnote(a)]
    margin = dict(layout.get("margin", {}))
    margin["t"] = max(20, int(margin.get("t", 70)) - 50)
    margin["b"] = max(40, int(margin.get("b", 100)) - 60)
    layout.update(margin=margin, width=IMAGE_WIDTH, height=height)
    stripped = {"data": figure.get("data", []), "layout": layout}
    return hashlib.sha256(json.dumps(stripped, sort_keys=True, default=str).encode()).hexdigest(), stripped


def render_images(figures: list[dict]) -> None:
    """Render every figure not yet in the image cache, KALEIDO_TABS at a time, by the one kaleido server of
    this process (started on first use). Raises RenderError if Chromium is missing or fails."""
    global _kaleido_started
    import kaleido

    with _kaleido_lock:
        wanted = {}
        for figure in figures:
            key, stripped = _image_spec(figure)
            if key not in _image_cache:
                wanted[key] = stripped
        if not wanted:
            return
        try:
            if not _kaleido_started:
                kaleido.start_sync_server(n=KALEIDO_TABS, silence_warnings=True)
                atexit.register(_stop_kaleido)  # runs before kaleido's own handler, whose cleanup can raise
                _kaleido_started = True
            with tempfile.TemporaryDirectory(prefix="ikoe-deck-") as folder:
                jobs = [
                    {
                        "fig": stripped,
                        "path": str(Path(folder) / f"{key}.png"),
                        "opts": {
                            "format": "png",
                            "width": IMAGE_WIDTH,
                            "height": stripped["layout"]["height"],
                            "scale": IMAGE_SCALE,
                        },
                    }
                    for key, stripped in wanted.items()
                ]
                kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
                for key in wanted:
                    _image_cache[key] = (Path(folder) / f"{key}.png").read_bytes()
        except Exception as error:  # Chromium missing or crashed: the slide says so instead of failing the deck
            with contextlib.suppress(Exception):
                kaleido.stop_sync_server(silence_warnings=True)
            _kaleido_started = False
            raise RenderError(str(error)) from error
        while len(_image_cache) > IMAGE_CACHE_ENTRIES:
            _image_cache.popitem(last=False)


def chart_image(figure: dict) -> bytes:
    """PNG of the chart for a slide (see _image_spec), from the cache or rendered now."""
    key, _ = _image_spec(figure)
    with _kaleido_lock:
        if key in _image_cache:
            _image_cache.move_to_end(key)
            return _image_cache[key]
    render_images([figure])
    with _kaleido_lock:
        return _image_cache[key]


def prerender(figure: dict) -> None:
    """Render a figure's image ahead of the downloads (called in the background when a chart is added): the
    .pptx needs it if the chart has no native form, the PDF handout always."""
    if slide_kind(figure) != "empty":
        with contextlib.suppress(RenderError):
            render_images([figure])


def _stop_kaleido() -> None:
    import kaleido

    with contextlib.suppress(Exception):
        kaleido.stop_sync_server(silence_warnings=True)


def image_size(png: bytes) -> tuple[int, int]:
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# --------------------------------------------------------------------------- PowerPoint


class _SafeCategoryWriter(CategoryWorkbookWriter):
    """The embedded workbook with formulas off: a category like "=1+1" stays text in "Daten bearbeiten"."""

    @contextlib.contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = Workbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
        worksheet = workbook.add_worksheet()
        yield workbook, worksheet
        workbook.close()


class _SafeXyWriter(XyWorkbookWriter):
    _open_worksheet = _SafeCategoryWriter._open_worksheet


class _CategoryData(CategoryChartData):
    @property
    def _workbook_writer(self):
        return _SafeCategoryWriter(self)


class _XyData(XyChartData):
    @property
    def _workbook_writer(self):
        return _SafeXyWriter(self)


@dataclass
class _Box:
    left: int
    top: int
    width: int
    height: int


def _rgb(colour: str | None) -> RGBColor | None:
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return RGBColor.from_string(colour[1:])
    return None


def _base(template: Path | None):
    """The ministry's template (its masters and layouts, existing slides removed) or a 16:9 default."""
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


def _layout(prs, wanted: set, fallback: int):
    """The first layout whose placeholders are exactly the wanted kinds (ignoring date/footer/number)."""
    ignore = {PP_PLACEHOLDER.DATE, PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER}
    for layout in prs.slide_layouts:
        kinds = {p.placeholder_format.type for p in layout.placeholders} - ignore
        if kinds == wanted:
            return layout
    return prs.slide_layouts[min(fallback, len(prs.slide_layouts) - 1)]


def _text_box(slide, box: _Box, paragraphs: list[str], size: int, *, bold=False, colour=None, align=None):
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


def _set_title(slide, text: str, box: _Box, default_base: bool, size: int | None = None) -> _Box:
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


def _add_native_chart(slide, spec: ChartSpec, box: _Box) -> None:
    if spec.categories is not None:
        data = _CategoryData(number_format=spec.number_format)
        data.categories = spec.categories
        for series in spec.series:
            data.add_series(series.name, series.values)
    else:
        data = _XyData(number_format=spec.number_format)
        for series in spec.series:
            points = data.add_series(series.name, number_format=spec.number_format)
            for x, y in zip(series.x, series.values):
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
        xs = [x for s in spec.series for x in s.x]
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


def _german(prs) -> None:
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
    pages, current, size = [], [], 0
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


def _chart_or_image(page, slide: Slide, box: _Box) -> None:
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
