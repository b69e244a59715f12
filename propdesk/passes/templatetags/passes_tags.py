"""Template helpers of the passes pages: event and action codes shown as translated words."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

EVENT_LABELS = {
    "submitted": _("Application registered"),
    "resubmit": _("Sent back for review"),
    "approve": _("Approved"),
    "return": _("Returned"),
    "start": _("Works started"),
    "suspend": _("Works suspended"),
    "resume": _("Works resumed"),
    "extend": _("Extended"),
    "inspect": _("Inspection recorded"),
    "request_acceptance": _("Final acceptance requested"),
    "accept": _("Final acceptance passed"),
    "fail": _("Final acceptance failed"),
    "refund": _("Deposit settled"),
    "cancel": _("Cancelled"),
    "issued": _("Pass issued"),
    "revoke": _("Pass revoked"),
    "created": _("Slip opened"),
    "consent": _("Owner's consent recorded"),
    "consent_phone": _("Owner's consent by phone recorded"),
    "consent_confirm": _("Phone consent confirmed"),
    "owner_consent": _("Owner consented in the portal"),
    "owner_decline": _("Owner declined"),
    "release": _("Let out at the gate"),
    "refuse": _("Refused at the gate"),
    "corrected": _("Corrected"),
}
ACTION_LABELS = {
    "resubmit": _("Send back for review"),
    "approve": _("Approve"),
    "return": _("Return with reason"),
    "start": _("Works start"),
    "suspend": _("Suspend the works"),
    "resume": _("Resume the works"),
    "extend": _("Extend"),
    "request_acceptance": _("Works finished: request acceptance"),
    "accept": _("Acceptance passed"),
    "fail": _("Acceptance failed: rework"),
    "refund": _("Settle the deposit"),
    "cancel": _("Cancel"),
    "return_pass": _("Take the pass back"),
    "revoke": _("Revoke"),
}
VERDICT_LABELS = {
    "valid": _("Valid"),
    "forged": _("Forged or unknown code"),
    "wrong_site": _("Not valid here"),
    "expired": _("Expired"),
    "not_yet_valid": _("Not yet valid"),
    "revoked": _("Revoked"),
    "returned": _("Returned"),
    "renovation_inactive": _("Renovation not active"),
    "already_used": _("Already used"),
    "already_refused": _("Already refused"),
    "cancelled": _("Void"),
    "not_approved": _("Not approved"),
    "not_today": _("Not today"),
}
# Actions whose note is required (a reason), to mark the field as required on the page.
NEEDS_REASON = {"return", "suspend", "fail", "cancel"}


@register.filter
def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))


@register.filter
def action_label(code: str) -> str:
    return str(ACTION_LABELS.get(code, code))


@register.filter
def needs_reason(code: str) -> bool:
    return code in NEEDS_REASON


@register.filter
def verdict_label(code: str) -> str:
    return str(VERDICT_LABELS.get(code, code))
