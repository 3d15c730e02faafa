"""The import audit log: who imported which file as which edition, when, and with what result.

Every import (the Datenpflege page and the command line) goes through `audited_import`: the entry is written
before anything is stored, so no edition is ever stored without its entry (if the entry cannot be written, the
import is refused with a German message and nothing is stored), and the result is added when the import ends.
The log is `importprotokoll.sqlite3` in the edition store's root, shared by all processes (`local_db`); entries
are never changed afterwards except for adding the result, never deleted by the dashboard."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import labels
from .importer.validation import EDITION_LOCATION, ValidationResult, import_upload
from .local_db import LocalDbError, read_rows, transaction
from .validation import Problem

AUDIT_FILE = "importprotokoll.sqlite3"
WRITE_FAILED = "Das Importprotokoll kann nicht geschrieben werden"
READ_FAILED = "Das Importprotokoll kann nicht gelesen werden"
TEXT_LIMIT = 300  # a name, account or file name longer than this is shortened in the log
METHOD_OIDC = "Persönliche Anmeldung (OpenID Connect)"
METHOD_SECRET = "Gemeinsamer Zugangsschlüssel, Name selbst angegeben"
METHOD_CLI = "Kommandozeile"
NO_RESULT = "kein Ergebnis vermerkt (Import abgebrochen oder Speicherfehler)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS imports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started TEXT NOT NULL,
    finished TEXT,
    person TEXT NOT NULL,
    account TEXT NOT NULL,
    method TEXT NOT NULL,
    client TEXT NOT NULL,
    file_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    edition_id TEXT NOT NULL,
    result TEXT,
    stored INTEGER
);
"""
COLUMNS = {
    "started": "Zeitpunkt",
    "person": "Person",
    "account": "Konto",
    "method": "Anmeldung",
    "client": "Adresse",
    "file_name": "Datei",
    "sha256": "SHA-256 der Datei",
    "edition_id": "Ausgabe",
    "result": "Ergebnis",
}


@dataclass(frozen=True)
class Actor:
    """Who imports: the person's name, the account it was checked against, how they signed in, from where."""

    name: str
    account: str
    method: str
    client: str = ""


def _clean(text: object) -> str:
    """One line of visible text: control, format and private-use characters removed, length bounded."""
    spaced = "".join(" " if ch in "\r\n\t\u2028\u2029" else ch for ch in str(text))
    visible = "".join(ch for ch in spaced if unicodedata.category(ch)[0] != "C")
    return labels.clip_text(" ".join(visible.split()), TEXT_LIMIT)


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def begin(actor: Actor, file_name: str, sha256: str, edition_id: str) -> int:
    """Write the entry of an import that is about to run; LocalDbError (German) if it cannot be written."""
    values = (_now(), *(_clean(v) for v in (actor.name, actor.account, actor.method, actor.client)))
    with transaction(AUDIT_FILE, _SCHEMA, WRITE_FAILED) as db:
        cursor = db.execute(
            "INSERT INTO imports (started, person, account, method, client, file_name, sha256, edition_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (*values, _clean(file_name), sha256, _clean(edition_id)),
        )
        return int(cursor.lastrowid or 0)


def finish(entry: int, result: str, stored: bool) -> None:
    """Add the result to an entry written by `begin`; LocalDbError (German) if it cannot be written."""
    with transaction(AUDIT_FILE, _SCHEMA, WRITE_FAILED) as db:
        db.execute(
            "UPDATE imports SET finished = ?, result = ?, stored = ? WHERE id = ? AND result IS NULL",
            (_now(), _clean(result), int(stored), entry),
        )


def entries(limit: int = 500) -> pd.DataFrame:
    """The latest `limit` entries, newest first, with German column names (time as TT.MM.JJJJ, HH:MM:SS)."""
    rows = read_rows(
        AUDIT_FILE, f"SELECT {', '.join(COLUMNS)} FROM imports ORDER BY id DESC LIMIT ?", (limit,), READ_FAILED
    )
    frame = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)
    frame["started"] = [dt.datetime.fromisoformat(str(t)).strftime("%d.%m.%Y, %H:%M:%S") for t in frame["started"]]
    frame["result"] = frame["result"].fillna(NO_RESULT)
    return frame.rename(columns=COLUMNS)


def _outcome(result: ValidationResult) -> str:
    if result.edition is not None:
        return f"gespeichert als {result.edition.label}"
    first = labels.clip_text(str(result.problems[0]), 200) if result.problems else ""
    return f"nicht gespeichert: {labels.count(len(result.problems), 'Problem', 'Probleme')}" + (
        f" (zuerst: {first})" if first else ""
    )


def audited_import(actor: Actor, data: bytes, filename: str, edition_id: str, **options: Any) -> ValidationResult:
    """`importer.import_upload` with its entry in the audit log (written first; see the module docstring).

    When the entry cannot be written, nothing is imported and the result carries the German reason as its
    problem; when only the result cannot be added, the stored edition stays and a notice says so."""
    sha256 = hashlib.sha256(data).hexdigest()
    try:
        entry = begin(actor, filename, sha256, edition_id)
    except LocalDbError as error:
        problem = Problem(
            EDITION_LOCATION,
            None,
            None,
            "Protokoll",
            f"{error} Es wurde nichts gespeichert; ohne Eintrag im "
            "Importprotokoll wird keine Ausgabe übernommen. Bitte wenden Sie sich an den Betrieb des Dashboards.",
        )
        return ValidationResult(filename, sha256, "", None, [problem], [])
    result = import_upload(data, filename, edition_id, **options)
    try:
        finish(entry, _outcome(result), result.edition is not None)
    except LocalDbError as error:
        result.notices.append(
            f"{error}: Das Ergebnis dieses Imports fehlt im Importprotokoll (der Eintrag selbst ist vorhanden)."
        )
    return result
