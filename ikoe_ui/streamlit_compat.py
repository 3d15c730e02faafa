"""Every reach into Streamlit's (and CPython's) internals, in one module (issue #22).

The dashboard needs a few things Streamlit offers no public API for: guarding the upload manager, filtering
the messages a browser sends, refusing a websocket session, finding the script threads of the sessions, and
speaking the websocket protocol in the browser-less client (deploy/st_client.py). Each of them is a *hook*
below, registered in HOOKS with a check of exactly what it relies on. `tests/test_streamlit_compat.py` runs
every check (and exercises the hooks on a running server), so an upgrade of Streamlit that changes what a
hook relies on fails loudly, naming the hook; `install_checked` runs the checks again when a server process
installs the guards and logs a failed one as an error. How to upgrade Streamlit: docs/operations.md.

Nothing outside this module imports from `streamlit.runtime`, `streamlit.web` or `streamlit.proto`
(tests/test_streamlit_compat.py checks the sources)."""

from __future__ import annotations

import ctypes
import inspect
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit  # noqa: F401  (initialises streamlit's config before its protobuf modules)
from starlette.websockets import WebSocketDisconnect
from streamlit import config as st_config
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.runtime import Runtime
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner_utils import script_run_context
from streamlit.runtime.scriptrunner_utils.exceptions import StopException
from streamlit.web.server.starlette import starlette_app_utils, starlette_websocket

LOG = logging.getLogger("ikoe.compat")

# The protocol's classes (deploy/st_client.py) and the exception of st.stop() (server_guard.RunAborted).
__all__ = ["BackMsg", "ForwardMsg", "StopException", "WidgetState"]


class StreamlitCompatError(RuntimeError):
    """What a hook relies on is gone or changed (after a Streamlit upgrade): the message names the hook."""


HOOKS: dict[str, Callable[[], None]] = {}  # hook name → check of what it relies on (raises StreamlitCompatError)


def _hook(name: str) -> Callable[[Callable[[], None]], Callable[[], None]]:
    def register(check: Callable[[], None]) -> Callable[[], None]:
        def named() -> None:
            try:
                check()
            except StreamlitCompatError:
                raise
            except Exception as error:  # an attribute, signature or module that moved: name the hook
                raise StreamlitCompatError(
                    f"Streamlit hook „{name}“ is broken: {type(error).__name__}: {error}"
                ) from error

        HOOKS[name] = named
        return named

    return register


def _require(name: str, condition: bool, what: str) -> None:
    if not condition:
        raise StreamlitCompatError(f"Streamlit hook „{name}“ is broken: {what}")


def _parameters(function: Callable[..., Any]) -> list[str]:
    return list(inspect.signature(function).parameters)


def check_all() -> list[str]:
    """Run every hook's check; the messages of the broken ones (empty when all hold)."""
    broken = []
    for check in HOOKS.values():
        try:
            check()
        except StreamlitCompatError as error:
            broken.append(str(error))
    return broken


_checked = False


def install_checked() -> None:
    """Once per process, when the guards are installed: log every broken hook as an error."""
    global _checked
    if _checked:
        return
    _checked = True
    for message in check_all():
        LOG.error("%s (see docs/operations.md, „Streamlit aktualisieren“)", message)


# --------------------------------------------------------------------------------------------- the runtime


def server_running() -> bool:
    """A Streamlit server runs in this process (not AppTest or bare mode: they have no websocket, no uploads)."""
    return Runtime.exists()


def _runtime() -> Any:  # Streamlit's Runtime; typed loosely because the hooks below wrap its methods
    return Runtime.instance()


@_hook("runtime")
def _check_runtime() -> None:
    for method in ("exists", "instance"):
        _require("runtime", callable(getattr(Runtime, method, None)), f"Runtime.{method} is missing")
    for method, parameters in {
        "get_app_session": ["self", "session_id"],
        "get_client": ["self", "session_id"],
        "is_active_session": ["self", "session_id"],
    }.items():
        _require("runtime", _parameters(getattr(Runtime, method)) == parameters, f"Runtime.{method}{parameters[1:]}")
    _require("runtime", isinstance(inspect.getattr_static(Runtime, "uploaded_file_mgr"), property), "uploaded_file_mgr")


def session_connected(session_id: str) -> bool:
    """The session has a live websocket (a closed tab's session is kept for reconnects, but not connected)."""
    return bool(_runtime().is_active_session(session_id))


def session_state_of(session_id: str) -> Mapping[str, Any] | None:
    """Session state of a connected session, read from outside its script run (the upload endpoint, the event
    loop); None when the session is not connected."""
    session = _runtime().get_app_session(session_id)
    return None if session is None else session.session_state


@dataclass(frozen=True)
class Client:
    """Where a websocket connection comes from: the TCP peer and the request headers of its handshake."""

    remote_ip: str | None
    headers: tuple[tuple[str, str], ...]

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key.lower() == name.lower()]
        return values[-1] if values else None


def _client_of(session_client: Any) -> Client:
    context = getattr(session_client, "client_context", None)
    if context is None:
        return Client(None, ())
    return Client(context.remote_ip, tuple((str(k), str(v)) for k, v in context.headers))


def client_of_session(session_id: str) -> Client | None:
    session_client = _runtime().get_client(session_id)
    return None if session_client is None else _client_of(session_client)


@_hook("client context")
def _check_client_context() -> None:
    context = starlette_websocket.StarletteClientContext
    for name in ("remote_ip", "headers"):
        _require("client context", isinstance(getattr(context, name, None), property), f"ClientContext.{name}")
    client = starlette_websocket.StarletteSessionClient
    _require("client context", isinstance(getattr(client, "client_context", None), property), "client_context")


# --------------------------------------------------------------------------------------------- script runs


def current_session_id() -> str | None:
    """The session of the running script (None outside a script run)."""
    ctx = script_run_context.get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx else None


def yield_check() -> Callable[[], None]:
    """Streamlit's stop/rerun check for the running script: raises its StopException or RerunException when the
    session asked for a stop (e.g. its websocket closed) or a newer run; for waits inside a script run."""
    check = script_run_context.get_run_yield_check()
    return check if check is not None else (lambda: None)


@dataclass(frozen=True)
class ScriptThread:
    thread: threading.Thread
    session_id: str
    main_script_path: str


def script_threads() -> Iterator[ScriptThread]:
    """The live threads that run a session's script (Streamlit attaches the run's context to its thread)."""
    for thread in threading.enumerate():
        ctx = getattr(thread, script_run_context.SCRIPT_RUN_CONTEXT_ATTR_NAME, None)
        if ctx is not None and thread.is_alive():
            yield ScriptThread(thread, ctx.session_id, ctx.main_script_path)


def request_stop(session_id: str) -> None:
    """Ask the session's script runner to stop at its next Streamlit call (cooperative)."""
    session = _runtime().get_app_session(session_id)
    if session is not None:
        session.request_script_stop()


@_hook("script runs")
def _check_script_runs() -> None:
    module = script_run_context
    _require("script runs", isinstance(module.SCRIPT_RUN_CONTEXT_ATTR_NAME, str), "SCRIPT_RUN_CONTEXT_ATTR_NAME")
    _require("script runs", _parameters(module.get_script_run_ctx) == ["suppress_warning"], "get_script_run_ctx")
    _require("script runs", callable(module.get_run_yield_check), "get_run_yield_check is missing")
    fields = module.ScriptRunContext.__dataclass_fields__
    _require("script runs", {"session_id", "main_script_path"} <= set(fields), "ScriptRunContext fields")
    from streamlit.runtime.app_session import AppSession

    _require("script runs", callable(getattr(AppSession, "request_script_stop", None)), "request_script_stop")
    _require("script runs", isinstance(getattr(AppSession, "session_state", None), property), "session_state")
    # An exception derived from StopException ends a run as st.stop() does (server_guard.RunAborted).
    from streamlit.runtime.scriptrunner import exec_code

    source = inspect.getsource(exec_code.exec_func_with_error_handling)
    _require("script runs", "except StopException" in source, "a run no longer ends quietly on StopException")
    # Coalescing of reruns (config.toml runner.fastReruns = false) relies on the option existing.
    _require("script runs", st_config.get_option("runner.fastReruns") in (True, False), "runner.fastReruns")


def thread_cpu_seconds(thread: threading.Thread) -> float | None:
    """CPU time a thread has used so far (Linux), None once it has ended."""
    ident = thread.ident
    if ident is None or not thread.is_alive():
        return None
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(ident))
    except (OSError, ProcessLookupError):  # the thread ended in between
        return None


def thread_in_file(thread: threading.Thread, path: str) -> bool:
    """The thread executes code of `path` right now (e.g. the app script, not Streamlit's code around a run)."""
    frame = sys._current_frames().get(thread.ident or -1)
    target = str(Path(path).resolve())
    while frame is not None:
        if frame.f_code.co_filename == target or frame.f_code.co_filename == path:
            return True
        frame = frame.f_back
    return False


def raise_in_thread(thread: threading.Thread, exception: type[BaseException]) -> bool:
    """Raise `exception` in another thread at its next Python instruction (CPython's PyThreadState_SetAsyncExc);
    the only way to stop a computation that never calls Streamlit. Code running in C continues until it returns."""
    if thread.ident is None or not thread.is_alive():
        return False
    changed = ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(exception))
    return bool(changed == 1)


@_hook("thread control")
def _check_thread_control() -> None:
    _require("thread control", sys.implementation.name == "cpython", "PyThreadState_SetAsyncExc needs CPython")
    _require("thread control", hasattr(ctypes.pythonapi, "PyThreadState_SetAsyncExc"), "PyThreadState_SetAsyncExc")
    _require("thread control", hasattr(time, "pthread_getcpuclockid"), "time.pthread_getcpuclockid (Linux)")
    _require("thread control", callable(getattr(sys, "_current_frames", None)), "sys._current_frames")


# --------------------------------------------------------------------------------------------- uploads


def wrap_upload_manager(guard: Callable[[Callable[[str, Any], None], str, Any], None]) -> bool:
    """Route every uploaded file through `guard(add_file, session_id, file)`; idempotent (False if done before).
    `guard` calls `add_file(session_id, file)` to keep the file."""
    manager: Any = _runtime().uploaded_file_mgr
    if getattr(manager, "_ikoe_guarded", False):
        return False
    add_file = manager.add_file

    def guarded(session_id: str, file: Any) -> None:
        guard(add_file, session_id, file)

    manager.add_file = guarded
    manager._ikoe_guarded = True
    return True


def remove_session_files(session_id: str) -> None:
    _runtime().uploaded_file_mgr.remove_session_files(session_id)


def held_upload_bytes() -> int:
    """Bytes of uploaded files the server holds now (all sessions)."""
    manager: Any = _runtime().uploaded_file_mgr
    return sum(len(rec.data) for files in manager.file_storage.values() for rec in files.values())


@_hook("upload manager")
def _check_upload_manager() -> None:
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    _require("upload manager", _parameters(manager.add_file) == ["session_id", "file"], "add_file(session_id, file)")
    _require("upload manager", _parameters(manager.remove_session_files) == ["session_id"], "remove_session_files")
    _require("upload manager", isinstance(manager.file_storage, dict), "file_storage")
    from streamlit.web.server import server

    source = inspect.getsource(server)
    _require("upload manager", "MemoryUploadedFileManager(" in source, "the server no longer uses it")


# --------------------------------------------------------------------------------------------- messages in


# Every type of message a browser can send (BackMsg), classified: what any session may send, what only a data
# steward may send (it changes what every user gets), what nobody may send, and what the websocket handler
# itself handles before the runtime sees it (development mode only). A type missing here fails the hook's check.
VIEWER_MESSAGES = frozenset({"rerun_script", "stop_script", "app_heartbeat", "file_urls_request"})
VIEWER_MESSAGES |= {"backend_operation_request"}  # only the operations below
STEWARD_MESSAGES = frozenset({"clear_cache"})  # empties st.cache_data and st.cache_resource for every session
REFUSED_MESSAGES = frozenset({"load_git_info", "set_run_on_save"})  # developer menu: repository state, file watcher
HANDLER_MESSAGES = frozenset({"debug_disconnect_websocket", "debug_shutdown_runtime"})
VIEWER_OPERATIONS = frozenset({"deferred_file", "dataframe_chunk"})  # a download's bytes, a table's rows
REFUSED_OPERATIONS = frozenset({"install_skills", "dismiss_skills_nudge"})  # write files on the server


def message_type(message: BackMsg) -> str:
    """The BackMsg's type, for a backend operation with its payload (`backend_operation_request:dataframe_chunk`)."""
    kind = message.WhichOneof("type") or ""
    if kind == "backend_operation_request":
        return f"{kind}:{message.backend_operation_request.WhichOneof('payload') or ''}"
    return kind


def message_types() -> set[str]:
    return {field.name for field in BackMsg.DESCRIPTOR.oneofs_by_name["type"].fields}


def operation_types() -> set[str]:
    descriptor = BackMsg.DESCRIPTOR.fields_by_name["backend_operation_request"].message_type
    return {field.name for field in descriptor.oneofs_by_name["payload"].fields}


def wrap_backmsg(admit: Callable[[str, BackMsg], bool]) -> bool:
    """Every message of every session passes `admit(session_id, message)` first; a refused one is dropped.
    Idempotent (False if done before)."""
    runtime = _runtime()
    if getattr(runtime, "_ikoe_backmsg_wrapped", False):
        return False
    handle = runtime.handle_backmsg

    def filtered(session_id: str, msg: BackMsg, *args: Any, **kwargs: Any) -> None:
        if admit(session_id, msg):
            handle(session_id, msg, *args, **kwargs)

    runtime.handle_backmsg = filtered
    runtime._ikoe_backmsg_wrapped = True
    return True


@_hook("messages in")
def _check_messages_in() -> None:
    classified = VIEWER_MESSAGES | STEWARD_MESSAGES | REFUSED_MESSAGES | HANDLER_MESSAGES
    _require("messages in", message_types() == classified, f"BackMsg types changed: {sorted(message_types())}")
    operations = VIEWER_OPERATIONS | REFUSED_OPERATIONS
    _require("messages in", operation_types() == operations, f"operations changed: {sorted(operation_types())}")
    _require("messages in", _parameters(Runtime.handle_backmsg)[:3] == ["self", "session_id", "msg"], "handle_backmsg")
    source = inspect.getsource(starlette_websocket.create_websocket_handler)
    _require("messages in", "runtime.handle_backmsg(" in source, "the websocket handler no longer calls it")
    _require("messages in", "get_max_widget_state_size_bytes()" in source, "server.maxWidgetStateSize unused")
    for kind in HANDLER_MESSAGES:
        _require("messages in", f'"{kind}"' in source, f"the websocket handler no longer handles {kind}")


# --------------------------------------------------------------------------------------------- sessions


def wrap_connect(admit: Callable[[Client], bool], connected: Callable[[str, Client], None]) -> bool:
    """A new websocket session is refused (its connection closed before a session exists) unless
    `admit(client)`; `connected(session_id, client)` after it exists. Idempotent (False if done before)."""
    runtime = _runtime()
    if getattr(runtime, "_ikoe_connect_wrapped", False):
        return False
    connect = runtime.connect_session

    def admitted(client: Any, *args: Any, **kwargs: Any) -> str:
        who = _client_of(client)
        if not admit(who):
            # The websocket handler ends quietly on WebSocketDisconnect (it closes the connection, no session).
            raise WebSocketDisconnect(code=1008, reason="too many sessions")
        session_id: str = connect(client, *args, **kwargs)
        connected(session_id, who)
        return session_id

    runtime.connect_session = admitted
    runtime._ikoe_connect_wrapped = True
    return True


@_hook("sessions")
def _check_sessions() -> None:
    _require("sessions", _parameters(Runtime.connect_session)[:3] == ["self", "client", "user_info"], "connect_session")
    source = inspect.getsource(starlette_websocket.create_websocket_handler)
    for needle in ("runtime.connect_session(", "except WebSocketDisconnect", "if session_id is not None"):
        _require("sessions", needle in source, f"the websocket handler no longer has {needle!r}")


# --------------------------------------------------------------------------------------------- the protocol


def xsrf_token() -> str:
    """A fresh XSRF token as the web server makes it (cookie `_streamlit_xsrf` and the websocket's subprotocol)."""
    return str(starlette_app_utils.generate_xsrf_token_string())


@_hook("protocol")
def _check_protocol() -> None:
    token = xsrf_token()
    _require("protocol", starlette_app_utils.validate_xsrf_token(token, token), "xsrf token does not validate")
    forward = ForwardMsg()
    _require("protocol", hasattr(forward.new_session.initialize, "session_id"), "new_session.initialize.session_id")
    rerun = BackMsg().rerun_script
    for name in ("query_string", "page_name", "page_script_hash", "widget_states"):
        _require("protocol", hasattr(rerun, name), f"BackMsg.rerun_script.{name}")
    state = WidgetState(id="x", trigger_value=True, string_value="y")
    _require("protocol", state.WhichOneof("value") == "string_value", "WidgetState values")
    element = forward.delta.new_element
    for kind in ("button", "download_button", "text_input", "text_area", "selectbox", "multiselect", "checkbox"):
        widget = getattr(element, kind)
        _require("protocol", hasattr(widget, "id") and hasattr(widget, "label"), f"Element.{kind}.id/label")
    for kind in ("markdown", "alert"):
        _require("protocol", hasattr(getattr(element, kind), "body"), f"Element.{kind}.body")
    forward = ForwardMsg()
    _require("protocol", hasattr(ForwardMsg, "FINISHED_EARLY_FOR_RERUN"), "FINISHED_EARLY_FOR_RERUN")
    page = forward.navigation.app_pages.add()
    for name in ("is_default", "url_pathname", "page_name", "external_url"):
        _require("protocol", hasattr(page, name), f"navigation.app_pages.{name}")
    for name in ("exception", "alert"):
        _require("protocol", name in forward.delta.new_element.DESCRIPTOR.fields_by_name, f"Element.{name}")
    kinds = {f.name for f in ForwardMsg.DESCRIPTOR.oneofs_by_name["type"].fields}
    for kind in ("new_session", "delta", "navigation", "page_not_found", "script_finished"):
        _require("protocol", kind in kinds, f"ForwardMsg type {kind}")
