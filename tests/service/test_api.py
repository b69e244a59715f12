"""Service API: promises and incidents — create, keep, actions, site scoping, read-only auditor."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from propdesk.notify.models import Notification
from propdesk.service.models import Incident, Promise
from tests.tickets.test_api import Api


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


def _promise_body(owner, contact, **extra):
    due = (timezone.now() + timedelta(hours=3)).isoformat()
    return {
        "subject": "查询停水安排后回电",
        "due_at": due,
        "owner": owner.pk,
        "contact": contact.pk,
        **extra,
    }


def test_r_fs_7_create_list_and_keep_a_promise(api_for, agent_a, contact_a):
    api, body = api_for(agent_a), _promise_body(agent_a, contact_a)
    resp = api.post("promises/", body, HTTP_IDEMPOTENCY_KEY="k1")
    assert resp.status_code == 201, resp.content
    data = resp.json()
    assert data["to_phone"] == "138****5678" and data["state"] == "open" and not data["overdue"]
    again = api.post("promises/", body, HTTP_IDEMPOTENCY_KEY="k1")
    assert again.status_code == 201 and Promise.objects.count() == 1
    assert api.get("promises/").json()["count"] == 1
    kept = api.post(
        f"promises/{data['id']}/keep", {"channel": "phone", "text": "15日停水", "version": 0}
    )
    assert kept.status_code == 200 and kept.json()["kept_on_time"] is True


def test_promise_errors_follow_the_conventions(
    api_for, agent_a, agent_b, auditor, contact_a, make_promise
):
    p = make_promise()
    assert api_for(agent_b).get(f"promises/{p.pk}").status_code == 404
    resp = api_for(agent_b).post(
        f"promises/{p.pk}/keep", {"channel": "phone", "text": "x", "version": 0}
    )
    assert resp.status_code == 404 and resp.json()["code"] == "not_found"
    assert api_for(auditor).get(f"promises/{p.pk}").status_code == 200
    assert api_for(auditor).post("promises/", _promise_body(agent_a, contact_a)).status_code == 403
    stale = api_for(agent_a).post(
        f"promises/{p.pk}/keep", {"channel": "phone", "text": "x", "version": 7}
    )
    assert stale.status_code == 409
    bad = api_for(agent_a).post("promises/", _promise_body(agent_a, contact_a, colour="red"))
    assert bad.status_code == 422
    past = _promise_body(
        agent_a, contact_a, due_at=(timezone.now() - timedelta(hours=1)).isoformat()
    )
    resp = api_for(agent_a).post("promises/", past)
    assert resp.status_code == 400 and "due_at" in resp.json()["fields"]
    assert api_for(agent_a).get("promises/", {"state": "weird"}).status_code == 400


def test_r_fs_6_incident_api_report_take_note_close(api_for, agent_a, lead_a, csm, site_a):
    resp = api_for(agent_a).post(
        "incidents/", {"title": "大堂漏水", "location": "电梯厅", "severity": "serious"}
    )
    assert resp.status_code == 201, resp.content
    inc = resp.json()
    assert Notification.objects.filter(code="incident.serious").count() == 2
    lead = api_for(lead_a)
    assert lead.post(f"incidents/{inc['id']}/take", {"version": 0}).json()["state"] == "handling"
    assert lead.post(f"incidents/{inc['id']}/note", {"text": "已通知工程部"}).status_code == 200
    closed = lead.post(f"incidents/{inc['id']}/close", {"result": "已修复", "version": 1})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert api_for(agent_a).get("incidents/", {"state": "active"}).json()["count"] == 0


def test_incident_api_refusals(api_for, agent_a, agent_b, lead_a, auditor, incident_a, site_a):
    assert api_for(agent_b).get(f"incidents/{incident_a.pk}").status_code == 404
    assert (
        api_for(agent_b).post(f"incidents/{incident_a.pk}/take", {"version": 0}).status_code == 404
    )
    body = {"title": "t", "location": "l", "severity": "minor", "site": site_a.pk}
    assert api_for(auditor).post("incidents/", body).status_code == 403
    assert (
        api_for(agent_a).post(f"incidents/{incident_a.pk}/take", {"version": 0}).status_code == 403
    )
    assert (
        api_for(lead_a)
        .post(f"incidents/{incident_a.pk}/close", {"result": "x", "version": 0})
        .status_code
        == 409
    )
    assert api_for(agent_b).post("incidents/", {**body}).json()["fields"].keys() == {"site"}


@pytest.mark.parametrize("path", ["promises/", "incidents/"])
def test_api_lists_run_a_fixed_number_of_queries(
    api_for, lead_a, agent_a, site_a, make_promise, path
):
    api = api_for(lead_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(path).status_code == 200
        return len(ctx.captured_queries)

    make_promise()
    Incident.objects.create(
        number="SJ-x1",
        site=site_a,
        title="t",
        location="l",
        severity="minor",
        occurred_at=timezone.now(),
        reported_by=agent_a,
    )
    count()  # the first call also stamps the token's last use
    first = count()
    for i in range(4):
        make_promise()
        Incident.objects.create(
            number=f"SJ-y{i}",
            site=site_a,
            title="t",
            location="l",
            severity="minor",
            occurred_at=timezone.now(),
            reported_by=agent_a,
        )
    assert count() == first
