"""Data-steward access: the Datenpflege page, imports and reloading data for everyone are for data stewards only.

Two ways in, chosen by the configuration (docs/security-and-deployment.md):

- **Personal sign-in** (OpenID Connect through Streamlit's `st.login`) when `.streamlit/secrets.toml` has an
  `[auth]` section. A signed-in person whose identity token carries the steward role (claim and value configurable,
  `ikoe_data.settings`) is a data steward for MAX_SIGN_IN_AGE after signing in. For everyone else the Datenpflege
  page does not exist: it is not in the navigation and its address opens nothing. Each import names the person.
- **Shared secret**, the default for a single machine (no `[auth]`): IKOE_DATA_STEWARD_TOKEN or
  `data_steward_token`, judged by `ikoe_data.steward.check_secret`. Wrong guesses are counted per session and per
  client address in a file that every process shares (`ikoe_data.steward.SharedThrottle`), so guesses from one
  address never delay another; every attempt is logged (`ikoe.access`), never the guess. The person names
  themselves for the audit log."""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import ipaddress
import logging
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn

import streamlit as st

from ikoe_data import settings
from ikoe_data.import_audit import METHOD_OIDC, METHOD_SECRET, Actor
from ikoe_data.local_db import LocalDbError
from ikoe_data.steward import Secret, SharedThrottle, check_secret, has_role
from ikoe_data.text import md
from ikoe_ui import streamlit_compat

SECRET_NAME = "data_steward_token"
STEWARD_KEY = "steward"  # the Steward signed in with the shared secret
SESSION_KEY = "steward_ok"  # whether this session is a steward (either way), for code outside its script runs
SESSION_TOKEN_KEY = "steward_session"
LOGGED_KEY = "steward_logged"
MAX_SIGN_IN_AGE = dt.timedelta(hours=12)
LOG = logging.getLogger("ikoe.access")
THROTTLE = SharedThrottle()


@dataclass(frozen=True)
class Steward:
    """A signed-in data steward. `name` is None after the shared secret: the person names themselves per import."""

    name: str | None
    account: str
    method: str
    client: str

    def actor(self, given_name: str | None = None) -> Actor:
        return Actor(self.name or (given_name or "").strip(), self.account, self.method, self.client)


# --------------------------------------------------------------------------- configuration


def _secrets_value(name: str) -> object:
    try:
        return st.secrets.get(name)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None


def oidc_configured() -> bool:
    """`[auth]` with a redirect_uri in .streamlit/secrets.toml: stewards sign in personally (st.login)."""
    auth = _secrets_value("auth")
    return isinstance(auth, Mapping) and bool(auth.get("redirect_uri"))


def role_setting() -> tuple[str, str]:
    """(claim, value) that make a signed-in person a data steward: environment, then secrets, then the default."""
    claim = settings.steward_claim() or str(_secrets_value("steward_claim") or "").strip()
    role = settings.steward_role() or str(_secrets_value("steward_role") or "").strip()
    return claim or settings.DEFAULT_STEWARD_CLAIM, role or settings.DEFAULT_STEWARD_ROLE


def secret() -> Secret:
    """The configured shared secret; the environment takes precedence over secrets.toml."""
    from_env = settings.steward_secret()
    if from_env.configured:
        return from_env
    return check_secret(_secrets_value(SECRET_NAME), f"„{SECRET_NAME}“ in .streamlit/secrets.toml")


def steward_page_visible() -> bool:
    """Whether this session's navigation has the Datenpflege page: with personal sign-in only for a signed-in
    steward; with the shared secret for everyone (the page asks for it)."""
    if oidc_configured():
        return current_steward() is not None
    return secret().configured


# --------------------------------------------------------------------------- who is asking


def client_address() -> str:
    """The client's address, by the rule the server guard counts sessions by (`server_guard.client_address`): the
    connection's address; for a connection from loopback (the dashboard processes listen there only, behind the
    shipped nginx) the address nginx names in X-Real-IP (after its `real_ip` processing when a load balancer is in
    front)."""
    return address_of(st.context.ip_address, st.context.headers.get("X-Real-Ip"))


def address_of(direct: object, forwarded: object) -> str:
    """`client_address` from what st.context offers: the connection's address (None for loopback) and the header."""
    from ikoe_ui import server_guard  # it imports this module

    peer = direct if isinstance(direct, str) and direct else "127.0.0.1"
    try:  # only a single address counts (a local client could send anything)
        header = str(ipaddress.ip_address(forwarded.strip())) if isinstance(forwarded, str) else None
    except ValueError:
        header = None
    return server_guard.client_address(streamlit_compat.Client(peer, (("X-Real-IP", header),) if header else ()))


def _session_token() -> str:
    """A random name of this session for counting and logging (never shown to anyone else)."""
    if SESSION_TOKEN_KEY not in st.session_state:
        st.session_state[SESSION_TOKEN_KEY] = secrets.token_hex(4)
    return str(st.session_state[SESSION_TOKEN_KEY])


def _claims() -> dict[str, object]:
    if not st.user.get("is_logged_in"):
        return {}
    return dict(st.user.to_dict())


def _signed_in_at(claims: Mapping[str, object]) -> dt.datetime | None:
    issued = claims.get("iat")
    if isinstance(issued, (int, float)) and not isinstance(issued, bool):
        return dt.datetime.fromtimestamp(issued, dt.UTC)
    return None


def _person(claims: Mapping[str, object]) -> tuple[str, str]:
    """(name, account) of a signed-in person, from the standard claims."""

    def text(*names: str) -> str:
        return next((str(claims[n]) for n in names if isinstance(claims.get(n), str) and claims[n]), "")

    name = text("name", "preferred_username", "email", "sub")
    return name, text("email", "preferred_username", "sub")


def _oidc_steward() -> Steward | None:
    claims = _claims()
    if not claims:
        return None
    claim, role = role_setting()
    signed_in = _signed_in_at(claims)
    if not has_role(claims, claim, role) or (signed_in and dt.datetime.now(dt.UTC) - signed_in > MAX_SIGN_IN_AGE):
        return None
    name, account = _person(claims)
    return Steward(name, account, METHOD_OIDC, client_address())


def current_steward() -> Steward | None:
    """The session's data steward, if any."""
    if oidc_configured():
        return _oidc_steward()
    found = st.session_state.get(STEWARD_KEY)
    return found if isinstance(found, Steward) else None


def is_steward() -> bool:
    return current_steward() is not None


def is_steward_session(session_id: str) -> bool:
    """The connected session `session_id` is a data steward's (as account_controls last recorded it); read from
    outside its script runs: the upload endpoint, the server's message filter (ikoe_ui.server_guard)."""
    state = streamlit_compat.session_state_of(session_id)
    try:
        return state is not None and bool(state[SESSION_KEY])
    except KeyError:
        return False


def _log_once(level: int, message: str, *args: object) -> None:
    """Log a session's sign-in state once (a page run repeats on every click)."""
    key = (message, args)
    if st.session_state.get(LOGGED_KEY) != key:
        st.session_state[LOGGED_KEY] = key
        LOG.log(level, message, *args)


# --------------------------------------------------------------------------- the sidebar and the page


def account_controls() -> None:
    """Sign-in state and buttons in the sidebar: with personal sign-in for everyone („Anmelden“ for data stewards),
    with the shared secret only for a signed-in steward („Abmelden“). Runs before every page."""
    st.session_state[SESSION_KEY] = current_steward() is not None
    if oidc_configured():
        claims = _claims()
        if not claims:
            if st.sidebar.button(
                "Anmelden", icon=":material/login:", help="Persönliche Anmeldung für die Datenpflege."
            ):
                st.login()
            return
        name, account = _person(claims)
        steward = _oidc_steward()
        st.sidebar.caption(f"Angemeldet: {md(name)}")
        if steward is None:
            claim, role = role_setting()
            signed_in = _signed_in_at(claims)
            too_old = signed_in is not None and has_role(claims, claim, role)
            st.sidebar.caption(
                "Die Anmeldung ist älter als 12 Stunden; für die Datenpflege bitte ab- und wieder anmelden."
                if too_old
                else "Dieses Konto hat keine Berechtigung für die Datenpflege."
            )
            _log_once(
                logging.INFO, "Signed in without the data-steward role: %s (client %s).", account, client_address()
            )
        else:
            _log_once(logging.INFO, "Data steward signed in: %s (%s, client %s).", name, account, steward.client)
        if st.sidebar.button("Abmelden", icon=":material/logout:", type="tertiary"):
            LOG.info("Signed out: %s (client %s).", account, client_address())
            st.logout()
        return
    steward = current_steward()
    if steward is not None and st.sidebar.button("Abmelden", icon=":material/logout:", type="tertiary"):
        LOG.info("Data steward signed out (session %s, client %s).", _session_token(), steward.client)
        del st.session_state[STEWARD_KEY]
        st.session_state[SESSION_KEY] = False
        st.rerun()


def require_steward() -> Steward:
    """The session's data steward; otherwise the page stops (asking for the shared secret where that is the way in)."""
    if oidc_configured():
        found = _oidc_steward()
        if found is None:  # the page is not even registered for such a session; refused here all the same
            st.error("Die Datenpflege ist nur nach persönlicher Anmeldung mit der Rolle der Datenpflege zugänglich.")
            st.stop()
        return found
    configured = secret()
    if configured.problem:
        st.error(configured.problem)
        st.stop()
    if configured.value is None:
        st.error("Die Datenpflege ist nicht eingerichtet: Es ist kein Zugangsschlüssel konfiguriert.")
        st.stop()
    found = current_steward()
    if found is None:
        _ask_for_secret(configured.value)
    return found


def _refuse(error: LocalDbError) -> NoReturn:
    st.error(f"{error}. Bitte wenden Sie sich an den Betrieb des Dashboards.")
    st.stop()


def _ask_for_secret(expected: str) -> NoReturn:
    """The sign-in form; a right secret reruns the page signed in, anything else ends the run here."""
    _secret_sign_in(expected)
    st.stop()


def _secret_sign_in(expected: str) -> None:
    session, client = _session_token(), client_address()
    try:
        wait = THROTTLE.remaining(session, client)
    except LocalDbError as error:
        _refuse(error)
    with st.form("steward_login", clear_on_submit=True, border=False):
        entered = st.text_input("Zugangsschlüssel der Datenpflege", type="password", max_chars=200)
        submitted = st.form_submit_button("Anmelden")
    if not (submitted and entered):
        if wait > 0:
            st.warning(_wait_message(wait))
        return
    if wait > 0:
        LOG.warning(
            "Data-steward sign-in refused while throttled (client %s, session %s; %d s left).",
            client,
            session,
            math.ceil(wait),
        )
        st.error(_wait_message(wait))
        return
    if hmac.compare_digest(entered.strip().encode(), expected.encode()):
        with contextlib.suppress(LocalDbError):  # logged by local_db; the sign-in itself is valid
            THROTTLE.succeed(session, client)
        st.session_state[STEWARD_KEY] = Steward(None, f"Zugangsschlüssel, Sitzung {session}", METHOD_SECRET, client)
        st.session_state[SESSION_KEY] = True
        LOG.info("Data-steward sign-in with the shared secret succeeded (client %s, session %s).", client, session)
        st.rerun()
    try:
        counted = THROTTLE.fail(session, client)
        wait = THROTTLE.remaining(session, client)
    except LocalDbError as error:
        LOG.warning("Wrong data-steward secret entered (client %s, session %s; not counted).", client, session)
        _refuse(error)
    LOG.warning(
        "Wrong data-steward secret entered (client %s, session %s; %d wrong in this session, %d from this client).",
        client,
        session,
        counted.session,
        counted.client,
    )
    if counted.flood:
        LOG.error("Many wrong data-steward secrets: %d from clients active in the last hour.", counted.last_hour)
    st.error("Der Zugangsschlüssel ist falsch." + (" " + _wait_message(wait) if wait > 0 else ""))


def _wait_message(seconds: float) -> str:
    return (
        "Zu viele Fehlversuche: Der nächste Versuch ist erst in "
        f"{math.ceil(seconds)} Sekunde(n) möglich. Versuchen Sie es danach erneut."
    )
