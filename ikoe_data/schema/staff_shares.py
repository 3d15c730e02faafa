"""Schemas of the reported staff shares and of the population shares they are compared with."""

from __future__ import annotations

from ..table_model import (
    CONCEPTS,
    LONG_TEXT_LIMIT,
    METHODS,
    QUALIFIERS,
    SHARE_BASES,
    UNITS,
    Column,
    Table,
    anchor_column,
    fundstelle_columns,
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


STAFF_SHARES = Table(
    "staff_shares",
    "Beschäftigtenanteile",
    "Jede Angabe in den Quellen zum Anteil von Beschäftigten, Auszubildenden, Neueingestellten oder Mitgliedern "
    "mit Einwanderungsgeschichte (bzw. Migrationshintergrund, ausländischer Staatsangehörigkeit).",
    (
        Column(
            "share_id",
            "str",
            "Lfd. Nr. (Dashboard)",
            "Laufende Nummer des Dashboards: S-001, S-002, … in Dokumentreihenfolge.",
        ),
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
        *fundstelle_columns(),
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
        Column("benchmark_id", "str", "Lfd. Nr. (Dashboard)", "Laufende Nummer des Dashboards: B-001, B-002, …"),
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
        *fundstelle_columns(),
        Column("note", "str", "Hinweis", "Anmerkung in eigenen Worten.", required=False, max_length=LONG_TEXT_LIMIT),
    ),
    key=("benchmark_id",),
)
