"""The look of every chart: one plotly theme, a colour-blind-safe palette, German number format, the figure
frame with its title block and source line (data escaped so it never renders as markup), and slide-sized image
downloads. The chart builders are in the other modules of `charts`."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from .. import labels
from .. import text as safe

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
SEQUENTIAL = [[0.0, "#f7fbff"], [0.2, "#c6dbef"], [0.45, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]
STATUS_COLOURS = {
    "durchgeführt": "#009E73",
    "laufend": "#0072B2",
    "geplant": "#E69F00",
    "abgesagt/verschoben": "#D55E00",
    "laufend und geplant": "#56B4E9",
    "abgeschlossen": "#000000",
}
GROUP_COLOURS = dict(zip(labels.PARTNER_GROUP_ORDER, PALETTE))
FONT = "Source Sans Pro, Arial, sans-serif"
# A small template of our own: plotly's built-in ones are large and copying them costs ~20 ms per chart.
# Tick labels never overflow the figure (the axes reserve their room, automargin), so plotly.js need not check each
# label against the edges: on value axes it does so once per label for every label drawn (issue #25).
_AXIS = {"gridcolor": "#E6E6E6", "linecolor": "#BBBBBB", "zeroline": False, "automargin": True}
pio.templates["ikoe"] = go.layout.Template(
    layout={
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {**_AXIS, "ticklabeloverflow": "allow"},
        "yaxis": {**_AXIS, "ticklabeloverflow": "allow"},
    }
)
pio.templates.default = "ikoe"
SLIDE_WIDTH, SLIDE_HEIGHT = 1600, 900
# Slide export: the figure is laid out at 1600/1.5 × 900/1.5 and drawn at 1.5× scale, so that the smallest text
# (TEXT_MIN px on screen) is at least 18 px in the 1600 × 900 image, and the layout matches the screen's.
EXPORT_SCALE = 1.5
EXPORT_WIDTH, EXPORT_HEIGHT = SLIDE_WIDTH / EXPORT_SCALE, SLIDE_HEIGHT / EXPORT_SCALE
TEXT_MIN, TEXT, TITLE_SIZE = 12, 13, 18
# Characters per line so that text fits a phone (about 360 px of chart width) and is never cut mid-word.
TITLE_WRAP, SUBTITLE_WRAP, FOOTNOTE_WRAP, LEGEND_WRAP = 34, 52, 52, 20
GOAL_LABEL_WRAP, GOAL_LABEL_LINES = 28, 2  # goal titles (up to 163 characters) as row labels
LINE_PX = 17  # height of one line of 12–13 px text
LABEL_CHAR_PX = 7  # width of one character of a 12 px label (a turned label takes as much height)
# Heatmap cells are too narrow for their numbers on a phone: there the page shows the numbers as a list of the rows
# instead of the heatmap (ikoe_ui.a11y's script and styles); slides, images and print keep the numbers in the cells.
CELL_NUMBER = "Zahl in der Zelle"
# The least height of a plot area on a 390 px phone, where legends and titles wrap into more rows than on a screen:
# the figures' heights leave it (tests/test_browser_print_phone.py measures it).
PHONE_PLOT_HEIGHT = 250


def image_config(filename: str, image_format: str = "png", *, height: float | None = None) -> dict[str, Any]:
    """Plotly config: modebar image download at slide size (1600 × 900, text ≥ 18 px) with a meaningful file
    name. A chart taller than the slide's layout height (e.g. 37 goals) keeps its rows readable and exports
    taller at the same width and text size."""
    export_height = max(EXPORT_HEIGHT, float(height or 0))
    return {
        "displaylogo": False,
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
        "toImageButtonOptions": {
            "format": image_format,
            "filename": slug(filename),
            "width": EXPORT_WIDTH,
            "height": export_height,
            "scale": EXPORT_SCALE,
        },
    }


def export_height(fig: go.Figure) -> float:
    """Layout height of the slide image: 600 (i.e. 900 px at 1.5×), more only where the rows need it."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return float(meta.get("export_height") or max(EXPORT_HEIGHT, fig.layout.height or 0))


def slug(text: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})
    return re.sub(r"[^A-Za-z0-9]+", "-", text.translate(table)).strip("-").lower()[:80] or "diagramm"


def figure(
    traces: list[dict[str, Any]],
    title: str,
    source: str,
    *,
    subtitle: str = "",
    xaxis: dict[str, Any] | None = None,
    yaxis: dict[str, Any] | None = None,
    height: int = 480,
    phone_room: int = 0,
    legend_title: str | None = None,
    shapes: Sequence[dict[str, Any]] = (),
    annotations: Sequence[dict[str, Any]] = (),
    reading: str = "",
    **layout: Any,
) -> go.Figure:
    """Assemble a figure from plain trace and layout dicts in one step, with the common theme, title, subtitle,
    legend and source line. (Building from dicts and validating once is about ten times faster than
    plotly's incremental update_* calls.)

    Layout that holds at any width, from a 390 px phone to a 1600 px slide, without estimating any text's size:
    the title block (title; subtitle saying what is counted; the selection line the page stamps in; the source)
    reserves its own room at the top; below the plot the axis reserves the room its labels take, then the legend:
    horizontal, wrapped into rows over the whole width, its height reserved at the figure's bottom edge (it never
    sits beside or on the plot). Labels are wrapped at word boundaries by the builders. (The source is not a
    footnote under the axis: plotly.js counts a fixed bottom margin as room for the legend, which then covers
    such a footnote.)

    `phone_room`: height added on screen only, for legend rows a phone wraps into (not on the slide image)."""
    for trace in traces:  # legend entries wrap, so that one long entry never runs out of a phone-wide figure
        if isinstance(trace.get("name"), str) and "<br>" not in trace["name"]:
            trace["name"] = labels.wrap(trace["name"], LEGEND_WRAP, escape=False)
        group_title = trace.get("legendgrouptitle", {}).get("text")
        if group_title and "<br>" not in group_title:
            trace["legendgrouptitle"] = {"text": labels.wrap(group_title, LEGEND_WRAP + 8, escape=False)}
    # on a phone every legend entry takes a row of its own: room for them, so the plot keeps its height (the slide
    # export, where the legend takes one or two rows, keeps the height the content needs)
    entries = sum(1 for t in traces if t.get("name") and t.get("showlegend", True)) if legend_title is not None else 0
    export_height = max(EXPORT_HEIGHT, height)
    height += 28 * max(0, entries - 2) + phone_room
    title_text = labels.wrap(title, TITLE_WRAP)
    title_lines = title_text.count("<br>") + 1
    # plotly.js draws the extra lines of a top-anchored title above the first one: move it down by as much
    title_pad = 10 if title_lines == 1 else 10 + round(1.3 * TITLE_SIZE * title_lines + 1)
    subtitle_text = title_block(subtitle, None, source)
    return go.Figure(
        data=traces,
        layout={
            "template": "ikoe",
            # the plain texts, for whoever turns the figure into something else (e.g. a slide title)
            # `reading`: how to read the values, appended to the generated text alternative (ikoe_data.a11y)
            "meta": {
                "title": title,
                "subtitle": subtitle,
                "source": source,
                "export_height": export_height,
                "reading": reading,
            },
            "title": {
                "text": title_text,
                "subtitle": {"text": subtitle_text, "font": {"size": TEXT_MIN, "color": "#444"}},
                "x": 0,
                "xref": "container",
                "xanchor": "left",
                "y": 1,
                "yref": "container",
                "yanchor": "top",
                "pad": {"t": title_pad, "l": 10, "b": 12},
                "automargin": True,
                "font": {"size": TITLE_SIZE},
            },
            "font": {"family": FONT, "size": TEXT, "color": "#222"},
            "separators": ",.",
            "colorway": PALETTE,
            "height": height,
            # no fixed room at the bottom: the axis labels and the legend reserve what they take
            "margin": {"l": 10, "r": 20, "t": 10, "b": 4, "pad": 2},
            "showlegend": bool(entries),  # also for a single group: the reader must learn what the colour means
            "legend": {
                "title": {"text": labels.wrap(legend_title or "", 30), "side": "top"},
                # placed in the figure's own coordinates at its bottom edge, so that it has the whole width (plotly.js
                # wraps its rows for the whole width) and reserves its height below the axis and the source note:
                # the plot moves up, nothing covers it, at any width
                "orientation": "h",
                "xref": "container",
                "yref": "container",
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "bottom",
                "traceorder": "normal",
                "font": {"size": TEXT_MIN},
            },
            "hoverlabel": {"font": {"family": FONT, "size": TEXT}},
            "xaxis": {
                "automargin": True,
                "tickfont": {"size": TEXT_MIN},
                **_shortened_ticks(traces, "x", xaxis),
                **(xaxis or {}),
                "title": {"standoff": 6, **(xaxis or {}).get("title", {})},
            },
            "yaxis": {
                "automargin": True,
                "tickfont": {"size": TEXT_MIN},
                **_shortened_ticks(traces, "y", yaxis),
                **(yaxis or {}),
            },
            "shapes": list(shapes),
            "annotations": list(annotations),
            **layout,
        },
    )


def with_row_labels(fig: go.Figure, row_labels: dict[str, str]) -> go.Figure:
    """Keep each row's full label (plain text) by the label the chart shows (wrapped, perhaps shortened), for
    whoever lays the rows out anew at another width (the committee deck)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {**meta, "row_labels": row_labels}
    return fig


def title_block(subtitle: str, selection_pieces: list[str] | None, source: str) -> str:
    """The lines under a chart's title: what it counts (wrapped), the selection line (already in pieces), the
    source; plain text in, plotly text out (escaped, so data never renders as markup)."""
    lines = labels.wrap_lines(subtitle, SUBTITLE_WRAP) if subtitle else []
    lines += selection_pieces or []
    lines += labels.wrap_lines(source, FOOTNOTE_WRAP) if source else []
    return "<br>".join(safe.plot(line) for line in lines)


def _shortened_ticks(traces: list[dict[str, Any]], letter: str, settings: dict[str, Any] | None) -> dict[str, Any]:
    """Category labels (already escaped by the builders) longer than safe.LABEL_LIMIT characters are shortened
    on the axis; the data, and so the hover, keep the full text. Axes with their own tick labels are left alone."""
    if settings and "tickvals" in settings:
        return {}
    categories: dict[str, None] = {}
    for trace in traces:
        values = trace.get(letter)
        if values is None or isinstance(values, str):
            continue
        for value in list(values):
            if isinstance(value, str):
                categories.setdefault(value)

    def too_long(label: str) -> bool:  # a wrapped label is fine; one overlong line or a text of many lines is not
        lines = [html.unescape(line) for line in re.split(r"<br\s*/?>", label)]
        return any(len(line) > safe.LABEL_LIMIT for line in lines) or sum(map(len, lines)) > 4 * safe.LABEL_LIMIT

    long = {c for c in categories if too_long(c)}
    if not long:
        return {}
    plain = {c: html.unescape(re.sub(r"<br\s*/?>", " ", c)) for c in long}
    return {
        "tickmode": "array",
        "tickvals": list(categories),
        "ticktext": [safe.plot(safe.shorten(plain[c])) if c in long else c for c in categories],
    }


def named_ticks(names: list[str], shown: list[str]) -> dict[str, Any]:
    """An axis whose categories are named in full (`names`, what the hover shows) while it shows `shown` (wrapped
    labels, shortened like any long category label): the cells of a heatmap need not repeat the names."""
    short = _shortened_ticks([{"v": shown}], "v", None)
    text = dict(zip(short.get("tickvals", []), short.get("ticktext", [])))
    return {"tickmode": "array", "tickvals": names, "ticktext": [text.get(label, label) for label in shown]}


def axis(title: str | None = None, **settings: Any) -> dict[str, Any]:
    return {"title": {"text": title}, **settings} if title is not None else settings


def nice_step(largest: float, max_ticks: int = 8) -> int:
    """An integer tick step (1, 2, 5, 10, 20, 50, …) giving at most `max_ticks` intervals up to `largest`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if largest / (factor * magnitude) <= max_ticks:
                return factor * magnitude
        magnitude *= 10


def count_axis(title: str | None, largest: float, **settings: Any) -> dict[str, Any]:
    """An axis for counts: integer ticks only (never '0, 1, 1, 2, 2'), from zero, German thousands."""
    largest = max(float(largest or 0), 1.0)
    step = nice_step(largest)
    return axis(
        title,
        tickmode="linear",
        tick0=0,
        dtick=step,
        tickformat=",d",
        range=[0, largest * 1.06],
        rangemode="tozero",
        **settings,
    )


def category_ticks(**settings: Any) -> dict[str, Any]:
    """Category labels stay horizontal where they fit and turn vertical where they would overlap (never 45°)."""
    return {"type": "category", "autotickangles": [0, 90], **settings}


def vertical_line(x: float, line: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "line": line,
        "layer": "below",
    }


def horizontal_line(y: float, line: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "line",
        "y0": y,
        "y1": y,
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "xref": "x domain",
        "line": line,
        "layer": "below",
    }


def source_note(*status_labels: str, extra: str = "") -> str:
    text = "Quelle: " + "; ".join(status_labels) + ". Eigene Auswertung."
    return f"{text} {extra}".strip()


def counts_text(values: Any, singular: str, plural: str) -> list[str]:
    return [labels.count(int(v), singular, plural) for v in values]


def cell_grid(columns: int, rows: int) -> list[dict[str, Any]]:
    """White lines between the cells of a heatmap over category axes, as one shape (none for a single cell). Gaps
    between the cells (plotly's xgap/ygap) look the same but make plotly.js paint the heatmap as a picture of the
    plot's size and encode it as PNG on every draw; without them it draws one pixel per cell, scaled up (issue #25)."""
    path = "".join(f"M{c - 0.5},-0.5V{rows - 0.5}" for c in range(1, columns))
    path += "".join(f"M-0.5,{r - 0.5}H{columns - 0.5}" for r in range(1, rows))
    return (
        [{"type": "path", "path": path, "xref": "x", "yref": "y", "line": {"color": "white", "width": 1}}]
        if path
        else []
    )


def legend_marker(name: str, symbol: str, colour: str, group: str) -> dict[str, Any]:
    """An entry in the legend only (no data drawn), for a mark the traces draw in several ways."""
    return {
        "type": "scatter",
        "x": [None],
        "y": [None],
        "mode": "markers",
        "name": name,
        "legendgroup": group,
        "marker": {"symbol": symbol, "size": 12, "color": colour, "line": {"width": 2, "color": colour}},
        "hoverinfo": "skip",
    }
