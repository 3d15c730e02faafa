"""Text helpers of the strategy report parser: whitespace, titles, wrapped fields, enumerations."""

from __future__ import annotations

import re
import unicodedata

BULLET_CHARS = "•●▪◦■►"

RE_UL = re.compile(r"^\s*<ul\b[^>]*>\s*")

RE_BULLET = re.compile(r"^[" + BULLET_CHARS + r"]\s*")


def collapse_whitespace(text: str) -> str:
    """Collapse whitespace."""
    return re.sub(r"\s+", " ", text).strip()


def clean_title(text: str) -> str:
    title = RE_UL.sub("", text)
    title = title.replace("**", "")
    title = re.sub(r"^\s*-\s+", "", title)
    title = RE_BULLET.sub("", title.strip())
    return collapse_whitespace(title)


def title_key(title: str) -> str:
    """Normalised title used to recognise the same measure under several goals."""
    key = unicodedata.normalize("NFKC", title).casefold()
    key = re.sub(r"[„“”\"'‚‘’«»]", "", key)
    key = re.sub(r"[^\w*#]+", " ", key)
    return collapse_whitespace(key)


def join_wrapped(lines: list[str]) -> str:
    """Join a field that wraps over several lines ("Arabisch-" + "sprachige")."""
    out = ""
    for part in (p.strip() for p in lines):
        if not part:
            continue
        if out.endswith("-") and part[:1].islower():
            out = out[:-1] + part
        elif out:
            out = out + " " + part
        else:
            out = part
    return collapse_whitespace(out)


def split_enumeration(raw: str) -> list[str]:
    return [p.strip() for p in re.split(r",|/|\bund\b", raw) if p.strip()]
