"""Settings from the environment, read in this one module (each call reads the current value).

IKOE_DATA_DIR             folder of the shipped datasets (default: <repo>/datasets)
IKOE_EDITIONS_DIR         root of the edition store (default: <repo>/editions)
IKOE_DATA_STEWARD_TOKEN   data-steward secret; without it imports are off (the Streamlit app also
                          accepts `data_steward_token` in .streamlit/secrets.toml, see ikoe_ui.access)
IKOE_STEWARD_CLAIM        with personal sign-in (OpenID Connect, `[auth]` in .streamlit/secrets.toml): the claim of
                          the identity token that carries the steward role (default `roles`; a dotted path such as
                          `realm_access.roles` reads a nested claim); the app also accepts `steward_claim` in secrets
IKOE_STEWARD_ROLE         the value of that claim that makes a person a data steward (default `ikoe-datenpflege`);
                          the app also accepts `steward_role` in secrets
IKOE_DECKS_DIR            folder of the stored committee decks behind deck links (default: <repo>/decks)
IKOE_DECK_TEMPLATE        a ministry .pptx master for the committee deck (the app also accepts `deck_template`
                          in .streamlit/secrets.toml, see ikoe_ui.deck)
IKOE_A11Y_CONTACT         e-mail address or web form for reports of barriers, shown in the accessibility
                          statement (BGG NRW § 10b Abs. 2 Nr. 2); without it the statement says it is missing
IKOE_SESSIONS_PER_CLIENT  websocket sessions one client address may hold open in one dashboard process (default 50;
                          behind a NAT every user of it is one address)
IKOE_RUNS_PER_CLIENT      page runs of one client address at a time in one process; others wait their turn (default 1)
IKOE_RUN_CPU_SECONDS      CPU seconds one page run of a viewer may use before it is stopped (default 5; a data
                          steward's runs 12 times as much: imports)
"""

from __future__ import annotations

import os
from pathlib import Path

from .steward import Secret, check_secret

REPO_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_DATA_DIR = REPO_ROOT / "datasets"

DATA_DIR_ENV = "IKOE_DATA_DIR"
EDITIONS_DIR_ENV = "IKOE_EDITIONS_DIR"
STEWARD_TOKEN_ENV = "IKOE_DATA_STEWARD_TOKEN"
DECKS_DIR_ENV = "IKOE_DECKS_DIR"
DECK_TEMPLATE_ENV = "IKOE_DECK_TEMPLATE"
A11Y_CONTACT_ENV = "IKOE_A11Y_CONTACT"
STEWARD_CLAIM_ENV = "IKOE_STEWARD_CLAIM"
STEWARD_ROLE_ENV = "IKOE_STEWARD_ROLE"
DEFAULT_STEWARD_CLAIM = "roles"
DEFAULT_STEWARD_ROLE = "ikoe-datenpflege"
SESSIONS_PER_CLIENT_ENV = "IKOE_SESSIONS_PER_CLIENT"
RUNS_PER_CLIENT_ENV = "IKOE_RUNS_PER_CLIENT"
RUN_CPU_SECONDS_ENV = "IKOE_RUN_CPU_SECONDS"


def data_dir() -> Path:
    """Folder of the shipped datasets."""
    return Path(os.environ.get(DATA_DIR_ENV) or SHIPPED_DATA_DIR)


def editions_dir() -> Path:
    """Root of the edition store."""
    return Path(os.environ.get(EDITIONS_DIR_ENV) or REPO_ROOT / "editions")


def decks_dir() -> Path:
    """Folder of the stored committee decks (shared by all app servers)."""
    return Path(os.environ.get(DECKS_DIR_ENV) or REPO_ROOT / "decks")


def deck_template() -> str | None:
    """Path of the ministry's .pptx master for the committee deck, if configured in the environment."""
    return os.environ.get(DECK_TEMPLATE_ENV) or None


def steward_secret() -> Secret:
    """The data-steward secret from the environment, judged by ikoe_data.steward.check_secret (at least 16
    characters, not only whitespace); `.problem` says in German why a configured value is not usable."""
    return check_secret(os.environ.get(STEWARD_TOKEN_ENV), f"Umgebungsvariable {STEWARD_TOKEN_ENV}")


def steward_token() -> str | None:
    """The usable data-steward secret, or None (none configured, or not usable)."""
    return steward_secret().value


def steward_claim() -> str | None:
    """The claim carrying the steward role, if set in the environment (see ikoe_ui.access for the default)."""
    return os.environ.get(STEWARD_CLAIM_ENV, "").strip() or None


def steward_role() -> str | None:
    """The claim value that makes a signed-in person a data steward, if set in the environment."""
    return os.environ.get(STEWARD_ROLE_ENV, "").strip() or None


def a11y_contact() -> str | None:
    """Where users report barriers (accessibility statement), if configured."""
    return os.environ.get(A11Y_CONTACT_ENV, "").strip() or None


def data_locations() -> tuple[str, str]:
    """Both data folders as given in the environment (a cache key: tests and benchmarks point elsewhere)."""
    return os.environ.get(DATA_DIR_ENV, ""), os.environ.get(EDITIONS_DIR_ENV, "")


def _positive(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, "") or default)
    except ValueError:
        return default
    return value if value > 0 else default


def sessions_per_client() -> int:
    """Websocket sessions one client address may hold open in one dashboard process."""
    return int(_positive(SESSIONS_PER_CLIENT_ENV, 50))


def runs_per_client() -> int:
    """Page runs of one client address at a time in one dashboard process."""
    return int(_positive(RUNS_PER_CLIENT_ENV, 1))


def run_cpu_seconds() -> float:
    """CPU seconds one page run of a viewer may use."""
    return _positive(RUN_CPU_SECONDS_ENV, 5.0)
