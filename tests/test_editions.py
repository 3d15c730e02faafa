"""Tests for ikoe_data.editions: listing and loading editions, exact CSV round trip, atomic and locked
writing (failure injection, two imports at once), and the comparison of two editions.

Every test uses a temporary store (IKOE_EDITIONS_DIR); the shipped datasets are hashed before and after.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

from ikoe_data import editions, import_audit, importer, settings
from ikoe_data.edition_comparison import compare_editions
from ikoe_data.editions import (
    EditionError,
    EditionExistsError,
    StoreBusyError,
    UnknownEditionError,
    list_editions,
    load_edition,
    store_edition,
    write_tables,
)
from ikoe_data.loading import Dataset, load_tables
from ikoe_data.schema import TABLES
from ikoe_data.validation import DataValidationError

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO / "datasets"
EDITION = "2024-09-30"


@pytest.fixture(autouse=True)
def _isolated(store):
    """Every test here runs against a private store (fixture `store` in conftest)."""


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_edition(editions.SHIPPED_ID)


def entries(root: Path) -> list[str]:
    """The editions the store holds (not its lock file, not the import audit log beside them)."""
    kept = {editions.LOCK_FILE, import_audit.AUDIT_FILE}
    return (
        sorted(p.name for p in root.iterdir() if p.name not in kept and "-journal" not in p.name)
        if root.exists()
        else []
    )


def test_only_the_shipped_edition_at_first(store):
    infos = list_editions()
    assert [(i.edition_id, i.label, i.shipped) for i in infos] == [("ausgeliefert", "Ausgelieferte Daten", True)]
    assert editions.latest_edition_id() == "ausgeliefert"
    assert Path(infos[0].path) == DATASETS
    ds = load_edition("ausgeliefert")
    assert ds.edition == "ausgeliefert" and len(ds.partners) > 0


def test_default_store_is_the_git_ignored_editions_folder(monkeypatch):
    monkeypatch.delenv("IKOE_EDITIONS_DIR")
    assert editions.store_root() == REPO / "editions"
    assert "/editions/" in (REPO / ".gitignore").read_text().split()


def test_write_tables_reproduces_the_shipped_files_byte_for_byte(shipped, tmp_path):
    write_tables(shipped.tables, tmp_path)
    for table in TABLES:
        assert (tmp_path / table.file).read_bytes() == (DATASETS / table.file).read_bytes(), table.file
    reloaded = load_tables(tmp_path)
    for name, frame in shipped.tables.items():
        pd.testing.assert_frame_equal(reloaded[name], frame)


def test_store_and_load_an_edition(shipped, store):
    info = store_edition(
        shipped.tables, EDITION, {"source_file": "bericht.xlsx", "sha256": "ab" * 32, "base_edition": "ausgeliefert"}
    )
    assert info.edition_id == EDITION and info.label == "Ausgabe Stand 30.09.2024"
    assert entries(store) == [EDITION]
    meta = json.loads((store / EDITION / "edition.json").read_text(encoding="utf-8"))
    assert meta["edition_id"] == EDITION and meta["status_date"] == EDITION and meta["source_file"] == "bericht.xlsx"
    assert meta["row_counts"]["partners"] == len(shipped.partners) and meta["imported_at"]
    assert sorted(p.name for p in (store / EDITION).iterdir()) == sorted([t.file for t in TABLES] + ["edition.json"])
    assert [i.edition_id for i in list_editions()] == ["ausgeliefert", EDITION]
    loaded = load_edition(EDITION)
    assert loaded.edition == EDITION and loaded.edition_label == "Ausgabe Stand 30.09.2024"
    for name, frame in shipped.tables.items():
        pd.testing.assert_frame_equal(loaded.tables[name], frame)


def test_editions_are_listed_by_date(shipped):
    for edition_id in ("2025-03-31", "2023-12-31", "2024-06-30"):
        store_edition(shipped.tables, edition_id)
    assert [i.edition_id for i in list_editions()] == ["ausgeliefert", "2023-12-31", "2024-06-30", "2025-03-31"]
    assert editions.latest_edition_id() == "2025-03-31"


def test_an_existing_edition_is_never_overwritten(shipped, store):
    store_edition(shipped.tables, EDITION)
    before = {p.name: p.read_bytes() for p in (store / EDITION).iterdir()}
    changed = dict(shipped.tables, partners=shipped.partners.head(5))
    with pytest.raises(EditionExistsError, match="gibt es bereits"):
        store_edition(changed, EDITION)
    assert {p.name: p.read_bytes() for p in (store / EDITION).iterdir()} == before


@pytest.mark.parametrize("edition_id", ["ausgeliefert", "2024-02-30", "../datasets", "2024-09-30/../../x", ""])
def test_invalid_edition_ids_are_refused(edition_id, shipped, store):
    with pytest.raises(EditionError, match="kein gültiges Datum"):
        store_edition(shipped.tables, edition_id)
    assert entries(store) == []


def test_unknown_edition(store):
    with pytest.raises(UnknownEditionError, match="gibt es nicht"):
        load_edition("2020-01-01")
    with pytest.raises(EditionError):
        load_edition("../datasets")


def test_incomplete_editions_are_refused(shipped, store):
    tables = dict(shipped.tables)
    del tables["goals"]
    with pytest.raises(EditionError, match="es fehlen Tabellen: goals"):
        store_edition(tables, EDITION)
    assert entries(store) == []


# --------------------------------------------------------------------------- atomicity and locking


def test_failure_while_writing_leaves_no_partial_edition(shipped, store, monkeypatch):
    written: list[str] = []
    original = editions._write_table

    def failing(name, frame, directory):
        if len(written) == 4:
            raise OSError(28, "No space left on device")
        written.append(name)
        original(name, frame, directory)

    monkeypatch.setattr(editions, "_write_table", failing)
    with pytest.raises(editions.StorageError, match=r"kein Platz mehr.*nichts gespeichert"):
        store_edition(shipped.tables, EDITION)
    assert len(written) == 4
    assert entries(store) == []
    assert [i.edition_id for i in list_editions()] == ["ausgeliefert"]


def test_failure_at_the_rename_leaves_no_partial_edition(shipped, store, monkeypatch):
    def failing_rename(src, dst):
        raise OSError("rename failed")

    monkeypatch.setattr(os, "rename", failing_rename)
    with pytest.raises(editions.StorageError, match="Schreibfehler"):
        store_edition(shipped.tables, EDITION)
    assert entries(store) == []


def test_files_that_do_not_load_back_are_not_stored(shipped, store):
    broken = dict(shipped.tables, staff_shares=shipped.staff_shares.assign(share_percent=250.0))
    with pytest.raises(DataValidationError) as error:
        store_edition(broken, EDITION)
    assert "Höchstwert" in str(error.value)
    assert entries(store) == []


def test_leftovers_of_a_crashed_import_are_ignored_and_cleaned(shipped, store):
    stale = store / f"{editions.TEMP_PREFIX}2024-01-01-abc"
    stale.mkdir(parents=True)
    (stale / "partners.csv").write_text("kaputt")
    (store / "2024-02-02").mkdir()  # a folder without edition.json is not an edition
    assert [i.edition_id for i in list_editions()] == ["ausgeliefert"]
    store_edition(shipped.tables, EDITION)
    assert not stale.exists()
    assert [i.edition_id for i in list_editions()] == ["ausgeliefert", EDITION]


def test_busy_store_gives_a_german_error(shipped, store, monkeypatch):
    monkeypatch.setattr(editions, "LOCK_TIMEOUT_SECONDS", 0.2)
    with editions.store_lock(), pytest.raises(StoreBusyError, match="Gerade läuft ein anderer Import"):
        store_edition(shipped.tables, EDITION)
    assert entries(store) == []
    store_edition(shipped.tables, EDITION)  # free again afterwards
    assert entries(store) == [EDITION]


def test_two_threads_storing_the_same_edition(shipped, store):
    results: list[object] = []
    barrier = threading.Barrier(2)

    def run():
        barrier.wait()
        try:
            results.append(store_edition(shipped.tables, EDITION))
        except EditionError as error:
            results.append(error)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = [r for r in results if isinstance(r, EditionError)]
    assert len(results) == 2 and len(errors) == 1
    assert "gibt es bereits" in str(errors[0]) or "anderer Import" in str(errors[0])
    assert entries(store) == [EDITION]
    load_edition(EDITION)  # complete and valid


def test_two_processes_importing_the_same_edition(tmp_path, store, shipped):
    workbook = tmp_path / "ausgabe.xlsx"
    workbook.write_bytes(importer.template_bytes(shipped, prefilled=True))
    env = dict(
        os.environ,
        IKOE_EDITIONS_DIR=str(store),
        IKOE_DATA_STEWARD_TOKEN="geheim-und-lang-genug-42",
        PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    command = [sys.executable, "-m", "ikoe_data.importer", "import", str(workbook), "--edition", EDITION]
    processes = [
        subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    codes = sorted(code for code, _, _ in outputs)
    assert codes == [0, 1], outputs
    loser = next(out + err for code, out, err in outputs if code == 1)
    assert "gibt es bereits" in loser or "anderer Import" in loser
    assert entries(store) == [EDITION]
    loaded = load_edition(EDITION)
    for name, frame in shipped.tables.items():
        pd.testing.assert_frame_equal(loaded.tables[name], frame)


def test_cli_refuses_without_token(tmp_path, store):
    env = {k: v for k, v in os.environ.items() if k != settings.STEWARD_TOKEN_ENV}
    env.update(IKOE_EDITIONS_DIR=str(store), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "ikoe_data.importer", "validate", str(tmp_path / "x.xlsx")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3 and "Datenimport ist ausgeschaltet" in done.stderr
    assert entries(store) == []


# --------------------------------------------------------------------------- comparing editions


def test_compare_editions(shipped):
    tables = dict(shipped.tables)
    measures = shipped.strategy_measures
    goal = int(measures["goal_id"].iloc[0])
    tables["strategy_measures"] = measures[
        ~((measures["goal_id"] == goal) & (measures["measure_id"] == measures["measure_id"].iloc[0]))
    ]
    shares = shipped.staff_shares.copy()
    shares.loc[shares["share_id"] == "S-004", "share_percent"] = 42.0
    tables["staff_shares"] = shares
    other = Dataset(tables=tables, edition="b")

    comparison = compare_editions(shipped, other)
    coverage = comparison.goal_coverage.set_index("goal_id")
    assert len(coverage) == len(shipped.goals)
    assert coverage.at[goal, "difference"] == -1
    assert (coverage.drop(index=goal)["difference"] == 0).all()
    figures = comparison.staff_shares
    assert len(figures) == len(shipped.staff_shares)  # duplicates of the match key are numbered, not merged
    changed = figures[figures["change"] == "geändert"]
    assert list(changed["share_id_b"]) == ["S-004"] and list(changed["changed_columns"]) == ["share_percent"]
    assert changed["difference"].iloc[0] == pytest.approx(
        42.0 - shipped.staff_shares.set_index("share_id").at["S-004", "share_percent"]
    )
    assert (figures.drop(changed.index)["change"] == "unverändert").all()

    same = compare_editions(shipped, shipped)
    assert (same.goal_coverage["difference"] == 0).all() and set(same.staff_shares["change"]) == {"unverändert"}
