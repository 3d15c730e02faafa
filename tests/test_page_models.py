"""What every page shows, tested on its model (built without Streamlit, in milliseconds): facts, views with their
selection line, n and source, tables, choices and notes. How the renderer draws a model and how widgets, links and
page switches behave is tested in tests/test_pages.py (AppTest) and the browser tests."""

from __future__ import annotations

import re
from typing import Any

import pandas as pd
import pytest

from ikoe_data import analysis, labels, pages
from ikoe_data.analysis import Views
from ikoe_data.filters import FOCUS, PARTNER, STRATEGY, Filters
from ikoe_data.pages import model as m

MODEL_PAGES = [spec.key for spec in pages.PAGES if spec.build is not None]
GROUP_FILTERS = {
    PARTNER: Filters(partner_types=("Kommune",), regierungsbezirke=("Köln", "Düsseldorf"), accession_from=2014),
    FOCUS: Filters(focus_areas=(2, 6)),
    STRATEGY: Filters(zieldimensionen=("II",), ressorts=("MKFFI",)),
}


@pytest.fixture(scope="module")
def views(ds) -> Views:
    return Views.of(ds)


@pytest.fixture
def build(ds, views, store):
    """build(key, filters=…, **choices): the page's model from the shipped data (one edition)."""
    edition = m.Edition(ds.edition, ds.edition_label)

    def _build(key: str, filters: Filters | None = None, **choices: Any) -> m.PageModel:
        spec = pages.page(key)
        assert spec.build is not None
        return spec.build(
            m.PageInput(
                ds=ds,
                views=views,
                filters=filters or Filters(),
                choices=choices,
                edition=edition,
                editions=(edition,),
                load=lambda _: ds,
            )
        )

    return _build


def facts(model: m.PageModel) -> str:
    return " ".join(model.facts)


def texts(model: m.PageModel) -> str:
    parts: list[str] = [model.title, model.question, *model.facts, *model.definitions]
    for block in model.blocks:
        parts += [str(value) for value in vars(block).values() if isinstance(value, str)]
    return " ".join(parts)


def combine(*groups: str) -> Filters:
    values: dict[str, Any] = {}
    for group in groups:
        values.update({k: v for k, v in vars(GROUP_FILTERS[group]).items() if v not in ((), None)})
    return Filters(**values)


def test_the_registry_lists_each_page_once_with_its_file():
    keys = [spec.key for spec in pages.PAGES]
    paths = [spec.url_path for spec in pages.PAGES]
    assert len(set(keys)) == len(keys) and len(set(paths)) == len(paths)
    assert paths.count("") == 1  # one default page at /
    from conftest import REPO

    assert sorted(p.stem for p in (REPO / "app_pages").glob("*.py")) == sorted(keys)
    for spec in pages.PAGES:
        assert set(spec.filters) <= {PARTNER, FOCUS, STRATEGY}
        assert spec.url_path == spec.url_path.lower() and spec.url_path.isascii()


@pytest.mark.parametrize("key", MODEL_PAGES)
def test_every_page_model_has_title_question_facts_and_sourced_views(build, key):
    model = build(key)
    assert model.title == pages.page(key).title and model.question.endswith(("?", "."))
    assert model.facts, "the main facts box"
    for view in model.views():
        assert not view.table.empty or view.key == "hits", view.key
        if view.chart:
            assert view.caption.startswith("Quelle: ") and "Eigene Auswertung" in view.caption
            assert re.search(r"n = \d", view.selection), view.selection
            assert view.figure is not None and view.summary, view.key
            meta = view.figure.layout.meta
            assert meta["selection"] == view.selection  # stamped into the chart (image, deck)
    if key != "methodology":
        assert model.definitions, "Was Sie wissen müssen"


@pytest.mark.parametrize("key", MODEL_PAGES)
def test_every_page_model_builds_under_every_filter_it_applies(build, key):
    spec = pages.page(key)
    everything = build(key)
    filtered = build(key, combine(*spec.filters))
    assert [type(b).__name__ for b in filtered.blocks if isinstance(b, m.Heading)] == [
        type(b).__name__ for b in everything.blocks if isinstance(b, m.Heading)
    ]
    if spec.filters:
        assert any(v.selection.startswith("Auswahl: ") for v in filtered.views() if v.chart) or not any(
            v.chart for v in filtered.views()
        )


def test_overview_numbers_follow_the_partner_type_filter(build):
    everything = build("overview")
    metrics = next(b for b in everything.blocks if isinstance(b, m.Metrics)).items
    assert metrics[0].value == "32"
    jobcenter = build("overview", Filters(partner_types=("Jobcenter",)))
    assert next(b for b in jobcenter.blocks if isinstance(b, m.Metrics)).items[0].value == "3"
    assert "3 Partner" in facts(jobcenter) and facts(jobcenter) != facts(everything)
    assert jobcenter.view("growth").selection == "Auswahl: Art: Jobcenter · n = 3 Partner"


def test_partner_table_shrinks_with_regierungsbezirk_and_year_filters(build):
    assert len(build("partners").view("partners").table) == 32
    koeln = len(build("partners", Filters(regierungsbezirke=("Köln",))).view("partners").table)
    assert 0 < koeln < 32
    years = build("partners", Filters(regierungsbezirke=("Köln",), accession_from=2015, accession_to=2020))
    assert 0 < len(years.view("partners").table) < koeln


def test_partner_profile_shows_measures_shares_and_conflicts(build):
    model = build("partners", partner=17)
    warnings = [b.markdown for b in model.blocks if isinstance(b, m.Notice) and b.kind == "warning"]
    assert any("13.04.2015" in w for w in warnings)  # the web page's date, shown as a conflict
    assert len(model.view("profile_measures").table) > 0
    choice = next(b for b in model.blocks if isinstance(b, m.Choice) and b.key == "partner")
    assert choice.value == 17 and choice.link == "label"
    # the link holds the chosen partner's name (Streamlit writes the option's label into it)
    by_name = build("partners", partner=choice.labels[25])
    assert next(b for b in by_name.blocks if isinstance(b, m.Choice) and b.key == "partner").value == 25
    no_entry = build("partners", partner=25)
    assert any("keinen eigenen Eintrag" in b.markdown for b in no_entry.blocks if isinstance(b, m.Notice))


def test_focus_area_filter_changes_the_measures_page(build, ds):
    drill = build("measures").view("drill").table
    assert len(drill) == len(ds.partner_measures)
    only_six = build("measures", Filters(focus_areas=(6,))).view("drill").table
    assert 0 < len(only_six) < len(drill)
    assert set(only_six["Themenschwerpunkt"]) == {"Weitere Maßnahmen"}


def test_goals_page_follows_zieldimension_filter(build):
    def first_number(model: m.PageModel) -> int:
        return int(re.search(r"\d+", facts(model).split("nennt")[1]).group())  # type: ignore[union-attr]

    everything, third = build("goals"), build("goals", Filters(zieldimensionen=("III",)))
    assert first_number(third) < first_number(everything)
    assert third.view("drill").table["Handlungsziel"].between(29, 37).all()


def test_amounts_table_counts_its_own_measures_not_the_charts(build):
    """The chart shows amounts with a year; the table and its downloads hold every amount: each counts itself."""
    view = build("goals").view("budgets")
    key = labels.column_label("measure_id", "strategy_budgets")
    in_table = view.table[key].nunique() if key in view.table else None
    assert in_table is not None and in_table > 0
    assert view.table_selection.endswith(f"n = {len(view.table)} Beträge zu {in_table} Strategiemaßnahmen")
    assert view.selection != view.table_selection


def test_staff_share_page_keeps_wording_method_and_source(build):
    model = build("staff_shares")
    table = model.view("shares").table
    assert {"Anteil (wie berichtet)", "Erhebungsart", "Fundstelle", "Bezugsgruppe"} <= set(table.columns)
    reported = set(table["Anteil (wie berichtet)"])
    assert "„mehr als einem Drittel“ (abgeleitet: 33,3 %)" in reported  # wording kept, number marked derived
    assert "25–30 %" in reported  # a range keeps both ends
    solingen = table[table["Partner"] == "Stadt Solingen"].iloc[0]
    assert solingen["Anteil (wie berichtet)"] == "20,15 %" and solingen["Jahr"] == "Jahr nicht genannt"
    assert (solingen["Anteil (%)"], solingen["Zielwert (%)"]) == (20.15, 25.0)
    assert solingen["Abstand zum Zielwert (Prozentpunkte)"] == -4.85
    assert any("gerankt" in b.markdown for b in model.blocks if isinstance(b, m.Notice) and b.kind == "warning")
    arnsberg = build("staff_shares", Filters(partner_types=("Bezirksregierung",))).view("shares").table
    assert set(arnsberg["Partner"]) == {"BR Arnsberg (Bezirksregierung Arnsberg)"}


def test_staff_share_chart_counts_what_the_main_facts_count(build):
    model = build("staff_shares")
    reported = int(re.search(r"\d+", facts(model).split("Anteilsangaben")[0].split()[-1]).group())  # type: ignore[union-attr]
    view = model.view("shares")
    assert view.selection.endswith(f"n = {reported} Anteilsangaben")
    assert len(view.table) == reported + 1
    assert f"Das Diagramm zeigt {reported} Anteilsangaben (n); die Tabelle enthält außerdem 1 Angabe ohne Anteil" in (
        view.caption.replace("\\", "")
    )


def test_partner_page_shows_solingen_with_target_and_gap(build):
    model = build("partner_page", id="14")
    assert [b.text for b in model.blocks if isinstance(b, m.Heading) and b.level == 1] == ["Stadt Solingen"]
    assert "20,15 % gegenüber dem Zielwert 25 %, Abstand −4,85 Prozentpunkte" in facts(model)
    assert model.view("partner_shares").table.iloc[0]["Abstand zum Zielwert (Prozentpunkte)"] == -4.85
    sources = model.view("partner_sources").table
    assert {"Beitrittsdatum", "Name"} <= set(sources["Angabe"]) and sources["Fundstelle"].str.len().gt(0).all()
    warnings = [b.markdown for b in model.blocks if isinstance(b, m.Notice) and b.kind == "warning"]
    assert any("Klingenstadt Solingen" in w for w in warnings)  # the known name conflict is shown
    assert model.view("partner_focus").selection.startswith("Partner: Stadt Solingen · n = ")


def test_partner_page_explains_an_unknown_id_and_shows_the_first_partner(build):
    model = build("partner_page", id="999")
    assert any("gibt es nicht" in b.markdown for b in model.blocks if isinstance(b, m.Notice))
    choice = next(b for b in model.blocks if isinstance(b, m.Choice))
    assert choice.value == "1" and choice.link == "value"


def hit_list(model: m.PageModel) -> m.HitList:
    return next(b for b in model.blocks if isinstance(b, m.HitList))


def test_search_finds_terms(build):
    everything = build("search").view("hits").table
    hits = build("search", q="Moschee").view("hits").table
    assert 0 < len(hits) < len(everything)
    assert hits["Titel"].str.cat(hits["Beschreibung"], sep=" ").str.contains("Moschee", case=False).all()
    spaces = build("search", q="   ")
    assert len(spaces.view("hits").table) == len(everything)
    assert "(ohne Suchbegriff: alle Maßnahmen)" in facts(spaces)


def test_search_lists_a_page_of_ranked_hits_with_marked_words_and_downloads_all(build):
    model = build("search", q="Sprachkurse")
    hits = hit_list(model)
    first = hits.hits[0]
    assert ":orange-background[Sprachkurse]" in first.title  # matched words marked, the text literal around them
    assert "Fundstelle: Partnerbericht" in first.meta and " · " in first.meta
    assert dict(first.details)["Fundstelle"] and ":orange-background[**Sprachkurse**]" in dict(first.details)["Titel"]
    assert not model.view("hits").show_table and hits.total == len(model.view("hits").table)
    everything = hit_list(build("search"))
    assert len(everything.hits) == analysis.HITS_PER_PAGE < everything.total
    more = hit_list(build("search", treffer_mehr=everything.more_value))
    assert len(more.hits) == 2 * analysis.HITS_PER_PAGE and more.hits[:20] == everything.hits
    assert len(hit_list(build("search", q="Moschee", treffer_mehr=everything.more_value)).hits) == 7  # another query
    strategy = build("search", q="Geflüchtete")
    assert any(h.meta.startswith("Strategiemaßnahme") and "Handlungsziel " in h.meta for h in hit_list(strategy).hits)


def test_search_facets_narrow_the_hits_and_ignore_unknown_keys(build):
    plain = build("search", q="Geflüchtete")
    group = next(b for b in plain.blocks if isinstance(b, m.ChoiceGroup))
    assert [c.key for c in group.choices] == ["nur_art", "nur_schwerpunkt", "nur_ziel", "nur_ressort"]
    assert not {c.key for c in group.choices} & {"art", "rb", "beitritt", "ts", "zd", "ressort"}
    kinds = next(c for c in group.choices if c.key == "nur_art")
    assert kinds.kind == "multi" and kinds.options == ("partner", "strategie") and kinds.value == ()
    n_strategy = int(kinds.labels["strategie"].split("(")[-1].rstrip(")"))
    narrowed = build("search", q="Geflüchtete", nur_art="strategie")
    assert set(narrowed.view("hits").table["Art"]) == {"Strategiemaßnahme"}
    assert len(narrowed.view("hits").table) == n_strategy
    chosen = next(b for b in narrowed.blocks if isinstance(b, m.ChoiceGroup)).choices[0]
    assert chosen.value == ("strategie",)
    unknown = build("search", q="Geflüchtete", nur_ziel="999,<b>")
    assert len(unknown.view("hits").table) == len(plain.view("hits").table)


def test_search_refuses_a_huge_query_with_the_hint_alone(build):
    model = build("search", q="Wort " * 100_000)
    assert [type(b) for b in model.blocks] == [m.Choice, m.Notice]
    notice = model.blocks[1]
    assert isinstance(notice, m.Notice) and notice.kind == "warning" and "zu lang" in notice.markdown
    assert "Wort Wort" not in notice.markdown


def test_methodology_lists_sources_conflicts_and_dictionary(build, ds):
    model = build("methodology")
    assert len(model.view("sources").table) == len(ds.sources)
    assert set(model.view("sources").table["Rolle"]) >= {"Partnerbericht", "Umsetzungsbericht"}
    assert len(model.view("conflicts").table) == len(ds.source_conflicts)
    assert model.view("edition_history").table["Ausgabe"].tolist() == ["Ausgelieferte Daten"]
    assert any("nur die ausgelieferten Daten" in b.markdown for b in model.blocks if isinstance(b, m.Caption))
    chosen = next(b for b in model.blocks if isinstance(b, m.Choice))
    other = build("methodology", dictionary_file=chosen.options[1])
    assert not other.view("dictionary").table.equals(model.view("dictionary").table)
    assert "Spalte" in model.view("dictionary").table.columns


@pytest.mark.parametrize("key", ["overview", "partners", "staff_shares", "goals"])
def test_comparison_of_editions_is_announced_while_only_one_exists(build, key):
    model = build(key)
    assert "Veränderung zwischen Ausgaben" in [b.text for b in model.blocks if isinstance(b, m.Heading)]
    assert any("nur eine Datenausgabe" in b.markdown for b in model.blocks if isinstance(b, m.Notice))


def test_hostile_text_never_reaches_a_model_as_markup(build):
    """Markdown fields of models carry data only through ikoe_data.text.md: no raw link or image syntax."""
    for key in MODEL_PAGES:
        for block in build(key).blocks:
            if isinstance(block, (m.Markdown, m.Caption, m.Notice)):
                assert "](" not in block.markdown, (key, block)


def test_views_keep_their_frames_typed(build):
    table = build("partners").view("partners").table
    assert pd.api.types.is_datetime64_any_dtype(table["Beitritt"])
