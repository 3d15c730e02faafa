"""Staff shares: reported figures with their labels, targets and gaps, series over the years, and the
population shares the sources state."""

from __future__ import annotations

import pandas as pd

from .. import labels
from ..loading import Dataset


def enrich_staff_shares(ds: Dataset) -> pd.DataFrame:
    """Staff-share figures with partner names and the German labels analysts need to read them."""
    shares = ds.staff_shares.merge(
        ds.partners[["partner_id", "short_name", "name", "partner_type"]].rename(columns={"name": "partner_name"}),
        on="partner_id",
        how="left",
    )
    shares["partner"] = shares["short_name"].fillna(shares["organisation"]).fillna("landesweit")
    shares["partner_label"] = [
        labels.partner_label(s, n) if isinstance(n, str) else s
        for s, n in zip(shares["partner"], shares["partner_name"])
    ]
    shares["basis_label"] = shares["basis"].map(labels.SHARE_BASIS)
    shares["method_label"] = shares["method"].map(labels.METHOD)
    shares["concept_label"] = shares["concept"].map(labels.CONCEPT)
    shares["qualifier_label"] = shares["qualifier"].map(labels.QUALIFIER).fillna("")
    shares["share_text"] = [
        labels.format_reported(s, q, u, w, d)
        for s, q, u, w, d in zip(
            shares["share_percent"],
            shares["qualifier"],
            shares["share_percent_upper"],
            shares["wording"],
            shares["share_derived"],
        )
    ]
    shares["year_text"] = shares["year"].map(labels.format_year)
    shares["source_short"] = shares["source_doc"].map(ds.short_title)
    return shares.drop(columns=["short_name", "partner_name"])


def share_targets(
    shares: pd.DataFrame, benchmarks: pd.DataFrame, source_titles: dict[str, str] | None = None
) -> pd.DataFrame:
    """Per reported figure: the share as reported (wording kept), whether a verbal amount is plotted as a number,
    the target, the gap in percentage points (share − target, at the reported precision) and the partner's own
    population reference where a source states one, the source's words quoted with its short title (from
    `source_titles`, else from the shares' own `source_short`). Figures without a year keep an empty year."""
    table = shares.copy()
    titles = dict(zip(shares["source_doc"], shares["source_short"])) if "source_short" in shares else {}
    titles.update(source_titles or {})
    anchors = table["source_anchor"].fillna("").astype(str)
    verbal = table["qualifier"].notna() & ~anchors.str.contains(r"\d", regex=True)
    table["derived"] = table["share_derived"].fillna(False).astype(bool) if "share_derived" in table else verbal
    table["gap_points"] = (table["share_percent"] - table["target_percent"]).round(2)
    population = benchmarks[
        benchmarks["indicator"].str.startswith("population_share") & benchmarks["unit"].eq("percent")
    ].drop_duplicates("scope")
    by_scope = population.set_index("scope")
    table["population_percent"] = pd.Series(pd.NA, index=table.index, dtype="Float64")
    table["population_text"] = ""
    for i, partner, organisation in zip(table.index, table["partner"], table["organisation"]):
        scope = next((s for s in (partner, organisation) if isinstance(s, str) and s in by_scope.index), None)
        if scope is None:
            continue
        ref = by_scope.loc[scope]
        anchor = str(ref["source_anchor"])
        stated = labels.format_share(ref["value"], ref["qualifier"])
        words = not any(c.isdigit() for c in anchor)
        table.at[i, "population_percent"] = ref["value"]
        source = titles.get(str(ref["source_doc"]), "")
        named = f"{source}; " if source else ""
        table.at[i, "population_text"] = (
            f"„{anchor}“ ({named}gezeichnet als {stated})" if words else f"{stated} ({source})" if source else stated
        ) + f", {labels.CONCEPT.get(ref['concept'], ref['concept'])}"
    return table.sort_values(["partner", "year", "share_id"], na_position="first", ignore_index=True)


def share_time_series(shares: pd.DataFrame) -> pd.DataFrame:
    """Figures of partners that reported the same basis and concept in more than one year.

    Figures whose year the source does not state have no place on a time axis and are left out (the
    share chart shows them apart). Where a year has several figures, the exact one is kept so that each
    series has one point per year."""
    reported = shares.dropna(subset=["share_percent", "partner_id", "year"])
    group = ["partner_id", "basis", "concept"]
    reported = (
        reported.assign(inexact=reported["qualifier"].notna())
        .sort_values([*group, "year", "inexact", "share_id"])
        .drop_duplicates(subset=[*group, "year"])
        .drop(columns="inexact")
    )
    years = reported.groupby(group)["year"].transform("nunique")
    return reported[years > 1].sort_values([*group, "year"], ignore_index=True)


def most_reported(shares: pd.DataFrame, n: int, by: list[str]) -> pd.DataFrame:
    """Rows of the n groups (by `by`) with the most figures; for charts that cannot show every group."""
    sizes = shares.groupby(by, dropna=False).size()
    if len(sizes) <= n:
        return shares
    keep = sizes.sort_values(ascending=False, kind="stable").head(n).index
    return shares[shares.set_index(by).index.isin(keep)]


def share_changes(change: pd.DataFrame, partners: pd.DataFrame) -> pd.DataFrame:
    """The changed figures of an edition comparison, with partner names and basis labels."""
    changed = change[change["change"] != "unverändert"]
    changed = changed.merge(partners[["partner_id", "short_name"]], on="partner_id", how="left")
    return changed.assign(
        basis_label=changed["basis"].map(labels.SHARE_BASIS), year_text=changed["year"].map(labels.format_year)
    )


def population_benchmarks(ds: Dataset, scope: str = "NRW") -> pd.DataFrame:
    """Population shares with Einwanderungsgeschichte/Migrationshintergrund for the reference lines."""
    bench = ds.benchmarks
    mask = (
        (bench["unit"] == "percent") & bench["indicator"].str.startswith("population_share") & (bench["scope"] == scope)
    )
    return (
        bench[mask]
        .assign(
            source_short=lambda b: b["source_doc"].map(ds.short_title),
            value_text=lambda b: [
                labels.format_reported(v, q, u, w, d)
                for v, q, u, w, d in zip(b["value"], b["qualifier"], b["value_upper"], b["wording"], b["value_derived"])
            ],
        )
        .sort_values(["value", "benchmark_id"], ignore_index=True)
    )


def population_shares(benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Every population share the sources state (all scopes), with the value as reported (`value_text`)."""
    population = benchmarks[benchmarks["indicator"].str.startswith("population_share")]
    return population.assign(
        value_text=[
            labels.format_reported(v, q, u, w, d)
            for v, q, u, w, d in zip(
                population["value"],
                population["qualifier"],
                population["value_upper"],
                population["wording"],
                population["value_derived"],
            )
        ],
        year_text=population["year"].map(labels.format_year),
    )
