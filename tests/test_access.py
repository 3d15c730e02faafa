"""Steward secret (usable values, throttled and logged guesses, reload only for stewards) and the incident
boundary: no traceback reaches a user (AppTest)."""

from __future__ import annotations

import logging

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

from ikoe_data import facts, steward
from ikoe_data.steward import FREE_ATTEMPTS, MAX_WAIT_SECONDS, Throttle, check_secret, wait_after
from ikoe_ui import access

GOOD = "ein-langer-zufaelliger-schluessel"


@pytest.fixture(autouse=True)
def fresh_process_throttle(monkeypatch):
    monkeypatch.setattr(access, "_ALL_SESSIONS", Throttle())


def page(secrets: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60)
    for key, value in (secrets or {}).items():
        app.secrets[key] = value
    app.run()
    app.switch_page("app_pages/data_maintenance.py").run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def sign_in(app: AppTest, guess: str) -> AppTest:
    app.text_input[0].input(guess)
    return app.button(key="FormSubmitter:steward_login-Anmelden").click().run()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("kurz", "zu kurz: 4 Zeichen"),
        (" " * 20, "nur aus Leerzeichen"),
        ("\t\n  ", "nur aus Leerzeichen"),
        (123456, "zu kurz: 6 Zeichen"),
        (True, "muss ein Text sein"),
        ({"a": 1}, "muss ein Text sein"),
        ([GOOD], "muss ein Text sein"),
    ],
)
def test_unusable_secrets_are_refused_with_a_reason(raw, expected):
    secret = check_secret(raw, "Test")
    assert secret.value is None and secret.configured
    assert secret.problem is not None
    assert expected in secret.problem and "mindestens 16" in secret.problem


def test_usable_and_absent_secrets():
    assert check_secret(GOOD, "Test").value == GOOD
    assert check_secret(f"  {GOOD}\n", "Test").value == GOOD
    assert check_secret(1234567890123456789, "Test").value == "1234567890123456789"
    assert not check_secret(None, "Test").configured
    assert not check_secret("", "Test").configured


def test_wait_grows_after_the_free_attempts():
    assert [wait_after(n) for n in range(FREE_ATTEMPTS)] == [0.0] * FREE_ATTEMPTS
    waits = [wait_after(n) for n in range(FREE_ATTEMPTS, FREE_ATTEMPTS + 5)]
    assert waits == sorted(waits) and waits[0] > 0 and len(set(waits)) == 5
    assert wait_after(100) == MAX_WAIT_SECONDS
    throttle = Throttle()
    for _ in range(FREE_ATTEMPTS):
        throttle.fail(now=0.0)
    assert throttle.remaining(now=0.0) == wait_after(FREE_ATTEMPTS)
    throttle.succeed()
    assert throttle.remaining(now=0.0) == 0.0


@pytest.mark.parametrize(
    ("env", "secrets", "expected"),
    [
        ("kurz-geheim", None, "zu kurz: 11 Zeichen"),
        ("                    ", None, "nur aus Leerzeichen"),
        (None, {"data_steward_token": 4711}, "zu kurz: 4 Zeichen"),
        (None, {"data_steward_token": "   "}, "nur aus Leerzeichen"),
    ],
)
def test_page_explains_an_unusable_secret(store, monkeypatch, env, secrets, expected):
    if env is not None:
        monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", env)
    app = page(secrets)
    assert any(expected in e.value and "Datenimport bleibt ausgeschaltet" in e.value for e in app.error)
    assert not app.text_input and not app.get("file_uploader")
    assert not store.exists() or not any(store.iterdir())  # nothing stored (datasets/ hashed by the fixture)


def test_numeric_secret_in_secrets_toml_works(store):
    app = page({"data_steward_token": 12345678901234567890})
    sign_in(app, "12345678901234567890")
    assert not app.exception
    assert "Excel-Vorlage herunterladen" in [b.proto.label for b in app.get("download_button")]


def test_guessing_is_slowed_and_logged_without_the_guess(store, monkeypatch, caplog):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", GOOD)
    # The first wait (2 s, wait_after is tested on its own) could be over before a busy machine has run the next
    # AppTest step: here every wait lasts ten minutes, so "blocked" cannot pass because the clock ran out.
    monkeypatch.setattr(steward, "wait_after", lambda failures: 0.0 if failures < FREE_ATTEMPTS else 600.0)
    caplog.set_level(logging.INFO, logger="ikoe.access")
    app = page()
    for attempt in range(1, FREE_ATTEMPTS + 1):
        sign_in(app, f"geraten-{attempt}")
        errors = " ".join(e.value for e in app.error)
        assert "Der Zugangsschlüssel ist falsch" in errors
        assert ("Zu viele Fehlversuche" in errors) == (attempt == FREE_ATTEMPTS)
    # Blocked now: even the right secret is not checked until the wait is over.
    sign_in(app, GOOD)
    assert any("Zu viele Fehlversuche" in e.value for e in app.error)
    assert not app.get("download_button")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == FREE_ATTEMPTS
    assert all("geraten" not in r.getMessage() and GOOD not in r.getMessage() for r in caplog.records)
    # A new session (a reload) is blocked too: the process-wide count is over the limit.
    other = page()
    assert any("Zu viele Fehlversuche" in w.value for w in other.warning)
    sign_in(other, GOOD)
    assert not other.get("download_button")
    assert not store.exists() or not any(store.iterdir())  # nothing stored (datasets/ hashed by the fixture)


def test_only_stewards_reload_data_for_everyone(store, monkeypatch):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", GOOD)
    app = page()
    assert "Daten neu laden" not in [b.label for b in app.sidebar.button]
    sign_in(app, GOOD)
    assert "Daten neu laden" in [b.label for b in app.sidebar.button]


def test_an_error_in_a_page_shows_an_incident_id_not_a_traceback(store, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("/srv/geheimer/pfad kaputt")

    monkeypatch.setattr(facts, "network_facts", broken)
    caplog.set_level(logging.ERROR, logger="ikoe.incidents")
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not app.exception
    message = " ".join(e.value for e in app.error)
    assert "unerwarteter Fehler" in message and "Vorgangsnummer" in message
    assert "geheimer" not in message and "RuntimeError" not in message
    [record] = caplog.records
    incident = record.args[0]
    assert incident in message and record.exc_info[0] is RuntimeError
    # The sidebar still works: the error stopped only the page.
    assert app.sidebar.radio or app.sidebar.selectbox or app.sidebar.button is not None


@pytest.mark.parametrize(("value", "expected"), [("kurz", "zu kurz: 4 Zeichen"), ("      ", "nur aus Leerzeichen")])
def test_command_line_refuses_an_unusable_secret(store, monkeypatch, capsys, tmp_path, value, expected):
    from conftest import dataset_hashes

    from ikoe_data.importer import cli

    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", value)
    before = dataset_hashes()
    workbook = tmp_path / "vorlage.xlsx"
    workbook.write_bytes(b"PK\x03\x04")
    assert cli.main(["import", str(workbook), "--edition", "2024-01-01"]) == cli.EXIT_DISABLED
    captured = capsys.readouterr()
    assert expected in captured.err and "Traceback" not in captured.err + captured.out
    assert not store.exists() or not any(store.iterdir())
    assert dataset_hashes() == before
