"""Shared decks: a deck is stored once as JSON under its content hash, and a link carries only that id
(`/foliensatz?deck=<id>`), so a colleague's fresh browser opens exactly the same slides with the same numbers.

A deck is stored only when its link is asked for or a file of it is downloaded. Stored files never change (a
changed deck is a new id), so a link shown in a committee stays valid. They live in `IKOE_DECKS_DIR` (default
`<repo>/decks`); several app servers share that folder, and with it the budgets below.

Any viewer can store decks, so storing is bounded: each browser session may store SESSION_DECKS new decks a day,
each client address CLIENT_DECKS new decks and CLIENT_BYTES a day (counted in the folder, shared by all
processes; a refused deck is logged under `ikoe.deck_store`). The folder holds at most MAX_STORE_BYTES: above it
only decks neither opened nor stored for RETENTION_DAYS are removed, never a younger one; a full folder of young
decks refuses new ones instead (each viewer's own link keeps working). Opening a link renews its deck.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from . import settings
from .deck import MAX_SLIDES, DeckError, Slide

DECK_ID = re.compile(r"[0-9a-f]{32}")
MAX_BYTES = 20_000_000  # one deck; 50 slides of large tables stay far below this
MAX_STORE_BYTES = 1_000_000_000  # thousands of typical decks (tens to hundreds of kB each)
RETENTION_DAYS = 30  # a deck opened or stored within this many days is never removed
SESSION_DECKS = 20  # new decks per browser session and day
CLIENT_DECKS = 60  # new decks per client address and day
CLIENT_BYTES = 100_000_000  # bytes of new decks per client address and day
DAY = 86_400
LEDGER = ".budget"  # not *.json: never taken for a deck
log = logging.getLogger("ikoe.deck_store")


class BudgetExceeded(DeckError):
    """This viewer has stored as many decks as a day allows, or the folder is full of decks still kept."""


def store_dir() -> Path:
    return settings.decks_dir()


def deck_id_of(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()[:32]


def payload_of(title: str, slides: list[Slide]) -> bytes:
    return json.dumps(
        {"version": 2, "title": title, "slides": [s.to_dict() for s in slides]},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")


def deck_id(title: str, slides: list[Slide]) -> str:
    """The id the deck has (or will have once stored): its link never changes under anyone."""
    return deck_id_of(payload_of(title, slides))


@contextlib.contextmanager
def _locked(root: Path) -> Iterator[None]:
    """One writer at a time across all processes sharing the folder."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _key(kind: str, value: str) -> str:
    return f"{kind}:{hashlib.sha256(value.encode('utf-8')).hexdigest()[:24]}"  # no addresses in the folder


def _ledger(root: Path, now: float) -> dict[str, list[list[float]]]:
    """Decks stored in the last day per session and client: {key: [[time, bytes], …]}."""
    try:
        data = json.loads((root / LEDGER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(k): [e for e in v if isinstance(e, list) and len(e) == 2 and now - float(e[0]) < DAY]
        for k, v in data.items()
        if isinstance(v, list)
    }


def _write(path: Path, payload: bytes) -> None:
    handle, temp = tempfile.mkstemp(prefix=".deck-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(payload)
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def save(title: str, slides: list[Slide], *, session: str, client: str) -> str:
    """Store the deck (atomically, once per content) and return its id. BudgetExceeded (German message) when
    this session or client has stored its day's decks or the folder is full of decks still kept; OSError if the
    folder is not writable (the caller keeps the deck in the session and says so)."""
    payload = payload_of(title, slides)
    if len(payload) > MAX_BYTES:
        raise DeckError("Der Foliensatz ist zu groß für einen Link; er lässt sich weiterhin herunterladen.")
    new_id = deck_id_of(payload)
    root = store_dir()
    path = root / f"{new_id}.json"
    with _locked(root):
        if path.exists():
            _renew(path)
            return new_id
        now = time.time()
        ledger = _ledger(root, now)
        mine, theirs = _key("session", session), _key("client", client)
        refusal = ""
        if len(ledger.get(mine, [])) >= SESSION_DECKS:
            refusal = f"Diese Sitzung hat heute bereits {SESSION_DECKS} Foliensätze gespeichert."
        elif len(ledger.get(theirs, [])) >= CLIENT_DECKS or (
            sum(size for _, size in ledger.get(theirs, [])) + len(payload) > CLIENT_BYTES
        ):
            refusal = "Von Ihrem Anschluss wurden heute bereits sehr viele Foliensätze gespeichert."
        elif not _make_room(root, len(payload), now):
            refusal = "Der Speicher für Foliensatz-Links ist voll."
        if refusal:
            log.warning(
                "deck not stored: %s (session %s, client %s, %d decks of this client today)",
                refusal,
                mine,
                theirs,
                len(ledger.get(theirs, [])),
            )
            raise BudgetExceeded(
                f"{refusal} Der Link wurde nicht gespeichert; der Foliensatz bleibt in dieser Sitzung und lässt "
                "sich herunterladen."
            )
        _write(path, payload)
        for key in (mine, theirs):
            ledger.setdefault(key, []).append([now, len(payload)])
        _write(root / LEDGER, json.dumps(ledger).encode("utf-8"))
    return new_id


def _renew(path: Path) -> None:
    """Mark a deck as just used: its retention starts again."""
    with contextlib.suppress(OSError):  # a read-only or vanished file is still served or reported by load
        os.utime(path)


def _make_room(root: Path, needed: int, now: float) -> bool:
    """Remove decks neither opened nor stored for RETENTION_DAYS (oldest first) until `needed` more bytes fit
    under MAX_STORE_BYTES; False if they do not (younger decks are never removed)."""
    decks = []
    for path in root.glob("*.json"):
        if not DECK_ID.fullmatch(path.stem):
            continue
        try:
            info = path.stat()
        except OSError:
            continue  # removed by another server meanwhile
        decks.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in decks)
    for used, size, path in sorted(decks, key=lambda deck: deck[0]):
        if total + needed <= MAX_STORE_BYTES:
            break
        if now - used < RETENTION_DAYS * DAY:
            break  # this and every later deck is kept
        path.unlink(missing_ok=True)
        total -= size
    return total + needed <= MAX_STORE_BYTES


def load(deck_id: str) -> tuple[str, list[Slide]]:
    """The deck behind a link; DeckError with a German message if the id is malformed, unknown or damaged."""
    if not isinstance(deck_id, str) or not DECK_ID.fullmatch(deck_id):
        raise DeckError("Der Link enthält keinen gültigen Foliensatz.")
    path = store_dir() / f"{deck_id}.json"
    try:
        if path.stat().st_size > MAX_BYTES:
            raise DeckError("Der Foliensatz aus dem Link ist zu groß.")
        data = json.loads(path.read_text(encoding="utf-8"))
        _renew(path)
    except FileNotFoundError as error:
        raise DeckError(
            "Den Foliensatz aus dem Link gibt es auf diesem Server nicht (mehr). Bitten Sie um einen neuen Link."
        ) from error
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DeckError("Der Foliensatz aus dem Link ist beschädigt und kann nicht geöffnet werden.") from error
    if not isinstance(data, dict) or data.get("version") not in (1, 2) or not isinstance(data.get("slides"), list):
        raise DeckError("Der Foliensatz aus dem Link ist beschädigt und kann nicht geöffnet werden.")
    slides = [Slide.from_dict(s) for s in data["slides"][:MAX_SLIDES]]
    return str(data.get("title") or ""), slides
