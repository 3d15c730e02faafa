"""The shared filters: widgets in the sidebar, always in the same order, bound to the URL by Streamlit itself.

The entry point renders the filters a page applies (`render`) before it runs the page, so that the widgets
keep their values across page switches; each widget is bound to a URL parameter named like its key
(`bind="query-params"`), which also makes reload, back/forward and shared links work. A filter a page does not
apply is not shown and not in that page's URL; `persist_state="session"` keeps its value for the pages that
apply it. Pages read the result with `sidebar_filters`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import streamlit as st

from ikoe_data import Dataset, selection
from ikoe_data.filters import (
    ACCESSION_PARAM,
    FOCUS,
    FOCUS_PARAM,
    LIST_PARAMS,
    PARTNER,
    PARTNER_TYPE_PARAM,
    REGIERUNGSBEZIRK_PARAM,
    RESSORT_PARAM,
    STRATEGY,
    ZIELDIMENSION_PARAM,
    Filters,
    link_params,
    link_values,
    option_label,
)
from ikoe_data.text import md

ACTIVE_KEY = "_applied_filters"  # (groups, Filters) of this run, set by the entry point
PAGE_PATH_KEY = "_page_path"  # URL path of the page that runs (layout.set_page_path)
VALUES_KEY = "_filter_values"  # each filter's value as last rendered (by Filters field)
CHOSEN_ON_KEY = "_filters_chosen_on"  # each filter's page (URL path) where its value was chosen; None: in a link
CARRIED = "Diese Filter wurden auf einer anderen Seite oder im Link gewählt und gelten auch hier."
LINK_CHECKED_KEY = "_legacy_link_checked"
SHOWN_KEY = "_filters_shown"  # URL parameters of every filter shown so far in this session
OLD_YEAR_KEYS = ("von", "bis")  # the accession years in links of the earlier format


def _year_bounds(ds: Dataset) -> tuple[int, int]:
    def bounds() -> tuple[int, int]:
        years = ds.partners["accession_date"].dt.year
        return int(years.min()), int(years.max())

    return ds.derived(("filter_years",), bounds)


def _focus_labels(ds: Dataset) -> dict[int, str]:
    return dict(
        ds.derived(
            ("filter_focus_labels",),
            lambda: dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["short_label"])),
        )
    )


def _options(ds: Dataset) -> dict[str, list]:
    """The choices of every filter (a copy per call: widgets get their own lists)."""
    return {key: list(values) for key, values in ds.derived(("filter_options",), lambda: _all_options(ds)).items()}


def _all_options(ds: Dataset) -> dict[str, list]:
    return {
        PARTNER_TYPE_PARAM: sorted(ds.partners["partner_type"].unique()),
        REGIERUNGSBEZIRK_PARAM: sorted(ds.partners["regierungsbezirk"].unique()),
        FOCUS_PARAM: list(_focus_labels(ds)),
        ZIELDIMENSION_PARAM: ds.zieldimensionen["zieldimension"].tolist(),
        RESSORT_PARAM: sorted(ds.ressorts["code"].tolist()),
    }


def _read_link_once(ds: Dataset, options: dict[str, list]) -> None:
    """On a session's first run, before any widget binds its parameter: a link of the earlier format
    (`?ts=1,6&zd=I&von=2015`, which the binding would drop as invalid) is rewritten in today's format and the run
    starts again, so that every widget takes its value from the address bar, which then shows what they hold."""
    if st.session_state.get(LINK_CHECKED_KEY):
        return
    st.session_state[LINK_CHECKED_KEY] = True
    keys = (*LIST_PARAMS, ACCESSION_PARAM, *OLD_YEAR_KEYS)
    given = {key: st.query_params.get_all(key) for key in keys if key in st.query_params}
    today = link_params(link_values(given, options, _year_bounds(ds)), _focus_labels(ds), _year_bounds(ds))
    if given == today:
        return
    for key in given.keys() - today.keys():
        del st.query_params[key]
    for key, value in today.items():
        st.query_params[key] = value
    st.rerun()


GROUP_PARAMS = {
    PARTNER: (PARTNER_TYPE_PARAM, REGIERUNGSBEZIRK_PARAM, ACCESSION_PARAM),
    FOCUS: (FOCUS_PARAM,),
    STRATEGY: (ZIELDIMENSION_PARAM, RESSORT_PARAM),
}


def unapplied_params() -> set[str]:
    """The URL parameters of filters shown on an earlier page of this session that this run's page does not apply.
    Streamlit carries them over to the new page and drops them from the address bar only after the run, so they
    are no part of this view. (A filter never shown in this session, e.g. from a shared link, stays in the address
    bar until a page applies it.)"""
    return set(st.session_state.get(SHOWN_KEY, ())) - _params(st.session_state.get(ACTIVE_KEY, ((), Filters()))[0])


def _params(groups: tuple[str, ...]) -> set[str]:
    return {key for group in groups for key in GROUP_PARAMS[group]}


def render(ds: Dataset, groups: tuple[str, ...]) -> Filters:
    """Render the filters of the given groups (fixed order) in the sidebar; return what they select."""
    options = _options(ds)
    _read_link_once(ds, options)
    focus_labels = _focus_labels(ds)
    first, last = _year_bounds(ds)
    values: dict[str, Any] = {}
    st.session_state[ACTIVE_KEY] = ((), Filters())
    if not groups:
        return Filters()
    with st.sidebar:
        st.header("Filter")
        if PARTNER in groups:
            values["partner_types"] = _multiselect("Art des Partners", PARTNER_TYPE_PARAM, options, focus_labels)
            values["regierungsbezirke"] = _multiselect(
                "Regierungsbezirk",
                REGIERUNGSBEZIRK_PARAM,
                options,
                focus_labels,
                help="Regierungsbezirk des Ortes bzw. Sitzes; landesweite Verbände zählen zu ihrem Sitz.",
            )
            if first < last:
                low, high = st.slider(
                    "Beitrittsjahr",
                    first,
                    last,
                    (first, last),
                    key=ACCESSION_PARAM,
                    bind="query-params",
                    persist_state="session",
                )
                values["accession_from"] = None if low == first else int(low)
                values["accession_to"] = None if high == last else int(high)
        if FOCUS in groups:
            values["focus_areas"] = _multiselect("Themenschwerpunkt", FOCUS_PARAM, options, focus_labels)
        if STRATEGY in groups:
            values["zieldimensionen"] = _multiselect("Zieldimension", ZIELDIMENSION_PARAM, options, focus_labels)
            values["ressorts"] = _multiselect("Ressort", RESSORT_PARAM, options, focus_labels)
        chosen: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
        filters = Filters(**chosen)
        if not filters.is_empty():
            st.button(
                "Filter zurücksetzen",
                on_click=reset_filters,
                args=((first, last),),
                icon=":material/filter_alt_off:",
            )
    st.session_state[ACTIVE_KEY] = (tuple(groups), filters)
    st.session_state[SHOWN_KEY] = frozenset(st.session_state.get(SHOWN_KEY, frozenset()) | _params(groups))
    _remember_where_chosen(chosen)
    return filters


def _remember_where_chosen(values: dict[str, Any]) -> None:
    """Note for each filter whose value changed the page it was changed on: the page of the run before (a widget
    changes without a page switch). A value first seen in this session came with a link."""
    before = st.session_state.get(VALUES_KEY, {})
    chosen_on = dict(st.session_state.get(CHOSEN_ON_KEY, {}))
    for field, value in values.items():
        if field not in before or before[field] != value:
            chosen_on[field] = st.session_state.get(PAGE_PATH_KEY) if field in before else None
    st.session_state[VALUES_KEY] = {**before, **values}
    st.session_state[CHOSEN_ON_KEY] = chosen_on


def _multiselect(label: str, key: str, options: dict[str, list], focus_labels: dict[int, str], **extra: Any) -> list:
    """A list filter in the sidebar, bound to the URL parameter `key` (written as `option_label`) and kept for the
    whole session."""
    return st.multiselect(
        label,
        options[key],
        key=key,
        placeholder="alle",
        format_func=lambda value: option_label(key, value, focus_labels),
        bind="query-params",
        persist_state="session",
        **extra,
    )


def reset_filters(year_bounds: tuple[int, int]) -> None:
    """Clear every shared filter, also those the current page does not show."""
    for key in LIST_PARAMS:
        st.session_state[key] = []
    st.session_state[ACCESSION_PARAM] = year_bounds


def active_filters() -> Filters:
    """What the filters the entry point rendered for this page select (only the groups the page applies)."""
    return st.session_state.get(ACTIVE_KEY, ((), Filters()))[1]


def filter_notice(ds: Dataset, filters: Filters, focus_titles: dict[int, str]) -> None:
    """At the top of a page that applies filters: which, in the words of the Info sheet and the slides
    (`selection.filter_notice`), whether they were chosen elsewhere, and a one-click reset (the sidebar is closed on a
    phone and easily overlooked on a wide screen)."""
    text = selection.filter_notice(filters, focus_titles)
    if not text:
        return
    chosen_on = st.session_state.get(CHOSEN_ON_KEY, {})
    here = st.session_state.get(PAGE_PATH_KEY)
    carried = any(chosen_on.get(field, here) != here for field, value in asdict(filters).items() if value)
    st.warning(f"**{md(text)}**" + (f"  \n{CARRIED}" if carried else ""), icon=":material/filter_alt:")
    st.button(
        "Filter zurücksetzen",
        key="filter_reset_notice",
        on_click=reset_filters,
        args=(_year_bounds(ds),),
        icon=":material/filter_alt_off:",
    )
