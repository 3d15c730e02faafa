"""Plotly chart builders, one per chart of the dashboard, grouped by what they show:

- `partners`: the network's growth, the partners' measures per focus area and their status;
- `shares`: staff shares against targets and population references, and their series over the years;
- `goals`: the strategy's goals per year (lower bound / report year / continuation), per goal, two editions;
- `generic`: any table of counts as a heatmap or as horizontal bars (one column, or grouped/stacked columns);
- `crosstab`: an own analysis (list, cross table, two years) in the kind its shape asks for;
- `style`: what every chart shares — theme, Okabe–Ito palette, the figure frame with its title block,
  axes, layout rules and slide-sized image settings (`charts.style.figure`, `charts.style.image_config`, …).

Callers use `charts.<builder>(...)`; every builder takes prepared frames and a source line and returns a
`go.Figure` built by `style.figure`."""

from . import style
from .crosstab import crosstab_chart, year_comparison_chart
from .generic import bar_matrix_chart, heatmap, horizontal_bar_chart
from .goals import (
    budget_year_chart,
    edition_change_chart,
    goal_year_heatmap,
    goals_covered_chart,
    measures_per_goal_chart,
)
from .partners import cumulative_partners_chart, measures_by_focus_chart, status_chart
from .shares import share_target_chart, staff_share_series_chart

__all__ = [
    "bar_matrix_chart",
    "budget_year_chart",
    "crosstab_chart",
    "cumulative_partners_chart",
    "edition_change_chart",
    "goal_year_heatmap",
    "goals_covered_chart",
    "heatmap",
    "horizontal_bar_chart",
    "measures_by_focus_chart",
    "measures_per_goal_chart",
    "share_target_chart",
    "staff_share_series_chart",
    "status_chart",
    "style",
    "year_comparison_chart",
]
