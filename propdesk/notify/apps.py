from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "propdesk.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from propdesk.core import periodic

        from .sweeps import recover_abandoned_work

        periodic.register(
            "notify.recover_abandoned_work", timedelta(minutes=1), recover_abandoned_work
        )
