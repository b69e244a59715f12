"""Property test of the ticket workflow (SECURITY.md C4): random actions by random roles.

After every step: a successful action moved the ticket along the transition table and left
exactly one event; a refused one changed nothing; a closed valid complaint has a callback result
(or the configured failed attempts on different days), a cause, what the resident wants and the
responsibility (R-CP-3, R-CP-7).
"""

from collections import deque
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from propdesk.core.exceptions import DomainError
from propdesk.core.models import Event
from propdesk.tickets import services
from propdesk.tickets.models import CallbackAttempt, Kind, State, Ticket
from propdesk.tickets.services.callback import failed_attempt_days, max_failed_attempts
from propdesk.tickets.workflow import HEADS, LEADS, TICKET_FLOW, WORKERS
from tests.factories import make_user

ROLES = ["agent", "lead", "head", "wrong_head", "worker", "worker2", "auditor"]
ACTIONS = [
    "dispatch", "send_back", "accept", "start", "pause", "resume", "transfer", "agree_price",
    "handle", "callback", "close", "answer", "invalidate", "cancel", "merge", "escalate",
    "clear_escalation", "urge",
]  # fmt: skip
CALLBACKS = [
    {"outcome": "reached", "satisfied": True, "score": 5},
    {"outcome": "reached", "satisfied": False, "score": 2, "comment": "还在漏"},
    {"outcome": "no_answer"},
]
FLOW = {"callback": "callback_attempt"}
FORWARD = {
    State.REGISTERED: "dispatch",
    State.DISPATCHED: "accept",
    State.ACCEPTED: "start",
    State.IN_PROGRESS: "handle",
    State.PAUSED: "resume",
    State.HANDLED: "callback",
    State.CALLBACK_DONE: "close",
}
CATEGORY = {"repair": "plumbing", "complaint": "repair", "inquiry": "general"}


def _reachable() -> set[str]:
    """States reachable from "registered" by the transition table (callback may reopen)."""
    seen, todo = {State.REGISTERED}, deque([State.REGISTERED])
    moves = [(t.sources, t.target) for t in TICKET_FLOW.transitions.values() if t.target]
    while todo:
        state = todo.popleft()
        for sources, target in moves:
            if state in sources and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


REACHABLE = _reachable()


class TicketWorkflow(RuleBasedStateMachine):
    people: dict = {}
    site = unit = resident = None

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()  # each example runs in a savepoint rolled back after
        self._atomic.__enter__()
        self._clock = time_machine.travel(timezone.now(), tick=True)
        self._time = self._clock.start()
        self.tickets: list[int] = []
        self.events: dict[int, int] = {}
        self.ct = ContentType.objects.get_for_model(Ticket)

    def teardown(self):
        self._clock.stop()
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # --- rules ---------------------------------------------------------------------------

    @initialize(kind=st.sampled_from(list(CATEGORY)), paid=st.booleans())
    def first_ticket(self, kind, paid):
        self.open_ticket(kind, paid)

    @precondition(lambda self: len(self.tickets) < 2)
    @rule(kind=st.sampled_from(list(CATEGORY)), paid=st.booleans())
    def open_ticket(self, kind, paid):
        from propdesk.tickets.models import Category

        contact = services.contact_register(
            actor=self.people["agent"], site=self.site, channel="phone", kind=kind,
            content="厨房漏水", resident=self.resident, unit=self.unit,
        )  # fmt: skip
        category = Category.objects.get(kind=kind, code=CATEGORY[kind])
        extra = {"is_paid": paid} if kind == Kind.REPAIR else {}
        t = services.ticket_open(
            actor=self.people["agent"], contact=contact, kind=kind, category=category,
            title="漏水", **extra,
        )  # fmt: skip
        self.tickets.append(t.pk)
        self.events[t.pk] = self._event_count(t.pk)

    @rule()
    def a_day_passes(self):
        self._time.shift(timedelta(days=1))

    @precondition(lambda self: self.tickets)
    @rule(
        pick=st.integers(0, 1),
        action=st.sampled_from(ACTIONS),
        who=st.sampled_from(ROLES),
        sensible=st.integers(0, 40),
        variant=st.integers(0, 2),
    )
    def act(self, pick, action, who, sensible, variant):
        """A quarter of the time as drawn; otherwise the next step forward or any action the table
        allows now, by the role that may take it (so deep states are reached)."""
        pk = self.tickets[pick % len(self.tickets)]
        ticket = self._load(pk)
        if sensible % 4 in (1, 2):
            action = FORWARD.get(ticket.state, action)
            who = self._role_for(ticket, action)
        elif sensible % 4 == 3:
            action, who = self._sensible(ticket, sensible // 4)
        before = (ticket.state, ticket.version, self._event_count(pk))
        kwargs = self._kwargs(action, ticket, variant, pick)
        try:
            self._service(action)(actor=self.people[who], ticket=ticket, **kwargs)
        except DomainError as exc:
            event(f"refused: {exc.code}")
            after = self._load(pk)
            assert (after.state, after.version, self._event_count(pk)) == before, action
            return
        event(f"done: {action}")
        self._check_success(pk, action, who, before, kwargs)

    def _sensible(self, ticket: Ticket, choice: int) -> tuple[str, str]:
        state = State.HANDLED if ticket.state == State.HANDLED else ticket.state
        names = [a for a in ACTIONS if state in TICKET_FLOW.transitions[FLOW.get(a, a)].sources]
        if not names:
            return "dispatch", "agent"
        action = names[choice % len(names)]
        return action, self._role_for(ticket, action)

    def _role_for(self, ticket: Ticket, action: str) -> str:
        roles = TICKET_FLOW.transitions[FLOW.get(action, action)].roles
        if roles == LEADS:
            return "lead"
        if roles == HEADS:
            return "head"
        if roles == WORKERS:
            return "worker2" if ticket.assignee_id == self.people["worker2"].pk else "worker"
        return "agent"

    # --- checks --------------------------------------------------------------------------

    def _check_success(self, pk, action, who, before, kwargs):
        after = self._load(pk)
        assert who not in ("auditor", "wrong_head"), (who, action)
        assert after.version == before[1] + 1
        assert self._event_count(pk) == before[2] + 1, action
        assert after.state == self._expected(action, before[0], kwargs), (action, before[0])
        self.events[pk] = before[2] + 1
        if action == "merge":
            self.events[kwargs["into"].pk] += 1  # the target's timeline notes the merge

    @staticmethod
    def _expected(action, state, kwargs) -> str:
        if action == "callback":
            outcome = (kwargs["outcome"], kwargs.get("satisfied"))
            return {
                ("reached", True): State.CALLBACK_DONE,
                ("reached", False): State.DISPATCHED,
            }.get(outcome, state)
        t = TICKET_FLOW.transitions[action]
        assert state in t.sources
        return t.target or state

    @invariant()
    def timeline_and_states_are_consistent(self):
        for pk in self.tickets:
            t = self._load(pk)
            assert t.state in REACHABLE
            assert self._event_count(pk) == self.events[pk]
            if t.kind == Kind.COMPLAINT and t.state == State.CLOSED:
                self._check_closed_complaint(t)

    @staticmethod
    def _check_closed_complaint(t: Ticket):
        """R-CP-3, R-CP-7: a valid complaint closes only after a callback, with its cause and the
        resident's desired outcome."""
        if t.validity == Ticket.Validity.INVALID:
            return
        reached = t.callbacks.filter(outcome=CallbackAttempt.Outcome.REACHED, satisfied=True)
        assert reached.exists() or failed_attempt_days(t) >= max_failed_attempts()
        assert t.cause and t.desired_outcome and t.responsibility in Ticket.Responsibility.values

    # --- helpers -------------------------------------------------------------------------

    def _load(self, pk) -> Ticket:
        return Ticket.objects.select_related("department", "category").get(pk=pk)

    def _event_count(self, pk) -> int:
        return Event.objects.filter(content_type=self.ct, object_id=pk).count()

    @staticmethod
    def _service(action):
        return getattr(services, f"ticket_{action}")

    def _kwargs(self, action, ticket, variant, pick) -> dict:
        p = self.people
        other = p["worker2"] if ticket.assignee_id == p["worker"].pk else p["worker"]
        into = self.tickets[(pick + 1) % len(self.tickets)]
        return {
            "send_back": {"reason": "派错部门"},
            "accept": {"assignee": p["worker"]},
            "pause": {"reason": "等配件"},
            "transfer": {"assignee": other},
            "agree_price": {"price": Decimal("80"), "agreed_by": "业主张伟"},
            "handle": {"result": "已更换"},
            "callback": CALLBACKS[variant],
            "close": {"cause": "老化", "desired_outcome": "修好", "responsibility": "company"}
            if variant
            else {},
            "answer": {"answer": "已答复"},
            "invalidate": {"explanation": "不属于物业服务范围"},
            "cancel": {"reason": "业主撤回"},
            "merge": {"into": self._load(into)},
            "escalate": {"note": "业主情绪激动"},
        }.get(action, {})


@pytest.mark.django_db
def test_c4_random_actions_by_random_roles_keep_the_workflow_sound(
    site_a, unit_a, resident_a, eng_dept_a, agent_a, lead_a, dept_head_a, env_head_a, worker_a,
    auditor,
):  # fmt: skip
    """C4, R-CP-3, R-CP-7: the table is the only way states move; refusals change nothing."""
    TicketWorkflow.site, TicketWorkflow.unit, TicketWorkflow.resident = site_a, unit_a, resident_a
    TicketWorkflow.people = {
        "agent": agent_a,
        "lead": lead_a,
        "head": dept_head_a,
        "wrong_head": env_head_a,
        "worker": worker_a,
        "worker2": make_user("dept_staff", site_a, department=eng_dept_a),
        "auditor": auditor,
    }
    run_state_machine_as_test(
        TicketWorkflow,
        settings=settings(
            max_examples=50,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
