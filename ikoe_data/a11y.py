"""Accessibility helpers without Streamlit: German plotly locale and modebar, text alternatives for charts,
the settings of the accessibility statement."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from . import labels, settings

# Our own German texts for what plotly.js (3.x, as bundled by Streamlit) shows in the modebar and notifications.
# Streamlit's plotly bundle registers only "en" and "en-US"; plotly reads `config.locales` per chart, so the
# dictionary travels with each chart's config instead of a registered locale module.
PLOTLY_DICTIONARY = {  # the image button's two labels name each chart's size (german_plotly_config)
    "Preparing image - this may take a few seconds": "Bild wird erstellt – das kann einige Sekunden dauern",
    "Image download succeeded": "Bild heruntergeladen",
    "Sorry, there was a problem downloading your image!": "Das Bild konnte nicht heruntergeladen werden.",
    "Zoom": "Ausschnitt vergrößern (Rahmen ziehen)",
    "Zoom in": "Vergrößern",
    "Zoom out": "Verkleinern",
    "Autoscale": "Automatisch skalieren",
    "Reset axes": "Achsen zurücksetzen",
    "Pan": "Verschieben",
    "Double-click to zoom back out": "Doppelklick: zurück zur Gesamtansicht",
    "Double-click on legend to isolate one trace": "Doppelklick in der Legende: nur diese Reihe zeigen",
    "Click to enter Plot title": "Diagrammtitel eingeben",
    "Click to enter X axis title": "Titel der x-Achse eingeben",
    "Click to enter Y axis title": "Titel der y-Achse eingeben",
    "Click to enter Colorscale title": "Titel der Farbskala eingeben",
}
PLOTLY_GERMAN: dict[str, Any] = {
    "dictionary": PLOTLY_DICTIONARY,
    "format": {
        "days": ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
        "shortDays": ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
        "months": list(labels.MONTHS),
        "shortMonths": ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
        "date": "%d.%m.%Y",
        "decimal": ",",
        "thousands": ".",
    },
}
# What analysts use: the slide-sized image, a zoom box (also for keyboard users: zoom in/out) and the way back.
MODEBAR_BUTTONS = [["toImage", "zoom2d", "zoomIn2d", "zoomOut2d", "resetScale2d"]]


def german_plotly_config(config: dict[str, Any]) -> dict[str, Any]:
    """A chart config in German with the reduced modebar (the given config's other settings kept); the image
    button names the size the image will have (a chart with many rows is taller than 1600 × 900)."""
    options = config["toImageButtonOptions"]  # charts.style.image_config
    size = f"{round(options['width'] * options['scale'])} × {round(options['height'] * options['scale'])}"
    dictionary: dict[str, str] = {
        **PLOTLY_DICTIONARY,
        "Download plot as a PNG": f"Als Bild herunterladen (PNG, {size})",
        "Download plot": f"Als Bild herunterladen (SVG, {size})",
    }
    return {
        **config,
        "locale": "de",
        "locales": {"de": {**PLOTLY_GERMAN, "dictionary": dictionary}},
        "modeBarButtons": MODEBAR_BUTTONS,
        "displaylogo": False,
    }


# --------------------------------------------------------------------------- text alternatives


def _plain(text: str | None) -> str:
    """Text without plotly's HTML subset; a title wrapped into lines is one line again (subtitles are not part of
    the title text)."""
    joined = re.sub(r"<br\s*/?>", " ", text or "", flags=re.IGNORECASE)
    return " ".join(re.sub(r"<[^>]+>", "", joined).split())


def _number(value: float) -> str:
    if float(value).is_integer():
        return labels.format_number(value)
    return labels.format_number(value, 2 if round(value, 1) != value else 1)


def _unit(axis: Any) -> tuple[str, str]:
    """(noun, suffix) of a value axis: "Maßnahmen (Anzahl)" → ("Maßnahmen", ""), ticksuffix " %" → ("", " %")."""
    title = _plain(axis.title.text if axis and axis.title else "")
    noun = re.sub(r"\s*\([^)]*\)", "", title).strip()
    suffix = (axis.ticksuffix or "") if axis else ""
    if suffix.strip() == "%" or "%" in title:
        return "", " %"
    return noun, suffix


SINGULAR = {"Maßnahmen": "Maßnahme", "aktive Maßnahmen": "aktive Maßnahme", "Handlungsziele": "Handlungsziel"}
DATIVE = {"Handlungsziele": "Handlungszielen", "Partner": "Partnern", "Anteile": "Anteilen"}  # after "mit"
MAX_NAMED = 3  # tied extremes named before "und n weitere"


def _value(value: float, unit: tuple[str, str], dative: bool = False) -> str:
    noun, suffix = unit
    if noun and value == 1:
        noun = SINGULAR.get(noun, noun)
    elif noun and dative:
        noun = DATIVE.get(noun, noun)
    return f"{_number(value)}{suffix}" + (f" {noun}" if noun else "")


def _is_year_or_date(values: list[Any]) -> bool:
    if not values:
        return False
    if all(isinstance(v, (dt.date, dt.datetime)) or hasattr(v, "year") for v in values):
        return True
    try:
        return all(1900 <= float(v) <= 2100 and float(v).is_integer() for v in values)
    except (TypeError, ValueError):
        return False


def _when(value: Any) -> str:
    if hasattr(value, "strftime"):
        return labels.format_date(value)
    return str(int(float(value))) if _is_year_or_date([value]) else str(value)


def _points(trace: Any, horizontal: bool) -> list[tuple[Any, float]]:
    """(category, value) pairs of a trace, skipping empty values (legend-only traces have none)."""
    categories, values = (trace.y, trace.x) if horizontal else (trace.x, trace.y)
    if categories is None or values is None:
        return []
    pairs = []
    for category, value in zip(list(categories), list(values)):
        if value is None or category is None:
            continue
        if isinstance(category, np.datetime64):
            category = pd.Timestamp(category)
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if not math.isnan(number):
            pairs.append((category, number))
    return pairs


def _extremes(values: dict[Any, float], unit: tuple[str, str], what: str = "Wert") -> str:
    """Largest and smallest value with every key that reaches it (ties named, never one picked silently)."""
    high, low = max(values.values()), min(values.values())
    tops = [k for k, v in values.items() if v == high]
    bottoms = [k for k, v in values.items() if v == low]
    if len(values) == 1:
        return f"Einziger {what}: {tops[0]} mit {_value(high, unit, dative=True)}."
    if high == low:
        return f"Alle {len(values)} haben denselben {what}: {_value(high, unit)}."

    def holders(keys: list[Any], value: float) -> str:
        each = "je " if len(keys) > 1 else ""
        return f"{labels.enumeration([str(k) for k in keys], MAX_NAMED)} mit {each}{_value(value, unit, dative=True)}"

    return f"Höchster {what}: {holders(tops, high)}, niedrigster: {holders(bottoms, low)}."


def _trend(series: dict[Any, float], unit: tuple[str, str]) -> str:
    ordered = sorted(series.items(), key=lambda item: item[0])
    (first, a), (last, b) = ordered[0], ordered[-1]
    peak, top = max(ordered, key=lambda item: item[1])
    if b > a:
        text = f"Von {_when(first)} bis {_when(last)} steigt der Wert von {_number(a)} auf {_value(b, unit)}"
    elif b < a:
        text = f"Von {_when(first)} bis {_when(last)} sinkt der Wert von {_number(a)} auf {_value(b, unit)}"
    else:
        text = f"Von {_when(first)} bis {_when(last)} bleibt der Wert bei {_value(a, unit)}"
    if top > max(a, b):
        text += f"; am höchsten {_when(peak)} mit {_value(top, unit, dative=True)}"
    return text + "."


def chart_summary(fig: go.Figure) -> str:
    """One or two German sentences from a chart's data: what it shows, largest and smallest value, the trend
    where the categories are years or dates. Used as the chart's text alternative and shown with its table.
    Plain text: plotly's entities (data escaped for the chart) are turned back into characters."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    text = " ".join(part for part in (_summary(fig), str(meta.get("reading") or "")) if part)
    return html.unescape(" ".join(re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE).split()))


def _summary(fig: go.Figure) -> str:
    title = _plain(fig.layout.title.text if fig.layout.title else "") or "ohne Titel"
    traces = [t for t in fig.data if t.visible in (None, True)]
    heatmaps = [t for t in traces if t.type == "heatmap"]
    if heatmaps:
        return _heatmap_summary(title, heatmaps, fig)
    bars = [t for t in traces if t.type == "bar"]
    horizontal = bool(bars) and all(t.orientation == "h" for t in bars)
    if not bars:  # markers or lines: horizontal when the categories sit on the y axis
        horizontal = any(_points(t, True) for t in traces) and not any(_points(t, False) for t in traces)
    data = [(t, _points(t, horizontal)) for t in (bars or traces)]
    data = [(t, points) for t, points in data if points]
    if not data:
        return f"Das Diagramm „{title}“ enthält keine Werte."
    unit = _unit(fig.layout.xaxis if horizontal else fig.layout.yaxis)
    category_axis = fig.layout.yaxis if horizontal else fig.layout.xaxis
    category_title = _plain(category_axis.title.text if category_axis.title else "")
    categories = list(dict.fromkeys(c for _, points in data for c, _ in points))
    # bars whose categories do not overlap split one series into kinds (e.g. observed years and projected years)
    partitioned = bool(bars) and len(data) > 1 and sum(len(points) for _, points in data) == len(categories)
    stacked = bool(bars) and (fig.layout.barmode in ("stack", "relative") or len(data) == 1 or partitioned)
    stacked = stacked or any(getattr(t, "stackgroup", None) for t, _ in data)
    timeline = _is_year_or_date(categories)
    legend = _plain(fig.layout.legend.title.text if fig.layout.legend and fig.layout.legend.title else "")
    series = [t.name for t, _ in data if t.name]

    shows = f"Das Diagramm „{title}“ zeigt"
    if timeline:
        shows += f" {len(categories)} Zeitpunkte von {_when(min(categories))} bis {_when(max(categories))}"
    else:
        category_noun = re.sub(r"\s*\([^)]*\)", "", category_title).strip()
        shows += f" {len(categories)} " + (f"Werte ({category_noun})" if category_noun else "Kategorien")
    if len(series) > 1 and not partitioned:
        shows += f" in {len(series)} Reihen" + (f" nach {legend}" if legend else "")
    shows += "."
    noun = re.sub(r"\s*\([^)]*\)", "", category_title).strip()
    if (
        noun and not timeline and all(str(c).isdigit() for c in categories)
    ):  # goal numbers and the like: "Handlungsziel 32"
        data = [(t, [(f"{noun} {c}", v) for c, v in points]) for t, points in data]

    if any(
        getattr(t, "stackgroup", None) for t, _ in data
    ):  # cumulative areas: the latest value of each series adds up
        latest = {t.name: max(points, key=lambda p: p[0])[1] for t, points in data}
        first = min(c for _, points in data for c, _ in points)
        last = max(c for _, points in data for c, _ in points)
        total = sum(latest.values())
        text = f"Am Ende ({_when(last)}) sind es zusammen {_value(total, unit)} (Beginn {_when(first)})."
        if len(latest) > 1:
            text += " " + _extremes(latest, unit, "Anteil").replace("Höchster Anteil", "Am größten").replace(
                "niedrigster", "am kleinsten"
            )
        return f"{shows} {text}"
    if stacked:
        totals: dict[Any, float] = defaultdict(float)
        for _, points in data:
            for category, value in points:
                totals[category] += value
        text = _trend(totals, unit) if timeline else _extremes(dict(totals), unit)
        return f"{shows} {text}"
    # separate series (markers, lines, grouped bars): extremes over all points, with their series
    values: dict[str, float] = {}
    for trace, points in data:
        trace_name = " ".join(re.sub(r"<br\s*/?>", " ", trace.name or "").split())
        for category, value in points:
            name = f"{category} ({trace_name})" if trace_name and len(data) > 1 else str(category)
            if timeline:
                name = f"{trace_name or 'Wert'}, {_when(category)}"
            values[name] = value
    return f"{shows} {_extremes(values, unit)}"


def _heatmap_summary(title: str, traces: list[Any], fig: go.Figure) -> str:
    """All heatmap traces as one matrix (a chart may draw kinds of columns as traces of their own)."""
    xs: dict[str, None] = {}
    ys: dict[str, None] = {}
    cells = []
    for trace in traces:
        z = [list(row) for row in (trace.z if trace.z is not None else [])]
        x, y = list(trace.x or range(len(z[0]) if z else 0)), list(trace.y or range(len(z)))
        xs.update(dict.fromkeys(map(str, x)))
        ys.update(dict.fromkeys(map(str, y)))
        cells += [
            (float(value), str(y[i]), str(x[j]))
            for i, row in enumerate(z)
            for j, value in enumerate(row)
            if value is not None and not (isinstance(value, float) and math.isnan(value))
        ]
    trace = traces[0]
    unit_name = ""
    if trace.colorbar and trace.colorbar.title and trace.colorbar.title.text:
        unit_name = _plain(trace.colorbar.title.text)
    unit = (unit_name, "")
    shows = f"Das Diagramm „{title}“ ist eine Farbmatrix aus {len(ys)} Zeilen und {len(xs)} Spalten."
    if not cells:
        return f"{shows} Es enthält keine Werte."
    top = max(cells)
    empty = sum(1 for value, _, _ in cells if value == 0)
    text = f"Höchster Wert: {_value(top[0], unit)} bei {top[1]} – {top[2]}"
    text += (
        f"; {_number(empty)} von {len(cells)} Feldern sind 0." if empty else f"; niedrigster: {_number(min(cells)[0])}."
    )
    return f"{shows} {text}"


# --------------------------------------------------------------------------- accessibility statement


@dataclass(frozen=True)
class StatementSettings:
    """What an operator configures for the accessibility statement (environment variables)."""

    contact: str | None  # e-mail address or web form for feedback on barriers (BGG NRW § 10b Abs. 2 Nr. 2)
    last_check: dt.date


LAST_CHECK = dt.date(2026, 12, 1)  # date of the last full check (axe-core run of the browser tests, keyboard walk)
CONTACT_VARIABLE = settings.A11Y_CONTACT_ENV


def statement_settings() -> StatementSettings:
    return StatementSettings(contact=settings.a11y_contact(), last_check=LAST_CHECK)
