"""The data-steward secret: which configured values are usable, and a throttle for wrong guesses.

Pure Python (no Streamlit): the command line and the Datenpflege page (ikoe_ui.access) apply the same rules."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

MIN_SECRET_LENGTH = 16
FREE_ATTEMPTS = 5  # wrong guesses before any wait
MAX_WAIT_SECONDS = 15 * 60


@dataclass(frozen=True)
class Secret:
    """A configured secret: `value` when usable; `problem` (German) when configured but unusable."""

    value: str | None = None
    problem: str | None = None

    @property
    def configured(self) -> bool:
        return self.value is not None or self.problem is not None


def check_secret(raw: object, where: str) -> Secret:
    """Judge a configured value of any type (TOML may hold a number, a boolean or a table)."""
    if raw is None or (isinstance(raw, str) and raw == ""):
        return Secret()
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        return Secret(problem=f"Der Zugangsschlüssel der Datenpflege ({where}) muss ein Text sein. {_HOW}")
    text = str(raw).strip()
    if not text:
        return Secret(problem=f"Der Zugangsschlüssel der Datenpflege ({where}) besteht nur aus Leerzeichen. {_HOW}")
    if len(text) < MIN_SECRET_LENGTH:
        return Secret(
            problem=f"Der Zugangsschlüssel der Datenpflege ({where}) ist zu kurz: {len(text)} Zeichen, "
            f"nötig sind mindestens {MIN_SECRET_LENGTH}. {_HOW}"
        )
    return Secret(value=text)


_HOW = (
    "Der Datenimport bleibt ausgeschaltet, bis ein zufälliger Schlüssel mit mindestens "
    f'{MIN_SECRET_LENGTH} Zeichen eingerichtet ist (z. B. `python -c "import secrets; '
    'print(secrets.token_urlsafe(24))"`).'
)


def wait_after(failures: int) -> float:
    """Seconds to wait before the next attempt after `failures` wrong guesses: none for the first
    FREE_ATTEMPTS, then 2, 4, 8 … seconds, at most MAX_WAIT_SECONDS."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_ATTEMPTS + 1)))


@dataclass
class Throttle:
    """Counts wrong guesses; after FREE_ATTEMPTS each further one must wait longer (thread-safe)."""

    failures: int = 0
    blocked_until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def remaining(self, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        with self._lock:
            return max(0.0, self.blocked_until - now)

    def fail(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self.failures += 1
            self.blocked_until = now + wait_after(self.failures)

    def succeed(self) -> None:
        with self._lock:
            self.failures = 0
            self.blocked_until = 0.0
