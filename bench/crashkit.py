"""Crash harness (SECURITY C5, D1, D2): gunicorn under keyed creates, SIGKILL of the master and its
workers, restart, retry of every unanswered key, then the database is checked directly.

Used by the short CI tests (`tests/core/test_crash_recovery.py`) and by `python -m bench.crash`
(the full D1 run: 30 s at 50 writes/s). Loopback only; standard library, psycopg for PostgreSQL.
"""

import http.client
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CREATE_PATH = "/api/v1/tickets/"
RETRY_SAME_KEY = {None, 409, 503}  # no answer, key still in flight, database away


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port: int, method: str, path: str, *, body=None, headers=None, timeout: float = 35):
    """One request on its own connection: (status, headers, parsed JSON or raw text)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        conn.request(method, path, body=data, headers=headers or {})
        resp = conn.getresponse()
        raw = resp.read().decode("utf-8", "replace")
        kind = resp.getheader("Content-Type", "")
        return resp.status, dict(resp.getheaders()), json.loads(raw) if "json" in kind else raw
    finally:
        conn.close()


class Server:
    """gunicorn with `propdesk serve`'s command line, in its own process group."""

    def __init__(self, env: dict, log: Path, *, workers: int = 2):
        self.env, self.log_path, self.workers = env, log, workers
        self.proc: subprocess.Popen | None = None
        self.port = 0

    def start(self, timeout: float = 60) -> "Server":
        from propdesk.core.management.commands.serve import gunicorn_command

        self.port = free_port()
        command = gunicorn_command(f"127.0.0.1:{self.port}", self.workers, access_log="/dev/null")
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(  # noqa: S603 - fixed argv
                command, cwd=ROOT, env=self.env, start_new_session=True, stdout=log, stderr=log
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                call(self.port, "GET", "/api/v1/me", timeout=5)
                return self
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"gunicorn exited: {self.log_text()[-2000:]}") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer in time")

    def kill9(self) -> None:
        """SIGKILL the master and every worker at once (the whole process group)."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


@dataclass
class Outcome:
    key: str
    sent: float
    done: float = 0.0
    status: int | None = None  # None: no answer (connection refused or reset)
    body: object = None
    replayed: bool = False


@dataclass
class KeyedCreates:
    """Client threads each sending keyed creates: a fresh `Idempotency-Key` per create, the same
    key again after no answer, 409 or 503."""

    port_of: object  # callable returning the server's current port
    token: str
    body: dict
    threads: int = 4
    rate: float | None = None  # writes per second over all threads; None: as fast as answered
    outcomes: list[Outcome] = field(default_factory=list)

    def __post_init__(self):
        self._stop, self._lock, self._workers = threading.Event(), threading.Lock(), []

    def headers(self, key: str) -> dict:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                "Idempotency-Key": key}  # fmt: skip

    def send(self, key: str) -> Outcome:
        out = Outcome(key=key, sent=time.monotonic())
        try:
            out.status, headers, out.body = call(
                self.port_of(), "POST", CREATE_PATH, body=self.body, headers=self.headers(key)
            )
            out.replayed = headers.get("Idempotent-Replayed") == "true"
        except (OSError, http.client.HTTPException):
            # no answer: refused, reset, or cut in the middle of the body (IncompleteRead, when
            # the kill lands while the answer is being written); the key is sent again later
            pass
        out.done = time.monotonic()
        return out

    def _run(self, k: int) -> None:
        interval = self.threads / self.rate if self.rate else 0
        n, next_at = 0, time.monotonic()
        while not self._stop.is_set():
            out = self.send(f"t{k}-{n}")
            with self._lock:
                self.outcomes.append(out)
            if out.status in RETRY_SAME_KEY:  # as a client honouring Retry-After would, sooner
                self._stop.wait(0.2)
            else:
                n += 1
            next_at += interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def start(self) -> "KeyedCreates":
        self._workers = [threading.Thread(target=self._run, args=(k,)) for k in range(self.threads)]
        for w in self._workers:
            w.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        for w in self._workers:
            w.join(60)

    def acknowledged(self) -> dict[str, dict]:
        """Key → created body, for every create the client saw succeed."""
        return {o.key: o.body for o in self.outcomes if o.status == 201}

    def retry_unacknowledged(self, *, deadline: float = 60) -> list[Outcome]:
        """Send every key again that got no 201, until each one does (or the deadline passes)."""
        pending = {o.key for o in self.outcomes} - set(self.acknowledged())
        retried, end = [], time.monotonic() + deadline
        while pending and time.monotonic() < end:
            for key in sorted(pending):
                out = self.send(key)
                if out.status == 201:
                    retried.append(out)
                    pending.discard(key)
            if pending:
                time.sleep(0.2)
        return retried


class Probe:
    """Direct DB-API access to the server's database (SQLite file or PostgreSQL URL)."""

    def __init__(self, url: str):
        self.url = url

    def rows(self, sql: str, params=()) -> list[tuple]:
        if self.url.startswith("sqlite:///"):
            with sqlite3.connect(self.url.removeprefix("sqlite:///")) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(sql.replace("?", "%s"), params).fetchall()


def _gap_free(numbers: list[str]) -> list[str]:
    """Problems in record numbers: per (scheme, year), exactly 1..n, no repeats."""
    groups = defaultdict(list)
    for number in numbers:
        scheme, year, seq = re.fullmatch(r"([A-Z]+)-(\d{4})-(\d+)", number).groups()
        groups[(scheme, year)].append(int(seq))
    return [
        f"{scheme}-{year}: {len(seqs)} numbers, not 1..{len(seqs)}"
        for (scheme, year), seqs in groups.items()
        if sorted(seqs) != list(range(1, len(seqs) + 1))
    ]


def check_exactly_once(probe: Probe, keys: set[str], acknowledged: dict[str, dict]) -> list[str]:
    """The D1 assertions on the database; returns the problems found (empty: all hold)."""
    problems = []
    tickets = dict(probe.rows("SELECT id, number FROM tickets_ticket"))
    stored = {k: json.loads(b) for k, b in probe.rows(
        "SELECT key, response_body FROM core_idempotencykey WHERE state = 'done'")}  # fmt: skip
    lost = [k for k, body in acknowledged.items() if tickets.get(body["id"]) != body["number"]]
    problems += [f"acknowledged but lost: {k}" for k in lost]
    if set(stored) != keys:
        problems.append(f"{len(stored)} keys stored for {len(keys)} sent")
    if sorted(b["id"] for b in stored.values()) != sorted(tickets):
        problems.append(f"{len(tickets)} tickets for {len(stored)} keys (a key applied twice?)")
    contacts = probe.rows("SELECT number, ticket_id FROM tickets_contact")
    if sorted(t for _, t in contacts) != sorted(tickets):
        problems.append("a ticket without its contact, or a contact without its ticket")
    registered = probe.rows(
        "SELECT e.object_id FROM core_event e JOIN django_content_type c ON c.id = e.content_type_id"
        " WHERE c.app_label = 'tickets' AND c.model = 'ticket' AND e.code = 'registered'"
    )
    if sorted(r[0] for r in registered) != sorted(tickets):
        problems.append("a ticket without its 'registered' event")
    problems += _gap_free(list(tickets.values()) + [n for n, _ in contacts])
    if probe.url.startswith("sqlite:///"):
        integrity = probe.rows("PRAGMA integrity_check")
        if integrity != [("ok",)]:
            problems.append(f"integrity_check: {integrity}")
    return problems


def kill9_round(
    server: Server, load: KeyedCreates, probe: Probe, *, seconds: float, warm: int = 0
) -> dict:
    """Load for `seconds` (counted once `warm` creates were answered: workers load lazily),
    SIGKILL everything, restart, retry every unanswered key; figures and problems."""
    server.start()
    load.start()
    deadline = time.monotonic() + 120
    while len(load.acknowledged()) < warm and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(seconds)
    server.kill9()
    load.stop()
    before = load.acknowledged()
    unanswered = {o.key for o in load.outcomes} - set(before)
    server.start()
    try:
        retried = load.retry_unacknowledged()
        replays = [load.send(k) for k in sorted(before)[:5]]
    finally:
        server.stop()
    acknowledged = {**before, **{o.key: o.body for o in retried}}
    keys = {o.key for o in load.outcomes}
    problems = check_exactly_once(probe, keys, acknowledged)
    if any(r.status != 201 or not r.replayed or r.body != before[r.key] for r in replays):
        problems.append("an acknowledged key did not replay its first answer")
    answered = sorted(o.done - o.sent for o in load.outcomes if o.status == 201)
    return {
        "statuses": dict(Counter(str(o.status) for o in load.outcomes)),
        "create_p50_ms": round(answered[len(answered) // 2] * 1000) if answered else None,
        "sent": len(keys),
        "acknowledged_before_kill": len(before),
        "unanswered_at_kill": len(unanswered),
        "retried_ok": len(retried),
        "retries_that_replayed": sum(o.replayed for o in retried),
        "problems": problems,
    }


class PrivateCluster:
    """A throw-away PostgreSQL cluster on its own port and socket directory (D2 stops it hard;
    never the machine's shared server). As root, initdb and pg_ctl run as the `postgres` user."""

    def __init__(self):
        import shutil
        import tempfile

        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.dir = Path(tempfile.mkdtemp(prefix="propdesk-pg-"))
        self.data, self.port = self.dir / "data", free_port()
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.dir, "postgres", "postgres")

    def _pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603

    def init(self) -> "PrivateCluster":
        self._pg("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                 "--no-sync")  # fmt: skip
        return self

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir}"
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-o", options,
                 "-w", "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def url(self, name: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def createdb(self, name: str) -> str:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        import shutil

        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def pg_copy(source_url: str, target_url: str, workdir: Path) -> None:
    """Copy one PostgreSQL database into another (empty) one with pg_dump -Fc / pg_restore."""
    dump = workdir / "copy.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", str(dump), "-d", source_url], check=True)  # noqa: S607
    subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", target_url, str(dump)],
                   check=True)  # fmt: skip  # noqa: S607
