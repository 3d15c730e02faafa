"""Loading at the page edge: the validated dataset, and the views derived from it, once per edition.

`st.cache_resource` rather than `st.cache_data`: cache_data unpickles a copy for every rerun, which the
benchmark measured at 0,15 s (100× data) to 2,3 s (1000×) per interaction. Sharing is safe because pages
only read these frames and pandas' copy-on-write keeps derived frames from writing through to them
(tests/test_pages.py checks that a tour of all pages leaves the cached data unchanged)."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from ikoe_data import Dataset, DataValidationError, editions, pages, settings
from ikoe_data.analysis import Views
from ikoe_data.filters import Filters
from ikoe_data.pages import model

EDITION_KEY = "edition"
_NEXT_EDITION_KEY = "edition_next_run"
MODELS_KEPT = 256  # page models kept for all sessions (a model is a few frames and figures)
LOG = logging.getLogger("ikoe.data")


@st.cache_resource(show_spinner="Daten werden geladen …", max_entries=4)
def _load(edition_id: str, locations: tuple[str, str]) -> tuple[Dataset, Views]:
    # The data locations are part of the cache key: tests and benchmarks point elsewhere in one process.
    ds = editions.load_edition(edition_id)
    LOG.info("Edition %s loaded into the shared cache.", edition_id)  # a load counter (tests/test_server_guard.py)
    return ds, Views.of(ds)


def show_edition_next_run(edition_id: str) -> None:
    """Switch the session to `edition_id` from its next run on (e.g. after an import). The sidebar's edition
    choice is a widget with this key, which a run cannot change once it is drawn; the next run changes it before."""
    st.session_state[_NEXT_EDITION_KEY] = edition_id


def current_edition() -> str:
    if _NEXT_EDITION_KEY in st.session_state:
        st.session_state[EDITION_KEY] = st.session_state.pop(_NEXT_EDITION_KEY)
    if EDITION_KEY not in st.session_state:
        st.session_state[EDITION_KEY] = editions.latest_edition_id()
    return st.session_state[EDITION_KEY]


def dataset() -> Dataset:
    """The dataset of the edition chosen in this session; a broken dataset stops the page with a German error."""
    return dataset_of(current_edition())


def views() -> Views:
    """The enriched frames of the session's edition (see ikoe_data.analysis.Views)."""
    return _cached(current_edition())[1]


def views_of(edition_id: str) -> Views:
    return _cached(edition_id)[1]


def dataset_of(edition_id: str) -> Dataset:
    return _cached(edition_id)[0]


def _cached(edition_id: str) -> tuple[Dataset, Views]:
    try:
        return _load(edition_id, settings.data_locations())
    except DataValidationError as error:
        st.error("Die Daten konnten nicht geladen werden. Bitte wenden Sie sich an die Datenpflege.")
        st.code("\n".join(str(p) for p in error.problems[:30]), language=None)
        st.stop()


@st.cache_resource(show_spinner=False, max_entries=MODELS_KEPT)
def page_model(
    key: str, edition: str, known: tuple[tuple[str, str], ...], filters: Filters, choices: tuple[tuple[str, Any], ...]
) -> model.PageModel:
    """The model of page `key`, built once per (edition, editions known, filters, view choices) and shared by all
    sessions: drawing never changes it (figures are stamped when built)."""
    labels_by_id = dict(known)
    spec = pages.page(key)
    if spec.build is None:
        raise ValueError(f"page {key} has no model")
    return spec.build(
        model.PageInput(
            ds=dataset_of(edition),
            views=views_of(edition),
            filters=filters,
            choices=dict(choices),
            edition=model.Edition(edition, labels_by_id.get(edition, edition)),
            editions=tuple(model.Edition(i, label) for i, label in known),
            load=dataset_of,
        )
    )


def clear_cache() -> None:
    _load.clear()
    page_model.clear()
