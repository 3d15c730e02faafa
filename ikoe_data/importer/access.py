"""Who may import: the data-steward secret from the environment."""

from __future__ import annotations

import os

TOKEN_ENV = "IKOE_DATA_STEWARD_TOKEN"


def steward_token() -> str | None:
    """The data-steward secret from the environment (the Streamlit page also looks at st.secrets)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    return token or None


def import_enabled() -> bool:
    return steward_token() is not None
