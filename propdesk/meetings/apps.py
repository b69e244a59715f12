from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """The weekly meeting of the principal heads (例会): series, minutes, actions. R-MT-1."""

    name = "propdesk.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from propdesk.core import periodic

        from .search import register_search
        from .services import series_sweep

        periodic.register("meetings.series", timedelta(hours=1), series_sweep)
        register_search()
