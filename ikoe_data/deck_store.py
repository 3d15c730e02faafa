"""Shared decks: a deck is stored once as JSON under its content hash, and a link carries only that id
(`/foliensatz?deck=<id>`), so a colleague's fresh browser opens exactly the same slides with the same numbers.

Stored files never change (a changed deck is a new id), so a link shown in a committee stays valid. They live in
`IKOE_DECKS_DIR` (default `<repo>/decks`); several app servers must share that folder. Any viewer can store decks,
so the folder is bounded: above MAX_STORE_BYTES the decks opened or stored longest ago are removed (opening a link
renews its deck), and such a link then says that the deck is gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from . import settings
from .deck import MAX_SLIDES, DeckError, Slide

DECK_ID = re.compile(r"[0-9a-f]{32}")
MAX_BYTES = 20_000_000  # 50 slides of large heatmaps stay far below this
MAX_STORE_BYTES = 1_000_000_000  # thousands of typical decks (tens to hundreds of kB each)


def store_dir() -> Path:
    return settings.decks_dir()


def save(title: str, slides: list[Slide]) -> str:
    """Store the deck (atomically, once per content) and return its id. Raises OSError if the folder is not
    writable; the caller keeps the deck in the session and says so."""
    payload = json.dumps(
        {"version": 1, "title": title, "slides": [s.to_dict() for s in slides]},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    ).encode("utf-8")
    deck_id = hashlib.sha256(payload).hexdigest()[:32]
    root = store_dir()
    path = root / f"{deck_id}.json"
    if not path.exists():
        root.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".deck-", dir=root)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(payload)
            os.replace(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
        _prune(root, keep=path)
    else:
        _renew(path)
    return deck_id


def _renew(path: Path) -> None:
    """Mark a deck as just used, so that the bound on the folder removes it last."""
    with contextlib.suppress(OSError):  # a read-only or vanished file is still served or reported by load
        os.utime(path)


def _prune(root: Path, keep: Path) -> None:
    """Remove the least recently used decks until the folder holds at most MAX_STORE_BYTES (never `keep`)."""
    decks = []
    for path in root.glob("*.json"):
        try:
            info = path.stat()
        except OSError:
            continue  # removed by another server meanwhile
        decks.append((info.st_mtime, info.st_size, path))
    total = sum(size for _, size, _ in decks)
    for _, size, path in sorted(decks, key=lambda deck: deck[0]):
        if total <= MAX_STORE_BYTES:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


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
    if not isinstance(data, dict) or data.get("version") != 1 or not isinstance(data.get("slides"), list):
        raise DeckError("Der Foliensatz aus dem Link ist beschädigt und kann nicht geöffnet werden.")
    slides = [Slide.from_dict(s) for s in data["slides"][:MAX_SLIDES]]
    return str(data.get("title") or ""), slides
