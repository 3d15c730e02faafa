"""Offline extraction of the "Umsetzungsbericht zur Teilhabe- und Integrationsstrategie 2030" (Stand Juni 2021).

An ETL step, not part of the running dashboard: it builds files in ``datasets/`` from the source.
Pure Python (stdlib + pandas). Reads the plain-text conversion of the report
(``../shared/seeds/001_a2b10518d53f4ad6.txt``, doc key ``umsetzungsbericht_2021``)
and returns the Zieldimensionen, the 37 Handlungsziele, every measure row, every
budget figure of a measure, and the lookup tables for ministries (Ressorts) and
target groups (Zielgruppen).

CLI::

    python -m etl.strategy SEED_PATH OUT_DIR

writes ``zieldimensionen.csv``, ``goals.csv``, ``strategy_measures.csv``,
``strategy_budgets.csv``, ``ressorts.csv`` and ``zielgruppen.csv`` to OUT_DIR.

Modules, in the order a line of the report passes through them:
``text`` (whitespace, titles), ``rows`` (the six row shapes), ``normalise`` (Ressorts,
status, Zielgruppen), ``years``, ``budgets``, ``parser`` (the whole report), ``output``
(CSV files), ``cli``. The judgement calls live as data in ``curation/*.toml`` (read by
``curation``): seed files, ministry codes, Zielgruppen facets, year phrases, budget labels.

Row shapes recognised (``row_shape``)
-------------------------------------
``markdown_table``
    ``| • Titel | MKFFI | Laufend | Zielgruppe |`` (optionally ``<ul ...>`` before the
    bullet; the ``- | | | | |`` / ``|---|`` lines around it are layout only).
``bold_inline``
    ``- **Titel** **MKFFI** **Laufend** **Zielgruppe**`` (some fields not bold).
``field_per_line``
    ``• Titel`` or ``- **Titel**`` followed by one field per paragraph
    (Zuständigkeit, Zeitrahmen, Zielgruppe; a field may wrap over several lines;
    the Zuständigkeit may be missing).
``bold_title_tab_fields``
    ``- **Titel**`` followed by one line ``MKFFI<TAB>Laufend<TAB>Zielgruppe``.
``tab_separated``
    ``• Titel<TAB>MKFFI<TAB>Laufend<TAB>Zielgruppe`` (optionally with ``<ul ...>``
    prefix, with or without bullet).
``html``
    ``<ul ...> • Titel<TAB>MSB<TAB>Laufend<TAB>...`` rows that stand directly next to
    ``<p>...</p>`` description lines (the HTML fragment blocks).

Normalisation rules
-------------------
Ressorts (``ressorts``):
    codes of the Abkürzungsverzeichnis, in the order written. "Alle Ressorts" on its
    own -> ``ALLE``. "alle Ressorts"/"weitere Ressorts" *in addition to* a named
    ministry -> the ministry plus ``WEITERE`` (``MKFFI, alle Ressorts`` ->
    ``MKFFI;WEITERE``; ``MAGS, weitere Ressorts`` -> ``MAGS;WEITERE``); the
    difference alle/weitere is kept in ``ressorts_raw``. The typo ``MKV`` (not in the
    Abkürzungsverzeichnis) is read as ``MKW``. A row without Zuständigkeit gets an
    empty cell.
Status (``status``) from the Zeitrahmen:
    ``abgeschlossen`` if it says abgeschlossen/beendet; ``laufend_und_geplant`` if it
    starts with "Laufend" and has a separate item "geplant" ("Laufend, geplant");
    ``laufend`` if it starts with "Laufend"/"fortlaufend"/"seit" (a "geplante
    Verlängerung" of a running measure stays ``laufend``); ``geplant`` if it starts
    with "Geplant" or is "Beginn ab <Datum>" with a date after the report's
    Stand (June 2021); a "Beginn ab" date up to June 2021 -> ``laufend``.
Years (``start_year``/``end_year``, line of the year in ``*_year_line``):
    1. a hand-checked phrase in ``curation/years.toml`` ([[phrase]]) (where no generic rule fires, e.g.
       "hat sie 2018 ... die Einbürgerungsinitiative gestartet");
    2. the Zeitrahmen ("Beginn ab dem 01.08.2021" -> start; "projektiert bis
       (Ende) 2022" -> end; the latest end wins, so "geplante Verlängerung bis Mitte
       2023" -> 2023; "Geplant für Ende April 2021" -> end);
    3. the measure's own description (lines up to the next row or heading), first
       hit in reading order. start: "seit (dem) (Jahr|Schuljahr|Beginn des
       Jahres|Frühjahr|Mitte|<Tag. Monat>|<Monat>) JJJJ", "ab (dem Jahr) JJJJ",
       "Beginn ab ...", "startete JJJJ", "(Laufzeit|Zeitraum|Förderperiode|Jahre)
       (von) JJJJ bis/– JJJJ". end: "bis (zum) (Ende|Mitte|Jahresende|<Datum>) JJJJ",
       "endet im <Zeit> JJJJ", "(Ende) JJJJ abgeschlossen", the second year of a span.
    Phrases that match but date something else (the Bund's payments, a
    predecessor programme, a later sub-step) are listed there too ([[ignore]]).
Zielgruppen (``zielgruppen``): facets defined in ``curation/zielgruppen.toml`` (regex on
    the raw text); a row gets every facet its Zielgruppe names, in table order;
    ``junge_gefluechtete`` always comes with ``gefluechtete`` and
    ``kinder_jugendliche``; ``alle`` = the Zielgruppe starts with "Alle" (not limited
    to a group of origin, e.g. "Alle Schülerinnen und Schüler").
measure_id:
    ``M-001``... in document order of first appearance; rows whose titles are equal
    after ``title_key`` (case, quotes, punctuation, whitespace) share the id.
Budgets:
    every "<Zahl> (Mio.|Millionen|Mrd.) Euro" in a row or its description; year =
    the year written just before the figure in the same sentence (not across
    "insgesamt"/"jährlich" or another figure); "für die Jahre 2020 und 2021 jeweils
    3 Millionen Euro" gives one row per year.
"""
