from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "propdesk.portal"
    label = "portal"
    verbose_name = _("Resident portal")

    def ready(self):
        from propdesk.core.eventlabels import event_labels_register

        event_labels_register(
            "people", {"my_data.downloaded": _("The resident downloaded their data")}
        )
        from .household import EVENT_LABELS

        event_labels_register("portal", EVENT_LABELS)
        from datetime import timedelta

        from propdesk.core import periodic

        from .signin import signin_codes_sweep

        periodic.register("portal.signin_codes", timedelta(hours=1), signin_codes_sweep)
