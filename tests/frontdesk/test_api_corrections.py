"""Front-desk API: a duty-log entry's corrections (R-FM-6) are shown old → new, who, when, why."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from propdesk.frontdesk import services
from propdesk.frontdesk.models import DutyLogEntry
from tests.frontdesk.conftest import read_all


@pytest.fixture
def handed_over(submitted, agent_a, agent2_a):
    """Two entries of the night shift, whose handover agent2_a then accepted (the log is closed)."""
    entries = [
        services.duty_entry_add(actor=agent_a, desk=submitted.desk, content=f"夜间巡查{i}")
        for i in range(2)
    ]
    services.handover_accept(actor=agent2_a, handover=read_all(submitted, agent2_a))
    return entries


def _post(c, url, body):
    return c.post(url, json.dumps(body), content_type="application/json")


def test_r_fm_6_api_entry_correction_shows_old_new_who_when_why(
    client_for, handed_over, agent_a, submitted
):
    """R-FM-6: the API answer and the log's detail show the correction, not only the new text."""
    entry = handed_over[0]
    c = client_for(agent_a)
    body = {"field": "content", "new_value": "夜间巡查正常（更正）", "reason": "笔误"}
    resp = _post(c, f"/api/v1/desk/duty-log-entries/{entry.pk}/correct", body)
    assert resp.status_code == 200, resp.content
    data = resp.json()
    assert data["content"] == "夜间巡查正常（更正）"
    (corr,) = data["corrections"]
    assert (corr["field"], corr["old"], corr["new"], corr["reason"]) == (
        "content",
        "夜间巡查0",
        "夜间巡查正常（更正）",
        "笔误",
    )
    assert corr["actor_id"] == agent_a.pk and corr["actor"] == str(agent_a) and corr["created_at"]
    log = c.get(f"/api/v1/desk/duty-logs/{submitted.duty_log_id}").json()
    by_id = {e["id"]: e["corrections"] for e in log["entries"]}
    assert by_id[entry.pk] == data["corrections"] and by_id[handed_over[1].pk] == []


def test_api2_duty_log_detail_with_corrections_runs_fixed_queries(
    client_for, handed_over, agent_a, lead_a, submitted
):
    """SECURITY API2: the log's detail costs the same with one corrected entry or every one."""
    c = client_for(lead_a)
    url = f"/api/v1/desk/duty-logs/{submitted.duty_log_id}"
    first, second = (DutyLogEntry.objects.get(pk=e.pk) for e in handed_over)
    services.duty_entry_correct(
        actor=agent_a, entry=first, field="content", new_value="改1", reason="r"
    )
    c.get(url)  # warm the content types
    with CaptureQueriesContext(connection) as few:
        c.get(url)
    for i, entry in enumerate([first, second, second]):
        entry.refresh_from_db()
        services.duty_entry_correct(
            actor=agent_a, entry=entry, field="action", new_value=f"处理{i}", reason="r"
        )
    with CaptureQueriesContext(connection) as many:
        data = c.get(url).json()
    assert sum(len(e["corrections"]) for e in data["entries"]) == 4
    assert len(many.captured_queries) == len(few.captured_queries)
