"""Pure analysis functions: frames in, frames out. No plotting, no Streamlit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import labels
from .loading import Dataset

# --------------------------------------------------------------------------- partners


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
    """Every statement about one partner with its source document and line: identity, measures, shares,
    conflicts (both sides)."""
    partner = ds.partners.set_index("partner_id").loc[partner_id]
    rows = [
        (
            "Beitrittsdatum",
            labels.format_date(partner["accession_date"]),
            partner["source_doc"],
            partner["source_line"],
        ),
        ("Name", partner["source_name"], partner["name_source_doc"], partner["name_source_line"]),
    ]
    rows += [
        (f"Maßnahme {m.measure_id}", m.title, m.source_doc, m.source_line)
        for m in measures.sort_values("measure_id").itertuples()
    ]
    rows += [(f"Anteilsangabe {s.share_id}", s.share_text, s.source_doc, s.source_line) for s in shares.itertuples()]
    conflicts = ds.source_conflicts[ds.source_conflicts["partner_id"] == partner_id]
    for c in conflicts.itertuples():
        rows.append((f"Abweichung {c.conflict_id} (verwendet)", c.value_a, c.source_doc_a, c.source_line_a))
        rows.append((f"Abweichung {c.conflict_id} (andere Quelle)", c.value_b, c.source_doc_b, c.source_line_b))
    table = pd.DataFrame(rows, columns=["statement", "value", "source_doc", "source_line"])
    titles = dict(zip(ds.sources["source_doc"], ds.sources["title"]))
    return table.assign(source=table["source_doc"].map(titles).fillna(table["source_doc"]))


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


# --------------------------------------------------------------------------- staff shares


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


def share_targets(shares: pd.DataFrame, benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Per reported figure: the share as reported (wording kept), whether a verbal amount is plotted as a number,
    the target, the gap in percentage points (share − target, at the reported precision) and the partner's own
    population reference where a source states one. Figures without a year keep an empty year."""
    table = shares.copy()
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
        table.at[i, "population_text"] = (
            f"„{anchor}“ (gezeichnet als {stated})" if words else stated
        ) + f", {labels.CONCEPT.get(ref['concept'], ref['concept'])}, Zeile {ref['source_line']}"
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


# --------------------------------------------------------------------------- strategy


def enrich_strategy_measures(ds: Dataset) -> pd.DataFrame:
    goals = ds.goals[["goal_id", "zieldimension", "title"]].rename(columns={"title": "goal_title"})
    enriched = ds.strategy_measures.merge(goals, on="goal_id", how="left")
    enriched["status_label"] = enriched["status"].map(labels.STATUS_STRATEGY)
    enriched["source_short"] = enriched["source_doc"].map(ds.short_title)
    zg = dict(zip(ds.zielgruppen["code"], ds.zielgruppen["label_de"]))
    enriched["zielgruppen_labels"] = enriched["zielgruppen"].map(lambda codes: ", ".join(zg.get(c, c) for c in codes))
    enriched["ressorts_text"] = enriched["ressorts"].map(", ".join)
    return enriched


@dataclass(frozen=True)
class ActivityRule:
    """How a strategy measure's active years are derived where the report gives no year.

    Known start/end years are used as stated. Without a start year a running measure counts from the
    year of the report that lists it (it is documented as running then, not before); a planned one from
    the year after. Without an end year a measure counts as continuing up to the horizon: the latest end
    year stated (at least the current report's year). Years after the current report's year are therefore
    a continuation, not observed activity. The years come from the sources table (role strategy_report).
    """

    report_year: int
    source_years: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, ds: Dataset, role: str = "strategy_report") -> ActivityRule:
        years = tuple(
            (doc, int(date.year)) for doc in ds.sources_of_role(role) if (date := ds.status_date(doc)) is not None
        )
        current = ds.report_year(role)
        if current is None:  # no dated strategy report: the latest year a measure names stands in
            stated = pd.concat([ds.strategy_measures["start_year"], ds.strategy_measures["end_year"]]).dropna()
            current = int(stated.max()) if not stated.empty else pd.Timestamp.today().year
        return cls(report_year=current, source_years=years)

    def row_report_years(self, measures: pd.DataFrame) -> pd.Series:
        """The report year of each measure's own source (the current report's year where unknown)."""
        if "source_doc" not in measures:
            return pd.Series(self.report_year, index=measures.index)
        return measures["source_doc"].map(dict(self.source_years)).fillna(self.report_year).astype(int)

    def horizon(self, measures: pd.DataFrame) -> int:
        stated = measures["end_year"].dropna()
        return max(self.report_year, int(stated.max()) if not stated.empty else self.report_year)


def active_period(measures: pd.DataFrame, rule: ActivityRule) -> pd.DataFrame:
    """Add `active_from`/`active_to` (int years) to strategy measures according to `rule`."""
    horizon = rule.horizon(measures)
    own_year = rule.row_report_years(measures)
    planned_only = measures["status"] == "geplant"
    default_start = own_year.where(~planned_only, own_year + 1)
    start = measures["start_year"].astype("Float64").fillna(default_start.astype("Float64"))
    finished = measures["status"] == "abgeschlossen"
    default_end = pd.Series(horizon, index=measures.index).where(~finished, own_year)
    end = measures["end_year"].astype("Float64").fillna(default_end.astype("Float64"))
    result = measures.copy()
    result["active_from"] = start.astype(int)
    result["active_to"] = end.astype(int)
    return result


def coverage_years(active: pd.DataFrame, rule: ActivityRule) -> range:
    """From the earliest start to the horizon."""
    if active.empty:
        return range(rule.report_year, rule.report_year + 1)
    return range(int(active["active_from"].min()), int(active["active_to"].max()) + 1)


def goal_year_grid(measures: pd.DataFrame, goals: pd.DataFrame, years: range) -> pd.DataFrame:
    """Number of active measures per goal and year (long format, every goal × year present)."""
    if "active_from" not in measures:
        raise ValueError("goal_year_grid needs active_period() first")
    active = measures
    year_values = pd.Series(list(years), name="year")
    pairs = active[["goal_id", "active_from", "active_to"]].merge(year_values, how="cross")
    pairs = pairs[(pairs["year"] >= pairs["active_from"]) & (pairs["year"] <= pairs["active_to"])]
    counts = pairs.groupby(["goal_id", "year"]).size().rename("n_active")
    full = pd.MultiIndex.from_product([goals["goal_id"], list(years)], names=["goal_id", "year"])
    grid = counts.reindex(full, fill_value=0).reset_index()
    return grid.merge(
        goals[["goal_id", "zieldimension", "title"]].rename(columns={"title": "goal_title"}), on="goal_id"
    )


def goal_year_matrix(grid: pd.DataFrame) -> pd.DataFrame:
    """The goal × year grid as a matrix: one row per goal, one column per year."""
    return grid.pivot(index="goal_id", columns="year", values="n_active")


def goals_covered_per_year(grid: pd.DataFrame) -> pd.DataFrame:
    """How many goals have at least one active measure in each year."""
    covered = grid.assign(covered=grid["n_active"] > 0).groupby("year")["covered"].sum()
    return covered.rename("goals_covered").reset_index().astype({"goals_covered": int})


def measures_per_goal(measures: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """Measures per goal (zeros kept), in goal order, with the Zieldimension."""
    counts = measures.groupby("goal_id").size().rename("n_measures")
    table = goals[["goal_id", "zieldimension", "title"]].merge(counts, left_on="goal_id", right_index=True, how="left")
    table["n_measures"] = table["n_measures"].fillna(0).astype(int)
    return table.rename(columns={"title": "goal_title"})


def measures_under_several_goals(measures: pd.DataFrame) -> int:
    """How many measures are listed under more than one goal (they count at each)."""
    return int((measures.groupby("measure_id")["goal_id"].nunique() > 1).sum())


def thinnest_goals(per_goal: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The goals with the fewest measures (ties at the cut-off all included)."""
    if per_goal.empty:
        return per_goal
    cutoff = per_goal["n_measures"].nsmallest(n).max()
    return per_goal[per_goal["n_measures"] <= cutoff].sort_values(["n_measures", "goal_id"], ignore_index=True)


def budgets(budgets: pd.DataFrame, measures: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """The amounts the strategy report states, per goal and measure, with what each covers, the measure's status
    and the source line. Amounts cover different things (per year, in total, per commune, a maximum) and are
    therefore never summed. Only goals and measures in the (filtered) frames are kept."""
    first = measures.drop_duplicates("measure_id")[["measure_id", "title", "status_label", "ressorts_text"]]
    table = budgets.merge(first, on="measure_id", how="inner").merge(
        goals[["goal_id", "title"]].rename(columns={"title": "goal_title"}), on="goal_id", how="inner"
    )
    table["year_text"] = [str(int(y)) if pd.notna(y) else "Jahr nicht genannt" for y in table["year"]]
    return table.sort_values(["goal_id", "measure_id", "year"], na_position="last", ignore_index=True)


def ressort_goal_matrix(measures: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """Ressort × goal counts (a measure with several ressorts counts for each)."""
    exploded = measures[["goal_id", "ressorts"]].explode("ressorts").dropna()
    counts = exploded.groupby(["ressorts", "goal_id"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=goals["goal_id"], fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index]
    counts.index.name = "ressort"
    return counts


def zielgruppen_counts(measures: pd.DataFrame, zielgruppen: pd.DataFrame) -> pd.DataFrame:
    exploded = measures[["measure_id", "zielgruppen"]].explode("zielgruppen").dropna()
    counts = exploded.drop_duplicates().groupby("zielgruppen").size().rename("n_measures")
    table = zielgruppen.merge(counts, left_on="code", right_index=True, how="inner")
    return table.sort_values("n_measures", ascending=False, ignore_index=True).rename(
        columns={"label_de": "zielgruppe"}
    )


# --------------------------------------------------------------------------- per-dataset views


@dataclass(frozen=True)
class Views:
    """The enriched frames every page starts from: derived once per dataset, then only filtered."""

    partners: pd.DataFrame
    partner_measures: pd.DataFrame
    staff_shares: pd.DataFrame
    strategy_measures: pd.DataFrame
    search_pool: pd.DataFrame

    @classmethod
    def of(cls, ds: Dataset) -> Views:
        partner_measures, strategy = enrich_partner_measures(ds), enrich_strategy_measures(ds)
        return cls(
            partners=partner_overview(ds),
            partner_measures=partner_measures,
            staff_shares=enrich_staff_shares(ds),
            strategy_measures=strategy,
            search_pool=searchable_measures(partner_measures, strategy, ds.short_title),
        )


# --------------------------------------------------------------------------- search

SEARCH_COLUMNS = ["kind", "measure_id", "title", "text", "owner", "context", "status", "source"]
PARTNER_MEASURE, STRATEGY_MEASURE = "Partnermaßnahme", "Strategiemaßnahme"  # values of `kind`


def searchable_measures(
    partner_measures: pd.DataFrame, strategy_measures: pd.DataFrame, short_title: Callable[[str], str] = str
) -> pd.DataFrame:
    """Partner and strategy measures in one frame of the same shape (enriched frames in); `short_title`
    names a source key in the source column."""
    partner_part = pd.DataFrame(
        {
            "kind": PARTNER_MEASURE,
            "measure_id": partner_measures["measure_id"],
            "title": partner_measures["title"],
            "text": partner_measures["summary"],
            "owner": partner_measures["partner"],
            "context": partner_measures["focus_label"],
            "status": partner_measures["status_label"],
            "source": partner_measures["source_doc"].map(short_title)
            + ", Z. "
            + partner_measures["source_line"].astype(str),
        }
    )
    # a measure listed under several goals is one hit, naming all its goals
    first = strategy_measures.drop_duplicates("measure_id")
    goals: dict[str, list[int]] = {}
    lines: dict[str, list[tuple[str, int]]] = {}
    for measure, goal, doc, line in zip(
        strategy_measures["measure_id"],
        strategy_measures["goal_id"],
        strategy_measures["source_doc"],
        strategy_measures["source_line"],
    ):
        goals.setdefault(measure, []).append(goal)
        lines.setdefault(measure, []).append((short_title(doc), line))
    goal_text = {m: ", ".join(map(str, sorted(g))) for m, g in goals.items()}
    line_text = {m: _cited_lines(z) for m, z in lines.items()}
    strategy_part = pd.DataFrame(
        {
            "kind": STRATEGY_MEASURE,
            "measure_id": first["measure_id"],
            "title": first["title"],
            "text": "Zielgruppe: " + first["zielgruppen_raw"] + "; Zeitrahmen: " + first["zeitrahmen"],
            "owner": first["ressorts_text"],
            "context": "Handlungsziel " + first["measure_id"].map(goal_text),
            "status": first["status_label"],
            "source": first["measure_id"].map(line_text),
        }
    )
    pool = pd.concat([partner_part, strategy_part], ignore_index=True)
    # lower-cased once here, so that each search only scans
    pool["haystack"] = (pool["title"] + " " + pool["text"] + " " + pool["owner"] + " " + pool["context"]).str.lower()
    return pool


def _cited_lines(pairs: list[tuple[str, int]]) -> str:
    """'Umsetzungsbericht TIS 2030, Z. 12, 40' — lines grouped by source."""
    by_source: dict[str, list[int]] = {}
    for source, line in pairs:
        by_source.setdefault(source, []).append(line)
    return "; ".join(f"{s}, Z. {', '.join(map(str, sorted(z)))}" for s, z in by_source.items())


def search(measures: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows whose title, text, owner or context contain every word of the query (case-insensitive)."""
    words = [w for w in query.lower().split() if w]
    if not words:
        return measures
    haystack = measures["haystack"]
    mask = pd.Series(True, index=measures.index)
    for word in words:
        mask &= haystack.str.contains(word, regex=False)
    return measures[mask]


def hits_by_kind(hits: pd.DataFrame) -> tuple[int, int]:
    """(partner measures, strategy measures) among search hits."""
    n_partner = int((hits["kind"] == PARTNER_MEASURE).sum())
    return n_partner, len(hits) - n_partner
