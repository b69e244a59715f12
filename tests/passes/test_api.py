"""The API: resources and workflow actions, Idempotency-Key on creates, the gate verify."""

from datetime import timedelta

import pytest

from propdesk.passes import tokens
from propdesk.passes.models import GoodsRelease, Renovation, WorkerPass
from tests.factories import make_user

from .conftest import ITEMS, photo, today

pytestmark = pytest.mark.django_db


def _post(c, url, data, **headers):
    return c.post(url, data, content_type="application/json", **headers)


def _release_body(unit, **extra):
    return {
        "unit": unit.pk,
        "release_type": "move_out",
        "applicant_name": "刘租",
        "applicant_relation": "tenant",
        "pass_date": today().isoformat(),
        "items": ITEMS,
        **extra,
    }


def test_r_fd_3_release_by_api_needs_consent_then_gate_once(
    client_for, agent_a, lead_a, unit_a, owner_a, guard_a
):
    """R-FD-3 through the API: create (idempotent), approve refused, phone consent + confirm, approve, verify, let out once."""
    c = client_for(agent_a)
    first = _post(c, "/api/v1/releases/", _release_body(unit_a), HTTP_IDEMPOTENCY_KEY="k-1")
    again = _post(c, "/api/v1/releases/", _release_body(unit_a), HTTP_IDEMPOTENCY_KEY="k-1")
    assert (
        first.status_code == 201
        and again.json() == first.json()
        and GoodsRelease.objects.count() == 1
    )
    g = first.json()
    assert "approve" not in g["actions"]
    refused = _post(
        c, f"/api/v1/releases/{g['id']}/approve", {"arrears_checked": True, "version": g["version"]}
    )
    assert refused.status_code == 409
    g = _post(
        c,
        f"/api/v1/releases/{g['id']}/consent-phone",
        {"phone": owner_a.phone, "version": g["version"]},
    ).json()
    assert g["state"] == "consent_check"
    g = _post(
        client_for(lead_a), f"/api/v1/releases/{g['id']}/consent-confirm", {"version": g["version"]}
    ).json()
    self_approve = _post(
        client_for(agent_a),
        f"/api/v1/releases/{g['id']}/approve",
        {"arrears_checked": True, "version": g["version"]},
    )
    assert self_approve.status_code == 403 and self_approve.json()["code"] == "self_approve"
    agent2 = make_user("agent", unit_a.site)
    g = _post(
        client_for(agent2),
        f"/api/v1/releases/{g['id']}/approve",
        {"arrears_checked": True, "version": g["version"]},
    ).json()
    assert g["state"] == "approved"
    code = tokens.qr_payload(number=g["number"], site_id=g["site_id"])
    guard = client_for(guard_a)
    v = _post(guard, "/api/v1/passes/verify", {"code": code}).json()
    assert v["valid"] and [i["name"] for i in v["record"]["items"]] == ["沙发", "纸箱"]
    out = _post(
        guard,
        "/api/v1/passes/let-out",
        {"code": code, "goods_match": True, "carrier_id_last4": "5678"},
    )
    assert out.status_code == 200 and out.json()["state"] == "released"
    second = _post(
        guard,
        "/api/v1/passes/let-out",
        {"code": code, "goods_match": True, "carrier_id_last4": "5678"},
    )
    assert second.status_code == 409 and second.json()["code"] == "already_used"
    v = _post(guard, "/api/v1/passes/verify", {"code": code}).json()
    assert v["code"] == "already_used" and v["used_by"] == str(guard_a) and v["used_at"]


def test_r_fd_3_verify_never_returns_another_sites_data(client_for, guard_b, approved_release):
    v = _post(
        client_for(guard_b),
        "/api/v1/passes/verify",
        {
            "code": tokens.qr_payload(
                number=approved_release.number, site_id=approved_release.site_id
            )
        },
    )
    body = v.json()
    assert v.status_code == 200 and body["code"] == "wrong_site" and body["record"] is None
    assert approved_release.number not in v.content.decode() and "沙发" not in v.content.decode()


def test_verify_is_for_guards_only(client_for, agent_a, approved_release):
    v = _post(client_for(agent_a), "/api/v1/passes/verify", {"code": "x"})
    assert v.status_code == 403


def test_release_create_refuses_zero_items_and_unknown_fields(client_for, agent_a, unit_a):
    c = client_for(agent_a)
    assert (
        _post(c, "/api/v1/releases/", _release_body(unit_a, items=[])).json()["code"] == "no_items"
    )
    forged = _post(
        c,
        "/api/v1/releases/",
        _release_body(unit_a, consent_method="owner_present", state="approved"),
    )
    assert forged.status_code == 400 and forged.json()["code"] == "forbidden_fields"
    assert not GoodsRelease.objects.exists()


def test_r_fd_2_renovation_and_pass_by_api(client_for, agent_a, lead_a, unit_a, owner_a, guard_a):
    """R-FD-2 through the API: register (idempotent), approve, issue a pass (multipart), verify it."""
    c = client_for(agent_a)
    body = {
        "unit": unit_a.pk,
        "owner": owner_a.pk,
        "applicant_name": owner_a.name,
        "applicant_phone": "13812345678",
        "company": "美家装饰",
        "lead_name": "王工",
        "lead_phone": "13911112222",
        "start_date": today().isoformat(),
        "end_date": (today() + timedelta(days=9)).isoformat(),
        "deposit": "1000",
    }
    r = _post(c, "/api/v1/renovations/", body, HTTP_IDEMPOTENCY_KEY="r-1")
    assert (
        r.status_code == 201
        and _post(c, "/api/v1/renovations/", body, HTTP_IDEMPOTENCY_KEY="r-1").json() == r.json()
    )
    r = r.json()
    assert r["lead_phone"] == "139****2222" and "approve" not in r["actions"]
    r = _post(
        client_for(lead_a), f"/api/v1/renovations/{r['id']}/approve", {"version": r["version"]}
    ).json()
    assert r["state"] == "approved"
    form = {
        "name": "李师傅",
        "phone": "13500001234",
        "id_number": "11010519491231002X",
        "company": "美家",
        "trade": "木工",
        "valid_from": today().isoformat(),
        "valid_until": (today() + timedelta(days=20)).isoformat(),
        "photo": photo(),
    }
    beyond = client_for(agent_a).post(f"/api/v1/renovations/{r['id']}/passes", form)
    assert beyond.status_code == 400 and beyond.json()["code"] == "beyond_renovation"
    form["valid_until"], form["photo"] = (today() + timedelta(days=9)).isoformat(), photo()
    p = client_for(agent_a).post(f"/api/v1/renovations/{r['id']}/passes", form)
    assert p.status_code == 201 and p.json()["id_number"] == "110***********002X"
    v = _post(
        client_for(guard_a),
        "/api/v1/passes/verify",
        {
            "code": tokens.typed_code(number=p.json()["number"], site_id=r["site_id"]),
            "direction": "exit",
        },
    ).json()
    assert v["valid"] and v["record"]["name"] == "李师傅"
    assert WorkerPass.objects.get().scans.get().direction == "exit"


def test_renovation_action_with_stale_version_is_409(client_for, lead_a, unit_a, owner_a, agent_a):
    from .conftest import renovation_for

    r = renovation_for(agent_a, unit_a, owner_a)
    resp = _post(
        client_for(lead_a), f"/api/v1/renovations/{r.pk}/approve", {"version": r.version + 5}
    )
    assert resp.status_code == 409 and Renovation.objects.get().state == "submitted"


def test_owner_consents_through_the_api_hook(client_for, agent_a, unit_a, owner_a):
    owner_a.user = make_user("resident")
    owner_a.save()
    g = _post(client_for(agent_a), "/api/v1/releases/", _release_body(unit_a)).json()
    c = client_for(owner_a.user)
    mine = c.get("/api/v1/releases/").json()
    assert [x["id"] for x in mine["items"]] == [g["id"]]
    g = _post(c, f"/api/v1/releases/{g['id']}/owner-consent", {"version": g["version"]}).json()
    assert g["state"] == "consented" and g["consent_method"] == "portal"


def test_pass_actions_by_api(client_for, agent_a, lead_a, worker_pass, renovation):
    c = client_for(agent_a)
    p = _post(
        c,
        f"/api/v1/worker-passes/{worker_pass.pk}/extend",
        {"valid_until": renovation.end_date.isoformat(), "version": worker_pass.version},
    ).json()
    assert p["valid_until"] == renovation.end_date.isoformat()
    p = _post(
        client_for(lead_a),
        f"/api/v1/worker-passes/{worker_pass.pk}/revoke",
        {"reason": "altered", "version": p["version"]},
    ).json()
    assert p["state"] == "revoked" and p["deposit_state"] == "kept"
