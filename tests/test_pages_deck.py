"""The Foliensatz page and the "Zum Foliensatz hinzufügen" button through AppTest: collect, reorder, edit,
remove, the link that rebuilds the deck in a fresh session, and the German messages for bad input."""

from __future__ import annotations

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

from ikoe_data import deck, deck_store

DECK_PAGE = "app_pages/deck.py"


@pytest.fixture(autouse=True)
def _decks(store, tmp_path, monkeypatch):
    monkeypatch.setenv("IKOE_DECKS_DIR", str(tmp_path / "decks"))
    monkeypatch.delenv("IKOE_DECK_TEMPLATE", raising=False)


def app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def add(at: AppTest, page: str, key: str) -> AppTest:
    at.switch_page(page).run()
    at.button(key=f"{key}_deck").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def slide_titles(at: AppTest) -> list[str]:
    return [str(t.value) for t in at.text_input if t.label == "Folientitel"]


def test_empty_deck_explains_itself_and_offers_no_download():
    at = app().switch_page(DECK_PAGE).run()
    assert [t.value for t in at.title] == ["Foliensatz"]
    assert at.info[0].value.startswith("Der Foliensatz ist leer")
    assert not at.get("download_button")
    assert "deck" not in at.query_params


def test_charts_from_three_pages_are_collected_in_order_and_editable():
    at = app()
    at.button(key="focus_deck").click().run()
    assert "Als Folie 1 in den Foliensatz aufgenommen" in at.success[0].value
    at.switch_page(DECK_PAGE).run()
    assert any("**1 Diagramm** · Titelfolie, 1 Diagrammfolie und" in m.value for m in at.markdown)
    add(at, "app_pages/staff_shares.py", "series")
    add(at, "app_pages/goals.py", "zielgruppen")
    at.switch_page(DECK_PAGE).run()
    assert not at.exception
    assert any("**3 Diagramme** · Titelfolie, 3 Diagrammfolien und" in m.value for m in at.markdown)
    titles = slide_titles(at)
    assert titles[0] == "Maßnahmen der Partner je Themenschwerpunkt"
    assert titles[1] == "Entwicklung der berichteten Anteile"
    assert len(titles) == 3
    for slide in at.session_state["deck_slides"]:  # plain text that the slide wraps, never plotly's markup
        assert " · n = " in slide.selection and "<br>" not in slide.selection and "&" not in slide.selection
    assert at.session_state["deck_slides"][2].selection == (
        "Strategiemaßnahmen je genannter Zielgruppe; eine Maßnahme kann mehrere Zielgruppen haben. "
        "Alle Handlungsziele und Ressorts · n = 192 Strategiemaßnahmen"
    )
    assert len(at.get("download_button")) == 2
    deck_id = at.query_params["deck"]
    assert deck_store.load(deck_id)[1][0].title == titles[0]

    at.button(key=f"deck_down_{at.session_state['deck_slides'][0].uid}").click().run()
    assert slide_titles(at)[:2] == [titles[1], titles[0]]
    at.text_input(key=f"deck_edit_{at.session_state['deck_slides'][0].uid}").set_value("=Anteile 2016–2020").run()
    assert at.session_state["deck_slides"][0].title == "=Anteile 2016–2020"
    assert any("als Text übernommen" in c.value for c in at.caption)
    at.button(key=f"deck_remove_{at.session_state['deck_slides'][2].uid}").click().run()
    assert slide_titles(at) == ["=Anteile 2016–2020", titles[0]]
    assert at.query_params["deck"] != deck_id  # a changed deck is a new link; the old one stays as it was
    assert len(deck_store.load(deck_id)[1]) == 3

    fresh = app({"deck": at.query_params["deck"]}).switch_page(DECK_PAGE)
    fresh.query_params["deck"] = at.query_params["deck"]
    fresh.run()
    assert slide_titles(fresh) == ["=Anteile 2016–2020", titles[0]]


def test_link_opens_the_deck_in_a_fresh_session(tmp_path):
    at = app()
    at.button(key="goals_deck").click().run()
    at.switch_page(DECK_PAGE).run()
    link = at.query_params["deck"]
    fresh = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    fresh.query_params["deck"] = link
    fresh.run()
    fresh.switch_page(DECK_PAGE)
    fresh.query_params["deck"] = link
    fresh.run()
    assert slide_titles(fresh) == ["Maßnahmen je Handlungsziel"]


def test_unknown_link_says_so_in_german():
    at = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    at.switch_page(DECK_PAGE)
    at.query_params["deck"] = "f" * 32
    at.run()
    assert "gibt es auf diesem Server nicht (mehr)" in at.error[0].value
    assert not at.exception


def test_the_fifty_first_chart_is_refused_with_a_message():
    at = app()
    at.button(key="focus_deck").click().run()
    at.session_state["deck_slides"] = at.session_state["deck_slides"] * deck.MAX_SLIDES
    at.button(key="focus_deck").click().run()
    assert len(at.session_state["deck_slides"]) == deck.MAX_SLIDES
    assert "bereits 50 Folien" in at.warning[0].value


def test_a_chart_too_tall_for_a_slide_is_flagged_on_the_deck_page():
    at = app()
    add(at, "app_pages/staff_shares.py", "shares")  # one row per reported figure: taller than a slide
    add(at, "app_pages/staff_shares.py", "series")  # a time series: one slide's height
    at.switch_page(DECK_PAGE).run()
    warnings = [w.value for w in at.warning if "mehr Zeilen, als eine Folie lesbar fasst" in w.value]
    assert len(warnings) == 1
