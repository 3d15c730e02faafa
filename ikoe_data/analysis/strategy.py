"""The strategy's goals and measures: active years (with the rule for years the report does not state),
coverage per goal and year, measures per goal, budgets, ressorts and target groups."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import labels
from ..loading import Dataset


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


OBSERVED, LOWER_BOUND, PROJECTION = "observed", "lower_bound", "projection"


def year_status(year: int, report_year: int) -> str:
    """Before the report year a count is a lower bound (many measures name no start year and count from the
    report year); after it, a continuation of running measures, not an observation."""
    return LOWER_BOUND if year < report_year else PROJECTION if year > report_year else OBSERVED


def year_status_names(report_year: int) -> dict[str, str]:
    return {
        LOWER_BOUND: f"vor {report_year}: Untergrenze",
        OBSERVED: f"{report_year}: Stand des Berichts",
        PROJECTION: f"nach {report_year}: fortgeschrieben",
    }


def coverage_table(covered: pd.DataFrame, report_year: int) -> pd.DataFrame:
    """Goals covered per year with what each count is (lower bound, the report's state, continuation), so that a
    table or spreadsheet without the chart's marking cannot be read as growth."""
    names = year_status_names(report_year)
    return covered.assign(year_status=[names[year_status(int(y), report_year)] for y in covered["year"]])


def measures_per_goal(measures: pd.DataFrame, goals: pd.DataFrame) -> pd.DataFrame:
    """Measures per goal (zeros kept), in goal order, with the Zieldimension."""
    counts = measures.groupby("goal_id").size().rename("n_measures")
    table = goals[["goal_id", "zieldimension", "title"]].merge(counts, left_on="goal_id", right_index=True, how="left")
    table["n_measures"] = table["n_measures"].fillna(0).astype(int)
    return table.rename(columns={"title": "goal_title"})


def measures_under_several_goals(measures: pd.DataFrame) -> int:
    """How many measures are listed under more than one goal (they count at each)."""
    return int((measures.groupby("measure_id")["goal_id"].nunique() > 1).sum())


def measure_count(measures: pd.DataFrame) -> int:
    """Distinct strategy measures (a measure under several goals is one row per goal)."""
    return int(measures["measure_id"].nunique())


def goals_with_measures(per_goal: pd.DataFrame) -> int:
    """How many goals have at least one measure."""
    return int((per_goal["n_measures"] > 0).sum())


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
