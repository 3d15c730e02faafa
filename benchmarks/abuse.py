"""Abuse of the shipped deployment while a victim measures its page runs (issue #24). Loopback only, bounded in time.

    python benchmarks/abuse.py        # nginx + 2 processes, 30 s per attack; writes benchmarks/results/abuse.md
    python benchmarks/abuse.py --quick --out /tmp/abuse.md   # seconds per attack, 1 process, no proxy (the test suite)

On a shared machine hold the heavy lock: `flock /tmp/ikoe-heavy.lock python benchmarks/abuse.py`.

The victim is one browser-less session (deploy/st_client.py) from 127.0.0.1 that tours the pages without pause, in a
process of its own; each page run is timed from the rerun request to Streamlit's script_finished. The attacker
connects from 127.0.0.2, another client address for nginx and the dashboard. Phases, each measured on the victim:

- quiet: no attack (the reference);
- search flood: sessions that each send one search of 100,000 words and disconnect at once, again and again;
- cache clear: Streamlit's clear_cache message ten times a second (with a rerun after each);
- deck flood: „Zum Foliensatz hinzufügen“ under the charts of three pages (for the first third of the phase), then
  a new deck title and its link as fast as the server answers. Before it, another user (from the victim's address)
  asks for the link of a one-chart deck; after it, a fresh session opens that link: it must show the same deck;
- guessing: wrong data-steward secrets from several sessions; afterwards the real steward signs in from the
  victim's address (must not wait);
- 200 sessions: 200 websocket sessions from one client rerunning Handlungsziele without pause.

Reported per phase: the victim's runs, p50 and p95, p95 against the quiet p95 (target ≤ 2), what the attacker got
through, errors; and the dashboard processes' resident memory at the start, at the peak of the 200 sessions and after
they closed (target: back within 20 % of the memory before them; Streamlit keeps a closed session for reconnects
for server.disconnectedSessionTTL seconds, so the script waits that long before it measures)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing
import os
import queue
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets

from deploy.st_client import Session, click, text
from deploy.stack import rss_bytes, stack
from ikoe_ui.streamlit_compat import BackMsg

REPO = Path(__file__).resolve().parents[1]
VICTIM, ATTACKER = "127.0.0.1", "127.0.0.2"  # two client addresses on loopback
VICTIM_PAGES = ["", "partnernetzwerk", "massnahmen", "handlungsziele", "suche", "methodik"]
DECK_PAGES = ["", "massnahmen", "handlungsziele"]
TARGET_RATIO = 2.0
MEMORY_TOLERANCE = 0.20
DECK_LINK_FACT = "another user's deck link after the deck flood"
WORDS = ["Vielfalt", "Integration", "Sprachkurs", "Ausbildung", "Teilhabe", "Verwaltung", "Kommune", "Öffnung"]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) < 20:
        return max(values) if q >= 0.95 else statistics.median(values)
    return statistics.quantiles(values, n=100)[round(q * 100) - 1]


# --------------------------------------------------------------------------------------------- the victim


async def _tour(url: str, seconds: float, pages: list[str]) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    until = time.monotonic() + seconds
    try:
        async with Session(url, source=VICTIM) as session:
            await session.run_page("")  # the session's first run (not counted)
            index = 0
            while time.monotonic() < until:
                run = await session.run_page(pages[index % len(pages)], timeout=120)
                times.append(run.seconds)
                errors += run.errors
                index += 1
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as error:
        errors.append(f"victim: {type(error).__name__}: {error}")
    return times, errors


def _victim_process(url: str, seconds: float, pages: list[str], results: multiprocessing.Queue) -> None:
    results.put(asyncio.run(_tour(url, seconds, pages)))


def victim(url: str, seconds: float, pages: list[str]) -> Any:
    """Start the victim in its own process: the attacker's sessions must not slow its client down."""
    context = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue = context.Queue()
    process: Any = context.Process(target=_victim_process, args=(url, seconds, pages, queue), daemon=True)
    process.start()
    process.queue = queue
    return process


def victim_result(process: Any, timeout: float) -> tuple[list[float], list[str]]:
    try:
        result: tuple[list[float], list[str]] = process.queue.get(timeout=timeout)
    except queue.Empty:  # the victim hung: a result of the run, not a crash of the script
        process.kill()
        return [], ["the victim gave no result in time"]
    process.join(10)
    return result


# --------------------------------------------------------------------------------------------- the attacks


@dataclass
class Attack:
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


async def _closed_quietly(coroutine) -> bool:
    """Run an attacker step; False when the server closed or refused the connection."""
    try:
        await coroutine
        return True
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
        return False


async def search_flood(url: str, until: float, attack: Attack, attackers: int, words: int) -> None:
    query = " ".join(random.choice(WORDS) for _ in range(words))
    async with Session(url, source=ATTACKER) as probe:
        field_id = (await probe.run_page("suche")).widget("text_input", "Suchbegriffe")
    attack.notes.append(f"query of {words} words, {len(query.encode()) / 1024:.0f} KiB")

    async def one() -> None:
        while time.monotonic() < until:

            async def send_and_leave() -> None:
                async with Session(url, source=ATTACKER) as session:
                    await session.send_rerun("suche", [text(field_id, query + f" {random.random()}")])

            attack.add("searches sent" if await _closed_quietly(send_and_leave()) else "refused")
            await asyncio.sleep(0.5)

    await asyncio.gather(*(one() for _ in range(attackers)))


async def cache_clear(url: str, until: float, attack: Attack) -> None:
    async with Session(url, source=ATTACKER) as session:
        await session.run_page("")
        message = BackMsg()
        message.clear_cache = True
        while time.monotonic() < until:
            await session.send(message)
            await session.send_rerun("")
            attack.add("clear_cache sent")
            await asyncio.sleep(0.1)


async def deck_flood(url: str, until: float, attack: Attack, decks_dir: Path) -> None:
    charts_until = time.monotonic() + (until - time.monotonic()) / 3  # then the titles and links
    async with Session(url, source=ATTACKER) as session:
        for page in DECK_PAGES:
            if time.monotonic() > charts_until:
                break
            run = await session.run_page(page)
            for button in [w for w in run.widgets if w.kind == "button" and "Foliensatz hinzufügen" in w.label]:
                if time.monotonic() > charts_until:
                    break
                await session.run_page(page, widgets=[click(button)])
                attack.add("charts added")
        run = await session.run_page("foliensatz")
        title, slowest = run.widget("text_input", "Titel"), run.seconds
        while True:  # at least one new title and link, also where adding the charts took the whole phase
            run = await session.run_page("foliensatz", widgets=[text(title, f"Ausschuss {secrets.token_hex(8)}")])
            attack.add("titles changed")
            slowest = max(slowest, run.seconds)
            stores = [w for w in run.widgets if w.kind == "button" and "Link erzeugen" in w.label]
            if stores:  # a deck is stored when its link is asked for
                run = await session.run_page("foliensatz", widgets=[click(stores[0])])
                refused = any("Der Link wurde nicht gespeichert" in t for t in run.texts)
                attack.add("links refused" if refused else "links stored")
            slowest = max(slowest, run.seconds)
            if time.monotonic() >= until:
                break
    attack.notes.append(f"the attacker's deck page ran {slowest:.1f} s at most")
    size = sum(p.stat().st_size for p in decks_dir.rglob("*") if p.is_file()) if decks_dir.exists() else 0
    attack.notes.append(f"deck store after the flood: {size / 2**20:.1f} MiB in {len(list(decks_dir.glob('*')))} files")


@dataclass(frozen=True)
class DeckLink:
    """What the page of a stored deck shows: its id (the caption names it) and its summary line."""

    deck_id: str
    summary: str

    @classmethod
    def of(cls, texts: list[str]) -> DeckLink | None:
        ids = [m[1] for t in texts if (m := re.search(r"\(Kennung (\w+)\)", t))]
        summaries = [t for t in texts if "Diagramm" in t and "Folie" in t and t.startswith("**")]
        return cls(ids[0], summaries[0]) if ids and summaries else None


async def add_a_chart(session: Session) -> None:
    """The start page's first chart into the session's deck."""
    run = await session.run_page("")
    await session.run_page("", widgets=[click(run.widget("button", "Foliensatz hinzufügen"))])


async def warm_the_deck(url: str) -> None:
    async with Session(url, source=VICTIM) as session:
        await add_a_chart(session)


async def another_users_link(url: str) -> DeckLink:
    """Another user (the victim's address) puts a chart into a deck and asks for its link."""
    async with Session(url, source=VICTIM) as session:
        await add_a_chart(session)
        run = await session.run_page("foliensatz")
        run = await session.run_page("foliensatz", widgets=[click(run.widget("button", "Link erzeugen"))])
    link = DeckLink.of(run.texts)
    if link is None:
        raise SystemExit(f"the deck page named no stored deck after „Link erzeugen“: {run.texts}")
    return link


async def open_link(url: str, link: DeckLink) -> str:
    """A fresh session (the victim's address) opens the link: the same deck, or what went wrong."""
    async with Session(url, source=VICTIM) as session:
        run = await session.run_page("foliensatz", query=f"deck={link.deck_id}")
    opened = DeckLink.of(run.texts)
    if opened == link:
        return f"works (deck {link.deck_id}: {link.summary.split(':')[0].replace('*', '')})"
    return f"**BROKEN** (deck {link.deck_id}; the page showed {opened or run.texts[:3]})"


async def guessing(url: str, until: float, attack: Attack, attackers: int) -> None:
    async def one() -> None:
        async with Session(url, source=ATTACKER) as session:
            run = await session.run_page("datenpflege")
            secret_field, submit = run.widget("text_input", "Zugangsschlüssel"), run.widget("button", "Anmelden")
            while time.monotonic() < until:
                guess = secrets.token_urlsafe(18)
                run = await session.run_page("datenpflege", widgets=[text(secret_field, guess), click(submit)])
                attack.add("guesses")
                if any("Zu viele Fehlversuche" in t for t in run.texts):
                    attack.add("guesses refused while throttled")

    await asyncio.gather(*(one() for _ in range(attackers)))


async def steward_signs_in(url: str, secret: str) -> tuple[bool, float, list[str]]:
    """The real steward, from the victim's address, right after the guessing."""
    start = time.perf_counter()
    async with Session(url, source=VICTIM) as session:
        run = await session.run_page("datenpflege")
        secret_field, submit = run.widget("text_input", "Zugangsschlüssel"), run.widget("button", "Anmelden")
        run = await session.run_page("datenpflege", widgets=[text(secret_field, secret), click(submit)])
        run = await session.run_page("datenpflege")
        signed_in = not any(w.kind == "text_input" and "Zugangsschlüssel" in w.label for w in run.widgets)
        waited = [t for t in run.texts if "Fehlversuche" in t]
        return signed_in, time.perf_counter() - start, waited


async def many_sessions(url: str, until: float, attack: Attack, sessions: int, pids: list[int], peak: list[int]):
    async def one(number: int) -> None:
        await asyncio.sleep(number * 0.02)  # opened within a few seconds, as a script would
        try:
            async with Session(url, source=ATTACKER) as session:
                await session.run_page("handlungsziele", timeout=300)
                attack.add("sessions opened")
                while time.monotonic() < until:
                    await session.run_page("handlungsziele", timeout=300)
                    attack.add("page runs")
        except (OSError, TimeoutError, websockets.exceptions.WebSocketException):
            attack.add("sessions refused or closed")

    async def watch_memory() -> None:
        while time.monotonic() < until:
            peak[0] = max(peak[0], sum(rss_bytes(pid) for pid in pids))
            await asyncio.sleep(0.5)

    await asyncio.gather(watch_memory(), *(one(n) for n in range(sessions)))


# --------------------------------------------------------------------------------------------- the run


@dataclass
class Phase:
    name: str
    times: list[float]
    errors: list[str]
    attack: Attack

    def row(self, quiet_p95: float) -> str:
        p50, p95 = percentile(self.times, 0.5), percentile(self.times, 0.95)
        ratio = p95 / quiet_p95 if quiet_p95 else float("nan")
        verdict = "–" if self.name == "quiet" else ("met" if ratio <= TARGET_RATIO else "**missed**")
        got = "; ".join(f"{k}: {v}" for k, v in self.attack.counts.items()) or "–"
        return (
            f"| {self.name} | {len(self.times)} | {p50:.2f} s | {p95:.2f} s | {ratio:.1f}× | {verdict} | {got} | "
            f"{len(self.errors)} |"
        )


def run_phase(name, url, seconds, ramp, attack_factory, pages) -> Phase:
    """The attack runs from `ramp` seconds before the victim starts until the victim ends."""
    attack = Attack()
    process = None

    async def main() -> None:
        nonlocal process
        until = time.monotonic() + ramp + seconds
        task = asyncio.create_task(attack_factory(until, attack)) if attack_factory else None
        await asyncio.sleep(ramp)
        process = victim(url, seconds, pages)
        if task is not None:
            try:
                await asyncio.wait_for(task, timeout=ramp + seconds + 120)
            except TimeoutError:
                attack.notes.append("attack stopped at its time limit")
        else:
            await asyncio.sleep(seconds)

    asyncio.run(main())
    assert process is not None
    times, errors = victim_result(process, timeout=seconds + 300)
    phase = Phase(name, times, errors, attack)
    print(f"{name}: {len(times)} runs, p95 {percentile(times, 0.95):.2f} s", *attack.notes, sep="\n", flush=True)
    return phase


def measure(args: argparse.Namespace) -> tuple[list[Phase], dict[str, Any]]:
    steward_secret = secrets.token_urlsafe(24)
    facts: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="ikoe-abuse-") as folder:
        env = {
            "IKOE_EDITIONS_DIR": str(Path(folder) / "editions"),
            "IKOE_DECKS_DIR": str(Path(folder) / "decks"),
            "IKOE_DATA_STEWARD_TOKEN": steward_secret,
        }
        if args.sessions_per_client:
            env["IKOE_SESSIONS_PER_CLIENT"] = str(args.sessions_per_client)
        with stack(processes=args.processes, proxy=not args.no_proxy, env=env) as running:
            url, pids = running.url, running.server_pids
            if not url.startswith(("http://127.0.0.1", "https://127.0.0.1")):
                raise SystemExit(f"loopback only, not {url}")
            for direct in running.direct_urls:  # every process warm: each victim page once, a chart in a deck
                asyncio.run(_tour(direct, 0.1, VICTIM_PAGES))
                asyncio.run(_tour(direct, 0.1, ["datenpflege", "foliensatz"]))
                asyncio.run(warm_the_deck(direct))  # the deck's font metrics load on first use
            facts["memory at the start"] = sum(rss_bytes(pid) for pid in pids)
            seconds, ramp = args.duration, args.ramp
            phases = [run_phase("quiet", url, seconds, 0, None, VICTIM_PAGES)]
            attacks = {
                "search flood": lambda u, a: search_flood(url, u, a, args.attackers, args.words),
                "cache clear": lambda u, a: cache_clear(url, u, a),
                "deck flood": lambda u, a: deck_flood(url, u, a, Path(folder) / "decks"),
                "guessing": lambda u, a: guessing(url, u, a, args.attackers),
            }
            for name, factory in attacks.items():
                link = asyncio.run(another_users_link(url)) if name == "deck flood" else None
                phases.append(run_phase(name, url, seconds, ramp, factory, VICTIM_PAGES))
                if link is not None:
                    facts[DECK_LINK_FACT] = asyncio.run(open_link(url, link))
                if name == "guessing":
                    signed_in, took, waited = asyncio.run(steward_signs_in(url, steward_secret))
                    facts["steward signs in after the guessing"] = (
                        f"{'yes' if signed_in else 'NO'}, in {took:.1f} s" + (f" ({waited[0]})" if waited else "")
                    )
            peak = [0]
            facts["memory before the sessions"] = sum(rss_bytes(pid) for pid in pids)
            phases.append(
                run_phase(
                    f"{args.sessions} sessions",
                    url,
                    seconds,
                    max(ramp, args.sessions * 0.02 + 2),
                    lambda u, a: many_sessions(url, u, a, args.sessions, pids, peak),
                    VICTIM_PAGES,
                )
            )
            facts["memory at the peak of the sessions"] = peak[0]
            if args.settle:
                time.sleep(args.settle)  # closed sessions are kept for reconnects this long (disconnectedSessionTTL)
                for direct in running.direct_urls:  # Streamlit drops expired sessions when it stores the next one
                    asyncio.run(_tour(direct, 0.1, [""]))
            facts["memory after the sessions closed"] = sum(rss_bytes(pid) for pid in pids)
            facts["logs"] = "\n".join(
                (running.run / f"dashboard-{i}.log").read_text(errors="replace") for i in range(len(pids))
            )
    return phases, facts


def report(args, phases: list[Phase], facts: dict[str, Any], started: str, load_before: float) -> str:
    quiet_p95 = percentile(phases[0].times, 0.95)
    mib = 2**20
    first, start, peak, after = (
        int(facts[k])
        for k in (
            "memory at the start",
            "memory before the sessions",
            "memory at the peak of the sessions",
            "memory after the sessions closed",
        )
    )
    back = after <= start * (1 + MEMORY_TOLERANCE)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout
    logs = str(facts["logs"])
    guard_lines = {  # the guard logs the first refusal of a kind per session (address) and then every hundredth
        "message refusals logged": logs.count("Message refused"),
        "session refusals logged": logs.count("Session refused"),
        "runs stopped (too much CPU)": logs.count("Run stopped (too much CPU)"),
        "runs stopped (session gone)": logs.count("Run stopped (session gone)"),
        "incidents": logs.count("Incident "),
    }
    lines = [
        "# Abuse benchmark",
        "",
        f"Started {started}, commit {commit.strip() or '?'}, {os.cpu_count()} cores, load average (1 min) "
        f"{load_before:.1f} before and {os.getloadavg()[0]:.1f} after. Deployment: {args.processes} dashboard "
        f"process(es){'' if args.no_proxy else ' behind nginx (TLS)'}; {args.duration:g} s per phase (victim), "
        f"attacks start {args.ramp:g} s earlier. Victim from {VICTIM}, attacker from {ATTACKER}.",
        f"Command: `python benchmarks/abuse.py {' '.join(sys.argv[1:])}`",
        "",
        "| Phase | Victim runs | p50 | p95 | p95 / quiet p95 | Target ≤ 2× | What the attacker did | Victim errors |",
        "|---|---:|---:|---:|---:|---|---|---:|",
        *(phase.row(quiet_p95) for phase in phases),
        "",
        f"Memory (resident, dashboard processes summed): {first / mib:.0f} MiB after warming up, "
        f"{start / mib:.0f} MiB before the {args.sessions} sessions, {peak / mib:.0f} MiB at their peak, "
        f"{after / mib:.0f} MiB {args.settle:g} s after they closed: "
        f"{'back within' if back else '**not back within**'} {MEMORY_TOLERANCE:.0%} of the memory before them "
        f"({after / start - 1:+.0%}; {after / first - 1:+.0%} against the warmed-up start).",
        "",
        f"Steward signs in after the guessing: {facts.get('steward signs in after the guessing', '–')}.",
        "",
        f"Another user's deck link after the deck flood: {facts.get(DECK_LINK_FACT, '–')}.",
        "",
        "Server log (both processes): " + ", ".join(f"{k} {v}" for k, v in guard_lines.items()) + ".",
        "",
        "Notes:",
        *(f"- {phase.name}: {note}" for phase in phases for note in phase.attack.notes),
    ]
    errors = sorted({e for phase in phases for e in phase.errors})
    if errors:
        lines += ["", "## Victim errors", "", *(f"- {e}" for e in errors[:30])]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds the victim measures per phase")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds an attack runs before the victim starts")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--no-proxy", action="store_true", help="without nginx (only with one process)")
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--sessions-per-client", type=int, help="IKOE_SESSIONS_PER_CLIENT (default: as shipped)")
    parser.add_argument("--attackers", type=int, default=6, help="sessions of the search flood and the guessing")
    parser.add_argument("--words", type=int, default=100_000, help="words of the flooding search")
    parser.add_argument("--settle", type=float, default=150.0, help="seconds after the sessions closed")
    parser.add_argument("--quick", action="store_true", help="a few seconds per phase, 1 process, no proxy")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "abuse.md")
    args = parser.parse_args(argv)
    if args.quick:
        args.duration, args.ramp, args.processes, args.no_proxy = 3.0, 1.0, 1, True
        args.sessions, args.attackers, args.words, args.settle = 20, 2, 2_000, 0.0
        args.sessions_per_client = 10
    if args.no_proxy and args.processes > 1:
        parser.error("--no-proxy needs --processes 1: only the proxy spreads sessions over processes")
    started, load_before = time.strftime("%d.%m.%Y %H:%M"), os.getloadavg()[0]
    phases, facts = measure(args)
    text_out = report(args, phases, facts, started, load_before)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text_out, encoding="utf-8")
    print(text_out)
    return 1 if any(phase.errors for phase in phases) else 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        raise SystemExit(main())
