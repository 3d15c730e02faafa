"""The documentation says what the code does: every column documented, README commands match CI."""

from __future__ import annotations

import re

from conftest import REPO

from ikoe_data import data_dictionary, schema


def test_datasets_readme_documents_every_column_of_every_file():
    readme = (REPO / "datasets" / "README.md").read_text(encoding="utf-8")
    generated = readme.split("<!-- BEGIN COLUMNS -->\n")[1].split("<!-- END COLUMNS -->")[0]
    assert generated == data_dictionary.markdown_dictionary(), (
        "run: python -m ikoe_data.data_dictionary and paste into datasets/README.md"
    )
    for table in schema.TABLES:
        assert f"`{table.file}`" in readme
        for column in table.columns:
            assert f"| `{column.name}` |" in generated


def test_every_measure_type_is_in_the_taxonomy_table(ds):
    readme = (REPO / "datasets" / "README.md").read_text(encoding="utf-8")
    for code in ds.measure_types["measure_type"]:
        assert f"| `{code}` |" in readme


def test_ci_runs_the_readme_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:bash|sh)\n(.+?)\n```", readme, flags=re.DOTALL)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert any("streamlit run dashboard.py" in c for c in commands)


def test_readme_is_short_and_its_topics_exist():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    linked = re.findall(r"`((?:docs|benchmarks)/[\w.-]+\.md)`", readme)
    assert len([path for path in linked if path.startswith("docs/")]) >= 4
    for path in linked:
        assert (REPO / path).is_file(), path


def test_readme_lists_the_pages_of_the_registry():
    """The pages table of the README names exactly the registered pages (the registry is the one list)."""
    from ikoe_data import pages

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Pages", 1)[1].split("\n\n", 2)[1]
    named = [row.split("|")[1].strip() for row in table.splitlines()[2:]]
    shown = {spec.title for spec in pages.PAGES} - {"Erklärung zur Barrierefreiheit"}  # linked on every page
    assert set(named) == shown
