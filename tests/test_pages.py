"""Every page through Streamlit's AppTest: renders without exception, shows its charts and tables, reacts to
filters and to filters in the URL."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re

import pandas as pd
import plotly.io
import pytest
from conftest import REPO, each_section, open_section, shipped_model, show_tables
from streamlit.testing.v1 import AppTest

from ikoe_data import charts, pages
from ikoe_data.pages import model as m
from ikoe_ui import a11y, layout

# every page the registry draws from a model (the tool pages have tests of their own)
PAGES = [spec.script for spec in pages.PAGES if spec.build is not None]


@pytest.fixture(autouse=True)
def _as_shipped(store):
    """No imported editions and no steward token: the dashboard as shipped."""


def open_page(page: str, query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    if page != "app_pages/overview.py":
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def facts_text(app: AppTest) -> str:
    return " ".join(m.value for m in app.markdown if "- " in m.value)


def first_number(text: str) -> int:
    match = re.search(r"\d[\d.]*", text)
    assert match is not None, text
    return int(match.group().replace(".", ""))


@pytest.mark.parametrize("page", PAGES)
def test_page_draws_its_model(page):
    """The renderer draws every part of the page's model: title, facts, each chart, each table, the sources and
    "Was Sie wissen müssen" (the model's content itself: tests/test_page_models.py); on a page with section tabs,
    each section when it is opened, and only that one."""
    app = open_page(page)
    spec = next(spec for spec in pages.PAGES if spec.script == page)
    model = shipped_model(spec.key)
    assert [t.value for t in app.title] == [model.title]
    assert model.facts[0][:20] in facts_text(app)
    if model.definitions:
        assert [e.label for e in app.expander][-1] == "Was Sie wissen müssen"
    drawn = []
    for views in each_section(app, model):
        # each chart as its figure serialises (the renderer hands Streamlit a kept figure's data made once)
        sent = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
        assert sent == [json.loads(plotly.io.to_json(v.figure)) for v in views if v.figure is not None]
        # a chart's table is drawn only when its "Tabelle" tab is chosen; tables without a chart always
        alone = sum(1 for v in views if not v.chart and v.show_table)
        assert len(app.dataframe) == alone
        assert not app.error
        assert not views or any(c.value.startswith("Quelle") for c in app.caption)
        if any(v.chart for v in views):
            show_tables(app)
            assert not app.get("plotly_chart")  # the closed "Diagramm" tabs are not drawn either
            assert len(app.dataframe) == alone + sum(1 for v in views if v.chart)
        shown = [(list(frame.value.columns), len(frame.value)) for frame in app.dataframe]
        for view in views:
            if view.chart or view.show_table:  # each table with its columns (a long one: its first rows)
                assert (list(view.table.columns), min(len(view.table), layout.SHOWN_ROWS)) in shown, view.key
        drawn += [view.key for view in views]
    assert drawn == [view.key for view in model.views()]  # every view in some section


def test_a_page_with_section_tabs_draws_only_the_open_section_and_links_to_it():
    """Handlungsziele opens on its first section; another section opened by a click or by its link shows that
    section's charts only, and the section is part of the view's link."""
    model = shipped_model("goals")
    head, sections = model.sections()
    assert [text for text, _ in sections][:2] == ["Abdeckung im Zeitverlauf", "Maßnahmen je Handlungsziel"]
    assert head and not any(isinstance(block, m.View) for block in head)

    def titles(app) -> list[str]:
        return [json.loads(chart.proto.spec)["layout"]["meta"]["title"] for chart in app.get("plotly_chart")]

    def section_titles(text: str) -> list[str]:
        blocks = dict(sections)[text]
        return [b.figure.layout.meta["title"] for b in blocks if isinstance(b, m.View) and b.figure is not None]

    app = open_page("app_pages/goals.py")
    assert [t.label for t in app.tabs if t.label not in ("Diagramm", "Tabelle")] == [
        *(text for text, _ in sections),
        layout.ALL_SECTIONS,
    ]
    assert titles(app) == section_titles("Abdeckung im Zeitverlauf")
    open_section(app, "Zielgruppen")
    assert titles(app) == section_titles("Zielgruppen") == ["Maßnahmen je Zielgruppe"]
    linked = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    linked.switch_page("app_pages/goals.py")
    linked.query_params[layout.SECTION_KEY] = "Ressorts × Handlungsziele"  # the page opened through a link
    linked.run()
    assert titles(linked) == section_titles("Ressorts × Handlungsziele") == ["Maßnahmen je Handlungsziel und Ressort"]
    assert f'.st-key-{layout.SECTION_KEY} [role="tablist"] {{ flex-wrap: wrap;' in a11y.CSS  # rows, not sideways
    # the last tab shows the whole page, each section under its heading (to read through and to print)
    everything = open_section(open_page("app_pages/goals.py"), layout.ALL_SECTIONS)
    assert titles(everything) == [title for text, _ in sections for title in section_titles(text)]
    headers = [h.value for h in everything.header]
    assert [text for text, _ in sections] == [h for h in headers if h in dict(sections)]


def test_a_long_table_shows_its_first_rows_until_the_analyst_asks_for_all():
    app = open_section(open_page("app_pages/measures.py"), "Alle Maßnahmen")
    everything = len(shipped_model("measures").view("drill").table)
    assert everything > layout.SHOWN_ROWS
    assert len(app.dataframe[-1].value) == layout.SHOWN_ROWS
    shown = f"Angezeigt werden die ersten {layout.SHOWN_ROWS} von {everything} Zeilen"
    assert any(c.value.startswith(shown) for c in app.caption)
    app.toggle(key="drill_alle").set_value(True).run()
    assert len(app.dataframe[-1].value) == everything
    assert not any(c.value.startswith("Angezeigt werden") for c in app.caption)


def test_a_kept_figure_is_sent_as_its_data_made_once_and_forgotten_with_it():
    fig = charts.style.figure([{"type": "bar", "x": ["a"], "y": [2]}], "Titel", "Quelle")
    sent = layout.sent_figure(fig)
    assert layout.sent_figure(fig) is sent and sent.to_dict() == fig.to_dict()
    other = charts.style.figure([{"type": "bar", "x": ["b"], "y": [3]}], "Titel", "Quelle")
    assert layout.sent_figure(other).to_dict() == other.to_dict() != sent.to_dict()
    key = id(fig)
    del fig
    gc.collect()
    assert key not in layout._SENT


def test_overview_numbers_follow_the_partner_type_filter():
    app = open_page("app_pages/overview.py")
    assert app.metric[0].value == "32"
    before = facts_text(app)
    app.sidebar.multiselect(key="art").set_value(["Jobcenter"]).run()
    assert app.metric[0].value == "3"
    assert facts_text(app) != before and "3 Partner" in facts_text(app)
    assert app.sidebar.multiselect(key="art").value == ["Jobcenter"]  # the URL follows in the browser test


def test_partner_profile_shows_measures_shares_and_conflicts():
    app = show_tables(open_page("app_pages/partners.py"))
    app.selectbox(key="partner").set_value(17).run()
    assert any("13.04.2015" in w.value for w in app.warning)  # the web page's date, shown as a conflict
    profile_measures = app.dataframe[1].value
    assert len(profile_measures) > 0
    app.selectbox(key="partner").set_value(25).run()
    assert any("keinen eigenen Eintrag" in i.value for i in app.info)


def test_partner_page_shows_solingen_with_target_and_gap():
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/partner_page.py")
    app.query_params["id"] = "14"
    show_tables(app.run())
    assert [h.value for h in app.header] == ["Stadt Solingen"]
    assert "20,15 % gegenüber dem Zielwert 25 %, Abstand −4,85 Prozentpunkte" in facts_text(app)
    shares = next(d.value for d in app.dataframe if "Zielwert (%)" in d.value.columns)
    assert shares.iloc[0]["Abstand zum Zielwert (Prozentpunkte)"] == -4.85
    sources = next(d.value for d in app.dataframe if "Angabe" in d.value.columns)
    assert {"Beitrittsdatum", "Name"} <= set(sources["Angabe"]) and sources["Fundstelle"].str.len().gt(0).all()
    assert any("Klingenstadt Solingen" in w.value for w in app.warning)  # the known name conflict is shown


def hit_titles(app: AppTest) -> list[str]:
    """The titles of the hits the search page lists: the bold lines in the page's main part (the sidebar's
    section names and the facts box's heading are none)."""
    main = [t for t in app.main.markdown if t.value.startswith("**")]
    return [t.value for t in main if t.value != "**Das Wichtigste in Kürze**"]


def test_search_finds_terms_and_keeps_them_in_the_url():
    app = open_page("app_pages/search.py")
    assert not app.dataframe  # a list of hits, no wide table
    assert len(hit_titles(app)) == 20 and app.button(key="treffer_mehr_button").label.startswith("Weitere Treffer")
    app.text_input(key="q").set_value("Moschee").run()
    titles = hit_titles(app)
    assert 0 < len(titles) < 20 and all(":orange-background[" in t for t in titles[:3])
    assert any("Fundstelle: " in c.value for c in app.caption)
    linked = open_page("app_pages/search.py", query={"q": "Moschee", "nur_art": "partner"})
    assert linked.text_input(key="q").value == "Moschee" and linked.multiselect(key="nur_art").value == ["partner"]
    assert 0 < len(hit_titles(linked)) <= len(titles)
    linked.multiselect(key="nur_art").set_value([]).run()
    assert "nur_art" not in linked.query_params and len(hit_titles(linked)) == len(titles)
    app.text_input(key="q").set_value("   ").run()  # only spaces: no query, the line says so
    assert any("(ohne Suchbegriff: alle Maßnahmen)" in str(m.value) for m in app.markdown)
    app.button(key="treffer_mehr_button").click().run()
    assert len(hit_titles(app)) == 40


def test_filters_come_from_the_url_and_survive_page_switches():
    app = show_tables(open_page("app_pages/partners.py", query={"art": "Kreis", "rb": "Köln"}))
    assert set(app.dataframe[0].value["Art des Partners"]) == {"Kreis"}
    assert len(app.dataframe[0].value) == 1  # Rhein-Sieg-Kreis
    open_section(app.switch_page("app_pages/measures.py").run(), "Alle Maßnahmen")
    assert set(app.dataframe[-1].value["Partner"]) == {"Rhein-Sieg-Kreis"}
    assert app.query_params["art"] == "Kreis"


def test_links_of_the_earlier_format_still_open_their_view():
    app = show_tables(open_page("app_pages/partners.py", query={"art": "Kreis,Kommune", "rb": "Köln", "von": "2015"}))
    assert app.sidebar.multiselect(key="art").value == ["Kreis", "Kommune"]
    assert app.sidebar.multiselect(key="rb").value == ["Köln"]
    assert app.sidebar.slider(key="beitritt").value == (2015, 2020)
    table = app.dataframe[0].value
    assert set(table["Art des Partners"]) <= {"Kreis", "Kommune"} and set(table["Regierungsbezirk"]) == {"Köln"}
    assert (table["Beitrittsjahr"] >= 2015).all()
    measures = open_section(open_page("app_pages/measures.py", query={"ts": "6", "art": "Kommune"}), "Alle Maßnahmen")
    assert measures.sidebar.multiselect(key="ts").value == [6]
    assert measures.query_params["ts"] == "6 – Weitere Maßnahmen"  # the address bar shows today's format
    assert app.query_params["beitritt"] == ["2015", "2020"] and "von" not in app.query_params
    assert set(measures.dataframe[-1].value["Themenschwerpunkt"]) == {"Weitere Maßnahmen"}


def test_the_sidebar_shows_exactly_the_filter_groups_a_page_applies():
    app = open_page("app_pages/overview.py", query={"art": "Kreis", "zd": "II"})
    assert {m.key for m in app.sidebar.multiselect} == {"art", "rb", "ts", "zd", "ressort"}
    app.switch_page("app_pages/goals.py").run()
    assert {m.key for m in app.sidebar.multiselect} == {"zd", "ressort"}
    assert app.sidebar.multiselect(key="zd").value == ["II"]
    app.switch_page("app_pages/staff_shares.py").run()
    assert {m.key for m in app.sidebar.multiselect} == {"art", "rb"}
    assert app.sidebar.multiselect(key="art").value == ["Kreis"]
    app.switch_page("app_pages/methodology.py").run()
    assert not app.sidebar.multiselect
    app.switch_page("app_pages/search.py").run()
    assert app.sidebar.multiselect(key="art").value == ["Kreis"] and app.sidebar.multiselect(key="zd").value == ["II"]
    # interacting on the start page reruns the entry point too (its sidebar stays)
    app.switch_page("app_pages/overview.py").run()
    app.sidebar.multiselect(key="rb").set_value(["Köln"]).run()
    assert app.sidebar.multiselect(key="art").value == ["Kreis"] and app.metric[0].value == "1"


def test_reset_clears_every_shared_filter_also_those_the_page_does_not_show():
    app = open_page("app_pages/overview.py", query={"art": "Kreis", "zd": "II"})
    app.switch_page("app_pages/staff_shares.py").run()
    next(b for b in app.sidebar.button if b.label == "Filter zurücksetzen").click().run()
    assert app.sidebar.multiselect(key="art").value == []
    app.switch_page("app_pages/goals.py").run()
    assert app.sidebar.multiselect(key="zd").value == []
    assert not any(b.label == "Filter zurücksetzen" for b in app.sidebar.button)


def test_a_kept_filter_value_the_data_no_longer_offers_is_dropped_not_failing():
    app = open_page("app_pages/partners.py", query={"art": "Kreis"})
    app.session_state["art"] = ["Kreis", "Raumstation"]  # as if another edition had offered it (Streamlit drops it)
    app.session_state["beitritt"] = (1990, 2020)
    app.run()
    assert not app.exception and not app.error
    assert app.sidebar.multiselect(key="art").value == ["Kreis"]
    assert app.sidebar.slider(key="beitritt").value == (2012, 2020)


def test_unknown_url_values_are_ignored():
    app = show_tables(open_page("app_pages/partners.py", query={"art": "Geheimdienst", "von": "abc"}))
    assert len(app.dataframe[0].value) == 32


def test_data_maintenance_is_hidden_without_a_steward_secret():
    app = open_page("app_pages/overview.py")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/data_maintenance.py").run()


def test_a_tour_of_all_pages_leaves_the_shared_cached_data_unchanged():
    """The loaded dataset is shared between sessions (st.cache_resource): pages must only read it."""
    from ikoe_ui import data

    def cached():
        return data._load("ausgeliefert", ("", os.environ["IKOE_EDITIONS_DIR"]))

    def fingerprint(ds, views):
        # frames only: the search index, built on first use, is numpy arrays no page can write to
        frames = {**ds.tables, **{f"views.{k}": v for k, v in vars(views).items() if isinstance(v, pd.DataFrame)}}
        return {name: hashlib.sha256(frame.to_csv().encode()).hexdigest() for name, frame in frames.items()}

    # the entry we look at is the one the app reads: a marker planted in it shows up on the page (page models
    # built before from the unmarked data are kept, so they are dropped first)
    data.page_model.clear()
    sources = cached()[0].sources
    original = sources.loc[sources["source_doc"] == "partnerbericht_2020", "status_label"].item()
    sources.loc[sources["source_doc"] == "partnerbericht_2020", "status_label"] = "Stand MARKER"
    try:
        assert "Stand MARKER" in facts_text(open_page("app_pages/overview.py"))
    finally:
        sources.loc[sources["source_doc"] == "partnerbericht_2020", "status_label"] = original
        data.page_model.clear()

    before = fingerprint(*cached())
    app = open_page("app_pages/overview.py", query={"art": "Kreis,Kommune", "ts": "1,6", "zd": "II"})
    for page in PAGES:
        app.switch_page(page).run()
        assert not app.exception
    app.switch_page("app_pages/search.py").run()
    app.text_input(key="q").set_value("Ausbildung").run()
    assert fingerprint(*cached()) == before
