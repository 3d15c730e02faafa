"""Storage faults (issue #12): read-only store, full disk, file-size limit, an editions path that is a file,
missing or broken edition.json. Always a German message, no traceback, nothing half-written (the store is
hashed), the other editions still usable, a damaged edition listed as damaged."""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
import tempfile

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest
from test_import_hygiene import TOKEN, store_hash
from test_importer import shipped_dataset

from ikoe_data import editions, import_audit
from ikoe_data.importer import import_upload, template_bytes

GOOD = "2023-06-30"
NEW = "2024-09-30"


@pytest.fixture
def store_with_one(store):
    editions.store_edition(dict(shipped_dataset().tables), GOOD, {"source_file": "gut.xlsx"})
    return store


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return template_bytes(shipped_dataset(), prefilled=True)


def refused(workbook: bytes, fragment: str) -> None:
    result = import_upload(workbook, "ausgabe.xlsx", NEW, base=shipped_dataset())
    report = "\n".join(map(str, result.problems))
    assert result.edition is None and fragment in report, report
    assert "Es wurde nichts gespeichert" in report and "Traceback" not in report and "Errno" not in report


def still_usable(store) -> None:
    assert [i.edition_id for i in editions.list_editions()] == [editions.SHIPPED_ID, GOOD]
    assert len(editions.load_edition(GOOD).tables["partners"]) == len(shipped_dataset().tables["partners"])
    assert not [p for p in store.iterdir() if p.name.startswith(editions.TEMP_PREFIX)]


def test_read_only_store(store_with_one, workbook, monkeypatch):
    before = store_hash(store_with_one)
    if os.geteuid() != 0:
        store_with_one.chmod(0o555)
    else:  # root writes anyway: the file system's answer, as a read-only mount gives it

        def read_only(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    try:
        refused(workbook, "schreibgeschützt")
    finally:
        store_with_one.chmod(0o755)
    assert store_hash(store_with_one) == before
    still_usable(store_with_one)


def test_full_disk_half_way(store_with_one, workbook, monkeypatch):
    before = store_hash(store_with_one)
    real_write = editions._write_table
    written: list[str] = []

    def fill_up(name, frame, directory):
        if len(written) == 3:  # three tables written, then the disk is full in the middle of the fourth
            (directory / f"{name}.csv").write_text("partial")
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(name)
        real_write(name, frame, directory)

    monkeypatch.setattr(editions, "_write_table", fill_up)
    refused(workbook, "kein Platz mehr")
    assert store_hash(store_with_one) == before
    still_usable(store_with_one)


def test_file_size_limit_in_a_real_process(store_with_one, tmp_path):
    """RLIMIT_FSIZE makes the kernel refuse a write beyond 20 KB (EFBIG): the command line explains it."""
    path = tmp_path / "ausgabe.xlsx"
    path.write_bytes(template_bytes(shipped_dataset(), prefilled=True))
    before = store_hash(store_with_one)
    env = dict(os.environ, IKOE_EDITIONS_DIR=str(store_with_one), IKOE_DATA_STEWARD_TOKEN=TOKEN)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run(
        [sys.executable, "-m", "ikoe_data.importer", "import", str(path), "--edition", NEW],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)),
    )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Größengrenze" in output and "Traceback" not in output, output
    # The import audit log (written before the edition, tests/test_import_audit.py) records the refusal ...
    [entry] = import_audit.entries().to_dict("records")
    assert entry["Ergebnis"].startswith("nicht gespeichert") and "Größengrenze" in entry["Ergebnis"]
    # ... and nothing else changed
    (store_with_one / import_audit.AUDIT_FILE).unlink()
    assert store_hash(store_with_one) == before
    still_usable(store_with_one)


def test_editions_path_is_a_file(tmp_path, workbook, monkeypatch):
    path = tmp_path / "keine-ablage"
    path.write_text("eine Datei, kein Ordner")
    monkeypatch.setenv("IKOE_EDITIONS_DIR", str(path))
    refused(workbook, "ist kein Ordner")
    assert path.read_text() == "eine Datei, kein Ordner"
    assert [i.edition_id for i in editions.list_editions()] == [editions.SHIPPED_ID]
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not app.exception and not app.error
    assert [t.value for t in app.title] == ["Übersicht"]


@pytest.mark.parametrize(("damage", "reason"), [("missing", "edition.json fehlt"), ("broken", "beschädigt")])
def test_damaged_edition_is_listed_as_damaged(store_with_one, monkeypatch, damage, reason):
    editions.store_edition(dict(shipped_dataset().tables), NEW, {"source_file": "zweite.xlsx"})
    meta = store_with_one / NEW / editions.META_FILE
    if damage == "missing":
        meta.unlink()
    else:
        meta.write_text('{"status_date": "2024-')
    before = store_hash(store_with_one)
    still_usable(store_with_one)
    [(damaged_id, why)] = editions.damaged_editions()
    assert damaged_id == NEW and reason in why
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert app.sidebar.selectbox(key="edition").options == ["Ausgelieferte Daten", "Ausgabe Stand 30.06.2023"]
    app.switch_page("app_pages/data_maintenance.py").run()
    app.text_input[0].input(TOKEN)
    app.button(key="FormSubmitter:steward_login-Anmelden").click().run()
    assert any(NEW in w.value and "beschädigt" in w.value for w in app.warning), [w.value for w in app.warning]
    assert not app.exception
    assert store_hash(store_with_one) == before  # listed, never repaired or removed
