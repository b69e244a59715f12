"""A ticket's `actions` (API and page buttons) list exactly what the services accept now: state and
role, department membership, kind, and the checks made before acting (price agreed, callback due,
major sign-off, chasing too soon, escalation to clear)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from propdesk.core.exceptions import DomainError
from propdesk.tickets import services
from propdesk.tickets.actions import ticket_actions_for
from propdesk.tickets.models import Category, Ticket
from propdesk.tickets.views.actions import SERVICES
from propdesk.tickets.workflow import TICKET_FLOW
from tests.tickets.test_api import Api

CLOSE = {"cause": "老化", "desired_outcome": "修好", "responsibility": "company"}


def _kwargs(action, t, people, spare) -> dict:
    other = people["head"] if t.assignee_id != people["head"].pk else people["worker"]
    return {
        "dispatch": {"department": t.department or people["head"].staff.department},
        "send_back": {"reason": "派错部门"},
        "accept": {"assignee": people["worker"]},
        "pause": {"reason": "等配件"},
        "transfer": {"assignee": other},
        "agree_price": {"price": Decimal("80"), "agreed_by": "业主"},
        "handle": {"result": "已修好"},
        "callback": {"outcome": "no_answer"},
        "close": CLOSE if t.kind == "complaint" else {},
        "answer": {"answer": "已答复"},
        "invalidate": {"explanation": "不属于物业服务范围"},
        "cancel": {"reason": "业主撤回"},
        "merge": {"into": spare},
        "escalate": {"note": "业主情绪激动"},
        "flag_major": {"reason": "业主要找媒体"},
        "major_signoff": {"note": "同意结案"},
    }.get(action, {})


def _accepted(action, pk, user, people, spare) -> bool:
    """Would the service accept `action` now? Tried in a savepoint that is rolled back."""
    t = Ticket.objects.select_related("department", "category", "site", "created_by").get(pk=pk)
    try:
        with transaction.atomic():
            SERVICES[action](actor=user, ticket=t, **_kwargs(action, t, people, spare))
            transaction.set_rollback(True)
    except DomainError:
        return False
    return True


@pytest.fixture
def people(agent_a, lead_a, csm, dept_head_a, env_head_a, worker_a, pcm_a, auditor):
    return {
        "agent": agent_a, "lead": lead_a, "csm": csm, "head": dept_head_a,
        "wrong_head": env_head_a, "worker": worker_a, "pcm": pcm_a, "auditor": auditor,
    }  # fmt: skip


@pytest.fixture
def situations(open_ticket, handled_ticket, people):
    """Tickets in the situations where a check beyond state and role decides."""
    agent, head, worker = people["agent"], people["head"], people["worker"]
    paid = open_ticket(kind="repair", is_paid=True)
    services.ticket_dispatch(actor=agent, ticket=paid)
    services.ticket_accept(actor=head, ticket=paid, assignee=worker)  # price not yet agreed
    urged = open_ticket(kind="repair")
    services.ticket_urge(actor=agent, ticket=urged)
    escalated = open_ticket(kind="complaint", content="楼道灯坏了")
    services.ticket_escalate(actor=agent, ticket=escalated, note="业主情绪激动")
    Category.objects.filter(code="plumbing").update(sample_percent=0)
    waived = handled_ticket(kind="repair")
    Category.objects.filter(code="plumbing").update(sample_percent=100)
    major = handled_ticket(kind="complaint", content="维修工砸坏地板，业主要报警")
    services.ticket_callback(actor=agent, ticket=major, outcome="reached", satisfied=True, score=4)
    return {
        "inquiry": open_ticket(kind="inquiry", content="物业费怎么交"),
        "paid_accepted": paid,
        "urged": urged,
        "escalated": escalated,
        "callback_due": handled_ticket(kind="complaint", content="维修拖延"),
        "waived": waived,
        "major_called_back": major,
    }


def _table_allows(t, user) -> set[str]:
    """Actions the transition table allows (state and role); the others are refused first."""
    names = TICKET_FLOW.allowed_actions(state=t.state, user=user)
    return {
        "callback" if n in ("callback_attempt", "callback_done", "reopen") else n for n in names
    }


def test_actions_list_exactly_what_the_services_accept(situations, people, open_ticket):
    """Issue 11.12: for every situation and person, listed == accepted by the service."""
    spare = open_ticket(kind="repair", content="另一个漏水")
    for name, t in situations.items():
        t = Ticket.objects.select_related("department", "category").get(pk=t.pk)
        for who, user in people.items():
            listed = set(ticket_actions_for(user, t))
            tried = _table_allows(t, user)
            accepted = {a for a in tried if _accepted(a, t.pk, user, people, spare)}
            assert listed == accepted, (name, who, listed ^ accepted)


def test_handled_complaint_without_callback_does_not_list_close(client, handled_ticket, agent_a):
    """Issue 11.12: the reported case: `close` was listed and then answered 409."""
    t = handled_ticket(kind="complaint")
    agent = Api(client, agent_a)
    assert "close" not in agent.get(f"tickets/{t.pk}").json()["actions"]
    assert "callback" in agent.get(f"tickets/{t.pk}").json()["actions"]
    agent.act(t.pk, "close", expect=409, **CLOSE)


def test_page_and_api_offer_the_same_actions(client, client_for, situations, people):
    for t in situations.values():
        for user in (people["agent"], people["head"], people["pcm"]):
            resp = Api(client, user).get(f"tickets/{t.pk}")
            page = client_for(user).get(reverse("tickets:detail", args=[t.pk]))
            if resp.status_code == 404:  # another department's ticket: hidden from both
                assert page.status_code == 404
                continue
            api = resp.json()["actions"]
            assert sorted(a["action"] for a in page.context["action_forms"]) == sorted(api)


def test_urge_is_offered_again_after_five_minutes(open_ticket, agent_a):
    import time_machine

    t = open_ticket()
    services.ticket_urge(actor=agent_a, ticket=t)
    assert "urge" not in ticket_actions_for(agent_a, t)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert "urge" in ticket_actions_for(agent_a, t)
