"""`propdesk run_sweeps`: run each due periodic sweep once (safe to run from several places)."""

from django.core.management.base import BaseCommand

from propdesk.core import periodic


class Command(BaseCommand):
    help = (
        "Run every due periodic sweep once (SLA warnings, escalations, reminders, lease recovery)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--list", action="store_true", help="List the registered sweeps.")

    def handle(self, *args, **opts):
        if opts["list"]:
            for sweep in periodic.registered():
                self.stdout.write(f"{sweep.name}\tevery {sweep.every}")
            return
        for name in periodic.run_due():
            self.stdout.write(f"ran {name}")
