"""R-FM-6: the desk corrects a renovation's and a worker pass's free-text and contact fields
through the shared corrections: the old value stays visible, the correction shows on the page and
in the API, and another site's record answers 404 (A1)."""

import pytest

from propdesk.core.models import Correction, Event
from propdesk.passes.models import Renovation, WorkerPass
from propdesk.search.selectors import search

pytestmark = pytest.mark.django_db


def _post(c, url, data):
    return c.post(url, data, content_type="application/json")


def test_r_fm_6_page_corrects_a_renovation_company_and_keeps_the_original(
    client_for, agent_a, renovation
):
    c = client_for(agent_a)
    page = c.get(f"/passes/renovations/{renovation.pk}/").content.decode()
    assert 'id="correct"' in page and "/correct/" in page
    resp = c.post(
        f"/passes/renovations/{renovation.pk}/correct/",
        {
            "field": "company",
            "new_value": "美佳装饰工程有限公司",
            "reason": "营业执照名称",
            "version": renovation.version,
        },
    )
    assert resp.status_code == 302
    renovation.refresh_from_db()
    assert renovation.company == "美佳装饰工程有限公司"
    row = Correction.objects.get(object_id=renovation.pk, field="company")
    assert row.old_value == "美家装饰有限公司" and row.actor == agent_a
    page = c.get(f"/passes/renovations/{renovation.pk}/").content.decode()
    assert "<del>美家装饰有限公司</del>" in page and "营业执照名称" in page
    assert Event.objects.filter(code="corrected", object_id=renovation.pk).count() == 1
    # The index follows: the new name finds the record.
    found = search(agent_a, "美佳装饰工程", doc_types=["renovation"])
    assert [h.object_id for h in found.hits] == [renovation.pk]


def test_r_fm_6_page_corrects_a_worker_name_and_refuses_the_id_number(
    client_for, agent_a, worker_pass
):
    c = client_for(agent_a)
    url = f"/passes/worker-passes/{worker_pass.pk}/correct/"
    c.post(url, {"field": "name", "new_value": "李狮傅", "reason": "错字", "version": 0})
    worker_pass.refresh_from_db()
    assert worker_pass.name == "李狮傅"
    page = c.get(f"/passes/worker-passes/{worker_pass.pk}/").content.decode()
    assert "<del>李师傅</del>" in page and "李狮傅" in page
    before = WorkerPass.objects.values().get(pk=worker_pass.pk)
    c.post(url, {"field": "id_number", "new_value": "330106198503121231", "reason": "x"})
    c.post(url, {"field": "trade", "new_value": "", "reason": "空"})
    assert WorkerPass.objects.values().get(pk=worker_pass.pk) == before
    assert Correction.objects.filter(object_id=worker_pass.pk).count() == 1


def test_r_fm_6_api_corrects_lead_phone_masked_and_lists_the_action(
    client_for, agent_a, renovation
):
    c = client_for(agent_a)
    got = c.get(f"/api/v1/renovations/{renovation.pk}").json()
    assert "correct" in got["actions"] and got["corrections"] == []
    resp = _post(
        c,
        f"/api/v1/renovations/{renovation.pk}/correct",
        {
            "field": "lead_phone",
            "new_value": "13922223333",
            "reason": "号码记错",
            "version": got["version"],
        },
    )
    assert resp.status_code == 200, resp.content
    body = resp.json()
    assert body["lead_phone"] == "139****3333" and body["version"] == got["version"] + 1
    (fix,) = body["corrections"]
    assert (fix["field"], fix["old"], fix["new"]) == ("lead_phone", "139****2222", "139****3333")
    assert "13911112222" not in resp.content.decode()
    assert "13922223333" not in resp.content.decode()
    renovation.refresh_from_db()
    assert renovation.lead_phone == "13922223333"
    stale = _post(
        c,
        f"/api/v1/renovations/{renovation.pk}/correct",
        {"field": "company", "new_value": "新公司", "reason": "x", "version": got["version"]},
    )
    assert stale.status_code == 409
    bad = _post(
        c,
        f"/api/v1/renovations/{renovation.pk}/correct",
        {"field": "deposit", "new_value": "0", "reason": "x", "version": body["version"]},
    )
    assert bad.status_code in (400, 422) and bad.json()["message"]
    renovation.refresh_from_db()
    assert renovation.company == "美家装饰有限公司" and renovation.deposit == 2000


def test_r_fm_6_api_corrects_a_pass_and_every_listed_action_is_offered_only_when_allowed(
    client_for, agent_a, guard_a, worker_pass
):
    c = client_for(agent_a)
    got = c.get(f"/api/v1/worker-passes/{worker_pass.pk}").json()
    assert set(got["actions"]) == {"extend", "return", "correct"}  # revoke: shift leads
    resp = _post(
        c,
        f"/api/v1/worker-passes/{worker_pass.pk}/correct",
        {"field": "trade", "new_value": "木工", "reason": "工种登记错", "version": got["version"]},
    )
    assert resp.status_code == 200
    body = resp.json()
    assert body["trade"] == "木工" and body["corrections"][0]["old"] == "水电工"
    assert any(e["code"] == "corrected" for e in body["events"])
    # A guard reads the pass but does not correct it: not offered, and refused.
    g = client_for(guard_a)
    seen = g.get(f"/api/v1/worker-passes/{worker_pass.pk}").json()
    assert "correct" not in seen["actions"]
    refused = _post(
        g,
        f"/api/v1/worker-passes/{worker_pass.pk}/correct",
        {"field": "trade", "new_value": "瓦工", "reason": "x", "version": seen["version"]},
    )
    assert refused.status_code == 403
    assert g.post(
        f"/passes/worker-passes/{worker_pass.pk}/correct/",
        {"field": "trade", "new_value": "瓦工", "reason": "x"},
    ).status_code in (302, 403)
    worker_pass.refresh_from_db()
    assert worker_pass.trade == "木工"


def test_r_fm_6_read_only_and_gate_roles_are_not_offered_a_correction(
    client_for, auditor, guard_a, renovation
):
    for user in (auditor, guard_a):
        c = client_for(user)
        got = c.get(f"/api/v1/renovations/{renovation.pk}").json()
        assert "correct" not in got["actions"], user
        assert 'id="correct"' not in c.get(f"/passes/renovations/{renovation.pk}/").content.decode()
        refused = _post(
            c,
            f"/api/v1/renovations/{renovation.pk}/correct",
            {"field": "company", "new_value": "别家", "reason": "x", "version": got["version"]},
        )
        assert refused.status_code == 403, user
    assert not Correction.objects.exists()


def test_r_fm_6_a_suspended_renovation_offers_no_pass_extension(
    client_for, agent_a, lead_a, worker_pass
):
    from propdesk.passes import services

    r = worker_pass.renovation
    services.renovation_start(actor=agent_a, renovation=r)
    services.renovation_suspend(actor=lead_a, renovation=r, reason="违章")
    got = client_for(agent_a).get(f"/api/v1/worker-passes/{worker_pass.pk}").json()
    assert "extend" not in got["actions"] and "correct" in got["actions"]


def test_a1_another_sites_record_answers_404_and_stays(
    client_for, agent_b, renovation, worker_pass
):
    c = client_for(agent_b)
    data = {"field": "company", "new_value": "别家公司", "reason": "x", "version": 0}
    assert c.post(f"/passes/renovations/{renovation.pk}/correct/", data).status_code == 404
    assert c.post(f"/passes/worker-passes/{worker_pass.pk}/correct/", data).status_code == 404
    assert _post(c, f"/api/v1/renovations/{renovation.pk}/correct", data).status_code == 404
    assert _post(c, f"/api/v1/worker-passes/{worker_pass.pk}/correct", data).status_code == 404
    assert Renovation.objects.get(pk=renovation.pk).company == "美家装饰有限公司"
    assert WorkerPass.objects.get(pk=worker_pass.pk).company == "美家装饰有限公司"
    assert not Correction.objects.exists()
