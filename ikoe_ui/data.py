"""Loading at the page edge: the validated dataset is cached once per edition."""
from __future__ import annotations

import os

import streamlit as st

from ikoe_data import Dataset, DataValidationError, editions

EDITION_KEY = "edition"


@st.cache_data(show_spinner="Daten werden geladen …", max_entries=4)
def _load(edition_id: str, locations: tuple[str, str]) -> Dataset:
    # The data locations are part of the cache key: tests and benchmarks point elsewhere in one process.
    return editions.load_edition(edition_id)


def current_edition() -> str:
    if EDITION_KEY not in st.session_state:
        st.session_state[EDITION_KEY] = editions.latest_edition_id()
    return st.session_state[EDITION_KEY]


def dataset() -> Dataset:
    """The dataset of the edition chosen in this session; a broken dataset stops the page with a German error."""
    return dataset_of(current_edition())


def dataset_of(edition_id: str) -> Dataset:
    try:
        locations = (os.environ.get("IKOE_DATA_DIR", ""), os.environ.get("IKOE_EDITIONS_DIR", ""))
        return _load(edition_id, locations)
    except DataValidationError as error:
        st.error("Die Daten konnten nicht geladen werden. Bitte wenden Sie sich an die Datenpflege.")
        st.code("\n".join(str(p) for p in error.problems[:30]), language=None)
        st.stop()


def clear_cache() -> None:
    _load.clear()
