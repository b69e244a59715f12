from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """Documents and sign-off, form templates under approval and version, retention."""

    name = "propdesk.records"
    label = "records"
    verbose_name = _("Documents and forms")

    def ready(self) -> None:
        from propdesk.core import periodic

        from .retention_kinds import register_defaults
        from .search import register_search
        from .services import reminder_sweep

        periodic.register("records.reminders", timedelta(minutes=15), reminder_sweep)
        register_search()
        register_defaults()
