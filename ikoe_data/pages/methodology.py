"""Daten & Methodik: where the figures come from, what they mean, and where the sources disagree."""

from __future__ import annotations

import pandas as pd

from .. import analysis, data_dictionary, editions, labels
from .common import source_names, table_view
from .model import Block, Caption, Choice, Facts, Heading, Markdown, PageInput, PageModel, resolve

TITLE = "Daten & Methodik"
QUESTION = "Woher stammen die Zahlen, was bedeuten sie, und wo widersprechen sich die Quellen?"
FILE_KEY = "dictionary_file"

CONCEPTS = """
| Quelle | Begriff | Wie er verwendet wird |
|---|---|---|
| Partnerbericht IKÖ (ausgeliefert) | Einwanderungsgeschichte | Ohne eigene Definition. Die Partner erheben unterschiedlich: freiwillige Befragungen (z. B. Bezirksregierung Arnsberg, Stadt Solingen), Zuordnung nach Vor- und Nachnamen (Polizeipräsidium Dortmund, Neueinstellungen), Geburtsort außerhalb Deutschlands aus Personaldaten (Polizeipräsidium Dortmund, Bestand). Die Bezirksregierung Düsseldorf zählt ausdrücklich die zweite und dritte Generation mit (Zeile 994). |
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
- **Abschnitt ohne Überschrift:** Partnerbericht Zeilen 1916–1951 sind nach Inhalt („ASB-Einrichtungen“,
  „Zentrum 60plus“) und Reihenfolge dem ASB Regionalverband Ruhr zugeordnet.
- **Ort und Regierungsbezirk** von Verbänden sind ihr Sitz und stammen nicht aus den Quellen (Spalte
  „Herkunft der Ortsangabe“).
- **Strategiemaßnahmen:** Eine Maßnahme (Zeile 509) nennt keine Zuständigkeit; „MKV“ (Zeile 925) ist als MKW gelesen.
  Zwei Maßnahmen sind laut Zeitrahmen „laufend“, laut Beschreibung aber Ende 2020 beendet (Zeilen 1082, 1730).
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
                f"{len(ds.sources)} Quelldokumente; jede Zeile der Daten nennt ihr Dokument und die Zeile, in der die "
                "Angabe steht.",
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
                analysis.named_source_conflicts(ds),
                [
                    "conflict_id",
                    "subject",
                    "short_name",
                    "value_a",
                    "source_doc_a",
                    "source_line_a",
                    "value_b",
                    "source_doc_b",
                    "source_line_b",
                    "resolution",
                ],
                table="source_conflicts",
                rename={"short_name": "Partner"},
                sources=source_names(ds),
            ),
            downloads=False,
        ),
        Heading("Bekannte Unsicherheiten der Aufbereitung"),
        Markdown(UNCERTAINTIES),
        Heading("Taxonomie der Maßnahmenarten"),
        table_view(
            key="taxonomy",
            name="Taxonomie",
            table=labels.to_display(
                ds.measure_types,
                ["label", "pillar", "description", "source_doc", "source_line"],
                table="measure_types",
                sources=source_names(ds),
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
        ),
    ]
    return PageModel(title=TITLE, question=QUESTION, blocks=tuple(blocks))
