"""The one renderer: draws any page model (`ikoe_data.pages`), and the page anatomy every page shares — header,
main facts, chart/table views with selection line, source line and downloads, and "Was Sie wissen müssen".

A model page's file in `app_pages/` is one call, `layout.page("<key>")`: the page's view choices are read (from the
widgets or the link), the model is built once per (page, edition, filters, choices) and kept for every session,
and each run only draws it."""

from __future__ import annotations

import datetime as dt
import html
import urllib.parse
import weakref
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ikoe_data import Dataset, a11y, charts, editions, export, labels, pages
from ikoe_data.filters import Filters
from ikoe_data.pages import model as m
from ikoe_data.text import md
from ikoe_ui import data, deck
from ikoe_ui.filters import PAGE_PATH_KEY, active_filters, filter_notice, unapplied_params

IMAGE_FORMAT_KEY = "image_format"
RUN_KEY = "_view_run"  # runs of this session that reached the end
DISPLAY_ROWS = 10_000  # a browser table beyond this is slow to send and nobody scrolls it; downloads hold all
# A longer table shows its first rows until the analyst asks for all of them: a row of the measure tables costs about
# 0,7 KiB on the way to the browser (its Fundstelle alone 0,5 KiB), and a page run stays below 150 KiB
# (benchmarks/browser.py); the downloads hold all rows.
SHOWN_ROWS = 100
SECTION_KEY = "abschnitt"  # the link's parameter naming the open section of a page with section tabs
ALL_SECTIONS = "Alle Abschnitte"  # the last section tab: every section of the page at once (e.g. for printing)
STYLE_CELL_LIMIT = 20_000  # cells; beyond this a Styler's per-cell formatting makes the page noticeably slower


def page_header(title: str, question: str) -> None:
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


def main_facts(sentences: list[str] | tuple[str, ...]) -> None:
    with st.container(border=True):
        st.markdown("**Das Wichtigste in Kürze**")
        # The sentences are plain text with data inside (names, search terms from the URL): all literal.
        st.markdown("\n".join(f"- {md(sentence)}" for sentence in sentences))


def what_you_need_to_know(markdown: str) -> None:
    with st.expander("Was Sie wissen müssen", expanded=False, icon=":material/info:"):
        st.markdown(markdown)


def _decimal_text(value, places: int | None = None) -> str:
    """A decimal as the source reported it (20,15 · 12,5 · 33), or with `places` decimals, German format."""
    if pd.isna(value):
        return "–"
    return labels.format_number(value, labels.decimals(float(value), 3) if places is None else places)


def table(frame: pd.DataFrame, key: str, height: int | None = None, places: int | None = None) -> None:
    """A table in German formats: dates TT.MM.JJJJ via column config; decimals with the precision the source
    reported (or `places` decimals each, `View.decimals`) and a decimal comma via a Styler, which costs time per
    cell, so only tables with decimals get one (large ones fall back to the browser's locale). A table of more than
    `SHOWN_ROWS` rows shows its first rows and a switch that shows them all."""
    rows, everything = len(frame), f"{key}_alle"
    shown_rows = rows if st.session_state.get(everything) else SHOWN_ROWS
    shown_rows = min(rows, shown_rows, DISPLAY_ROWS)
    if shown_rows < rows:
        st.caption(
            f"Angezeigt werden die ersten {labels.format_number(shown_rows)} von {labels.format_number(rows)} "
            f"Zeilen; die Downloads enthalten alle {labels.format_number(rows)} Zeilen."
        )
        frame = frame.head(shown_rows)
    if rows > SHOWN_ROWS:
        st.toggle(f"Alle {labels.format_number(rows)} Zeilen anzeigen", key=everything)
    config = {
        c: st.column_config.DateColumn(format="DD.MM.YYYY")
        for c in frame.columns
        if pd.api.types.is_datetime64_any_dtype(frame[c])
    }
    decimals = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    shown = frame
    if decimals and frame.size <= STYLE_CELL_LIMIT:
        shown = frame.style.format(lambda value: _decimal_text(value, places), subset=decimals)
    elif decimals:
        config.update({c: st.column_config.NumberColumn(format="localized") for c in decimals})
    st.dataframe(
        shown, hide_index=True, width="stretch", key=key, height=height or "auto", placeholder="–", column_config=config
    )


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


def downloads(view: m.View, filters: Filters, ds: Dataset) -> None:
    """Excel and CSV of exactly the table shown, generated only when clicked (both state what they hold and the
    citation of the view; their sheet "Info" is written only then: the page run only records the link to the view),
    and the view's ready citation and link to copy."""
    link = view_link()

    def about() -> export.About:
        return pages.common.download_about(view, ds, filters, link)

    stamp = dt.datetime.now()
    file_stem = f"ikoe-{charts.style.slug(view.name)}-{stamp:%Y-%m-%d}"
    row = st.container(horizontal=True)
    if view.downloads:
        row.download_button(
            "Excel herunterladen",
            key=f"{view.key}_xlsx",
            icon=":material/download:",
            data=lambda: export.excel_bytes(view.table, about(), exported_at=dt.datetime.now(), decimals=view.decimals),
            file_name=f"{file_stem}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
        row.download_button(
            "CSV herunterladen",
            key=f"{view.key}_csv",
            icon=":material/download:",
            data=lambda: export.csv_bytes(view.table, about(), exported_at=dt.datetime.now()),
            file_name=f"{file_stem}.csv",
            mime="text/csv",
            on_click="ignore",
        )
    copy_buttons(view.key, pages.common.view_citation(view, ds, filters, link, stamp.date()), link)


def copy_buttons(key: str, citation: str, link: str) -> None:
    """„Zitieren“ and „Link kopieren“: each opens the text with Streamlit's own copy button (one click copies it;
    no script of ours, so the page's content security policy stays as it is)."""
    row = st.container(horizontal=True, key=f"zitieren-{key}")
    with row.popover("Zitieren", icon=":material/format_quote:", help="Zitiervorschlag für diese Ansicht"):
        st.caption("Zitiervorschlag (Kopier-Symbol rechts oben im Feld):")
        st.code(citation, language=None, wrap_lines=True)
    with row.popover("Link kopieren", icon=":material/link:", help="Link, der diese Ansicht wieder öffnet"):
        st.caption("Link zu dieser Ansicht (Kopier-Symbol rechts oben im Feld):")
        st.code(link, language=None, wrap_lines=True)


def page(key: str) -> None:
    """Draw the registered page `key`: read its view choices, take its model (built once per page, edition,
    filters and choices, then kept for every session) and draw it."""
    spec = pages.page(key)
    filters = active_filters()
    edition = data.current_edition()
    known = tuple((info.edition_id, info.label) for info in editions.list_editions())
    choices = tuple((choice, _raw_choice(choice, choice in spec.link_first)) for choice in spec.choices)
    draw(data.page_model(key, edition, known, filters, choices), filters, data.dataset())


def _raw_choice(key: str, link_first: bool) -> Any:
    """A view choice as the analyst left it: the widget's value from the run before, or on a session's first run
    the link's parameter (a bound widget writes its option's label there); for a choice whose link names the
    option itself, the link (reload, back/forward, a shared link)."""
    if link_first and key in st.query_params:
        return st.query_params.get(key)
    if key in st.session_state:
        return st.session_state[key]
    return st.query_params.get(key)


def draw(model: m.PageModel, filters: Filters, ds: Dataset) -> None:
    page_header(model.title, model.question)
    filter_notice(ds, filters, pages.common.focus_titles(ds))
    head, sections = model.sections() if model.section_tabs else (model.blocks, [])
    for block in head:
        _block(block, model, filters, ds)
    if sections:
        _section_tabs(sections, model, filters, ds)
    if model.definitions:
        what_you_need_to_know("\n".join(f"- {item}" for item in model.definitions))


def _section_tabs(
    sections: list[tuple[str, tuple[m.Block, ...]]], model: m.PageModel, filters: Filters, ds: Dataset
) -> None:
    """A page's sections as tabs bound to the link (`?abschnitt=Zielgruppen` reopens that section): only the open
    section is drawn and sent, the others when the analyst opens them (the switch reruns the page)."""
    tabs = st.tabs([md(text) for text, _ in sections] + [ALL_SECTIONS], key=SECTION_KEY, bind="query-params")
    if tabs[-1].open:  # the whole page, each section under its heading: to read through and to print
        with tabs[-1]:
            for text, blocks in sections:
                _block(m.Heading(text, level=1), model, filters, ds)
                for block in blocks:
                    _block(block, model, filters, ds)
        return
    for tab, (_, blocks) in zip(tabs, sections):
        if tab.open is not False:
            with tab:
                for block in blocks:
                    _block(block, model, filters, ds)


def _block(block: m.Block, model: m.PageModel, filters: Filters, ds: Dataset) -> None:
    if isinstance(block, m.Heading):
        (st.header if block.level == 1 else st.subheader)(md(block.text), anchor=False)
    elif isinstance(block, m.Markdown):
        st.markdown(block.markdown)
    elif isinstance(block, m.Caption):
        st.caption(block.markdown)
    elif isinstance(block, m.Notice):
        getattr(st, block.kind)(block.markdown, icon=block.icon)
    elif isinstance(block, m.Facts):
        main_facts(block.sentences)
    elif isinstance(block, m.Metrics):
        columns = st.columns(len(block.items))
        for column, item in zip(columns, block.items):
            column.metric(md(item.label), item.value, help=md(item.help) if item.help else None, border=True)
    elif isinstance(block, m.Choice):
        _choice(block)
    elif isinstance(block, m.ChoiceGroup):
        with st.expander(md(block.label), icon=":material/filter_list:", expanded=_any_chosen(block)):
            for column, choice in zip(st.columns(2) * len(block.choices), block.choices):
                with column:
                    _choice(choice)
    elif isinstance(block, m.HitList):
        _hit_list(block)
    elif isinstance(block, m.PageLink):
        target = pages.page(block.page)
        st.page_link(target.script, label=block.label, icon=block.icon, query_params=dict(block.query))
    elif isinstance(block, m.View):
        if block.chart:
            chart_and_table(block, model, filters, ds)
        else:
            table_and_downloads(block, filters, ds)
    else:  # pragma: no cover - the model's Block union is closed
        raise TypeError(f"no renderer for {type(block).__name__}")


def _choice(choice: m.Choice) -> None:
    """A view choice where it stands; its value is the one the model was built with (a link naming no valid
    option shows the model's default)."""
    bind: Any = "query-params" if choice.link == "label" else None
    if choice.kind == "text":
        if st.session_state.get(choice.key, choice.value) != choice.value:
            st.session_state[choice.key] = choice.value
        st.text_input(
            choice.label,
            key=choice.key,
            bind=bind,
            placeholder=choice.placeholder or None,
            help=choice.help or None,
            max_chars=choice.max_chars,
        )
        return
    names: Mapping[Any, str] = choice.labels
    if choice.kind == "multi":  # its link: the chosen options joined by commas (ASCII keys, not the labels)
        if st.session_state.get(choice.key) != list(choice.value):
            st.session_state[choice.key] = list(choice.value)
        st.multiselect(
            choice.label,
            list(choice.options),
            key=choice.key,
            format_func=lambda option: names.get(option, str(option)),
            help=choice.help or None,
            placeholder=choice.placeholder or None,
            on_change=_multi_to_link,
            args=(choice.key,),
        )
        if st.query_params.get(choice.key, "") != ",".join(choice.value):  # a link's unknown keys are dropped
            _multi_to_link(choice.key)
        return
    if st.session_state.get(choice.key) != choice.value:
        st.session_state[choice.key] = choice.value
    st.selectbox(
        choice.label,
        list(choice.options),
        key=choice.key,
        bind=bind,
        format_func=lambda option: names.get(option, str(option)),
        help=choice.help or None,
        on_change=_to_link if choice.link == "value" else None,
        args=(choice.key,),
    )
    if choice.link == "value" and st.query_params.get(choice.key) != str(choice.value):
        st.query_params[choice.key] = str(choice.value)


def _to_link(key: str) -> None:
    st.query_params[key] = str(st.session_state[key])


def _multi_to_link(key: str) -> None:
    chosen = ",".join(str(value) for value in st.session_state[key])
    if chosen:
        st.query_params[key] = chosen
    elif key in st.query_params:
        del st.query_params[key]


def _any_chosen(group: m.ChoiceGroup) -> bool:
    return any(choice.value for choice in group.choices)


def _hit_list(hits: m.HitList) -> None:
    """Search hits as a list (no wide table): title and snippet with the matches marked, who and where in one line,
    every detail in an expander; „Weitere Treffer“ asks the model for the next page."""
    for hit in hits.hits:
        with st.container(border=True, key=f"treffer-{charts.style.slug(hit.key)}"):
            st.markdown(f"**{hit.title}**")
            st.caption(md(hit.meta))
            if hit.snippet:
                st.markdown(hit.snippet)
            with st.expander("Alle Angaben", icon=":material/description:"):
                st.markdown("\n".join(f"- **{md(label)}:** {value}" for label, value in hit.details))
    if hits.more_key:
        st.button(
            hits.more_label,
            key=f"{hits.more_key}_button",
            icon=":material/expand_more:",
            on_click=_store,
            args=(hits.more_key, hits.more_value),
        )


def _store(key: str, value: str) -> None:
    st.session_state[key] = value


def table_and_downloads(view: m.View, filters: Filters, ds: Dataset) -> None:
    """A table without a chart: the table, its caption and Excel/CSV downloads of exactly that table."""
    if view.show_table and view.table_selection:
        st.caption(md(view.table_selection))  # what the table holds: each output counts itself
    if view.show_table:
        table(view.table, key=view.key, height=view.height, places=view.decimals)
    if view.caption:
        st.caption(view.caption)
    if view.downloads:
        downloads(view, filters, ds)


def chart_and_table(view: m.View, model: m.PageModel, filters: Filters, ds: Dataset) -> None:
    """Chart and table as two views of the same data (the chosen view is part of the link), the selection line
    in the chart, the source line, and downloads of the table. Only the open tab's content is drawn and sent (the
    bound tabs rerun the page when the analyst switches): a closed "Tabelle" costs neither server nor browser."""
    fig, frame = view.figure, view.table
    chart_tab, table_tab = st.tabs(
        ["Diagramm", "Tabelle"], key=f"ansicht-{charts.style.slug(view.name)}", bind="query-params"
    )
    if chart_tab.open is not False:
        with chart_tab:
            _chart(view)
    if table_tab.open is not False:
        with table_tab:
            st.caption(md(view.table_selection or view.selection))
            if view.summary:
                st.caption(f"Kurzbeschreibung des Diagramms: {md(view.summary)}")
            table(frame, key=f"{view.key}_table", places=view.decimals)
    st.caption(view.caption)
    if fig is not None and not frame.empty:
        deck.add_button(
            key=view.key,
            figure=fig,
            table=frame,
            page=model.title,
            facts=list(model.facts),
            definitions=model.plain_definitions(),
            source_docs=list(view.sources),
            source=view.credit,
            selection=view.selection,
            ds=ds,
            filters=filters,
        )
    downloads(view, filters, ds)


def _chart(view: m.View) -> None:
    fig = view.figure
    if fig is None and view.no_chart and not view.table.empty:
        st.info(md(view.no_chart))
    elif fig is None or view.table.empty:
        st.info(f"Für die gewählten Filter gibt es keine Daten ({md(view.selection)}).")
    else:
        st.plotly_chart(
            sent_figure(fig),
            width="stretch",
            key=f"{view.key}_chart",
            config=a11y_config(view.name, fig),
            alt=view.summary,
        )


class SentFigure(go.Figure):
    """A kept figure as Streamlit sends it. `st.plotly_chart` turns a figure into plain data with `to_dict()`, which
    copies every property of every trace (5–7 ms a run on a page of charts); a model's figure never changes (models
    are shared by all sessions and never mutated), so its plain data is made once and handed over as it is, and
    Streamlit only serialises it. Not a figure to work with: only `to_dict` is there (tests/test_pages.py checks
    that the chart Streamlit sends is the figure)."""

    def __init__(self, fig: go.Figure) -> None:  # not go.Figure's: no validation, no copy of the properties
        self._source = weakref.ref(fig)
        self._plain = fig.to_dict()

    def to_dict(self) -> dict[str, Any]:
        return self._plain


_SENT: dict[int, SentFigure] = {}  # by id() of a live kept figure; an entry goes when its figure does


def sent_figure(fig: go.Figure) -> SentFigure:
    """The figure's plain data, made once per figure object (see SentFigure)."""
    key = id(fig)
    sent = _SENT.get(key)
    if sent is None or sent._source() is not fig:
        sent = _SENT[key] = SentFigure(fig)
        weakref.finalize(fig, _SENT.pop, key, None)
    return sent


def a11y_config(name: str, fig: Any) -> dict[str, Any]:
    """The chart toolbar in German, its image button at slide size in the session's image format."""
    return a11y.german_plotly_config(
        charts.style.image_config(
            f"{name}-{dt.date.today():%Y-%m-%d}", image_format(), height=charts.style.export_height(fig)
        )
    )
