"""Choosing the data edition (shipped data or an imported report edition) in the sidebar."""
from __future__ import annotations

import streamlit as st

from ikoe_data import editions
from ikoe_ui.data import EDITION_KEY, current_edition


def edition_choice() -> None:
    available = editions.list_editions()
    if len(available) < 2:
        current_edition()
        return
    labels = {info.edition_id: info.label for info in available}
    current = current_edition()
    if current not in labels:
        st.session_state[EDITION_KEY] = editions.latest_edition_id()
    with st.sidebar:
        st.selectbox("Datenausgabe", list(labels), key=EDITION_KEY, format_func=labels.get,
                     help="Ausgelieferte Daten oder eine importierte Berichtsausgabe.")
