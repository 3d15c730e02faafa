"""Data shown as text, never as markup: one escaping function for Streamlit markdown, one for plotly text,
and display shortening of long labels.

Data values (names, titles, descriptions, sources) reach sentences, captions, labels, hovers and annotations.
Streamlit's markdown would turn them into links, images (loaded from any URL), LaTeX, coloured text, emoji and
icons, headings or lists; plotly would render <b>, <a href>, <span style> and <br>. Wrap every data value at the
place it enters such a string; the text around it stays the code's own markdown."""

from __future__ import annotations

import re

import pandas as pd

LABEL_LIMIT = 60  # characters of a chart label (axis category, legend); the hover shows the full text

# Characters that start markup anywhere in a line of Streamlit's markdown: emphasis, code, links and images
# (via "["), autolinks and HTML ("<"), entities ("&"), LaTeX ("$"), strikethrough ("~"), escapes ("\\").
_MD_INLINE = re.compile(r"([\\`*_\[\]<>&$~])")
# At the start of a line: headings ("# "), block quotes (">"), lists ("- ", "+ ", "1. ", "2) "), rules ("---").
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=[\s-]|$)|\d{1,9}[.)](?=\s|$))")
# A colon directly before a non-space starts a directive (":red[…]"), an icon (":material/…:"), an emoji
# shortcode or an autolink ("https://…"); Streamlit resolves icons and links after the markdown is parsed, where
# "\\:" is a plain ":" again, so an invisible word joiner follows the escaped colon.
_MD_COLON = re.compile(r":(?=\S)")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# "&", "<", ">": plotly's HTML subset (<b>, <a href>, <span style>, <br>) and entities; "$": LaTeX; "%{": a
# hovertemplate placeholder where data is joined into a template.
_PLOT_SPECIAL = re.compile(r"[&<>$]|%(?=\{)")
_PLOT_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "%": "&#37;"}


def _as_text(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def md(value: object) -> str:
    """`value` as literal text inside Streamlit markdown (st.markdown, st.caption, st.info, labels, help …)."""
    text = _LINE_BREAKS.sub(" ", _as_text(value))
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], text)
    return _MD_COLON.sub("\\:\u2060", text)


def plot(value: object) -> str:
    """`value` as literal text inside plotly (axis categories, text, hover text, legend names, annotations)."""
    text = _as_text(value)
    return _PLOT_SPECIAL.sub(lambda m: _PLOT_ENTITIES[m.group()], _LINE_BREAKS.sub(" ", text))


def shorten(value: object, limit: int = LABEL_LIMIT) -> str:
    """Display form of a long label: at most `limit` characters, ending in "…" when cut."""
    text = _as_text(value)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
