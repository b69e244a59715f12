"""Tickets API: corrections (R-FM-6) shown old → new with who, when and why, and the `correct`
action as on the ticket page; SLA stages with due times and words (R-SS-1); bounded queries."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.core.models import Correction
from propdesk.tickets import services
from propdesk.tickets.models import SlaClock, Ticket
from tests.tickets.test_api import Api

MONDAY_9 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def api_for(client):
    return lambda user: Api(client, user)


def test_r_fm_6_api_correct_shows_old_new_who_when_and_why(api_for, open_ticket, lead_a):
    """R-FM-6: a correction through the API is a visible entry, never a silent edit."""
    t = open_ticket(title="厨房漏水")
    data = api_for(lead_a).act(
        t.pk, "correct", field="title", new_value="卫生间漏水", reason="登记错误"
    )
    assert data["title"] == "卫生间漏水" and data["version"] == t.version + 1
    (c,) = data["corrections"]
    assert (c["field"], c["old"], c["new"], c["reason"]) == (
        "title",
        "厨房漏水",
        "卫生间漏水",
        "登记错误",
    )
    assert c["actor_id"] == lead_a.pk and c["actor"] == str(lead_a) and c["created_at"]
    again = api_for(lead_a).get(f"tickets/{t.pk}").json()
    assert again["corrections"] == data["corrections"]
    assert again["events"][-1]["code"] == "corrected"


def test_r_fm_6_only_leads_get_and_may_use_the_correct_action(
    api_for, open_ticket, agent_a, lead_a, auditor
):
    """R-FM-6: `correct` is in the lead's `actions` only; the agent and the auditor are refused."""
    t = open_ticket()
    assert "correct" in api_for(lead_a).get(f"tickets/{t.pk}").json()["actions"]
    for user in (agent_a, auditor):
        assert "correct" not in api_for(user).get(f"tickets/{t.pk}").json()["actions"]
        err = api_for(user).act(
            t.pk, "correct", expect=403, field="title", new_value="改", reason="r"
        )
        assert err["code"] in ("role", "forbidden")
    assert not Correction.objects.exists()


def test_r_fm_6_refused_corrections_change_nothing(api_for, open_ticket, lead_a):
    """R-FM-6: stale version 409, a value outside the choices or too long 400, no reason 400."""
    t = open_ticket(kind="complaint")
    lead = api_for(lead_a)
    base = {"field": "priority", "new_value": "urgent", "reason": "r"}
    assert lead.act(t.pk, "correct", expect=409, **base, version=t.version + 3)["code"] == "stale"
    err = lead.act(t.pk, "correct", expect=400, **{**base, "new_value": "紧急!!"})
    assert "new_value" in err["fields"]
    err = lead.act(t.pk, "correct", expect=400, field="title", new_value="长" * 101, reason="r")
    assert "new_value" in err["fields"]
    assert "reason" in lead.act(t.pk, "correct", expect=400, **{**base, "reason": " "})["fields"]
    assert lead.act(t.pk, "correct", expect=422, field="state", new_value="closed", reason="r")
    err = lead.act(t.pk, "correct", expect=409, field="severity", new_value="major", reason="r")
    assert err["code"] == "major_by_flag"
    assert lead.act(t.pk, "correct", expect=400, field="scope", new_value="unit", reason="r")
    assert Ticket.objects.get(pk=t.pk).version == t.version and not Correction.objects.exists()


def test_r_ss_1_priority_correction_lays_out_the_due_times_again(api_for, open_ticket, lead_a):
    """R-FM-6, R-SS-1: correcting the priority recomputes the stages the API shows."""
    with time_machine.travel(MONDAY_9, tick=False):
        t = open_ticket(kind="repair")
        before = {
            c["stage"]: c["due_at"] for c in api_for(lead_a).get(f"tickets/{t.pk}").json()["sla"]
        }
        data = api_for(lead_a).act(
            t.pk, "correct", field="priority", new_value="emergency", reason="跑水"
        )
    after = {c["stage"]: c["due_at"] for c in data["sla"]}
    assert data["priority"] == "emergency" and after["response"] < before["response"]
    assert (
        data["corrections"][0]["old"] == "normal" and data["corrections"][0]["new"] == "emergency"
    )


def test_r_ss_1_detail_shows_each_stage_due_and_status_in_the_pages_words(
    api_for, client_for, open_ticket, agent_a
):
    """R-SS-1: every timed stage with its due time, status and the words the ticket page shows."""
    with time_machine.travel(MONDAY_9, tick=False) as tm:
        t = open_ticket(kind="repair")
        data = api_for(agent_a).get(f"tickets/{t.pk}").json()
        stages = {c["stage"]: c for c in data["sla"]}
        assert set(stages) == {"response", "resolve"}
        response = stages["response"]
        due = SlaClock.objects.get(ticket=t, target="response").due_at
        assert dt.datetime.fromisoformat(response["due_at"]) == due
        assert (response["state"], response["status"]) == ("running", "left")
        assert response["stage_label"] and not response["breached"]
        assert dt.datetime.fromisoformat(data["sla_due"]) == due
        page = client_for(agent_a).get(reverse("tickets:detail", args=[t.pk])).content.decode()
        assert response["text"] in page
        tm.move_to(due + dt.timedelta(minutes=35))
        late = api_for(agent_a).get(f"tickets/{t.pk}").json()["sla"][0]
        assert (late["status"], late["minutes"]) == ("overdue", 35)
        services.ticket_dispatch(actor=agent_a, ticket=t)
        met = {c["stage"]: c for c in api_for(agent_a).get(f"tickets/{t.pk}").json()["sla"]}
    assert (met["response"]["status"], met["response"]["minutes"]) == ("late", 35)
    assert met["response"]["breached"] and "35" in met["response"]["text"]
    assert met["accept"]["status"] == "left"


def test_r_ss_1_list_shows_the_next_deadline(api_for, open_ticket, agent_a):
    """R-SS-1: each list row carries `sla_due`, the earliest due time of a running stage."""
    with time_machine.travel(MONDAY_9, tick=False):
        t = open_ticket(kind="repair")
        (row,) = api_for(agent_a).get("tickets/").json()["items"]
    first = SlaClock.objects.filter(ticket=t, state="running").order_by("due_at").first()
    assert dt.datetime.fromisoformat(row["sla_due"]) == first.due_at


def _queries(api, path: str) -> int:
    api.get(path)  # warm: token last-use stamp, content types
    with CaptureQueriesContext(connection) as ctx:
        assert api.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_api2_detail_with_corrections_and_sla_runs_fixed_queries(
    api_for, open_ticket, handled_ticket, agent_a, lead_a
):
    """SECURITY API2: the detail costs the same queries with no correction and with five,
    with two SLA stages and with five."""
    api = api_for(lead_a)
    quiet = open_ticket()
    busy = handled_ticket()
    for i in range(5):
        services.ticket_correct(
            actor=lead_a, ticket=busy, field="title", new_value=f"标题{i}", reason="更正"
        )
    assert SlaClock.objects.filter(ticket=busy).count() > 2
    assert len(api.get(f"tickets/{busy.pk}").json()["corrections"]) == 5
    assert _queries(api, f"tickets/{busy.pk}") == _queries(api, f"tickets/{quiet.pk}") <= 9
