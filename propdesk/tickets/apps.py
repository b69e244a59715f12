from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TicketsConfig(AppConfig):
    name = "propdesk.tickets"
    label = "tickets"
    verbose_name = _("Tickets")

    def ready(self):
        from propdesk.core.eventlabels import event_labels_register

        from .templatetags.ticket_tags import EVENT_LABELS

        event_labels_register("tickets", EVENT_LABELS)
        from propdesk.core import openitems

        from .selectors import task_open_items_for_site, ticket_open_items_for_site

        openitems.register("tickets", ticket_open_items_for_site)
        openitems.register("tasks", task_open_items_for_site)

        from datetime import timedelta

        from propdesk.core import periodic

        from .sweeps import desk_escalation_sweep, sla_sweep

        periodic.register("tickets.sla", timedelta(minutes=1), sla_sweep)
        periodic.register("tickets.desk_escalation", timedelta(minutes=1), desk_escalation_sweep)
        from .retention import register_retention

        register_retention()
