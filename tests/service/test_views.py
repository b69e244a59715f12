"""Per view: anonymous → login, wrong method → 405, other site → 404, roles, happy paths, query counts."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.service import services as svc
from propdesk.service.models import Incident, Promise

PAGES = [
    "service:promise-list",
    "service:promise-new",
    "service:promise-report",
    "service:incident-list",
    "service:incident-new",
]
BOARDS = {
    "service:board-lead": "lead_a",
    "service:board-manager": "csm",
    "service:board-centre": "pcm_a",
}


@pytest.mark.parametrize("name", PAGES + list(BOARDS))
def test_anonymous_is_sent_to_login(client, db, name):
    resp = client.get(reverse(name))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_agent_without_inline_script_or_style(client_for, agent_a, name):
    html = client_for(agent_a).get(reverse(name)).content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html


@pytest.mark.parametrize("name,persona", BOARDS.items())
def test_boards_render_for_their_role_and_refuse_agents(client, request, agent_a, name, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    resp = client.get(reverse(name))
    assert resp.status_code == 200 and " style=" not in resp.content.decode()
    assert client.get(reverse(name), HTTP_HX_REQUEST="true").status_code == 200
    client.force_login(agent_a)
    assert client.get(reverse(name)).status_code == 403


def test_wrong_methods_answer_405(client_for, agent_a, make_promise):
    c, p = client_for(agent_a), make_promise()
    assert c.post(reverse("service:promise-list")).status_code == 405
    assert c.get(reverse("service:promise-action", args=[p.pk, "keep"])).status_code == 405
    assert c.post(reverse("service:board-lead")).status_code == 405


def test_other_site_answers_404(client_for, agent_b, make_promise, incident_a):
    c, p = client_for(agent_b), make_promise()
    assert c.get(reverse("service:promise-detail", args=[p.pk])).status_code == 404
    assert c.get(reverse("service:incident-detail", args=[incident_a.pk])).status_code == 404
    url = reverse("service:promise-action", args=[p.pk, "keep"])
    assert c.post(url, {"channel": "phone", "text": "x"}).status_code == 404
    new = reverse("service:promise-new") + f"?contact={p.contact_id}"
    assert c.get(new).status_code == 404


def test_agent_records_and_keeps_a_promise_on_a_contact(client_for, agent_a, contact_a):
    """R-FS-7: from the contact, the agent records the promise, then records the answer."""
    c = client_for(agent_a)
    url = reverse("service:promise-new") + f"?contact={contact_a.pk}"
    resp = c.post(
        url,
        {
            "subject": "查询停水安排",
            "due_at": "2099-01-01T10:00",
            "owner": agent_a.pk,
            "remind_minutes": 30,
        },
    )
    p = Promise.objects.get()
    assert resp.status_code == 302 and p.contact == contact_a and p.to_name == "张伟"
    keep = reverse("service:promise-action", args=[p.pk, "keep"])
    c.post(keep, {"channel": "phone", "text": "15日停水", "version": p.version})
    p.refresh_from_db()
    assert p.state == "kept" and p.kept_on_time is True
    assert "15日停水" in c.get(reverse("service:promise-detail", args=[p.pk])).content.decode()


def test_r_fs_6_desk_reports_and_lead_closes_through_the_pages(client, agent_a, lead_a, csm):
    client.force_login(agent_a)
    data = {"title": "大堂漏水", "location": "电梯厅", "severity": "serious"}
    assert client.post(reverse("service:incident-new"), data).status_code == 302
    inc = Incident.objects.get()
    client.force_login(lead_a)
    client.post(reverse("service:incident-action", args=[inc.pk, "take"]), {"version": 0})
    client.post(reverse("service:incident-action", args=[inc.pk, "note"]), {"text": "已通知工程部"})
    client.post(
        reverse("service:incident-action", args=[inc.pk, "close"]),
        {"result": "已修复", "version": 1},
    )
    inc.refresh_from_db()
    assert inc.state == "closed" and inc.notes.count() == 1 and inc.result == "已修复"


def test_r_fs_7_overdue_promise_appears_on_the_shift_leads_board(client_for, lead_a, make_promise):
    """R-FS-7: once past due, the open promise is listed on the shift lead's board."""
    p = make_promise(hours=1)
    c = client_for(lead_a)
    assert p.number not in c.get(reverse("service:board-lead")).content.decode()
    with time_machine.travel(p.due_at + timedelta(minutes=1), tick=False):
        c.force_login(lead_a)  # a fresh session: desk sessions end after 30 idle minutes
        html = c.get(reverse("service:board-lead")).content.decode()
    assert p.number in html and 'id="overdue-promises"' in html


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_data(make_promise, lead_a, agent_a, site_a, n: int):
    for _ in range(n):
        p = make_promise(hours=1)
        svc.incident_report(actor=agent_a, site=site_a, title="t", location="l", severity="minor")
        Promise.objects.filter(pk=p.pk).update(due_at=p.due_at - timedelta(hours=2))


@pytest.mark.parametrize(
    "name,persona",
    [
        ("service:board-lead", "lead_a"),
        ("service:board-manager", "csm"),
        ("service:promise-list", "lead_a"),
        ("service:incident-list", "lead_a"),
        ("service:promise-report", "lead_a"),
    ],
)
def test_query_count_does_not_grow_with_rows(
    client, request, make_promise, lead_a, agent_a, site_a, name, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(name) + ("?state=" if name == "service:promise-list" else "")
    _more_data(make_promise, lead_a, agent_a, site_a, 1)
    first = _count(client, url)
    _more_data(make_promise, lead_a, agent_a, site_a, 4)
    assert _count(client, url) == first <= 16
