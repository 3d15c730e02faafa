"""Every page through Streamlit's AppTest: renders without exception, shows its charts and tables, reacts to
filters and to filters in the URL."""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

PAGES: dict[str, dict[str, Any]] = {
    "app_pages/overview.py": {"title": "Übersicht", "charts": 3, "tables": 3},
    "app_pages/partners.py": {"title": "Partnernetzwerk", "charts": 1, "tables": 2},
    "app_pages/staff_shares.py": {"title": "Beschäftigtenanteile", "charts": 2, "tables": 3},
    "app_pages/measures.py": {"title": "Maßnahmen nach Themenschwerpunkt", "charts": 4, "tables": 5},
    "app_pages/goals.py": {"title": "Handlungsziele 2030", "charts": 6, "tables": 7},
    "app_pages/partner_page.py": {"title": "Partnerprofil", "charts": 2, "tables": 5},
    "app_pages/search.py": {"title": "Suche", "charts": 0, "tables": 1},
    "app_pages/methodology.py": {"title": "Daten & Methodik", "charts": 0, "tables": 4, "explains_itself": True},
}


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
def test_page_renders_its_charts_and_tables(page):
    app = open_page(page)
    expected = PAGES[page]
    assert [t.value for t in app.title] == [expected["title"]]
    assert len(app.get("plotly_chart")) == expected["charts"]
    assert len(app.dataframe) >= expected["tables"]
    assert not app.error
    if not expected.get("explains_itself"):
        assert [e.label for e in app.expander][-1] == "Was Sie wissen müssen"
    assert any(c.value.startswith("Quelle") for c in app.caption)


def test_overview_numbers_follow_the_partner_type_filter():
    app = open_page("app_pages/overview.py")
    assert app.metric[0].value == "32"
    before = facts_text(app)
    app.sidebar.multiselect(key="art").set_value(["Jobcenter"]).run()
    assert app.metric[0].value == "3"
    assert facts_text(app) != before and "3 Partner" in facts_text(app)
    assert app.sidebar.multiselect(key="art").value == ["Jobcenter"]  # the URL follows in the browser test


def test_partner_table_shrinks_with_regierungsbezirk_and_year_filters():
    app = open_page("app_pages/partners.py")
    assert len(app.dataframe[0].value) == 32
    app.sidebar.multiselect(key="rb").set_value(["Köln"]).run()
    koeln = len(app.dataframe[0].value)
    assert 0 < koeln < 32
    app.sidebar.slider(key="beitritt").set_value((2015, 2020)).run()
    assert 0 < len(app.dataframe[0].value) < koeln


def test_partner_profile_shows_measures_shares_and_conflicts():
    app = open_page("app_pages/partners.py")
    app.selectbox(key="partner").set_value(17).run()
    assert any("13.04.2015" in w.value for w in app.warning)  # the web page's date, shown as a conflict
    profile_measures = app.dataframe[1].value
    assert len(profile_measures) > 0
    app.selectbox(key="partner").set_value(25).run()
    assert any("keinen eigenen Eintrag" in i.value for i in app.info)


def test_focus_area_filter_changes_the_measures_page(ds):
    app = open_page("app_pages/measures.py")
    all_rows = len(app.dataframe[-1].value)
    assert all_rows == len(ds.partner_measures)
    app.sidebar.multiselect(key="ts").set_value([6]).run()
    assert len(app.dataframe[-1].value) < all_rows
    assert set(app.dataframe[-1].value["Themenschwerpunkt"]) == {"Weitere Maßnahmen"}


def test_goals_page_follows_zieldimension_filter():
    app = open_page("app_pages/goals.py")
    before = first_number(facts_text(app).split("nennt")[1])
    app.sidebar.multiselect(key="zd").set_value(["III"]).run()
    after = first_number(facts_text(app).split("nennt")[1])
    assert after < before
    drill = app.dataframe[-1].value
    assert drill["Handlungsziel"].between(29, 37).all()


def test_staff_share_page_shows_method_qualifier_and_source():
    app = open_page("app_pages/staff_shares.py")
    table = app.dataframe[0].value
    assert {"Anteil (wie berichtet)", "Erhebungsart", "Zeile in der Quelle", "Bezugsgruppe"} <= set(table.columns)
    reported = set(table["Anteil (wie berichtet)"])
    assert "„mehr als einem Drittel“ (abgeleitet: 33,3 %)" in reported  # wording kept, number marked derived
    assert "25–30 %" in reported  # a range keeps both ends
    solingen = table[table["Partner"] == "Stadt Solingen"]
    assert solingen["Jahr"].tolist() == ["Jahr nicht genannt"]
    solingen_row = solingen.iloc[0]
    assert solingen_row["Anteil (wie berichtet)"] == "20,15 %"
    assert (solingen_row["Anteil (%)"], solingen_row["Zielwert (%)"]) == (20.15, 25.0)
    assert solingen_row["Abstand zum Zielwert (Prozentpunkte)"] == -4.85
    assert any("nicht" in w.value and "gerankt" in w.value for w in app.warning)
    app.sidebar.multiselect(key="art").set_value(["Bezirksregierung"]).run()
    assert set(app.dataframe[0].value["Partner"]) == {"BR Arnsberg (Bezirksregierung Arnsberg)"}


def test_staff_share_chart_counts_what_the_main_facts_count():
    """The facts count figures with a share; the chart's n counts the same; the table's row without a share is
    named in the note under the chart."""
    app = open_page("app_pages/staff_shares.py")
    reported = first_number(facts_text(app).split("Anteilsangaben")[0])
    captions = " ".join(c.value for c in app.caption)
    assert f"n = {reported} Anteilsangaben" in captions
    rows = len(app.dataframe[0].value)
    assert rows == reported + 1
    assert f"Das Diagramm zeigt {reported} Anteilsangaben (n); die Tabelle enthält außerdem 1 Angabe ohne Anteil" in (
        captions
    )


def test_partner_page_shows_solingen_with_target_and_gap():
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/partner_page.py")
    app.query_params["id"] = "14"
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    assert [h.value for h in app.header] == ["Stadt Solingen"]
    assert "20,15 % gegenüber dem Zielwert 25 %, Abstand −4,85 Prozentpunkte" in facts_text(app)
    shares = next(d.value for d in app.dataframe if "Zielwert (%)" in d.value.columns)
    assert shares.iloc[0]["Abstand zum Zielwert (Prozentpunkte)"] == -4.85
    sources = next(d.value for d in app.dataframe if "Angabe" in d.value.columns)
    assert {"Beitrittsdatum", "Name"} <= set(sources["Angabe"]) and sources["Zeile"].notna().all()
    assert any("Klingenstadt Solingen" in w.value for w in app.warning)  # the known name conflict is shown


def test_search_finds_terms_and_keeps_them_in_the_url():
    app = open_page("app_pages/search.py")
    everything = len(app.dataframe[0].value)
    app.text_input(key="q").set_value("Moschee").run()
    hits = app.dataframe[0].value
    assert 0 < len(hits) < everything
    assert hits["Titel"].str.cat(hits["Beschreibung"], sep=" ").str.contains("Moschee", case=False).all()
    linked = open_page("app_pages/search.py", query={"q": "Moschee"})
    assert linked.text_input(key="q").value == "Moschee" and len(linked.dataframe[0].value) == len(hits)
    app.text_input(key="q").set_value("   ").run()  # only spaces: no query, the line says so
    assert len(app.dataframe[0].value) == everything
    assert any("(ohne Suchbegriff: alle Maßnahmen)" in str(m.value) for m in app.markdown)


def test_filters_come_from_the_url_and_survive_page_switches():
    app = open_page("app_pages/partners.py", query={"art": "Kreis", "rb": "Köln"})
    assert set(app.dataframe[0].value["Art des Partners"]) == {"Kreis"}
    assert len(app.dataframe[0].value) == 1  # Rhein-Sieg-Kreis
    app.switch_page("app_pages/measures.py").run()
    assert set(app.dataframe[-1].value["Partner"]) == {"Rhein-Sieg-Kreis"}
    assert app.query_params["art"] == "Kreis"


def test_links_of_the_earlier_format_still_open_their_view():
    app = open_page("app_pages/partners.py", query={"art": "Kreis,Kommune", "rb": "Köln", "von": "2015"})
    assert app.sidebar.multiselect(key="art").value == ["Kreis", "Kommune"]
    assert app.sidebar.multiselect(key="rb").value == ["Köln"]
    assert app.sidebar.slider(key="beitritt").value == (2015, 2020)
    table = app.dataframe[0].value
    assert set(table["Art des Partners"]) <= {"Kreis", "Kommune"} and set(table["Regierungsbezirk"]) == {"Köln"}
    assert (table["Beitrittsjahr"] >= 2015).all()
    measures = open_page("app_pages/measures.py", query={"ts": "6", "art": "Kommune"})
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
    app = open_page("app_pages/partners.py", query={"art": "Geheimdienst", "von": "abc"})
    assert len(app.dataframe[0].value) == 32


def test_methodology_lists_sources_conflicts_and_dictionary(ds):
    app = open_page("app_pages/methodology.py")
    tables = [t.value for t in app.dataframe]
    sources = next(t for t in tables if "Rolle" in t.columns)
    assert len(sources) == len(ds.sources)
    assert set(sources["Rolle"]) >= {"Partnerbericht", "Umsetzungsbericht"}
    assert len(next(t for t in tables if "Wert a (verwendet)" in t.columns)) == len(ds.source_conflicts)
    history = next(t for t in tables if "Ausgabe" in t.columns)
    assert history["Ausgabe"].tolist() == ["Ausgelieferte Daten"]
    assert any("nur die ausgelieferten Daten" in c.value for c in app.caption)  # the history is not hidden
    assert "Spalte" in tables[-1].columns


@pytest.mark.parametrize(
    "page", ["app_pages/overview.py", "app_pages/partners.py", "app_pages/staff_shares.py", "app_pages/goals.py"]
)
def test_comparison_of_editions_is_announced_while_only_one_exists(page):
    app = open_page(page)
    assert "Veränderung zwischen Ausgaben" in [s.value for s in app.header]
    assert any("nur eine Datenausgabe" in i.value for i in app.info)


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
        frames = {**ds.tables, **{f"views.{k}": v for k, v in vars(views).items()}}
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
