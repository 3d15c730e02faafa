"""The Excel template: instructions, one sheet per editable table with drop-downs, hidden lists."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pandas as pd
import xlsxwriter
from openpyxl.utils import get_column_letter

from ..data_dictionary import KIND_LABELS, column_rules
from ..labels import clip_text, format_number
from ..loading import Dataset
from ..schema import TABLES, TABLES_BY_NAME, Column, Table
from ..values import is_missing
from . import limits
from .limits import megabytes_text

INSTRUCTIONS_SHEET = "Anleitung"
LISTS_SHEET = "Listen"
TEMPLATE_VALIDATION_ROWS = 5000  # drop-downs cover the data rows up to this row
REF_RANGE_ROWS = 5000
DATE_FORMAT = "DD.MM.YYYY"


def editable_tables() -> list[Table]:
    return [t for t in TABLES if t.editable]


def _rules_text(table: Table, column: Column) -> str:
    parts = [
        f"Typ: {KIND_LABELS[column.kind]}",
        "Pflichtfeld" if column.required else "darf leer bleiben",
        *column_rules(table, column),
    ]
    if column.kind == "list":
        parts.append("mehrere Codes mit ; trennen")
    if column.text_limit:
        parts.append(f"höchstens {format_number(column.text_limit)} Zeichen")
    return "; ".join(parts)


def _template_value(kind: str, value: Any) -> Any:
    """Excel value for a typed cell (None = leave empty)."""
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value)) or None
    if is_missing(value):
        return None
    if kind == "date":
        return pd.Timestamp(value).to_pydatetime()
    if kind == "bool":
        return "true" if bool(value) else "false"
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return str(value)


def template_bytes(ds: Dataset, prefilled: bool = True) -> bytes:
    """The Excel template: instructions, one sheet per editable table, hidden drop-down lists.

    prefilled=True writes the rows of `ds` so analysts edit the current edition rather than retype it.
    """
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    bold = wb.add_format({"bold": True})
    title_format = wb.add_format({"bold": True, "font_size": 14})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    header_format = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1})
    formats = {
        "date": wb.add_format({"num_format": DATE_FORMAT}),
        "str": wb.add_format({"num_format": "@"}),
        "list": wb.add_format({"num_format": "@"}),
        "bool": wb.add_format({"num_format": "@"}),
        "int": wb.add_format({"num_format": "0"}),
        "float": None,
    }

    instructions = wb.add_worksheet(INSTRUCTIONS_SHEET)
    sheets = {t.name: wb.add_worksheet(t.name) for t in editable_tables()}
    lists = wb.add_worksheet(LISTS_SHEET)
    lists.hide()

    # Hidden lists: enumerations and the keys of lookup tables that are not part of the template.
    list_sources: dict[tuple[str, str], str] = {}
    defined_names: set[str] = set()
    list_col = 0

    def add_list(key: tuple[str, str], values: list[Any]) -> str:
        nonlocal list_col
        if key not in list_sources:
            lists.write_string(0, list_col, f"{key[0]}.{key[1]}", bold)
            for row, value in enumerate(values, start=1):
                if isinstance(value, str):
                    lists.write_string(row, list_col, value)
                else:
                    lists.write_number(row, list_col, value)
            letter = get_column_letter(list_col + 1)
            list_sources[key] = f"={LISTS_SHEET}!${letter}$2:${letter}${max(len(values), 1) + 1}"
            list_col += 1
        return list_sources[key]

    for table in editable_tables():
        sheet = sheets[table.name]
        frame = ds.tables[table.name] if prefilled else ds.tables[table.name].iloc[0:0]
        for index, column in enumerate(table.columns):
            sheet.write_string(0, index, column.name, header_format)
            sheet.write_comment(
                0,
                index,
                f"{column.label}\n{column.description}\n\n{_rules_text(table, column)}",
                {"x_scale": 3, "y_scale": 2.5},
            )
            width = max(len(column.name), 12) if column.kind not in ("str", "list") else 30
            sheet.set_column(index, index, width + 2, formats[column.kind])
            values = [_template_value(column.kind, v) for v in frame[column.name].tolist()]
            for row, value in enumerate(values, start=1):
                if value is None:
                    continue
                if column.kind == "date":
                    sheet.write_datetime(row, index, value, formats["date"])
                elif column.kind in ("int", "float"):
                    sheet.write_number(row, index, value)
                else:
                    sheet.write_string(row, index, value)
            _add_validation(wb, sheet, ds, table, column, index, add_list, defined_names)
        sheet.freeze_panes(1, 0)

    _write_instructions(instructions, ds, prefilled, bold, title_format, wrap)
    instructions.activate()
    wb.close()
    return buffer.getvalue()


def _add_validation(
    wb: Any,
    sheet: Any,
    ds: Dataset,
    table: Table,
    column: Column,
    index: int,
    add_list: Callable[[tuple[str, str], list[Any]], str],
    defined_names: set[str],
) -> None:
    """Drop-down for enumerations, true/false and references to small tables (list columns: single codes)."""
    source: list[str] | str | None = None
    if column.kind == "bool":
        source = ["true", "false"]
    elif column.enum is not None:
        source = add_list((table.name, column.name), list(column.enum))
    elif column.ref is not None and TABLES_BY_NAME[column.ref[0]].key == (column.ref[1],):
        target_table, target_column = column.ref
        target = TABLES_BY_NAME[target_table]
        if target.editable:  # the list follows the sheet, so rows added there can be chosen at once
            letter = get_column_letter(target.column_names.index(target_column) + 1)
            name = f"Liste_{target_table}_{target_column}"
            if name not in defined_names:
                wb.define_name(
                    name,
                    f"=OFFSET({target_table}!${letter}$2,0,0,"
                    f"MAX(1,COUNTA({target_table}!${letter}$2:${letter}${REF_RANGE_ROWS})),1)",
                )
                defined_names.add(name)
            source = f"={name}"
        else:
            values = ds.tables[target_table][target_column].dropna().tolist()
            source = add_list((target_table, target_column), [v.item() if hasattr(v, "item") else v for v in values])
    if source is None:
        return
    options = {
        "validate": "list",
        "source": source,
        "ignore_blank": True,
        "input_title": clip_text(column.label, 32),
        "input_message": clip_text(
            "Bitte aus der Liste wählen."
            if column.kind != "list"
            else "Ein Code aus der Liste; mehrere Codes mit ; getrennt eintippen (die Rückfrage mit OK bestätigen).",
            255,
        ),
    }
    if column.kind == "list" or column.ref is not None:
        options.update(
            error_type="information" if column.kind == "list" else "warning",
            error_title="Wert prüfen",
            error_message=clip_text(
                "Der Wert steht nicht in der Liste"
                + (f" ({column.ref[0]}.{column.ref[1]})" if column.ref else "")
                + ". "
                "Der Import meldet unbekannte Verweise.",
                255,
            ),
        )
    else:
        options.update(
            error_type="stop",
            error_title="Ungültiger Wert",
            error_message=clip_text(
                "Bitte einen Wert aus der Liste wählen: " + ", ".join(column.enum or ("true", "false")), 255
            ),
        )
    sheet.data_validation(1, index, TEMPLATE_VALIDATION_ROWS, index, options)


def _write_instructions(sheet: Any, ds: Dataset, prefilled: bool, bold: Any, title_format: Any, wrap: Any) -> None:
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 110, wrap)
    lookup = [t for t in TABLES if not t.editable]
    rows: list[tuple[str, str]] = [
        (
            "Inhalt",
            f"Vorlage für eine neue Ausgabe der IKÖ-Daten, erstellt am {dt.date.today():%d.%m.%Y} "
            + (
                f"und vorbefüllt mit „{ds.edition_label}“ – bitte nur ändern, was sich geändert hat."
                if prefilled
                else "ohne Daten (leere Vorlage)."
            ),
        ),
        (
            "Ablauf",
            "1. Vorlage ausfüllen und als Excel-Arbeitsmappe (.xlsx) speichern. 2. In der Datenpflege "
            "hochladen (oder: python -m ikoe_data.importer validate DATEI.xlsx). 3. Den Prüfbericht "
            "durchgehen: jedes Problem nennt Blatt, Zeile und Spalte. 4. Die Änderungen gegenüber der "
            "aktuellen Ausgabe prüfen (neu, geändert, entfernt). 5. Den Stichtag der Ausgabe angeben und "
            "importieren. Eine Datei mit Problemen wird nicht übernommen; an den gespeicherten Daten "
            "ändert sich dann nichts.",
        ),
        (
            "Stichtag",
            "Der Stichtag (Datenstand) der Ausgabe wird beim Import angegeben, nicht in der Datei, als "
            "Datum JJJJ-MM-TT (z. B. 2024-09-30). Er darf nicht in der Zukunft liegen. Jede Ausgabe wird "
            "als eigene Fassung gespeichert; eine vorhandene Ausgabe wird nie überschrieben.",
        ),
        ("", ""),
        (
            "Neuer Bericht (1)",
            "Quelle anlegen: auf dem Blatt sources eine Zeile für den neuen Bericht, z. B. source_doc "
            "partnerbericht_2024, role partner_report (Partnerbericht) bzw. strategy_report "
            "(Umsetzungsbericht), title, short_title (kurz, für Diagramme, z. B. „Partnerbericht IKÖ 2024“), "
            "publisher, status_label (so erscheint der Stand auf allen Seiten, z. B. „Stand 30.09.2024“), "
            "status_date (Stichtag) und file. Der Bericht einer Rolle mit dem jüngsten Stichtag gilt als "
            "aktueller Bericht: sein Stand steht auf den Seiten, sein Jahr gilt für die Fortschreibung der "
            "Strategiemaßnahmen. Die bisherigen Quellen bleiben stehen.",
        ),
        (
            "Neuer Bericht (2)",
            "Zeilen anfügen oder ändern, jeweils mit source_doc des neuen Berichts und source_line (Zeile bzw. "
            "Seite der Angabe): neue Partner auf partners (nächste freie partner_id), ihre Maßnahmen auf "
            "partner_measures, neue Anteilsangaben auf staff_shares (nächste freie share_id; ein neues Jahr "
            "für einen Partner verlängert seine Zeitreihe), neue oder geänderte Maßnahmen der Strategie auf "
            "strategy_measures (neue measure_id; beendete Maßnahmen: status abgeschlossen und end_year). "
            "Unveränderte Zeilen der bisherigen Ausgabe stehen lassen.",
        ),
        (
            "Wie in der Quelle",
            "Ein Jahr nur eintragen, wenn der Bericht es nennt (sonst leer lassen: „Jahr nicht genannt“). "
            "Eine Spanne mit Unter- und Obergrenze (share_percent und share_percent_upper). Eine Wortangabe "
            "(„rund ein Drittel“) in wording, die Zahl dazu in share_percent mit share_derived true. "
            "qualifier nur mit dem Wort des Berichts; method estimate nur, wenn der Bericht von einer "
            "Schätzung spricht.",
        ),
        (
            "Neuer Bericht (3)",
            "Datei prüfen und als neue Ausgabe mit dem Stichtag des Berichts importieren (Seite Datenpflege "
            "oder python -m ikoe_data.importer import DATEI.xlsx --edition JJJJ-MM-TT). Danach zeigen die "
            "Seiten den neuen Stand und unter „Veränderung zwischen Ausgaben“, was sich geändert hat.",
        ),
        ("", ""),
        (
            "Blätter",
            "Jedes der folgenden Blätter muss in der Datei enthalten sein, auch wenn es unverändert ist. "
            "Zeilen, die fehlen, gelten in der neuen Ausgabe als entfernt.",
        ),
    ]
    for table in editable_tables():
        key = " + ".join(table.key)
        rows.append((table.name, f"{table.label}: {table.description} Schlüssel: {key}."))
    rows += [
        (
            "Nicht in der Vorlage",
            "Diese Nachschlagetabellen werden unverändert aus der aktuellen Ausgabe "
            "übernommen: " + ", ".join(f"{t.name} ({t.label})" for t in lookup) + ".",
        ),
        ("", ""),
        (
            "Regeln",
            "Zeile 1 enthält die technischen Spaltennamen: nicht ändern, keine Spalten einfügen, löschen "
            "oder umbenennen. Der Kommentar an jeder Überschrift erklärt die Spalte (Bezeichnung, Typ, "
            "Pflichtfeld, erlaubte Werte).",
        ),
        (
            "Zeilen",
            "Eine Zeile je Datensatz, ab Zeile 2. Leere Zeilen werden übersprungen. Höchstens "
            f"{format_number(limits.MAX_ROWS_PER_SHEET)} Zeilen je Blatt.",
        ),
        (
            "Schlüssel (ids)",
            "Jeder Schlüssel darf je Blatt nur einmal vorkommen (z. B. partner_id, share_id, "
            "measure_id). Neue Partner erhalten die nächste freie partner_id; neue Angaben die "
            "nächste freie Nummer (z. B. S-016).",
        ),
        (
            "Verweise",
            "partner_id muss auf dem Blatt partners stehen, goal_id auf goals, source_doc auf sources, "
            "focus_area und zieldimension in den Nachschlagetabellen. Eine neue Quelle (z. B. der neue "
            "Bericht) wird zuerst auf dem Blatt sources eingetragen.",
        ),
        (
            "Auswahllisten",
            "Spalten mit festen Werten (z. B. Art des Partners, Umsetzungsstand, Bezugsgruppe, "
            "Begriff, Erhebungsart, Status) und Verweise bieten eine Auswahlliste an.",
        ),
        (
            "Listen",
            "Spalten mit mehreren Codes (measure_types, ressorts, zielgruppen) werden mit ; getrennt, z. B. "
            "targeted_recruitment;mso_cooperation. Die Auswahlliste bietet einzelne Codes an; weitere "
            "Codes von Hand mit ; anfügen. Die erlaubten Codes stehen unten.",
        ),
        (
            "Datumsangaben",
            "Als Excel-Datum oder als Text JJJJ-MM-TT bzw. TT.MM.JJJJ. Beitrittsdaten dürfen nicht "
            "in der Zukunft liegen.",
        ),
        (
            "Zahlen",
            "Anteile in Prozent zwischen 0 und 100 (25,5 – nicht 0,255). Ganze Zahlen ohne "
            "Nachkommastellen. share_computed, share_derived und value_derived: true oder false.",
        ),
        (
            "Keine Formeln",
            "Nur Werte eintragen, keine Formeln (ggf. Kopieren → Inhalte einfügen → Werte). Text "
            "darf nicht mit =, +, - oder @ beginnen.",
        ),
        (
            "Datei",
            f"Als .xlsx speichern, ohne Makros und ohne Kennwortschutz, höchstens "
            f"{megabytes_text(limits.MAX_UPLOAD_BYTES)}. Eine einzelne Tabelle kann auch als CSV-Datei "
            "hochgeladen werden; die Datei heißt dann wie die Tabelle (z. B. staff_shares.csv).",
        ),
        ("", ""),
    ]
    row = 0
    sheet.write_string(row, 0, "Anleitung zur Datenvorlage", title_format)
    row += 2
    for label, text in rows:
        if label:
            sheet.write_string(row, 0, label, bold)
            sheet.write_string(row, 1, text)
        row += 1
    for table_name, code_column, label_column in (
        ("measure_types", "measure_type", "label"),
        ("ressorts", "code", "name"),
        ("zielgruppen", "code", "label_de"),
    ):
        table = TABLES_BY_NAME[table_name]
        sheet.write_string(row, 0, f"Codes: {table.label}", bold)
        row += 1
        for code, label in zip(ds.tables[table_name][code_column], ds.tables[table_name][label_column]):
            sheet.write_string(row, 0, str(code))
            sheet.write_string(row, 1, str(label))
            row += 1
        row += 1
