"""IKÖ-Dashboard NRW: entry point and router. Start with `streamlit run dashboard.py`.

The pages come from the one page registry (`ikoe_data.pages.PAGES`); the shared filters a page applies are drawn
here, before the page runs, so that they keep their values across page switches."""

from pathlib import Path

import streamlit as st

from ikoe_data import pages
from ikoe_ui import a11y, access, data, filters, incidents, layout, server_guard
from ikoe_ui.editions import edition_choice

st.set_page_config(
    page_title="IKÖ-Dashboard NRW", page_icon=Path(__file__).parent / "ikoe_ui" / "favicon.png", layout="wide"
)
server_guard.begin_run()  # guards of the server process (issue #24), this run's turn and time limit

# The page files live in app_pages/, not pages/: beside a folder named pages/, Streamlit runs a session's first run
# as an app of that folder's files (its own pages, named like the files) and shows the first visitor after a server
# start who opens a page's link an English "Page not found" dialog.
NAVIGATION: dict[str, list] = {}
for spec in pages.PAGES:
    if spec.steward_only and not access.steward_page_visible():  # with personal sign-in: a signed-in steward
        continue
    where = {"default": True} if not spec.url_path else {"url_path": spec.url_path}
    NAVIGATION.setdefault(spec.section, []).append(st.Page(spec.script, title=spec.title, icon=spec.icon, **where))

# Streamlit's own navigation is a list with headers inside (invalid list markup): the sidebar gets ours.
page = st.navigation(NAVIGATION, position="hidden")
a11y.page_frame(NAVIGATION)
edition_choice()
# Sign-in state, and reloading, which empties the cache of every session on this server and so is for data stewards
# only (drawn before the page: the Datenpflege page stops early until a file is chosen).
access.account_controls()
if access.is_steward() and st.sidebar.button(
    "Daten neu laden", icon=":material/refresh:", help="Liest die Datendateien für alle Nutzenden neu ein."
):
    data.clear_cache()
    st.rerun()
groups = pages.page_by_path(page.url_path).filters
with incidents.boundary("sidebar filters", st.sidebar):
    filters.render(data.dataset(), groups)
a11y.print_bar(data.dataset(), filters.active_filters() if groups else None)
layout.set_page_path(page.url_path)
incidents.run_page(page)
a11y.statement_link(NAVIGATION)

with st.sidebar:
    st.divider()
    layout.image_format_choice()
layout.view_stamp()
