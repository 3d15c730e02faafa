"""The measure search (issue #21, item 1 of issue #24): relevance set, German word forms, ranking, snippets,
facets, bad input and the bounds on what a query may ask for."""

from __future__ import annotations

import pytest
from search_relevance import CASES, SPRACHKURS, Case

from ikoe_data import analysis
from ikoe_data.search import MAX_QUERY_CHARS, MAX_WORDS, Segment, terms
from ikoe_data.search import query as search_query


@pytest.fixture(scope="module")
def views(ds):
    return analysis.Views.of(ds)


@pytest.fixture(scope="module")
def index(views):
    return views.search_index


def found(index, text: str, **kwargs) -> list[str]:
    return list(analysis.search_measures(index, text, **kwargs).hits["measure_id"])


def marked(segments: tuple[Segment, ...]) -> list[str]:
    return [s.text for s in segments if s.matched]


@pytest.mark.parametrize("case", CASES, ids=[c.query for c in CASES])
def test_relevance_set(index, case: Case):
    hits = found(index, case.query)
    assert not case.finds - set(hits), (case.why, sorted(case.finds - set(hits)))
    assert not case.never & set(hits), (case.why, sorted(case.never & set(hits)))
    if case.first:
        assert hits[0] in case.first, (case.why, hits[:5])


def test_relevance_set_is_large_enough_and_covers_the_word_forms():
    assert len(CASES) >= 25
    whys = " ".join(c.why for c in CASES)
    for kind in ("plural", "compound", "typo", "ß written ss", "ü written ue", "ä written ae", "phrase", "ODER"):
        assert kind in whys, kind


def test_must_show(index, views):
    """„Sprachkurse“ finds what „Sprachkurs“ finds, „Massnahme“ what „Maßnahme“ finds, „Sprachkrus“ the
    Sprachkurs measures; the first hit for „Sprachkurs“ has it in its title."""
    singular = found(index, "Sprachkurs")
    assert set(singular) >= SPRACHKURS and set(found(index, "Sprachkurse")) >= set(singular)
    assert set(found(index, "Massnahme")) >= set(found(index, "Maßnahme")) > set()
    assert set(found(index, "Sprachkrus")) >= SPRACHKURS
    pool = views.search_pool.set_index("measure_id")
    assert "sprachkurs" in pool.loc[singular[0], "title"].casefold()


def test_the_old_substring_search_misses_nothing_a_word_form_finds(index, views):
    """What a plain substring search found (the page before issue #21) is found; the issue's counts rise."""
    pool = views.search_pool
    own = (pool["title"] + " " + pool["text"] + " " + pool["owner"]).str.casefold()
    for word in ("sprachkurs", "maßnahme", "ausbildung", "moschee", "sprachmittler", "vielfalt"):
        substring = set(pool.loc[own.str.contains(word, regex=False), "measure_id"])
        assert substring <= set(found(index, word)), word
    assert len(found(index, "Ausbildungen")) >= len(found(index, "Ausbildung"))


def test_a_match_only_in_a_category_ranks_below_matches_in_the_measure(index, views):
    result = analysis.search_measures(index, "interkulturelle Kompetenz")
    in_measure = list(result.ranking.in_measure)
    assert True in in_measure and False in in_measure
    assert in_measure == sorted(in_measure, reverse=True)  # every own match first
    own = (result.hits["title"] + " " + result.hits["text"] + " " + result.hits["owner"]).str.casefold()
    category_only = own[~result.ranking.in_measure]
    both = category_only.str.contains("kompeten") & category_only.str.contains("interkulturell")
    assert not both.any()  # one of the words only in the Themenschwerpunkt
    categories = result.hits["category"][~result.ranking.in_measure].str.casefold()
    assert (categories.str.contains("kompetenz") | categories.str.contains("interkulturell")).all()


@pytest.mark.parametrize("word", ["Sprachkurs", "Polizei", "Dolmetscher", "Moschee"])
def test_a_match_in_the_title_ranks_above_a_match_in_the_text_only(index, word):
    result = analysis.search_measures(index, word)
    hits = analysis.search_hits(result, 0, len(result.hits))
    in_title = [bool(marked(h.title)) for h in hits]
    assert True in in_title and in_title == sorted(in_title, reverse=True), [h.measure_id for h in hits]


def test_words_are_folded_and_stemmed_alike():
    assert terms.term("Maßnahmen") == terms.term("Massnahme") == terms.term("MASSNAHME")
    assert terms.term("Prüfungen") == terms.term("Pruefung")
    assert terms.term("Sprachkurs") == terms.term("Sprachkurse")
    assert terms.term("Kitas") == terms.term("Kita")
    assert terms.term("Sprachkursangebote").startswith(terms.term("Sprachkurse"))


def test_snippets_mark_the_matched_words_and_keep_the_text(index):
    result = analysis.search_measures(index, "Ausbildung Messe")
    hit = analysis.search_hits(result, 0, 1)[0]
    assert hit.measure_id == "P1-09-01"  # „Schulinterne Ausbildungsmesse, Gesamtschule Buer-Mitte“
    assert marked(hit.title) == ["Ausbildungsmesse"]
    assert "".join(s.text for s in hit.title) == "Schulinterne Ausbildungsmesse, Gesamtschule Buer-Mitte"
    assert hit.owner and hit.source.startswith("Partnerbericht") and hit.context == "Beschäftigtenanteil"
    phrase = analysis.search_measures(index, "„Charta der Vielfalt“")
    first = analysis.search_hits(phrase, 0, 1)[0]
    assert marked(first.title) == ["Charta der Vielfalt"]  # the phrase as one marked run


def test_a_long_text_is_cut_around_its_match(index, views):
    pool = views.search_pool
    text = pool.loc[pool["measure_id"] == "P1-14-02", "text"].iloc[0]
    long_text = "Vorlauf " * 60 + text + " Nachlauf" * 60
    matcher = analysis.search_measures(index, "Befragung").ranking.matcher
    snippet = matcher.snippet(long_text)
    joined = "".join(s.text for s in snippet)
    assert joined.startswith("… ") and joined.endswith(" …") and len(joined) < 300
    assert any("Befragung" in t for t in marked(snippet))
    assert joined.strip("… ") in long_text  # cut at word boundaries, nothing invented


def test_facets_count_hits_and_filter(index):
    result = analysis.search_measures(index, "Geflüchtete")
    n_partner, n_strategy = analysis.hits_by_kind(result.hits)
    kinds = {v.key: v.count for v in result.facets["facet_kind"]}
    assert kinds == {"partner": n_partner, "strategie": n_strategy} and n_partner and n_strategy
    ressorts = {v.key: v.count for v in result.facets["facet_ressort"]}
    assert ressorts["MKFFI"] <= n_strategy and sum(ressorts.values()) >= n_strategy  # a measure may have several
    goals = result.facets["facet_goal"]
    assert all(v.label.startswith(f"{v.key}: ") for v in goals)
    only = analysis.search_measures(index, "Geflüchtete", facets={"facet_ressort": ["MKFFI"]})
    assert len(only.hits) == ressorts["MKFFI"] and set(only.hits["kind"]) == {"Strategiemaßnahme"}
    assert all(("MKFFI", "MKFFI") in pairs for pairs in only.hits["facet_ressort"])
    # counts of a group ignore the group's own choice, so its other values stay choosable
    assert {v.key: v.count for v in only.facets["facet_ressort"]} == ressorts
    assert next(v for v in only.facets["facet_ressort"] if v.key == "MKFFI").selected
    assert {v.key: v.count for v in only.facets["facet_kind"]} == {"strategie": ressorts["MKFFI"]}
    both = analysis.search_measures(index, "Geflüchtete", facets={"facet_kind": ["partner", "strategie"]})
    assert len(both.hits) == len(result.hits)


def test_allowed_rows_restrict_the_hits(index, views):
    pool = views.search_pool
    allowed = pool["kind"] == "Partnermaßnahme"
    hits = analysis.search_measures(index, "Sprachkurs", allowed=allowed).hits
    assert set(hits["measure_id"]) == {m for m in SPRACHKURS if m.startswith("P")}


def test_paging_sends_a_page_of_hits(index):
    result = analysis.search_measures(index, "Geflüchtete")
    first, second = analysis.search_hits(result), analysis.search_hits(result, analysis.HITS_PER_PAGE)
    assert len(first) == analysis.HITS_PER_PAGE < len(result.hits)
    assert [h.measure_id for h in first + second] == list(result.hits["measure_id"][: len(first) + len(second)])


def test_hit_detail_has_full_text_source_context_and_status(index, views):
    result = analysis.search_measures(index, "Moschee")
    detail = dict(analysis.hit_detail(result, "P5-10-02"))
    pool = views.search_pool.set_index("measure_id")
    assert "".join(s.text for s in detail["Beschreibung"]) == pool.loc["P5-10-02", "text"]
    assert marked(detail["Titel"]) == ["Moscheevereinen"]
    for label in ("Partner", "Themenschwerpunkt", "Status", "Fundstelle"):
        assert "".join(s.text for s in detail[label]), label
    strategy = dict(analysis.hit_detail(analysis.search_measures(index, "Polizei"), "M-133"))
    assert {"Ressorts", "Handlungsziele", "Zeitrahmen", "Status", "Fundstelle"} <= set(strategy)
    assert analysis.hit_detail(result, "M-001") == ()  # not a hit


BAD_INPUT = {
    "nur Operatoren": ("- ODER „“ |", search_query.NO_WORDS),
    "nur Satzzeichen": ("?!. ,;", search_query.NO_WORDS),
    "nur Ausschluss": ("-Schule", search_query.ONLY_EXCLUDED),
    "1.000 Zeichen": ("Sprachkurs " * 91, "Die Suche ist zu lang (1.001 Zeichen)"),
    "100.000 Wörter": ("Wort " * 100_000, "Die Suche ist zu lang (500.000 Zeichen)"),
    "zu viele Wörter": (" ".join(f"Wort{i}" for i in range(MAX_WORDS + 1)), "höchstens 10 Suchwörter"),
}


@pytest.mark.parametrize(("text", "hint"), BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_gets_a_german_hint_and_no_hits(index, text, hint):
    result = analysis.search_measures(index, text)
    assert result.refused and result.hits.empty and hint in (result.hint or "")
    assert all(not values for values in result.facets.values())


def test_an_empty_query_lists_everything_with_a_hint(index, views):
    for text in ("", "   "):
        result = analysis.search_measures(index, text)
        assert not result.refused and len(result.hits) == len(views.search_pool)
        assert result.hint == search_query.EMPTY


def test_markup_and_unbalanced_quotes_are_searched_as_words(index):
    plain = found(index, "Sprachkurs")
    for markup in ("<b>Sprachkurs</b>", "**Sprachkurs**", "$Sprachkurs$", "`Sprachkurs`"):
        assert found(index, markup) == plain, markup
    linked = analysis.search_measures(index, "[Sprachkurs](https://example.org)")  # words of a link: no hit
    assert not linked.refused and linked.hits.empty
    unbalanced = analysis.search_measures(index, "„Sprachkurs")
    assert list(unbalanced.hits["measure_id"]) == plain and unbalanced.hint == search_query.UNBALANCED
    assert found(index, '"Vielfalt"') == found(index, "„Vielfalt“") != []


def test_the_limits_are_enforced_before_the_text_is_split():
    exactly = "a" * MAX_QUERY_CHARS
    assert search_query.parse(exactly).problem is None
    assert search_query.parse(exactly + "a").problem is not None


def test_the_page_answers_a_huge_query_with_the_hint_alone():
    """What a raw websocket message can send past the widget's max_chars: the page shows the hint, not the text."""
    from conftest import REPO
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    app.run()
    app.switch_page("app_pages/search.py").run()
    huge = "Wort " * 100_000
    app.session_state["q"] = huge
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    # the widget may cut the text to its max_chars first (then it is too many words): a German hint either way
    (warning,) = app.warning
    assert warning.value.startswith(("Die Suche ist zu lang", "Bitte höchstens 10 Suchwörter")), warning.value
    assert all("Wort Wort" not in m.value for m in app.markdown) and not app.dataframe
