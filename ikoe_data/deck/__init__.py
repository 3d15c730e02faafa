"""The committee deck: the charts an analyst picked, as an editable PowerPoint file and a PDF handout.

A slide holds its chart as a specification (`spec`: kind, categories, series, values, number format, axis titles,
reference lines, legend names, or a table for heatmaps), derived from the dashboard's figure when the chart is
added (`derive`). The whole deck is laid out once (`frame`, `plan`: sizes, wrapping, continuation over slides,
footers, closing slides) and written twice: as native PowerPoint charts and tables (`powerpoint`, `pptx_charts`,
python-pptx) and as the PDF handout drawn with fpdf2 from the same layout (`pdf`, `pdf_charts`); `preview` renders
handout pages as thumbnails. A figure without a native chart form becomes a native table of the data the
dashboard shows beside it (its "Tabelle" view); no slide is a picture."""

from .collect import make_slide, scope_line, slide_kind, sources_of
from .derive import chart_spec
from .frame import SLIDE_HEIGHT, SLIDE_WIDTH
from .measure import MIN_PT, warm
from .pdf import build_pdf, write_pdf
from .plan import DeckPlan, plan_deck
from .powerpoint import build_pptx, template_problem, write_pptx
from .preview import previews
from .slides import (
    BIDI_CONTROLS,
    CURATION,
    DECK_TITLE_DEFAULT,
    LANGUAGE,
    MAX_SLIDES,
    NOTE_MAX,
    PALETTE,
    TITLE_MAX,
    DeckError,
    DeckInfo,
    Slide,
    Source,
    clean_text,
    figure_title,
    for_audience,
    plain,
    validate,
)
from .spec import KINDS, ChartSpec, HeatTable, Reference, Series

KIND_LABELS = {**KINDS, "empty": "ohne Daten"}

__all__ = [
    "BIDI_CONTROLS",
    "CURATION",
    "DECK_TITLE_DEFAULT",
    "KINDS",
    "KIND_LABELS",
    "LANGUAGE",
    "MAX_SLIDES",
    "MIN_PT",
    "NOTE_MAX",
    "PALETTE",
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "TITLE_MAX",
    "ChartSpec",
    "DeckError",
    "DeckInfo",
    "DeckPlan",
    "HeatTable",
    "Reference",
    "Series",
    "Slide",
    "Source",
    "build_pdf",
    "build_pptx",
    "chart_spec",
    "clean_text",
    "figure_title",
    "for_audience",
    "make_slide",
    "plain",
    "plan_deck",
    "previews",
    "scope_line",
    "slide_kind",
    "sources_of",
    "template_problem",
    "validate",
    "warm",
    "write_pdf",
    "write_pptx",
]
