"""The committee deck: the charts an analyst picked, as an editable PowerPoint file and a PDF handout.

A slide is a plotly figure (as its JSON dict) with its title, selection line, source/status footer and facts.
Bar, stacked bar, line and scatter charts become native PowerPoint charts (data embedded, so "Daten bearbeiten"
works; number formats as Excel format codes, which PowerPoint renders in the reader's locale); everything else
(heatmaps, areas, charts with shaded ranges or text marks that a native chart cannot carry) becomes a
high-resolution image rendered by kaleido with Debian's Chromium. The PDF handout lays out the same slides with
fpdf2 (pure Python), every chart as a kaleido image, so no office suite is needed in the app.

Modules: `slides` (a slide's data, texts, limits), `native_charts` (plotly figure → native chart
specification), `images` (kaleido), `powerpoint` (the .pptx), `pdf` (the handout)."""

from .images import (
    IMAGE_CACHE_ENTRIES,
    RenderError,
    _image_cache,
    chart_image,
    image_size,
    prerender,
    render_images,
    too_tall,
)
from .native_charts import MARKERS, ChartSpec, Series, chart_spec, slide_kind
from .pdf import FONT_CANDIDATES, build_pdf
from .powerpoint import RENDER_FAILED, DeckInfo, build_pptx, template_problem
from .slides import (
    DECK_TITLE_DEFAULT,
    GREY,
    IMAGE_ASPECT,
    IMAGE_SCALE,
    IMAGE_WIDTH,
    KALEIDO_TABS,
    KIND_LABELS,
    LANGUAGE,
    MAX_SLIDES,
    NATIVE_KINDS,
    NOTE_MAX,
    PALETTE,
    SLIDE_HEIGHT,
    SLIDE_WIDTH,
    TITLE_MAX,
    DeckError,
    Slide,
    Source,
    clean_text,
    figure_title,
    plain,
    validate,
)

__all__ = [
    "DECK_TITLE_DEFAULT",
    "FONT_CANDIDATES",
    "GREY",
    "IMAGE_ASPECT",
    "IMAGE_CACHE_ENTRIES",
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "KALEIDO_TABS",
    "KIND_LABELS",
    "LANGUAGE",
    "MARKERS",
    "MAX_SLIDES",
    "NATIVE_KINDS",
    "NOTE_MAX",
    "PALETTE",
    "RENDER_FAILED",
    "SLIDE_HEIGHT",
    "SLIDE_WIDTH",
    "TITLE_MAX",
    "ChartSpec",
    "DeckError",
    "DeckInfo",
    "RenderError",
    "Series",
    "Slide",
    "Source",
    "_image_cache",
    "build_pdf",
    "build_pptx",
    "chart_image",
    "chart_spec",
    "clean_text",
    "figure_title",
    "image_size",
    "plain",
    "prerender",
    "render_images",
    "slide_kind",
    "template_problem",
    "too_tall",
    "validate",
]
