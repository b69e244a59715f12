"""Template helpers of the service pages: timeline event codes shown as translated labels."""

from django import template
from django.utils.translation import gettext_lazy as _

from propdesk.core.eventlabels import event_label as _event_label

register = template.Library()

EVENT_LABELS = {
    # promised replies (R-FS-7, R-FS-8)
    "made": _("Promise made"),
    "keep": _("Answer given"),
    "reassign": _("Given to another person responsible"),
    "cancel": _("Promise cancelled"),
    "reminded": _("Reminder sent"),
    "overdue": _("Flagged as overdue"),
    # lobby incidents (R-FS-6)
    "reported": _("Incident reported"),
    "take": _("Taken in hand"),
    "note": _("Handling note added"),
    "close": _("Incident closed"),
}


@register.filter
def event_label(code: str) -> str:
    """The translated label of a timeline event code (core.eventlabels)."""
    return _event_label(code, app_label="service")
