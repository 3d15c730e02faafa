"""etl.fundstellen: joining wrapped lines as a reader reads them, quotations, outlines and pages (unit tests on invented
snippets), and that datasets/ holds exactly the Fundstellen the extraction derives (needs ../shared/seeds)."""

from __future__ import annotations

import shutil

import pytest
from conftest import REPO, SEEDS, require_seeds

from etl.fundstellen.cite import fundstelle, value_forms
from etl.fundstellen.cli import CURATED, fill
from etl.fundstellen.documents import listed_sections, partner_sections, standalone_headings
from etl.fundstellen.outline import Outline, Section, page_range
from etl.fundstellen.text import join, quotation, sentence_span
from etl.strategy.outline import report_outline, toc_pages
from ikoe_data.schema import TABLES_BY_NAME


def test_words_broken_at_a_line_end_are_joined_as_printed():
    lines = ["Menschen mit Einwande-", "rungsgeschichte im Teilhabe- ", "und Integrationsgesetz in Nordrhein-",
             "Westfalen, seit Jahren zwischen 25-", "30%."]  # fmt: skip
    assert join(lines, 1, 5).text == (
        "Menschen mit Einwanderungsgeschichte im Teilhabe- und Integrationsgesetz in Nordrhein-Westfalen, "
        "seit Jahren zwischen 25-30%."
    )


def test_layout_marks_are_not_quoted():
    lines = [
        ". Der LVR beteiligte sich am Diversity-Tag.",
        "- **Titel der Maßnahme**",
        "- o erster Punkt",
        "<p>Text</p>",
    ]
    assert [join(lines, n, n).text for n in range(1, 5)] == [
        "Der LVR beteiligte sich am Diversity-Tag.", "Titel der Maßnahme", "erster Punkt", "Text",
    ]  # fmt: skip


def test_a_passage_knows_the_line_of_each_character():
    passage = join(["davor"] * 9 + ["erste Zeile mit Ein-", "", "wanderung und", "dritte"], 10, 13)
    assert passage.text == "erste Zeile mit Einwanderung und dritte"
    assert passage.line_at(passage.text.index("Einwanderung")) == 10  # the joined word begins on line 10
    assert passage.line_at(passage.text.index("wanderung")) == 12  # and goes on on line 12
    assert passage.line_at(passage.text.index("und")) == 12
    assert passage.line_at(passage.text.index("dritte")) == 13


@pytest.mark.parametrize(
    ("text", "word", "sentence"),
    [
        ("Am 9. Juni 2019 begann es. Dann kam mehr.", "begann", "Am 9. Juni 2019 begann es."),
        ("Es gibt z. B. Kurse u.a. in Köln. Neu.", "Köln", "Es gibt z. B. Kurse u.a. in Köln."),
        (
            "Mitarbeiter/innen (inkl. Anwärter) des PP. Weiter.",
            "Anwärter",
            "Mitarbeiter/innen (inkl. Anwärter) des PP.",
        ),
        ("Ein Netzwerk aus über 200 MSO: verein.de Ebenfalls neu.", "200", "Ein Netzwerk aus über 200 MSO:"),
    ],
)
def test_sentences_end_at_a_full_stop_not_at_an_abbreviation_or_date(text, word, sentence):
    start, end = sentence_span(text, text.index(word))
    assert text[start:end].strip() == sentence


def test_a_long_sentence_is_cut_around_the_anchor_with_ellipses():
    text = " ".join(f"wort{i}" for i in range(60)) + " 80.000 Mitgliedsbetrieben " + " ".join(["ende"] * 40) + "."
    start = text.index("80.000 Mitglieds")
    quote = quotation(text, start, start + len("80.000 Mitglieds"))
    assert quote.startswith("… ") and quote.endswith(" …")
    assert "80.000 Mitgliedsbetrieben" in quote  # the anchor's word is quoted whole
    assert quote.replace("… ", "").replace(" …", "") in text


def test_a_short_sentence_is_quoted_whole():
    text = "Vorher. Dafür stehen in 2021 50 Mio. Euro zur Verfügung, in 2022 75 Mio. Euro. Danach."
    start = text.index("in 2021")
    assert quotation(text, start, start + 7) == "Dafür stehen in 2021 50 Mio. Euro zur Verfügung, in 2022 75 Mio. Euro."


def test_recorded_values_are_found_in_the_sources_wording():
    assert "13. April 2015" in value_forms("13.04.2015")
    assert "über 25 Prozent" in value_forms("über 25 %")
    assert "9. Juli 2019" in value_forms("9. Juli 2019 (vom Kabinett verabschiedet)")
    assert "54 Kommunale" in value_forms("54 Kommunale Integrationszentren")


LINES = [
    "Vorwort",  # 1
    "",
    "Text des Vorworts mit 32 Partnern.",  # 3
    "",
    "Themenschwerpunkt Eins",  # 5
    "",
    "Stadt A",  # 7
    "",
    "Die Stadt A hat 12 Kurse angeboten.",  # 9
    "",
    "Stadt B",  # 11
    "",
    "Ohne Überschrift folgt ein Absatz über C mit 5 Kursen.",  # 13
]


def test_the_section_path_follows_the_headings_and_names_a_passage_without_its_heading():
    listed = listed_sections(LINES, [{"heading": "Vorwort"}, {"heading": "Themenschwerpunkt Eins", "kind": "TS 1"}])
    partners = partner_sections(LINES, [listed[1]], {"Stadt A": 1, "Stadt B": 2})
    outline = Outline(LINES, [*listed, *partners])
    assert outline.section_text(3) == "„Vorwort“"
    assert outline.section_text(9) == "TS 1 „Themenschwerpunkt Eins“, „Stadt A“"
    assert outline.bounds(9) == (7, 10)
    found = fundstelle(outline, 9, ["12 Kurse"], partner=1)
    assert (found.section, found.quote) == (
        "TS 1 „Themenschwerpunkt Eins“, „Stadt A“",
        "Die Stadt A hat 12 Kurse angeboten.",
    )
    lost = fundstelle(outline, 13, ["5 Kursen"], partner=3)
    assert lost.section == "TS 1 „Themenschwerpunkt Eins“, Abschnitt ohne Überschrift nach „Stadt B“"


def test_a_heading_printed_after_its_first_lines_starts_at_those_lines():
    lines = ["Liebe Leserinnen,", "ein Text.", "", "Vorwort", "", "Weiter im Vorwort."]
    [section] = listed_sections(lines, [{"heading": "Vorwort", "starts": "Liebe Leserinnen,"}])
    assert (section.start, section.heading_line) == (1, 4)


def test_a_short_line_before_running_text_heads_a_web_page_section():
    lines = ["Partner Stadt X", "", "Langer Text " * 20, "", "Pressemeldung", "Kurz."]
    assert [(s.start, s.heading) for s in standalone_headings(lines, "Abschnitt")] == [(1, "Partner Stadt X")]


def test_pages_come_from_the_table_of_contents():
    lines = ["Inhalt", "Vorwort\t5", "Zieldimension I:", "Erster Titel\t8", "1. Handlungsziel: Ziel eins\t8",
             "2. Handlungsziel: Ziel zwei\t11", "Impressum", "", "Vorwort", "Text", "Zieldimension I", "Erster Titel",
             "1. Handlungsziel: Ziel eins", "• Maßnahme", "Text der Maßnahme.", "2. Handlungsziel: Ziel zwei",
             "Letzter Text.", "Impressum"]  # fmt: skip
    assert toc_pages(lines) == {"vorwort": "5", "zd:I": "8", "goal:1": "8", "goal:2": "11"}
    outline = report_outline(lines, [("I", "Erster Titel", 11)], [(1, "Ziel eins", 13), (2, "Ziel zwei", 16)],
                             [("Maßnahme", 14)], "ein_testbericht")  # fmt: skip
    assert [outline.page_of(n) for n in (13, 15, 16, 17)] == ["8", "8–11", "11", "11 ff."]
    assert outline.section_text(15) == "Handlungsziel 1 „Ziel eins“, Maßnahme „Maßnahme“"
    assert page_range("34", "35") == "34–35"


def test_a_section_label_quotes_only_what_the_document_prints():
    assert Section(1, 1, "Ziel", "Handlungsziel 3").label == "Handlungsziel 3 „Ziel“"
    assert Section(1, 1, "", "Anschreiben").label == "Anschreiben"


def test_shipped_fundstellen_are_what_the_extraction_derives(tmp_path):
    """datasets/ holds exactly what `python -m etl.fundstellen` writes (the strategy tables: tests of etl.strategy)."""
    require_seeds()
    copy = tmp_path / "datasets"
    shutil.copytree(REPO / "datasets", copy)
    fill(SEEDS, copy)
    for name in CURATED:
        file = TABLES_BY_NAME[name].file
        assert (copy / file).read_bytes() == (REPO / "datasets" / file).read_bytes(), file
