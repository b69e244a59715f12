"""Queues, countersign, contact register and tasks: access, happy paths and refusals."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from propdesk.core.signatures import signature_pending_for_user
from propdesk.tickets import services
from propdesk.tickets.models import Task

PAGES = [
    "tickets:queue",
    "tickets:callbacks",
    "tickets:escalations",
    "tickets:countersign",
    "tickets:contacts",
    "tickets:contacts-export",
    "tickets:tasks",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    resp = client.get(reverse(name))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


@pytest.mark.parametrize("name", [p for p in PAGES if p != "tickets:tasks"])
def test_wrong_method_is_405(client_for, csm, name):
    assert client_for(csm).post(reverse(name)).status_code == 405


def test_r_cp_2_dispatch_reaches_the_head_queue_and_he_accepts(
    client_for, agent_a, dept_head_a, worker_a, open_ticket
):
    """R-CP-2: the handling form is in the head's queue; he accepts with a worker of his department."""
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    c = client_for(dept_head_a)
    html = c.get(reverse("tickets:queue")).content.decode()
    assert t.number in html and f'value="{worker_a.pk}"' in html
    data = {"accept-assignee": worker_a.pk, "accept-version": t.version, "next": "/tickets/queue/"}
    resp = c.post(reverse("tickets:action", args=[t.pk, "accept"]), data)
    assert resp["Location"] == "/tickets/queue/"
    t.refresh_from_db()
    assert t.state == "accepted" and t.assignee == worker_a


def test_queue_refusal_returns_to_the_queue_and_changes_nothing(
    client_for, agent_a, dept_head_a, agent_b, open_ticket
):
    t = open_ticket()
    services.ticket_dispatch(actor=agent_a, ticket=t)
    data = {"accept-assignee": agent_a.pk, "accept-version": t.version, "next": "/tickets/queue/"}
    resp = client_for(dept_head_a).post(
        reverse("tickets:action", args=[t.pk, "accept"]), data, follow=True
    )
    assert "alert-danger" in resp.content.decode()
    t.refresh_from_db()
    assert t.state == "dispatched"


def test_agent_may_not_open_the_department_queue(client_for, agent_a):
    assert client_for(agent_a).get(reverse("tickets:queue")).status_code == 403


def test_r_cp_3_callback_queue_records_a_satisfied_callback(client_for, agent_a, handled_ticket):
    """R-CP-3, R-SS-3: handled tickets come back for the callback; satisfied → called back."""
    t = handled_ticket()
    c = client_for(agent_a)
    assert t.number in c.get(reverse("tickets:callbacks")).content.decode()
    data = {
        "callback-outcome": "reached",
        "callback-satisfied": "yes",
        "callback-score": "5",
        "callback-method": "phone",
        "callback-version": t.version,
        "next": "/tickets/callbacks/",
    }
    c.post(reverse("tickets:action", args=[t.pk, "callback"]), data)
    t.refresh_from_db()
    assert t.state == "callback_done" and t.callbacks.get().score == 5


def test_callback_queue_hides_other_site(client_for, agent_b, handled_ticket):
    t = handled_ticket()
    assert t.number not in client_for(agent_b).get(reverse("tickets:callbacks")).content.decode()


def test_r_fs_4_escalation_board_and_clear(client_for, agent_a, lead_a, open_ticket):
    """R-FS-4: an escalated ticket is on the shift lead's board until cleared."""
    t = open_ticket()
    services.ticket_escalate(actor=agent_a, ticket=t, note="住户情绪激动")
    c = client_for(lead_a)
    assert t.number in c.get(reverse("tickets:escalations")).content.decode()
    data = {"clear_escalation-version": t.version, "next": "/tickets/escalations/"}
    c.post(reverse("tickets:action", args=[t.pk, "clear_escalation"]), data)
    assert c.get(reverse("tickets:escalations")).context["rows"] == []
    assert client_for(agent_a).get(reverse("tickets:escalations")).status_code == 403


def test_r_fm_5_countersign_queue_lists_until_signed(client_for, agent_a, lead_a, open_ticket):
    """R-FM-5: the contact awaits the supervisor's countersign until signed."""
    contact = open_ticket().contacts.get()
    c = client_for(lead_a)
    assert contact.number in c.get(reverse("tickets:countersign")).content.decode()
    sig = signature_pending_for_user(lead_a).get()
    assert c.post(reverse("tickets:countersign-sign", args=[sig.pk])).status_code == 302
    assert not c.get(reverse("tickets:countersign")).context["page"].object_list


def test_r_fm_5_own_entry_is_not_offered_for_countersign(client_for, lead_a, site_a, resident_a):
    """R-FM-5: nobody countersigns their own entry, so it is not listed with a button (another
    supervisor signs it); posting anyway changes nothing."""
    services.contact_register(
        actor=lead_a,
        site=site_a,
        channel="phone",
        kind="inquiry",
        content="问询",
        resident=resident_a,
    )
    sig = signature_pending_for_user(lead_a).get()
    c = client_for(lead_a)
    assert not c.get(reverse("tickets:countersign")).context["page"].object_list
    assert c.post(reverse("tickets:countersign-sign", args=[sig.pk])).status_code == 404
    sig.refresh_from_db()
    assert sig.signer is None


def test_countersign_of_other_site_is_404(client_for, agent_a, open_ticket, site_b):
    from tests.factories import make_user

    open_ticket()
    sig = signature_pending_for_user(agent_a).get()
    lead_b = make_user("supervisor", site_b)
    assert (
        client_for(lead_b).post(reverse("tickets:countersign-sign", args=[sig.pk])).status_code
        == 404
    )


def test_contact_register_lists_filters_and_opens_contact(
    client_for, agent_a, agent_b, open_ticket
):
    contact = open_ticket().contacts.get()
    c = client_for(agent_a)
    assert (
        contact.number in c.get(reverse("tickets:contacts"), {"channel": "phone"}).content.decode()
    )
    assert (
        contact.number
        not in c.get(reverse("tickets:contacts"), {"channel": "visit"}).content.decode()
    )
    assert c.get(reverse("tickets:contact-detail", args=[contact.pk])).status_code == 200
    assert (
        client_for(agent_b).get(reverse("tickets:contact-detail", args=[contact.pk])).status_code
        == 404
    )
    resp = c.get(reverse("tickets:contacts-export"))
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")


def test_open_contact_is_answered_from_its_page(client_for, agent_a, site_a, resident_a):
    contact = services.contact_register(
        actor=agent_a,
        site=site_a,
        channel="online",
        kind="inquiry",
        content="停车费多少",
        resident=resident_a,
    )
    c = client_for(agent_a)
    url = reverse("tickets:contact-action", args=[contact.pk, "answer"])
    assert c.post(url, {"answer": ""}, follow=True).status_code == 200
    contact.refresh_from_db()
    assert contact.disposition == "open"
    c.post(url, {"answer": "每月300元"})
    contact.refresh_from_db()
    assert contact.disposition == "answered"


def test_r_fd_5_leader_assigns_agent_completes_overdue_listed(client_for, lead_a, agent_a, site_a):
    """R-FD-5: a leader's task to an agent, completed with a note; overdue ones are listed."""
    due = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"site": site_a.pk, "assigned_to": agent_a.pk, "title": "整理报刊", "due_at": due}
    assert client_for(lead_a).post(reverse("tickets:tasks"), data).status_code == 302
    task = Task.objects.get()
    c = client_for(agent_a)
    assert "整理报刊" in c.get(reverse("tickets:tasks"), {"overdue": "1"}).content.decode()
    assert c.post(reverse("tickets:tasks"), data).status_code == 400  # agents do not assign
    c.post(reverse("tickets:task-complete", args=[task.pk]), {"note": "已完成"})
    task.refresh_from_db()
    assert task.state == "done"


def test_task_of_someone_else_cannot_be_completed(client_for, lead_a, agent_a, site_a, agent_b):
    task = services.task_assign(
        actor=lead_a, site=site_a, assigned_to=agent_a, title="巡查", due_at=timezone.now()
    )
    assert (
        client_for(agent_b)
        .post(reverse("tickets:task-complete", args=[task.pk]), {"note": "x"})
        .status_code
        == 404
    )
    resp = client_for(lead_a).post(
        reverse("tickets:task-complete", args=[task.pk]), {"note": "x"}, follow=True
    )
    assert "alert-danger" in resp.content.decode()
    task.refresh_from_db()
    assert task.state == "open"


def test_r_ss_1_department_queue_is_sorted_by_due_time_and_marks_overdue(
    client_for, agent_a, dept_head_a, open_ticket
):
    """R-SS-1: the nearest deadline first, whatever the dispatch order; late and soon-due marked."""
    from propdesk.tickets.models import SlaClock

    tickets = [open_ticket(content=f"漏水{i}") for i in range(3)]
    for t in tickets:
        services.ticket_dispatch(actor=agent_a, ticket=t)
    now = timezone.now()
    due = {
        0: (now + timedelta(hours=5), now + timedelta(hours=4)),  # plenty of time
        1: (now - timedelta(minutes=30), now - timedelta(hours=1)),  # late
        2: (now + timedelta(minutes=20), now - timedelta(minutes=5)),
    }  # past its warning
    for i, (due_at, warn_at) in due.items():
        SlaClock.objects.filter(ticket=tickets[i], state="running").update(
            due_at=due_at, warn_at=warn_at
        )
    resp = client_for(dept_head_a).get(reverse("tickets:queue"))
    order = [row["ticket"].pk for row in resp.context["rows"]]
    assert order == [tickets[1].pk, tickets[2].pk, tickets[0].pk]
    html = resp.content.decode()
    assert html.count("badge text-bg-danger due-mark") == 1
    assert html.count("badge text-bg-warning due-mark") == 1
