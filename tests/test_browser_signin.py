"""Personal sign-in of data stewards through a real OpenID Connect provider on loopback (oidc-provider-mock, started
here on a free port), in Chromium: a steward signs in, imports an edition on Datenpflege and finds it in the audit
log under their name; a signed-in person without the steward role has no Datenpflege, neither in the navigation
nor at its address."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from browser_support import new_context, streamlit_server, wait_for_view
from oidc_provider_mock import User, run_server_in_thread

from ikoe_data import editions
from ikoe_data.importer import template_bytes

pytestmark = pytest.mark.browser
STEWARD = User(
    sub="erika", claims={"name": "Erika Mustermann", "email": "erika@mkjfgfi.example", "roles": ["ikoe-datenpflege"]}
)
VIEWER = User(sub="max", claims={"name": "Max Leser", "email": "max@mkjfgfi.example", "roles": ["ikoe-lesen"]})


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(port=0, user_claims=[STEWARD, VIEWER]) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return tmp_path_factory.mktemp("editions")


@pytest.fixture(scope="module")
def server(provider, store, tmp_path_factory):
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "nur-fuer-den-test-{"7" * 32}"\n'
        'client_id = "ikoe-dashboard"\n'
        'client_secret = "nur-fuer-den-test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    env = {"IKOE_EDITIONS_DIR": str(store), "IKOE_DATA_STEWARD_TOKEN": None}
    with streamlit_server(env, ("--secrets.files", str(secrets))) as base:
        yield base


def sign_in(page, server: str, user: User) -> None:
    """From the start page through the provider's form and back (Streamlit opens the start page again)."""
    page.goto(server + "/")
    wait_for_view(page)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"^http://localhost:\d+/oauth2/authorize"), timeout=60_000)
    page.get_by_role("button", name=user.sub, exact=True).click()  # the provider's button for a known user
    page.wait_for_url(re.compile(re.escape(server) + r"/?$"), timeout=60_000)
    wait_for_view(page)
    page.get_by_text(f"Angemeldet: {user.claims['name']}").wait_for(timeout=60_000)


def navigation(page) -> list[str]:
    links = page.locator("[data-testid='stSidebar'] [data-testid='stPageLink-NavLink']")
    return [links.nth(i).inner_text().strip() for i in range(links.count())]


def test_a_steward_signs_in_and_the_import_is_in_the_audit_log(browser, server, store, tmp_path):
    workbook = tmp_path / "ausgabe.xlsx"
    workbook.write_bytes(template_bytes(editions.load_edition(editions.SHIPPED_ID), prefilled=True))
    with new_context(browser, viewport={"width": 1440, "height": 2000}, locale="de-DE") as context:
        page = context.new_page()
        page.goto(server + "/")
        wait_for_view(page)
        assert not [n for n in navigation(page) if "Datenpflege" in n]  # before signing in
        started = time.time()
        sign_in(page, server, STEWARD)
        assert [n for n in navigation(page) if "Datenpflege" in n]
        page.goto(server + "/datenpflege")
        page.get_by_role("heading", name="1. Vorlage herunterladen").wait_for(timeout=60_000)
        assert page.get_by_label("Zugangsschlüssel der Datenpflege").count() == 0  # no secret asked
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(workbook))
        page.get_by_text("ist gültig").wait_for(timeout=60_000)
        page.get_by_role("button", name="Als neue Ausgabe speichern").wait_for(timeout=30_000)
        assert page.get_by_role("textbox", name="Ihr Name (für das Importprotokoll)").count() == 0  # known
        page.get_by_role("button", name="Als neue Ausgabe speichern").click()
        page.get_by_text("Gespeichert als").wait_for(timeout=60_000)
        page.get_by_text("Importprotokoll: wer wann welche Datei eingespielt hat").click()
        page.get_by_text("Erika Mustermann").first.wait_for(state="attached", timeout=30_000)  # a cell of the grid
    # what the page showed is what the log holds
    [entry] = _entries(store)
    assert entry["Person"] == "Erika Mustermann" and entry["Konto"] == "erika@mkjfgfi.example"
    assert entry["Anmeldung"] == "Persönliche Anmeldung (OpenID Connect)"
    assert entry["Datei"] == "ausgabe.xlsx" and entry["Ergebnis"].startswith("gespeichert als Ausgabe Stand")
    assert time.strptime(entry["Zeitpunkt"], "%d.%m.%Y, %H:%M:%S") >= time.localtime(started - 60)


def _entries(store: Path) -> list[dict]:
    from ikoe_data import import_audit

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IKOE_EDITIONS_DIR", str(store))
        return import_audit.entries().to_dict("records")


def test_without_the_role_there_is_no_datenpflege(browser, server):
    with new_context(browser, viewport={"width": 1440, "height": 1200}, locale="de-DE") as context:
        page = context.new_page()
        sign_in(page, server, VIEWER)
        page.get_by_text("Dieses Konto hat keine Berechtigung für die Datenpflege.").wait_for(timeout=30_000)
        names = navigation(page)
        assert len(names) >= 8 and not [n for n in names if "Datenpflege" in n]
        page.goto(server + "/datenpflege")
        page.get_by_role("dialog").get_by_text("Seite nicht gefunden").wait_for(timeout=60_000)
        wait_for_view(page)
        assert page.get_by_role("heading", level=1).inner_text() == "Übersicht"
        assert page.get_by_role("heading", name="1. Vorlage herunterladen").count() == 0
