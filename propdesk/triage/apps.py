from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    """Triage: suggested kind, category, department and urgency at intake, learned from the
    company's own closed tickets, and the likely duplicates of a request (R-FD-1, R-CP-8, R-CP-4)."""

    name = "propdesk.triage"
    label = "triage"
    verbose_name = _("Intake suggestions")

    def ready(self) -> None:
        from datetime import timedelta

        from propdesk.core import periodic

        from .services import triage_nightly_sweep

        periodic.register("triage.nightly_train", timedelta(hours=24), triage_nightly_sweep)
