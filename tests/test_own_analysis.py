"""The page „Eigene Auswertung“ (issue #20): its model (every choice, the filters that act, views, notes), drawn by
the renderer from a link (AppTest), and in Chromium: the choices made in the widgets stand in the address bar, a
fresh browser opening that address shows the same analysis, and the Excel download holds exactly its table."""

from __future__ import annotations

import io
import itertools
import json
import re
import urllib.parse
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from browser_support import new_context, open_combobox, open_page, run_number, wait_for_view
from conftest import REPO, shipped_model, show_tables
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest
from test_crosstab import STRATEGY_FILTER, rows_of

from ikoe_data import analysis, deck, pages
from ikoe_data.analysis import DIMENSIONS, SUBJECTS, Views
from ikoe_data.filters import Filters
from ikoe_data.pages import model as m
from ikoe_data.pages import own_analysis as page

TOTAL = "Insgesamt"


@pytest.fixture(scope="module")
def views(ds) -> Views:
    return Views.of(ds)


@pytest.fixture
def build(ds, views):
    edition = m.Edition(ds.edition, ds.edition_label)

    def _build(filters: Filters | None = None, **choices: Any) -> m.PageModel:
        given = m.PageInput(ds, views, filters or Filters(), choices, edition, (edition,), lambda _: ds)
        return page.build(given)

    return _build


def choices_of(model: m.PageModel) -> dict[str, Any]:
    return {block.key: block.value for block in model.blocks if isinstance(block, m.Choice)}


def choice(model: m.PageModel, key: str) -> m.Choice:
    return next(block for block in model.blocks if isinstance(block, m.Choice) and block.key == key)


# --------------------------------------------------------------------------- the model


def test_the_page_opens_on_regierungsbezirk_by_focus_area_counted_from_the_csv_files(build):
    model = build()
    assert choices_of(model) == {"zaehlen": "partner_measures", "zeilen": "regierungsbezirk", "spalten": "focus_area"}
    view = model.view("crosstab")
    district = {p["partner_id"]: p["regierungsbezirk"] for p in rows_of("partners")}
    focus = {f["focus_area"]: f["short_label"] for f in rows_of("focus_areas")}
    counted = Counter((district[r["partner_id"]], focus[r["focus_area"]]) for r in rows_of("partner_measures"))
    body = view.table.set_index("Regierungsbezirk").drop(index=TOTAL).drop(columns=TOTAL)
    assert {cell: n for cell, n in body.stack().items() if n} == dict(counted)
    assert view.selection == f"Alle Partner · n = {sum(counted.values())} Partnermaßnahmen"
    assert view.figure is not None and view.figure.layout.meta["selection"] == view.selection
    assert deck.slide_kind(json.loads(view.figure.to_json())) == "stacked_bar"  # a native chart on a slide
    percent = model.view("percent").table.set_index("Regierungsbezirk")
    assert percent.loc[TOTAL].eq(100).all() and not model.view("percent").chart
    assert any(isinstance(b, m.Notice) and "keine Jahre" in b.markdown for b in model.blocks)


def test_every_choice_is_read_from_the_label_a_link_holds(ds, views, build):
    """Streamlit's binding writes each option's label into the link: every label of every choice opens it."""
    for subject in SUBJECTS.values():
        for rows, columns in [(d, None) for d in subject.dimensions] + list(
            itertools.permutations(subject.dimensions, 2)
        )[:6]:
            labels = {
                "zaehlen": subject.label,
                "zeilen": DIMENSIONS[rows].label,
                "spalten": DIMENSIONS[columns].label if columns else "keine (Liste)",
            }
            model = build(**labels)
            chosen = choices_of(model)
            assert (chosen["zaehlen"], chosen["zeilen"], chosen["spalten"]) == (subject.key, rows, columns or "")
            expected = analysis.crosstab(ds, views, Filters(), subject.key, rows, columns).table
            pd.testing.assert_frame_equal(model.view("crosstab").table, expected)
            for key, label in labels.items():  # the widget shows the label the link holds
                shown = choice(model, key)
                assert shown.labels[shown.value] == label


@pytest.mark.parametrize("subject", [s for s in SUBJECTS if SUBJECTS[s].compare_dimensions])
def test_every_comparison_choice_is_read_from_its_label(ds, views, build, subject):
    spec = SUBJECTS[subject]
    years = analysis.year_choice(ds, views, subject)
    for by in (None, *spec.compare_dimensions):
        model = build(
            zaehlen=spec.label,
            jahr_a=str(years.years[1]),
            jahr_b=str(years.years[-2]),
            vergleich_nach=DIMENSIONS[by].label if by else "insgesamt",
        )
        assert (choice(model, "jahr_a").value, choice(model, "jahr_b").value) == (years.years[1], years.years[-2])
        assert choice(model, "vergleich_nach").value == (by or "")
        expected = analysis.compare_years(ds, views, Filters(), subject, years.years[1], years.years[-2], by)
        pd.testing.assert_frame_equal(model.view("years").table, expected.table)
        totals = expected.totals
        assert f"{years.years[1]} {totals[0]}, {years.years[-2]} {totals[1]}" in " ".join(model.facts)


def test_goals_2019_and_2021_on_the_page_are_the_coverage_charts_values(build):
    model = build(zaehlen="Handlungsziele mit Maßnahmen", jahr_a="2019", jahr_b="2021", vergleich_nach="insgesamt")
    table = model.view("years").table
    coverage = shipped_model("goals").view("covered").table.set_index("Jahr")  # the goals page's coverage table
    assert table.loc[0, "2019"] == coverage.loc[2019].iloc[0] and table.loc[0, "2021"] == coverage.loc[2021].iloc[0]


@pytest.mark.parametrize("subject", list(SUBJECTS))
def test_a_link_without_a_choice_opens_its_default_which_the_widget_lists_first(build, subject):
    """A bound widget leaves its default out of the link; opening such a link must give the same default."""
    model = build(zaehlen=SUBJECTS[subject].label)
    assert choice(build(), "zaehlen").options[0] == choice(build(), "zaehlen").value  # Partnermaßnahmen
    for block in model.blocks:
        if not isinstance(block, m.Choice) or block.key == "zaehlen":
            continue
        if block.link == "label":
            assert block.options[0] == block.value, block.key
        else:  # the years stand in the link always
            assert block.link == "value" and block.key in pages.page("own_analysis").link_first


def test_an_invalid_choice_falls_back_to_a_default_not_an_error(build):
    model = build(zaehlen="Beträge", zeilen="Ressort", spalten="Ressort", jahr_a="1800")
    assert choices_of(model) == {"zaehlen": "partner_measures", "zeilen": "regierungsbezirk", "spalten": "focus_area"}
    strategy = build(zaehlen="Strategiemaßnahmen", zeilen="Ressort", spalten="Ressort", jahr_a="1800", jahr_b="2021")
    values = choices_of(strategy)
    assert values["spalten"] not in ("", "ressort") and values["jahr_a"] != 1800
    same = build(zaehlen="Partner", jahr_a="2015", jahr_b="2015")
    assert any(isinstance(b, m.Notice) and "zwei verschiedene Jahre" in b.markdown for b in same.blocks)


def test_only_the_filters_that_act_on_the_counted_data_narrow_it_and_the_page_says_which_do_not(build):
    partner_filter = Filters(regierungsbezirke=("Köln",))
    everything, koeln = build(), build(partner_filter)
    n = lambda model: int(model.view("crosstab").table.iloc[-1][TOTAL])  # noqa: E731
    assert n(koeln) < n(everything)
    assert koeln.view("crosstab").selection.startswith("Auswahl: Regierungsbezirk Köln · n = ")
    with_strategy = build(Filters(regierungsbezirke=("Köln",), ressorts=("MSB",)))
    assert n(with_strategy) == n(koeln)  # a Ressort does not narrow partner measures …
    (notice,) = [b.markdown for b in with_strategy.blocks if isinstance(b, m.Notice) and "wirken" in b.markdown]
    assert "Ressort: MSB" in notice  # … and the page says so
    strategy = build(STRATEGY_FILTER, zaehlen="Strategiemaßnahmen", zeilen="Ressort", spalten="keine (Liste)")
    assert "Zieldimension" in strategy.view("crosstab").selection and not [
        b for b in strategy.blocks if isinstance(b, m.Notice) and "wirken" in b.markdown
    ]


# --------------------------------------------------------------------------- AppTest: drawn from a link


@pytest.fixture
def _as_shipped(store):
    """No imported editions and no steward token: the dashboard as shipped."""


LINKS = [
    {"zaehlen": "Partnermaßnahmen", "zeilen": "Regierungsbezirk", "spalten": "Themenschwerpunkt"},
    {
        "zaehlen": "Handlungsziele mit Maßnahmen",
        "zeilen": "Ressort",
        "spalten": "Jahr",
        "jahr_a": "2018",
        "jahr_b": "2022",
        "vergleich_nach": "Zielgruppe",
    },
    {
        "zaehlen": "Partner",
        "zeilen": "Partnergruppe",
        "spalten": "keine (Liste)",
        "jahr_a": "2014",
        "jahr_b": "2017",
        "vergleich_nach": "Art des Partners",
    },
]


@pytest.mark.usefixtures("_as_shipped")
@pytest.mark.parametrize("link", LINKS, ids=lambda link: link["zaehlen"])
def test_a_link_opens_the_analysis_it_names(link):
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/own_analysis.py")
    for key, value in link.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    model = shipped_model("own_analysis", **link)
    shown = {box.key: box.value for box in app.selectbox if box.key in page.CHOICES}
    assert shown == choices_of(model)
    for key, value in link.items():  # the widgets show what the link says
        assert choice(model, key).labels[shown[key]] == value
    assert len(app.get("plotly_chart")) == sum(1 for v in model.views() if v.figure is not None)
    tables = [frame.value for frame in show_tables(app).dataframe]
    for view in model.views():
        assert any(t.equals(view.table) for t in tables), view.key


@pytest.mark.usefixtures("_as_shipped")
def test_the_percent_tables_show_one_decimal_in_every_cell():
    """Shares the page computes read alike: „43,0“ beside „16,2“, „100,0“ and „0,0“ (not „43“ beside „16,2“), in
    the cross table's shares and in a list's „Anteil (%)“; a column without a total shows „–“."""
    for link in ({}, {page.COLUMNS_KEY: page.NONE}):
        app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
        app.run()
        app.switch_page("app_pages/own_analysis.py")
        for key, value in link.items():
            app.query_params[key] = value
        app.run()
        shown = []
        for frame in show_tables(app).dataframe:
            styled = frame.proto.arrow_data.styler
            if styled.display_values:
                values = convert_arrow_bytes_to_pandas_df(styled.display_values)
                shown += [str(v) for c in values.columns if str(c).endswith("(%)") for v in values[c]]
        assert shown and all(re.fullmatch(r"\d{1,3},\d|–", value) for value in shown), shown
        assert {"100,0", "0,0"} <= set(shown), shown


@pytest.mark.usefixtures("_as_shipped")
def test_changing_what_is_counted_keeps_the_other_choices_valid():
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/own_analysis.py").run()
    app.selectbox(key="zaehlen").set_value("goals").run()
    assert not app.exception, [e.value for e in app.exception]
    assert app.selectbox(key="zeilen").value in SUBJECTS["goals"].dimensions
    assert app.selectbox(key="spalten").value in ("", *SUBJECTS["goals"].dimensions)
    app.selectbox(key="zeilen").set_value("ressort").run()
    app.selectbox(key="spalten").set_value("year").run()
    table = show_tables(app).dataframe[0].value
    assert list(table.columns[:2]) == ["Ressort", "2010"] and table.iloc[-1, 0] == TOTAL


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture
def server(shipped_server):
    return shipped_server


def pick(tab, label: str, option: str) -> None:
    before = run_number(tab)
    open_combobox(tab, label)
    tab.keyboard.type(option)  # the list shows only some options at once: narrow it to the one wanted
    tab.get_by_role("option", name=option, exact=True).click()
    wait_for_view(tab, before)


KEYS = ("zaehlen", "zeilen", "spalten", "jahr_a", "jahr_b", "vergleich_nach")  # in the order of `picks` below


def shown_choices(tab) -> dict[str, str]:
    return {
        label: tab.get_by_role("combobox", name=label).input_value()
        for label in ("Was wird gezählt?", "Zeilen", "Spalten", "Jahr A", "Jahr B", "Aufgeteilt nach")
    }


@pytest.mark.browser
def test_every_choice_made_in_the_widgets_is_in_the_link_and_reopens_in_a_fresh_browser(browser, server):
    picks = [  # none of them the default, so each must stand in the link
        ("Was wird gezählt?", "Strategiemaßnahmen"),
        ("Zeilen", "Ressort"),
        ("Spalten", "Zielgruppe"),
        ("Jahr A", "2018"),
        ("Jahr B", "2022"),
        ("Aufgeteilt nach", "Umsetzungsstand"),
    ]
    with new_context(browser, viewport={"width": 1440, "height": 2400}, locale="de-DE", accept_downloads=True) as ctx:
        tab = ctx.new_page()
        open_page(tab, server, "auswertung", page.TITLE, 1)
        for label, option in picks:
            pick(tab, label, option)
        link = tab.url
        chosen = shown_choices(tab)
        with tab.expect_download(timeout=60_000) as caught:
            tab.get_by_role("button", name="Excel herunterladen").first.click()
        workbook = openpyxl.load_workbook(io.BytesIO(Path(caught.value.path()).read_bytes()))
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert {key: params.get(key) for key in page.CHOICES} == {key: [option] for key, (_, option) in zip(KEYS, picks)}
    expected = shipped_model("own_analysis", **{k: v[0] for k, v in params.items() if k in page.CHOICES})
    table = expected.view("crosstab").table
    rows = list(workbook["Daten"].iter_rows(values_only=True))
    assert list(rows[0]) == list(table.columns) and [list(r) for r in rows[1:]] == table.to_numpy().tolist()
    info = dict(workbook["Info"].iter_rows(values_only=True))
    assert info["Link zur Ansicht"].endswith(urllib.parse.urlsplit(link).query)

    with new_context(browser, viewport={"width": 1440, "height": 2400}, locale="de-DE") as ctx:
        fresh = ctx.new_page()
        fresh.goto(link)
        wait_for_view(fresh)
        assert shown_choices(fresh) == chosen == dict(picks)


def test_a_deck_slide_of_the_cross_table_is_a_native_chart_with_the_tables_numbers(build):
    from pptx import Presentation
    from pptx.enum.chart import XL_CHART_TYPE

    view = build().view("crosstab")
    assert view.figure is not None
    slide = deck.make_slide(
        figure=view.figure,
        table=view.table,
        page="Eigene Auswertung",
        facts=[],
        definitions=[],
        sources=[],
        source=view.credit,
        selection=view.selection,
        scope="",
        edition="",
    )
    shown = Presentation(io.BytesIO(deck.build_pptx([slide])))
    (chart,) = [shape.chart for shape in shown.slides[1].shapes if shape.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    body = view.table.set_index("Regierungsbezirk").drop(index=TOTAL).drop(columns=TOTAL)
    categories = list(chart.plots[0].categories)
    for series in chart.plots[0].series:
        assert dict(zip(categories, series.values)) == body[series.name].astype(float).to_dict()
