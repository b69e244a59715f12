from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchivesConfig(AppConfig):
    """Archive records: class tree, numbering, location, files, custody. R-AR-1 … R-AR-6."""

    name = "propdesk.archives"
    label = "archives"
    verbose_name = _("Archives")

    def ready(self) -> None:
        from datetime import timedelta

        from propdesk.core import periodic
        from propdesk.core.eventlabels import event_labels_register

        from .search import register_search
        from .services import inspection_sweep, overdue_sweep
        from .workflow import EVENT_LABELS

        event_labels_register("archives", EVENT_LABELS)
        register_search()
        periodic.register("archives.inspection", timedelta(hours=6), inspection_sweep)
        # hourly, so a reminder goes out early each day; one per loan per day (R-AR-5)
        periodic.register("archives.overdue", timedelta(hours=1), overdue_sweep)
