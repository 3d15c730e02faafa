"""The next report edition flows through: built from the template (tests/next_edition.py), imported on the
command line, selected in the dashboard; every page runs, shows 33 partners and the new status dates, and the
comparison with the shipped data shows exactly the changes made."""

from __future__ import annotations

import pytest
from conftest import REPO, dataset_hashes, open_section, show_tables
from next_edition import (
    EDITION_ID,
    EDITION_LABEL,
    EXPECTED,
    NEW_PARTNER_NAME,
    PARTNER_STATUS,
    STAFF_SHARES,
    STRATEGY_STATUS,
    build_workbook,
    import_on_the_command_line,
)
from streamlit.testing.v1 import AppTest

from ikoe_data import analysis, edition_comparison, editions, load_all

TOKEN = "test-geheimnis-der-datenpflege"
PAGES = sorted(str(p.relative_to(REPO)) for p in (REPO / "app_pages").glob("*.py"))


@pytest.fixture(scope="module")
def next_store(tmp_path_factory):
    """An edition store holding the next edition, imported through the command line."""
    before = dataset_hashes()
    root = tmp_path_factory.mktemp("next") / "editions"
    workbook = build_workbook(load_all(REPO / "datasets"), root.parent / "partnerbericht-2024.xlsx")
    result = import_on_the_command_line(workbook, root, TOKEN)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Ausgabe {EDITION_ID} gespeichert" in result.stdout
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IKOE_EDITIONS_DIR", str(root))
        patch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
        patch.delenv("IKOE_DATA_DIR", raising=False)
        yield root
    assert dataset_hashes() == before, "datasets/ changed"


def run(page: str) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=90)
    app.run()
    if page != "app_pages/overview.py":
        app.switch_page(page).run()
    if page == "app_pages/data_maintenance.py" and app.text_input:
        app.text_input[0].input(TOKEN).run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def shown_text(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption] + [i.value for i in app.info]
    parts += [m.help or "" for m in app.metric]
    return " ".join(parts)


def table_with(app: AppTest, column: str):
    """The table with `column`, every chart's table shown ("Tabelle" chosen, as an analyst does)."""
    return next(t.value for t in show_tables(app).dataframe if column in t.value.columns)


def test_the_edition_is_stored_with_what_changed(next_store):
    ds = editions.load_edition(EDITION_ID)
    shipped = load_all(REPO / "datasets")
    assert len(ds.partners) == EXPECTED["partners"]
    assert ds.current_source("partner_report") == "partnerbericht_2024"
    assert ds.current_source("strategy_report") == "umsetzungsbericht_2024"
    assert analysis.ActivityRule.of(ds).report_year == 2024
    change = edition_comparison.compare_editions(shipped, ds)
    assert change.partners[["partner_id", "change"]].values.tolist() == [[33, "neu"]]
    new_shares = change.staff_shares[change.staff_shares["change"] == "neu"]
    assert sorted(zip(new_shares["partner_id"], new_shares["year"])) == EXPECTED["new_shares"]
    assert (change.staff_shares["change"].isin(["neu", "unverändert"])).all()
    kinds = change.strategy_measures.groupby("change")["measure_id"].apply(sorted).to_dict()
    assert kinds == {"neu": EXPECTED["new_measures"], "beendet": EXPECTED["ended_measures"]}
    grown = change.goal_coverage[change.goal_coverage["difference"] != 0]
    assert dict(zip(grown["goal_id"], grown["difference"])) == EXPECTED["coverage"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_next_edition_and_shows_its_status(next_store, page):
    app = run(page)
    assert app.sidebar.selectbox(key="edition").value == EDITION_ID  # the newest edition is chosen
    assert not app.error, [e.value for e in app.error]
    text = shown_text(app)
    if page in ("app_pages/overview.py", "app_pages/partners.py", "app_pages/measures.py"):
        assert PARTNER_STATUS in text
    if page in ("app_pages/overview.py", "app_pages/goals.py"):
        assert STRATEGY_STATUS in text
    if page in ("app_pages/overview.py", "app_pages/partners.py"):
        assert "33 Partner" in text
    assert "30.09.2020" not in " ".join(m.help or "" for m in app.metric)  # no stale status on a figure


def test_overview_sums_up_exactly_the_changes(next_store):
    text = shown_text(run("app_pages/overview.py"))
    assert f"1 neuer Partner ({NEW_PARTNER_NAME})" in text
    assert "Anteilsangaben: 3 neu, 0 geändert, 0 entfallen." in text
    assert "Strategiemaßnahmen: 10 neu, 2 beendet, 0 geändert, 0 entfallen." in text


def test_partner_page_lists_the_new_partner_only(next_store):
    app = run("app_pages/partners.py")
    change = table_with(app, "Änderung")
    assert change[["Partner-Nr.", "Änderung"]].values.tolist() == [[33, "neu"]]
    assert len(table_with(app, "Beitritt")) == 33


def test_staff_share_page_lists_the_new_years(next_store):
    app = run("app_pages/staff_shares.py")
    change = table_with(app, "Veränderung (Prozentpunkte)")
    assert set(change["Änderung"]) == {"neu"}
    assert sorted(change["Jahr"].astype(int)) == sorted(share[2] for share in STAFF_SHARES)
    series = table_with(app, "Anteil (%)")  # the time series now reaches the new years
    assert "2021" in set(series["Jahr"].astype(str))


def test_goals_page_shows_new_and_ended_measures_and_coverage(next_store):
    app = open_section(run("app_pages/goals.py"), "Veränderung zwischen Ausgaben")
    coverage = table_with(app, "Veränderung")
    grown = coverage[coverage["Veränderung"] != 0]
    assert dict(zip(grown["Handlungsziel"], grown["Veränderung"])) == EXPECTED["coverage"]
    measures = table_with(app, "Änderung")
    kinds = measures.groupby("Änderung")["Lfd. Nr. (Dashboard)"].apply(sorted).to_dict()
    assert kinds == {"neu": EXPECTED["new_measures"], "beendet": EXPECTED["ended_measures"]}


def test_methodology_shows_the_edition_history(next_store):
    app = run("app_pages/methodology.py")
    history = table_with(app, "Ausgabe")
    assert history["Ausgabe"].tolist() == ["Ausgelieferte Daten", EDITION_LABEL]
    assert history["Partner"].tolist() == [32, 33]
    assert PARTNER_STATUS in history["Aktueller Partnerbericht"].iloc[1]
    sources = table_with(app, "Rolle")
    shown = set(sources.astype(str).stack())  # the new sources by their titles, never by their keys
    assert {"Partnerbericht IKÖ 2024", "Umsetzungsbericht TIS 2030 (2024)"} <= shown
    assert not {"partnerbericht_2024", "umsetzungsbericht_2024"} & shown
