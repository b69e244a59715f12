"""Transition tables of promises and incidents, enforced only in services."""

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import Incident, Promise

DESK = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
LEADS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})
READERS = DESK | {Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR}
# Who is told at once of a lobby incident (R-FS-6): the site's CS supervisors and managers.
INCIDENT_RECIPIENTS = LEADS

P = Promise.State
PROMISE_FLOW = StateMachine(
    {
        "keep": Transition({P.OPEN}, P.KEPT, DESK),
        "reassign": Transition({P.OPEN}, None, DESK),
        "cancel": Transition({P.OPEN}, P.CANCELLED, LEADS),
    }
)

I = Incident.State  # noqa: E741
INCIDENT_FLOW = StateMachine(
    {
        "take": Transition({I.OPEN}, I.HANDLING, LEADS),
        "note": Transition({I.OPEN, I.HANDLING}, None, DESK | {Role.CENTRE_MANAGER}),
        "close": Transition({I.HANDLING}, I.CLOSED, LEADS),
    }
)
INCIDENT_ACTIONS = ("take", "note", "close")
