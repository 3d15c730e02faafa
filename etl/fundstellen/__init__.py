"""Offline derivation of each row's Fundstelle: where a reader finds the cited passage in the published document.

For every row that cites a source line, `source_section` (the section path in the document's own headings, e.g.
„Handlungsziel 17 „Ausschöpfung des Beschäftigungspotenzials“, Maßnahme „…““), `source_quote` (a short verbatim
quotation of the passage, as printed, so that a search in the PDF finds it) and `source_page` (pages where the text
conversion carries them) are derived from the documents' structure, never written by hand per row. Partners cite a
second place for their name (`name_source_*`), conflicts one per side (`*_a`, `*_b`).

CLI (fills the hand-curated tables; the strategy tables get theirs from ``etl.strategy``)::

    python -m etl.fundstellen ../shared/seeds datasets/

Modules: ``text`` (joining wrapped lines as a reader reads them, sentences, quotations), ``outline`` (the sections of
a document and their pages), ``documents`` (the outline of each source, from ``outline.toml`` and, for the strategy
report, from ``etl.strategy``), ``cite`` (which column of which table cites what, and the filling), ``cli``.
"""
