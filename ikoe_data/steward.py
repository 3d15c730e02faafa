"""Data stewards: which configured secrets are usable, the steward role from a sign-in's claims, and a throttle for
wrong guesses of the shared secret that all processes share.

Pure Python (no Streamlit): the command line and the Datenpflege page (ikoe_ui.access) apply the same rules."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from zxcvbn import zxcvbn

from .local_db import path_of, read_rows, transaction

MIN_SECRET_LENGTH = 16
MIN_STRENGTH = 3  # zxcvbn's score (0–4): 3 means at least 10^8 guesses for its model of human-chosen secrets
MAX_WAIT_SECONDS = 15 * 60
FREE_ATTEMPTS = 5  # wrong guesses in one session before it must wait
FREE_ATTEMPTS_PER_CLIENT = 20  # wrong guesses from one client address (all its sessions) before it must wait
FORGET_AFTER_SECONDS = 24 * 3600  # counters of a key without a wrong guess for this long are removed
FLOOD_PER_HOUR = 50  # wrong guesses from all clients within an hour above which each further one is an alarm
ATTEMPTS_FILE = ".anmeldeversuche.sqlite3"
STORE_PROBLEM = "Die Anmeldung mit dem Zugangsschlüssel ist gerade nicht möglich"
# Characters that show nothing but are letters or symbols to Unicode (str.isprintable() lets them pass).
_BLANK_LOOKING = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f", "\u17b4", "\u17b5", "\u180e"}


@dataclass(frozen=True)
class Secret:
    """A configured secret: `value` when usable; `problem` (German) when configured but unusable."""

    value: str | None = None
    problem: str | None = None

    @property
    def configured(self) -> bool:
        return self.value is not None or self.problem is not None


def check_secret(raw: object, where: str) -> Secret:
    """Judge a configured value of any type (TOML may hold a number, a boolean or a table): at least
    MIN_SECRET_LENGTH visible characters and hard to guess (zxcvbn score ≥ MIN_STRENGTH: no repetition, sequence,
    keyboard pattern or common word)."""
    if raw is None or (isinstance(raw, str) and raw == ""):
        return Secret()
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return Secret(problem=f"Der Zugangsschlüssel der Datenpflege ({where}) muss ein Text sein. {_HOW}")
    text = str(raw).strip()
    if not text:
        return Secret(problem=f"Der Zugangsschlüssel der Datenpflege ({where}) besteht nur aus Leerzeichen. {_HOW}")
    hidden = next((ch for ch in text if not ch.isprintable() or ch in _BLANK_LOOKING), None)
    if hidden is not None:
        name = unicodedata.name(hidden, "ohne Namen")
        return Secret(
            problem=f"Der Zugangsschlüssel der Datenpflege ({where}) enthält ein unsichtbares oder nicht druckbares "
            f"Zeichen (U+{ord(hidden):04X}, {name}). {_HOW}"
        )
    if len(text) < MIN_SECRET_LENGTH:
        return Secret(
            problem=f"Der Zugangsschlüssel der Datenpflege ({where}) ist zu kurz: {len(text)} Zeichen, "
            f"nötig sind mindestens {MIN_SECRET_LENGTH}. {_HOW}"
        )
    if zxcvbn(text[:100])["score"] < MIN_STRENGTH:
        return Secret(
            problem=f"Der Zugangsschlüssel der Datenpflege ({where}) ist leicht zu erraten (Wiederholungen, "
            f"Folgen wie 1234 oder abcd, Tastaturmuster oder bekannte Wörter). {_HOW}"
        )
    return Secret(value=text)


_HOW = (
    "Der Datenimport bleibt ausgeschaltet, bis ein zufälliger Schlüssel mit mindestens "
    f'{MIN_SECRET_LENGTH} Zeichen eingerichtet ist (z. B. `python -c "import secrets; '
    'print(secrets.token_urlsafe(24))"`).'
)


# --------------------------------------------------------------------------- the steward role of a sign-in


def claim_values(claims: Mapping[str, object], claim: str) -> list[str]:
    """The values of a claim as text: a string, a list of strings, or a nested claim by a dotted path
    (e.g. `realm_access.roles`, as Keycloak sends realm roles). A missing claim gives no values."""
    value: object = claims
    for part in claim.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return []
        value = value[part]
    if isinstance(value, str):
        return [value]
    if isinstance(value, Sequence):
        return [item for item in value if isinstance(item, str)]
    return []


def has_role(claims: Mapping[str, object], claim: str, role: str) -> bool:
    """The signed-in person's claim `claim` holds exactly `role` (one of its values, case-sensitive)."""
    return bool(role) and role in claim_values(claims, claim)


# --------------------------------------------------------------------------- throttling wrong guesses

_ATTEMPTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS attempts (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    blocked_until REAL NOT NULL,
    updated REAL NOT NULL
);
"""


def wait_after(failures: int, free: int = FREE_ATTEMPTS) -> float:
    """Seconds to wait before the next attempt after `failures` wrong guesses: none for the first `free`, then
    2, 4, 8 … seconds, at most MAX_WAIT_SECONDS."""
    if failures < free:
        return 0.0
    return float(min(MAX_WAIT_SECONDS, 2 ** min(failures - free + 1, 30)))


@dataclass(frozen=True)
class Counted:
    """Wrong guesses after a failed attempt: of the session, of the client address, of everyone in the last hour."""

    session: int
    client: int
    last_hour: int

    @property
    def flood(self) -> bool:
        return self.last_hour > FLOOD_PER_HOUR


class SharedThrottle:
    """Counts wrong guesses per session and per client address in a SQLite file beside the editions, so that every
    process of an installation counts the same guesses: spreading them over processes or sessions does not help,
    and guesses from one address never delay another address. Times are wall-clock seconds (shared by processes).

    Raises local_db.LocalDbError (German, starting with STORE_PROBLEM) when the file cannot be used: callers then
    refuse the attempt rather than check the secret unthrottled."""

    def remaining(self, session: str, client: str, now: float | None = None) -> float:
        """Seconds the session or the client must still wait (the longer of both)."""
        now = time.time() if now is None else now
        rows = read_rows(
            ATTEMPTS_FILE,
            "SELECT MAX(blocked_until) FROM attempts WHERE key IN (?, ?)",
            (_session_key(session), _client_key(client)),
            STORE_PROBLEM,
        )
        blocked_until = rows[0][0] if rows and rows[0][0] is not None else 0.0
        return max(0.0, float(blocked_until) - now)  # type: ignore[arg-type]

    def fail(self, session: str, client: str, now: float | None = None) -> Counted:
        now = time.time() if now is None else now
        with transaction(ATTEMPTS_FILE, _ATTEMPTS_SCHEMA, STORE_PROBLEM) as db:
            db.execute("DELETE FROM attempts WHERE updated < ?", (now - FORGET_AFTER_SECONDS,))
            counts = []
            for key, free in ((_session_key(session), FREE_ATTEMPTS), (_client_key(client), FREE_ATTEMPTS_PER_CLIENT)):
                row = db.execute("SELECT failures FROM attempts WHERE key = ?", (key,)).fetchone()
                failures = (row[0] if row else 0) + 1
                db.execute(
                    "INSERT OR REPLACE INTO attempts (key, failures, blocked_until, updated) VALUES (?, ?, ?, ?)",
                    (key, failures, now + wait_after(failures, free), now),
                )
                counts.append(failures)
            (recent,) = db.execute(
                "SELECT COALESCE(SUM(failures), 0) FROM attempts WHERE key LIKE 'client:%' AND updated >= ?",
                (now - 3600,),
            ).fetchone()
        return Counted(session=counts[0], client=counts[1], last_hour=int(recent))

    def succeed(self, session: str, client: str) -> None:
        if not path_of(ATTEMPTS_FILE).is_file():  # no wrong guess counted yet: nothing to forget, nothing written
            return
        with transaction(ATTEMPTS_FILE, _ATTEMPTS_SCHEMA, STORE_PROBLEM) as db:
            db.execute("DELETE FROM attempts WHERE key IN (?, ?)", (_session_key(session), _client_key(client)))


def _session_key(session: str) -> str:
    return f"session:{session}"


def _client_key(client: str) -> str:
    return f"client:{client}"
