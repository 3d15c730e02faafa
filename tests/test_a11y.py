"""Accessibility without a browser: text alternatives of charts, the German chart toolbar, the statement page."""

from __future__ import annotations

import re

import plotly.graph_objects as go
import pytest
from chart_gallery import SOURCE
from chart_gallery import shipped as built_charts
from conftest import REPO
from streamlit.testing.v1 import AppTest

from ikoe_data import a11y, analysis, charts, labels


@pytest.fixture(scope="module")
def figures(ds):
    return built_charts(ds)


def test_every_chart_gets_one_or_two_german_sentences_naming_its_title(figures):
    for name, fig in figures.items():
        summary = a11y.chart_summary(fig)
        title = fig.layout.meta["title"]  # the whole title, not its first wrapped line
        assert summary.startswith(f"Das Diagramm „{title}“"), name
        assert "<br" not in summary, name
        reading = fig.layout.meta.get("reading") or ""  # how to read the values, where the chart says it
        assert summary.endswith(reading), name
        own = (
            summary.removesuffix(reading).strip().replace("Mio. ", "Mio ")
        )  # an abbreviation's period ends no sentence
        assert 1 <= own.count(". ") + 1 <= 3, (name, summary)  # two sentences (a title may hold a period)
        assert not re.search(r"\b(None|nan|NaN|NaT)\b", summary), (name, summary)


def test_coverage_texts_say_what_the_counts_are_and_decline_after_with(figures):
    for name in ("covered", "goal_years"):
        summary = a11y.chart_summary(figures[name])
        assert "Werte vor 2021 sind Untergrenzen, Werte nach 2021 Fortschreibungen" in summary, name
    covered = a11y.chart_summary(figures["covered"])
    assert "am höchsten 2021 mit 37 Handlungszielen" in covered, covered  # dative after "mit"


def test_tied_extremes_are_all_named():
    fig = go.Figure(
        go.Bar(x=["A", "B", "C", "D", "E", "F"], y=[6, 6, 1, 1, 1, 1]),
        layout={"title": {"text": "Test"}, "yaxis": {"title": {"text": "Maßnahmen (Anzahl)"}}},
    )
    summary = a11y.chart_summary(fig)
    assert "Höchster Wert: A und B mit je 6 Maßnahmen, niedrigster: C, D, E und 1 weitere mit je 1 Maßnahme." in (
        summary
    ), summary


def test_stacked_bars_name_the_largest_and_smallest_total_from_the_data(ds, figures):
    table = analysis.measures_by_focus_and_group(analysis.enrich_partner_measures(ds), ds.focus_areas)
    totals = table.groupby("focus_label")["n_measures"].sum()
    summary = a11y.chart_summary(figures["focus"])
    top, bottom = totals.idxmax(), totals.idxmin()
    assert f"Höchster Wert: {top} mit {labels.format_number(totals[top])} Maßnahmen" in summary
    assert f"niedrigster: {bottom} mit {labels.format_number(totals[bottom])} Maßnahme" in summary
    assert f"{totals.index.nunique()} Kategorien in" in summary


def test_time_series_states_the_trend_and_the_peak():
    import pandas as pd

    covered = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "goals_covered": [10, 30, 37, 20]})
    summary = a11y.chart_summary(charts.goals_covered_chart(covered, 37, 2021, SOURCE))
    assert "4 Zeitpunkte von 2019 bis 2022" in summary
    assert "Von 2019 bis 2022 steigt der Wert von 10 auf 20 Handlungsziele; am höchsten 2021 mit 37 Handlungsziele" in (
        summary
    )


def test_heatmap_names_its_largest_cell_and_empty_cells():
    import pandas as pd

    matrix = pd.DataFrame([[0, 3], [1, 0]], index=["Stadt A", "Kreis B"], columns=["Personal", "Angebot"])
    summary = a11y.chart_summary(charts.heatmap(matrix, "T", SOURCE, x_title="Schwerpunkt", y_title="Partner"))
    assert "Farbmatrix aus 2 Zeilen und 2 Spalten" in summary
    assert "Höchster Wert: 3 Maßnahmen bei Stadt A – Angebot; 2 von 4 Feldern sind 0." in summary


def test_single_value_uses_the_singular():
    import pandas as pd

    table = pd.DataFrame({"name": ["Stadt A"], "n": [1]})
    fig = charts.horizontal_bar_chart(table, "name", "n", "Maßnahmen je Partner", SOURCE, "Maßnahmen (Anzahl)")
    assert "Einziger Wert: Stadt A mit 1 Maßnahme." in a11y.chart_summary(fig)


def test_a_chart_without_values_says_so():
    fig = charts.style.figure([], "Leer", SOURCE)
    assert a11y.chart_summary(fig) == "Das Diagramm „Leer“ enthält keine Werte."


def test_image_button_names_the_size_of_the_image():
    assert (
        a11y.german_plotly_config(charts.style.image_config("Test", "png"))["locales"]["de"]["dictionary"][
            "Download plot as a PNG"
        ]
        == "Als Bild herunterladen (PNG, 1600 × 900)"
    )
    tall = a11y.german_plotly_config(charts.style.image_config("Test", "svg", height=1310))
    assert tall["locales"]["de"]["dictionary"]["Download plot"] == "Als Bild herunterladen (SVG, 1600 × 1965)"


def test_chart_toolbar_is_reduced_and_every_button_has_a_german_label():
    config = a11y.german_plotly_config(charts.style.image_config("Test", "svg"))
    assert config["toImageButtonOptions"]["format"] == "svg"  # the slide-size download is kept
    assert config["locale"] == "de" and config["locales"]["de"]["format"] == a11y.PLOTLY_GERMAN["format"]
    english_titles = {  # plotly.js 3 titles of the buttons we keep
        "toImage": ["Download plot as a PNG", "Download plot"],
        "zoom2d": ["Zoom"],
        "zoomIn2d": ["Zoom in"],
        "zoomOut2d": ["Zoom out"],
        "resetScale2d": ["Reset axes"],
    }
    assert [b for group in config["modeBarButtons"] for b in group] == list(english_titles)
    german = config["locales"]["de"]["dictionary"]
    for titles in english_titles.values():
        for title in titles:
            assert german[title] != title and not re.search(r"\b(plot|Download|Reset|Zoom)\b", german[title])


def statement(monkeypatch, contact: str | None) -> AppTest:
    if contact is None:
        monkeypatch.delenv(a11y.CONTACT_VARIABLE, raising=False)
    else:
        monkeypatch.setenv(a11y.CONTACT_VARIABLE, contact)
    app = AppTest.from_file(str(REPO / "app_pages" / "accessibility.py"), default_timeout=60)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def test_statement_names_status_limits_feedback_enforcement_and_date(monkeypatch):
    app = statement(monkeypatch, "barrierefreiheit@example.nrw.de")
    assert [t.value for t in app.title] == ["Erklärung zur Barrierefreiheit"]
    headers = [h.value for h in app.header]
    assert headers == [
        "Stand der Vereinbarkeit mit den Anforderungen",
        "Nicht barrierefreie Inhalte",
        "Erstellung dieser Erklärung",
        "Barrieren melden: Kontakt",
        "Durchsetzungsverfahren (Ombudsstelle)",
    ]
    text = " ".join(m.value for m in app.markdown)
    assert "teilweise barrierefrei" in text
    assert labels.format_date(a11y.LAST_CHECK) in text
    assert "§ 10d BGG NRW" in text and "www.lbbp.nrw.de/ombudsstelle" in text
    assert "§ 16" in text  # says why the federal Schlichtungsstelle is not the one for this state body
    assert [c.value for c in app.code] == ["barrierefreiheit@example.nrw.de"]
    assert not app.warning


def test_statement_without_configured_contact_points_to_the_ombudsstelle(monkeypatch):
    app = statement(monkeypatch, None)
    assert len(app.warning) == 1 and "noch keine Kontaktadresse" in app.warning[0].value
    assert "Ombudsstelle" in app.warning[0].value
    assert a11y.CONTACT_VARIABLE not in app.warning[0].value  # the operators' setting is not for the public
    assert not app.code


def test_the_deployed_content_security_policy_allows_the_page_frame_script():
    from ikoe_ui import a11y as frame

    template = (REPO / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    policy = next(line for line in template.splitlines() if "Content-Security-Policy" in line)
    assert frame.script_hash() in policy, f"put {frame.script_hash()} into script-src of deploy/nginx.conf.template"
