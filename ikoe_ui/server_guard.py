"""Held under abuse (issue #24): bounded work per message, shared state only for data stewards.

Installed by the first script run of a server process (`begin_run`, the first call of dashboard.py; a start script
runs the start page once before visitors come, see deploy/stack.py), through the hooks of ikoe_ui.streamlit_compat:

- **Messages.** Every message a browser sends is checked against its type (streamlit_compat classifies all
  of them): a viewer may run pages, stop a run, send heartbeats, ask for upload URLs, a download's bytes and a
  table's rows. `clear_cache` (it empties the cache of every user) is for signed-in data stewards only; the
  developer menu's `load_git_info` (the repository's state) and `set_run_on_save`, and backend operations that
  write files on the server, are refused for everyone. A refused message is dropped and logged (`ikoe.guard`:
  session, type; the first of each kind per session and then every hundredth).
- **Sessions.** One client address holds at most `settings.sessions_per_client()` websocket sessions in one
  process; a further connection is closed before a session exists (logged). The address is the TCP peer's, or,
  when the peer is the local proxy (loopback), the one the proxy names (X-Real-IP, else the last address of
  X-Forwarded-For, which nginx appends); ikoe_ui.access counts sign-in attempts by the same address.
- **Reruns.** A session's reruns coalesce: `.streamlit/config.toml` sets `runner.fastReruns = false`, so a new
  request waits for the running script's next Streamlit call and replaces any request still waiting; a flood
  of rerun messages costs one run at a time (Streamlit's default starts a new script thread per message).
- **Turns.** The runs of one client address take turns: at most `settings.runs_per_client()` at a time in a
  process, the others wait in line (a run holding a turn gives it up when another of the same client waits), so
  many sessions of one client cannot crowd out other clients. One Python process runs one script at a time
  anyway (the GIL), so waiting in line costs no throughput. After MAX_TURN_WAIT seconds a run gives up with a
  German message.
- **Run time.** A watchdog stops a run that has used more than `settings.run_cpu_seconds()` of CPU (a data
  steward's: STEWARD_CPU_FACTOR times as much) or whose session's websocket has been gone for GONE_GRACE
  seconds (Streamlit only asks such a run to stop at its next Streamlit call, which a long computation never
  makes): it raises RunAborted in the run's thread, which ends the run as st.stop() does; the page shows a German
  message (ikoe_ui.incidents)."""

from __future__ import annotations

import collections
import ipaddress
import logging
import threading
import time
import weakref
from dataclasses import dataclass

import streamlit as st

from ikoe_data import settings
from ikoe_ui import access, streamlit_compat, uploads
from ikoe_ui.streamlit_compat import BackMsg, Client, StopException

LOG = logging.getLogger("ikoe.guard")

WATCH_INTERVAL = 0.25  # seconds between the watchdog's looks at the running scripts
GONE_GRACE = 1.0  # seconds a run may go on after its websocket closed (Streamlit's own stop comes first)
RAISE_AGAIN_AFTER = 2.0  # seconds before a run that is still running is interrupted once more
STEWARD_CPU_FACTOR = 12  # a data steward's import validates a whole workbook in one run
MAX_TURN_WAIT = 30.0  # seconds a run waits for its client's turn before it gives up


class RunAborted(StopException):
    """Raised in a script run by the watchdog; ends the run like st.stop() (a page's `except Exception` does
    not catch it). ikoe_ui.incidents shows `message`."""

    message = ""


class RunTooLong(RunAborted):
    message = (
        "Die Berechnung dieser Seite wurde abgebrochen, weil sie zu viel Rechenzeit brauchte. Bitte schränken Sie "
        "die Auswahl oder die Suche ein und versuchen Sie es erneut."
    )


class SessionGone(RunAborted):
    """Nobody sees this run any more (its websocket closed)."""


class TurnTimeout(RunAborted):
    message = (
        "Der Server bearbeitet gerade sehr viele Anfragen von Ihrer Adresse. Bitte versuchen Sie es in einigen "
        "Sekunden erneut."
    )


# --------------------------------------------------------------------------------------------- installation

_install_lock = threading.Lock()
_installed = False


def begin_run() -> None:
    """The first call of every script run (dashboard.py): installs the guards once per server process, waits
    for the client's turn and registers the run with the watchdog. Does nothing without a server (AppTest)."""
    if not streamlit_compat.server_running():
        return
    _install()
    session_id = streamlit_compat.current_session_id()
    if session_id is None:
        return
    client = streamlit_compat.client_of_session(session_id)
    key = client_address(client) if client is not None else "?"
    try:
        _TURNS.take(key)
    except TurnTimeout as timeout:
        show_aborted(timeout)
        raise
    limit = settings.run_cpu_seconds() * (STEWARD_CPU_FACTOR if access.is_steward() else 1)
    _WATCHDOG.register(threading.current_thread(), session_id, limit)


def _install() -> None:
    global _installed
    if _installed:
        return
    with _install_lock:
        if _installed:
            return
        streamlit_compat.install_checked()
        uploads.install_guard()
        streamlit_compat.wrap_backmsg(admit_message)
        streamlit_compat.wrap_connect(_SESSIONS.admit, _SESSIONS.connected)
        threading.Thread(target=_WATCHDOG.watch, name="ikoe-run-watchdog", daemon=True).start()
        _installed = True
        LOG.info("Server guards installed (messages, sessions, turns, run time).")


def client_address(client: Client) -> str:
    """The address a client is counted by: the TCP peer's, or behind the local proxy (a loopback peer) the one the
    proxy saw: X-Real-IP, else the last address of X-Forwarded-For (with nginx's `real_ip` configured, the one in
    front of a load balancer). Behind a NAT, every user of the NAT is one address."""
    peer = _plain(client.remote_ip or "?")
    forwarded = client.header("X-Real-IP") or (client.header("X-Forwarded-For") or "").split(",")[-1].strip()
    try:
        behind_proxy = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        behind_proxy = False
    return _plain(forwarded) if behind_proxy and forwarded else peer


def _plain(address: str) -> str:
    """An IPv4 address as such also where a dual-stack server reports it IPv6-mapped (::ffff:127.0.0.1)."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    mapped = getattr(parsed, "ipv4_mapped", None)
    return str(mapped or parsed)


# --------------------------------------------------------------------------------------------- messages


_refusals: collections.Counter[tuple[str, str]] = collections.Counter()


def admit_message(session_id: str, message: BackMsg) -> bool:
    """Whether a browser's message reaches the session (see the module's docstring); a refusal is logged."""
    kind = streamlit_compat.message_type(message)
    base, _, operation = kind.partition(":")
    if base in streamlit_compat.VIEWER_MESSAGES:
        if base != "backend_operation_request" or operation in streamlit_compat.VIEWER_OPERATIONS:
            return True
    elif base in streamlit_compat.STEWARD_MESSAGES and access.is_steward_session(session_id):
        LOG.info("Data steward (session %s) sent %s: allowed.", session_id[:8], kind)
        return True
    if len(_refusals) > 10_000:
        _refusals.clear()
    _refusals[session_id, kind] += 1
    count = _refusals[session_id, kind]
    if count == 1 or count % 100 == 0:
        LOG.warning(
            "Message refused: session %s sent %s, which %s (%d from this session).",
            session_id[:8],
            kind,
            "only a data steward may send" if base in streamlit_compat.STEWARD_MESSAGES else "is not allowed",
            count,
        )
    return False


# --------------------------------------------------------------------------------------------- sessions


class Sessions:
    """Websocket sessions per client address in this process (called on the server's event loop)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, str] = {}  # session id → client address
        self._refused: collections.Counter[str] = collections.Counter()

    def count(self, address: str) -> int:
        with self._lock:
            for session_id in [s for s in self._clients if not streamlit_compat.session_connected(s)]:
                del self._clients[session_id]
            return sum(1 for a in self._clients.values() if a == address)

    def admit(self, client: Client) -> bool:
        address = client_address(client)
        limit = settings.sessions_per_client()
        if self.count(address) < limit:
            return True
        self._refused[address] += 1
        refused = self._refused[address]
        if refused == 1 or refused % 100 == 0:
            LOG.warning(
                "Session refused: client %s already holds %d sessions in this process (limit %d; %d refused).",
                address,
                limit,
                limit,
                refused,
            )
        return False

    def connected(self, session_id: str, client: Client) -> None:
        with self._lock:
            self._clients[session_id] = client_address(client)


_SESSIONS = Sessions()


# --------------------------------------------------------------------------------------------- turns


class _Turn:
    """Held in a script thread's thread-local storage while the thread holds its client's turn; the turn is
    given back when the thread ends (its thread-locals are freed then) or waits again."""

    def __init__(self, turns: Turns, key: str) -> None:
        self.key = key
        self.finalizer = weakref.finalize(self, turns.release, key)


class Turns:
    """At most settings.runs_per_client() runs of one client address at a time in this process."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._holding: collections.Counter[str] = collections.Counter()
        self._waiting: collections.Counter[str] = collections.Counter()
        self._local = threading.local()

    def release(self, key: str) -> None:
        with self._changed:
            self._holding[key] -= 1
            if self._holding[key] <= 0:
                del self._holding[key]
            self._changed.notify_all()

    def holding(self, key: str) -> int:
        with self._changed:
            return self._holding[key]

    def take(self, key: str) -> None:
        """Wait (in the script thread) until the client's turn; Streamlit's stop or rerun of this session ends
        the wait (its yield check raises), a wait longer than MAX_TURN_WAIT raises TurnTimeout."""
        held: _Turn | None = getattr(self._local, "turn", None)
        with self._changed:
            if held is not None and held.key == key and not self._waiting[key]:
                return  # the thread's next run; nobody of this client waits
        if held is not None:
            held.finalizer()  # give it back and queue up behind the others
            self._local.turn = None
        check = streamlit_compat.yield_check()
        deadline = time.monotonic() + MAX_TURN_WAIT
        with self._changed:
            self._waiting[key] += 1
            try:
                while self._holding[key] >= settings.runs_per_client():
                    if time.monotonic() > deadline:
                        LOG.warning("Run gave up waiting for its turn: client %s.", key)
                        raise TurnTimeout
                    self._changed.wait(0.2)
                    check()  # a newer rerun or a stop of this session (e.g. its websocket closed)
                self._holding[key] += 1
            finally:
                self._waiting[key] -= 1
                if self._waiting[key] <= 0:
                    del self._waiting[key]
        self._local.turn = _Turn(self, key)


_TURNS = Turns()


# --------------------------------------------------------------------------------------------- run time


@dataclass
class _Run:
    thread: threading.Thread
    session_id: str
    cpu_limit: float
    cpu_start: float
    script: str
    gone_since: float | None = None
    raised_at: float | None = None


class Watchdog:
    """Stops runs that use too much CPU or whose session is gone (see the module's docstring)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: dict[int, _Run] = {}  # thread ident → its current run

    def register(self, thread: threading.Thread, session_id: str, cpu_limit: float) -> None:
        start = streamlit_compat.thread_cpu_seconds(thread) or 0.0
        script = next((t.main_script_path for t in streamlit_compat.script_threads() if t.thread is thread), "")
        with self._lock:
            self._runs[thread.ident or 0] = _Run(thread, session_id, cpu_limit, start, script)

    def watch(self) -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            try:
                self.look()
            except Exception:  # the watchdog must keep watching
                LOG.exception("Run watchdog failed once")

    def look(self, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            runs = list(self._runs.items())
        for ident, run in runs:
            cpu = streamlit_compat.thread_cpu_seconds(run.thread)
            if cpu is None:  # the thread has ended
                with self._lock:
                    if self._runs.get(ident) is run:
                        del self._runs[ident]
                continue
            if run.raised_at is not None and now - run.raised_at < RAISE_AGAIN_AFTER:
                continue
            reason: type[RunAborted] | None = None
            if not streamlit_compat.session_connected(run.session_id):
                run.gone_since = run.gone_since or now
                if now - run.gone_since >= GONE_GRACE:
                    reason = SessionGone
            if cpu - run.cpu_start > run.cpu_limit:
                reason = RunTooLong
            if reason is None or not streamlit_compat.thread_in_file(run.thread, run.script):
                continue  # between runs the thread is in Streamlit's own code: never interrupt that
            if streamlit_compat.raise_in_thread(run.thread, reason):
                run.raised_at = now
                LOG.warning(
                    "Run stopped (%s): session %s, %.1f s CPU in this run (limit %.0f s).",
                    "session gone" if reason is SessionGone else "too much CPU",
                    run.session_id[:8],
                    cpu - run.cpu_start,
                    run.cpu_limit,
                )


_WATCHDOG = Watchdog()


def show_aborted(aborted: RunAborted) -> None:
    """The German message of a stopped run (nothing for a session nobody sees)."""
    if aborted.message:
        st.warning(aborted.message, icon=":material/hourglass_disabled:")
