"""Demo: train the intake model on the demo company's tickets, so `make run` suggests."""

from propdesk.orgs.models import Company

from .services import triage_train


def load(ctx):
    triage_train(None)
    for company in Company.objects.order_by("pk"):
        triage_train(company)
    ctx["stdout"].write("Intake suggestion model trained.")
