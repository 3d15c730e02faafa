"""The filters that several pages share, as plain data: applying them and (de)serialising to URLs.

Streamlit widgets for these live in `ikoe_ui.filters`; everything here is pure so it can be tested
and reused by export (the Info sheet states the filters in German).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from . import labels


def year_range(low: int | None, high: int | None) -> str:
    """Accession years as the sidebar's line, the Info sheet and the selection line say them: "2015–2020",
    "2016", "ab 2015", "bis 2018" (at least one bound given)."""
    if low is not None and high is not None:
        return f"{low}–{high}" if low != high else str(low)
    return f"ab {low}" if low is not None else f"bis {high}"


@dataclass(frozen=True)
class Filters:
    """Empty tuples / None mean "no restriction"."""

    partner_types: tuple[str, ...] = ()
    regierungsbezirke: tuple[str, ...] = ()
    accession_from: int | None = None
    accession_to: int | None = None
    focus_areas: tuple[int, ...] = ()
    zieldimensionen: tuple[str, ...] = ()
    ressorts: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        return self == Filters()

    def describe(self, focus_titles: dict[int, str] | None = None) -> list[str]:
        """German description of the active filters, one line each (for Info sheets and captions)."""
        lines = []
        if self.partner_types:
            lines.append("Art des Partners: " + ", ".join(self.partner_types))
        if self.regierungsbezirke:
            lines.append("Regierungsbezirk: " + ", ".join(self.regierungsbezirke))
        if self.accession_from is not None or self.accession_to is not None:
            lines.append(f"Beitrittsjahr: {year_range(self.accession_from, self.accession_to)}")
        if self.focus_areas:
            names = [focus_titles.get(f, str(f)) if focus_titles else str(f) for f in self.focus_areas]
            lines.append("Themenschwerpunkt: " + ", ".join(names))
        if self.zieldimensionen:
            lines.append("Zieldimension: " + ", ".join(labels.ZIELDIMENSION.get(z, z) for z in self.zieldimensionen))
        if self.ressorts:
            lines.append("Ressort: " + ", ".join(self.ressorts))
        return lines or ["keine (alle Daten)"]


# The groups of shared filters a page can apply (the page registry names them per page).
PARTNER, FOCUS, STRATEGY = "partner", "focus", "strategy"
# The shared filters' URL parameters (Streamlit binds each widget to the parameter named like its key).
PARTNER_TYPE_PARAM, REGIERUNGSBEZIRK_PARAM, ACCESSION_PARAM = "art", "rb", "beitritt"
FOCUS_PARAM, ZIELDIMENSION_PARAM, RESSORT_PARAM = "ts", "zd", "ressort"
LIST_PARAMS = (PARTNER_TYPE_PARAM, REGIERUNGSBEZIRK_PARAM, FOCUS_PARAM, ZIELDIMENSION_PARAM, RESSORT_PARAM)


def link_values(
    params: dict[str, list[str]], options: Mapping[str, Sequence[Any]], year_bounds: tuple[int, int]
) -> dict[str, Any]:
    """Filter values from a link, also of the earlier format (`?art=Kreis,Kommune&von=2015&bis=2020&ts=1,6&zd=I`:
    comma lists, focus areas by number, Zieldimensionen by code, years as `von`/`bis`), keyed like the widgets.
    Values that are not options are dropped; keys without a valid value are left out."""
    values: dict[str, Any] = {}
    for key in LIST_PARAMS:
        items: list[Any] = [item.strip() for value in params.get(key, []) for item in value.split(",") if item.strip()]
        if key == FOCUS_PARAM:
            items = [int(item.split(" ")[0]) for item in items if item.split(" ")[0].isdigit()]
        if key == ZIELDIMENSION_PARAM:
            codes = {labels.ZIELDIMENSION.get(code, code): code for code in options[key]}
            items = [codes.get(item, item) for item in items]
        chosen = [item for item in dict.fromkeys(items) if item in options[key]]
        if chosen:
            values[key] = chosen
    first, last = year_bounds
    years = params.get(ACCESSION_PARAM) or [params.get("von", [""])[-1], params.get("bis", [""])[-1]]
    if len(years) == 2 and any(y.isdigit() for y in years):
        low, high = (min(max(int(y), first), last) if y.isdigit() else bound for y, bound in zip(years, year_bounds))
        values[ACCESSION_PARAM] = (min(low, high), max(low, high))
    return values


def option_label(key: str, value: Any, focus_labels: Mapping[int, str]) -> str:
    """How a value of the list filter `key` appears in the sidebar and therefore in links (Streamlit's binding
    writes the label): '6 – Weitere Maßnahmen', 'I – Erstintegration', 'Kommune'."""
    if key == FOCUS_PARAM:
        return f"{value} – {focus_labels.get(value, value)}"
    if key == ZIELDIMENSION_PARAM:
        return labels.ZIELDIMENSION.get(value, str(value))
    return str(value)


def link_params(
    values: Mapping[str, Any], focus_labels: Mapping[int, str], year_bounds: tuple[int, int]
) -> dict[str, list[str]]:
    """The URL parameters of filter values (as `link_values` returns them) in today's format, as Streamlit's
    binding writes them: one parameter per chosen option, by its label; the accession years as two parameters,
    left out when they span every year."""
    params = {key: [option_label(key, item, focus_labels) for item in values.get(key) or []] for key in LIST_PARAMS}
    years = values.get(ACCESSION_PARAM)
    if years is not None and tuple(years) != tuple(year_bounds):
        params[ACCESSION_PARAM] = [str(year) for year in years]
    return {key: value for key, value in params.items() if value}


def filter_partners(partners: pd.DataFrame, filters: Filters, measures: pd.DataFrame | None = None) -> pd.DataFrame:
    """Partners matching type, Regierungsbezirk, accession years and (given measures) reported focus areas."""
    mask = pd.Series(True, index=partners.index)
    if filters.partner_types:
        mask &= partners["partner_type"].isin(filters.partner_types)
    if filters.regierungsbezirke:
        mask &= partners["regierungsbezirk"].isin(filters.regierungsbezirke)
    years = partners["accession_date"].dt.year
    if filters.accession_from is not None:
        mask &= years >= filters.accession_from
    if filters.accession_to is not None:
        mask &= years <= filters.accession_to
    if filters.focus_areas and measures is not None:
        reporting = measures.loc[measures["focus_area"].isin(filters.focus_areas), "partner_id"].unique()
        mask &= partners["partner_id"].isin(reporting)
    return partners[mask]


def filter_partner_measures(measures: pd.DataFrame, partners: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Measures of the filtered partners, restricted to the chosen focus areas."""
    selected = filter_partners(partners, replace(filters, focus_areas=()))
    mask = measures["partner_id"].isin(selected["partner_id"])
    if filters.focus_areas:
        mask &= measures["focus_area"].isin(filters.focus_areas)
    return measures[mask]


def filter_staff_shares(shares: pd.DataFrame, partners: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Figures of the filtered partners; figures without a partner only when no partner filter is set."""
    selected = filter_partners(partners, replace(filters, focus_areas=()))
    unfiltered = filters.is_empty()
    return shares[shares["partner_id"].isin(selected["partner_id"]) | (shares["partner_id"].isna() & unfiltered)]


def filter_goals(goals: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    return goals[goals["zieldimension"].isin(filters.zieldimensionen)] if filters.zieldimensionen else goals


def filter_strategy_measures(measures: pd.DataFrame, goals: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    mask = pd.Series(True, index=measures.index)
    if filters.zieldimensionen:
        mask &= measures["goal_id"].isin(filter_goals(goals, filters)["goal_id"])
    if filters.ressorts:
        wanted = set(filters.ressorts)
        mask &= measures["ressorts"].map(lambda codes: bool(wanted.intersection(codes)))
    return measures[mask]
