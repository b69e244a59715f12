"""Labels for timeline event codes and state badges; events store codes, never translated text."""

from django import template
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from propdesk.core.eventlabels import event_label as _event_label
from propdesk.tickets.models import CallbackSkip, State

register = template.Library()

EVENT_LABELS = {
    "registered": _("Registered"),
    "dispatch": _("Dispatched to the department"),
    "send_back": _("Sent back by the department"),
    "accept": _("Accepted and assigned"),
    "start": _("Work started"),
    "pause": _("Work paused"),
    "resume": _("Work resumed"),
    "transfer": _("Transferred to another worker"),
    "agree_price": _("Price agreed with the resident"),
    "handle": _("Handled by the department"),
    "callback_attempt": _("Callback attempt without result"),
    "callback_done": _("Called back"),
    "reopen": _("Reopened after an unsatisfied callback"),
    "close": _("Closed"),
    "answer": _("Answered on the spot"),
    "invalidate": _("Marked invalid and explained"),
    "cancel": _("Cancelled"),
    "merge": _("Merged into another ticket"),
    "merged_from": _("A duplicate was merged into this ticket"),
    "escalate": _("Escalated to the shift lead"),
    "clear_escalation": _("Escalation cleared"),
    "urge": _("The resident chased the ticket"),
    "resident_note": _("The resident added information"),
    "withdraw": _("Withdrawn by the resident"),
    "rate": _("Rated by the resident"),
    "contact_linked": _("A repeat contact was linked"),
    "corrected": _("Corrected"),
    "signed.countersign": _("Countersigned"),
    "answered": _("Answered on the spot"),
    "promised": _("Reply promised"),
    "recorded": _("Recorded only"),
    "ticket": _("Ticket created"),
    "assigned": _("Assigned"),
    "completed": _("Completed"),
    "cancelled": _("Cancelled"),
    "attached": _("File attached"),
    "major": _("Marked as a major complaint"),
    "signed.major_signoff": _("Major complaint signed off by the centre manager"),
    "sla_breached": _("Service deadline missed"),
    "sla_recomputed": _("Deadlines recomputed"),
    "auto_escalated": _("Escalated to the shift lead automatically"),
}
STATE_BADGES = {
    State.REGISTERED: "text-bg-secondary",
    State.DISPATCHED: "text-bg-primary",
    State.ACCEPTED: "text-bg-info",
    State.IN_PROGRESS: "text-bg-info",
    State.PAUSED: "text-bg-warning",
    State.HANDLED: "text-bg-warning",
    State.CALLBACK_DONE: "text-bg-success",
    State.CLOSED: "text-bg-dark",
    State.CANCELLED: "text-bg-light",
    State.MERGED: "text-bg-light",
}
PRIORITY_BADGES = {"emergency": "text-bg-danger", "urgent": "text-bg-warning"}


@register.filter
def event_label(code: str) -> str:
    return _event_label(code, app_label="tickets")


@register.filter
def state_label(code: str) -> str:
    return State(code).label if code in State.values else code


@register.filter
def ticket_state_label(t) -> str:
    """The state in words; a handled ticket that needs no callback does not say "awaiting callback"."""
    if t.state == State.HANDLED and not t.callback_required:
        return str(_("Handled, no callback needed"))
    return t.get_state_display()


@register.filter
def event_to_label(e) -> str:
    """The state an event moved to; "handled" says so when no callback was needed (R-CP-3)."""
    if e.data.get("to") == State.HANDLED and e.data.get("callback_skip"):
        return str(_("Handled, no callback needed"))
    return state_label(e.data.get("to"))


@register.filter
def callback_skip_label(code: str) -> str:
    return CallbackSkip(code).label if code in CallbackSkip.values else ""


@register.filter
def state_badge(code: str) -> str:
    return STATE_BADGES.get(code, "text-bg-secondary")


@register.filter
def priority_badge(code: str) -> str:
    return PRIORITY_BADGES.get(code, "text-bg-light")


@register.filter
def outcome_label(code: str) -> str:
    from propdesk.tickets.models import CallbackAttempt

    return CallbackAttempt.Outcome(code).label if code in CallbackAttempt.Outcome.values else code


@register.simple_tag
def ticket_badges(t):
    """State, priority (unless normal), repeat and escalation badges of a ticket, for lists.

    A tag, not an include: it runs on every row of every ticket list, where an include costs
    a template render per row (~2 ms of a 25-row page).
    """
    badges = [(state_badge(t.state), ticket_state_label(t))]
    if t.priority != "normal":
        badges.append((priority_badge(t.priority), t.get_priority_display()))
    if t.is_repeat:
        badges.append(("text-bg-danger", _("Repeat")))
    if t.escalated_at and not t.escalation_cleared_at:
        badges.append(("text-bg-warning", _("Escalated")))
    return format_html_join("\n", '<span class="badge {}">{}</span>', badges)
