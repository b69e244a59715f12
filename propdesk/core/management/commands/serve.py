"""`propdesk serve`: the app under gunicorn (a production server), on 127.0.0.1:$PORT by default."""

import os
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve PropDesk with gunicorn (and, with --with-worker, the background task worker)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=f"127.0.0.1:{os.environ.get('PORT', '8000')}")
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )

    def handle(self, *args, **opts):
        cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "propdesk.config.wsgi:application",
            "--bind",
            opts["bind"],
            "--workers",
            str(opts["workers"]),
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
        ]
        self.stdout.write(f"PropDesk on http://{opts['bind']}/")
        raise SystemExit(subprocess.call(cmd))  # noqa: S603 - fixed argv, no shell
