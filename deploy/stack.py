"""Start dashboard processes and nginx in front of them (TLS, sticky sessions, security headers, upload limits).

    python -m deploy.stack --processes 2 --port 8443     # until Ctrl-C; https://localhost:8443
    python -m deploy.stack --render-only --port 443 --cert /etc/ssl/… --key /etc/ssl/…   # print nginx.conf

Without --cert/--key a self-signed certificate for localhost is generated into the run folder (for the smoke
test and benchmarks only; real use needs a real certificate, see docs/security-and-deployment.md). Limits per client
address (websockets, request rate) and a load balancer in front (--trusted-proxy: nginx's real_ip) are options.
Used by tests/test_deploy.py, deploy/upload_abuse.py and benchmarks/load.py; every process it starts is stopped on
exit."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy import st_client

STREAMLIT = [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true"]
REPO = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = [
    *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"),
    *("-nodes", "-days", "7", "-subj", "/CN=localhost"),
]


@dataclass(frozen=True)
class Limits:
    """Per client address (after real_ip): open websockets (sessions), HTTP requests per second and the burst above
    that rate served at once. Everyone behind one NAT counts as one client."""

    websockets_per_client: int = 30
    requests_per_second: int = 20
    request_burst: int = 200
    trusted_proxies: tuple[str, ...] = ()  # addresses/CIDRs of load balancers in front (real_ip)
    real_ip_header: str = "X-Forwarded-For"


def _real_ip(limits: Limits) -> str:
    if not limits.trusted_proxies:
        return "    # (no load balancer in front: the connection's address is the client's)"
    lines = [f"    set_real_ip_from {address};" for address in limits.trusted_proxies]
    return "\n".join([*lines, f"    real_ip_header {limits.real_ip_header};", "    real_ip_recursive on;"])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render(
    run: Path,
    listen: str,
    ports: list[int],
    cert: Path,
    key: str | Path,
    server_name: str = "_",
    limits: Limits = Limits(),
) -> str:
    upstreams = "\n".join(f"        server 127.0.0.1:{port} max_fails=3 fail_timeout=10s;" for port in ports)
    text = TEMPLATE.read_text()
    for name, value in {
        "RUN": str(run),
        "LISTEN": listen,
        "UPSTREAMS": upstreams,
        "CERT": str(cert),
        "KEY": str(key),
        "SERVER_NAME": server_name,
        "REAL_IP": _real_ip(limits),
        "WEBSOCKETS_PER_CLIENT": str(limits.websockets_per_client),
        "REQUESTS_PER_SECOND": str(limits.requests_per_second),
        "REQUEST_BURST": str(limits.request_burst),
    }.items():
        text = text.replace(f"@@{name}@@", value)
    return text


def self_signed(run: Path) -> tuple[Path, Path]:
    cert, key = run / "localhost.crt", run / "localhost.key"
    subprocess.run(
        [*OPENSSL, "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _wait_ok(url: str, process: subprocess.Popen, what: str, timeout: float = 90) -> None:
    context = ssl._create_unverified_context() if url.startswith("https") else None  # self-signed, local only
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start (exit code {process.poll()}), see its log")
        time.sleep(0.2)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Stack:
    url: str  # the proxy's https URL, or the only dashboard's http URL without proxy
    dashboards: list[subprocess.Popen] = field(default_factory=list)
    direct_urls: list[str] = field(default_factory=list)
    proxy: subprocess.Popen | None = None
    run: Path | None = None

    @property
    def server_pids(self) -> list[int]:
        return [p.pid for p in self.dashboards]


@contextlib.contextmanager
def stack(
    processes: int = 2,
    proxy: bool = True,
    port: int | None = None,
    env: dict | None = None,
    limits: Limits = Limits(),
):
    """Start `processes` dashboards (and nginx when `proxy`, with `limits`); stop them all on exit."""
    run = Path(tempfile.mkdtemp(prefix="ikoe-stack-"))
    run.chmod(0o755)  # nginx workers (user nobody when started as root) write their temp files below
    started = Stack(url="", run=run)
    environment = dict(os.environ, **(env or {}))
    logs = []
    try:
        ports = [free_port() for _ in range(processes)]
        for index, dashboard_port in enumerate(ports):
            log = open(run / f"dashboard-{index}.log", "wb")  # noqa: SIM115 - closed in finally
            logs.append(log)
            started.dashboards.append(
                subprocess.Popen(
                    [*STREAMLIT, "--server.port", str(dashboard_port), "--server.address", "127.0.0.1"],
                    cwd=REPO,
                    env=environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            started.direct_urls.append(f"http://127.0.0.1:{dashboard_port}")
        for url, process in zip(started.direct_urls, started.dashboards, strict=True):
            _wait_ok(f"{url}/_stcore/health", process, f"dashboard {url}")
            # One script run installs the upload guard (ikoe_ui/uploads.py) before anyone else connects.
            if st_client.main([url]) != 0:
                raise RuntimeError(f"dashboard {url}: the start page failed, see its log")
        if not proxy:
            started.url = started.direct_urls[0]
        else:
            for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (run / "tmp" / sub).mkdir(parents=True)
                (run / "tmp" / sub).chmod(0o777)
            cert, key = self_signed(run)
            listen_port = port or free_port()
            conf = run / "nginx.conf"
            conf.write_text(render(run, f"127.0.0.1:{listen_port}", ports, cert, key, limits=limits))
            subprocess.run([NGINX, "-t", "-p", str(run), "-c", str(conf)], check=True, capture_output=True)
            started.proxy = subprocess.Popen(
                [NGINX, "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=open(run / "nginx.stderr", "wb"),  # noqa: SIM115 - lives as long as nginx
            )
            started.url = f"https://127.0.0.1:{listen_port}"
            _wait_ok(f"{started.url}/_stcore/health", started.proxy, "nginx")
        yield started
    finally:
        if started.proxy is not None:
            _stop(started.proxy)
        for process in started.dashboards:
            _stop(process)
        for log in logs:
            log.close()
        shutil.rmtree(run, ignore_errors=True)


def rss_bytes(pid: int) -> int:
    """Resident memory of a process (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--port", type=int, default=8443)
    parser.add_argument("--render-only", action="store_true", help="print the nginx configuration and exit")
    parser.add_argument("--first-dashboard-port", type=int, default=8501)
    parser.add_argument("--cert", default="/etc/ssl/certs/ikoe-dashboard.crt")
    parser.add_argument("--key", default="/etc/ssl/private/ikoe-dashboard.key")
    parser.add_argument("--server-name", default="_")
    parser.add_argument("--run-dir", default="/var/lib/ikoe-dashboard/nginx")
    default = Limits()
    parser.add_argument("--websockets-per-client", type=int, default=default.websockets_per_client)
    parser.add_argument("--requests-per-second", type=int, default=default.requests_per_second)
    parser.add_argument("--request-burst", type=int, default=default.request_burst)
    parser.add_argument(
        "--trusted-proxy",
        action="append",
        default=[],
        metavar="ADDRESS/CIDR",
        help="a load balancer in front whose header names the client (nginx real_ip); repeatable",
    )
    parser.add_argument("--real-ip-header", default=default.real_ip_header)
    args = parser.parse_args(argv)
    limits = Limits(
        args.websockets_per_client,
        args.requests_per_second,
        args.request_burst,
        tuple(args.trusted_proxy),
        args.real_ip_header,
    )
    if args.render_only:
        ports = [args.first_dashboard_port + i for i in range(args.processes)]
        run_dir, cert = Path(args.run_dir), Path(args.cert)
        print(render(run_dir, str(args.port), ports, cert, args.key, args.server_name, limits))
        return 0
    with stack(args.processes, proxy=True, port=args.port, limits=limits) as running:
        print(f"Dashboard über nginx: {running.url} (Prozesse {running.server_pids}); Strg+C beendet.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            running.proxy.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
