"""A minimal Streamlit client over the websocket `/_stcore/stream`, without a browser.

It speaks the frontend's protocol with the protobuf classes of the installed streamlit package (taken, like the
XSRF token, from ikoe_ui/streamlit_compat.py, whose "protocol" hook checks what this client relies on): open the
websocket (subprotocol "streamlit" plus an XSRF token, the same token as the `_streamlit_xsrf` cookie), send a
BackMsg `rerun_script` with the page's url path, read ForwardMsgs until `script_finished`. Used by the load
benchmark (benchmarks/load.py), the smoke test and the upload-abuse measurement (deploy/)."""

from __future__ import annotations

import asyncio
import ssl
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from typing import Any

import websockets

from ikoe_ui.streamlit_compat import BackMsg, ForwardMsg, WidgetState, xsrf_token

CLOSED = 0  # put_file: the server closed the connection before the body was sent (e.g. too large)
INCIDENT_MARKER = "Vorgangsnummer"  # the German incident message of ikoe_ui.incidents


WIDGETS = ("button", "download_button", "text_input", "text_area", "selectbox", "multiselect", "checkbox", "radio")


@dataclass(frozen=True)
class Widget:
    kind: str  # the element's type: button, text_input, …
    label: str
    id: str


@dataclass
class PageRun:
    page: str
    seconds: float
    elements: int
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # markdown and alert texts, in order
    widgets: list[Widget] = field(default_factory=list)

    def widget(self, kind: str, label: str) -> Widget:
        """The run's first widget of that kind whose label contains `label`."""
        found = [w for w in self.widgets if w.kind == kind and label in w.label]
        if not found:
            raise LookupError(f"no {kind} „{label}“ in the run of {self.page or '/'}")
        return found[0]


def insecure_ssl() -> ssl.SSLContext:
    """For the self-signed certificate of the local proxy (smoke test and benchmarks only)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class Session:
    """One browser-less session. `base` is http(s)://host:port."""

    def __init__(self, base: str, source: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.base = base.rstrip("/")
        self.source = source  # local address to connect from (e.g. 127.0.0.2: another client on loopback)
        self.headers = headers or {}  # more request headers, e.g. another Origin or X-Forwarded-For
        self.xsrf = xsrf_token()
        self.route = uuid.uuid4().hex  # the proxy's sticky-session cookie (deploy/nginx.conf.template)
        self.session_id: str | None = None
        self.pages: dict[str, str] = {}  # url path ("" for the default page) → title, from the navigation message
        self._ws: Any = None  # the websocket connection while the session is open

    @property
    def cookie(self) -> str:
        return f"_streamlit_xsrf={self.xsrf}; ikoe_route={self.route}"

    async def __aenter__(self) -> Session:
        url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        source: Any = {"local_addr": (self.source, 0)} if self.source else {}  # passed on to create_connection
        self._ws = await websockets.connect(
            url,
            subprotocols=["streamlit", self.xsrf],  # type: ignore[list-item]  # plain strings are what it sends
            additional_headers={"Cookie": self.cookie, "Origin": self.base, **self.headers},
            max_size=None,
            ssl=insecure_ssl() if url.startswith("wss") else None,
            open_timeout=60,
            **source,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self._ws.close()

    async def send_rerun(self, page: str = "", widgets: list[WidgetState] | None = None, query: str = "") -> None:
        """Ask for a run of `page` with these widget values (a click is a trigger_value), as the browser does."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        message.rerun_script.page_script_hash = ""
        message.rerun_script.widget_states.widgets.extend(widgets or [])
        await self._ws.send(message.SerializeToString())

    async def send(self, message: BackMsg) -> None:
        await self._ws.send(message.SerializeToString())

    async def run_page(
        self, page: str = "", timeout: float = 120, widgets: list[WidgetState] | None = None, query: str = ""
    ) -> PageRun:
        """Run one page (its url path; "" is the default page) and wait for the end of the script run."""
        start = time.perf_counter()
        await self.send_rerun(page, widgets, query)
        elements = 0
        errors: list[str] = []
        texts: list[str] = []
        widgets_seen: list[Widget] = []
        async with asyncio.timeout(timeout):
            while True:
                raw = await self._ws.recv()
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "new_session":
                    self.session_id = msg.new_session.initialize.session_id
                elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    elements += 1
                    element = msg.delta.new_element
                    which = element.WhichOneof("type")
                    if which == "exception":
                        errors.append(f"exception: {element.exception.type}")
                    elif which == "alert" and INCIDENT_MARKER in element.alert.body:
                        errors.append(f"incident: {element.alert.body[-12:]}")
                    if which in ("markdown", "alert"):
                        texts.append(getattr(element, which).body)
                    elif which in WIDGETS:
                        widget = getattr(element, which)
                        widgets_seen.append(Widget(which, widget.label, widget.id))
                elif kind == "navigation":
                    self.pages = {
                        ("" if p.is_default else p.url_pathname): p.page_name
                        for p in msg.navigation.app_pages
                        if not p.external_url
                    }
                elif kind == "page_not_found":
                    errors.append(f"page not found: {page}")
                elif kind == "script_finished":
                    if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # a st.rerun(): the next run follows on the same socket
                    break
        return PageRun(page, time.perf_counter() - start, elements, errors, texts, widgets_seen)


def click(widget: Widget) -> WidgetState:
    return WidgetState(id=widget.id, trigger_value=True)


def text(widget: Widget, value: str) -> WidgetState:
    return WidgetState(id=widget.id, string_value=value)


def put_file(base: str, session: Session, name: str, data: bytes, file_id: str) -> int:
    """PUT one file to Streamlit's upload endpoint as the frontend does (multipart, XSRF header and cookie);
    returns the HTTP status, or CLOSED when the server refused by closing the connection mid-body."""
    boundary = "----ikoeboundary7d1f"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        f"{base}/_stcore/upload_file/{session.session_id}/{file_id}",
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": session.xsrf,
            "Cookie": session.cookie,
            "Origin": base,
        },
    )
    context = insecure_ssl() if base.startswith("https") else None
    try:
        with urllib.request.urlopen(request, timeout=120, context=context) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return CLOSED


async def _warm(base: str) -> list[str]:
    async with Session(base) as session:
        return (await session.run_page("")).errors


def main(argv: list[str] | None = None) -> int:
    """`python -m deploy.st_client URL`: run the start page once (after a server start this installs the upload
    guard, ikoe_ui/uploads.py, before any visitor connects); exit code 1 on an error in the page."""
    import sys

    errors = asyncio.run(_warm((argv or sys.argv[1:])[0]))
    print("\n".join(errors) or "ok")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
