"""The network's growth as a native stacked area chart over a date axis, drawn as steps, with the total at each
year above the stack (python-pptx, plus the chart XML it does not write: the date axis's units, the totals'
series, a hidden legend entry)."""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from lxml import etree
from pptx.enum.chart import XL_CHART_TYPE

from . import chart_layout, measure, value_labels
from .measure import MIN_PT, Box
from .pptx_charts import (
    A,
    C,
    _CategoryData,
    _legend,
    _plot_area,
    _value_axis,
    axis_title,
    element,
    font,
    new_chart,
    place_plot,
    rgb,
    text_properties,
)
from .spec import ChartSpec


def add_area(slide: Any, spec: ChartSpec, box: Box) -> None:
    """Stacked areas over a date axis, drawn as steps: each date also gets the day before it with the counts
    until then, so that an accession adds a step (as in the dashboard) rather than a slope."""
    days = [dt.date.fromisoformat(d) for d in spec.categories or []]
    layout = chart_layout.xy_layout(spec, box)
    totals = {dt.date.fromisoformat(t.day): t for t in value_labels.area_totals(spec, layout.plot)}
    steps = {day - dt.timedelta(days=1) for i, day in enumerate(days) if i and (day - days[i - 1]).days > 1}
    categories = sorted(set(days) | steps | set(totals))
    rows = [bisect.bisect_right(days, day) - 1 for day in categories]
    data = _CategoryData(spec.number_format)
    data.categories = categories
    for series in spec.series:
        data.add_series(series.name, [series.values[r] for r in rows])
    chart = new_chart(slide, XL_CHART_TYPE.AREA_STACKED, data, box)
    for series, chart_series in zip(spec.series, chart.plots[0].series):
        chart_series.format.fill.solid()
        chart_series.format.fill.fore_color.rgb = rgb(series.colour)
        chart_series.format.line.color.rgb = rgb(series.colour)
    _value_axis(chart, spec, chart.value_axis)
    axis_title(chart.value_axis, spec.y_title)
    axis = chart.category_axis
    axis_title(axis, spec.x_title)
    axis.tick_labels.number_format = spec.x_number_format
    axis.tick_labels.number_format_is_linked = False
    font(axis.tick_labels.font)
    date_axis = chart._chartSpace.find(f".//{{{C}}}dateAx")
    if date_axis is not None:
        for tag, value in (("baseTimeUnit", "days"), ("majorUnit", "1"), ("majorTimeUnit", "years")):
            child = date_axis.find(f"{{{C}}}{tag}")
            if child is None:
                child = element(f"c:{tag}")
                date_axis.append(child)
            child.set("val", value)
        _order_date_axis(date_axis)
    _legend(chart, spec, chart_layout.legend_names(spec), box)
    _totals(chart, spec, categories, totals)
    place_plot(chart, box, layout.plot)


def _totals(chart: Any, spec: ChartSpec, categories: list[dt.date], totals: dict[dt.date, value_labels.Total]) -> None:
    """The network's total at each year as the labels of a line series without line or marks, each point at the
    top of the stack under its label, not in the legend."""
    plot_area = _plot_area(chart)
    area_chart = plot_area.find(f"{{{C}}}areaChart")
    line_chart = element("c:lineChart")
    line_chart.append(element("c:grouping", val="standard"))
    line_chart.append(element("c:varyColors", val="0"))
    index = len(spec.series)
    ser = etree.SubElement(line_chart, f"{{{C}}}ser")
    ser.append(element("c:idx", val=str(index)))
    ser.append(element("c:order", val=str(index)))
    etree.SubElement(etree.SubElement(ser, f"{{{C}}}tx"), f"{{{C}}}v").text = value_labels.TOTAL_NAME
    etree.SubElement(etree.SubElement(ser, f"{{{C}}}spPr"), f"{{{A}}}ln").append(element("a:noFill"))
    etree.SubElement(ser, f"{{{C}}}marker").append(element("c:symbol", val="none"))
    labels = etree.SubElement(ser, f"{{{C}}}dLbls")
    for position, day in enumerate(categories):
        if day not in totals:
            continue
        label = etree.SubElement(labels, f"{{{C}}}dLbl")
        label.append(element("c:idx", val=str(position)))
        rich = etree.SubElement(etree.SubElement(label, f"{{{C}}}tx"), f"{{{C}}}rich")
        for child in text_properties():
            rich.append(child)
        run = etree.SubElement(rich.find(f"{{{A}}}p"), f"{{{A}}}r")
        run_properties = etree.SubElement(run, f"{{{A}}}rPr", lang="de-DE", sz=str(MIN_PT * 100), b="0")
        etree.SubElement(run_properties, f"{{{A}}}latin", typeface=measure.FONT_NAME)
        etree.SubElement(run, f"{{{A}}}t").text = totals[day].text
        rich.find(f"{{{A}}}p").append(rich.find(f"{{{A}}}p/{{{A}}}endParaRPr"))
        label.append(element("c:dLblPos", val="t"))
        for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
            label.append(element(f"c:{tag}", val="1" if tag == "showVal" else "0"))
    for tag in ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize"):
        labels.append(element(f"c:{tag}", val="0"))
    cat = etree.SubElement(etree.SubElement(ser, f"{{{C}}}cat"), f"{{{C}}}numLit")
    etree.SubElement(cat, f"{{{C}}}formatCode").text = "yyyy-mm-dd"
    cat.append(element("c:ptCount", val=str(len(categories))))
    for position, day in enumerate(categories):
        point = etree.SubElement(cat, f"{{{C}}}pt", idx=str(position))
        etree.SubElement(point, f"{{{C}}}v").text = str((day - dt.date(1899, 12, 30)).days)
    numbers = etree.SubElement(etree.SubElement(ser, f"{{{C}}}val"), f"{{{C}}}numLit")
    etree.SubElement(numbers, f"{{{C}}}formatCode").text = "General"
    numbers.append(element("c:ptCount", val=str(len(categories))))
    for position, day in enumerate(categories):
        if day in totals:
            point = etree.SubElement(numbers, f"{{{C}}}pt", idx=str(position))
            etree.SubElement(point, f"{{{C}}}v").text = repr(float(totals[day].anchor))
    ser.append(element("c:smooth", val="0"))
    line_chart.append(element("c:marker", val="1"))
    for axis_id in area_chart.findall(f"{{{C}}}axId"):
        line_chart.append(element("c:axId", val=axis_id.get("val")))
    area_chart.addnext(line_chart)
    legend = chart._chartSpace.find(f".//{{{C}}}legend")
    if legend is not None:  # the totals are no entry of the legend
        entry = element("c:legendEntry")
        entry.append(element("c:idx", val=str(index)))
        entry.append(element("c:delete", val="1"))
        legend.find(f"{{{C}}}legendPos").addnext(entry)


DATE_AXIS_ORDER = [
    "axId", "scaling", "delete", "axPos", "majorGridlines", "minorGridlines", "title", "numFmt", "majorTickMark",
    "minorTickMark", "tickLblPos", "spPr", "txPr", "crossAx", "crosses", "crossesAt", "auto", "lblOffset",
    "baseTimeUnit", "majorUnit", "majorTimeUnit", "minorUnit", "minorTimeUnit", "extLst",
]  # fmt: skip


def _order_date_axis(axis: Any) -> None:
    children = sorted(axis, key=lambda e: DATE_AXIS_ORDER.index(etree.QName(e).localname))
    for child in children:
        axis.append(child)
