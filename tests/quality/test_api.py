"""The quality API: the same services and checks as the pages (R-CP-5, R-CP-6, R-SS-4)."""

from django.utils import timezone

from propdesk.quality.quarters import current_quarter


def _post(c, url, data):
    return c.post(url, data, content_type="application/json")


def test_r_cp_6_api_drafts_submits_and_gm_approves(
    site_a, csm, gm, eng_dept_a, dept_head_a, client_for, django_assert_max_num_queries
):
    """R-CP-6 through the API: errors in Chinese as `{code, message, fields}`; actions listed."""
    c = client_for(csm)
    bad = _post(c, "/api/v1/quality/reports", {"quarter": "2999Q1", "site": site_a.pk})
    assert bad.status_code == 400 and bad.json()["code"] == "quarter_future"
    q = str(current_quarter().previous)
    r = _post(c, "/api/v1/quality/reports", {"quarter": q, "site": site_a.pk})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["figures"]["quarter"] == q and "submit" in body["actions"]
    rid = body["id"]
    body = _post(
        c,
        f"/api/v1/quality/reports/{rid}/edit",
        {"summary": "季度小结", "version": body["version"]},
    ).json()
    body = _post(c, f"/api/v1/quality/reports/{rid}/submit", {"version": body["version"]}).json()
    assert body["state"] == "submitted"
    no = _post(c, f"/api/v1/quality/reports/{rid}/approve", {"version": body["version"]})
    assert no.status_code == 403
    g = client_for(gm)
    assert "approve" in g.get(f"/api/v1/quality/reports/{rid}").json()["actions"]
    body = _post(g, f"/api/v1/quality/reports/{rid}/approve", {"version": body["version"]}).json()
    assert body["state"] == "approved"
    with django_assert_max_num_queries(10):
        assert g.get("/api/v1/quality/reports").json()["count"] == 1
    with django_assert_max_num_queries(40):
        assert g.get(f"/api/v1/quality/analysis?quarter={q}").status_code == 200
    with django_assert_max_num_queries(10):
        assert g.get("/api/v1/quality/dashboard").status_code == 200
    c = client_for(csm)
    capa = _post(
        c,
        "/api/v1/quality/actions",
        {
            "site": site_a.pk,
            "department": eng_dept_a.pk,
            "kind": "corrective",
            "problem": "漏水",
            "cause": "老化",
            "action": "更换",
            "due_date": timezone.localdate().isoformat(),
        },
    )
    assert capa.status_code == 201, capa.content
    cid = capa.json()["id"]
    h = client_for(dept_head_a)
    done = _post(
        h,
        f"/api/v1/quality/actions/{cid}/done",
        {"evidence": "已更换", "version": capa.json()["version"]},
    ).json()
    assert done["state"] == "done"
    c = client_for(csm)
    v = _post(
        c, f"/api/v1/quality/actions/{cid}/verify", {"effective": True, "version": done["version"]}
    ).json()
    assert v["state"] == "closed"
    with django_assert_max_num_queries(10):
        assert c.get("/api/v1/quality/actions").json()["count"] == 1
