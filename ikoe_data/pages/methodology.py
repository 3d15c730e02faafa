"""Daten & Methodik: where the figures come from, what they mean, and where the sources disagree."""

from __future__ import annotations

import pandas as pd

from .. import analysis, data_dictionary, editions, labels
from ..loading import Dataset
from ..text import md
from .common import ressort_readings, running_but_ended, selection_line, table_view, with_fundstelle
from .model import Block, Caption, Choice, Count, Facts, Heading, Markdown, PageInput, PageModel, resolve

TITLE = "Daten & Methodik"
QUESTION = "Woher stammen die Zahlen, was bedeuten sie, und wo widersprechen sich die Quellen?"
FILE_KEY = "dictionary_file"

CONCEPTS = """
| Quelle | Begriff | Wie er verwendet wird |
|---|---|---|
| Partnerbericht IKÖ (ausgeliefert) | Einwanderungsgeschichte | Ohne eigene Definition. Die Partner erheben unterschiedlich: freiwillige Befragungen (z. B. Bezirksregierung Arnsberg, Stadt Solingen), Zuordnung nach Vor- und Nachnamen (Polizeipräsidium Dortmund, Neueinstellungen), Geburtsort außerhalb Deutschlands aus Personaldaten (Polizeipräsidium Dortmund, Bestand). Die Bezirksregierung Düsseldorf zählt ausdrücklich die zweite und dritte Generation mit (Themenschwerpunkt 1, Eintrag „Bezirksregierung Düsseldorf“). |
| Umsetzungsbericht TIS 2030 (ausgeliefert) | Einwanderungsgeschichte | Zielgruppenbezeichnung („Menschen mit Einwanderungsgeschichte“), ohne Definition; daneben Geflüchtete und Neuzugewanderte als eigene Gruppen. |
| MSO-Leitfaden (undatiert) | Einwanderungsgeschichte / Zuwanderungsgeschichte | Bevölkerungsanteil NRW „über 25 Prozent“ ohne Jahresangabe. |
| Webseite „Wir sind Partner“ | Migrationshintergrund; nicht deutsche Staatsangehörigkeit | Zitate bei Unterzeichnungen (Kreis Lippe 2012: Auszubildende mit Migrationshintergrund; Rheinbahn 2013: Beschäftigte mit nicht deutscher Staatsangehörigkeit). |
| Folien Kreis Heinsberg | Einwanderungsgeschichte | Nur als Ziel („angemessen vertreten“), ohne Zahlen. |
"""  # noqa: E501

UNCERTAINTIES = """
- **Partnernamen:** Die Namen in der Beitrittstabelle des Partnerberichts waren Logos. Sie sind aus der Reihenfolge der
  Berichtsabschnitte (die Partner erscheinen in der Reihenfolge ihres Beitritts), den Tabellendaten und der älteren
  Webseite erschlossen. Bei gleichem Datum (Nr. 3/4, 6/7, 9/10, 18/19, 30/31) folgt die Reihenfolge dem Bericht.
  Nr. 12 (Städtekooperation Integration.Interkommunal) ist über das Datum der Webseite zugeordnet, Nr. 25 (IHK NRW)
  als einzige freie Position eines auf der Webseite genannten Partners.
- **Abschnitt ohne Überschrift:** Im Themenschwerpunkt 2 des Partnerberichts steht nach dem Eintrag der Stadt Jülich
  ein Absatz ohne Partnerüberschrift; er ist nach Inhalt („ASB-Einrichtungen“, „Zentrum 60plus“) und Reihenfolge
  dem ASB Regionalverband Ruhr zugeordnet.
- **Ort und Regierungsbezirk** von Verbänden sind ihr Sitz und stammen nicht aus den Quellen (Spalte
  „Herkunft der Ortsangabe“).
"""

HISTORY_COLUMNS = {
    "edition": "Ausgabe",
    "status_date": "Stichtag",
    "imported_at": "Eingespielt am",
    "source_file": "Datei",
    "base_edition": "Basisausgabe",
    "partners": "Partner",
    "partner_measures": "Partnermaßnahmen",
    "staff_shares": "Anteilsangaben",
    "strategy_rows": "Strategiemaßnahmen (Zeilen je Ziel)",
    "partner_report": "Aktueller Partnerbericht",
    "strategy_report": "Aktueller Umsetzungsbericht",
}


def build(inp: PageInput) -> PageModel:
    ds = inp.ds
    history = editions.edition_history()
    dictionary = pd.DataFrame(data_dictionary.data_dictionary())
    files = tuple(dictionary["Datei"].unique())
    chosen = resolve(inp.choice(FILE_KEY), files) or files[0]
    blocks: list[Block] = [
        Facts(
            (
                f"{len(ds.sources)} Quelldokumente; jede Angabe der Daten nennt ihre Fundstelle im veröffentlichten "
                "Dokument (Abschnitt, Seite wo bekannt, Wortlaut).",
                f"{len(ds.source_conflicts)} bekannte Abweichungen zwischen (oder innerhalb von) Quellen sind unten "
                "aufgeführt; das Dashboard verwendet jeweils den Wert a und zeigt den anderen an.",
                f"Datenausgabe: {inp.edition.label}.",
            )
        ),
        Heading("Quellen und Datenstand"),
        table_view(
            key="sources",
            name="Quellen",
            table=labels.to_display(
                ds.sources.assign(role=ds.sources["role"].map(labels.SOURCE_ROLE)),
                ["role", "title", "short_title", "publisher", "status_label", "status_date", "note"],
                table="sources",
            ),
            downloads=False,
        ),
        Caption(
            "Quelle: die aufgeführten Dokumente (ausgewertet in ihrer Textfassung); Auswahl, Zählung und "
            "Zusammenfassungen sind eigene Aufbereitung."
        ),
        Heading("Datenausgaben"),
        table_view(
            key="edition_history", name="Datenausgaben", table=history.rename(columns=HISTORY_COLUMNS), downloads=False
        ),
        Caption(
            "Bisher gibt es nur die ausgelieferten Daten. Jede eingespielte Berichtsausgabe erscheint hier mit "
            "Stichtag, Datei und Umfang; was sich geändert hat, zeigen dann die Seiten Übersicht, Partnernetzwerk, "
            "Beschäftigtenanteile und Handlungsziele unter „Veränderung zwischen Ausgaben“."
            if len(history) < 2
            else "Was sich zwischen zwei Ausgaben geändert hat, zeigen die Seiten Übersicht, Partnernetzwerk, "
            "Beschäftigtenanteile und Handlungsziele unter „Veränderung zwischen Ausgaben“."
        ),
        Heading("Was „Einwanderungsgeschichte“ in den Quellen bedeutet"),
        Markdown(CONCEPTS),
        Heading("Bekannte Abweichungen zwischen Quellen"),
        table_view(
            key="conflicts",
            name="Abweichungen",
            table=labels.to_display(
                with_fundstelle(ds, with_fundstelle(ds, analysis.named_source_conflicts(ds), suffix="_a"), suffix="_b"),
                [
                    "conflict_id",
                    "subject",
                    "short_name",
                    "value_a",
                    "fundstelle_a",
                    "value_b",
                    "fundstelle_b",
                    "resolution",
                ],
                table="source_conflicts",
                rename={"short_name": "Partner"},
            ),
            downloads=False,
        ),
        Heading("Bekannte Unsicherheiten der Aufbereitung"),
        Markdown(UNCERTAINTIES + _strategy_uncertainties(ds)),
        Heading("Taxonomie der Maßnahmenarten"),
        table_view(
            key="taxonomy",
            name="Taxonomie",
            table=labels.to_display(
                with_fundstelle(ds, ds.measure_types),
                ["label", "pillar", "description", "fundstelle"],
                table="measure_types",
                rename={"fundstelle": "Beleg (Fundstelle)"},
            ),
            downloads=False,
        ),
        Caption(
            "Säulen eines IKÖ-Konzepts nach den Folien des Kreises Heinsberg (Organisationsstrukturen, Personal, "
            "Angebot, Vernetzung); Kooperationsformate nach dem MSO-Leitfaden des Multikulturellen Forums."
        ),
        Heading("Datenwörterbuch"),
        Choice(key=FILE_KEY, label="Datei", options=files, value=chosen, link="none"),
        table_view(
            key="dictionary",
            name="Datenwörterbuch",
            table=dictionary[dictionary["Datei"] == chosen].drop(columns="Datei"),
            downloads=False,
        ),
        table_view(
            key="dictionary",
            name="Datenwörterbuch",
            table=dictionary,
            sources=tuple(ds.sources["source_doc"]),
            show_table=False,
            table_selection=selection_line(ds, inp.filters, Count("columns", len(dictionary))),
        ),
    ]
    return PageModel(title=TITLE, question=QUESTION, blocks=tuple(blocks))


def _strategy_uncertainties(ds: Dataset) -> str:
    """How the strategy measures' Zuständigkeit and end were read, naming the measures (a reader has no line
    numbers)."""
    ended = running_but_ended(ds.strategy_measures, ds.report_year("strategy_report"))
    readings = ressort_readings(ds.strategy_measures)
    text = f"{readings[:1].upper()}{readings[1:]}" + (f" {ended}" if ended else "")
    return f"- **Strategiemaßnahmen:** {md(text)}\n"
