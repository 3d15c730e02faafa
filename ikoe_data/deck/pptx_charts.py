"""Native PowerPoint charts and tables from a chart specification (python-pptx, plus the few chart XML parts it
does not write: a line over columns, error bars, hidden legend entries, the plot area's place)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.chart.xlsx import CategoryWorkbookWriter, XyWorkbookWriter
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE, MSO_PATTERN
from pptx.util import Pt
from xlsxwriter import Workbook

from . import chart_layout, frame, measure, value_labels
from .measure import MIN_PT, Box
from .spec import ChartSpec, Series, value_axis

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
MARKERS = {
    "circle": XL_MARKER_STYLE.CIRCLE,
    "diamond": XL_MARKER_STYLE.DIAMOND,
    "square": XL_MARKER_STYLE.SQUARE,
    "triangle": XL_MARKER_STYLE.TRIANGLE,
    "star": XL_MARKER_STYLE.STAR,
    "cross": XL_MARKER_STYLE.PLUS,
    "x": XL_MARKER_STYLE.X,
    "none": XL_MARKER_STYLE.NONE,
}
PATTERN_FILLS = {"diagonal": MSO_PATTERN.WIDE_UPWARD_DIAGONAL, "dots": MSO_PATTERN.DOTTED_GRID}
DASHES = {
    "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
    "dash": MSO_LINE_DASH_STYLE.DASH,
    "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT,
    "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
}
SIDE_POSITIONS = {
    "above": XL_LABEL_POSITION.ABOVE,
    "below": XL_LABEL_POSITION.BELOW,
    "right": XL_LABEL_POSITION.RIGHT,
    "left": XL_LABEL_POSITION.LEFT,
}
GRID = RGBColor(0xD9, 0xD9, 0xD9)
TEXT = RGBColor(0x22, 0x22, 0x22)


# --------------------------------------------------------------------------- data with formulas off


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

    def add_series(self, name: str, values: Any = (), number_format: str | None = None) -> Any:
        return super().add_series(name, values, number_format)  # type: ignore[no-untyped-call]

    @property
    def _workbook_writer(self) -> _SafeCategoryWriter:
        return _SafeCategoryWriter(self)


class XyData(XyChartData):
    def __init__(self, number_format: str) -> None:
        super().__init__(number_format=number_format)  # type: ignore[no-untyped-call]

    def add_series(self, name: str, number_format: str | None = None) -> Any:
        return super().add_series(name, number_format)  # type: ignore[no-untyped-call]

    @property
    def _workbook_writer(self) -> _SafeXyWriter:
        return _SafeXyWriter(self)


# --------------------------------------------------------------------------- helpers


def rgb(colour: str | None) -> RGBColor:
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        value: RGBColor = RGBColor.from_string(colour[1:])
        return value
    return TEXT


def tint(colour: str, amount: float) -> str:
    """`colour` mixed with white (amount 0: the colour, 1: white)."""
    parts = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(p + (255 - p) * amount):02x}" for p in parts)


def emu(points: float) -> int:
    return round(points * frame.EMU_PER_PT)


def element(tag: str, **attrs: str) -> Any:
    ns, name = tag.split(":")
    node = etree.Element(f"{{{C if ns == 'c' else A}}}{name}")
    for key, value in attrs.items():
        node.set(key, value)
    return node


def _plot_area(chart: Any) -> Any:
    return chart._chartSpace.find(f".//{{{C}}}plotArea")


def place_plot(chart: Any, box: Box, inner: Box, target: str = "inner") -> None:
    """Put the plot area exactly at `inner` ("inner": without its axis labels, so that category labels, data
    labels and the legend get the room the frame computed; "outer": with them, where LibreOffice would otherwise
    shrink the text of horizontal bar charts to fit its own estimate)."""
    plot_area = _plot_area(chart)
    layout = plot_area.find(f"{{{C}}}layout")
    if layout is None:
        layout = element("c:layout")
        plot_area.insert(0, layout)
    for child in list(layout):
        layout.remove(child)
    manual = etree.SubElement(layout, f"{{{C}}}manualLayout")
    values = (
        ("layoutTarget", target),
        ("xMode", "edge"),
        ("yMode", "edge"),
        ("x", f"{(inner.left - box.left) / box.width:.4f}"),
        ("y", f"{(inner.top - box.top) / box.height:.4f}"),
        ("w", f"{inner.width / box.width:.4f}"),
        ("h", f"{inner.height / box.height:.4f}"),
    )
    for tag, value in values:
        etree.SubElement(manual, f"{{{C}}}{tag}").set("val", value)


def font(target: Any, size: float = MIN_PT, bold: bool = False, colour: RGBColor = TEXT) -> None:
    target.size = Pt(size)
    target.bold = bold
    target.name = measure.FONT_NAME
    target.color.rgb = colour


def axis_title(axis: Any, title: str) -> None:
    if not title:
        return
    axis.has_title = True
    axis.axis_title.text_frame.text = title
    font(axis.axis_title.text_frame.paragraphs[0].runs[0].font)


def _value_axis(chart: Any, spec: ChartSpec, axis: Any) -> None:
    low, high, step = value_axis(spec)
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, step
    whole = re.sub(r"0\.0+", "0", spec.number_format)  # whole ticks, exact data labels
    # where the first year's label stands under the origin (dates, years), the value axis leaves its 0 unlabelled
    at_origin = spec.kind in ("area", "line", "scatter")
    axis.tick_labels.number_format = f"{whole};-{whole};" if at_origin else whole
    axis.tick_labels.number_format_is_linked = False
    font(axis.tick_labels.font)
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = GRID


def _legend(chart: Any, spec: ChartSpec, names: list[str], box: Box) -> None:
    """The legend at the chart's bottom, in the rows the frame reserved for it (chart_layout.legend_grid)."""
    chart.has_legend = bool(names)
    if names:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        font(chart.legend.font)


def label_text(label: Any, text: str, position: Any, colour: RGBColor = TEXT) -> None:
    label.position = position
    frame_ = label.text_frame
    frame_.text = text
    for paragraph in frame_.paragraphs:
        for run in paragraph.runs:
            font(run.font, colour=colour)


def _delete_label(point: Any) -> None:
    """No data label at this point (a segment too narrow for its number)."""
    dlbl = point.data_label._get_or_add_dLbl()
    for child in list(dlbl):
        if child.tag != f"{{{C}}}idx":
            dlbl.remove(child)
    dlbl.append(element("c:delete", val="1"))


def _fill(target: Any, series: Series) -> None:
    fill = target.format.fill
    if series.pattern in PATTERN_FILLS:
        fill.patterned()
        fill.pattern = PATTERN_FILLS[series.pattern]
        fill.fore_color.rgb = rgb(series.colour)
        fill.back_color.rgb = rgb(tint(series.colour, 0.82))
    else:
        fill.solid()
        fill.fore_color.rgb = rgb(series.colour)
    target.format.line.color.rgb = rgb(series.colour)
    target.format.line.width = Pt(1)


def dark(colour: str) -> bool:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


# --------------------------------------------------------------------------- the chart kinds


def add_chart(slide: Any, spec: ChartSpec, box: Box) -> None:
    {"bar": _bars, "stacked_bar": _bars, "line": _xy, "scatter": _xy}[spec.kind](slide, spec, box)


def new_chart(slide: Any, chart_type: Any, data: Any, box: Box) -> Any:
    """A chart in `slide` (a slide or a group shape: anything with `shapes`)."""
    graphic = slide.shapes.add_chart(chart_type, emu(box.left), emu(box.top), emu(box.width), emu(box.height), data)
    chart = graphic.chart
    font(chart.font)
    chart.has_title = False  # the slide title says it
    return chart


def _bars(slide: Any, spec: ChartSpec, box: Box) -> None:
    layout = chart_layout.bar_layout(spec, box)
    data = _CategoryData(spec.number_format)
    categories = ["\n".join(lines) for lines in layout.labels] if spec.horizontal else spec.categories or []
    data.categories = categories
    for series in spec.series:
        data.add_series(series.name, series.values)
    stacked = spec.kind == "stacked_bar"
    kinds = {
        (True, True): XL_CHART_TYPE.BAR_STACKED,
        (True, False): XL_CHART_TYPE.BAR_CLUSTERED,
        (False, True): XL_CHART_TYPE.COLUMN_STACKED,
        (False, False): XL_CHART_TYPE.COLUMN_CLUSTERED,
    }
    chart = new_chart(slide, kinds[(spec.horizontal, stacked)], data, box)
    plot = chart.plots[0]
    plot.gap_width = 50
    if stacked or spec.one_bar:
        plot.overlap = 100
    category_axis, value = chart.category_axis, chart.value_axis
    font(category_axis.tick_labels.font)
    category_axis.format.line.color.rgb = GRID
    if spec.horizontal:
        category_axis.reverse_order = True  # first category at the top; the value axis stays at the bottom
        chart._chartSpace.find(f".//{{{C}}}valAx/{{{C}}}crosses").set("val", "max")
    _value_axis(chart, spec, value)
    axis_title(value, spec.x_title if spec.horizontal else spec.y_title)
    axis_title(category_axis, "" if spec.horizontal else spec.x_title)
    for series, chart_series in zip(spec.series, plot.series):
        _fill(chart_series, series)
        chart_series.invert_if_negative = False
        for index, show in enumerate(layout.show_label[spec.series.index(series)]):
            value_ = series.values[index] if index < len(series.values) else None
            if value_ is None:
                continue
            point_label = chart_series.points[index].data_label
            if not show:
                _delete_label(chart_series.points[index])
                continue
            text = (series.labels or [None] * (index + 1))[index] if series.labels else None
            inside = stacked
            colour = RGBColor(0xFF, 0xFF, 0xFF) if inside and dark(series.colour) and not series.pattern else TEXT
            label_text(
                point_label,
                text or chart_layout.format_value(value_, spec.number_format),
                XL_LABEL_POSITION.CENTER if inside else XL_LABEL_POSITION.OUTSIDE_END,
                colour,
            )
    if spec.references and not spec.horizontal:
        _reference_lines(chart, spec, layout.plot)
    _legend(chart, spec, chart_layout.legend_names(spec), box)
    if spec.horizontal:
        plot = layout.plot
        outer = Box(
            box.left,
            plot.top,
            box.width,
            plot.height + chart_layout.TICK_ROW,  # the axis labels; LibreOffice sets the axis title below it
        )
        place_plot(chart, box, outer, "outer")
    else:
        place_plot(chart, box, layout.plot)


def _reference_lines(chart: Any, spec: ChartSpec, plot: Box) -> None:
    """Reference lines over columns (e.g. all 37 goals) as line series across every category, each labelled
    with its name above the first category that leaves room for it."""
    plot_area = _plot_area(chart)
    bar_chart = plot_area.find(f"{{{C}}}barChart")
    axis_ids = [a.get("val") for a in bar_chart.findall(f"{{{C}}}axId")]
    line_chart = element("c:lineChart")
    line_chart.append(element("c:grouping", val="standard"))
    line_chart.append(element("c:varyColors", val="0"))
    categories = spec.categories or []
    for offset, reference in enumerate(spec.references):
        index = len(spec.series) + offset
        ser = etree.SubElement(line_chart, f"{{{C}}}ser")
        ser.append(element("c:idx", val=str(index)))
        ser.append(element("c:order", val=str(index)))
        tx = etree.SubElement(ser, f"{{{C}}}tx")
        etree.SubElement(tx, f"{{{C}}}v").text = reference.name
        sp = etree.SubElement(ser, f"{{{C}}}spPr")
        ln = etree.SubElement(sp, f"{{{A}}}ln", w=str(emu(2)))
        fill = etree.SubElement(ln, f"{{{A}}}solidFill")
        fill.append(element("a:srgbClr", val=reference.colour.lstrip("#")[:6].upper()))
        ln.append(element("a:prstDash", val="dash" if reference.dash != "dot" else "sysDot"))
        marker = etree.SubElement(ser, f"{{{C}}}marker")
        marker.append(element("c:symbol", val="none"))
        labels = etree.SubElement(ser, f"{{{C}}}dLbls")
        label = etree.SubElement(labels, f"{{{C}}}dLbl")
        label.append(element("c:idx", val=str(chart_layout.reference_label_index(spec, plot, reference.name))))
        label.append(text_properties())
        label.append(element("c:dLblPos", val="t"))
        for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
            label.append(element(f"c:{tag}", val="1" if tag == "showSerName" else "0"))
        for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
            labels.append(element(f"c:{tag}", val="0"))
        cat = etree.SubElement(ser, f"{{{C}}}cat")
        literal = etree.SubElement(cat, f"{{{C}}}strLit")
        literal.append(element("c:ptCount", val=str(len(categories))))
        for i, category in enumerate(categories):
            point = etree.SubElement(literal, f"{{{C}}}pt", idx=str(i))
            etree.SubElement(point, f"{{{C}}}v").text = str(category)
        val = etree.SubElement(ser, f"{{{C}}}val")
        numbers = etree.SubElement(val, f"{{{C}}}numLit")
        etree.SubElement(numbers, f"{{{C}}}formatCode").text = "General"
        numbers.append(element("c:ptCount", val=str(len(categories))))
        for i in range(len(categories)):
            point = etree.SubElement(numbers, f"{{{C}}}pt", idx=str(i))
            etree.SubElement(point, f"{{{C}}}v").text = repr(float(reference.value))
        ser.append(element("c:smooth", val="0"))
    line_chart.append(element("c:marker", val="1"))
    for axis_id in axis_ids:
        line_chart.append(element("c:axId", val=str(axis_id)))
    bar_chart.addnext(line_chart)


def text_properties() -> Any:
    """A data label's text at the minimum size (the label shows its series' name: the reference line's)."""
    properties = element("c:txPr")
    properties.append(element("a:bodyPr"))
    properties.append(element("a:lstStyle"))
    paragraph = etree.SubElement(properties, f"{{{A}}}p")
    paragraph_properties = etree.SubElement(paragraph, f"{{{A}}}pPr")
    run = etree.SubElement(paragraph_properties, f"{{{A}}}defRPr", sz=str(MIN_PT * 100), b="0")
    etree.SubElement(run, f"{{{A}}}latin", typeface=measure.FONT_NAME)
    etree.SubElement(paragraph, f"{{{A}}}endParaRPr", lang="de-DE")
    return properties


def style_xy_series(chart_series: Any, series: Series, reference: bool = False) -> None:
    line = chart_series.format.line
    if series.lines or reference:
        line.color.rgb = rgb(series.colour)
        line.width = Pt(2 if reference else 2.5)
        if series.dash in DASHES:
            line.dash_style = DASHES[series.dash]
    else:
        line.fill.background()
    chart_series.smooth = False
    chart_series.marker.style = MARKERS.get(series.marker, XL_MARKER_STYLE.CIRCLE)
    if series.marker != "none":
        chart_series.marker.size = 9
        chart_series.marker.format.fill.solid()
        chart_series.marker.format.fill.fore_color.rgb = rgb(series.colour)
        chart_series.marker.format.line.color.rgb = rgb(series.colour)
        for index, hollow in enumerate(series.hollow or []):
            if hollow:
                point = chart_series.points[index]
                point.marker.style = MARKERS.get(series.marker, XL_MARKER_STYLE.CIRCLE)
                point.marker.format.fill.background()
                point.marker.format.line.color.rgb = rgb(series.colour)
                point.marker.format.line.width = Pt(2)


def _xy(slide: Any, spec: ChartSpec, box: Box) -> None:
    layout = chart_layout.xy_layout(spec, box)
    data = XyData(spec.number_format)
    for series in spec.series:
        points = data.add_series(series.name, number_format=spec.number_format)
        for x, y in zip(series.x or [], series.values):
            points.add_data_point(x, y)
    x_low, x_high = layout.x_axis[:2]
    for reference in spec.references:
        points = data.add_series(reference.name, number_format=spec.number_format)
        points.add_data_point(x_low, reference.value)
        points.add_data_point(x_high, reference.value)
    kind = XL_CHART_TYPE.XY_SCATTER_LINES if spec.kind == "line" else XL_CHART_TYPE.XY_SCATTER
    chart = new_chart(slide, kind, data, box)
    plot_series = list(chart.plots[0].series)
    for series, chart_series in zip(spec.series, plot_series):
        style_xy_series(chart_series, series)
    if spec.kind == "line":
        for label in value_labels.line_labels(spec, layout.plot, layout.x_axis):
            point = plot_series[label.series].points[label.point]
            label_text(point.data_label, label.text, SIDE_POSITIONS[label.side])
    for reference, chart_series in zip(spec.references, plot_series[len(spec.series) :]):
        style_xy_series(
            chart_series, Series(reference.name, [], colour=reference.colour, dash=reference.dash, marker="none"), True
        )
    _value_axis(chart, spec, chart.value_axis)
    axis_title(chart.value_axis, spec.y_title)
    axis = chart.category_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = layout.x_axis
    axis.tick_labels.number_format = spec.x_number_format
    axis.tick_labels.number_format_is_linked = False
    font(axis.tick_labels.font)
    axis_title(axis, spec.x_title)
    _legend(chart, spec, chart_layout.legend_names(spec), box)
    place_plot(chart, box, layout.plot)
