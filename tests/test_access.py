"""Steward secret (usable values, throttled and logged guesses counted per session and client address in a file all
processes share, reload only for stewards) and the incident boundary: no traceback reaches a user (AppTest)."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest
from conftest import REPO
from streamlit.testing.v1 import AppTest

from ikoe_data import facts, steward
from ikoe_data.local_db import read_rows
from ikoe_data.steward import (
    FREE_ATTEMPTS,
    FREE_ATTEMPTS_PER_CLIENT,
    MAX_WAIT_SECONDS,
    SharedThrottle,
    check_secret,
    wait_after,
)
from ikoe_ui import access

GOOD = "ein-langer-zufaelliger-schluessel"
ATTACKER, STEWARD = "198.51.100.7", "203.0.113.5"


@pytest.fixture
def client(monkeypatch):
    """The client address the next page runs come from (AppTest has no connection; the address is what nginx's
    X-Real-IP header or the connection says, see test_client_address_comes_from_the_proxy_header)."""
    current = {"address": STEWARD}
    monkeypatch.setattr(access, "client_address", lambda: current["address"])
    return current


@pytest.fixture
def every_wait_long(monkeypatch):
    """The first wait (2 s, wait_after is tested on its own) could be over before a busy machine has run the next
    AppTest step: here every wait lasts ten minutes, so "blocked" cannot pass because the clock ran out."""
    monkeypatch.setattr(steward, "wait_after", lambda failures, free=FREE_ATTEMPTS: 0.0 if failures < free else 600.0)


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
        ("\u200b" * 16, "unsichtbares oder nicht druckbares Zeichen (U+200B, ZERO WIDTH SPACE)"),
        ("\u3164" * 20, "unsichtbares oder nicht druckbares Zeichen (U+3164, HANGUL FILLER)"),
        ("geheim\u00adschluessel-4711", "(U+00AD, SOFT HYPHEN)"),
        ("a" * 16, "leicht zu erraten"),
        ("1234567890123456", "leicht zu erraten"),
        ("abcdefghijklmnop", "leicht zu erraten"),
        ("passwortpasswort", "leicht zu erraten"),
        (1234567890123456789, "leicht zu erraten"),
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
    assert check_secret(8392017465830291847, "Test").value == "8392017465830291847"
    assert check_secret("Integrations-Ausschuss-2030!", "Test").value == "Integrations-Ausschuss-2030!"
    assert not check_secret(None, "Test").configured
    assert not check_secret("", "Test").configured


def test_wait_grows_after_the_free_attempts(store):
    assert [wait_after(n) for n in range(FREE_ATTEMPTS)] == [0.0] * FREE_ATTEMPTS
    waits = [wait_after(n) for n in range(FREE_ATTEMPTS, FREE_ATTEMPTS + 5)]
    assert waits == sorted(waits) and waits[0] > 0 and len(set(waits)) == 5
    assert wait_after(100) == wait_after(10**6) == MAX_WAIT_SECONDS
    assert wait_after(FREE_ATTEMPTS_PER_CLIENT - 1, FREE_ATTEMPTS_PER_CLIENT) == 0.0
    throttle = SharedThrottle()
    for number in range(FREE_ATTEMPTS):
        assert throttle.remaining("s1", ATTACKER, now=0.0) == 0.0
        counted = throttle.fail("s1", ATTACKER, now=0.0)
        assert (counted.session, counted.client) == (number + 1, number + 1)
    assert throttle.remaining("s1", ATTACKER, now=0.0) == wait_after(FREE_ATTEMPTS)
    assert throttle.remaining("s2", ATTACKER, now=0.0) == 0.0  # another session of that client: not yet
    assert throttle.remaining("s1", STEWARD, now=0.0) == wait_after(FREE_ATTEMPTS)  # the session is blocked
    assert throttle.remaining("s3", STEWARD, now=0.0) == 0.0  # another client: never
    throttle.succeed("s1", ATTACKER)
    assert throttle.remaining("s1", ATTACKER, now=0.0) == 0.0


def test_a_client_is_blocked_over_all_its_sessions(store):
    throttle = SharedThrottle()
    for number in range(FREE_ATTEMPTS_PER_CLIENT):
        throttle.fail(f"sitzung-{number}", ATTACKER, now=0.0)
    assert throttle.remaining("neue-sitzung", ATTACKER, now=0.0) == wait_after(1, 1)
    assert throttle.remaining("neue-sitzung", STEWARD, now=0.0) == 0.0


def test_old_counters_are_forgotten(store):
    throttle = SharedThrottle()
    for _ in range(FREE_ATTEMPTS + 3):
        throttle.fail("alt", ATTACKER, now=0.0)
    throttle.fail("neu", STEWARD, now=steward.FORGET_AFTER_SECONDS + 1)  # any write removes counters a day old
    rows = read_rows(steward.ATTEMPTS_FILE, "SELECT key FROM attempts ORDER BY key", (), "")
    assert rows == [(f"client:{STEWARD}",), ("session:neu",)]


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
    app = page({"data_steward_token": 83920174658302918475})
    sign_in(app, "83920174658302918475")
    assert not app.exception
    assert "Excel-Vorlage herunterladen" in [b.proto.label for b in app.get("download_button")]


def test_guessing_is_slowed_and_logged_without_the_guess(store, monkeypatch, caplog, client, every_wait_long):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", GOOD)
    caplog.set_level(logging.INFO, logger="ikoe.access")
    client["address"] = ATTACKER
    app = page()
    for attempt in range(1, FREE_ATTEMPTS + 1):
        sign_in(app, f"geraten-{attempt}")
        errors = " ".join(e.value for e in app.error)
        assert "Der Zugangsschlüssel ist falsch" in errors
        assert ("Zu viele Fehlversuche" in errors) == (attempt == FREE_ATTEMPTS)
    # Blocked now: even the right secret is not checked until the wait is over, and the attempt is logged.
    sign_in(app, GOOD)
    assert any("Zu viele Fehlversuche" in e.value for e in app.error)
    assert not app.get("download_button")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == FREE_ATTEMPTS + 1 and "refused while throttled" in warnings[-1]
    assert all(ATTACKER in w for w in warnings)
    assert all("geraten" not in r.getMessage() and GOOD not in r.getMessage() for r in caplog.records)
    # New sessions (reloads) from the same address get guesses of their own until the address has used up
    # FREE_ATTEMPTS_PER_CLIENT; then every further session from there is blocked at once.
    guesses = FREE_ATTEMPTS
    while guesses < FREE_ATTEMPTS_PER_CLIENT:
        other = page()
        for _ in range(min(FREE_ATTEMPTS, FREE_ATTEMPTS_PER_CLIENT - guesses)):
            sign_in(other, f"geraten-{guesses}")
            guesses += 1
    blocked = page()
    assert any("Zu viele Fehlversuche" in w.value for w in blocked.warning)
    sign_in(blocked, GOOD)
    assert not blocked.get("download_button")
    assert not store.exists() or not [p for p in store.iterdir() if not p.name.startswith(".")]  # no edition


def test_guesses_from_another_client_never_delay_the_steward(store, monkeypatch, client, every_wait_long):
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", GOOD)
    client["address"] = ATTACKER
    for _ in range(FREE_ATTEMPTS_PER_CLIENT // FREE_ATTEMPTS + 1):  # more than the address may guess
        guesser = page()
        for attempt in range(FREE_ATTEMPTS):
            sign_in(guesser, f"geraten-{attempt}")
    assert any("Zu viele Fehlversuche" in w.value for w in page().warning)
    client["address"] = STEWARD
    app = page()
    assert not app.warning
    sign_in(app, GOOD)
    assert not app.error
    assert "Excel-Vorlage herunterladen" in [b.proto.label for b in app.get("download_button")]


def test_counters_are_shared_by_processes(store, monkeypatch, client, every_wait_long):
    """Another process (a second dashboard process behind the same proxy) counts wrong guesses of an address in
    the same file: this process's page refuses that address at once and still lets the steward in."""
    monkeypatch.setenv("IKOE_DATA_STEWARD_TOKEN", GOOD)
    script = (
        "from ikoe_data.steward import SharedThrottle, FREE_ATTEMPTS_PER_CLIENT\n"
        "for n in range(FREE_ATTEMPTS_PER_CLIENT):\n"
        f"    SharedThrottle().fail(f'prozess-2-{{n}}', '{ATTACKER}', now=1e12)\n"
    )  # now=1e12: the wait lasts until far in the future
    env = dict(os.environ, IKOE_EDITIONS_DIR=str(store), PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, "-c", script], env=env, cwd=REPO, check=True, timeout=120)
    client["address"] = ATTACKER
    app = page()
    assert any("Zu viele Fehlversuche" in w.value for w in app.warning)
    sign_in(app, GOOD)
    assert not app.get("download_button")
    client["address"] = STEWARD
    sign_in(page(), GOOD)  # page() asserts no exception; the steward's first attempt is checked
    assert read_rows(
        steward.ATTEMPTS_FILE, "SELECT COUNT(*) FROM attempts WHERE key = ?", (f"client:{STEWARD}",), ""
    ) == [(0,)]


@pytest.mark.parametrize(
    ("direct", "forwarded", "expected"),
    [
        (None, ATTACKER, ATTACKER),  # through the shipped nginx: its X-Real-IP header
        (None, " 2001:db8::7 ", "2001:db8::7"),
        ("192.0.2.9", ATTACKER, "192.0.2.9"),  # a direct connection's own address wins over any header
        (None, "198.51.100.7, 10.0.0.1", "127.0.0.1"),  # no single address: the (loopback) peer counts
        (None, "<script>", "127.0.0.1"),
        (None, None, "127.0.0.1"),  # a local connection without the proxy
    ],
)
def test_client_address_comes_from_the_proxy_header(direct, forwarded, expected):
    assert access.address_of(direct, forwarded) == expected


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


def test_an_error_in_the_sidebar_filters_shows_an_incident_id_in_the_sidebar(store, monkeypatch, caplog):
    from ikoe_ui import filters

    def broken(*args, **kwargs):
        raise RuntimeError("/srv/geheimer/pfad kaputt")

    monkeypatch.setattr(filters, "_focus_labels", broken)
    caplog.set_level(logging.ERROR, logger="ikoe.incidents")
    app = AppTest.from_file(str(REPO / "dashboard.py"), default_timeout=60).run()
    assert not app.exception  # not Streamlit's English error box
    sidebar = " ".join(e.value for e in app.sidebar.error)
    assert "unerwarteter Fehler" in sidebar and "Vorgangsnummer" in sidebar and "geheimer" not in sidebar
    record = next(r for r in caplog.records if "sidebar filters" in r.getMessage())
    assert record.args[0] in sidebar and record.exc_info[0] is RuntimeError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kurz", "zu kurz: 4 Zeichen"),
        ("      ", "nur aus Leerzeichen"),
        ("\u200b" * 16, "unsichtbares oder nicht druckbares Zeichen (U+200B"),
        ("a" * 16, "leicht zu erraten"),
    ],
)
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
