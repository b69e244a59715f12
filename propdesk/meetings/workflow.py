"""Transition tables of meetings and their action items, enforced only in services. R-MT-1.

planned → held (the meeting took place; attendance and minutes are recorded) → submitted (the
minute-taker hands the minutes in) → signed (the chair signs); submitted → held (the chair
returns them for correction); planned → cancelled. Action items: open → done | dropped.
Who may act is narrowed further in the services: the chair, the named minute-taker, the owner.
"""

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import ActionItem, Meeting

# The principal heads who take part in a site's meeting.
MEMBERS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER, Role.DEPT_HEAD, Role.CENTRE_MANAGER})
READERS = MEMBERS | {Role.GM, Role.ARCHIVIST, Role.AUDITOR}
# Who sets up a series (DESIGN: the property-centre manager runs the weekly meeting).
ORGANISERS = frozenset({Role.CENTRE_MANAGER, Role.CS_MANAGER, Role.GM})

M = Meeting.State
MEETING_FLOW = StateMachine(
    {
        "hold": Transition({M.PLANNED}, M.HELD, MEMBERS | ORGANISERS),
        "reschedule": Transition({M.PLANNED}, None, ORGANISERS | MEMBERS),
        "attendance": Transition({M.PLANNED, M.HELD}, None, MEMBERS | ORGANISERS),
        "agenda": Transition({M.PLANNED, M.HELD}, None, MEMBERS | ORGANISERS),
        "minutes": Transition({M.HELD}, None, MEMBERS | ORGANISERS),
        "decide": Transition({M.HELD}, None, MEMBERS | ORGANISERS),
        "add_action": Transition({M.HELD}, None, MEMBERS | ORGANISERS),
        "submit": Transition({M.HELD}, M.SUBMITTED, MEMBERS | ORGANISERS),
        "return": Transition({M.SUBMITTED}, M.HELD, MEMBERS | ORGANISERS),
        "sign": Transition({M.SUBMITTED}, M.SIGNED, MEMBERS | ORGANISERS),
        "cancel": Transition({M.PLANNED}, M.CANCELLED, MEMBERS | ORGANISERS),
    }
)
# Actions only the chair takes, and those only the named minute-taker takes.
CHAIR_ACTIONS = frozenset({"reschedule", "return", "sign", "cancel"})
TAKER_ACTIONS = frozenset({"minutes", "decide", "add_action", "submit"})

A = ActionItem.State
ACTION_FLOW = StateMachine(
    {
        "close": Transition({A.OPEN}, A.DONE, MEMBERS | ORGANISERS),
        "drop": Transition({A.OPEN}, A.DROPPED, MEMBERS | ORGANISERS),
    }
)
