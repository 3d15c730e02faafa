"""Data-steward access: the Datenpflege page and imports exist only when a secret is configured."""

from __future__ import annotations

import hmac

import streamlit as st

from ikoe_data import settings

SECRET_NAME = "data_steward_token"
SESSION_KEY = "steward_ok"


def steward_token() -> str | None:
    """From the environment (IKOE_DATA_STEWARD_TOKEN) or from Streamlit secrets (data_steward_token)."""
    token = settings.steward_token()
    if token:
        return token
    try:
        return st.secrets.get(SECRET_NAME) or None
    except (FileNotFoundError, KeyError, AttributeError, st.errors.StreamlitSecretNotFoundError):
        return None


def steward_configured() -> bool:
    return steward_token() is not None


def require_steward() -> None:
    """Ask for the token once per session; stop the page until it matches."""
    token = steward_token()
    if token is None:
        st.error("Die Datenpflege ist nicht eingerichtet: Es ist kein Zugangsschlüssel konfiguriert.")
        st.stop()
    if st.session_state.get(SESSION_KEY):
        return
    entered = st.text_input("Zugangsschlüssel der Datenpflege", type="password")
    if entered and hmac.compare_digest(entered.encode(), token.encode()):
        st.session_state[SESSION_KEY] = True
        st.rerun()
    if entered:
        st.error("Der Zugangsschlüssel ist falsch.")
    st.stop()
