"""Transition tables of renovations, worker passes and goods releases (DOMAIN.md §4.3).

Enforced only in services through `core.statemachine.transition_apply`: a guarded
`UPDATE … WHERE state AND version` per move, one timeline event each.
"""

from propdesk.core.statemachine import StateMachine, Transition
from propdesk.people.roles import Role

from .models import GoodsRelease, Renovation, WorkerPass

DESK = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})
LEADS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})
# The gate: guards (秩序部 department staff) and the security department's head; the services
# also check that the person belongs to the security department.
GATE = frozenset({Role.DEPT_STAFF, Role.DEPT_HEAD})
OWNER = frozenset({Role.RESIDENT})

R = Renovation.State
R_ACTIVE = frozenset({R.APPROVED, R.IN_PROGRESS, R.SUSPENDED})
# Passes may be issued and used while the renovation is approved or running (not suspended).
R_PASSABLE = frozenset({R.APPROVED, R.IN_PROGRESS})

RENOVATION_FLOW = StateMachine(
    {
        "resubmit": Transition({R.RETURNED}, R.SUBMITTED, DESK),
        "approve": Transition({R.SUBMITTED}, R.APPROVED, LEADS),
        "return": Transition({R.SUBMITTED}, R.RETURNED, LEADS),
        "start": Transition({R.APPROVED}, R.IN_PROGRESS, DESK),
        "suspend": Transition({R.IN_PROGRESS}, R.SUSPENDED, LEADS),
        "resume": Transition({R.SUSPENDED}, R.IN_PROGRESS, LEADS),
        "extend": Transition(R_ACTIVE, None, DESK),
        "inspect": Transition(R_ACTIVE | {R.AWAITING_ACCEPTANCE}, None, DESK),
        "request_acceptance": Transition({R.IN_PROGRESS}, R.AWAITING_ACCEPTANCE, DESK),
        "accept": Transition({R.AWAITING_ACCEPTANCE}, R.ACCEPTED, DESK),
        "fail": Transition({R.AWAITING_ACCEPTANCE}, R.IN_PROGRESS, DESK),
        "refund": Transition({R.ACCEPTED}, R.CLOSED, LEADS),
        "cancel": Transition({R.SUBMITTED, R.RETURNED, R.APPROVED}, R.CANCELLED, DESK),
    }
)

P = WorkerPass.State
PASS_FLOW = StateMachine(
    {
        "extend": Transition({P.ACTIVE}, None, DESK),
        "return": Transition({P.ACTIVE}, P.RETURNED, DESK),
        "revoke": Transition({P.ACTIVE}, P.REVOKED, LEADS),
    }
)

G = GoodsRelease.State
G_OPEN = frozenset({G.AWAITING_CONSENT, G.CONSENT_CHECK, G.CONSENTED, G.APPROVED})
RELEASE_FLOW = StateMachine(
    {
        "consent": Transition({G.AWAITING_CONSENT}, G.CONSENTED, DESK),
        "consent_phone": Transition({G.AWAITING_CONSENT}, G.CONSENT_CHECK, DESK),
        "consent_confirm": Transition({G.CONSENT_CHECK}, G.CONSENTED, LEADS),
        "owner_consent": Transition({G.AWAITING_CONSENT, G.CONSENT_CHECK}, G.CONSENTED, OWNER),
        "owner_decline": Transition(G_OPEN, G.DECLINED, OWNER),
        "approve": Transition({G.CONSENTED}, G.APPROVED, DESK),
        "release": Transition({G.APPROVED}, G.RELEASED, GATE),
        "refuse": Transition({G.APPROVED}, G.GATE_REFUSED, GATE),
        "cancel": Transition(G_OPEN, G.CANCELLED, DESK),
    }
)
