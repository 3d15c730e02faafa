"""Data never renders as markup: the escaping functions and the chart builder's use of them."""

from __future__ import annotations

import pandas as pd
import pytest

from ikoe_data import charts
from ikoe_data.text import LABEL_LIMIT, md, plot, shorten

HOSTILE = [
    "![bild](https://example.org/x.png)",
    "[link](https://example.org) <https://example.org>",
    "<b>fett</b> <img src=x onerror=alert(1)> <span style='color:red'>rot</span>",
    ":red[rot] :material/home: $x^2$ **fett** _kursiv_ `code` ~~weg~~",
    "Zeile\n# Überschrift\r\n- Liste\u2028> Zitat",
    "1. nummeriert",
    "&lt;b&gt; \\*",
]


def bare_specials(escaped: str) -> list[str]:
    """Markdown characters in `escaped` that are not backslash-escaped (reading escapes pairwise)."""
    bare, index = [], 0
    while index < len(escaped):
        if escaped[index] == "\\":
            index += 2
            continue
        if escaped[index] in "[]<>&$~*_`":
            bare.append(escaped[index])
        index += 1
    return bare


@pytest.mark.parametrize("value", HOSTILE)
def test_md_leaves_no_markup(value):
    escaped = md(value)
    assert "\n" not in escaped and "\r" not in escaped and "\u2028" not in escaped
    assert bare_specials(escaped) == []
    assert not escaped.startswith(("#", "-", ">", "1."))
    # Every colon before a non-space is escaped and followed by a word joiner (no icon, directive or autolink).
    assert ":red" not in escaped and ":material" not in escaped and "https://" not in escaped


def test_md_keeps_ordinary_text():
    text = "Stadt Köln (MKFFI), 13.04.2015: 20,15 % – „Vielfalt“ - gut!"
    assert md(text) == text
    assert md(None) == "" and md(float("nan")) == ""
    assert md("12. Mai") == "12\\. Mai"


@pytest.mark.parametrize("value", HOSTILE)
def test_plot_leaves_no_html(value):
    escaped = plot(value)
    assert "<" not in escaped and ">" not in escaped and "$" not in escaped and "\n" not in escaped
    assert "&lt;b&gt;" not in value or "&amp;lt;b&amp;gt;" in escaped


def test_plot_keeps_percent_but_not_template_placeholders():
    assert plot("25 % der Beschäftigten") == "25 % der Beschäftigten"
    assert plot("%{x}") == "&#37;{x}"


def test_shorten():
    assert shorten("kurz") == "kurz"
    long = "x" * 10_000
    assert len(shorten(long)) == LABEL_LIMIT and shorten(long).endswith("…")


def test_figures_escape_data_and_shorten_long_categories():
    names = ["<b>Fett</b> GmbH", "A" * 10_000, "[x](https://example.org)"]
    frame = pd.DataFrame({"name": names, "n": [1, 2, 3]})
    fig = charts.horizontal_bar_chart(frame, "name", "n", "Titel", "Quelle", "Anzahl")
    bar = fig.data[0]
    assert list(bar.y) == [plot(n) for n in names]  # full (escaped) text: the hover shows it
    assert all("<" not in str(v) for v in bar.y)
    axis = fig.layout.yaxis
    assert list(axis.tickvals) == [plot(n) for n in names]
    assert max(len(t) for t in axis.ticktext) <= LABEL_LIMIT + 10  # entities may lengthen a label a little
    assert "A" * LABEL_LIMIT not in "".join(axis.ticktext)
