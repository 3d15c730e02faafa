"""The committee deck in the app: the "Zum Foliensatz hinzufügen" button under every chart, the deck in the
session, and its link (`?deck=<id>` on the Foliensatz page, stored only when the link is asked for or a file is
downloaded; see ikoe_data.deck_store)."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ikoe_data import Dataset, deck, deck_store, settings
from ikoe_data.filters import Filters
from ikoe_data.text import md
from ikoe_ui import access

SLIDES_KEY = "deck_slides"
TITLE_KEY = "deck_title"
ID_KEY = "deck_id"
MESSAGE_KEY = "deck_message"
SESSION_KEY = "deck_session"
QUERY_KEY = "deck"
TEMPLATE_SECRET = "deck_template"

escaped = md  # data shown in the Foliensatz page's markdown: the one escaping function (ikoe_data.text.md)


def slides() -> list[deck.Slide]:
    return st.session_state.setdefault(SLIDES_KEY, [])


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
    """The button under a chart: the chart as the page shows it (`figure` with its selection line stamped in,
    `table` its "Tabelle" view) goes into the session's deck with the page's title, main facts (speaker notes),
    definitions, sources, the caption under the chart (`source`) and the active filters."""
    st.button(
        "Zum Foliensatz hinzufügen",
        key=f"{key}_deck",
        icon=":material/add_to_queue:",
        help="Nimmt dieses Diagramm mit der aktuellen Auswahl in den Foliensatz auf (Seite „Foliensatz“).",
        on_click=_add,
        args=(key, figure, table, page, facts, definitions, source_docs, source, selection, ds, filters),
    )
    message = st.session_state.get(MESSAGE_KEY)
    if message and message[0] == key:
        del st.session_state[MESSAGE_KEY]
        (st.success if message[1] == "ok" else st.warning)(message[2])


def _add(
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
    current = slides()
    if len(current) >= deck.MAX_SLIDES:
        st.session_state[MESSAGE_KEY] = (
            key,
            "warn",
            f"Der Foliensatz hat bereits {deck.MAX_SLIDES} Folien, mehr sind nicht möglich. "
            "Entfernen Sie Folien auf der Seite „Foliensatz“.",
        )
        return
    current.append(
        deck.make_slide(
            figure=figure,
            table=table,
            page=page,
            facts=list(facts),
            definitions=list(definitions),
            sources=deck.sources_of(ds, source_docs),
            source=source,
            selection=selection,
            scope=deck.scope_line(ds, filters, selection),
            edition=ds.edition_label,
            uid=uuid.uuid4().hex[:12],
        )
    )
    threading.Thread(target=deck.warm, daemon=True).start()  # font metrics and hyphenation for the downloads
    st.session_state[MESSAGE_KEY] = (
        key,
        "ok",
        f"Als Folie {len(current)} in den Foliensatz aufgenommen "
        f"({len(current)} {'Diagramm' if len(current) == 1 else 'Diagramme'}; Seite „Foliensatz“).",
    )


def deck_title() -> str:
    return st.session_state.get(TITLE_KEY) or deck.DECK_TITLE_DEFAULT


def session_id() -> str:
    """An id of this browser session for the deck store's budget (not secret, never shown)."""
    return st.session_state.setdefault(SESSION_KEY, uuid.uuid4().hex)


def store() -> str | None:
    """Store the session's deck (asked for a link or a file) and put its id into this page's link; None with a
    German message where it could not be stored (the folder, or this viewer's budget)."""
    if not slides():
        return None
    try:
        deck_id = deck_store.save(deck_title(), slides(), session=session_id(), client=access.client_address())
    except deck_store.BudgetExceeded as error:
        st.warning(str(error))
        return None
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


def base_url() -> str:
    """The address of the Foliensatz page without parameters (for the link on a downloaded deck's title slide)."""
    url = (st.context.url or "").split("?")[0].rstrip("/")
    return url if url.endswith("/foliensatz") else f"{url}/foliensatz"


def link_for(slides: list[deck.Slide], title: str, session: str, client: str, base: str) -> str:
    """Store the deck for a downloaded file (within this viewer's budget) and return its link; "" if it could not
    be stored (the file is still built, without a link). Runs when the file is fetched, outside a page run."""
    try:
        return f"{base}?{QUERY_KEY}={deck_store.save(title, slides, session=session, client=client)}"
    except (deck.DeckError, OSError):
        return ""


def changed() -> None:
    """The deck changed: its stored link (if any) no longer shows it."""
    st.session_state[ID_KEY] = None
    if QUERY_KEY in st.query_params:
        del st.query_params[QUERY_KEY]


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
