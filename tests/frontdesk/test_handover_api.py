"""Handover defects met through the API and the page: a second handover in the same shift, drafts
that could not be cancelled, and an update that erased what it was not sent (R-HO-2, R-HO-6)."""

import json

from django.urls import reverse

from propdesk.core.events import event_list_for
from propdesk.frontdesk import services
from propdesk.frontdesk.models import ShiftHandover
from tests.frontdesk.conftest import read_all


def _post(c, url, body=None):
    return c.post(url, json.dumps(body or {}), content_type="application/json")


def _hand_over(c, h_id, incoming_id):
    url = f"/api/v1/desk/handovers/{h_id}"
    assert _post(c, url + "/update", {"incoming_id": incoming_id}).status_code == 200
    for check in c.get(url).json()["checks"]:
        _post(c, url + "/check", {"code": check["code"], "result": "pass"})
    return _post(c, url + "/submit")


def test_r_ho_2_r_ho_6_second_handover_in_the_same_shift_proceeds(
    client_for, submitted, desk_a, agent_a, agent2_a
):
    """R-HO-2, R-HO-6: after A hands over to B, B's handover back in the same shift can be submitted
    and accepted; the desk is not locked for later handovers."""
    services.handover_accept(actor=agent2_a, handover=read_all(submitted, agent2_a))
    c = client_for(agent2_a)
    opened = _post(c, "/api/v1/desk/handovers/", {"desk_id": desk_a.pk, "summary": "临时替班"})
    assert opened.status_code == 201
    h_id = opened.json()["id"]
    assert opened.json()["duty_log_id"] == submitted.duty_log_id  # still the night shift
    resp = _hand_over(c, h_id, agent_a.pk)
    assert resp.status_code == 200, resp.json()
    assert resp.json()["state"] == "submitted"
    c = client_for(agent_a)
    c.get(f"/api/v1/desk/handovers/{h_id}")
    c.get(f"/api/v1/desk/duty-logs/{submitted.duty_log_id}")
    accepted = _post(c, f"/api/v1/desk/handovers/{h_id}/accept")
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    again = _post(c, "/api/v1/desk/handovers/", {"desk_id": desk_a.pk})
    assert again.status_code == 201


def test_r_ho_6_author_cancels_a_draft_through_the_api_and_the_desk_is_free(
    client_for, frozen, desk_a, agent_a
):
    """R-HO-6: a draft can be cancelled by its author; a new handover of the desk can then start."""
    c = client_for(agent_a)
    h_id = _post(c, "/api/v1/desk/handovers/", {"desk_id": desk_a.pk}).json()["id"]
    assert _post(c, "/api/v1/desk/handovers/", {"desk_id": desk_a.pk}).status_code == 409
    resp = _post(c, f"/api/v1/desk/handovers/{h_id}/cancel", {"reason": "开错了"})
    assert resp.status_code == 200 and resp.json()["state"] == "cancelled"
    assert _post(c, "/api/v1/desk/handovers/", {"desk_id": desk_a.pk}).status_code == 201
    assert _post(c, f"/api/v1/desk/handovers/{h_id}/cancel").json()["code"] == "wrong_state"


def test_r_ho_6_only_author_or_lead_cancels_and_only_a_draft(
    client_for, submitted, agent2_a, lead_a
):
    """R-HO-6: another agent may not cancel someone's draft; a submitted handover is not a draft."""
    h = ShiftHandover.objects.get(pk=submitted.pk)
    ShiftHandover.objects.filter(pk=h.pk).update(state="draft")
    resp = _post(client_for(agent2_a), f"/api/v1/desk/handovers/{h.pk}/cancel")
    assert resp.status_code == 403
    ShiftHandover.objects.filter(pk=h.pk).update(state="submitted")
    resp = _post(client_for(lead_a), f"/api/v1/desk/handovers/{h.pk}/cancel")
    assert resp.status_code == 409


def test_r_ho_6_lead_cancels_a_stuck_draft_from_the_page(
    client_for, frozen, desk_a, agent_a, lead_a
):
    """R-HO-6: the shift lead sees the cancel button on an agent's draft and frees the desk."""
    h = services.handover_open(actor=agent_a, desk=desk_a)
    c = client_for(lead_a)
    url = reverse("frontdesk:handover-detail", args=[h.pk])
    assert 'id="cancel-handover"' in c.get(url).content.decode()
    resp = c.post(
        reverse("frontdesk:handover-action", args=[h.pk, "cancel"]), {"text": "交班人已下班"}
    )
    assert resp.status_code == 302
    h.refresh_from_db()
    assert h.state == "cancelled" and h.cancelled_at is not None
    assert [e.note for e in event_list_for(h) if e.code == "cancel"] == ["交班人已下班"]
    assert 'id="cancel-handover"' not in c.get(url).content.decode()


def test_r_ho_2_update_with_notes_only_keeps_summary_and_incoming(
    client_for, frozen, desk_a, agent_a, agent2_a
):
    """R-HO-2: an update with only notes leaves the summary and the incoming agent alone, records the
    change, and the draft can still be handed over."""
    c = client_for(agent_a)
    body = {"desk_id": desk_a.pk, "summary": "门禁报修未完成", "incoming_id": agent2_a.pk}
    h_id = _post(c, "/api/v1/desk/handovers/", body).json()["id"]
    resp = _post(c, f"/api/v1/desk/handovers/{h_id}/update", {"notes": "钥匙在抽屉"})
    assert resp.status_code == 200
    out = resp.json()
    assert (out["summary"], out["notes"], out["incoming_id"]) == (
        "门禁报修未完成",
        "钥匙在抽屉",
        agent2_a.pk,
    )
    edited = [e for e in event_list_for(ShiftHandover(pk=h_id)) if e.code == "edited"]
    assert [sorted(e.data["changes"]) for e in edited] == [["notes"]]
    assert edited[0].data["changes"]["notes"] == {"old": "", "new": "钥匙在抽屉"}
    for check in out["checks"]:
        _post(c, f"/api/v1/desk/handovers/{h_id}/check", {"code": check["code"], "result": "pass"})
    assert _post(c, f"/api/v1/desk/handovers/{h_id}/submit").status_code == 200


def test_r_ho_2_update_explicit_null_clears_incoming_and_bad_agent_is_refused(
    client_for, frozen, desk_a, agent_a, agent2_a, agent_b
):
    """R-HO-2: `incoming_id: null` clears the incoming agent; an agent of another site is refused
    (400) instead of silently clearing it; a null summary is refused (it cannot be cleared to null)."""
    c = client_for(agent_a)
    body = {"desk_id": desk_a.pk, "summary": "平稳", "incoming_id": agent2_a.pk}
    url = f"/api/v1/desk/handovers/{_post(c, '/api/v1/desk/handovers/', body).json()['id']}"
    bad = _post(c, url + "/update", {"incoming_id": agent_b.pk})
    assert bad.status_code == 400 and "incoming_id" in bad.json()["fields"]
    assert _post(c, url + "/update", {"summary": None}).status_code == 422
    assert c.get(url).json()["incoming_id"] == agent2_a.pk
    cleared = _post(c, url + "/update", {"incoming_id": None}).json()
    assert cleared["incoming_id"] is None and cleared["summary"] == "平稳"


def test_r_ho_2_page_edit_records_only_what_changed(client_for, frozen, desk_a, agent_a, agent2_a):
    """R-HO-2: saving the draft from the page changes and records only the fields that differ."""
    h = services.handover_open(actor=agent_a, desk=desk_a, summary="夜班平稳")
    c = client_for(agent_a)
    form = {"summary": "夜班平稳", "notes": "", "incoming": agent2_a.pk}
    assert c.post(reverse("frontdesk:handover-edit", args=[h.pk]), form).status_code == 302
    h.refresh_from_db()
    assert (h.summary, h.incoming_id) == ("夜班平稳", agent2_a.pk)
    edited = [e.data["changes"] for e in event_list_for(h) if e.code == "edited"]
    assert edited == [{"incoming": {"old": None, "new": agent2_a.pk}}]
