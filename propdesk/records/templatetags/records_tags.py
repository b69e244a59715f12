"""Template helpers of the documents, forms and meetings pages: event codes and role codes shown
as translated words (users read words, not codes)."""

from django import template
from django.utils.translation import gettext_lazy as _

from propdesk.people.roles import Role

register = template.Library()

EVENT_LABELS = {
    "created": _("Drafted"),
    "edit": _("Draft changed"),
    "file_added": _("File attached"),
    "issue": _("Issued for signature"),
    "opened": _("Opened by a signer"),
    "archive": _("Signed by all and archived"),
    "supersede": _("Superseded by a new revision"),
    "revised": _("New revision drafted"),
    "link_meeting": _("Put on a meeting's agenda"),
    "submit": _("Handed in for sign-off"),
    "publish": _("Issued"),
    "review": _("Reviewed"),
    "reminded": _("Reminder sent"),
    "drafted": _("Version drafted"),
    "approve": _("Approved"),
    "retire": _("Retired"),
    "planned": _("Meeting planned"),
    "hold": _("Meeting held"),
    "reschedule": _("Rescheduled"),
    "attendance": _("Attendance recorded"),
    "agenda_added": _("Agenda item added"),
    "minutes": _("Minutes written"),
    "decided": _("Decision recorded"),
    "return": _("Minutes returned for correction"),
    "sign": _("Minutes signed by the chair"),
    "cancel": _("Meeting cancelled"),
    "actions_carried": _("Open actions carried over"),
    "close": _("Action closed"),
    "drop": _("Action dropped"),
}


@register.filter
def event_label(code: str) -> str:
    """The translated label of an event code; signatures of any line read "Signed"."""
    if code.startswith("signed."):
        return str(_("Signed"))
    return str(EVENT_LABELS.get(code, _("Recorded")))


@register.filter
def role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else ""
