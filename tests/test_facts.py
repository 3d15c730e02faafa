"""The generated sentences of every page read as correct German for 0, 1 and 2 of what they count (issue #9):
singular noun and verb for one, plural for none and several."""

from __future__ import annotations

import re

import pytest

from ikoe_data import analysis, facts

# Plural forms the generators use: none of them may follow the number 1.
PLURALS = [
    "Maßnahmen",
    "Einzelmaßnahmen",
    "Partnermaßnahmen",
    "Strategiemaßnahmen",
    "Nennungen",
    "Angaben",
    "Anteilsangaben",
    "Partnern",
    "Bezugsgruppen",
    "verschiedene",
    "Handlungszielen",
    "Themenschwerpunkten",
    "Partner berichten",
    "Partner haben",
    "Maßnahmen wurden",
    "Maßnahmen sind",
]


def singular_after_one(sentences: list[str]) -> list[str]:
    text = " ".join(sentences)
    return [form for form in PLURALS if re.search(rf"(?<![\d.,])1 {form}\b", text)]


@pytest.fixture(scope="module")
def views(ds):
    return analysis.Views.of(ds)


@pytest.mark.parametrize("n", [0, 1, 2])
def test_measure_sentences(ds, views, n):
    measures = views.partner_measures
    one_type = measures[measures["measure_types"].map(len) == 1]
    chosen = one_type.drop_duplicates("partner_id").head(n)  # n measures of n partners, each of one type
    type_labels = dict(zip(ds.measure_types["measure_type"], ds.measure_types["label"]))
    sentences = facts.measure_facts(chosen, type_labels)
    assert not singular_after_one(sentences), sentences
    if n == 0:
        assert sentences == ["Für die gewählten Filter gibt es keine Maßnahmen."]
    elif n == 1:
        assert sentences[0] == "1 Maßnahme von 1 Partner." and "(1 Nennung)." in sentences[2]
    else:
        assert sentences[0] == "2 Maßnahmen von 2 Partnern."


@pytest.mark.parametrize("n", [0, 1, 2])
def test_share_sentences(views, n):
    shares = views.staff_shares.dropna(subset=["share_percent"])
    undated = shares[shares["year"].isna()].head(n)
    sentences = facts.share_facts(undated)
    assert not singular_after_one(sentences), sentences
    if n == 0:
        assert sentences == ["Für die gewählten Filter gibt es keine Anteilsangaben."]
        return
    text = " ".join(sentences)
    assert re.search(r"Erhebung: [^.]+ \(\d+\)\.", text), text
    verb = "sie fehlt in der Zeitreihe" if n == 1 else "sie fehlen in der Zeitreihe"
    assert f"Bei {n} {'Angabe' if n == 1 else 'Angaben'} nennt die Quelle kein Jahr" in text and verb in text


def test_share_sentence_names_every_way_of_collecting_with_its_count(views):
    shares = views.staff_shares.dropna(subset=["share_percent"])
    sentence = next(s for s in facts.share_facts(shares) if s.startswith("Erhebung: "))
    counts = re.findall(r"(?:, |: )([^,(]+) \((\d+)\)", sentence)
    assert sum(int(n) for _, n in counts) == len(shares)
    assert counts[-1][0] == "nicht angegeben"  # unstated last, whatever its count


@pytest.mark.parametrize("n", [1, 2])
def test_strategy_sentences_name_one_or_several_thinnest_goals(views, ds, n):
    strategy = views.strategy_measures
    per_goal = analysis.measures_per_goal(strategy, ds.goals)
    thinnest = analysis.thinnest_goals(per_goal).head(n)
    sentences = facts.strategy_facts(per_goal, strategy, thinnest, "Stand Juni 2021")
    assert not singular_after_one(sentences), sentences
    last = sentences[-1]
    assert ("ist das Handlungsziel " if n == 1 else "sind die Handlungsziele ") in last, last


def test_strategy_sentences_without_measures(views, ds):
    empty = views.strategy_measures.iloc[0:0]
    per_goal = analysis.measures_per_goal(empty, ds.goals)
    sentences = facts.strategy_facts(per_goal, empty, analysis.thinnest_goals(per_goal), "Stand Juni 2021")
    assert sentences == ["Für die gewählten Filter gibt es keine Strategiemaßnahmen."]


@pytest.mark.parametrize(
    ("n_partner", "n_strategy", "expected"),
    [
        (0, 0, "0 Treffer: 0 Partnermaßnahmen und 0 Strategiemaßnahmen für „Chor“."),
        (1, 0, "1 Treffer: 1 Partnermaßnahme und 0 Strategiemaßnahmen für „Chor“."),
        (1, 1, "2 Treffer: 1 Partnermaßnahme und 1 Strategiemaßnahme für „Chor“."),
        (2, 1000, "1.002 Treffer: 2 Partnermaßnahmen und 1.000 Strategiemaßnahmen für „Chor“."),
    ],
)
def test_search_sentence(n_partner, n_strategy, expected):
    assert facts.search_facts(n_partner, n_strategy, "Chor") == [expected]


def test_search_sentence_without_a_query():
    assert facts.search_facts(3, 4, "") == [
        "7 Treffer: 3 Partnermaßnahmen und 4 Strategiemaßnahmen (ohne Suchbegriff: alle Maßnahmen)."
    ]


@pytest.mark.parametrize("n", [0, 1, 2])
def test_network_sentences(views, n):
    partners = views.partners.head(n)
    measures = views.partner_measures[views.partner_measures["partner_id"].isin(partners["partner_id"])]
    sentences = facts.network_facts(partners, measures.head(n), "Stand 30.09.2020", since_year=2000)
    assert not singular_after_one(sentences), sentences
    if n == 1:
        assert "Seit 2000 ist 1 Partner hinzugekommen." in sentences
        assert sentences[0].startswith("1 Partner (Stand 30.09.2020), in der Gruppe „")
    elif n == 2:
        assert "Seit 2000 sind 2 Partner hinzugekommen." in sentences


def test_singular_check_catches_a_plural_after_one():
    assert singular_after_one(["1 Nennungen", "11 Maßnahmen", "1.001 Angaben"]) == ["Nennungen"]


def test_a_tie_for_the_most_measures_names_every_focus_area(views):
    wdr = views.partners[views.partners["partner"] == "WDR"]
    measures = views.partner_measures[views.partner_measures["partner_id"].isin(wdr["partner_id"])]
    counts = measures.groupby("focus_label").size()
    leaders = sorted(counts[counts == counts.max()].index)
    assert len(leaders) == 2  # the shipped data: WDR has 6 measures in each of two focus areas
    text = " ".join(facts.network_facts(wdr, measures, "Stand 30.09.2020"))
    assert f"die meisten in den Themenschwerpunkten „{leaders[0]}“ und „{leaders[1]}“ (je 6)." in text, text
