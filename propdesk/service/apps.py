from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServiceConfig(AppConfig):
    """Service standards (服务标准): promised replies, lobby incidents, boards."""

    name = "propdesk.service"
    label = "service"
    verbose_name = _("Service standards")

    def ready(self) -> None:
        from propdesk.core.eventlabels import event_labels_register

        from .templatetags.service_tags import EVENT_LABELS

        event_labels_register("service", EVENT_LABELS)
        from propdesk.core import openitems, periodic

        from .selectors import promise_open_items_for_site
        from .services import promise_sweep

        periodic.register("service.promise_sweep", timedelta(minutes=1), promise_sweep)
        openitems.register("promises", promise_open_items_for_site)
        from .retention import register_retention

        register_retention()
