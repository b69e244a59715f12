"""Fixtures for notifications: a webhook receiver on 127.0.0.1 and a database a worker can share."""

import hashlib
import hmac
import importlib
import os
import select
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Receiver:
    """What the test webhook server saw: every request, and those it answered to a live client."""

    secret: str = "test-secret"
    status: int = 200
    hold_first: float = 0.0  # seconds to hold the first request before answering
    redirect_to: str = ""
    received: list = field(default_factory=list)
    answered: list = field(default_factory=list)
    got_request: threading.Event = field(default_factory=threading.Event)
    url: str = ""

    def signature_ok(self, body: bytes, header: str) -> bool:
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, header or "")


def _client_gone(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""


def _handler(rec: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            key = self.headers.get("X-PropDesk-Delivery", "")
            ok = rec.signature_ok(body, self.headers.get("X-PropDesk-Signature", ""))
            rec.received.append(
                {"key": key, "body": body, "signed": ok, "headers": dict(self.headers)}
            )
            rec.got_request.set()
            if rec.hold_first and len(rec.received) == 1:
                deadline = time.monotonic() + rec.hold_first
                while time.monotonic() < deadline and not _client_gone(self.connection):
                    time.sleep(0.05)
                if _client_gone(self.connection):
                    return  # the sender died: nothing was delivered to it
            if rec.redirect_to:
                self.send_response(302)
                self.send_header("Location", rec.redirect_to)
            else:
                self.send_response(rec.status if ok else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            rec.answered.append(key)

    return Handler


@pytest.fixture
def receiver(settings):
    """A webhook receiver on 127.0.0.1 (allowed explicitly) that checks the HMAC signature."""
    rec = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(rec))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    rec.url = f"http://127.0.0.1:{server.server_port}/hook"
    settings.PROPDESK_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    yield rec
    server.shutdown()
    server.server_close()


class WorkerDatabase:
    """Lets a `db_worker` subprocess use the test database.

    PostgreSQL: the subprocess connects to the test database itself (tests are transactional).
    SQLite: the test database lives in memory, so it is copied to a file for the subprocess
    (SQLite online backup) and copied back when the subprocess is done.
    """

    def __init__(self, tmp_path: Path):
        self.sqlite = connection.vendor == "sqlite"
        self.file = tmp_path / "worker.sqlite3"
        self.tmp_path = tmp_path

    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"

    def push(self):
        if self.sqlite:
            connection.ensure_connection()
            self.file.unlink(missing_ok=True)
            with sqlite3.connect(self.file) as dest:
                connection.connection.backup(dest)
            dest.close()

    def pull(self):
        if self.sqlite:
            source = sqlite3.connect(self.file)
            source.backup(connection.connection)
            source.close()

    def worker(
        self, *args: str, env_extra: dict | None = None, command: list[str] | None = None
    ) -> subprocess.Popen:
        """`db_worker` with `args`, or another `propdesk` command (e.g. `rqworker …`)."""
        env = {
            **os.environ,
            "DATABASE_URL": self.url(),
            "PROPDESK_VAR_DIR": str(self.tmp_path / "var"),
            "PROPDESK_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": str(ROOT),
            **(env_extra or {}),
        }
        cmd = [sys.executable, "-m", "propdesk", "db_worker", "--no-startup-delay", "--no-reload"]
        cmd = [*cmd, "--interval", "0.2", *args]
        if command:
            cmd = [sys.executable, "-m", "propdesk", *command]
        return subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def run_batch(self, timeout: float = 60) -> str:
        """Run the worker until the queue is empty (`--batch`); return its output."""
        self.push()
        proc = self.worker("--batch")
        out, _ = proc.communicate(timeout=timeout)
        self.pull()
        assert proc.returncode == 0, out
        return out


@pytest.fixture
def migration_data(transactional_db):
    """Roles (groups) written by a data migration; a transactional test before may have flushed them."""
    from django.contrib.auth.models import Group

    roles = importlib.import_module("propdesk.people.migrations.0002_roles")
    for code in roles.ROLES:
        Group.objects.get_or_create(name=code)


@pytest.fixture
def worker_db(tmp_path):
    return WorkerDatabase(tmp_path)
