"""The documents and form templates API (DESIGN.md): scoped lists, workflow actions as POSTs,
errors as {code, message, fields}, bad input refused with nothing changed, bounded queries."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from propdesk.records.models import Document, FormTemplate


def _j(resp):
    return resp.json()


def test_r_doc_1_issue_open_sign_through_the_api(client_for, csm, pcm_a, dept_head_a, site_a):
    c = client_for(csm)
    made = c.post(
        "/api/v1/documents/",
        {
            "kind": "notice",
            "title": "关于春节值班安排的通知",
            "issuing_body": "总经理办公室",
            "sites": [site_a.pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201 and "issue" in _j(made)["actions"]
    doc_id = _j(made)["id"]
    issued = c.post(
        f"/api/v1/documents/{doc_id}/issue",
        {"version": _j(made)["version"]},
        content_type="application/json",
    )
    assert issued.status_code == 200 and len(_j(issued)["signers"]) == 3
    for user in (csm, pcm_a, dept_head_a):
        c = client_for(user)
        assert "open" in _j(c.get(f"/api/v1/documents/{doc_id}"))["actions"]
        c.post(f"/api/v1/documents/{doc_id}/open", content_type="application/json")
        signed = c.post(f"/api/v1/documents/{doc_id}/sign", {}, content_type="application/json")
        assert signed.status_code == 200
    assert _j(signed)["state"] == "archived"


def test_other_sites_document_is_404_and_lists_are_scoped(client_for, notice, agent_b, csm):
    c = client_for(agent_b)
    assert c.get(f"/api/v1/documents/{notice.pk}").status_code == 404
    assert _j(c.get("/api/v1/documents/"))["count"] == 0
    assert _j(client_for(csm).get("/api/v1/documents/"))["count"] == 1


def test_a_html_file_is_refused_with_a_clear_message_and_nothing_changes(client_for, csm, notice):
    """Bad input: a .html file as a document is refused (content check); no file is stored."""
    html = SimpleUploadedFile("通知.html", b"<html><script>alert(1)</script></html>", "text/html")
    resp = client_for(csm).post(f"/api/v1/documents/{notice.pk}/files", {"file": html})
    assert resp.status_code == 400 and resp.json()["code"] == "bad_type"
    assert "不是 PDF、Office 文档" in resp.json()["message"]
    assert _j(client_for(csm).get(f"/api/v1/documents/{notice.pk}"))["files"] == []


def test_a_pdf_and_a_docx_are_accepted_and_checksummed(client_for, csm, notice):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    c = client_for(csm)
    c.post(
        f"/api/v1/documents/{notice.pk}/files", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}
    )
    resp = c.post(
        f"/api/v1/documents/{notice.pk}/files",
        {"file": SimpleUploadedFile("b.docx", buf.getvalue())},
    )
    files = _j(resp)["files"]
    mimes = [f["mime"] for f in files]
    assert resp.status_code == 201 and mimes == ["application/pdf", "application/octet-stream"]
    assert all(len(f["sha256"]) == 64 for f in files)
    odd = SimpleUploadedFile("c.docx", b"PK\x03\x04 not really a zip")  # a name is not enough
    assert c.post(f"/api/v1/documents/{notice.pk}/files", {"file": odd}).status_code == 400


def test_empty_title_is_refused_with_fields_and_nothing_is_created(client_for, csm, site_a):
    resp = client_for(csm).post(
        "/api/v1/documents/",
        {"kind": "notice", "title": "", "issuing_body": "x", "sites": [site_a.pk]},
        content_type="application/json",
    )
    assert resp.status_code == 400 and resp.json()["fields"]["title"] == "请填写文件标题。"
    assert Document.objects.count() == 0


def test_agents_read_but_cannot_issue(client_for, agent_a, site_a):
    resp = client_for(agent_a).post(
        "/api/v1/documents/",
        {"kind": "notice", "title": "x", "issuing_body": "y", "sites": [site_a.pk]},
        content_type="application/json",
    )
    assert resp.status_code == 403


def test_r_fm_1_template_approval_through_the_api_refuses_the_author(client_for, pcm_a, gm):
    t = FormTemplate.objects.get(code="contact_register")
    made = client_for(pcm_a).post(
        f"/api/v1/templates/{t.pk}/versions",
        {"label": "2026.2", "change_note": "增加邮箱一栏"},
        content_type="application/json",
    )
    assert made.status_code == 201 and "approve" not in _j(made)["actions"]
    v = _j(made)
    refused = client_for(pcm_a).post(
        f"/api/v1/template-versions/{v['id']}/approve",
        {"version": v["version"]},
        content_type="application/json",
    )
    assert refused.status_code == 403 and refused.json()["code"] == "self_approval"
    ok = client_for(gm).post(
        f"/api/v1/template-versions/{v['id']}/approve",
        {"version": v["version"]},
        content_type="application/json",
    )
    assert ok.status_code == 200 and _j(ok)["state"] == "approved"
    detail = _j(client_for(gm).get(f"/api/v1/templates/{t.pk}"))
    assert detail["approved_version"] == "2026.2"


def test_r_fm_8_retention_api_lists_kinds_and_refuses_deleting_a_template(client_for, gm):
    c = client_for(gm)
    kinds = {k["code"]: k["retention_days"] for k in _j(c.get("/api/v1/retention/"))}
    assert kinds["mail"] == 30 and kinds["ticket"] == 3 * 365
    assert _j(c.get("/api/v1/retention/mail/expired"))["count"] == 0
    t = FormTemplate.objects.get(code="mail_log")
    assert c.delete(f"/api/v1/templates/{t.pk}").status_code == 409


def test_api_lists_run_a_bounded_number_of_queries(
    client_for, csm, notice, django_assert_max_num_queries
):
    c = client_for(csm)
    for url in (
        "/api/v1/documents/",
        "/api/v1/documents/awaiting",
        "/api/v1/documents/review",
        "/api/v1/templates/",
        "/api/v1/retention/ticket/expired",
    ):
        with django_assert_max_num_queries(12):
            assert c.get(url).status_code == 200


def test_r_doc_1_revise_through_the_api_supersedes_on_issue(
    client_for, csm, notice, pcm_a, dept_head_a
):
    from propdesk.records import services
    from tests.records.conftest import open_and_sign

    services.document_issue(actor=csm, document=notice)
    open_and_sign(notice, csm, pcm_a, dept_head_a)
    c = client_for(csm)
    new = c.post(
        f"/api/v1/documents/{notice.pk}/revise",
        {"change_note": "延长值班时间"},
        content_type="application/json",
    )
    assert new.status_code == 201 and new.json()["revision"] == 2
    c.post(
        f"/api/v1/documents/{new.json()['id']}/issue",
        {"version": new.json()["version"]},
        content_type="application/json",
    )
    assert _j(c.get(f"/api/v1/documents/{notice.pk}"))["state"] == "superseded"


def test_r_doc_2_internal_rule_through_the_api(
    client_for, csm, pcm_a, dept_head_a, site_a, held_meeting
):
    c = client_for(csm)
    made = _j(
        c.post(
            "/api/v1/documents/",
            {
                "kind": "internal_rule",
                "title": "钥匙管理规定",
                "issuing_body": "物业中心",
                "sites": [site_a.pk],
            },
            content_type="application/json",
        )
    )
    url = f"/api/v1/documents/{made['id']}"
    early = c.post(f"{url}/publish", {"version": made["version"]}, content_type="application/json")
    assert early.status_code == 409
    linked = _j(
        c.post(f"{url}/link_meeting", {"meeting": held_meeting.pk}, content_type="application/json")
    )
    sub = _j(
        c.post(f"{url}/submit", {"version": linked["version"]}, content_type="application/json")
    )
    for user in (csm, pcm_a, dept_head_a):
        s = client_for(user)
        s.post(f"{url}/open", content_type="application/json")
        s.post(f"{url}/sign", {}, content_type="application/json")
    c = client_for(csm)  # the test client is one: sign in again as the CS manager
    pub = c.post(f"{url}/publish", {"version": sub["version"]}, content_type="application/json")
    assert pub.status_code == 200 and _j(pub)["state"] == "issued" and _j(pub)["review_due"]
    rev = c.post(
        f"{url}/review",
        {"note": "仍适用", "version": _j(pub)["version"]},
        content_type="application/json",
    )
    assert rev.status_code == 200


def test_r_fm_1_a_new_form_and_its_retirement_through_the_api(client_for, csm, gm):
    made = client_for(csm).post(
        "/api/v1/templates/",
        {"code": "key_register", "name": "钥匙借用登记表", "retention_days": 365},
        content_type="application/json",
    )
    assert made.status_code == 201 and _j(made)["versions"][0]["state"] == "draft"
    v = _j(made)["versions"][0]
    c = client_for(gm)
    ok = _j(
        c.post(
            f"/api/v1/template-versions/{v['id']}/approve",
            {"version": v["version"]},
            content_type="application/json",
        )
    )
    retired = c.post(
        f"/api/v1/template-versions/{v['id']}/retire",
        {"reason": "停用", "version": ok["version"]},
        content_type="application/json",
    )
    assert _j(retired)["state"] == "retired"
    bad = client_for(csm).post(
        "/api/v1/templates/",
        {"code": "Key Register!", "name": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "code" in bad.json()["fields"]
