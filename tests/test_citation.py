"""ikoe_data.citation: the ready citation of a view, in every download's Info sheet and CSV rows, and the Fundstelle of
a row (document title, section in its headings, page, quotation), never a line number."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest
from line_numbers import line_references

from ikoe_data import citation, export
from ikoe_data.schema import TABLES

ACCESSED = dt.date(2026, 12, 7)
LINK = "https://ikoe.example/handlungsziele?ansicht-betraege=Tabelle"


def _about(ds) -> export.About:
    return export.About(
        title="Beträge im Umsetzungsbericht",
        selection="Alle Handlungsziele · n = 15 Beträge",
        link=LINK,
        source_refs=tuple(citation.source_refs(ds, ["umsetzungsbericht_2021"])),
        edition=ds.edition_label,
    )


def test_a_view_citation_names_sources_selection_evaluation_status_date_and_link(ds):
    text = _about(ds).citation(ACCESSED)
    source = ds.sources.set_index("source_doc").loc["umsetzungsbericht_2021"]
    assert text.startswith("IKÖ-Dashboard NRW: Beträge im Umsetzungsbericht. Auswahl: Alle Handlungsziele · n = 15")
    for part in (source.title, source.publisher, source.status_label, "Eigene Auswertung", ds.edition_label):
        assert part in text
    assert text.endswith(f"Abgerufen am 07.12.2026 unter {LINK}.")
    assert line_references(text) == []


def test_a_selection_is_named_once():
    text = citation.view_citation(view="T", selection="Auswahl: Art: Kreis · n = 3 Partner", sources=[], edition="",
                                  accessed=ACCESSED)  # fmt: skip
    assert text.startswith("IKÖ-Dashboard NRW: T. Auswahl: Art: Kreis · n = 3 Partner. Eigene Auswertung.")


def test_a_view_citation_without_structured_sources_names_them_as_given():
    about = export.About(title="T", selection="Alle Partner", sources=["Partnerbericht (MKFFI)"], status=["Stand X"])
    assert about.citation(ACCESSED) == (
        "IKÖ-Dashboard NRW: T. Auswahl: Alle Partner. Eigene Auswertung nach: Partnerbericht (MKFFI). "
        "Datenstand: Stand X. Abgerufen am 07.12.2026."
    )


def test_every_download_carries_the_citation_in_its_info_sheet_and_csv_rows(ds):
    about = _about(ds)
    exported = dt.datetime(2026, 12, 7, 9, 30)
    frame = pd.DataFrame({"Betrag (Euro)": [50_000_000.0], "Jahr": [2021]})
    book = openpyxl.load_workbook(io.BytesIO(export.excel_bytes(frame, about, exported_at=exported)))
    info = dict(book["Info"].iter_rows(values_only=True))
    assert info["Zitiervorschlag"] == about.citation(exported.date())
    text = export.csv_bytes(frame, about, exported_at=exported).decode("utf-8-sig")
    preamble = text.split("\r\n\r\n", 1)[0]
    assert f"Zitiervorschlag;{about.citation(exported.date())}" in preamble.split("\r\n")


def test_a_strategy_amount_is_cited_by_goal_measure_page_and_the_reports_words(ds):
    """The issue's „must show“: a strategy measure's Fundstelle names its Handlungsziel and title and quotes the
    report."""
    row = ds.strategy_budgets.iloc[0]
    goal = ds.goals.set_index("goal_id").loc[row.goal_id]
    measure = ds.strategy_measures.set_index(["measure_id", "goal_id"]).loc[(row.measure_id, row.goal_id)]
    text = citation.row_fundstelle(ds, row.to_dict())
    assert text.startswith("Umsetzungsbericht zur Nordrhein-Westfälischen Teilhabe- und Integrationsstrategie 2030")
    assert f"Handlungsziel {row.goal_id} „{goal.title}“" in text and f"Maßnahme „{measure.title}“" in text
    assert f", S. {row.source_page}: „{row.source_quote}“" in text
    assert row.source_anchor in row.source_quote


def test_a_heading_cited_as_itself_is_not_quoted_twice_and_slides_name_their_number(ds):
    goal = ds.goals.iloc[16]
    assert citation.row_fundstelle(ds, goal.to_dict()).endswith(f"„{goal.title}“, S. {goal.source_page}")
    slide = ds.measure_types[ds.measure_types["source_page"].notna()].iloc[0]
    assert f", Folie {slide.source_page} „" in citation.row_fundstelle(ds, slide.to_dict())


PLACES = [
    (table.name, prefix, suffix)
    for table in TABLES
    for prefix, suffix in (("", ""), ("name_", ""), ("", "_a"), ("", "_b"))
    if f"{prefix}source_quote{suffix}" in table.column_names
]


@pytest.mark.parametrize(("table", "prefix", "suffix"), PLACES)
def test_every_cited_row_has_a_fundstelle_without_line_numbers(ds, table, prefix, suffix):
    frame = ds.tables[table]
    texts = citation.fundstellen(ds, frame, prefix=prefix, suffix=suffix)
    cited = frame[f"{prefix}source_doc{suffix}"].notna()
    assert (texts[cited] != "").all() and (texts[~cited] == "").all()
    titles = dict(zip(ds.sources["source_doc"], ds.sources["title"]))
    assert all(
        text.startswith(titles[doc]) for text, doc in zip(texts[cited], frame[cited][f"{prefix}source_doc{suffix}"])
    )
    assert [text for text in texts if line_references(text)] == []
