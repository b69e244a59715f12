"""`propdesk serve`: gunicorn, the background task worker and the sweep scheduler, together.

The three run as child processes; when one stops (or on SIGTERM/SIGINT) the others are stopped
too, so `make run` runs everything and stops cleanly.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand


def _manage(*args: str) -> list[str]:
    return [sys.executable, "-m", "propdesk", *args]


def gunicorn_command(bind: str, workers: int, threads: int = 1, access_log: str = "-") -> list[str]:
    """The web server's command line (also what bench/ measures).

    Each worker is replaced after WEB_MAX_REQUESTS requests (default 2000), plus a random
    0–WEB_MAX_REQUESTS_JITTER (default 200) so the workers do not restart together: a safety net
    for memory that a long afternoon of odd inputs leaves fragmented in a Python process. Request
    bodies and segmented text are bounded first (core.middleware, search.segment); this only
    caps what they miss. 0 turns it off.
    """
    web = [sys.executable, "-m", "gunicorn", "propdesk.config.wsgi:application"]
    web += ["--bind", bind, "--workers", str(workers), "--threads", str(threads)]
    max_requests = os.environ.get("WEB_MAX_REQUESTS", "2000")
    jitter = os.environ.get("WEB_MAX_REQUESTS_JITTER", "200")
    web += ["--max-requests", max_requests, "--max-requests-jitter", jitter]
    return web + ["--access-logfile", access_log, "--graceful-timeout", "10"]


class Command(BaseCommand):
    help = "Serve PropDesk with gunicorn, the task worker (db_worker) and the sweep scheduler."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "1")))
        parser.add_argument("--no-worker", action="store_true", help="Do not start db_worker.")
        parser.add_argument("--no-scheduler", action="store_true", help="Do not run sweeps.")

    def _commands(self, opts) -> dict[str, list[str]]:
        commands = {"web": gunicorn_command(opts["bind"], opts["workers"], opts["threads"])}
        backend = settings.TASKS["default"]["BACKEND"]
        if not opts["no_worker"] and backend == "django_tasks_db.DatabaseBackend":
            commands["worker"] = _manage("db_worker", "--queue-name", "*", "--no-reload")
        if not opts["no_scheduler"]:
            commands["scheduler"] = _manage("scheduler")
        return commands

    def handle(self, *args, **opts):
        children = {
            name: subprocess.Popen(cmd)  # noqa: S603 - fixed argv, no shell
            for name, cmd in self._commands(opts).items()
        }
        self.stdout.write(f"PropDesk on http://{opts['bind']}/ ({', '.join(children)})")
        stopping = []
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stopping.append(True))
        try:
            while not stopping and all(p.poll() is None for p in children.values()):
                time.sleep(0.5)
        finally:
            code = self._stop_all(children)
        raise SystemExit(code)

    def _stop_all(self, children: dict[str, subprocess.Popen]) -> int:
        """Stop every child (TERM, then KILL after 15 s); exit code of the first that failed."""
        for proc in children.values():
            if proc.poll() is None:
                proc.terminate()
        deadline = time.monotonic() + 15
        for proc in children.values():
            try:
                proc.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        return next((p.returncode for p in children.values() if p.returncode not in (0, -15)), 0)
