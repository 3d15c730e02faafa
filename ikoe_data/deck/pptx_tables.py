"""A heatmap as a native PowerPoint table: each cell's number on a colour scaled to it (written as table XML in
one piece: python-pptx's cell-by-cell API costs about two milliseconds per cell)."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from . import chart_layout, measure
from .measure import MIN_PT, Box
from .pptx_charts import A, dark, emu, font, rgb
from .spec import ChartSpec


def add_table(slide: Any, spec: ChartSpec, box: Box) -> None:
    """The heatmap as a native table: each cell's number on a colour scaled to it, row labels at the left, the
    kinds of columns (e.g. lower bound) named below. (Written as table XML in one piece: python-pptx's cell by
    cell API costs about two milliseconds per cell.)"""
    assert spec.table is not None
    table = spec.table
    label_width, column, header = chart_layout.table_layout(spec, box)
    row_lines = [
        measure.wrap(r, label_width - 2 * chart_layout.LABEL_PAD - chart_layout.SLACK, MIN_PT) for r in table.rows
    ]
    heights = [header] + [chart_layout.table_row_height(len(lines)) for lines in row_lines]
    width = label_width + column * len(table.columns)
    shape = slide.shapes.add_table(len(heights), len(table.columns) + 1, emu(box.left), emu(box.top), emu(width),
                                   emu(sum(heights)))  # fmt: skip
    corner = measure.wrap(table.row_title, label_width - 2 * chart_layout.LABEL_PAD, MIN_PT, True)
    head = [(corner, "#FFFFFF", True, "l", chart_layout.LABEL_PAD)]
    head += [
        (lines, "#FFFFFF", True, "ctr", chart_layout.CELL_PAD) for lines in chart_layout.header_lines(spec, column)
    ]
    rows = [_row(heights[0], head)]
    for lines, values, height_ in zip(row_lines, table.values, heights[1:]):
        cells = [(lines, "#FFFFFF", False, "l", chart_layout.LABEL_PAD)]
        for index, value in enumerate(values):
            kind = table.column_kinds[index] if table.column_kinds else ""
            shown = chart_layout.cell_text(spec, len(rows) - 1, index)
            cells.append(
                (
                    [shown] if shown else [],
                    chart_layout.cell_colour(table, kind, value),
                    False,
                    "ctr",
                    chart_layout.CELL_PAD,
                )
            )
        rows.append(_row(height_, cells))
    grid = "".join(f'<a:gridCol w="{emu(w)}"/>' for w in [label_width] + [column] * len(table.columns))
    xml = f'<a:tbl xmlns:a="{A}"><a:tblPr firstRow="1"/><a:tblGrid>{grid}</a:tblGrid>{"".join(rows)}</a:tbl>'
    old = shape._element.graphic.graphicData.tbl
    old.getparent().replace(old, etree.fromstring(xml))
    if table.kind_names:
        top = box.top + sum(heights) + 6
        legend = slide.shapes.add_textbox(
            emu(box.left), emu(top), emu(box.width), emu(chart_layout.LEGEND_ROW)
        ).text_frame
        legend.word_wrap = True
        paragraph = legend.paragraphs[0]
        for kind, name in table.kind_names.items():
            swatch = paragraph.add_run()
            swatch.text = "■ "
            font(swatch.font, colour=rgb(table.scales[kind][1]))
            label = paragraph.add_run()
            label.text = f"{name}    "
            font(label.font)


def _row(height: float, cells: list[tuple[list[str], str, bool, str, float]]) -> str:
    return f'<a:tr h="{emu(height)}">' + "".join(_cell_xml(*cell) for cell in cells) + "</a:tr>"


def _cell_xml(lines: list[str], colour: str, bold: bool, align: str, pad: float) -> str:
    """One table cell: a paragraph per line the frame wrapped, on its fill colour, white borders."""
    ink = "FFFFFF" if dark(colour) else "222222"
    run = f'<a:rPr lang="de-DE" sz="{MIN_PT * 100}" b="{int(bold)}"><a:solidFill><a:srgbClr val="{ink}"/>' \
          f'</a:solidFill><a:latin typeface="{measure.FONT_NAME}"/></a:rPr>'  # fmt: skip
    paragraphs = (
        "".join(f'<a:p><a:pPr algn="{align}"/><a:r>{run}<a:t>{escape(line)}</a:t></a:r></a:p>' for line in lines)
        or f'<a:p><a:pPr algn="{align}"/><a:endParaRPr lang="de-DE" sz="{MIN_PT * 100}"/></a:p>'
    )
    border = '<a:ln{side} w="12700"><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:ln{side}>'
    borders = "".join(border.format(side=side) for side in "LRTB")
    return (
        f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</a:txBody>"
        f'<a:tcPr marL="{emu(pad)}" marR="{emu(pad)}" marT="{emu(3)}" marB="{emu(3)}" anchor="ctr">{borders}'
        f'<a:solidFill><a:srgbClr val="{colour.lstrip("#").upper()}"/></a:solidFill></a:tcPr></a:tc>'
    )
