"""The shared filters: widgets in the sidebar, always in the same order, kept in session state and
mirrored into the URL so that a view can be bookmarked and shared."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ikoe_data import Dataset, labels
from ikoe_data.filters import QUERY_KEYS, Filters, from_query_params, to_query_params
from ikoe_data.text import md

STATE_KEY = "shared_filters"
PARTNER, FOCUS, STRATEGY = "partner", "focus", "strategy"


def _options(ds: Dataset) -> dict[str, list]:
    partners = ds.partners
    return {
        "partner_types": sorted(partners["partner_type"].unique()),
        "regierungsbezirke": sorted(partners["regierungsbezirk"].unique()),
        "focus_areas": ds.focus_areas["focus_area"].astype(int).tolist(),
        "zieldimensionen": ds.zieldimensionen["zieldimension"].tolist(),
        "ressorts": sorted(ds.ressorts["code"].tolist()),
    }


def _year_bounds(ds: Dataset) -> tuple[int, int]:
    years = ds.partners["accession_date"].dt.year
    return int(years.min()), int(years.max())


def current_filters(ds: Dataset) -> Filters:
    """The session's filters; on the first run of a session they come from the URL."""
    if STATE_KEY not in st.session_state:
        allowed = {name: set(values) for name, values in _options(ds).items()}
        st.session_state[STATE_KEY] = from_query_params(st.query_params.to_dict(), allowed)
    return st.session_state[STATE_KEY]


def _set(**changes) -> None:
    st.session_state[STATE_KEY] = replace(st.session_state[STATE_KEY], **changes)


def _widget(key: str, seed) -> str:
    """Widget keys are cleaned up when a page does not render them: seed them from the shared state."""
    widget_key = f"filter_{key}"
    if widget_key not in st.session_state:
        st.session_state[widget_key] = seed
    return widget_key


def _on_multiselect(field: str) -> None:
    _set(**{field: tuple(st.session_state[f"filter_{field}"])})


def _multiselect(filters: Filters, field: str, label: str, options: list, **kwargs) -> None:
    key = _widget(field, list(getattr(filters, field)))
    st.multiselect(label, options, key=key, placeholder="alle", on_change=_on_multiselect, args=(field,), **kwargs)


def sidebar_filters(ds: Dataset, groups: tuple[str, ...]) -> Filters:
    """Render the filters of the given groups (fixed order) and return the active filters."""
    filters = current_filters(ds)
    options = _options(ds)
    focus_titles = dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["short_label"]))
    with st.sidebar:
        st.header("Filter")
        if PARTNER in groups:
            _multiselect(filters, "partner_types", "Art des Partners", options["partner_types"])
            _multiselect(
                filters,
                "regierungsbezirke",
                "Regierungsbezirk",
                options["regierungsbezirke"],
                help="Regierungsbezirk des Ortes bzw. Sitzes; landesweite Verbände zählen zu ihrem Sitz.",
            )
            first, last = _year_bounds(ds)
            key = _widget("accession", (filters.accession_from or first, filters.accession_to or last))
            if first < last:
                st.slider("Beitrittsjahr", first, last, key=key, on_change=_on_years, args=(first, last))
        if FOCUS in groups:
            _multiselect(
                filters,
                "focus_areas",
                "Themenschwerpunkt",
                options["focus_areas"],
                format_func=lambda f: f"{f} – {focus_titles.get(f, f)}",
            )
        if STRATEGY in groups:
            _multiselect(
                filters,
                "zieldimensionen",
                "Zieldimension",
                options["zieldimensionen"],
                format_func=lambda z: labels.ZIELDIMENSION.get(z, z),
            )
            _multiselect(filters, "ressorts", "Ressort", options["ressorts"])
        if not st.session_state[STATE_KEY].is_empty():
            st.button("Filter zurücksetzen", on_click=reset_filters, icon=":material/filter_alt_off:")
    filters = st.session_state[STATE_KEY]
    _write_url(filters)
    active_filters_line(filters, groups, focus_titles)
    return filters


GROUP_FIELDS = {
    PARTNER: ("partner_types", "regierungsbezirke", "accession_from", "accession_to"),
    FOCUS: ("focus_areas",),
    STRATEGY: ("zieldimensionen", "ressorts"),
}


def active_filters_line(filters: Filters, groups: tuple[str, ...], focus_titles: dict[int, str]) -> None:
    """The filters this page applies, in the main area: on a phone the sidebar is closed."""
    kept = {name for group in groups for name in GROUP_FIELDS[group]}
    shown = replace(Filters(), **{name: getattr(filters, name) for name in kept})
    if not shown.is_empty():
        st.caption("Aktive Filter: " + md(" · ".join(shown.describe(focus_titles))))


def _on_years(first: int, last: int) -> None:
    low, high = st.session_state["filter_accession"]
    _set(accession_from=None if low == first else int(low), accession_to=None if high == last else int(high))


def reset_filters() -> None:
    st.session_state[STATE_KEY] = Filters()
    for key in [k for k in st.session_state if str(k).startswith("filter_")]:
        del st.session_state[key]


def _write_url(filters: Filters) -> None:
    wanted = to_query_params(filters)
    for key in QUERY_KEYS.values():
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]
