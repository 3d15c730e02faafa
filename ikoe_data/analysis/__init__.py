"""Pure analysis functions: frames in, frames out. No plotting, no Streamlit. By subject:

- `partners`: the partner network, a partner's profile and sources, the partners' measures;
- `staff_shares`: reported staff shares, targets and gaps, series, population shares;
- `strategy`: the strategy's goals and measures, active years, coverage, budgets;
- `measure_search`: the search pool, its index (`ikoe_data.search`), ranked hits with snippets and facets;
- `crosstab`: own analyses — any counted thing by one or two dimensions, or two years compared
  (`crosstab_catalogue`: what may be counted by what, with German labels and value order);
- `views`: the enriched frames every page starts from.

Callers use `analysis.<function>(...)`. Every public function here has a case in the benchmark
(`benchmarks/run_benchmarks.py`), which refuses to run without one."""

from .crosstab import CrossTable, YearChoice, YearComparison, compare_years, crosstab, year_choice
from .crosstab_catalogue import DIMENSIONS, SUBJECTS, Dimension, Subject, Value, dimension_values
from .measure_search import (
    HITS_PER_PAGE,
    SEARCH_COLUMNS,
    Hit,
    MeasureSearch,
    hit_detail,
    hits_by_kind,
    search_hits,
    search_index,
    search_measures,
    searchable_measures,
)
from .partners import (
    PartnerProfile,
    cumulative_partners_by_group,
    enrich_partner_measures,
    measures_by_focus_and_group,
    named_source_conflicts,
    partner_focus_matrix,
    partner_measure_type_matrix,
    partner_overview,
    partner_profile,
    partner_sources,
    partner_sources_table,
    status_by_focus,
    top_rows,
)
from .staff_shares import (
    enrich_staff_shares,
    most_reported,
    population_benchmarks,
    population_shares,
    share_changes,
    share_targets,
    share_time_series,
)
from .strategy import (
    ActivityRule,
    active_period,
    budgets,
    coverage_table,
    coverage_years,
    enrich_strategy_measures,
    goal_year_grid,
    goal_year_matrix,
    goals_covered_per_year,
    goals_with_measures,
    measure_count,
    measures_per_goal,
    measures_under_several_goals,
    ressort_goal_matrix,
    thinnest_goals,
    year_status,
    year_status_names,
    zielgruppen_counts,
)
from .views import Views

__all__ = [
    "DIMENSIONS",
    "HITS_PER_PAGE",
    "SEARCH_COLUMNS",
    "SUBJECTS",
    "ActivityRule",
    "CrossTable",
    "Dimension",
    "Hit",
    "MeasureSearch",
    "PartnerProfile",
    "Subject",
    "Value",
    "Views",
    "YearChoice",
    "YearComparison",
    "active_period",
    "budgets",
    "compare_years",
    "coverage_table",
    "coverage_years",
    "crosstab",
    "cumulative_partners_by_group",
    "dimension_values",
    "enrich_partner_measures",
    "enrich_staff_shares",
    "enrich_strategy_measures",
    "goal_year_grid",
    "goal_year_matrix",
    "goals_covered_per_year",
    "goals_with_measures",
    "hit_detail",
    "hits_by_kind",
    "measure_count",
    "measures_by_focus_and_group",
    "measures_per_goal",
    "measures_under_several_goals",
    "most_reported",
    "named_source_conflicts",
    "partner_focus_matrix",
    "partner_measure_type_matrix",
    "partner_overview",
    "partner_profile",
    "partner_sources",
    "partner_sources_table",
    "population_benchmarks",
    "population_shares",
    "ressort_goal_matrix",
    "search_hits",
    "search_index",
    "search_measures",
    "searchable_measures",
    "share_changes",
    "share_targets",
    "share_time_series",
    "status_by_focus",
    "thinnest_goals",
    "top_rows",
    "year_choice",
    "year_status",
    "year_status_names",
    "zielgruppen_counts",
]
