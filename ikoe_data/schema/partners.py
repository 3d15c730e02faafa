"""Schemas of the partner network's tables: focus areas, measure types, partners and their measures."""

from __future__ import annotations

from ..table_model import (
    LONG_TEXT_LIMIT,
    NAME_BASES,
    PARTNER_TYPES,
    PILLARS,
    PLACE_BASES,
    REGIERUNGSBEZIRKE,
    SCOPES,
    STATUS_PARTNER_MEASURE,
    Column,
    Table,
    anchor_column,
    fundstelle_columns,
    source_columns,
)

FOCUS_AREAS = Table(
    "focus_areas",
    "Themenschwerpunkte",
    "Die fünf Themenschwerpunkte des Partnerberichts und der Abschnitt „Weitere Maßnahmen“ (6).",
    (
        Column("focus_area", "int", "Themenschwerpunkt", "Nummer 1–6 in der Reihenfolge des Berichts.", min=1, max=6),
        Column("title", "str", "Titel", "Überschrift des Abschnitts im Partnerbericht."),
        Column("short_label", "str", "Kurzname", "Kurzbezeichnung für Diagramme."),
        *source_columns(),
        *fundstelle_columns(),
    ),
    key=("focus_area",),
    editable=False,
)

MEASURE_TYPES = Table(
    "measure_types",
    "Maßnahmenarten (Taxonomie)",
    "Taxonomie der Maßnahmenarten, gebildet aus allen fünf Quellen; Säulen nach den Folien des Kreises Heinsberg.",
    (
        Column("measure_type", "str", "Maßnahmenart", "Code der Maßnahmenart."),
        Column("label", "str", "Bezeichnung", "Deutsche Bezeichnung."),
        Column(
            "pillar",
            "str",
            "Säule",
            "Säule eines IKÖ-Konzepts (Personal, Organisationsstrukturen, Angebot, Vernetzung).",
            enum=PILLARS,
        ),
        Column("description", "str", "Beschreibung", "Was unter die Art fällt.", max_length=LONG_TEXT_LIMIT),
        Column(
            "source_doc",
            "str",
            "Quelle",
            "Dokument, in dem das Format als Beispiel genannt ist.",
            required=False,
            ref=("sources", "source_doc"),
        ),
        Column("source_line", "int", "Zeile in der Quelle", "Zeile der Nennung.", required=False, min=1),
        anchor_column(required=False),
        *fundstelle_columns(required=False),
    ),
    key=("measure_type",),
    editable=False,
)

PARTNERS = Table(
    "partners",
    "Partner",
    "Die Partner des Netzwerks; partner_id ist die Position in der Beitrittstabelle des Partnerberichts.",
    (
        Column(
            "partner_id",
            "int",
            "Partner-Nr.",
            "Position 1–32 in der Tabelle „Übersicht der Partner in "
            "Reihenfolge ihres Beitritts“ (neue Partner fortlaufend).",
            min=1,
        ),
        Column("name", "str", "Name", "Vollständiger Name der Organisation."),
        Column("short_name", "str", "Kurzname", "Kurzname für Diagramme und Tabellen."),
        Column("partner_type", "str", "Art des Partners", "Art der Organisation.", enum=PARTNER_TYPES),
        Column("place", "str", "Ort", "Ort (aus dem Namen) bzw. Sitz der Organisation."),
        Column(
            "place_basis",
            "str",
            "Herkunft der Ortsangabe",
            "name = Ort steht im Namen; seat = Sitz der Organisation (allgemein bekannt, nicht aus den Quellen); "
            "region = Verbund mehrerer Orte.",
            enum=PLACE_BASES,
        ),
        Column(
            "regierungsbezirk",
            "str",
            "Regierungsbezirk",
            "Regierungsbezirk des Ortes bzw. Sitzes.",
            enum=REGIERUNGSBEZIRKE,
        ),
        Column("scope", "str", "Wirkungskreis", "lokal, regional oder landesweit.", enum=SCOPES),
        Column(
            "accession_date",
            "date",
            "Beitritt",
            "Beitrittsdatum laut Beitrittstabelle des Partnerberichts.",
            not_future=True,
        ),
        Column(
            "name_basis",
            "str",
            "Herkunft des Namens",
            "Wie der Name rekonstruiert wurde: report_section_order = Reihenfolge der Abschnitte im Bericht "
            "(nach Beitritt) und Tabellendatum; web_page_date = Datum auf der älteren Webseite; "
            "web_page_elimination = auf der Webseite als Partner genannt, einzige freie Position; "
            "import = per Datenimport ergänzt.",
            enum=NAME_BASES,
        ),
        Column("source_doc", "str", "Quelle (Beitritt)", "Quelle des Beitrittsdatums.", ref=("sources", "source_doc")),
        Column("source_line", "int", "Zeile (Beitritt)", "Zeile des Beitrittsdatums in der Quelle.", min=1),
        *fundstelle_columns(of="Beitritt"),
        Column(
            "name_source_doc", "str", "Quelle (Name)", "Quelle, in der der Name steht.", ref=("sources", "source_doc")
        ),
        Column("name_source_line", "int", "Zeile (Name)", "Zeile, in der der Name steht.", min=1),
        Column("source_name", "str", "Name in der Quelle", "Der Name, wie er in dieser Zeile steht."),
        *fundstelle_columns(prefix="name_", of="Name"),
    ),
    key=("partner_id",),
)

PARTNER_MEASURES = Table(
    "partner_measures",
    "Maßnahmen der Partner",
    "Jede berichtete Einzelmaßnahme eines Partners je Themenschwerpunkt; Titel und Zusammenfassung in eigenen Worten.",
    (
        Column(
            "measure_id",
            "str",
            "Lfd. Nr. (Dashboard)",
            "Laufende Nummer des Dashboards, P{Themenschwerpunkt}-{Partner}-{lfd. Nr.}, z. B. P1-01-03; der "
            "Partnerbericht nummeriert keine Maßnahmen.",
        ),
        Column("partner_id", "int", "Partner-Nr.", "Verweis auf partners.csv.", ref=("partners", "partner_id")),
        Column(
            "focus_area",
            "int",
            "Themenschwerpunkt",
            "Verweis auf focus_areas.csv (1–6).",
            ref=("focus_areas", "focus_area"),
        ),
        Column("title", "str", "Titel", "Kurztitel in eigenen Worten."),
        Column("summary", "str", "Zusammenfassung", "Ein Satz in eigenen Worten.", max_length=LONG_TEXT_LIMIT),
        Column(
            "measure_types",
            "list",
            "Maßnahmenarten",
            "Ein bis vier Codes aus measure_types.csv, mit ; getrennt.",
            ref=("measure_types", "measure_type"),
        ),
        Column(
            "status",
            "str",
            "Umsetzungsstand",
            "carried_out = durchgeführt; ongoing = laufend/dauerhaft; planned = geplant; "
            "cancelled_postponed = abgesagt, verschoben oder nicht möglich (z. B. pandemiebedingt).",
            enum=STATUS_PARTNER_MEASURE,
        ),
        Column("report_year", "int", "Berichtsjahr", "Jahr der Berichtsausgabe.", min=2000, max=2100),
        *source_columns(),
        anchor_column(),
        *fundstelle_columns(),
    ),
    key=("measure_id",),
)
