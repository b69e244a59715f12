"""The people who act next are told (R-CP-3, R-FS-8): the desk when the department reports a ticket
handled, the department head when an unsatisfied callback reopens the job."""

from django.urls import reverse

from propdesk.notify.models import Notification
from propdesk.tickets.models import Category
from tests.tickets.test_api import Api


def _handled(client, t, agent_a, dept_head_a, worker_a):
    Api(client, agent_a).act(t.pk, "dispatch")
    Api(client, dept_head_a).act(t.pk, "accept", assignee=worker_a.pk)
    return Api(client, worker_a).act(t.pk, "handle", result="已疏通下水管")


def test_r_cp_3_desk_agent_is_told_when_the_department_reports_handled(
    client, client_for, open_ticket, agent_a, dept_head_a, worker_a
):
    """R-CP-3: the agent who registered the ticket gets it on the bell, to call back."""
    t = open_ticket(kind="complaint", content="下水道堵了没人管")
    _handled(client, t, agent_a, dept_head_a, worker_a)
    note = Notification.objects.get(recipient=agent_a, code="ticket.handled")
    assert t.number in note.title and "回访" in note.title
    assert note.url == f"/tickets/{t.pk}/" and note.body == "已疏通下水管"
    assert not Notification.objects.filter(recipient=worker_a, code="ticket.handled").exists()
    bell = client_for(agent_a).get(reverse("notify:list")).content.decode()
    assert t.number in bell


def test_r_cp_3_desk_is_told_when_no_callback_is_needed(
    client, open_ticket, agent_a, dept_head_a, worker_a
):
    Category.objects.filter(kind="repair", code="plumbing").update(sample_percent=0)
    t = open_ticket(kind="repair")
    _handled(client, t, agent_a, dept_head_a, worker_a)
    note = Notification.objects.get(recipient=agent_a, code="ticket.handled")
    assert "无需回访" in note.title and "未抽中回访样本" in note.title


def test_r_fs_8_department_head_is_told_when_an_unsatisfied_callback_reopens(
    client, open_ticket, agent_a, dept_head_a, worker_a
):
    """R-FS-8, R-CP-3: the reopened job is back with the head, with what the resident said."""
    t = open_ticket(kind="complaint", content="下水道堵了没人管")
    _handled(client, t, agent_a, dept_head_a, worker_a)
    data = Api(client, agent_a).act(
        t.pk, "callback", outcome="reached", satisfied=False, score=2, comment="还是堵"
    )
    assert data["state"] == "dispatched"
    note = Notification.objects.get(recipient=dept_head_a, code="ticket.reopened")
    assert t.number in note.title and note.body == "还是堵"
