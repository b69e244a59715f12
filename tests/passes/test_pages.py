"""The desk's pages drive the whole flow: renovation → pass → release with consent → the gate."""

from datetime import timedelta

import pytest

from propdesk.passes import tokens
from propdesk.passes.models import GoodsRelease, Renovation, WorkerPass

from .conftest import photo, today

pytestmark = pytest.mark.django_db


def _renovation_post(unit, owner):
    return {
        "unit_code": unit.code,
        "owner": owner.pk,
        "applicant_kind": "owner",
        "applicant_name": owner.name,
        "applicant_phone": "13812345678",
        "company": "美家装饰",
        "lead_name": "王工",
        "lead_phone": "13911112222",
        "start_date": today().isoformat(),
        "end_date": (today() + timedelta(days=20)).isoformat(),
        "deposit": "2000",
    }


def test_r_fd_2_renovation_registered_approved_and_pass_issued_through_pages(
    client_for, agent_a, lead_a, unit_a, owner_a
):
    """R-FD-2: the agent registers, the lead approves, the agent issues a pass and prints its card."""
    c = client_for(agent_a)
    assert owner_a.name in c.get(f"/passes/renovations/new/?unit={unit_a.code}").content.decode()
    resp = c.post("/passes/renovations/new/", _renovation_post(unit_a, owner_a))
    r = Renovation.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/passes/renovations/{r.pk}/"
    assert 'data-action="approve"' not in c.get(resp["Location"]).content.decode()
    lead = client_for(lead_a)
    assert 'data-action="approve"' in lead.get(resp["Location"]).content.decode()
    lead.post(f"/passes/renovations/{r.pk}/approve/", {"version": r.version})
    assert Renovation.objects.get().state == "approved"
    c = client_for(agent_a)
    post = {
        "name": "李师傅",
        "phone": "13500001234",
        "id_number": "11010519491231002X",
        "company": "美家",
        "trade": "水电工",
        "valid_from": today().isoformat(),
        "valid_until": (today() + timedelta(days=5)).isoformat(),
        "photo": photo(),
    }
    resp = c.post(f"/passes/renovations/{r.pk}/passes/new/", post)
    p = WorkerPass.objects.get()
    assert resp["Location"] == f"/passes/worker-passes/{p.pk}/"
    page = c.get(resp["Location"]).content.decode()
    assert "110***********002X" in page and "11010519491231002X" not in page
    card = c.get(f"/passes/worker-passes/{p.pk}/card/")
    assert card["Content-Type"] == "application/pdf"


def test_bad_pass_input_shows_a_chinese_error_and_saves_nothing(client_for, agent_a, renovation):
    c = client_for(agent_a)
    post = {
        "name": "李师傅",
        "phone": "13500001234",
        "id_number": "110105194912310021",
        "company": "美家",
        "trade": "水电工",
        "valid_from": today().isoformat(),
        "valid_until": today().isoformat(),
        "photo": photo(),
    }
    resp = c.post(f"/passes/renovations/{renovation.pk}/passes/new/", post, follow=True)
    assert "身份证号" in resp.content.decode() and not WorkerPass.objects.exists()


def test_r_fd_3_release_consent_approval_and_slip_through_pages(
    client_for, agent_a, unit_a, owner_a, tenant_a
):
    """R-FD-3: a tenant's slip: the approve button appears only once the owner's consent is recorded."""
    c = client_for(agent_a)
    post = {
        "unit_code": unit_a.code,
        "release_type": "tenant_move_out",
        "applicant_name": "刘租",
        "applicant_relation": "tenant",
        "applicant_resident": tenant_a.pk,
        "pass_date": today().isoformat(),
        "item_0_name": "沙发",
        "item_0_qty": 1,
        "item_0_unit": "张",
    }
    resp = c.post("/passes/releases/new/", post)
    g = GoodsRelease.objects.get()
    detail = c.get(resp["Location"]).content.decode()
    assert 'id="approve-form"' not in detail and 'id="consent-form"' in detail
    c.post(f"/passes/releases/{g.pk}/approve/", {"arrears_checked": "on", "version": g.version})
    assert GoodsRelease.objects.get().state == "awaiting_consent"
    c.post(
        f"/passes/releases/{g.pk}/consent/",
        {"method": "owner_present", "owner": owner_a.pk, "version": g.version},
    )
    g.refresh_from_db()
    assert 'id="approve-form"' in c.get(resp["Location"]).content.decode()
    c.post(f"/passes/releases/{g.pk}/approve/", {"arrears_checked": "on", "version": g.version})
    assert GoodsRelease.objects.get().state == "approved"
    assert c.get(f"/passes/releases/{g.pk}/slip/")["Content-Type"] == "application/pdf"


def test_zero_items_on_the_page_is_refused(client_for, agent_a, unit_a):
    c = client_for(agent_a)
    post = {
        "unit_code": unit_a.code,
        "release_type": "move_out",
        "applicant_name": "某人",
        "applicant_relation": "family",
        "pass_date": today().isoformat(),
    }
    resp = c.post("/passes/releases/new/", post, follow=True)
    assert "至少" in resp.content.decode() and not GoodsRelease.objects.exists()


def test_r_fd_3_guard_types_the_code_lets_out_then_already_used(
    client_for, guard_a, approved_release
):
    """R-FD-3: the gate page: typed code → items → let out → the second check says already used."""
    c = client_for(guard_a)
    assert c.get("/").url == "/passes/gate/"
    code = tokens.typed_code(number=approved_release.number, site_id=approved_release.site_id)
    page = c.post(
        "/passes/gate/check/", {"code": code.lower(), "direction": "entry"}
    ).content.decode()
    assert 'data-code="valid"' in page and "沙发" in page
    c.post(
        "/passes/gate/let-out/", {"code": code, "goods_match": "yes", "carrier_id_last4": "1234"}
    )
    assert GoodsRelease.objects.get().state == "released"
    again = c.post("/passes/gate/check/", {"code": code, "direction": "entry"}).content.decode()
    assert 'data-code="already_used"' in again and str(guard_a) in again


def test_r_fd_3_guard_of_b_sees_nothing_of_a_slip_of_a(client_for, guard_b, approved_release):
    c = client_for(guard_b)
    code = tokens.qr_payload(number=approved_release.number, site_id=approved_release.site_id)
    page = c.post("/passes/gate/check/", {"code": code, "direction": "entry"}).content.decode()
    assert (
        'data-code="wrong_site"' in page
        and "沙发" not in page
        and approved_release.number not in page.split("gate-code")[0]
    )
    assert c.get(f"/passes/releases/{approved_release.pk}/").status_code == 404


def test_guard_sees_the_pass_photo_and_name(client_for, guard_a, worker_pass):
    c = client_for(guard_a)
    code = tokens.qr_payload(number=worker_pass.number, site_id=worker_pass.site_id)
    page = c.post("/passes/gate/check/", {"code": code, "direction": "exit"}).content.decode()
    assert "李师傅" in page and f"/passes/worker-passes/{worker_pass.pk}/photo/" in page
    img = c.get(f"/passes/worker-passes/{worker_pass.pk}/photo/")
    assert img.status_code == 200 and img["Content-Type"] == "image/jpeg"


def test_other_sites_records_answer_404(
    client_for, agent_b, renovation, worker_pass, approved_release
):
    c = client_for(agent_b)
    for url in (
        f"/passes/renovations/{renovation.pk}/",
        f"/passes/worker-passes/{worker_pass.pk}/",
        f"/passes/worker-passes/{worker_pass.pk}/card/",
        f"/passes/worker-passes/{worker_pass.pk}/photo/",
        f"/passes/releases/{approved_release.pk}/slip/",
    ):
        assert c.get(url).status_code == 404, url
    assert c.post(f"/passes/renovations/{renovation.pk}/cancel/", {"note": "x"}).status_code == 404


def test_pass_return_and_revoke_buttons(client_for, agent_a, lead_a, worker_pass, renovation):
    from .conftest import issue_pass

    c = client_for(agent_a)
    assert 'id="return-pass"' in c.get(f"/passes/worker-passes/{worker_pass.pk}/").content.decode()
    c.post(f"/passes/worker-passes/{worker_pass.pk}/return/")
    assert WorkerPass.objects.get(pk=worker_pass.pk).state == "returned"
    other = issue_pass(agent_a, renovation)
    client_for(lead_a).post(
        f"/passes/worker-passes/{other.pk}/revoke/", {"reason": "lost", "version": other.version}
    )
    assert WorkerPass.objects.get(pk=other.pk).state == "revoked"


def test_ten_mb_photo_and_renamed_html_get_chinese_errors_and_save_nothing(
    client_for, agent_a, renovation
):
    """Bad input: a 10 MB photo, and an HTML file renamed .jpg, are refused in Chinese; no pass."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = photo()
    big_data = big.read() + b"\0" * (10 * 1024 * 1024)
    post = {
        "name": "李师傅",
        "phone": "13500001234",
        "id_number": "11010519491231002X",
        "company": "美家",
        "trade": "水电工",
        "valid_from": today().isoformat(),
        "valid_until": today().isoformat(),
    }
    c = client_for(agent_a)
    url = f"/passes/renovations/{renovation.pk}/passes/new/"
    too_big = c.post(
        url, {**post, "photo": SimpleUploadedFile("big.jpg", big_data, "image/jpeg")}, follow=True
    )
    assert "超过 5 MB" in too_big.content.decode()
    html = SimpleUploadedFile(
        "photo.jpg", b"<!doctype html><script>alert(1)</script>", "image/jpeg"
    )
    fake = c.post(url, {**post, "photo": html}, follow=True)
    assert "不是照片" in fake.content.decode()
    assert not WorkerPass.objects.exists()


def test_r_fd_2_violation_inspection_with_photo_through_the_page(client_for, agent_a, renovation):
    c = client_for(agent_a)
    url = f"/passes/renovations/{renovation.pk}/inspect/"
    form = {
        "day": today().isoformat(),
        "inspector": "秩序部巡查员",
        "result": "violation",
        "version": renovation.version,
    }
    refused = c.post(url, {**form, "notes": "擅自拆改承重墙"}, follow=True)
    assert "照片" in refused.content.decode() and not renovation.inspections.exists()
    c.post(url, {**form, "notes": "擅自拆改承重墙", "photo": photo("违章.jpg")})
    renovation.refresh_from_db()
    assert renovation.violation_count == 1 and renovation.inspections.get().result == "violation"
