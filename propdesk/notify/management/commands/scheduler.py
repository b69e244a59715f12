"""`propdesk scheduler`: run the due periodic sweeps every 30 seconds until stopped."""

import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from propdesk.core import periodic


class Command(BaseCommand):
    help = "Run due periodic sweeps in a loop (every --interval seconds) until SIGTERM/SIGINT."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=30.0)

    def handle(self, *args, **opts):
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(f"scheduler: sweeps every {opts['interval']:g} s")
        while not stop.is_set():
            close_old_connections()
            try:
                for name in periodic.run_due():
                    self.stdout.write(f"ran {name}")
            except Exception as exc:  # the database may be briefly away; try again next turn
                self.stderr.write(f"scheduler: {type(exc).__name__}: {exc}")
            stop.wait(opts["interval"])
