"""The import audit log (who, when, file hash, edition, result) beside the editions: written by the command line and
the Datenpflege page (AppTest, with the shared secret and with personal sign-in), a full disk refuses the import
with a German message and leaves log and editions whole; and the page imports a third edition without an incident
(issue #24: StreamlitWidgetAlreadyInstantiatedError after store_edition when two editions existed)."""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import hashlib
import os
import sqlite3
import subprocess
import time

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest
from test_importer import shipped_dataset

from ikoe_data import editions, import_audit
from ikoe_data.import_audit import AUDIT_FILE, METHOD_CLI, METHOD_OIDC, METHOD_SECRET, Actor, audited_import
from ikoe_data.importer import cli, template_bytes
from ikoe_data.local_db import LocalDbError

TOKEN = "ein-langer-zufaelliger-schluessel"
FIRST, SECOND = "2022-06-30", "2023-06-30"
ERIKA = {
    "is_logged_in": True,
    "name": "Erika Mustermann",
    "email": "erika.mustermann@mkjfgfi.nrw.de",
    "sub": "erika",
    "roles": ["ikoe-datenpflege"],
}
OIDC_SECRETS = {
    "redirect_uri": "https://dashboard.example/oauth2callback",
    "cookie_secret": "nur-fuer-den-test-" + "x" * 32,
    "client_id": "ikoe-dashboard",
    "client_secret": "nur-fuer-den-test",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def workbook() -> bytes:
    return template_bytes(shipped_dataset(), prefilled=True)


@pytest.fixture
def two_editions(store):
    frames = dict(shipped_dataset().tables)
    editions.store_edition(frames, FIRST, {"source_file": "erste.xlsx"})
    editions.store_edition(frames, SECOND, {"source_file": "zweite.xlsx"})
    return store


def edition_folders(store) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.is_dir())


def test_the_command_line_writes_every_import_to_the_log(store, monkeypatch, tmp_path, workbook, capsys):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
    good, bad = tmp_path / "ausgabe.xlsx", tmp_path / "kaputt.csv"
    good.write_bytes(workbook)
    bad.write_bytes(b"partner_id;name\n1;A\n")
    assert cli.main(["import", str(bad), "--edition", FIRST]) == cli.EXIT_PROBLEMS
    assert cli.main(["import", str(good), "--edition", SECOND]) == cli.EXIT_OK
    capsys.readouterr()
    log = import_audit.entries()
    assert log["Ausgabe"].tolist() == [SECOND, FIRST]  # newest first
    assert log["Ergebnis"].iloc[0] == "gespeichert als Ausgabe Stand 30.06.2023"
    assert log["Ergebnis"].iloc[1].startswith("nicht gespeichert: ")
    assert log["SHA-256 der Datei"].tolist() == [hashlib.sha256(p.read_bytes()).hexdigest() for p in (good, bad)]
    assert set(log["Person"]) == {getpass.getuser()} and set(log["Anmeldung"]) == {METHOD_CLI}
    assert set(log["Datei"]) == {str(good), str(bad)}
    assert all(dt.datetime.strptime(t, "%d.%m.%Y, %H:%M:%S") for t in log["Zeitpunkt"])
    assert edition_folders(store) == [SECOND]


def test_names_from_outside_are_one_line_of_visible_text(store, workbook):
    actor = Actor("Erika\u202e Muster\nmann\x00", "erika@example.org", METHOD_OIDC, "198.51.100.7")
    audited_import(actor, workbook, "ausgabe.xlsx", FIRST, base=shipped_dataset())
    [row] = import_audit.entries().to_dict("records")
    assert row["Person"] == "Erika Muster mann" and row["Adresse"] == "198.51.100.7"


def _full_disk_after_the_log_exists(monkeypatch) -> None:
    """SQLite's answer to a full disk (SQLITE_FULL, "database or disk is full"): the log may not grow by a page."""
    real_connect = sqlite3.connect

    def connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        (pages,) = connection.execute("PRAGMA page_count").fetchone()
        connection.execute(f"PRAGMA max_page_count = {pages}")
        return connection

    monkeypatch.setattr(sqlite3, "connect", connect)


def fill_the_last_page() -> None:
    """Entries until the log needs a new page (LocalDbError when it may not grow)."""
    for number in range(10_000):
        import_audit.begin(Actor("F" * 200, "f", METHOD_CLI), f"füller-{number}.xlsx", "0" * 64, FIRST)


def fill(path) -> None:
    """Write zeros until the file system is full (OSError ENOSPC)."""
    with open(path, "wb") as filler:
        while True:
            filler.write(b"\0" * 4096)
            filler.flush()


def test_a_full_log_refuses_the_import_and_writes_nothing(store, monkeypatch, workbook):
    first = audited_import(Actor("A", "a", METHOD_CLI), workbook, "erste.xlsx", FIRST, base=shipped_dataset())
    assert first.edition is not None
    before = import_audit.entries()
    with monkeypatch.context() as patch:
        _full_disk_after_the_log_exists(patch)
        with pytest.raises(LocalDbError, match="kein Platz mehr"):
            fill_the_last_page()
        filled = import_audit.entries(limit=100_000)
        result = audited_import(Actor("B", "b", METHOD_CLI), workbook, "zweite.xlsx", SECOND, base=shipped_dataset())
    report = " ".join(map(str, result.problems))
    assert result.edition is None and "kein Platz mehr" in report and "Es wurde nichts gespeichert" in report
    assert "Traceback" not in report and "sqlite" not in report.lower()
    assert edition_folders(store) == [FIRST]
    after = import_audit.entries(limit=100_000)
    assert after.equals(filled) and len(after) > len(before)  # whole entries only, none of the refused import
    assert not list(store.glob("*-journal"))


def test_a_log_that_cannot_take_the_result_keeps_the_stored_edition(store, monkeypatch, workbook):
    def full(*args, **kwargs):
        raise LocalDbError(
            f"{import_audit.WRITE_FAILED}: Auf dem Datenträger des Ausgabenspeichers ist kein Platz mehr."
        )

    monkeypatch.setattr(import_audit, "finish", full)
    result = audited_import(Actor("A", "a", METHOD_CLI), workbook, "ausgabe.xlsx", FIRST, base=shipped_dataset())
    assert result.edition is not None and any("fehlt im Importprotokoll" in n for n in result.notices)
    [row] = import_audit.entries().to_dict("records")
    assert row["Ergebnis"] == import_audit.NO_RESULT


def test_an_editions_path_that_is_a_file_refuses_the_import(tmp_path, monkeypatch, workbook):
    path = tmp_path / "keine-ablage"
    path.write_text("eine Datei, kein Ordner")
    monkeypatch.setenv("IKOE_EDITIONS_DIR", str(path))
    result = audited_import(Actor("A", "a", METHOD_CLI), workbook, "ausgabe.xlsx", FIRST, base=shipped_dataset())
    assert result.edition is None and "Es wurde nichts gespeichert" in str(result.problems[0])
    assert path.read_text() == "eine Datei, kein Ordner"


@pytest.fixture
def tiny_disk(tmp_path):
    """A real file system of 192 KiB (tmpfs; mounting needs root, as CI runs)."""
    if os.geteuid() != 0 and not os.environ.get("CI"):
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    mount = tmp_path / "klein"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_really_full_disk(tiny_disk, monkeypatch, workbook):
    """The kernel's ENOSPC, not a simulation: the import is refused in German, the log keeps its entries whole."""
    store = tiny_disk / "editions"
    monkeypatch.setenv("IKOE_EDITIONS_DIR", str(store))
    import_audit.begin(Actor("A", "a", METHOD_CLI), "erste.xlsx", "0" * 64, FIRST)
    before = import_audit.entries()
    with pytest.raises(OSError, match="No space left on device") as full:
        fill(tiny_disk / "fueller")
    assert full.value.errno == errno.ENOSPC
    result = audited_import(Actor("B", "b", METHOD_CLI), workbook, "zweite.xlsx", SECOND, base=shipped_dataset())
    report = " ".join(map(str, result.problems))
    assert result.edition is None and "kein Platz mehr" in report and "Es wurde nichts gespeichert" in report
    assert import_audit.entries().equals(before)
    assert sorted(p.name for p in store.iterdir()) == [AUDIT_FILE]


# --------------------------------------------------------------------------- the page


def open_maintenance(user: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    if user is not None:
        app.secrets["auth"] = OIDC_SECRETS
        app.user = user
    app.run()
    app.switch_page("app_pages/data_maintenance.py").run()
    if user is None:
        app.text_input[0].input(TOKEN)
        app.button(key="FormSubmitter:steward_login-Anmelden").click().run()
    assert not app.exception and not app.error, [e.value for e in app.exception] + [e.value for e in app.error]
    return app


def store_through_the_page(app: AppTest, workbook: bytes, name: str | None) -> AppTest:
    app.file_uploader[0].set_value(("dritte.xlsx", workbook, XLSX)).run()
    assert any("ist gültig" in s.value for s in app.success)
    name_fields = [t for t in app.text_input if t.label == "Ihr Name (für das Importprotokoll)"]
    assert len(name_fields) == (1 if name is not None else 0)  # asked only with the shared secret
    if name is not None:
        name_fields[0].input(name)
    return app.button(key="FormSubmitter:store_edition-Als neue Ausgabe speichern").click().run()


def test_the_page_imports_a_third_edition_with_the_stewards_name(two_editions, monkeypatch, workbook):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)
    app = open_maintenance()
    # without a name nothing is stored
    store_through_the_page(app, workbook, "  ")
    assert any("Bitte geben Sie Ihren Namen" in e.value for e in app.error)
    assert edition_folders(two_editions) == [FIRST, SECOND]
    store_through_the_page(app, workbook, "Erika Mustermann")
    today = dt.date.today().isoformat()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert edition_folders(two_editions) == [FIRST, SECOND, today]
    assert any("Gespeichert als Ausgabe Stand" in s.value and "Importprotokoll" in s.value for s in app.success)
    assert app.sidebar.selectbox(key="edition").value == today  # the dashboard shows the new edition
    assert len(app.sidebar.selectbox(key="edition").options) == 4
    assert any("Noch keine Datei gewählt" in i.value for i in app.info)  # the upload field is empty again
    [log] = [t.value for t in app.dataframe if "Person" in t.value.columns]
    assert log[["Person", "Anmeldung", "Ausgabe", "Datei"]].values.tolist() == [
        ["Erika Mustermann", METHOD_SECRET, today, "dritte.xlsx"]
    ]
    assert log["SHA-256 der Datei"].iloc[0] == hashlib.sha256(workbook).hexdigest()
    app.run()  # another click: still no incident, the message of the import is gone
    assert not app.error and not any("Gespeichert als" in s.value for s in app.success)


def test_a_signed_in_steward_imports_under_their_own_name(store, workbook):
    app = open_maintenance(dict(ERIKA, iat=int(time.time())))
    assert [c.value for c in app.sidebar.caption if c.value.startswith("Angemeldet")] == [
        "Angemeldet: Erika Mustermann"
    ]
    assert "Abmelden" in [b.label for b in app.sidebar.button]
    store_through_the_page(app, workbook, None)
    assert not app.error and edition_folders(store) == [dt.date.today().isoformat()]
    [log] = [t.value for t in app.dataframe if "Person" in t.value.columns]
    assert log[["Person", "Konto", "Anmeldung"]].values.tolist() == [["Erika Mustermann", ERIKA["email"], METHOD_OIDC]]


@pytest.mark.parametrize(
    ("user", "said"),
    [
        ({"is_logged_in": False}, None),
        (dict(ERIKA, roles=["ikoe-lesen"]), "keine Berechtigung für die Datenpflege"),
        (dict(ERIKA, roles="ikoe-datenpflege-extern"), "keine Berechtigung für die Datenpflege"),
        (dict(ERIKA, iat=int(time.time()) - 13 * 3600), "älter als 12 Stunden"),
    ],
    ids=["nicht angemeldet", "andere Rolle", "ähnliche Rolle", "Anmeldung zu alt"],
)
def test_without_the_role_there_is_no_datenpflege(store, monkeypatch, user, said):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", TOKEN)  # a shared secret changes nothing once [auth] is set
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=120)
    app.secrets["auth"] = OIDC_SECRETS
    app.user = user
    app.run()
    assert not app.exception
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("app_pages/data_maintenance.py").run()
    buttons = [b.label for b in app.sidebar.button]
    assert "Daten neu laden" not in buttons
    if said is None:
        assert "Anmelden" in buttons
    else:
        assert any(said in c.value for c in app.sidebar.caption) and "Abmelden" in buttons


def test_the_role_claim_is_configurable(store, monkeypatch, workbook):
    monkeypatch.setenv("IKOE_STEWARD_CLAIM", "realm_access.roles")
    monkeypatch.setenv("IKOE_STEWARD_ROLE", "datenpflege")
    keycloak = dict(ERIKA, roles=[], realm_access={"roles": ["offline_access", "datenpflege"]})
    app = open_maintenance(keycloak)
    assert [t.value for t in app.title] == ["Datenpflege"]
