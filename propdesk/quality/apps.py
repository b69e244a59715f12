from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    """Quality: the quarterly complaint analysis (R-CP-5), its report to the GM (R-CP-6),
    corrective and preventive actions (R-CP-5) and the dashboards (R-SS-4)."""

    name = "propdesk.quality"
    label = "quality"
    verbose_name = _("Quality management")

    def ready(self) -> None:
        from datetime import timedelta

        from propdesk.core import periodic
        from propdesk.core.eventlabels import event_labels_register

        from .rollup import rollup_sweep
        from .workflow import EVENT_LABELS

        event_labels_register("quality", EVENT_LABELS)
        periodic.register("quality.daily_rollup", timedelta(hours=1), rollup_sweep)
