"""A realistic next report edition, built the way a data steward builds it: the Excel template prefilled with
the current edition, with a Partnerbericht 2024 and an Umsetzungsbericht 2024 added as sources and rows that
cite them (a new partner 33 with measures, new staff-share years for three partners, ten new and two ended
strategy measures; partner 1's accession now cites the new report). `EXPECTED` says exactly what changed, so
that tests can check that the dashboard shows these changes and nothing else."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import openpyxl

from ikoe_data import Dataset
from ikoe_data.importer import template_bytes

REPO = Path(__file__).resolve().parents[1]
EDITION_ID = "2024-09-30"
EDITION_LABEL = "Ausgabe Stand 30.09.2024"
PARTNER_REPORT, STRATEGY_REPORT = "partnerbericht_2024", "umsetzungsbericht_2024"
PARTNER_STATUS, STRATEGY_STATUS = "Stand 30.09.2024", "Stand Juni 2024"
NEW_PARTNER = 33
NEW_PARTNER_NAME = "Stadt Bielefeld"

SOURCES = [
    {
        "source_doc": PARTNER_REPORT,
        "role": "partner_report",
        "title": "Partnerbericht „Erfolgsfaktor Interkulturelle Öffnung – NRW stärkt Vielfalt!“ 2024",
        "short_title": "Partnerbericht IKÖ 2024",
        "publisher": "Ministerium für Kinder, Jugend, Familie, Gleichstellung, Flucht und Integration NRW",
        "status_label": PARTNER_STATUS,
        "status_date": dt.datetime(2024, 9, 30),
        "file": "partnerbericht_2024.pdf",
        "note": "Testausgabe.",
    },
    {
        "source_doc": STRATEGY_REPORT,
        "role": "strategy_report",
        "title": "Zweiter Umsetzungsbericht zur Teilhabe- und Integrationsstrategie 2030",
        "short_title": "Umsetzungsbericht TIS 2030 (2024)",
        "publisher": "Landesregierung Nordrhein-Westfalen",
        "status_label": STRATEGY_STATUS,
        "status_date": dt.datetime(2024, 6, 30),
        "file": "umsetzungsbericht_2024.pdf",
        "note": "Testausgabe.",
    },
]
PARTNER = {
    "partner_id": NEW_PARTNER,
    "name": NEW_PARTNER_NAME,
    "short_name": NEW_PARTNER_NAME,
    "partner_type": "Kommune",
    "place": "Bielefeld",
    "place_basis": "name",
    "regierungsbezirk": "Detmold",
    "scope": "lokal",
    "accession_date": dt.datetime(2023, 5, 15),
    "name_basis": "import",
    "source_doc": PARTNER_REPORT,
    "source_line": 410,
    "source_section": "„Übersicht der Partner in Reihenfolge ihres Beitritts“",
    "source_quote": "15.05.2023",
    "name_source_doc": PARTNER_REPORT,
    "name_source_line": 1210,
    "source_name": NEW_PARTNER_NAME,
    "name_source_section": f"Themenschwerpunkt 1 „Erhöhung des Anteils der Beschäftigten“, „{NEW_PARTNER_NAME}“",
    "name_source_quote": NEW_PARTNER_NAME,
}
PARTNER_MEASURES = [
    {
        "measure_id": f"P{focus}-33-01",
        "partner_id": NEW_PARTNER,
        "focus_area": focus,
        "title": title,
        "summary": summary,
        "measure_types": types,
        "status": "ongoing",
        "report_year": 2024,
        "source_doc": PARTNER_REPORT,
        "source_line": line,
        "source_anchor": anchor,
        "source_section": f"Themenschwerpunkt {focus}, „{NEW_PARTNER_NAME}“",
        "source_quote": f"Die Stadt nennt {anchor}.",
    }
    for focus, title, summary, types, line, anchor in (
        (
            1,
            "Stellenanzeigen in Migrantenorganisationen",
            "Die Stadt verbreitet Ausbildungsangebote über Migrantenorganisationen.",
            "targeted_recruitment;mso_cooperation",
            1215,
            "Ausbildungsangebote",
        ),
        (
            2,
            "Fortbildung interkulturelle Kompetenz",
            "Alle neuen Führungskräfte besuchen eine Fortbildung zu interkultureller Kompetenz.",
            "intercultural_training",
            1230,
            "Fortbildung",
        ),
    )
]
# (share_id, partner, year, share, basis, concept, method): new years extend the time series of partners 1 and 2
STAFF_SHARES = [
    ("S-016", 1, 2021, 12.9, "staff", "einwanderungsgeschichte", "survey"),
    ("S-017", 2, 2023, 27.0, "trainees", "einwanderungsgeschichte", "unknown"),
    ("S-018", 16, 2023, 35.1, "trainees", "einwanderungsgeschichte", "survey"),
]
NEW_STRATEGY = [(f"M-{900 + i}", goal) for i, goal in enumerate((3, 3, 7, 12, 12, 12, 20, 25, 30, 37), start=1)]
ENDED_STRATEGY = ["M-001", "M-002"]
EXPECTED = {
    "partners": 33,
    "new_partners": [NEW_PARTNER],
    "new_shares": sorted((p, y) for _, p, y, *_ in STAFF_SHARES),
    "new_measures": [m for m, _ in NEW_STRATEGY],
    "ended_measures": ENDED_STRATEGY,
    "coverage": {3: 2, 7: 1, 12: 3, 20: 1, 25: 1, 30: 1, 37: 1},  # goal → more measures
}


def _append(sheet, row: dict) -> None:
    header = [cell.value for cell in sheet[1]]
    unknown = set(row) - set(header)
    assert not unknown, f"columns not in the template: {unknown}"
    sheet.append([row.get(name) for name in header])


def _update(sheet, key: str, value, changes: dict) -> int:
    """Set `changes` in every row whose `key` column equals `value`; the number of rows changed."""
    header = [cell.value for cell in sheet[1]]
    key_index = header.index(key)
    changed = 0
    for cells in sheet.iter_rows(min_row=2):
        if cells[key_index].value == value:
            for name, new in changes.items():
                cells[header.index(name)].value = new
            changed += 1
    return changed


def build_workbook(ds: Dataset, path: Path) -> Path:
    """Write the filled-in template of the next edition to `path`."""
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(ds, prefilled=True)))
    for source in SOURCES:
        _append(wb["sources"], source)
    _append(wb["partners"], PARTNER)
    # the crash of issue #11: an existing partner now cites the new report
    moved = {"source_doc": PARTNER_REPORT, "source_line": 401, "source_quote": "26.03.2012", "source_page": None}
    assert _update(wb["partners"], "partner_id", 1, moved) == 1
    for measure in PARTNER_MEASURES:
        _append(wb["partner_measures"], measure)
    for share_id, partner, year, share, basis, concept, method in STAFF_SHARES:
        _append(
            wb["staff_shares"],
            {
                "share_id": share_id,
                "partner_id": partner,
                "year": year,
                "period": str(year),
                "share_percent": share,
                "share_computed": "false",
                "share_derived": "false",
                "basis": basis,
                "basis_detail": "Testangabe",
                "concept": concept,
                "method": method,
                "source_doc": PARTNER_REPORT,
                "source_line": 500 + int(share_id[-2:]),
                "source_anchor": f"{share}".replace(".", ",") + " %",
                "source_section": f"Themenschwerpunkt 4, Partner {partner}",
                "source_quote": f"Der Anteil liegt bei {share}".replace(".", ",") + " %.",
            },
        )
    for number, (measure_id, goal) in enumerate(NEW_STRATEGY, start=1):
        _append(
            wb["strategy_measures"],
            {
                "measure_id": measure_id,
                "goal_id": goal,
                "title": f"Neue Maßnahme {number} zum Handlungsziel {goal}",
                "ressorts": "MKFFI",
                "ressorts_raw": "MKFFI",
                "zeitrahmen": "ab 2023",
                "status": "laufend",
                "start_year": 2023,
                "start_year_line": 300 + number,
                "zielgruppen": "alle",
                "zielgruppen_raw": "Alle",
                "source_doc": STRATEGY_REPORT,
                "source_line": 300 + number,
                "source_section": f"Handlungsziel {goal}, Maßnahme „Neue Maßnahme {number} zum Handlungsziel {goal}“",
                "source_quote": f"Neue Maßnahme {number} zum Handlungsziel {goal}",
                "source_page": str(10 + goal),
            },
        )
    for number, measure_id in enumerate(ENDED_STRATEGY):
        changes = {
            "status": "abgeschlossen",
            "zeitrahmen": "bis 2023",
            "end_year": 2023,
            "end_year_line": 800 + number,
            "source_doc": STRATEGY_REPORT,
            "source_line": 800 + number,
            "source_quote": "Die Maßnahme ist 2023 abgeschlossen worden.",
            "source_page": None,
        }
        assert _update(wb["strategy_measures"], "measure_id", measure_id, changes) == 1
    wb.save(path)
    return path


def import_on_the_command_line(
    path: Path, store: Path, token: str = "test-geheimnis-der-datenpflege"
) -> subprocess.CompletedProcess:
    """`python -m ikoe_data.importer import FILE --edition 2024-09-30` into the given edition store."""
    env = {**os.environ, "IKOE_EDITIONS_DIR": str(store), "IKOE_DATA_STEWARD_TOKEN": token}
    env.pop("IKOE_DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "ikoe_data.importer", "import", str(path), "--edition", EDITION_ID],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
