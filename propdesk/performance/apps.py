from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    """Daily work reports, performance scores with their bonus line, training. R-ST-2, R-ST-8, R-ST-9."""

    name = "propdesk.performance"
    label = "performance"
    verbose_name = _("Assessment and training")

    def ready(self) -> None:
        from datetime import timedelta

        from propdesk.core import periodic
        from propdesk.core.eventlabels import event_labels_register

        from .services import missing_reports_sweep
        from .workflow import EVENT_LABELS

        event_labels_register("performance", EVENT_LABELS)
        periodic.register("performance.missing_reports", timedelta(hours=6), missing_reports_sweep)
