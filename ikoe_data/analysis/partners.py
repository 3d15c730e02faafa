"""The partner network: one row per partner, a partner's profile and sources, growth over time,
and the partners' measures per focus area, type and status."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .. import citation, labels
from ..loading import Dataset


def partner_overview(ds: Dataset) -> pd.DataFrame:
    """One row per partner with accession year and what it reported."""
    partners = ds.partners.copy()
    measures = ds.partner_measures
    partners["accession_year"] = partners["accession_date"].dt.year.astype("Int64")
    partners["partner_group"] = partners["partner_type"].map(labels.PARTNER_GROUP)
    partners["partner"] = partners["short_name"]
    partners["partner_label"] = [labels.partner_label(s, n) for s, n in zip(partners["short_name"], partners["name"])]
    counts = measures.groupby("partner_id").size()
    partners["n_measures"] = partners["partner_id"].map(counts).fillna(0).astype(int)
    focus = measures.groupby("partner_id")["focus_area"].agg(lambda s: tuple(sorted({int(x) for x in s})))
    partners["focus_areas_reported"] = (
        partners["partner_id"].map(focus).map(lambda v: v if isinstance(v, tuple) else ())
    )
    short = dict(zip(ds.focus_areas["focus_area"].astype(int), ds.focus_areas["short_label"]))
    partners["focus_labels_reported"] = partners["focus_areas_reported"].map(lambda fa: tuple(short[f] for f in fa))
    shares = ds.staff_shares.dropna(subset=["partner_id"]).groupby("partner_id").size()
    partners["n_staff_shares"] = partners["partner_id"].map(shares).fillna(0).astype(int)
    return partners


@dataclass(frozen=True)
class PartnerProfile:
    """What the dashboard shows about one partner."""

    partner: pd.Series  # its row of partner_overview
    measures: pd.DataFrame  # its measures (of the given selection), by focus area and id
    staff_shares: pd.DataFrame  # its staff-share figures
    conflicts: pd.DataFrame  # source conflicts about it
    source_docs: list[str]  # the sources of its accession date and name


def partner_profile(
    partner_id: int,
    partners: pd.DataFrame,
    measures: pd.DataFrame,
    staff_shares: pd.DataFrame,
    conflicts: pd.DataFrame,
) -> PartnerProfile:
    """One partner's profile from the overview, (filtered) enriched measures, staff shares and conflicts."""
    partner = partners.set_index("partner_id").loc[partner_id]
    return PartnerProfile(
        partner=partner,
        measures=measures[measures["partner_id"] == partner_id].sort_values(["focus_area", "measure_id"]),
        staff_shares=staff_shares[staff_shares["partner_id"] == partner_id],
        conflicts=conflicts[conflicts["partner_id"] == partner_id],
        source_docs=sorted({partner["source_doc"], partner["name_source_doc"]}),
    )


def partner_sources(ds: Dataset, partner_id: int, measures: pd.DataFrame, shares: pd.DataFrame) -> pd.DataFrame:
    """Every statement about one partner with its Fundstelle in the published document (title, section, page,
    quotation) and, for data stewards, its source document and line: identity, measures, shares, conflicts (both
    sides). The dashboard's running numbers are named as such."""
    partner = ds.partners.set_index("partner_id").loc[partner_id].to_dict()

    def cited(row: Mapping[str, Any], prefix: str = "", suffix: str = "") -> tuple[str, Any, str]:
        return (
            row[f"{prefix}source_doc{suffix}"],
            row[f"{prefix}source_line{suffix}"],
            citation.row_fundstelle(ds, row, prefix=prefix, suffix=suffix),
        )

    rows = [
        ("Beitrittsdatum", labels.format_date(partner["accession_date"]), *cited(partner)),
        ("Name", partner["source_name"], *cited(partner, prefix="name_")),
    ]
    rows += [
        (f"Maßnahme (Lfd. Nr. {m['measure_id']}, Dashboard)", m["title"], *cited(m))
        for m in measures.sort_values("measure_id").to_dict("records")
    ]
    rows += [
        (f"Anteilsangabe (Lfd. Nr. {s['share_id']}, Dashboard)", s["share_text"], *cited(s))
        for s in shares.to_dict("records")
    ]
    conflicts = ds.source_conflicts[ds.source_conflicts["partner_id"] == partner_id]
    for c in conflicts.to_dict("records"):
        name = f"Abweichung (Lfd. Nr. {c['conflict_id']}, Dashboard)"
        rows.append((f"{name}, verwendet", c["value_a"], *cited(c, suffix="_a")))
        rows.append((f"{name}, andere Quelle", c["value_b"], *cited(c, suffix="_b")))
    table = pd.DataFrame(rows, columns=["statement", "value", "source_doc", "source_line", "fundstelle"])
    titles = dict(zip(ds.sources["source_doc"], ds.sources["title"]))
    return table.assign(source=table["source_doc"].map(titles).fillna(table["source_doc"]))


PARTNER_SOURCE_COLUMNS = {"statement": "Angabe", "value": "Inhalt", "fundstelle": "Fundstelle"}


def partner_sources_table(sources: pd.DataFrame) -> pd.DataFrame:
    """The statements of `partner_sources` as shown and downloaded: German headers, each source by its title."""
    return sources[list(PARTNER_SOURCE_COLUMNS)].rename(columns=PARTNER_SOURCE_COLUMNS)


def cumulative_partners_by_group(partners: pd.DataFrame, until: pd.Timestamp | None = None) -> pd.DataFrame:
    """Cumulative partners per group at every accession date (long format, all groups at all dates).

    `until` (the report's status date) repeats the final counts there, so the last step has a width."""
    if partners.empty:
        return pd.DataFrame(columns=["accession_date", "partner_group", "cumulative_partners"])
    groups = partners["partner_type"].map(labels.PARTNER_GROUP)
    per_date = (
        partners.assign(partner_group=groups)
        .groupby(["accession_date", "partner_group"])
        .size()
        .unstack(fill_value=0)
        .sort_index()
    )
    if until is not None and until > per_date.index.max():
        per_date.loc[pd.Timestamp(until)] = 0
    cumulative = per_date.cumsum().stack().rename("cumulative_partners").reset_index()
    return cumulative.astype({"cumulative_partners": int})


def enrich_partner_measures(ds: Dataset) -> pd.DataFrame:
    """Partner measures with partner attributes and German labels attached."""
    partners = ds.partners[["partner_id", "short_name", "partner_type", "regierungsbezirk", "accession_date"]].assign(
        partner_group=lambda p: p["partner_type"].map(labels.PARTNER_GROUP),
        partner_label=[labels.partner_label(s, n) for s, n in zip(ds.partners["short_name"], ds.partners["name"])],
    )
    focus = ds.focus_areas[["focus_area", "short_label"]].rename(columns={"short_label": "focus_label"})
    type_labels = dict(zip(ds.measure_types["measure_type"], ds.measure_types["label"]))
    enriched = (
        ds.partner_measures.merge(partners, on="partner_id", how="left")
        .merge(focus, on="focus_area", how="left")
        .rename(columns={"short_name": "partner"})
    )
    enriched["status_label"] = enriched["status"].map(labels.STATUS_PARTNER)
    enriched["source_short"] = enriched["source_doc"].map(ds.short_title)
    enriched["measure_type_labels"] = enriched["measure_types"].map(
        lambda codes: ", ".join(type_labels.get(code, code) for code in codes)
    )
    # in report order once here, so that pages need not sort on every rerun
    return enriched.sort_values(["focus_area", "partner_id", "measure_id"], ignore_index=True)


def measures_by_focus_and_group(measures: pd.DataFrame, focus_areas: pd.DataFrame) -> pd.DataFrame:
    """Number of measures per focus area and partner group (long format, all focus areas kept)."""
    counts = measures.groupby(["focus_area", "partner_group"]).size().rename("n_measures").reset_index()
    order = focus_areas[["focus_area", "short_label"]].rename(columns={"short_label": "focus_label"})
    return order.merge(counts, on="focus_area", how="left").fillna({"n_measures": 0}).astype({"n_measures": int})


def partner_focus_matrix(measures: pd.DataFrame, partners: pd.DataFrame, focus_areas: pd.DataFrame) -> pd.DataFrame:
    """Partner × focus area counts; rows are the given partners in accession order (zeros kept)."""
    counts = measures.groupby(["partner_id", "focus_area"]).size().unstack(fill_value=0)
    counts = counts.reindex(
        index=partners.sort_values("partner_id")["partner_id"], columns=focus_areas["focus_area"], fill_value=0
    )
    counts.index = partners.set_index("partner_id").loc[counts.index, "short_name"].values
    counts.columns = focus_areas.set_index("focus_area").loc[counts.columns, "short_label"].values
    counts.index.name = "partner"
    return counts


def partner_measure_type_matrix(measures: pd.DataFrame, measure_types: pd.DataFrame) -> pd.DataFrame:
    """Partner × measure type counts (a measure with several types counts once per type)."""
    exploded = measures[["partner", "measure_types"]].explode("measure_types").dropna()
    counts = exploded.groupby(["partner", "measure_types"]).size().unstack(fill_value=0)
    type_order = [t for t in measure_types["measure_type"] if t in counts.columns]
    counts = counts[type_order]
    counts.columns = measure_types.set_index("measure_type").loc[type_order, "label"].values
    partner_order = measures.drop_duplicates("partner").sort_values("partner_id")["partner"]
    return counts.reindex(partner_order)


def top_rows(matrix: pd.DataFrame, n: int) -> pd.DataFrame:
    """The n rows with the largest totals, in their original order (a chart stays readable; tables keep all)."""
    if len(matrix) <= n:
        return matrix
    keep = matrix.sum(axis=1).nlargest(n, keep="first").index
    return matrix[matrix.index.isin(keep)]


def status_by_focus(measures: pd.DataFrame, focus_areas: pd.DataFrame) -> pd.DataFrame:
    """Measures per focus area and status (long format; statuses in fixed order)."""
    counts = measures.groupby(["focus_area", "status"]).size().rename("n_measures").reset_index()
    grid = pd.MultiIndex.from_product(
        [focus_areas["focus_area"], list(labels.STATUS_PARTNER)], names=["focus_area", "status"]
    ).to_frame(index=False)
    table = grid.merge(counts, how="left").fillna({"n_measures": 0}).astype({"n_measures": int})
    table = table.merge(focus_areas[["focus_area", "short_label"]], on="focus_area")
    table["status_label"] = table["status"].map(labels.STATUS_PARTNER)
    return table.rename(columns={"short_label": "focus_label"})


def named_source_conflicts(ds: Dataset) -> pd.DataFrame:
    """Every recorded conflict between sources with the short name of the partner it concerns (empty where it
    concerns none)."""
    return ds.source_conflicts.merge(ds.partners[["partner_id", "short_name"]], on="partner_id", how="left")
