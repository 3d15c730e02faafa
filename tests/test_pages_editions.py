"""Editions in the dashboard (AppTest): switching, comparing two editions, and the Datenpflege page."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import REPO, open_section, show_tables
from streamlit.testing.v1 import AppTest

from ikoe_data import editions, load_all

EDITION = "2022-06-30"


@pytest.fixture
def store_with_edition(store):
    """A store holding one imported edition: one more measure under goal 3, Solingen's share changed."""
    frames = dict(load_all(REPO / "datasets").tables)
    measures = frames["strategy_measures"]
    extra = measures[measures["goal_id"] == 3].assign(measure_id="M-900", title="Neue Maßnahme zum Ziel 3")
    frames["strategy_measures"] = pd.concat([measures, extra], ignore_index=True)
    shares = frames["staff_shares"].copy()
    shares.loc[shares["share_id"] == "S-004", "share_percent"] = 22.5
    frames["staff_shares"] = shares
    editions.store_edition(frames, EDITION, {"source_file": "test.xlsx"})
    return store


def run(page: str) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    if page != "app_pages/overview.py":
        app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_latest_edition_is_shown_and_the_shipped_one_can_be_chosen(store_with_edition):
    app = run("app_pages/goals.py")
    choice = app.sidebar.selectbox(key="edition")
    assert choice.value == EDITION
    assert choice.options == ["Ausgelieferte Daten", "Ausgabe Stand 30.06.2022"]
    assert "193 Maßnahmen" in " ".join(m.value for m in app.markdown)
    choice.set_value(editions.SHIPPED_ID).run()
    assert "192 Maßnahmen" in " ".join(m.value for m in app.markdown)


def test_goal_coverage_change_between_editions(store_with_edition):
    app = open_section(run("app_pages/goals.py"), "Veränderung zwischen Ausgaben")
    assert "Veränderung zwischen Ausgaben" in [t.label for t in app.tabs]
    assert len(app.get("plotly_chart")) == 1  # the comparison, alone in its section
    change = next(t.value for t in show_tables(app).dataframe if "Veränderung" in t.value.columns)
    goal_3 = change[change["Handlungsziel"] == 3].iloc[0]
    assert goal_3["Veränderung"] == 1 and goal_3["Ausgabe Stand 30.06.2022"] == goal_3["Ausgelieferte Daten"] + 1
    assert (change.loc[change["Handlungsziel"] != 3, "Veränderung"] == 0).all()


def test_staff_share_change_between_editions(store_with_edition):
    app = run("app_pages/staff_shares.py")
    change = next(t.value for t in show_tables(app).dataframe if "Veränderung (Prozentpunkte)" in t.value.columns)
    assert change["Partner"].tolist() == ["Stadt Solingen"]
    assert change["Veränderung (Prozentpunkte)"].iloc[0] == pytest.approx(2.35)
    assert change["Änderung"].iloc[0] == "geändert"


def test_data_maintenance_needs_the_token(store_with_edition, monkeypatch):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", "richtig-geheim-und-lang")
    app = run("app_pages/data_maintenance.py")
    assert [t.value for t in app.title] == ["Datenpflege"]
    assert not app.get("download_button")  # nothing before the token
    app.text_input[0].input("falsch")
    app.button[0].click().run()
    assert any("falsch" in e.value for e in app.error)
    app.text_input[0].input("richtig-geheim-und-lang")
    app.button[0].click().run()
    assert not app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert "Excel-Vorlage herunterladen" in labels
    assert any("Noch keine Datei" in i.value for i in app.info)
