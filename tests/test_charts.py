"""Chart builders: title, subtitle, source line, German separators, honest marks, integer count axes, legends
whenever there are groups, German singular/plural in every generated text, slide-size download with text ≥ 18 px."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from chart_gallery import SOURCE, by_group_size, shipped

from ikoe_data import analysis, charts, facts, labels


@pytest.fixture(scope="module")
def figures(ds):
    return shipped(ds)


def texts_of(fig) -> list[str]:
    """Every text a reader sees in a figure: titles, legend names, hovers, tick labels, annotations."""
    layout = fig.layout
    found = [layout.title.text or "", layout.title.subtitle.text or ""]
    found += [a.text or "" for a in layout.annotations]
    for trace in fig.data:
        found.append(trace.name or "")
        for attribute in ("hovertext", "text"):
            value = getattr(trace, attribute, None)
            if value is None or isinstance(value, str):
                found.append(value or "")
            else:
                found += [str(v) for row in value for v in (row if isinstance(row, tuple | list) else [row])]
    return found


def test_every_chart_has_title_source_and_german_separators(figures):
    for name, fig in figures.items():
        assert fig.layout.title.text, name
        assert fig.layout.separators == ",.", name
        assert fig.layout.meta["source"] == SOURCE, name
        assert "Quelle: Partnerbericht" in fig.layout.title.subtitle.text.replace("<br>", " "), name


def test_titles_do_not_repeat_themselves(figures):
    for name, fig in figures.items():
        title = fig.layout.meta["title"]
        assert "×" not in title and "(" not in title, (name, title)
        words = [w.lower() for w in re.findall(r"\w+", title) if len(w) > 3]
        assert len(words) == len(set(words)), (name, title)


def test_no_text_says_one_in_the_plural(figures):
    wrong = re.compile(r"(?<![\d.,])1 (Maßnahmen|aktive Maßnahmen|Handlungsziele|Anteilsangaben|Partnern)\b")
    for name, fig in {**figures, **by_group_size(1), **by_group_size(4)}.items():
        bad = [t for t in texts_of(fig) if wrong.search(t.replace("<br>", " "))]
        assert not bad, (name, bad[:3])


@pytest.mark.parametrize("n_groups", [0, 1, 4])
def test_builders_with_no_one_and_many_groups(n_groups):
    for name, fig in by_group_size(n_groups).items():
        legend_entries = [t for t in fig.data if t.name and t.showlegend is not False]
        expected = {"focus": n_groups, "growth": n_groups, "per_goal": len(set(["I", "II", "III", "I"][:n_groups]))}
        if name in expected:
            assert len(legend_entries) == expected[name], name
            assert fig.layout.showlegend == (n_groups > 0), name
        for axis in (fig.layout.xaxis, fig.layout.yaxis):
            ticks = list(axis.ticktext or [])
            assert len(ticks) == len(set(ticks)), name
        for trace in fig.data:  # each category once per trace: no repeated tick labels
            if trace.type == "bar":
                categories = list(trace.y if trace.orientation == "h" else trace.x)
                assert len(categories) == len(set(categories)), name


def test_count_axes_have_integer_ticks_only():
    for largest in (0, 1, 2, 3, 5, 9, 37, 162, 668):
        axis = charts.style.count_axis("Maßnahmen (Anzahl)", largest)
        assert axis["tickformat"] == ",d" and axis["tick0"] == 0
        assert isinstance(axis["dtick"], int) and axis["dtick"] >= 1
        assert axis["range"][1] / axis["dtick"] <= 9  # a handful of ticks, each a different whole number
    for name, fig in {**by_group_size(1), **by_group_size(4)}.items():
        if name == "heatmap":  # counts are written in the cells
            continue
        count_axes = [a for a in (fig.layout.xaxis, fig.layout.yaxis) if a.tickformat == ",d"]
        assert count_axes, name
        assert all(float(a.dtick).is_integer() for a in count_axes), name


def test_every_chart_with_groups_has_a_legend(figures):
    for name, fig in figures.items():
        named = [t for t in fig.data if t.name and t.type != "heatmap"]
        if len(named) > 1:
            assert fig.layout.showlegend, name
            assert fig.layout.legend.orientation == "h", name  # rows under the plot, never beside it


def test_no_annotation_and_the_legend_at_the_bottom_edge(figures):
    """Layout arithmetic: no annotation anywhere (title, what is counted and the source are the title block); the
    legend is anchored at the figure's bottom edge, where plotly.js reserves its height below the axis (the
    browser tests measure the drawn boxes)."""
    for name, fig in figures.items():
        assert not fig.layout.annotations, name
        legend = fig.layout.legend
        assert (legend.yref, legend.y, legend.yanchor, legend.xref, legend.x) == (
            "container",
            0,
            "bottom",
            "container",
            0,
        )
        assert fig.layout.margin.b < 10, name  # a fixed bottom margin would be counted as room for the legend


def test_export_text_is_at_least_18_px_in_the_slide_image(figures):
    config = charts.style.image_config("x")["toImageButtonOptions"]
    assert (config["width"] * config["scale"], config["height"] * config["scale"]) == (1600, 900)
    for name, fig in figures.items():
        layout = fig.layout
        sizes = [layout.font.size, layout.title.font.size, layout.title.subtitle.font.size, layout.legend.font.size]
        sizes += [layout.xaxis.tickfont.size, layout.yaxis.tickfont.size]
        sizes += [a.font.size for a in layout.annotations if a.font.size]
        sizes += [t.textfont.size for t in fig.data if getattr(t, "textfont", None) and t.textfont.size]
        assert min(s for s in sizes if s) * config["scale"] >= 18, name


def test_charts_export_at_16_to_9_unless_their_rows_need_more(figures):
    for name in ("growth", "focus", "covered", "per_goal", "series", "partner_status"):
        options = charts.style.image_config("x", height=charts.style.export_height(figures[name]))[
            "toImageButtonOptions"
        ]
        assert round(options["height"] * options["scale"]) == 900, name
    tall = charts.style.image_config("x", height=charts.style.export_height(figures["goal_years"]))[
        "toImageButtonOptions"
    ]
    assert tall["height"] > charts.style.EXPORT_HEIGHT and tall["scale"] == charts.style.EXPORT_SCALE


def test_coverage_chart_marks_lower_bound_and_projection_in_the_image(figures):
    fig = figures["covered"]
    names = [t.name.replace("<br>", " ") for t in fig.data]
    assert any("Untergrenze" in n for n in names) and any("fortgeschrieben" in n for n in names)
    styles = {t.name.replace("<br>", " "): t.marker for t in fig.data if t.type == "bar"}
    lower = next(m for n, m in styles.items() if "Untergrenze" in n)
    projected = next(m for n, m in styles.items() if "fortgeschrieben" in n)
    observed = next(m for n, m in styles.items() if "Stand des Berichts" in n)
    assert lower.pattern.shape and projected.pattern.shape and not observed.pattern.shape
    subtitle = fig.layout.title.subtitle.text.replace("<br>", " ")
    assert "mindestens einer aktiven Maßnahme" in subtitle and "endet 2023" in subtitle and "2030" in subtitle


def test_goal_year_heatmap_names_its_year_kinds_in_the_legend(figures):
    names = " ".join(t.name.replace("<br>", " ") for t in figures["goal_years"].data if t.type == "scatter")
    assert "Untergrenze" in names and "fortgeschrieben" in names and "Stand des Berichts" in names


def test_goal_labels_are_wrapped_and_only_shortened_when_two_lines_cannot_hold_them(ds):
    for title in ds.goals["title"]:
        label = labels.wrap(title, charts.style.GOAL_LABEL_WRAP, max_lines=charts.style.GOAL_LABEL_LINES)
        full_lines = labels.wrap_lines(title, charts.style.GOAL_LABEL_WRAP)
        assert ("…" in label) == (len(full_lines) > charts.style.GOAL_LABEL_LINES), title
        assert all(part.rstrip(" …") in title for part in label.split("<br>"))  # whole words only


def test_solingen_share_target_and_gap(ds, figures):
    targets = analysis.share_targets(analysis.enrich_staff_shares(ds), ds.benchmarks)
    row = targets[targets["partner_id"] == 14].iloc[0]
    assert (row["share_text"], row["target_percent"], row["gap_points"]) == ("20,15 %", 25.0, -4.85)
    assert labels.format_points(row["gap_points"]) == "−4,85 Prozentpunkte"
    fig = figures["shares"]
    assert any("Ziel 25 %: −4,85 Prozentpunkte" in str(y) for t in fig.data if t.y is not None for y in t.y)
    target = next(t for t in fig.data if t.name == "Zielwert")
    assert target.marker.symbol == "diamond-open"  # hollow: the share and the reference line stay visible inside
    share = next(t for t in fig.data if t.name == "Beschäftigte")
    assert share.marker.size < target.marker.size
    at_edge = [t for t in fig.data if t.x is not None and any(x is not None and x >= 100 for x in t.x)]
    assert at_edge and all(t.cliponaxis is False for t in at_edge)  # the mark at 100 % is drawn whole


def test_verbal_amounts_keep_their_wording_and_say_they_are_plotted_as_numbers(ds, figures):
    targets = analysis.share_targets(analysis.enrich_staff_shares(ds), ds.benchmarks)
    whkt = targets[targets["partner_id"] == 27].iloc[0]
    assert whkt["share_text"] == "„mehr als einem Drittel“ (abgeleitet: 33,3 %)"  # wording first, number marked
    hovers = " ".join(str(h) for t in figures["shares"].data for h in (t.hovertext or []))
    assert "Drittel" in hovers and "gezeichnet" in hovers
    assert any("Wortangabe" in (t.name or "") for t in figures["shares"].data)


def test_abbreviations_are_explained_next_to_the_display_name(ds):
    overview = analysis.partner_overview(ds)
    explained = dict(zip(overview["partner"], overview["partner_label"]))
    assert explained["WHKT"] == "WHKT (Westdeutscher Handwerkskammertag)"
    assert explained["LVdM NRW"].startswith("LVdM NRW (Landesverband der Musikschulen")
    assert explained["LSB NRW"].startswith("LSB NRW (Landessportbund")
    assert explained["PP Dortmund"] == "PP Dortmund (Polizeipräsidium Dortmund)"
    assert explained["Stadt Solingen"] == "Stadt Solingen"  # one display name, no second name beside it


def test_image_download_is_slide_sized_with_a_readable_file_name():
    config = charts.style.image_config("Maßnahmen je Themenschwerpunkt 2026-01-02", "svg")
    options = config["toImageButtonOptions"]
    assert (round(options["width"] * options["scale"]), round(options["height"] * options["scale"])) == (1600, 900)
    assert options["format"] == "svg"
    assert options["filename"] == "massnahmen-je-themenschwerpunkt-2026-01-02"


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 Maßnahmen"), (1, "1 Maßnahme"), (2, "2 Maßnahmen"), (1000, "1.000 Maßnahmen")]
)
def test_counts_read_correctly(n, expected):
    assert labels.count(n, "Maßnahme", "Maßnahmen") == expected


@pytest.mark.parametrize("n", [0, 1, 2])
def test_generated_partner_sentences_for_zero_one_and_two(ds, n):
    overview = analysis.partner_overview(ds)
    partner = overview.set_index("partner_id").loc[14]
    measures = analysis.enrich_partner_measures(ds)
    own = measures[measures["partner_id"] == 14].head(n)
    targets = analysis.share_targets(analysis.enrich_staff_shares(ds), ds.benchmarks)
    own_targets = pd.concat([targets[targets["partner_id"] == 14]] * n) if n else targets.iloc[0:0]
    text = " ".join(facts.partner_facts(partner, own, own_targets))
    if n == 0:
        assert "keinen eigenen Eintrag" in text and "nennt keine Quelle eine Zahl" in text
    elif n == 1:
        assert "1 Maßnahme in 1 Themenschwerpunkt." in text and "1 Anteilsangabe " in text
    else:
        assert "2 Maßnahmen in" in text and "2 Anteilsangaben " in text
    assert "20,15 % gegenüber dem Zielwert 25 %, Abstand −4,85 Prozentpunkte" in text or n == 0


@pytest.mark.parametrize("n", [0, 1, 2])
def test_budget_sentence_counts(n):
    assert labels.count(n, "Betrag", "Beträge") == {0: "0 Beträge", 1: "1 Betrag", 2: "2 Beträge"}[n]


def test_budget_chart_draws_only_amounts_of_a_named_year_never_summed(ds, figures):
    """Amounts of different kinds (annual rates, totals, per commune, maxima) are not drawn beside the amounts of
    a named year; those are grouped by year, one bar per stated amount, each with the source's figure."""
    fig = figures["budgets"]
    dated = ds.strategy_budgets.dropna(subset=["year"]).drop_duplicates(["measure_id", "year"])
    drawn = sorted(round(v * 1_000_000) for trace in fig.data for v in trace.x)
    assert drawn == sorted(round(v) for v in dated["amount_eur"])
    assert len(fig.data) == 1 and len(fig.data[0].y) == len(dated)  # one bar per amount and year, nothing stacked
    assert "432,8 Mio. Euro" in [text for trace in fig.data for text in trace.text]
    assert "nicht addiert" in fig.layout.meta["subtitle"]


def test_budget_rows_are_named_by_the_amount_and_name_a_running_number_only_to_tell_two_measures_apart(ds):
    """The report numbers no measures: a bar is named by what its amount covers and its year; only where amounts
    of two measures share a name does the dashboard's running number, labelled as such, tell them apart."""
    budgets = analysis.budgets(ds.strategy_budgets, analysis.enrich_strategy_measures(ds), ds.goals)
    shown = [str(y).replace("<br>", " ") for y in charts.budget_year_chart(budgets, "Quelle").data[0].y]
    assert shown and not [row for row in shown if re.search(r"\bM-\d{3}\b", row)]
    first, other = budgets.dropna(subset=["year"]).drop_duplicates("measure_id").iloc[:2].itertuples()
    twins = budgets[budgets["measure_id"].isin([first.measure_id, other.measure_id])].assign(label="Landesmittel")
    rows = [str(y).replace("<br>", " ") for y in charts.budget_year_chart(twins, "Quelle").data[0].y]
    assert {m for m in (first.measure_id, other.measure_id) if any(f"(Lfd. Nr. {m})" in row for row in rows)} == {
        first.measure_id,
        other.measure_id,
    }
    assert len(set(rows)) == len(rows)


def test_share_chart_has_a_row_for_each_figure_with_a_share_and_none_for_a_count_without(ds, figures):
    """The chart's rows are the figures the facts count (with a share); a statement without a share (a count such
    as "niemand … eingestellt") has no empty row in the chart."""
    shares = analysis.enrich_staff_shares(ds)
    rows = {y for trace in figures["shares"].data if trace.y is not None for y in trace.y if y}
    assert len(rows) == shares["share_percent"].notna().sum() < len(shares)
    assert not any("LVdM" in row for row in rows)
