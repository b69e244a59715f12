"""`propdesk triage_train`: retrain the intake model now (the scheduler does it every night)."""

from django.core.management.base import BaseCommand

from propdesk.triage.services import triage_train_all


class Command(BaseCommand):
    help = "Train the intake suggestion model on the seed corpus and each company's closed tickets."

    def handle(self, *args, **opts):
        for row in triage_train_all():
            figures = row.evaluation or {}
            seed = figures.get("seed") or {}
            own = figures.get("company_30d") or {}
            self.stdout.write(
                f"{row.company or 'seed'} v{row.version}: {row.n_examples} examples "
                f"({row.n_company} tickets) in {row.seconds:.1f} s; "
                f"seed top-1 {seed.get('top1')} top-3 {seed.get('top3')}; "
                f"last 30 days top-1 {own.get('top1')} top-3 {own.get('top3')}"
            )
