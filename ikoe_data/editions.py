"""The edition store: the shipped datasets plus imported report editions.

The shipped edition (id `ausgeliefert`) is the `datasets/` folder and is never written. Imported
editions live under the store root (`settings.editions_dir()`: env `IKOE_EDITIONS_DIR`, default
`<repo>/editions`), one folder per edition id `YYYY-MM-DD` holding every table CSV (same format as
`datasets/`) and `edition.json`.
An edition is written into a temporary folder inside the store root and renamed into place, under an
exclusive lock on `<root>/.lock`, so readers only ever see complete editions and two imports cannot
interleave. Existing editions are never overwritten.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import errno
import fcntl
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import settings
from .loading import Dataset, load_tables, read_raw_csv
from .schema import TABLES, TABLES_BY_NAME
from .validation import EARLIEST_YEAR
from .values import is_missing

SHIPPED_ID = "ausgeliefert"
SHIPPED_LABEL = "Ausgelieferte Daten"
META_FILE = "edition.json"
LOCK_FILE = ".lock"
TEMP_PREFIX = ".tmp-"
LOCK_TIMEOUT_SECONDS = 30.0
LOG = logging.getLogger("ikoe.editions")
_EDITION_ID_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class EditionError(Exception):
    """A refused edition operation; the message is German and meant for the user."""


class EditionExistsError(EditionError):
    pass


class StoreBusyError(EditionError):
    pass


class UnknownEditionError(EditionError):
    pass


class StorageError(EditionError):
    """The store cannot be written (read-only, full, file-size limit, not a folder); nothing was stored."""


def _storage_error(error: OSError) -> StorageError:
    code = error.errno
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "Der Ausgabenspeicher ist schreibgeschützt."
    elif code in (errno.ENOSPC, errno.EDQUOT):
        why = "Auf dem Datenträger des Ausgabenspeichers ist kein Platz mehr."
    elif code == errno.EFBIG:
        why = "Eine Datei der Ausgabe überschreitet die Größengrenze für Dateien auf diesem Server."
    elif code in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
        why = f"Der Ausgabenspeicher ({settings.EDITIONS_DIR_ENV}) ist kein Ordner."
    else:
        why = "Der Ausgabenspeicher meldet einen Schreibfehler."
    LOG.error("Edition store not writable: %s", error)
    return StorageError(
        f"{why} Es wurde nichts gespeichert; die vorhandenen Ausgaben sind unverändert. "
        "Bitte wenden Sie sich an den Betrieb des Dashboards."
    )


@dataclass(frozen=True)
class EditionInfo:
    edition_id: str
    label: str
    path: Path
    shipped: bool = False
    status_date: dt.date | None = None
    imported_at: str | None = None
    source_file: str | None = None
    sha256: str | None = None
    base_edition: str | None = None
    row_counts: dict[str, int] = field(default_factory=dict)


def store_root() -> Path:
    return settings.editions_dir()


def parse_edition_id(edition_id: str) -> dt.date:
    """The date an edition id stands for; German EditionError if it is not a real YYYY-MM-DD date."""
    text = str(edition_id)  # exactly YYYY-MM-DD: "2024-01-01 " would name a different folder
    if _EDITION_ID_RE.fullmatch(text) and text.isascii():
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            if date.year >= EARLIEST_YEAR:
                return date
    raise EditionError(
        f"„{edition_id}“ ist kein gültiges Datum für eine Ausgabe; erwartet wird JJJJ-MM-TT, z. B. 2024-09-30."
    )


def _label(status_date: dt.date) -> str:
    return f"Ausgabe Stand {status_date:%d.%m.%Y}"


def _shipped_info() -> EditionInfo:
    return EditionInfo(SHIPPED_ID, SHIPPED_LABEL, settings.data_dir(), shipped=True)


def _read_info(path: Path) -> EditionInfo | None:
    """Info of a complete imported edition folder, None for anything else."""
    if not path.is_dir() or not _EDITION_ID_RE.fullmatch(path.name):
        return None
    try:
        meta = json.loads((path / META_FILE).read_text(encoding="utf-8"))
        status_date = dt.date.fromisoformat(meta.get("status_date") or path.name)
    except (OSError, ValueError, TypeError, AttributeError):
        return None
    return EditionInfo(
        path.name,
        _label(status_date),
        path,
        status_date=status_date,
        imported_at=meta.get("imported_at"),
        source_file=meta.get("source_file"),
        sha256=meta.get("sha256"),
        base_edition=meta.get("base_edition"),
        row_counts=dict(meta.get("row_counts") or {}),
    )


def list_editions() -> list[EditionInfo]:
    """The shipped edition first, then the imported ones by date."""
    imported = [info for info in map(_read_info, _edition_folders()) if info is not None]
    return [_shipped_info(), *sorted(imported, key=lambda i: i.edition_id)]


def _edition_folders() -> list[Path]:
    """Folders named like an edition (temporary folders of running imports start with a dot)."""
    root = store_root()
    try:
        return sorted(p for p in root.iterdir() if _EDITION_ID_RE.fullmatch(p.name) and p.is_dir())
    except OSError:  # no store yet, not a folder, or not readable: only the shipped data
        return []


def damaged_editions() -> list[tuple[str, str]]:
    """(edition id, German reason) for edition folders that cannot be listed: edition.json missing or broken.
    They are left alone (never repaired or deleted automatically) and shown as damaged on the Datenpflege page."""
    damaged = []
    for path in _edition_folders():
        if _read_info(path) is not None:
            continue
        meta = path / META_FILE
        reason = f"{META_FILE} fehlt" if not meta.exists() else f"{META_FILE} ist beschädigt oder nicht lesbar"
        damaged.append((path.name, reason))
    return damaged


def latest_edition_id() -> str:
    return list_editions()[-1].edition_id


def edition_info(edition_id: str) -> EditionInfo:
    if edition_id == SHIPPED_ID:
        return _shipped_info()
    parse_edition_id(edition_id)  # never build a path from an unchecked id
    info = _read_info(store_root() / edition_id)
    if info is None:
        raise UnknownEditionError(f"Die Ausgabe „{edition_id}“ gibt es nicht.")
    return info


def load_edition(edition_id: str) -> Dataset:
    """All tables of one edition, validated like the shipped data (DataValidationError on problems)."""
    info = edition_info(edition_id)
    return Dataset(
        tables=load_tables(info.path), edition=info.edition_id, edition_label=info.label, data_dir=str(info.path)
    )


# --------------------------------------------------------------------------- writing


def _csv_cell(kind: str, value: Any) -> str:
    """One typed value in the text form of datasets/*.csv (reads back identically via load_tables)."""
    if kind == "list":
        if isinstance(value, (list, tuple)):
            return ";".join(map(str, value))
        return "" if is_missing(value) else str(value)
    if is_missing(value):
        return ""
    if kind == "int":
        return str(int(value))
    if kind == "float":
        return repr(float(value))
    if kind == "date":
        return str(pd.Timestamp(value).date().isoformat())
    if kind == "bool":
        return "true" if bool(value) else "false"
    return str(value)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_table(name: str, frame: pd.DataFrame, directory: Path) -> None:
    table = TABLES_BY_NAME[name]
    kinds = [table.column(c).kind for c in table.column_names]
    with open(Path(directory) / table.file, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.column_names)
        columns = [frame[c].tolist() for c in table.column_names]
        for row in zip(*columns):
            writer.writerow([_csv_cell(kind, value) for kind, value in zip(kinds, row)])
        handle.flush()
        os.fsync(handle.fileno())


def write_tables(frames: dict[str, pd.DataFrame], directory: str | Path) -> None:
    """Write typed frames as CSVs in the format of datasets/ (fsynced), in schema order."""
    for table in TABLES:
        if table.name in frames:
            _write_table(table.name, frames[table.name], Path(directory))


@contextlib.contextmanager
def store_lock(root: Path | None = None, timeout: float | None = None) -> Iterator[None]:
    """Exclusive flock on <root>/.lock; German StoreBusyError after `timeout` seconds."""
    root = root or store_root()
    root.mkdir(parents=True, exist_ok=True)
    timeout = LOCK_TIMEOUT_SECONDS if timeout is None else timeout
    with open(root / LOCK_FILE, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusyError(
                        "Gerade läuft ein anderer Import. Bitte in einigen Minuten erneut versuchen."
                    ) from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def store_edition(frames: dict[str, pd.DataFrame], edition_id: str, meta: dict[str, Any] | None = None) -> EditionInfo:
    """Store a complete, validated set of tables as a new edition; never overwrites an existing one.

    `meta` may carry status_date (ISO), source_file, sha256 and base_edition; edition_id, imported_at
    and row_counts are filled in here.
    """
    status_date = parse_edition_id(edition_id)
    missing = [t.name for t in TABLES if t.name not in frames]
    if missing:
        raise EditionError("Die Ausgabe ist unvollständig; es fehlen Tabellen: " + ", ".join(missing) + ".")
    record = {"edition_id": edition_id, "status_date": status_date.isoformat(), **(meta or {})}
    record.update(
        edition_id=edition_id,
        imported_at=dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        row_counts={t.name: len(frames[t.name]) for t in TABLES},
    )
    try:
        return _store(frames, edition_id, record)
    except OSError as error:
        raise _storage_error(error) from error


def _store(frames: dict[str, pd.DataFrame], edition_id: str, record: dict[str, Any]) -> EditionInfo:
    root = store_root()
    with store_lock(root):
        final = root / edition_id
        if final.exists():
            raise EditionExistsError(
                f"Die Ausgabe {edition_id} gibt es bereits; gespeicherte Ausgaben werden "
                "nie überschrieben. Bitte ein anderes Datum wählen."
            )
        for stale in root.glob(TEMP_PREFIX + "*"):  # left by a crashed import; we hold the lock
            shutil.rmtree(stale, ignore_errors=True)
        temp = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{edition_id}-", dir=root))
        try:
            write_tables(frames, temp)
            with open(temp / META_FILE, "w", encoding="utf-8") as handle:
                json.dump(record, handle, ensure_ascii=False, indent=2, default=str)
                handle.flush()
                os.fsync(handle.fileno())
            load_tables(temp)  # the stored files must load exactly as validated
            os.chmod(temp, 0o755)  # mkdtemp creates 0700; the dashboard may run as another user
            _fsync_dir(temp)
            os.rename(temp, final)
            _fsync_dir(root)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    return edition_info(edition_id)


# --------------------------------------------------------------------------- history


def edition_history() -> pd.DataFrame:
    """One row per edition: status date, import details, row counts and the current report of each role."""
    rows = []
    for info in list_editions():
        sources = load_tables(info.path, ["sources"])["sources"]
        counts = info.row_counts or {t.name: len(read_raw_csv(Path(info.path) / t.file)) for t in TABLES}
        reports = {}
        for role in ("partner_report", "strategy_report"):
            of_role = sources[sources["role"] == role].sort_values("status_date", na_position="first")
            reports[role] = (
                "" if of_role.empty else f"{of_role.iloc[-1]['short_title']}, {of_role.iloc[-1]['status_label']}"
            )
        rows.append(
            {
                "edition": info.label,
                "status_date": pd.Timestamp(info.status_date) if info.status_date else pd.NaT,
                "imported_at": info.imported_at or "",
                "source_file": info.source_file or "",
                "base_edition": info.base_edition or "",
                "partners": counts.get("partners", 0),
                "partner_measures": counts.get("partner_measures", 0),
                "staff_shares": counts.get("staff_shares", 0),
                "strategy_rows": counts.get("strategy_measures", 0),
                "partner_report": reports["partner_report"],
                "strategy_report": reports["strategy_report"],
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "SHIPPED_ID",
    "EditionError",
    "EditionExistsError",
    "EditionInfo",
    "StorageError",
    "StoreBusyError",
    "UnknownEditionError",
    "damaged_editions",
    "edition_history",
    "edition_info",
    "latest_edition_id",
    "list_editions",
    "load_edition",
    "parse_edition_id",
    "store_edition",
    "store_root",
    "write_tables",
]
