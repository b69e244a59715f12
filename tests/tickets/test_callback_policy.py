"""R-CP-3: whether a callback is due is decided when the department reports the result, said on the
ticket from then on, kept out of the callback queue when the policy waives it, enforced when due."""

import pytest
from django.urls import reverse

from propdesk.tickets import selectors, services
from propdesk.tickets.models import Category, Ticket
from tests.factories import DepartmentFactory
from tests.tickets.test_api import Api


def _sample(percent: int) -> None:
    Category.objects.filter(kind="repair", code="plumbing").update(sample_percent=percent)


@pytest.fixture
def paid_repair_handled(client, open_ticket, agent_a, dept_head_a, worker_a):
    """paid_repair_handled() -> a paid plumbing repair handled through the API."""

    def make():
        t = open_ticket(kind="repair", is_paid=True)
        Api(client, agent_a).act(t.pk, "dispatch")
        Api(client, dept_head_a).act(t.pk, "accept", assignee=worker_a.pk)
        worker = Api(client, worker_a)
        worker.act(t.pk, "agree_price", price="80.00", agreed_by="业主张伟")
        worker.act(t.pk, "start")
        return worker.act(t.pk, "handle", result="已更换水龙头")

    return make


def test_r_cp_3_waived_callback_is_said_from_handling_and_kept_out_of_the_callback_queue(
    paid_repair_handled, agent_a, client_for
):
    """R-CP-3: not drawn in the sample → the handle event, the page and the API say no callback
    is needed; the ticket is on the desk's "to close" list, not in the callback queue."""
    _sample(0)
    data = paid_repair_handled()
    assert data["state"] == "handled" and data["callback_required"] is False
    assert data["callback_skip"] == "not_sampled"
    handle = next(e for e in data["events"] if e["code"] == "handle")
    assert handle["data"]["callback_skip"] == "not_sampled"
    t = Ticket.objects.get(pk=data["id"])
    assert t not in selectors.callback_queue(agent_a)
    assert t in selectors.no_callback_queue(agent_a)
    c = client_for(agent_a)
    page = c.get(reverse("tickets:detail", args=[t.pk])).content.decode()
    assert "未抽中回访样本" in page.split('id="callback-policy"')[1][:200]
    assert "已处理，无需回访" in page and "已处理，待回访" not in page
    assert t.number not in c.get(reverse("tickets:callbacks")).content.decode()
    assert t.number in c.get(reverse("tickets:callbacks") + "?list=no_callback").content.decode()


def test_r_cp_3_waived_callback_closes_and_the_close_says_why(paid_repair_handled, client, agent_a):
    _sample(0)
    data = paid_repair_handled()
    closed = Api(client, agent_a).act(data["id"], "close")
    event = next(e for e in closed["events"] if e["code"] == "close")
    assert event["data"]["without_callback"] is True
    assert event["data"]["callback_skip"] == "not_sampled"


def test_r_cp_3_due_callback_is_enforced_after_one_failed_attempt(
    paid_repair_handled, client, agent_a
):
    """R-CP-3: drawn in the sample → one "no answer" does not allow closing: `close` is not
    offered, and asking anyway answers 409."""
    _sample(100)
    data = paid_repair_handled()
    assert data["callback_required"] is True and data["callback_skip"] == ""
    agent = Api(client, agent_a)
    after = agent.act(data["id"], "callback", outcome="no_answer")
    assert after["state"] == "handled" and "close" not in after["actions"]
    assert agent.act(data["id"], "close", expect=409)["code"] == "callback_required"
    assert Ticket.objects.get(pk=data["id"]) in selectors.callback_queue(agent_a)


def test_r_cp_3_help_rated_by_the_resident_needs_no_callback(open_ticket, agent_a, csm, site_a):
    """R-CP-3: "skip when rated": a rating already given waives the callback, with that reason."""
    DepartmentFactory(site=site_a, kind="security", name="秩序部", head=csm)
    t = open_ticket(kind="help", category_code="lockout", content="忘带钥匙")
    Ticket.objects.filter(pk=t.pk).update(resident_rating=5)
    t.refresh_from_db()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    services.ticket_accept(actor=csm, ticket=t, assignee=csm)
    services.ticket_handle(actor=csm, ticket=t, result="已联系开锁")
    assert (t.callback_required, t.callback_skip) == (False, "rated")
