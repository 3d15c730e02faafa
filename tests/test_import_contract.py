"""The module import contract, read from the source with ast (nothing is imported):

    app_pages/ → ikoe_ui → ikoe_data          (and etl/ → ikoe_data for the offline steps)

* ikoe_data never imports streamlit, ikoe_ui, app_pages or etl: the data layer runs and is tested on its own;
* ikoe_ui never imports app_pages or etl;
* nothing imports a page (pages are scripts that st.navigation runs, not modules).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from conftest import REPO


def imported_modules(path: Path) -> set[str]:
    """Top-level package of every module the file imports (relative imports stay inside their package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules


def python_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (REPO / folder).rglob("*.py"))


FORBIDDEN = {
    "ikoe_data": {"streamlit", "ikoe_ui", "app_pages", "etl"},
    "ikoe_ui": {"app_pages", "etl"},
    "app_pages": {"app_pages", "etl"},
    "etl": {"streamlit", "ikoe_ui", "app_pages"},
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downwards(layer):
    files = python_files(layer)
    assert files, f"no Python files found in {layer}/"
    wrong = {
        str(path.relative_to(REPO)): sorted(imported_modules(path) & FORBIDDEN[layer])
        for path in files
        if imported_modules(path) & FORBIDDEN[layer]
    }
    assert wrong == {}


def test_nothing_imports_a_page():
    everything = [
        p for p in REPO.rglob("*.py") if ".git" not in p.parts and "app_pages" not in p.relative_to(REPO).parts
    ]
    importers = [str(p.relative_to(REPO)) for p in everything if "app_pages" in imported_modules(p)]
    assert importers == []


def test_the_checker_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import streamlit as st\nfrom app_pages import x\nfrom . import sibling\nimport os.path\n")
    assert imported_modules(sample) == {"streamlit", "app_pages", "os"}
