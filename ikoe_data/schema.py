"""Table schemas of the curated datasets: the single source for loading, validation,
the import template and the data dictionary.

Every column carries a German label and description because the same definitions are shown to
analysts (data dictionary page, Excel template, error messages). Column and Table are described in
`table_model`; the German data dictionary is written by `data_dictionary`.
"""

from __future__ import annotations

from .table_model import (
    CONCEPTS,
    LONG_TEXT_LIMIT,
    METHODS,
    NAME_BASES,
    PARTNER_TYPES,
    PILLARS,
    PLACE_BASES,
    QUALIFIERS,
    REGIERUNGSBEZIRKE,
    SCOPES,
    SHARE_BASES,
    SOURCE_ROLES,
    STATUS_PARTNER_MEASURE,
    STATUS_STRATEGY_MEASURE,
    UNITS,
    ZIELDIMENSIONEN,
    Column,
    Kind,
    Table,
    anchor_column,
    source_columns,
)


def _year_columns(description: str) -> tuple[Column, ...]:
    return (
        Column("year", "int", "Jahr", description, required=False, min=1990, max=2100),
        Column(
            "year_line",
            "int",
            "Zeile (Jahr)",
            "Zeile, in der das Jahr steht, wenn nicht in source_line; leer = source_line.",
            required=False,
            min=1,
        ),
    )


def _wording_columns(flag: str, what: str) -> tuple[Column, ...]:
    return (
        Column(
            "wording",
            "str",
            "Wortlaut",
            f"Die Mengenangabe, wie sie in der Quelle steht, wenn der {what} nicht als Zahl genannt ist "
            "(z. B. „rund ein Drittel“, „durchweg“, „zwischen 25-30%“).",
            required=False,
        ),
        Column(
            flag,
            "bool",
            f"{what} abgeleitet",
            f"true, wenn der {what} aus dem Wortlaut abgeleitet ist (z. B. ein Drittel = 33,3), nur zum Zeichnen.",
        ),
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

FOCUS_AREAS = Table(
    "focus_areas",
    "Themenschwerpunkte",
    "Die fünf Themenschwerpunkte des Partnerberichts und der Abschnitt „Weitere Maßnahmen“ (6).",
    (
        Column("focus_area", "int", "Themenschwerpunkt", "Nummer 1–6 in der Reihenfolge des Berichts.", min=1, max=6),
        Column("title", "str", "Titel", "Überschrift des Abschnitts im Partnerbericht."),
        Column("short_label", "str", "Kurzname", "Kurzbezeichnung für Diagramme."),
        *source_columns(),
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
        Column(
            "name_source_doc", "str", "Quelle (Name)", "Quelle, in der der Name steht.", ref=("sources", "source_doc")
        ),
        Column("name_source_line", "int", "Zeile (Name)", "Zeile, in der der Name steht.", min=1),
        Column("source_name", "str", "Name in der Quelle", "Der Name, wie er in dieser Zeile steht."),
    ),
    key=("partner_id",),
)

PARTNER_MEASURES = Table(
    "partner_measures",
    "Maßnahmen der Partner",
    "Jede berichtete Einzelmaßnahme eines Partners je Themenschwerpunkt; Titel und Zusammenfassung in eigenen Worten.",
    (
        Column("measure_id", "str", "Maßnahmen-Nr.", "P{Themenschwerpunkt}-{Partner}-{lfd. Nr.}, z. B. P1-01-03."),
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
    ),
    key=("measure_id",),
)

STAFF_SHARES = Table(
    "staff_shares",
    "Beschäftigtenanteile",
    "Jede Angabe in den Quellen zum Anteil von Beschäftigten, Auszubildenden, Neueingestellten oder Mitgliedern "
    "mit Einwanderungsgeschichte (bzw. Migrationshintergrund, ausländischer Staatsangehörigkeit).",
    (
        Column("share_id", "str", "Angabe-Nr.", "S-001, S-002, … in Dokumentreihenfolge."),
        Column(
            "partner_id",
            "int",
            "Partner-Nr.",
            "Verweis auf partners.csv; leer bei landesweiten oder anderen Angaben.",
            required=False,
            ref=("partners", "partner_id"),
        ),
        Column(
            "organisation",
            "str",
            "Organisation",
            "Organisation, wenn die Angabe keinen Partner betrifft.",
            required=False,
        ),
        *_year_columns(
            "Bezugsjahr, nur wenn die Quelle es nennt (bei Zeiträumen das Endjahr); leer = Jahr nicht genannt."
        ),
        Column("period", "str", "Zeitraum/Stichtag", "Zeitangabe wie in der Quelle, kurz.", required=False),
        Column(
            "share_percent",
            "float",
            "Anteil (%)",
            "Anteil in Prozent (0–100); bei einer Spanne die Untergrenze; leer, wenn die Quelle keinen Anteil "
            "nennt (z. B. nur einen Zielwert oder eine Anzahl ohne Grundgesamtheit).",
            required=False,
            min=0,
            max=100,
        ),
        Column(
            "share_percent_upper",
            "float",
            "Anteil bis (%)",
            "Obergrenze, wenn die Quelle eine Spanne nennt (z. B. 30 bei „zwischen 25–30 %“); sonst leer.",
            required=False,
            min=0,
            max=100,
        ),
        Column(
            "share_computed", "bool", "Anteil berechnet", "true, wenn der Anteil aus Zähler und Nenner berechnet wurde."
        ),
        *_wording_columns("share_derived", "Anteil"),
        Column("numerator", "int", "Anzahl mit EG", "Zähler, wenn genannt.", required=False, min=0),
        Column(
            "numerator_qualifier",
            "str",
            "Einschränkung (Zähler)",
            "Zusatz der Quelle zum Zähler (z. B. mindestens); leer = exakt.",
            required=False,
            enum=QUALIFIERS,
        ),
        Column("denominator", "int", "Grundgesamtheit", "Nenner, wenn genannt.", required=False, min=1),
        Column(
            "denominator_qualifier",
            "str",
            "Einschränkung (Nenner)",
            "Zusatz der Quelle zum Nenner (z. B. rund); leer = exakt.",
            required=False,
            enum=QUALIFIERS,
        ),
        Column(
            "basis",
            "str",
            "Bezugsgruppe",
            "staff = Beschäftigte; trainees = Auszubildende/Anwärter*innen; new_hires = Neueinstellungen; "
            "applicants = Bewerbende; management = Führungskräfte; department = einzelne Organisationseinheit; "
            "members = Mitglieder; other = andere.",
            enum=SHARE_BASES,
        ),
        Column("basis_detail", "str", "Bezugsgruppe (Detail)", "Genauere Angabe in eigenen Worten.", required=False),
        Column(
            "concept",
            "str",
            "Begriff",
            "Begriff der Quelle: einwanderungsgeschichte, migrationshintergrund, foreign_nationality "
            "(ausländische Staatsangehörigkeit), born_abroad (im Ausland geboren), unspecified.",
            enum=CONCEPTS,
        ),
        Column(
            "method",
            "str",
            "Erhebungsart",
            "survey = Befragung; estimate = Schätzung (nur wenn die Quelle von einer Schätzung spricht); "
            "name_based = Zuordnung nach Vor- und Nachnamen; administrative = Personaldaten; "
            "unknown = nicht angegeben.",
            enum=METHODS,
        ),
        Column(
            "target_percent", "float", "Zielwert (%)", "Genannter Zielwert in Prozent.", required=False, min=0, max=100
        ),
        Column(
            "target_year",
            "int",
            "Zieljahr",
            "Jahr, bis zu dem der Zielwert erreicht werden soll.",
            required=False,
            min=1990,
            max=2100,
        ),
        Column(
            "qualifier",
            "str",
            "Einschränkung",
            "Zusatz der Quelle zum Anteil, wie sie ihn verwendet (ca., etwa, rund, mehr als, knapp, fast, annähernd, "
            "über, unter, mindestens); leer = exakt.",
            required=False,
            enum=QUALIFIERS,
        ),
        *source_columns(),
        anchor_column(),
        Column("note", "str", "Hinweis", "Anmerkung in eigenen Worten.", required=False, max_length=LONG_TEXT_LIMIT),
    ),
    key=("share_id",),
)

BENCHMARKS = Table(
    "benchmarks",
    "Vergleichs- und Kontextzahlen",
    "Bevölkerungsanteile mit Einwanderungsgeschichte und Kennzahlen des Netzwerks; widersprechen sich Quellen, "
    "sind beide Werte enthalten.",
    (
        Column("benchmark_id", "str", "Kennzahl-Nr.", "B-001, B-002, …"),
        Column("scope", "str", "Bezugsraum", "z. B. NRW, Deutschland, Partnernetzwerk."),
        Column("indicator", "str", "Indikator", "Code des Indikators (z. B. population_share_eg)."),
        Column("label", "str", "Bezeichnung", "Kurze Bezeichnung in eigenen Worten."),
        Column("value", "float", "Wert", "Zahlenwert; bei einer Spanne die Untergrenze."),
        Column(
            "value_upper",
            "float",
            "Wert bis",
            "Obergrenze, wenn die Quelle eine Spanne nennt; sonst leer.",
            required=False,
        ),
        *_wording_columns("value_derived", "Wert"),
        Column("unit", "str", "Einheit", "percent, count, persons oder euro.", enum=UNITS),
        *_year_columns("Bezugsjahr, nur wenn die Quelle es nennt; leer = Jahr nicht genannt."),
        Column(
            "qualifier",
            "str",
            "Einschränkung",
            "Zusatz der Quelle, wie sie ihn verwendet (z. B. rund, über, etwa, annähernd); leer = exakt.",
            required=False,
            enum=QUALIFIERS,
        ),
        Column(
            "concept", "str", "Begriff", "Begriff der Quelle (bei Bevölkerungsanteilen).", required=False, enum=CONCEPTS
        ),
        *source_columns(),
        anchor_column(),
        Column("note", "str", "Hinweis", "Anmerkung in eigenen Worten.", required=False, max_length=LONG_TEXT_LIMIT),
    ),
    key=("benchmark_id",),
)

SOURCE_CONFLICTS = Table(
    "source_conflicts",
    "Widersprüche zwischen Quellen",
    "Jede bekannte Abweichung zwischen Quellen (Datum, Name, Zahl); Wert a ist der im Dashboard verwendete.",
    (
        Column("conflict_id", "str", "Nr.", "K-01, K-02, …"),
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
        Column("value_b", "str", "Wert b", "Abweichender Wert."),
        Column("source_doc_b", "str", "Quelle b", "Quelle von Wert b.", ref=("sources", "source_doc")),
        Column("source_line_b", "int", "Zeile b", "Zeile von Wert b.", min=1),
        Column("resolution", "str", "Umgang", "Wie das Dashboard damit umgeht.", max_length=LONG_TEXT_LIMIT),
    ),
    key=("conflict_id",),
    editable=False,
    provenance=False,
)

ZIELDIMENSIONEN_T = Table(
    "zieldimensionen",
    "Zieldimensionen",
    "Die drei Zieldimensionen der Teilhabe- und Integrationsstrategie 2030.",
    (
        Column("zieldimension", "str", "Zieldimension", "I, II oder III.", enum=ZIELDIMENSIONEN),
        Column("title", "str", "Titel", "Titel der Zieldimension."),
        *source_columns(),
    ),
    key=("zieldimension",),
    editable=False,
)

GOALS = Table(
    "goals",
    "Handlungsziele",
    "Die 37 Handlungsziele der Teilhabe- und Integrationsstrategie 2030.",
    (
        Column("goal_id", "int", "Handlungsziel", "Nummer 1–37.", min=1),
        Column("zieldimension", "str", "Zieldimension", "I, II oder III.", ref=("zieldimensionen", "zieldimension")),
        Column("title", "str", "Titel", "Titel des Handlungsziels wie im Bericht."),
        *source_columns(),
    ),
    key=("goal_id",),
)

RESSORTS = Table(
    "ressorts",
    "Ressorts",
    "Ministerien laut Abkürzungsverzeichnis des Umsetzungsberichts.",
    (
        Column("code", "str", "Kürzel", "Normalisiertes Ressortkürzel."),
        Column("name", "str", "Name", "Name des Ministeriums."),
        Column("source_doc", "str", "Quelle", "Quelle des Namens.", required=False, ref=("sources", "source_doc")),
        Column("source_line", "int", "Zeile in der Quelle", "Zeile im Abkürzungsverzeichnis.", required=False, min=1),
    ),
    key=("code",),
    editable=False,
)

ZIELGRUPPEN = Table(
    "zielgruppen",
    "Zielgruppen",
    "Normalisierte Zielgruppen der Strategiemaßnahmen.",
    (
        Column("code", "str", "Code", "Code der Zielgruppe."),
        Column("label_de", "str", "Bezeichnung", "Deutsche Bezeichnung."),
    ),
    key=("code",),
    editable=False,
    provenance=False,
)

STRATEGY_MEASURES = Table(
    "strategy_measures",
    "Maßnahmen der Strategie",
    "Jede Maßnahme des Umsetzungsberichts je Handlungsziel; eine unter mehreren Zielen genannte Maßnahme hat "
    "je Ziel eine Zeile mit derselben measure_id.",
    (
        Column("measure_id", "str", "Maßnahmen-Nr.", "M-001, … (gemeinsamer Schlüssel über Handlungsziele hinweg)."),
        Column("goal_id", "int", "Handlungsziel", "Verweis auf goals.csv.", ref=("goals", "goal_id")),
        Column("title", "str", "Titel", "Titel der Maßnahme wie im Bericht."),
        Column(
            "ressorts",
            "list",
            "Ressorts",
            "Normalisierte Ressortkürzel, mit ; getrennt; leer, wenn der Bericht keine Zuständigkeit nennt.",
            required=False,
            ref=("ressorts", "code"),
        ),
        Column("ressorts_raw", "str", "Zuständigkeit (Wortlaut)", "Zuständigkeit wie im Bericht.", required=False),
        Column("zeitrahmen", "str", "Zeitrahmen", "Zeitrahmen wie im Bericht."),
        Column("status", "str", "Status", "Aus dem Zeitrahmen normalisiert.", enum=STATUS_STRATEGY_MEASURE),
        Column(
            "start_year",
            "int",
            "Beginn",
            "Beginnjahr laut Zeitrahmen oder Beschreibung.",
            required=False,
            min=1990,
            max=2100,
        ),
        Column(
            "end_year", "int", "Ende", "Endjahr laut Zeitrahmen oder Beschreibung.", required=False, min=1990, max=2100
        ),
        Column(
            "start_year_line", "int", "Zeile (Beginn)", "Zeile, in der das Beginnjahr steht.", required=False, min=1
        ),
        Column("end_year_line", "int", "Zeile (Ende)", "Zeile, in der das Endjahr steht.", required=False, min=1),
        Column(
            "zielgruppen",
            "list",
            "Zielgruppen",
            "Normalisierte Zielgruppen, mit ; getrennt.",
            ref=("zielgruppen", "code"),
        ),
        Column("zielgruppen_raw", "str", "Zielgruppe (Wortlaut)", "Zielgruppe wie im Bericht."),
        Column("row_shape", "str", "Zeilenform", "Form der Zeile im Quelltext (für die Extraktion).", required=False),
        *source_columns(),
    ),
    key=("measure_id", "goal_id"),
)

STRATEGY_BUDGETS = Table(
    "strategy_budgets",
    "Haushaltsangaben der Strategiemaßnahmen",
    "Jede Betragsangabe zu einer Strategiemaßnahme.",
    (
        Column(
            "measure_id",
            "str",
            "Maßnahmen-Nr.",
            "Verweis auf strategy_measures.csv.",
            ref=("strategy_measures", "measure_id"),
        ),
        Column("goal_id", "int", "Handlungsziel", "Handlungsziel der Zeile.", ref=("goals", "goal_id")),
        Column("amount_eur", "float", "Betrag (Euro)", "Betrag in Euro.", min=0),
        Column("year", "int", "Jahr", "Haushaltsjahr, wenn genannt.", required=False, min=1990, max=2100),
        Column("label", "str", "Bezeichnung", "Wofür, in eigenen Worten."),
        *source_columns(),
        anchor_column(),
    ),
    key=("measure_id", "goal_id", "source_line", "source_anchor"),
)

# Load order matters: referenced tables come first.
TABLES: tuple[Table, ...] = (
    SOURCES,
    FOCUS_AREAS,
    MEASURE_TYPES,
    PARTNERS,
    PARTNER_MEASURES,
    STAFF_SHARES,
    BENCHMARKS,
    SOURCE_CONFLICTS,
    ZIELDIMENSIONEN_T,
    GOALS,
    RESSORTS,
    ZIELGRUPPEN,
    STRATEGY_MEASURES,
    STRATEGY_BUDGETS,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}

__all__ = ["TABLES", "TABLES_BY_NAME", "Column", "Kind", "Table"]
