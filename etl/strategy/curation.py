"""The curation tables of the strategy extractor, read from the TOML files in `curation/`.

They hold the judgement that the generic rules cannot make: which seed file is which source, the ministries'
codes, the target-group facets, the hand-checked year phrases and the budget labels. Each file explains its
entries; changing one changes the extracted datasets (re-run the extractor and review the diff of datasets/).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

CURATION_DIR = Path(__file__).resolve().parent / "curation"


def _load(name: str) -> dict[str, Any]:
    with open(CURATION_DIR / name, "rb") as handle:
        return tomllib.load(handle)


_documents = _load("documents.toml")
_ressorts = _load("ressorts.toml")
_zielgruppen = _load("zielgruppen.toml")
_years = _load("years.toml")
_budget_labels = _load("budget_labels.toml")

# seed file name -> source key
DOCUMENT_KEYS: dict[str, str] = {entry["file"]: entry["key"] for entry in _documents["document"]}

# ministry codes of the Abkürzungsverzeichnis; misspellings in the report; codes for collective mentions
RESSORT_CODES: tuple[str, ...] = tuple(_ressorts["codes"])
RESSORT_ALIASES: dict[str, str] = dict(_ressorts["aliases"])
COLLECTIVE_RESSORTS: list[tuple[str, str]] = [(entry["code"], entry["name"]) for entry in _ressorts["extra"]]

# (code, label, regular expression on the lower-cased Zielgruppe text), in output order
ZIELGRUPPEN: list[tuple[str, str, str]] = [
    (entry["code"], entry["label"], entry["pattern"]) for entry in _zielgruppen["zielgruppe"]
]

# (title_key of the measure, matched phrase) -> why the phrase does not date the measure
YEAR_IGNORED_PHRASES: dict[tuple[str, str], str] = {
    (entry["measure"], entry["phrase"]): entry["reason"] for entry in _years["ignore"]
}
# (title_key of the measure, "start" or "end") -> the phrase that dates it (its first year counts)
YEAR_PHRASES: dict[tuple[str, str], str] = {
    (entry["measure"], entry["kind"]): entry["phrase"] for entry in _years["phrase"]
}

# anchor text -> label; the first anchor contained in a figure's anchor wins
BUDGET_LABELS: dict[str, str] = {entry["anchor"]: entry["label"] for entry in _budget_labels["label"]}
