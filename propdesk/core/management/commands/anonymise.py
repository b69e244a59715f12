"""Anonymise personal data past its retention period now (the scheduler also does it daily)."""

from django.core.management.base import BaseCommand

from propdesk.core.retention import retention_sweep, rules


class Command(BaseCommand):
    help = "Empty the personal fields of records past their retention period (records are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count only, change nothing")

    def handle(self, *args, dry_run=False, **options):
        totals = retention_sweep(dry_run=dry_run)
        days = {rule.name: rule.days() for rule in rules()}
        verb = "due" if dry_run else "anonymised"
        for name, count in totals.items():
            self.stdout.write(f"{name}: {count} {verb} (older than {days[name]} days)")
