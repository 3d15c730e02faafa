"""Small SQLite files beside the editions, shared by every dashboard process and the command line.

The import audit log (`import_audit`) and the steward sign-in counters (`steward`) live in the edition store's
root (`settings.editions_dir()`), so that all processes of one installation see the same records. SQLite commits
each transaction atomically: a full disk, a read-only store or a file-size limit ends a write with an error and
leaves the file as it was before it (nothing half-written); `LocalDbError` carries the German reason."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from . import settings

LOG = logging.getLogger("ikoe.storage")
BUSY_TIMEOUT_SECONDS = 10.0

# SQLite's primary result codes (https://sqlite.org/rescode.html); extended codes carry them in the low byte.
_FULL, _READONLY, _CANTOPEN, _PERM, _IOERR, _BUSY, _LOCKED = 13, 8, 14, 3, 10, 5, 6
_CORRUPT, _NOTADB = 11, 26


class LocalDbError(Exception):
    """A record could not be read or written; the message is German and names why (no technical details)."""


def _reason(error: sqlite3.Error | OSError) -> str:
    if isinstance(error, OSError):
        return "Der Ablageordner der Ausgaben ist nicht beschreibbar oder kein Ordner."
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
    if code == _FULL:
        return "Auf dem Datenträger des Ausgabenspeichers ist kein Platz mehr."
    if code in (_READONLY, _CANTOPEN, _PERM):
        return "Der Ausgabenspeicher ist schreibgeschützt oder nicht zugänglich."
    if code in (_BUSY, _LOCKED):
        return "Die Datei ist gerade durch einen anderen Vorgang gesperrt."
    if code in (_CORRUPT, _NOTADB):
        return "Die Datei ist beschädigt."
    return "Der Ausgabenspeicher meldet einen Lese- oder Schreibfehler."


def path_of(name: str) -> Path:
    """The file `name` in the edition store's root."""
    return settings.editions_dir() / name


@contextlib.contextmanager
def transaction(name: str, schema: str, what: str) -> Iterator[sqlite3.Connection]:
    """One transaction on the SQLite file `name` beside the editions, its tables created by `schema` if new.

    Commits when the block ends, rolls back on any error; an error of the store becomes LocalDbError with a
    German message starting with `what` (e.g. „Das Importprotokoll kann nicht geschrieben werden“)."""
    path = path_of(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    except (sqlite3.Error, OSError) as error:
        LOG.error("%s: cannot open %s: %s", what, path, error)
        raise LocalDbError(f"{what}: {_reason(error)}") from error
    try:
        connection.executescript(schema)
        connection.execute("BEGIN IMMEDIATE")  # one writer at a time across processes
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()
    except (sqlite3.Error, OSError) as error:
        LOG.error("%s: %s: %s", what, path, error)
        with contextlib.suppress(sqlite3.Error):
            connection.rollback()
        raise LocalDbError(f"{what}: {_reason(error)}") from error
    finally:
        connection.close()


def read_rows(name: str, sql: str, params: tuple[object, ...], what: str) -> list[tuple[object, ...]]:
    """The rows of a query on the SQLite file `name` beside the editions; none while the file does not exist.
    Opened read-only: reading never creates or changes the file."""
    path = path_of(name)
    if not path.is_file():
        return []
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        raise LocalDbError(f"{what}: {_reason(error)}") from error
    try:
        return connection.execute(sql, params).fetchall()
    except sqlite3.OperationalError as error:
        if str(error).startswith("no such table"):  # created, but its first write did not complete
            return []
        LOG.error("%s: %s: %s", what, path, error)
        raise LocalDbError(f"{what}: {_reason(error)}") from error
    except sqlite3.Error as error:
        LOG.error("%s: %s: %s", what, path, error)
        raise LocalDbError(f"{what}: {_reason(error)}") from error
    finally:
        connection.close()
