"""Schemas of the provenance tables: the source documents and the conflicts recorded between sources."""

from __future__ import annotations

from ..table_model import (
    LONG_TEXT_LIMIT,
    SOURCE_ROLES,
    Column,
    Table,
    fundstelle_columns,
)

SOURCES = Table(
    "sources",
    "Quellen",
    "Die Quelldokumente mit Herausgeber und Datenstand.",
    (
        Column("source_doc", "str", "Quelle", "Kurzschlüssel des Dokuments (z. B. partnerbericht_2024)."),
        Column(
            "role",
            "str",
            "Rolle",
            "Wofür das Dashboard die Quelle nutzt: partner_report = Partnerbericht (Partner, Partnermaßnahmen, "
            "Anteile); strategy_report = Umsetzungsbericht der Strategie (Handlungsziele, Maßnahmen); slides = "
            "Folien; guide = Leitfaden; web_page = Webseite; other = andere. Der Bericht einer Rolle mit dem "
            "jüngsten Stichtag ist der aktuelle; sein Datenstand steht auf den Seiten.",
            enum=SOURCE_ROLES,
        ),
        Column("title", "str", "Titel", "Titel des Dokuments."),
        Column("short_title", "str", "Kurztitel", "Kurzer Titel für Diagramme und Quellenangaben."),
        Column("publisher", "str", "Herausgeber", "Herausgebende Stelle."),
        Column(
            "status_label",
            "str",
            "Datenstand",
            "Datenstand, wie er in der Oberfläche angezeigt wird (z. B. „Stand 30.09.2024“).",
        ),
        Column(
            "status_date",
            "date",
            "Stichtag",
            "Stichtag als Datum (leer, wenn das Dokument keinen nennt).",
            required=False,
        ),
        Column("file", "str", "Datei", "Dateiname der Textfassung des Dokuments."),
        Column("note", "str", "Hinweis", "Anmerkung zum Dokument.", required=False, max_length=LONG_TEXT_LIMIT),
    ),
    key=("source_doc",),
    editable=True,
    provenance=False,  # a new edition adds its report as a source
)

SOURCE_CONFLICTS = Table(
    "source_conflicts",
    "Widersprüche zwischen Quellen",
    "Jede bekannte Abweichung zwischen Quellen (Datum, Name, Zahl); Wert a ist der im Dashboard verwendete.",
    (
        Column("conflict_id", "str", "Lfd. Nr. (Dashboard)", "Laufende Nummer des Dashboards: K-01, K-02, …"),
        Column("topic", "str", "Thema", "accession_date, name, initiative_name, population_share, …"),
        Column(
            "partner_id",
            "int",
            "Partner-Nr.",
            "Betroffener Partner, falls zutreffend.",
            required=False,
            ref=("partners", "partner_id"),
        ),
        Column("subject", "str", "Gegenstand", "Worum es geht, in eigenen Worten."),
        Column("value_a", "str", "Wert a (verwendet)", "Wert der führenden Quelle."),
        Column("source_doc_a", "str", "Quelle a", "Quelle von Wert a.", ref=("sources", "source_doc")),
        Column("source_line_a", "int", "Zeile a", "Zeile von Wert a.", min=1),
        *fundstelle_columns(suffix="_a", of="a"),
        Column("value_b", "str", "Wert b", "Abweichender Wert."),
        Column("source_doc_b", "str", "Quelle b", "Quelle von Wert b.", ref=("sources", "source_doc")),
        Column("source_line_b", "int", "Zeile b", "Zeile von Wert b.", min=1),
        *fundstelle_columns(suffix="_b", of="b"),
        Column("resolution", "str", "Umgang", "Wie das Dashboard damit umgeht.", max_length=LONG_TEXT_LIMIT),
    ),
    key=("conflict_id",),
    editable=False,
    provenance=False,
)
