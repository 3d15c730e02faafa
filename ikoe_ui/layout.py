"""The anatomy every page shares: header, main facts, chart/table views with source line and downloads,
and the "Was Sie wissen müssen" box."""

from __future__ import annotations

import datetime as dt
import html
import threading
import urllib.parse
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ikoe_data import Dataset, a11y, charts, export, labels, selection, text
from ikoe_data.filters import Filters
from ikoe_data.text import md
from ikoe_ui import deck
from ikoe_ui.filters import unapplied_params

IMAGE_FORMAT_KEY = "image_format"
PAGE_PATH_KEY = "_page_path"
RUN_KEY = "_view_run"  # runs of this session that reached the end
DISPLAY_ROWS = 10_000  # a browser table beyond this is slow to send and nobody scrolls it; downloads hold all
CHART_ROWS = 40  # rows of a heatmap or dot chart that stay readable on a slide
STYLE_CELL_LIMIT = 20_000  # cells; beyond this a Styler's per-cell formatting makes the page noticeably slower


_COPYING = threading.Lock()


@st.cache_resource(show_spinner=False, max_entries=300)
def _built_chart(name: str, args: tuple, kwargs: dict[str, Any]) -> go.Figure:
    builder: Callable[..., go.Figure] = getattr(charts, name)
    return builder(*args, **kwargs)


def chart(builder: Callable[..., go.Figure], *args: Any, **kwargs: Any) -> go.Figure:
    """`builder(*args, **kwargs)` from `ikoe_data.charts`, built once per input (the inputs are hashed) and kept
    for all sessions. Building costs 10–60 ms per rerun, as plotly validates every property; the caller gets its
    own copy (about 5 ms), so stamping the selection line never changes the kept figure. Not st.cache_data: its
    pickled copies turn numpy arrays into plotly's base64 form, which the chart summaries do not read. Copies are
    made one at a time: plotly's copy briefly removes and restores each trace's type in the source figure, so two
    sessions copying the same kept figure at once could get a wrong trace (found by benchmarks/load.py)."""
    kept = _built_chart(builder.__name__, args, kwargs)
    with _COPYING:
        return go.Figure(kept)


def page_header(title: str, question: str) -> None:
    deck.remember(page=title)
    st.title(title)
    st.markdown(f"*{question}*")


def set_page_path(path: str) -> None:
    """The entry point records the running page's URL path (for the link that reopens a view)."""
    st.session_state[PAGE_PATH_KEY] = path


def _view() -> str:
    """The current view as an address: the page's path and every URL parameter bound so far in this run, except
    filters the page does not apply."""
    unapplied = unapplied_params()
    query = urllib.parse.urlencode(
        [(key, value) for key in st.query_params if key not in unapplied for value in st.query_params.get_all(key)],
        quote_via=urllib.parse.quote,
    )
    return f"/{st.session_state.get(PAGE_PATH_KEY, '')}" + (f"?{query}" if query else "")


def view_link() -> str:
    """The link that reopens the current view. (st.context.url ends in the current page's path, which _view adds
    with the URL parameters: without it here, /massnahmen became /massnahmen/massnahmen, a blank page.)"""
    page = st.session_state.get(PAGE_PATH_KEY, "")
    base = (st.context.url or "").rstrip("/")
    return (base.removesuffix(f"/{page}") if page else base) + _view()


def view_stamp() -> None:
    """Last element of every run (hidden): the view this run drew. The browser changes the sidebar and the address
    bar at once when a filter is chosen, the page's content only when the server's rerun has drawn it; the
    browser tests wait until this stamp equals the address bar (and, after a widget outside the URL, until the
    run number has grown) before they compare sidebar, URL and data."""
    run = st.session_state[RUN_KEY] = st.session_state.get(RUN_KEY, 0) + 1
    st.html(f'<span data-ikoe-view="{html.escape(_view())}" data-ikoe-run="{run}" hidden></span>')


def focus_titles(ds: Dataset) -> dict[int, str]:
    titles = ds.derived(
        ("focus_titles",), lambda: dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["title"]))
    )
    return dict(titles)


def _sources_by_doc(ds: Dataset) -> pd.DataFrame:
    return ds.derived(("sources_by_doc",), lambda: ds.sources.set_index("source_doc"))


def main_facts(sentences: list[str]) -> None:
    deck.remember(facts=sentences)
    with st.container(border=True):
        st.markdown("**Das Wichtigste in Kürze**")
        # The sentences are plain text with data inside (names, search terms from the URL): all literal.
        st.markdown("\n".join(f"- {md(sentence)}" for sentence in sentences))


def what_you_need_to_know(markdown: str) -> None:
    deck.remember(definitions=markdown)
    with st.expander("Was Sie wissen müssen", expanded=False, icon=":material/info:"):
        st.markdown(markdown)


def source_line(ds: Dataset, source_docs: list[str]) -> str:
    sources = _sources_by_doc(ds)
    parts = [
        md(f"{sources.at[doc, 'title']} ({sources.at[doc, 'publisher']}), {sources.at[doc, 'status_label']}")
        for doc in source_docs
        if doc in sources.index
    ]
    return "; ".join(parts)


def source_names(ds: Dataset) -> dict[str, str]:
    """Short display names of the sources by key (tables show these, never the key)."""
    return {doc: ds.short_title(doc) for doc in ds.sources["source_doc"]}


def chart_source(ds: Dataset, source_docs: list[str], extra: str = "") -> str:
    """Short source note for inside a chart (title and status, no publisher), plain text: the chart's title block
    escapes it once (charts.style.title_block), and the deck uses it as it is."""
    sources = _sources_by_doc(ds)
    names = [f"{ds.short_title(doc)}, {sources.at[doc, 'status_label']}" for doc in source_docs if doc in sources.index]
    return charts.style.source_note(*names, extra=extra)


def _decimal_text(value) -> str:
    """A decimal as the source reported it (20,15 · 12,5 · 33), German format."""
    return "–" if pd.isna(value) else labels.format_number(value, labels.decimals(float(value), 3))


def table(frame: pd.DataFrame, key: str, height: int | None = None) -> None:
    """A table in German formats: dates TT.MM.JJJJ via column config; decimals with the precision the source
    reported and a decimal comma via a Styler, which costs time per cell, so only tables with decimals get one
    (large ones fall back to the browser's locale)."""
    if len(frame) > DISPLAY_ROWS:
        st.caption(
            f"Angezeigt werden die ersten {labels.format_number(DISPLAY_ROWS)} von "
            f"{labels.format_number(len(frame))} Zeilen; die Downloads enthalten alle "
            f"{labels.format_number(len(frame))} Zeilen."
        )
        frame = frame.head(DISPLAY_ROWS)
    config = {
        c: st.column_config.DateColumn(format="DD.MM.YYYY")
        for c in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[c])
    }
    decimals = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    shown = frame
    if decimals and frame.size <= STYLE_CELL_LIMIT:
        shown = frame.style.format(_decimal_text, subset=decimals)
    elif decimals:
        config.update({c: st.column_config.NumberColumn(format="localized") for c in decimals})
    st.dataframe(
        shown, hide_index=True, width="stretch", key=key, height=height or "auto", placeholder="–", column_config=config
    )


SHARE_TARGET_COLUMNS = {
    "partner_label": "Partner",
    "year_text": "Jahr",
    "period": "Zeitraum",
    "share_text": "Anteil (wie berichtet)",
    "share_percent": "Anteil (%)",
    "share_percent_upper": "Anteil bis (%)",
    "target_percent": "Zielwert (%)",
    "gap_points": "Abstand zum Zielwert (Prozentpunkte)",
    "population_text": "Bevölkerungsanteil vor Ort (laut Quelle)",
    "basis_label": "Bezugsgruppe",
    "basis_detail": "Bezugsgruppe (genau)",
    "concept_label": "Begriff",
    "method_label": "Erhebungsart",
    "source_short": "Quelle",
    "source_line": "Zeile in der Quelle",
    "note": "Anmerkung",
}


def share_target_display(targets: pd.DataFrame) -> pd.DataFrame:
    """The share/target/gap table as shown and downloaded: reported wording and precision kept."""
    columns = [c for c in SHARE_TARGET_COLUMNS if c in targets]
    return targets[columns].rename(columns=SHARE_TARGET_COLUMNS)


def share_basis(targets: pd.DataFrame) -> tuple[tuple[str, int], str]:
    """What a share chart rests on: the figures with a share (as the main facts count them), and a note naming
    the table's further rows that state no share (e.g. "niemand … eingestellt") and so are not drawn."""
    with_share = int(targets["share_percent"].notna().sum())
    without = len(targets) - with_share
    note = (
        f"Das Diagramm zeigt {labels.count(with_share, 'Anteilsangabe', 'Anteilsangaben')} (n); die Tabelle "
        f"enthält außerdem {labels.count(without, 'Angabe', 'Angaben')} ohne Anteil (z. B. „niemand … "
        "eingestellt“), die sich nicht als Anteil zeichnen lässt."
        if without == 1
        else f"Das Diagramm zeigt {labels.count(with_share, 'Anteilsangabe', 'Anteilsangaben')} (n); die Tabelle "
        f"enthält außerdem {labels.format_number(without)} Angaben ohne Anteil (z. B. „niemand … eingestellt“), "
        "die sich nicht als Anteil zeichnen lassen."
        if without
        else ""
    )
    return ("staff_shares", with_share), note


def capped_note(charted, complete, what: str = "Partner mit den meisten Maßnahmen") -> str:
    """Say when a chart shows fewer rows than its table."""
    if len(charted) >= len(complete):
        return ""
    return f"Diagramm: die {len(charted)} {what}; die Tabelle enthält alle {labels.format_number(len(complete))}."


def image_format() -> str:
    return st.session_state.get(IMAGE_FORMAT_KEY, "png")


def image_format_choice() -> None:
    with st.sidebar:
        st.radio(
            "Bildformat für Diagramm-Downloads",
            ["png", "svg"],
            key=IMAGE_FORMAT_KEY,
            horizontal=True,
            format_func=str.upper,
            help="Das Kamera-Symbol über jedem Diagramm speichert es in Folien-Größe (1600 × 900; ein Diagramm mit "
            "vielen Zeilen wird so hoch, wie seine Zeilen es brauchen).",
        )


def downloads(
    frame: pd.DataFrame,
    *,
    name: str,
    title: str,
    ds: Dataset,
    filters: Filters,
    source_docs: list[str],
    key: str,
    selection_line: str | None = None,
) -> None:
    """Excel and CSV of exactly the frame shown, generated only when clicked; both state the selection."""
    titles = focus_titles(ds)
    status = [f"{row.title}: {row.status_label}" for row in ds.sources.itertuples() if row.source_doc in source_docs]
    sources = [f"{row.title} ({row.publisher})" for row in ds.sources.itertuples() if row.source_doc in source_docs]
    about = export.About(
        title=title,
        selection=selection_line or selection.selection_text(filters, None, titles),
        filters=filters.describe(titles),
        status=status,
        sources=sources,
        link=view_link(),
    )
    stamp = dt.datetime.now()
    file_stem = f"ikoe-{charts.style.slug(name)}-{stamp:%Y-%m-%d}"
    row = st.container(horizontal=True)
    row.download_button(
        "Excel herunterladen",
        key=f"{key}_xlsx",
        icon=":material/download:",
        data=lambda: export.excel_bytes(frame, about, exported_at=dt.datetime.now()),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
    )
    row.download_button(
        "CSV herunterladen",
        key=f"{key}_csv",
        icon=":material/download:",
        data=lambda: export.csv_bytes(frame, about, exported_at=dt.datetime.now()),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        on_click="ignore",
    )


def table_and_downloads(
    frame: pd.DataFrame,
    *,
    name: str,
    ds: Dataset,
    filters: Filters,
    source_docs: list[str],
    key: str,
    title: str | None = None,
    caption: str = "",
) -> None:
    """A table without a chart: the table, its source caption and Excel/CSV downloads of exactly that table."""
    table(frame, key=key)
    if caption:
        st.caption(caption)
    downloads(frame, name=name, title=title or name, ds=ds, filters=filters, source_docs=source_docs, key=key)


PHONE_ONLY = "nur-telefon"  # key prefix of containers shown only at phone width


def chart_and_table(
    fig: go.Figure | None,
    frame: pd.DataFrame,
    *,
    name: str,
    ds: Dataset,
    filters: Filters,
    source_docs: list[str],
    key: str,
    basis: tuple[str, int],
    note: str = "",
    subject: str | None = None,
    no_chart: str = "",
) -> None:
    """Chart and table as two views of the same data (the chosen view is part of the link), the selection line
    stamped into the chart, the source line, and downloads of the table.

    `basis` names what the chart counts and how many, e.g. `("partners", len(partners))`
    (see `ikoe_data.selection.BASES`). `subject` replaces the filter selection where a page shows one thing,
    e.g. "Partner: Stadt Solingen" on the partner page. `no_chart` says why there is no chart where the table
    still has rows."""
    source = source_line(ds, source_docs)
    line = selection.selection_line(filters, basis[0], basis[1], focus_titles(ds))
    if subject:
        line = f"{subject} · {line.rsplit(' · ', 1)[-1]}"
    summary = a11y.chart_summary(fig) if fig is not None and not frame.empty else ""
    chart_tab, table_tab = st.tabs(
        ["Diagramm", "Tabelle"], key=f"ansicht-{charts.style.slug(name)}", bind="query-params"
    )
    with chart_tab:
        if fig is None and no_chart and not frame.empty:
            st.info(no_chart)
        elif fig is None or frame.empty:
            st.info(f"Für die gewählten Filter gibt es keine Daten ({text.md(line)}).")
        else:
            selection.stamp(fig, line)
            st.plotly_chart(
                fig,
                width="stretch",
                key=f"{key}_chart",
                config=a11y.german_plotly_config(
                    charts.style.image_config(
                        f"{name}-{dt.date.today():%Y-%m-%d}", image_format(), height=charts.style.export_height(fig)
                    )
                ),
                alt=summary,
            )
            if any(trace.type == "heatmap" for trace in fig.data):  # shown on phones only (ikoe_ui.a11y's styles)
                with st.container(key=f"{PHONE_ONLY}-{key}"):
                    st.caption("Auf schmalen Bildschirmen zeigt das Antippen einer Zelle ihre Zahl.")
    with table_tab:
        st.caption(text.md(line))
        if summary:
            st.caption(f"Kurzbeschreibung des Diagramms: {md(summary)}")
        table(frame, key=f"{key}_table")
    caption = f"Quelle: {source}. Eigene Auswertung.{(' ' + note) if note else ''}"
    st.caption(caption)
    if fig is not None and not frame.empty:
        deck.add_button(fig, ds=ds, filters=filters, source_docs=source_docs, source=caption, key=key)
    downloads(
        frame, name=name, title=name, ds=ds, filters=filters, source_docs=source_docs, key=key, selection_line=line
    )
