"""The committee deck in the app: the "Zum Foliensatz hinzufügen" button under every chart, the deck in the
session, and its link (`?deck=<id>` on the Foliensatz page, see ikoe_data.deck_store)."""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ikoe_data import Dataset, deck, deck_store, settings
from ikoe_data.filters import Filters
from ikoe_data.text import md

SLIDES_KEY = "deck_slides"
TITLE_KEY = "deck_title"
ID_KEY = "deck_id"
MESSAGE_KEY = "deck_message"
QUERY_KEY = "deck"
TEMPLATE_SECRET = "deck_template"

escaped = md  # data shown in the Foliensatz page's markdown: the one escaping function (ikoe_data.text.md)


def slides() -> list[deck.Slide]:
    return st.session_state.setdefault(SLIDES_KEY, [])


def selection_line(ds: Dataset, filters: Filters) -> str:
    focus_titles = dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["title"]))
    described = filters.describe(focus_titles)
    if filters.is_empty():
        return "Auswahl: alle Daten (keine Filter)"
    return "Auswahl: " + " · ".join(described)


def slide_selection(fig: go.Figure) -> str:
    """What the chart counts (its own subtitle) and the selection line stamped under its title, as plain text that
    the slide's text box wraps to its width (the slide's chart image has no title block)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    own = str(meta.get("subtitle") or "").strip()
    if own and own[-1] not in ".!?:":
        own += "."
    return " ".join(part for part in (own, str(meta.get("selection") or "")) if part)


def add_button(
    *,
    key: str,
    figure: go.Figure,
    table: pd.DataFrame,
    page: str,
    facts: list[str],
    definitions: list[str],
    source_docs: list[str],
    source: str,
    selection: str,
    ds: Dataset,
    filters: Filters,
) -> None:
    """The button under a chart; the chart, its selection and its source go into the deck when clicked. Everything
    a slide takes along comes from the page model (`table` is the frame of the chart's "Tabelle" view)."""
    st.button(
        "Zum Foliensatz hinzufügen",
        key=f"{key}_deck",
        icon=":material/add_to_queue:",
        help="Nimmt dieses Diagramm mit der aktuellen Auswahl in den Foliensatz auf (Seite „Foliensatz“).",
        on_click=_add,
        kwargs={
            "fig": figure,
            "ds": ds,
            "filters": filters,
            "source_docs": source_docs,
            "source": source,
            "key": key,
            "page": page,
            "facts": facts,
            "definitions": definitions,
        },
    )
    message = st.session_state.get(MESSAGE_KEY)
    if message and message[0] == key:
        del st.session_state[MESSAGE_KEY]
        (st.success if message[1] == "ok" else st.warning)(message[2])


def _add(
    fig: go.Figure,
    ds: Dataset,
    filters: Filters,
    source_docs: list[str],
    source: str,
    key: str,
    page: str,
    facts: list[str],
    definitions: list[str],
) -> None:
    current = slides()
    if len(current) >= deck.MAX_SLIDES:
        st.session_state[MESSAGE_KEY] = (
            key,
            "warn",
            f"Der Foliensatz hat bereits {deck.MAX_SLIDES} Folien, mehr sind nicht möglich. "
            "Entfernen Sie Folien auf der Seite „Foliensatz“.",
        )
        return
    figure = json.loads(fig.to_json())
    rows = ds.sources.set_index("source_doc")
    current.append(
        deck.Slide(
            title=deck.figure_title(figure),
            figure=figure,
            selection=slide_selection(fig) or selection_line(ds, filters),
            source=f"{source} Datenausgabe: {ds.edition_label}.",
            facts=list(facts),
            page=page,
            sources=[
                deck.Source(rows.at[d, "title"], rows.at[d, "publisher"], rows.at[d, "status_label"])
                for d in source_docs
            ],
            definitions=list(definitions),
            uid=uuid.uuid4().hex[:12],
        )
    )
    threading.Thread(target=deck.prerender, args=(figure,), daemon=True).start()  # warm for the download
    st.session_state[MESSAGE_KEY] = (
        key,
        "ok",
        f"Als Folie {len(current)} in den Foliensatz aufgenommen "
        f"({len(current)} {'Diagramm' if len(current) == 1 else 'Diagramme'}; Seite „Foliensatz“).",
    )


def deck_title() -> str:
    return st.session_state.get(TITLE_KEY) or deck.DECK_TITLE_DEFAULT


def persist() -> str | None:
    """Store the session's deck and put its id into this page's link; None (with a warning) if it failed."""
    if not slides():
        st.session_state[ID_KEY] = None
        if QUERY_KEY in st.query_params:
            del st.query_params[QUERY_KEY]
        return None
    try:
        deck_id = deck_store.save(deck_title(), slides())
    except OSError:
        st.warning(
            "Der Link zu diesem Foliensatz konnte nicht gespeichert werden; der Foliensatz bleibt in dieser "
            "Sitzung erhalten und lässt sich herunterladen."
        )
        return None
    st.session_state[ID_KEY] = deck_id
    if st.query_params.get(QUERY_KEY) != deck_id:
        st.query_params[QUERY_KEY] = deck_id
    return deck_id


def open_from_link() -> None:
    """A link with ?deck=<id> opens that deck (a colleague's fresh browser); the session's own deck is replaced
    only when it is empty or the user confirms."""
    wanted = st.query_params.get(QUERY_KEY)
    if not wanted or wanted == st.session_state.get(ID_KEY):
        return
    try:
        title, loaded = deck_store.load(wanted)
    except deck.DeckError as error:
        st.error(str(error))
        return
    if slides():
        st.warning(
            f"Der Link enthält einen anderen Foliensatz ({len(loaded)} Folien) als Ihre Sitzung ({len(slides())})."
        )
        if not st.button("Foliensatz aus dem Link öffnen", icon=":material/open_in_browser:"):
            return
    st.session_state[SLIDES_KEY] = loaded
    st.session_state[TITLE_KEY] = title or deck.DECK_TITLE_DEFAULT
    st.session_state[ID_KEY] = wanted
    for key in [k for k in st.session_state if str(k).startswith(("deck_edit_", "deck_note_", "deck_title_input"))]:
        del st.session_state[key]


def template() -> tuple[Path | None, str]:
    """The ministry's .pptx master from IKOE_DECK_TEMPLATE or the secret `deck_template`; a problem in German."""
    configured = settings.deck_template()
    if not configured:
        try:
            configured = st.secrets.get(TEMPLATE_SECRET)
        except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
            configured = None
    if not configured:
        return None, ""
    problem = deck.template_problem(Path(configured))
    return (None, problem) if problem else (Path(configured), "")
