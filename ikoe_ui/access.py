"""Data-steward access: the Datenpflege page, imports and reloading data for everyone need the secret.

The secret comes from the environment (IKOE_DATA_STEWARD_TOKEN) or from Streamlit secrets (data_steward_token)
and must be usable (ikoe_data.steward.check_secret). Wrong guesses are logged without the guess and, after
five, slowed by a growing wait – in each session and over all sessions of the server process."""

from __future__ import annotations

import hmac
import logging
import math

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ikoe_data import settings
from ikoe_data.steward import Secret, Throttle, check_secret

SECRET_NAME = "data_steward_token"
SESSION_KEY = "steward_ok"
THROTTLE_KEY = "steward_throttle"
LOG = logging.getLogger("ikoe.access")

_ALL_SESSIONS = Throttle()  # one per server process: spreading guesses over sessions does not help


def secret() -> Secret:
    """The configured secret; the environment takes precedence over secrets.toml."""
    from_env = settings.steward_secret()
    if from_env.configured:
        return from_env
    try:
        raw = st.secrets.get(SECRET_NAME)
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        raw = None
    return check_secret(raw, f"„{SECRET_NAME}“ in .streamlit/secrets.toml")


def steward_configured() -> bool:
    """A secret is configured (usable or not: an unusable one is explained on the Datenpflege page)."""
    return secret().configured


def is_steward() -> bool:
    return bool(st.session_state.get(SESSION_KEY))


def _session_throttle() -> Throttle:
    if THROTTLE_KEY not in st.session_state:
        st.session_state[THROTTLE_KEY] = Throttle()
    return st.session_state[THROTTLE_KEY]


def _session_label() -> str:
    ctx = get_script_run_ctx()
    return ctx.session_id[:8] if ctx else "?"


def require_steward() -> None:
    """Ask for the secret once per session; stop the page until it matches."""
    configured = secret()
    if configured.problem:
        st.error(configured.problem)
        st.stop()
    if configured.value is None:
        st.error("Die Datenpflege ist nicht eingerichtet: Es ist kein Zugangsschlüssel konfiguriert.")
        st.stop()
    if is_steward():
        return
    session = _session_throttle()
    wait = max(session.remaining(), _ALL_SESSIONS.remaining())
    with st.form("steward_login", clear_on_submit=True, border=False):
        entered = st.text_input("Zugangsschlüssel der Datenpflege", type="password")
        submitted = st.form_submit_button("Anmelden")
    if submitted and entered and wait > 0:
        st.error(_wait_message(wait))
        st.stop()
    if submitted and entered:
        if hmac.compare_digest(entered.strip().encode(), configured.value.encode()):
            session.succeed()
            _ALL_SESSIONS.succeed()
            st.session_state[SESSION_KEY] = True
            LOG.info("Data-steward sign-in succeeded (session %s).", _session_label())
            st.rerun()
        session.fail()
        _ALL_SESSIONS.fail()
        LOG.warning(
            "Wrong data-steward secret entered (session %s; %d wrong in this session, %d in this process).",
            _session_label(),
            session.failures,
            _ALL_SESSIONS.failures,
        )
        wait = max(session.remaining(), _ALL_SESSIONS.remaining())
        st.error("Der Zugangsschlüssel ist falsch." + (" " + _wait_message(wait) if wait > 0 else ""))
    elif wait > 0:
        st.warning(_wait_message(wait))
    st.stop()


def _wait_message(seconds: float) -> str:
    return (
        "Zu viele Fehlversuche: Der nächste Versuch ist erst in "
        f"{math.ceil(seconds)} Sekunde(n) möglich. Versuchen Sie es danach erneut."
    )
