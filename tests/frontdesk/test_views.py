"""Per view: anonymous → login, wrong method → 405, other site → 404, happy paths; query counts."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from propdesk.core import openitems
from propdesk.frontdesk import services
from propdesk.frontdesk.models import DutyLogEntry
from tests.frontdesk.conftest import read_all

GET_PAGES = [
    "frontdesk:home",
    "frontdesk:dutylog-list",
    "frontdesk:handover-list",
    "frontdesk:mail-list",
    "frontdesk:mail-new",
    "frontdesk:lookup",
    "frontdesk:leave-list",
    "frontdesk:spotcheck-list",
    "frontdesk:review",
]


@pytest.mark.parametrize("name", GET_PAGES)
def test_anonymous_is_sent_to_login(client, db, name):
    resp = client.get(reverse(name))
    assert resp.status_code == 302 and "/accounts/login/" in resp["Location"]


@pytest.mark.parametrize("name", GET_PAGES)
def test_pages_render_for_agent_without_inline_script_or_style(client_for, agent_a, desk_a, name):
    resp = client_for(agent_a).get(reverse(name))
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "<script>" not in html and " style=" not in html and "<style" not in html


def test_wrong_method_is_405(client_for, agent_a, submitted, lead_a):
    c = client_for(agent_a)
    h = submitted
    for name, args in [
        ("frontdesk:desk-take", [h.desk_id]),
        ("frontdesk:handover-open", [h.desk_id]),
        ("frontdesk:handover-check", [h.pk]),
        ("frontdesk:entry-add", [h.desk_id]),
        ("frontdesk:mail-remind", []),
        ("frontdesk:newspapers-deliver", []),
        ("frontdesk:handover-action", [h.pk, "accept"]),
    ]:
        assert c.get(reverse(name, args=args)).status_code == 405, name
    assert c.put(reverse("frontdesk:lookup")).status_code == 405
    assert c.post(reverse("frontdesk:handover-detail", args=[h.pk])).status_code == 405


def test_other_site_is_404_on_pages_and_api(client_for, agent_b, submitted):
    c = client_for(agent_b)
    h = submitted
    assert c.get(reverse("frontdesk:handover-detail", args=[h.pk])).status_code == 404
    assert c.get(reverse("frontdesk:dutylog-detail", args=[h.duty_log_id])).status_code == 404
    assert c.post(reverse("frontdesk:handover-action", args=[h.pk, "accept"])).status_code == 404
    assert c.post(reverse("frontdesk:desk-take", args=[h.desk_id])).status_code == 404
    assert c.get(f"/api/v1/desk/handovers/{h.pk}").status_code == 404
    assert (
        c.post(
            f"/api/v1/desk/handovers/{h.pk}/accept", "{}", content_type="application/json"
        ).status_code
        == 404
    )
    assert c.get(f"/api/v1/desk/duty-logs/{h.duty_log_id}").status_code == 404


def test_r_ho_3_opening_pages_records_the_read(client_for, submitted, agent2_a):
    """R-HO-3: the incoming agent's opening of the handover and of the log is recorded."""
    c = client_for(agent2_a)
    c.get(reverse("frontdesk:handover-detail", args=[submitted.pk]))
    c.get(reverse("frontdesk:dutylog-detail", args=[submitted.duty_log_id]))
    submitted.refresh_from_db()
    assert submitted.log_read_at and submitted.handover_read_at
    resp = c.post(reverse("frontdesk:handover-action", args=[submitted.pk, "accept"]))
    assert resp.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "accepted"


def test_api_handover_workflow_and_errors(client_for, submitted, agent_a, agent2_a):
    c = client_for(agent2_a)
    url = f"/api/v1/desk/handovers/{submitted.pk}"
    resp = c.post(url + "/accept", "{}", content_type="application/json")
    assert resp.status_code == 409 and resp.json()["code"] == "not_ready"
    c.get(url)
    c.get(f"/api/v1/desk/duty-logs/{submitted.duty_log_id}")
    q = c.post(url + "/ask", json.dumps({"text": "钥匙在哪？"}), content_type="application/json")
    assert q.status_code == 201
    a = client_for(agent_a).post(
        f"{url}/questions/{q.json()['id']}/answer",
        json.dumps({"text": "抽屉里"}),
        content_type="application/json",
    )
    assert a.status_code == 200
    c = client_for(agent2_a)
    resp = c.post(url + "/accept", "{}", content_type="application/json")
    assert resp.status_code == 200 and resp.json()["state"] == "accepted"
    assert {s["slot"] for s in resp.json()["signatures"]} == {
        "outgoing",
        "incoming",
        "supervisor",
        "manager",
    }


def test_api_parcel_never_shows_pickup_code(client_for, agent_a, unit_a, resident_a):
    c = client_for(agent_a)
    resp = c.post(
        "/api/v1/desk/parcels/",
        json.dumps({"unit_id": unit_a.pk, "carrier": "中通"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert resp.status_code == 201
    again = c.post(
        "/api/v1/desk/parcels/",
        json.dumps({"unit_id": unit_a.pk, "carrier": "中通"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert again.json()["id"] == resp.json()["id"]
    assert "pickup_code" not in resp.json()
    from propdesk.frontdesk.models import MailItem

    code = MailItem.objects.get().pickup_code
    assert (
        code
        not in c.get(reverse("frontdesk:mail-detail", args=[resp.json()["id"]])).content.decode()
    )


def _count(c, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def _fill(desk, agent, unit, n):
    for i in range(n):
        services.duty_entry_add(actor=agent, desk=desk, content=f"记录{i}", status="open")
        services.mail_register(actor=agent, site_id=desk.site_id, unit=unit, shelf=f"A{i}")
        services.visitor_lookup(actor=agent, site_id=desk.site_id, name=f"某人{i}", question="?")


LISTS = [
    "frontdesk:dutylog-list",
    "frontdesk:handover-list",
    "frontdesk:mail-list",
    "frontdesk:leave-list",
    "frontdesk:spotcheck-list",
    "frontdesk:review",
    "frontdesk:home",
    "frontdesk:lookup-log",
]
API_LISTS = [
    "/api/v1/desk/duty-logs/",
    "/api/v1/desk/handovers/",
    "/api/v1/desk/parcels/",
    "/api/v1/desk/leave-requests/",
    "/api/v1/desk/spot-checks/",
    "/api/v1/desk/desks/",
    "/api/v1/desk/review-queue",
    "/api/v1/desk/visitor-lookups/",
]


def test_list_pages_and_api_lists_run_fixed_queries(
    client_for, frozen, desk_a, agent_a, lead_a, unit_a
):
    _fill(desk_a, agent_a, unit_a, 2)
    c = client_for(lead_a)
    for u in LISTS:  # warm the content-type cache, as in a running server
        c.get(reverse(u))
    small = {u: _count(c, reverse(u), size=10) for u in LISTS}
    small_api = {u: _count(c, u, limit=10) for u in API_LISTS}
    _fill(desk_a, agent_a, unit_a, 15)
    from datetime import timedelta

    from django.utils import timezone

    later = timezone.now() + timedelta(hours=8)  # the next shift: another duty log
    services.duty_entry_add(actor=agent_a, desk=desk_a, content="早班记录", occurred_at=later)
    assert {u: _count(c, reverse(u), size=100) for u in LISTS} == small
    assert {u: _count(c, u, limit=100) for u in API_LISTS} == small_api


def test_r_ho_2_open_items_run_a_fixed_number_of_queries(
    frozen, desk_a, agent_a, unit_a, django_assert_num_queries
):
    """R-HO-2: the handover's open-items list costs the same queries for 2 or 40 open items."""
    _fill(desk_a, agent_a, unit_a, 1)
    with CaptureQueriesContext(connection) as few:
        items = openitems.open_items_for_site(agent_a, desk_a.site_id)
    assert {i.kind for i in items} >= {"parcel.waiting", "duty.other"}
    _fill(desk_a, agent_a, unit_a, 20)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(openitems.open_items_for_site(agent_a, desk_a.site_id)) >= 42


def test_r_ho_2_open_items_only_from_the_desk_site(
    frozen, desk_a, desk_b, agent_a, agent_b, unit_a
):
    """R-HO-2: open items of site A never appear on site B's handover."""
    _fill(desk_a, agent_a, unit_a, 1)
    assert [
        i
        for i in openitems.open_items_for_site(agent_b, desk_b.site_id)
        if i.kind.startswith(("parcel", "duty"))
    ] == []


def test_web_handover_flow_end_to_end(client_for, frozen, desk_a, agent_a, agent2_a, lead_a, csm):
    a = client_for(agent_a)
    a.post(reverse("frontdesk:handover-open", args=[desk_a.pk]))
    from propdesk.frontdesk.models import ShiftHandover

    h = ShiftHandover.objects.get()
    a.post(
        reverse("frontdesk:handover-edit", args=[h.pk]),
        {"summary": "平稳", "notes": "", "incoming": agent2_a.pk},
    )
    for code in h.checks.values_list("code", flat=True):
        a.post(reverse("frontdesk:handover-check", args=[h.pk]), {"code": code, "result": "pass"})
    a.post(reverse("frontdesk:handover-action", args=[h.pk, "submit"]))
    h.refresh_from_db()
    assert h.state == "submitted"
    h = read_all(h, agent2_a)
    assert (
        client_for(agent2_a)
        .post(reverse("frontdesk:handover-action", args=[h.pk, "accept"]))
        .status_code
        == 302
    )
    assert (
        client_for(lead_a)
        .post(reverse("frontdesk:sign", args=["handover", h.pk]), {"slot": "supervisor"})
        .status_code
        == 302
    )
    assert (
        client_for(csm)
        .post(reverse("frontdesk:sign", args=["handover", h.pk]), {"slot": "manager"})
        .status_code
        == 302
    )
    html = client_for(csm).get(reverse("frontdesk:handover-detail", args=[h.pk])).content.decode()
    assert html.count("badge text-bg-warning") == 0
    assert DutyLogEntry.objects.count() == 0


def test_roles_outside_the_desk_get_403(client_for, dept_head_a, resident_user):
    for user in (dept_head_a, resident_user):
        c = client_for(user)
        assert c.get(reverse("frontdesk:home")).status_code == 403
        assert c.get("/api/v1/desk/handovers/").status_code == 403


def test_auditor_reads_but_cannot_act(client_for, auditor, submitted):
    c = client_for(auditor)
    assert c.get(reverse("frontdesk:handover-detail", args=[submitted.pk])).status_code == 200
    assert (
        c.post(reverse("frontdesk:handover-action", args=[submitted.pk, "accept"])).status_code
        == 403
    )
    resp = c.post(
        f"/api/v1/desk/handovers/{submitted.pk}/accept", "{}", content_type="application/json"
    )
    assert resp.status_code == 403
