"""Schemas of the strategy's tables: Zieldimensionen, goals, ressorts, target groups, measures, budgets."""

from __future__ import annotations

from ..table_model import (
    STATUS_STRATEGY_MEASURE,
    ZIELDIMENSIONEN,
    Column,
    Table,
    anchor_column,
    fundstelle_columns,
    source_columns,
)

ZIELDIMENSIONEN_T = Table(
    "zieldimensionen",
    "Zieldimensionen",
    "Die drei Zieldimensionen der Teilhabe- und Integrationsstrategie 2030.",
    (
        Column("zieldimension", "str", "Zieldimension", "I, II oder III.", enum=ZIELDIMENSIONEN),
        Column("title", "str", "Titel", "Titel der Zieldimension."),
        *source_columns(),
        *fundstelle_columns(),
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
        *fundstelle_columns(),
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
        *fundstelle_columns(required=False),
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
        Column(
            "measure_id",
            "str",
            "Lfd. Nr. (Dashboard)",
            "Laufende Nummer des Dashboards, M-001, … (gemeinsam über Handlungsziele hinweg); der Umsetzungsbericht "
            "nummeriert keine Maßnahmen.",
        ),
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
        *fundstelle_columns(),
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
            "Lfd. Nr. der Maßnahme (Dashboard)",
            "Verweis auf strategy_measures.csv.",
            ref=("strategy_measures", "measure_id"),
        ),
        Column("goal_id", "int", "Handlungsziel", "Handlungsziel der Zeile.", ref=("goals", "goal_id")),
        Column("amount_eur", "float", "Betrag (Euro)", "Betrag in Euro.", min=0),
        Column("year", "int", "Jahr", "Haushaltsjahr, wenn genannt.", required=False, min=1990, max=2100),
        Column("label", "str", "Bezeichnung", "Wofür, in eigenen Worten."),
        *source_columns(),
        anchor_column(),
        *fundstelle_columns(),
    ),
    key=("measure_id", "goal_id", "source_line", "source_anchor"),
)
