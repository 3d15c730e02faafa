"""The data dictionary: every column of every table in German words, for the methodology page and
datasets/README.md (`python -m ikoe_data.data_dictionary` prints the Markdown that a test keeps in the README).
"""

from __future__ import annotations

from .schema import TABLES
from .table_model import Column, Table

KIND_LABELS = {
    "int": "ganze Zahl",
    "float": "Zahl",
    "str": "Text",
    "date": "Datum (JJJJ-MM-TT)",
    "bool": "true/false",
    "list": "Liste (mit ; getrennt)",
}


def column_rules(table: Table, column: Column) -> list[str]:
    """The checks on a column in German words (data dictionary, Excel template comments)."""
    rules = []
    if column.enum:
        rules.append("erlaubt: " + ", ".join(column.enum))
    if column.ref:
        rules.append(f"Verweis auf {column.ref[0]}.{column.ref[1]}")
    if column.min is not None or column.max is not None:
        low = "" if column.min is None else f"{column.min:g}"
        high = "" if column.max is None else f"{column.max:g}"
        rules.append(f"Bereich {low}–{high}")
    if column.not_future:
        rules.append("nicht in der Zukunft")
    if column.name in table.key:
        rules.append("Schlüssel" if len(table.key) == 1 else "Teil des Schlüssels")
    return rules


def data_dictionary() -> list[dict[str, str]]:
    """One row per column of every table, in German, for the methodology page and datasets/README.md."""
    rows = []
    for table in TABLES:
        for column in table.columns:
            rules = column_rules(table, column)
            rows.append(
                {
                    "Datei": table.file,
                    "Spalte": column.name,
                    "Bezeichnung": column.label,
                    "Typ": KIND_LABELS[column.kind],
                    "Pflicht": "ja" if column.required else "nein",
                    "Regeln": "; ".join(rules),
                    "Bedeutung": column.description,
                }
            )
    return rows


def markdown_dictionary() -> str:
    """The column documentation of datasets/README.md (generated; a test keeps the README in sync)."""
    parts = []
    for table in TABLES:
        parts.append(f"### `{table.file}` — {table.label}\n\n{table.description}\n")
        parts.append("| Spalte | Typ | Pflicht | Regeln | Bedeutung |\n|---|---|---|---|---|")
        for row in data_dictionary():
            if row["Datei"] == table.file:
                cells = [f"`{row['Spalte']}`", row["Typ"], row["Pflicht"], row["Regeln"] or "–", row["Bedeutung"]]
                parts.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        parts.append("")
    return "\n".join(parts)


if __name__ == "__main__":  # python -m ikoe_data.data_dictionary > columns.md
    print(markdown_dictionary())
