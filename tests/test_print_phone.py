"""Print and phone without a browser: the wording of the filter notice and of the data status, the Info sheet's
notice, the page frame's print measures and texts, and the staff-share chart's value labels (issue #23). The
browser checks are in tests/test_browser_print_phone.py."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
from chart_gallery import SOURCE

from ikoe_data import analysis, charts, export, labels, selection
from ikoe_data.filters import Filters
from ikoe_ui import a11y


def test_filter_notice_names_every_filter_as_the_sidebar_does_and_is_empty_without():
    filters = Filters(partner_types=("Kommune",), regierungsbezirke=("Köln", "Münster"), focus_areas=(1,))
    notice = selection.filter_notice(filters, {1: "Interkulturelle Personalentwicklung"})
    assert notice == (
        "Gefiltert nach Art des Partners: Kommune · Regierungsbezirk: Köln, Münster · "
        "Themenschwerpunkt: Interkulturelle Personalentwicklung"
    )
    assert selection.filter_notice(Filters()) == ""


def test_data_status_names_the_current_report_of_each_role_and_the_edition(ds):
    status = selection.data_status(ds)
    for role in selection.REPORT_ROLES:
        doc = ds.current_source(role)
        assert f"{ds.short_title(doc)}, {ds.status_label(doc)}" in status
    assert status.startswith("Datenstand: ") and status.endswith(f"({ds.edition_label})")


def test_the_info_sheet_states_the_notice_first_where_filters_apply():
    about = export.About(
        title="T", selection="Auswahl: Art: Kommune", notice="Gefiltert nach Art des Partners: Kommune"
    )
    rows = export.info_rows(about, dt.datetime(2026, 1, 2, 3, 4), 3)
    assert rows[:3] == [
        ("Inhalt", "T"),
        ("Wichtig", "Gefiltert nach Art des Partners: Kommune"),
        ("Auswahl", "Auswahl: Art: Kommune"),
    ]
    plain = export.info_rows(export.About(title="T", selection="Alle Partner"), dt.datetime(2026, 1, 2), 3)
    assert "Wichtig" not in [label for label, _ in plain]


def test_the_page_frame_gets_the_print_and_phone_measures_and_the_german_select_all():
    assert f"margin: {a11y.PRINT_MARGIN_MM}mm" in a11y.styles()
    body = a11y.script_body()
    assert f"PRINT_WIDTH = {a11y.PRINT_WIDTH}," in body
    assert '"Select all": "Alle auswählen"' in body
    # st.html passes the script through DOMPurify, which silently drops an element whose text has "<" before a
    # letter or "/" (its guard against markup hidden in text): the whole page frame would be gone
    assert not re.search(r"<[/\w]", body)


def test_every_reported_share_carries_its_value_as_the_source_states_it(ds):
    shares = analysis.enrich_staff_shares(ds)
    targets = analysis.share_targets(shares, ds.benchmarks)
    fig = charts.share_target_chart(targets, analysis.population_benchmarks(ds), SOURCE)
    marks = [t for t in fig.data if t.legendgroup == "shares" and t.mode == "markers+text"]
    shown = sorted((float(x), text) for t in marks for x, text in zip(t.x, t.customdata))
    drawn = targets[targets["share_percent"].notna()]
    expected = sorted(
        (float(r.share_percent), f"≈ {labels.format_share(r.share_percent, None)}" if r.derived else r.share_text)
        for r in drawn.itertuples()
    )
    assert shown == expected
    assert any(text == "knapp 13 %" for _, text in shown)  # the qualifier as the source states it
    for t in marks:  # a value near 100 % stands left of its mark, so that it stays inside the figure
        assert [p for x, p in zip(t.x, t.textposition) if x > 85] == ["top left" for x in t.x if x > 85]
        assert set(t.textposition) <= {"top left", "top center"}


def test_share_labels_say_a_verbal_amount_is_the_number_drawn():
    table = pd.DataFrame(
        {
            "partner": ["Kreis A"],
            "partner_label": ["Kreis A"],
            "share_percent": [33.3],
            "share_percent_upper": [None],
            "share_text": ["„rund ein Drittel“ (abgeleitet: 33,3 %)"],
            "derived": [True],
            "basis": ["trainees"],
            "basis_label": ["Auszubildende"],
            "basis_detail": ["Auszubildende"],
            "method_label": ["Befragung"],
            "year": [2019],
            "target_percent": [None],
            "target_year": [None],
            "gap_points": [None],
            "population_percent": [None],
            "population_text": [None],
            "source_doc": ["x"],
            "source_line": [1],
        }
    )
    fig = charts.share_target_chart(table, pd.DataFrame(columns=["value", "source_doc", "scope"]), SOURCE)
    assert list(fig.data[0].customdata) == ["≈ 33,3 %"]


def test_simple_bars_carry_their_numbers(ds):
    strategy = analysis.enrich_strategy_measures(ds)
    counts = analysis.zielgruppen_counts(strategy, ds.zielgruppen)
    bars = charts.horizontal_bar_chart(counts, "zielgruppe", "n_measures", "T", SOURCE, "Maßnahmen (Anzahl)")
    assert list(bars.data[0].text) == [labels.format_number(int(n)) for n in counts["n_measures"]]
    assert bars.layout.xaxis.range[1] > counts["n_measures"].max() * 1.1  # room for the number beyond the bar
    rule = analysis.ActivityRule.of(ds)
    active = analysis.active_period(strategy, rule)
    covered = analysis.goals_covered_per_year(
        analysis.goal_year_grid(active, ds.goals, analysis.coverage_years(active, rule))
    )
    fig = charts.goals_covered_chart(covered, len(ds.goals), rule.report_year, SOURCE)
    drawn = {int(x): text for t in fig.data if t.type == "bar" for x, text in zip(t.x, t.text)}
    assert drawn == {int(r.year): labels.format_number(int(r.goals_covered)) for r in covered.itertuples()}
