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
            format_func=lambda edition_id: labels[edition_id],
            help="Ausgelieferte Daten oder eine importierte Berichtsausgabe.",
        )


ONE_EDITION_NOTE = (
    "Bisher gibt es nur eine Datenausgabe. Sobald eine neue Berichtsausgabe eingespielt ist (Seite „Datenpflege“), "
    "steht hier, was sich gegenüber einer früheren Ausgabe geändert hat; die Ausgabe wählen Sie dann links."
)


def comparison_partner(what: str = "") -> tuple[str, str] | None:
    """Let the analyst pick an edition to compare the current one with. With only one edition, say where the
    comparison will appear (so that nobody misses it) and return None."""
    available = editions.list_editions()
    current = current_edition()
    others = [info.edition_id for info in available if info.edition_id != current]
    if not others:
        st.info(f"{what} {ONE_EDITION_NOTE}".strip(), icon=":material/compare_arrows:")
        return None
    labels = {info.edition_id: info.label for info in available}
    other: str = st.selectbox(
        "Vergleichen mit Ausgabe", others, format_func=lambda edition_id: labels[edition_id], key="compare_edition"
    )
    return other, current
