"""Shared fixtures: the shipped dataset (loaded once) and the source documents (skipped where absent)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from ikoe_data import load_all

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def ds():
    return load_all(REPO / "datasets")


@pytest.fixture(scope="session")
def seed_lines(ds):
    """Lines of each source document by key; skips the test when ../shared/seeds is not beside the repo."""
    if not SEEDS.is_dir():
        pytest.skip(f"Source documents not found at {SEEDS}: provenance can only be checked beside ../shared/seeds")
    files = dict(zip(ds.sources["source_doc"], ds.sources["file"]))
    return {doc: (SEEDS / name).read_text(encoding="utf-8").split("\n") for doc, name in files.items()}


def normalise(text: str) -> str:
    """Join words hyphenated across line breaks and collapse whitespace, for comparing with wrapped text."""
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def text_from(lines: list[str], line: int, span: int = 3) -> str:
    """The text starting at 1-based `line` and the following lines, normalised."""
    return normalise("\n".join(lines[line - 1: line - 1 + span]))
