"""Template helpers of the front desk: event codes shown as translated labels."""

from django import template
from django.utils.translation import gettext_lazy as _

from propdesk.core.eventlabels import event_label as _event_label

register = template.Library()

EVENT_LABELS = {
    "opened": _("Handover opened"),
    "checked": _("Check item filled"),
    "submit": _("Handed over"),
    "read.handover": _("Handover opened by the incoming agent"),
    "read.log": _("Duty log opened by the incoming agent"),
    "question_asked": _("Question asked"),
    "question_answered": _("Question answered"),
    "refuse": _("Refused"),
    "resolve": _("Resolved by the supervisor"),
    "accept": _("Taken over"),
    "signed.outgoing": _("Signed by the outgoing agent"),
    "signed.incoming": _("Signed by the incoming agent"),
    "signed.supervisor": _("Signed by the supervisor on duty"),
    "signed.manager": _("Signed by the manager"),
    "signed.countersign": _("Countersigned"),
    "received": _("Received at the desk"),
    "hand_over": _("Handed to the recipient"),
    "return": _("Returned to sender"),
    "corrected": _("Corrected"),
    "edited": _("Edited"),
    "cancel": _("Draft cancelled"),
    "notified": _("Resident notified"),
    "code_resent": _("Pickup code sent again"),
    "entry_added": _("Entry added"),
    "requested": _("Leave of post requested"),
    "approve": _("Approved"),
    "reject": _("Rejected"),
    "recorded": _("Spot check recorded"),
}
# Fields an edit may change, as the timeline names them (the event stores the field codes).
FIELD_LABELS = {
    "summary": _("How the work stands"),
    "notes": _("Notes"),
    "incoming": _("Incoming agent"),
    "content": _("What happened"),
    "action": _("Action taken"),
    "kind": _("Type"),
    "status": _("Status"),
    "reference": _("Linked record number"),
    "unit": _("Unit"),
    "occurred_at": _("Time"),
}


@register.filter
def event_label(code: str) -> str:
    return _event_label(code, app_label="frontdesk")


@register.filter
def changed_fields(changes) -> str:
    """The fields an `edited` event changed, in the reader's language: "Notes, Incoming agent"."""
    if not isinstance(changes, dict):
        return ""
    # Translators: separator between field names in a list ("、" in Chinese).
    return str(_(", ")).join(str(FIELD_LABELS.get(k, k)) for k in changes)


@register.simple_tag
def desk_nav_access(user) -> dict:
    """Which role-restricted links of the front-desk menu the user may follow (no link to a 403)."""
    from ..permissions import can_lookup, can_read_lookup_log

    return {"lookup": can_lookup(user), "lookup_log": can_read_lookup_log(user)}
