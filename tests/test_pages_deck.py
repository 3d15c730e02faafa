"""The Foliensatz page and the "Zum Foliensatz hinzufügen" button through AppTest: collect (what the page shows,
filters included), reorder, edit, remove, previews, the link stored only when asked for, the link that rebuilds the
deck in a fresh session, and the German messages for bad input."""

from __future__ import annotations

import io

import pytest
from conftest import REPO, open_section
from pptx import Presentation
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


def add(at: AppTest, page: str, key: str, section: str = "") -> AppTest:
    at.switch_page(page).run()
    if section:  # a page with section tabs draws the open section only
        open_section(at, section)
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


def test_a_slide_takes_what_the_page_shows_filters_facts_and_definitions():
    at = app({"art": "Kommune"})
    add(at, "app_pages/measures.py", "by_focus")
    slide = at.session_state["deck_slides"][0]
    assert slide.page == "Maßnahmen nach Themenschwerpunkt"
    assert slide.scope.startswith("Nur Partner der Art Kommune (4 Partner: ")
    assert slide.selection.startswith("Auswahl: Art: Kommune · n = ")
    assert slide.facts and all("*" not in fact for fact in slide.facts)  # the page's main facts, plain text
    assert any(d.startswith("Zählung: Jede im Partnerbericht") for d in slide.definitions)
    spec = slide.spec()
    assert spec is not None and [s.name for s in spec.series] == ["Kommunen"]
    assert " · n = " in slide.selection and "<br>" not in slide.selection and "&" not in slide.selection


def test_charts_from_three_pages_are_collected_in_order_editable_and_previewed():
    at = app()
    at.button(key="focus_deck").click().run()
    assert "Als Folie 1 in den Foliensatz aufgenommen" in at.success[0].value
    add(at, "app_pages/staff_shares.py", "series")
    add(at, "app_pages/goals.py", "zielgruppen", "Zielgruppen")
    at.switch_page(DECK_PAGE).run()
    assert not at.exception
    assert any("**3 Diagramme** auf" in m.value for m in at.markdown)
    titles = slide_titles(at)
    assert titles[:2] == ["Maßnahmen der Partner je Themenschwerpunkt", "Entwicklung der berichteten Anteile"]
    previews = at.get("image")
    assert len(previews) >= 3  # every slide's preview (a continued chart has several)
    assert len(at.get("download_button")) == 2
    assert "deck" not in at.query_params  # nothing stored until a link is asked for or a file downloaded

    uid = at.session_state["deck_slides"][0].uid
    at.button(key=f"deck_down_{uid}").click().run()
    assert slide_titles(at)[:2] == [titles[1], titles[0]]
    at.text_input(key=f"deck_edit_{at.session_state['deck_slides'][0].uid}").set_value("=Anteile 2016–2020").run()
    assert at.session_state["deck_slides"][0].title == "=Anteile 2016–2020"
    assert any("als Text übernommen" in c.value for c in at.caption)
    at.button(key=f"deck_remove_{at.session_state['deck_slides'][2].uid}").click().run()
    assert slide_titles(at) == ["=Anteile 2016–2020", titles[0]]

    at.button(key="deck_link").click().run()
    link = at.query_params["deck"]
    assert deck_store.load(link)[1][0].title == "=Anteile 2016–2020"
    assert any(f"{deck_store.RETENTION_DAYS} Tage" in c.value for c in at.caption)
    at.text_input(key=f"deck_edit_{at.session_state['deck_slides'][0].uid}").set_value("Anteile").run()
    assert "deck" not in at.query_params  # a changed deck is no longer the stored one
    assert deck_store.load(link)[1][0].title == "=Anteile 2016–2020"  # the stored link never changes

    fresh = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    fresh.query_params["deck"] = link
    fresh.run()
    fresh.switch_page(DECK_PAGE)
    fresh.query_params["deck"] = link
    fresh.run()
    assert slide_titles(fresh) == ["=Anteile 2016–2020", titles[0]]


def test_a_downloaded_deck_is_stored_and_names_its_link(monkeypatch):
    made = []
    original = AppTest  # the deferred file is made when fetched: call it as the browser would
    from streamlit.delta_generator import DeltaGenerator

    download = DeltaGenerator.download_button

    def capture(self, label, data=None, *args, **kwargs):
        if callable(data) and kwargs.get("key") == "deck_pptx":
            made.append(data)
        return download(self, label, data, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", capture)
    at = original.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    at.button(key="focus_deck").click().run()
    at.switch_page(DECK_PAGE).run()
    prs = Presentation(io.BytesIO(made[-1]()))
    first = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    deck_id = first.split("?deck=")[1][:32]
    assert deck_store.load(deck_id)[1][0].title == "Maßnahmen der Partner je Themenschwerpunkt"


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


def test_a_chart_taller_than_a_slide_continues_and_the_page_says_so():
    at = app()
    add(at, "app_pages/staff_shares.py", "shares")  # 14 reported figures: more rows than one slide holds
    add(at, "app_pages/staff_shares.py", "series")
    at.switch_page(DECK_PAGE).run()
    notes = [c.value for c in at.caption if "geht über" in c.value]
    assert len(notes) == 1 and "jede mit derselben Skala und Legende" in notes[0]
