"""IKÖ-Dashboard NRW: entry point and router. Start with `streamlit run dashboard.py`."""

from pathlib import Path

import streamlit as st

from ikoe_ui import a11y, access, data, filters, incidents, layout, uploads
from ikoe_ui.editions import edition_choice
from ikoe_ui.filters import FOCUS, PARTNER, STRATEGY

st.set_page_config(
    page_title="IKÖ-Dashboard NRW", page_icon=Path(__file__).parent / "ikoe_ui" / "favicon.png", layout="wide"
)
uploads.install_guard()

PAGES = {
    "Überblick": [
        # The page files live in app_pages/, not pages/: beside a folder named pages/, Streamlit runs a session's
        # first run as an app of that folder's files (its own pages, named like the files) and shows the first
        # visitor after a server start who opens a page's link an English "Page not found" dialog.
        st.Page("app_pages/overview.py", title="Übersicht", icon=":material/dashboard:", default=True),  # at /
    ],
    "Partnernetzwerk": [
        st.Page("app_pages/partners.py", title="Partnernetzwerk", icon=":material/hub:", url_path="partnernetzwerk"),
        st.Page("app_pages/partner_page.py", title="Partnerprofil", icon=":material/badge:", url_path="partner"),
        st.Page(
            "app_pages/staff_shares.py",
            title="Beschäftigtenanteile",
            icon=":material/groups:",
            url_path="beschaeftigtenanteile",
        ),
        st.Page(
            "app_pages/measures.py",
            title="Maßnahmen nach Themenschwerpunkt",
            icon=":material/category:",
            url_path="massnahmen",
        ),
    ],
    "Strategie 2030": [
        st.Page("app_pages/goals.py", title="Handlungsziele 2030", icon=":material/flag:", url_path="handlungsziele"),
    ],
    "Werkzeuge": [
        st.Page("app_pages/search.py", title="Suche", icon=":material/search:", url_path="suche"),
        st.Page("app_pages/deck.py", title="Foliensatz", icon=":material/slideshow:", url_path="foliensatz"),
        st.Page("app_pages/methodology.py", title="Daten & Methodik", icon=":material/menu_book:", url_path="methodik"),
    ],
}
if access.steward_page_visible():  # with personal sign-in only for a signed-in data steward
    PAGES["Werkzeuge"].append(
        st.Page(
            "app_pages/data_maintenance.py", title="Datenpflege", icon=":material/upload_file:", url_path="datenpflege"
        )
    )
PAGES["Hinweise"] = [
    st.Page(
        a11y.STATEMENT_PATH,
        title=a11y.STATEMENT_TITLE,
        icon=":material/accessibility_new:",
        url_path="barrierefreiheit",
    )
]

# The shared filters each page applies (by url path); rendered here, before the page runs, so that they keep
# their values across page switches. Each page names the same groups when it reads them.
FILTERS = {
    "": (PARTNER, FOCUS, STRATEGY),
    "partnernetzwerk": (PARTNER, FOCUS),
    "beschaeftigtenanteile": (PARTNER,),
    "massnahmen": (PARTNER, FOCUS),
    "handlungsziele": (STRATEGY,),
    "suche": (PARTNER, FOCUS, STRATEGY),
}

# Streamlit's own navigation is a list with headers inside (invalid list markup): the sidebar gets ours.
page = st.navigation(PAGES, position="hidden")
a11y.page_frame(PAGES)
edition_choice()
# Sign-in state, and reloading, which empties the cache of every session on this server and so is for data stewards
# only (drawn before the page: the Datenpflege page stops early until a file is chosen).
access.account_controls()
if access.is_steward() and st.sidebar.button(
    "Daten neu laden", icon=":material/refresh:", help="Liest die Datendateien für alle Nutzenden neu ein."
):
    data.clear_cache()
    st.rerun()
filters.render(data.dataset(), FILTERS.get(page.url_path, ()))
layout.set_page_path(page.url_path)
incidents.run_page(page)
a11y.statement_link(PAGES)

with st.sidebar:
    st.divider()
    layout.image_format_choice()
layout.view_stamp()
