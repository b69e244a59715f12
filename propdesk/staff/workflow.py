"""The state machines of the staff app; every approval names someone above the person (A7)."""

from django.utils.translation import gettext_lazy as _

from propdesk.core.statemachine import StateMachine, Transition

MANAGERS = {"cs_manager", "centre_manager", "gm"}
DECIDERS = {"supervisor", "cs_manager", "centre_manager", "gm"}

MONTH_FLOW = StateMachine(
    {
        "review": Transition(sources={"draft"}, target="reviewed", roles=MANAGERS),
        "reopen": Transition(sources={"reviewed"}, target="draft", roles=MANAGERS),
        "confirm": Transition(sources={"reviewed"}, target="confirmed", roles=MANAGERS),
    }
)
STAFF_LEAVE_FLOW = StateMachine(
    {
        "approve": Transition(sources={"pending"}, target="approved", roles=DECIDERS),
        "reject": Transition(sources={"pending"}, target="rejected", roles=DECIDERS),
    }
)
PUNCH_CORRECTION_FLOW = StateMachine(
    {
        "approve": Transition(sources={"pending"}, target="approved", roles=DECIDERS),
        "reject": Transition(sources={"pending"}, target="rejected", roles=DECIDERS),
    }
)
STAFF_COMPLAINT_FLOW = StateMachine(
    {
        "confirm": Transition(sources={"open"}, target="confirmed", roles=MANAGERS),
        "withdraw": Transition(sources={"open"}, target="withdrawn", roles=MANAGERS),
    }
)
LEDGER_FLOW = StateMachine(
    {"grant": Transition(sources={"suggested"}, target="granted", roles=DECIDERS)}
)

EVENT_LABELS = {
    "review": _("Month reviewed"),
    "reopen": _("Month sent back to draft"),
    "confirm": _("Confirmed"),
    "approve": _("Approved"),
    "reject": _("Rejected"),
    "withdraw": _("Withdrawn"),
    "grant": _("Granted"),
    "clocked": _("Clocked"),
    "filed": _("Filed"),
    "statement": _("Stated their side"),
}
