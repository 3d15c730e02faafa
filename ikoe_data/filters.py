"""The filters that several pages share, as plain data: applying them and (de)serialising to URLs.

Streamlit widgets for these live in `ikoe_ui.filters`; everything here is pure so it can be tested
and reused by export (the Info sheet states the filters in German).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

from . import labels


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
            lines.append(f"Beitrittsjahr: {self.accession_from or '…'}–{self.accession_to or '…'}")
        if self.focus_areas:
            names = [focus_titles.get(f, str(f)) if focus_titles else str(f) for f in self.focus_areas]
            lines.append("Themenschwerpunkt: " + ", ".join(names))
        if self.zieldimensionen:
            lines.append("Zieldimension: " + ", ".join(labels.ZIELDIMENSION.get(z, z) for z in self.zieldimensionen))
        if self.ressorts:
            lines.append("Ressort: " + ", ".join(self.ressorts))
        return lines or ["keine (alle Daten)"]


# URL parameter name per field; short German names keep shared links readable.
QUERY_KEYS = {
    "partner_types": "art",
    "regierungsbezirke": "rb",
    "accession_from": "von",
    "accession_to": "bis",
    "focus_areas": "ts",
    "zieldimensionen": "zd",
    "ressorts": "ressort",
}


def to_query_params(filters: Filters) -> dict[str, str]:
    params = {}
    for field in fields(Filters):
        value = getattr(filters, field.name)
        if value in ((), None):
            continue
        key = QUERY_KEYS[field.name]
        params[key] = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return params


def from_query_params(params: dict[str, str], allowed: dict[str, set[Any]] | None = None) -> Filters:
    """Parse URL parameters; unknown or malformed values are dropped rather than failing the page."""
    allowed = allowed or {}
    values: dict[str, Any] = {}
    for field in fields(Filters):
        raw = params.get(QUERY_KEYS[field.name])
        if raw is None or raw == "":
            continue
        if field.name in ("accession_from", "accession_to"):
            if raw.isdigit():
                values[field.name] = int(raw)
            continue
        items: list[Any] = [item for item in str(raw).split(",") if item]
        if field.name == "focus_areas":
            items = [int(item) for item in items if item.isdigit()]
        if field.name in allowed:
            items = [item for item in items if item in allowed[field.name]]
        values[field.name] = tuple(items)
    return replace(Filters(), **values)


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
