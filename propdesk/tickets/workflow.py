"""The ticket transition table (DOMAIN.md §4.3), enforced only in services.

registered → dispatched → accepted → in_progress (⇄ paused) → handled → callback_done → closed
Side paths: dispatched → registered (sent back by the department), handled → dispatched
(unsatisfied callback reopens), registered → closed (answered on the spot / invalid complaint),
cancelled and merged by a supervisor.
"""

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import State

DESK = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
LEADS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})
# A department is headed by a department head; the CS department by the CS manager and the
# management office by the property-centre manager: whoever is `Department.head` acts for it.
HEADS = frozenset({Role.DEPT_HEAD, Role.CS_MANAGER, Role.CENTRE_MANAGER})
WORKERS = HEADS | {Role.DEPT_STAFF}
WORKING = frozenset({State.ACCEPTED, State.IN_PROGRESS, State.PAUSED})
ACTIVE = frozenset({State.REGISTERED, State.DISPATCHED}) | WORKING
OPEN = ACTIVE | {State.HANDLED, State.CALLBACK_DONE}
MAJOR_FLAGGERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER})
SIGNOFF = frozenset({Role.CENTRE_MANAGER})
# The resident, on their own requests only (tickets/services/resident.py checks the ownership).
RESIDENT = frozenset({Role.RESIDENT})
RATEABLE = frozenset({State.HANDLED, State.CALLBACK_DONE, State.CLOSED})

TICKET_FLOW = StateMachine(
    {
        "dispatch": Transition({State.REGISTERED}, State.DISPATCHED, DESK),
        "send_back": Transition({State.DISPATCHED}, State.REGISTERED, HEADS),
        "accept": Transition({State.DISPATCHED}, State.ACCEPTED, HEADS),
        "start": Transition({State.ACCEPTED}, State.IN_PROGRESS, WORKERS),
        "pause": Transition({State.IN_PROGRESS}, State.PAUSED, WORKERS),
        "resume": Transition({State.PAUSED}, State.IN_PROGRESS, WORKERS),
        "transfer": Transition(WORKING, None, WORKERS),
        "agree_price": Transition({State.ACCEPTED, State.IN_PROGRESS}, None, WORKERS | DESK),
        "handle": Transition({State.ACCEPTED, State.IN_PROGRESS}, State.HANDLED, WORKERS),
        "callback_attempt": Transition({State.HANDLED}, None, DESK),
        "callback_done": Transition({State.HANDLED}, State.CALLBACK_DONE, DESK),
        "reopen": Transition({State.HANDLED}, State.DISPATCHED, DESK),
        "close": Transition({State.HANDLED, State.CALLBACK_DONE}, State.CLOSED, DESK),
        "answer": Transition({State.REGISTERED}, State.CLOSED, DESK),
        "invalidate": Transition({State.REGISTERED}, State.CLOSED, DESK),
        "cancel": Transition(ACTIVE, State.CANCELLED, LEADS),
        "merge": Transition({State.REGISTERED, State.DISPATCHED}, State.MERGED, LEADS),
        "escalate": Transition(OPEN, None, DESK),
        "clear_escalation": Transition(OPEN, None, LEADS),
        "urge": Transition(OPEN, None, DESK | RESIDENT),
        # The resident portal (R-SS-2, R-SS-3): more information, withdrawing before dispatch,
        # rating the work once handled.
        "resident_note": Transition(OPEN, None, RESIDENT),
        "withdraw": Transition({State.REGISTERED}, State.CANCELLED, RESIDENT),
        "rate": Transition(RATEABLE, None, RESIDENT),
        # R-CP-4: a manager flags a complaint major by hand; the centre manager signs off its result.
        "flag_major": Transition(OPEN, None, MAJOR_FLAGGERS),
        "major_signoff": Transition({State.HANDLED, State.CALLBACK_DONE}, None, SIGNOFF),
    }
)

# Actions a department person may only take on tickets of their own department / assigned to them.
DEPARTMENT_ACTIONS = frozenset(
    {"send_back", "accept", "start", "pause", "resume", "transfer", "handle"}
)
# Actions the desk may take on any ticket of its sites, and a department person only on their own.
DESK_OR_DEPARTMENT_ACTIONS = frozenset({"agree_price"})
