"""Who moves quality records, and how (SECURITY.md §c): transition tables and event words."""

from django.utils.translation import gettext_lazy as _

from propdesk.core.statemachine import StateMachine, Transition

AUTHORS = {"cs_manager"}
APPROVERS = {"gm"}  # R-CP-6: only the GM approves the report (A7: never the author)
READERS = {"cs_manager", "centre_manager", "gm", "auditor", "supervisor"}
CAPA_OWNERS = {"dept_head"}
CAPA_VERIFIERS = {"cs_manager"}
DASHBOARD_ROLES = {"cs_manager", "centre_manager", "gm", "auditor", "supervisor"}

ANALYSIS_REPORT_FLOW = StateMachine(
    {
        "edit": Transition(sources={"draft", "returned"}, target=None, roles=AUTHORS),
        "refresh": Transition(sources={"draft", "returned"}, target=None, roles=AUTHORS),
        "submit": Transition(sources={"draft", "returned"}, target="submitted", roles=AUTHORS),
        "approve": Transition(sources={"submitted"}, target="approved", roles=APPROVERS),
        "return": Transition(sources={"submitted"}, target="returned", roles=APPROVERS),
    }
)

CAPA_FLOW = StateMachine(
    {
        # The owner (the department's head, whatever their role) is checked in the service.
        "done": Transition(sources={"open"}, target="done"),
        "verify": Transition(sources={"done"}, target="closed", roles=CAPA_VERIFIERS),
        "reject": Transition(sources={"done"}, target="open", roles=CAPA_VERIFIERS),
    }
)

EVENT_LABELS = {
    "drafted": _("Report drafted from the figures"),
    "edit": _("Report text changed"),
    "refresh": _("Figures taken again"),
    "submit": _("Submitted to the GM"),
    "approve": _("Approved"),
    "return": _("Returned for changes"),
    "capa_created": _("Action recorded"),
    "done": _("Action done"),
    "verify": _("Verified effective"),
    "reject": _("Not effective; new due date"),
}
