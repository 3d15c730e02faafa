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
        st.selectbox(
            "Datenausgabe",
            list(labels),
            key=EDITION_KEY,
            format_func=labels.get,
            help="Ausgelieferte Daten oder eine importierte Berichtsausgabe.",
        )


def comparison_partner() -> tuple[str, str] | None:
    """Let the analyst pick an edition to compare the current one with; None if there is only one edition."""
    available = editions.list_editions()
    current = current_edition()
    others = [info for info in available if info.edition_id != current]
    if not others:
        return None
    labels = {info.edition_id: info.label for info in available}
    other = st.selectbox(
        "Vergleichen mit Ausgabe", [info.edition_id for info in others], format_func=labels.get, key="compare_edition"
    )
    return other, current
