"""Words of German text as search terms: tokens with their offsets, case and umlaut folding, Snowball stems.

A term is the Snowball German stem (PyStemmer, the C implementation of snowballstem.org) applied twice to the
case-folded word. The German algorithm folds ß to ss and ä/ae, ö/oe, ü/ue to a, o, u, so „Maßnahme“ and
„Massnahme“, „Prüfung“ and „Pruefung“ are one term. Stemming twice maps a singular that ends in s to the same
term as its plural („Sprachkurs“ → sprachkur, „Sprachkurse“ → sprachkurs → sprachkur); once would keep them apart.
The surface form (case-folded, umlauts written as ae/oe/ue) is what typos are measured on; the plain form
(umlauts without dots) is where a term is looked for inside compounds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import Stemmer

# Letters and digits; "_" is a word character for `\w` but no letter.
_WORD = re.compile(r"[^\W_]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"})
_VOWELS = frozenset("aeiouy")
_STEMMER = Stemmer.Stemmer("german")

# Function words a query ignores unless they stand in a phrase or are all it has (from Snowball's German list).
_STOP_WORDS = """
aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf aus bei bin
bis bist da damit dann das dass dasselbe dazu dein deine dem den denn der des dessen dich die dies diese diesem
diesen dieser dieses dir doch dort du durch ein eine einem einen einer eines einig einige er es etwas euch euer
für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins
ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein keine können könnte man manche
mein mich mir mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so
solche soll sollte sondern sonst über um und uns unser unter viel vom von vor während war waren was weil
welche wenn werde werden wie wieder will wir wird wo wollen würde zu zum zur zwar zwischen"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of a text with their offsets: runs of letters and digits (hyphens, slashes, punctuation split)."""
    return _WORD.finditer(text)


def surface(word: str) -> str:
    """Case-folded, umlauts and ß written out: the form typos are measured on („Müßig“ → muessig)."""
    return word.casefold().translate(_UMLAUTS)


def plain(word: str) -> str:
    """Case-folded, umlauts without their dots, ß as ss: the alphabet of terms, for finding a term inside a
    compound word („Führerscheinmaßnahmen“ → fuhrerscheinmassnahmen holds fuhrerschein and massnahm)."""
    return word.casefold().translate(_PLAIN)


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The search term of one word (see the module's docstring). A plural s after a vowel, which Snowball keeps,
    goes too („Kitas“ → kita, „Azubis“ → azubi)."""
    once = _STEMMER.stemWord(word.casefold())
    twice = str(_STEMMER.stemWord(once))
    return twice[:-1] if len(twice) >= 4 and twice[-1] == "s" and twice[-2] in _VOWELS else twice


def is_stop_word(word: str) -> bool:
    return word.casefold() in STOP_WORDS
