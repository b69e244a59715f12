"""Records pages: roles and scope, happy paths through the pages, Excel exports opened with
openpyxl, PDFs with pypdf, and a bounded number of queries on every list."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from propdesk.core.attachments import attachment_list_for
from propdesk.records import services
from propdesk.records.models import Document, FormTemplate, TemplateVersion
from tests.records.conftest import open_and_sign

LISTS = [
    "records:document-list",
    "records:awaiting",
    "records:review",
    "records:template-list",
    "records:retention",
]
EXPORTS = [
    "records:document-export",
    "records:awaiting-export",
    "records:review-export",
    "records:template-export",
    "records:retention-export",
]


@pytest.mark.parametrize("name", LISTS)
def test_lists_render_without_inline_script_or_style_in_bounded_queries(
    client_for, csm, notice, name, django_assert_max_num_queries
):
    c = client_for(csm)
    with django_assert_max_num_queries(20):
        resp = c.get(reverse(name))
    html = resp.content.decode()
    assert resp.status_code == 200 and " style=" not in html and "<script>" not in html


@pytest.mark.parametrize("name", EXPORTS)
def test_every_list_exports_to_a_real_xlsx(client_for, csm, notice, name):
    resp = client_for(csm).get(reverse(name))
    wb = load_workbook(io.BytesIO(resp.content))
    assert resp.status_code == 200 and wb.active.max_row >= 4


def test_r_doc_1_issuer_sees_who_has_not_signed(client_for, csm, notice, pcm_a, dept_head_a):
    """R-DOC-1: the issuer's page and export list who has not signed yet."""
    services.document_issue(actor=csm, document=notice)
    open_and_sign(notice, pcm_a)
    html = (
        client_for(csm).get(reverse("records:document-detail", args=[notice.pk])).content.decode()
    )
    assert f'data-user="{dept_head_a.username}" class="unsigned"' in html
    resp = client_for(csm).get(reverse("records:signers-export", args=[notice.pk]) + "?unsigned=1")
    rows = [r for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True)]
    names = {r[0] for r in rows[4:]}
    assert str(dept_head_a) in names and str(pcm_a) not in names


def test_r_doc_1_signing_through_the_page_records_opening_and_archives(
    client_for, csm, notice, pcm_a, dept_head_a
):
    services.document_issue(actor=csm, document=notice)
    for user in (csm, pcm_a, dept_head_a):
        c = client_for(user)
        page = c.get(reverse("records:document-detail", args=[notice.pk])).content.decode()
        assert 'id="sign"' in page  # opening the page recorded the opening; signing is offered
        c.post(reverse("records:document-action", args=[notice.pk, "sign"]), {"note": ""})
    notice.refresh_from_db()
    assert notice.state == "archived" and all(s.opened_at for s in notice.signers.all())


def test_csm_drafts_and_issues_a_notice_through_the_pages(client_for, csm, site_a, pcm_a):
    c = client_for(csm)
    data = {
        "kind": "notice",
        "title": "停水通知",
        "issuing_body": "总经理办公室",
        "sites": [site_a.pk],
        "signer_roles": ["centre_manager"],
        "remind_after_days": 3,
    }
    resp = c.post(reverse("records:document-new"), data)
    doc = Document.objects.get()
    assert resp.status_code == 302 and doc.state == "draft"
    c.post(reverse("records:document-action", args=[doc.pk, "issue"]), {"version": doc.version})
    doc.refresh_from_db()
    assert doc.state == "circulating" and [s.user for s in doc.signers.all()] == [pcm_a]


def test_bad_input_on_the_page_gets_a_message_and_changes_nothing(client_for, csm, site_a, notice):
    """An empty title and a .html file are refused with a message; nothing is saved."""
    c = client_for(csm)
    data = {
        "kind": "notice",
        "title": "",
        "issuing_body": "x",
        "sites": [site_a.pk],
        "signer_roles": ["cs_manager"],
        "remind_after_days": 3,
    }
    resp = c.post(reverse("records:document-new"), data, follow=True)
    assert Document.objects.count() == 1 and "alert-danger" in resp.content.decode()
    html = SimpleUploadedFile("x.html", b"<html></html>", "text/html")
    url = reverse("records:document-action", args=[notice.pk, "attach"])
    resp = c.post(url, {"files": html}, follow=True)
    assert "alert-danger" in resp.content.decode() and attachment_list_for(notice).count() == 0


def test_other_sites_documents_answer_404_and_agents_cannot_draft(
    client_for, agent_b, agent_a, notice
):
    services.document_issue(actor=notice.created_by, document=notice)
    c = client_for(agent_b)
    assert c.get(reverse("records:document-detail", args=[notice.pk])).status_code == 404
    assert c.get(reverse("records:document-print", args=[notice.pk])).status_code == 404
    assert c.post(reverse("records:document-action", args=[notice.pk, "sign"])).status_code == 404
    assert client_for(agent_a).get(reverse("records:document-new")).status_code == 404
    assert (
        client_for(agent_a).get(reverse("records:document-detail", args=[notice.pk])).status_code
        == 200
    )


def test_drafts_are_hidden_from_readers_who_do_not_issue(client_for, agent_a, notice):
    assert (
        client_for(agent_a).get(reverse("records:document-detail", args=[notice.pk])).status_code
        == 404
    )


def test_wrong_methods_answer_405(client_for, csm, notice):
    c = client_for(csm)
    assert c.post(reverse("records:document-list")).status_code == 405
    assert c.get(reverse("records:document-action", args=[notice.pk, "issue"])).status_code == 405


def test_the_sign_off_sheet_prints_signers_and_the_template_version(client_for, csm, notice, pcm_a):
    """R-DOC-1, R-FM-7: the document cover (sign-off sheet) names who signed, with the version."""
    services.document_issue(actor=csm, document=notice)
    open_and_sign(notice, pcm_a)
    resp = client_for(csm).get(reverse("records:document-print", args=[notice.pk]))
    reader = PdfReader(io.BytesIO(resp.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert resp["Content-Type"] == "application/pdf" and notice.number in text
    assert "文件签阅单" in text and "2026.1" in text and str(pcm_a) in text


def test_r_fm_1_gm_approves_a_version_through_the_page(client_for, csm, gm):
    t = FormTemplate.objects.get(code="duty_log")
    client_for(csm).post(
        reverse("records:version-new", args=[t.pk]), {"label": "2026.2", "change_note": "加签名栏"}
    )
    v = TemplateVersion.objects.get(template=t, label="2026.2")
    page = client_for(csm).get(reverse("records:template-detail", args=[t.pk])).content.decode()
    assert "approve" not in page.split('data-label="2026.2"')[1].split("</tr>")[0]
    client_for(gm).post(
        reverse("records:version-action", args=[v.pk, "approve"]), {"version": v.version}
    )
    v.refresh_from_db()
    assert v.state == "approved"


def test_the_register_cover_prints_from_the_template_page(client_for, csm):
    t = FormTemplate.objects.get(code="contact_register")
    resp = client_for(csm).get(reverse("records:template-cover", args=[t.pk]))
    assert "来人来电来访登记表" in PdfReader(io.BytesIO(resp.content)).pages[0].extract_text()


def test_r_doc_2_internal_rule_through_the_pages(
    client_for, csm, pcm_a, dept_head_a, site_a, held_meeting
):
    c = client_for(csm)
    c.post(
        reverse("records:document-new"),
        {
            "kind": "internal_rule",
            "title": "钥匙管理规定",
            "issuing_body": "物业中心",
            "sites": [site_a.pk],
            "signer_roles": ["cs_manager"],
            "remind_after_days": 3,
        },
    )
    rule = Document.objects.get()
    page = c.get(reverse("records:document-detail", args=[rule.pk])).content.decode()
    assert 'id="link-meeting"' in page and 'id="publish"' not in page
    act = lambda who, name, data=None: client_for(who).post(  # noqa: E731
        reverse("records:document-action", args=[rule.pk, name]), data or {}
    )
    act(csm, "link_meeting", {"meeting": held_meeting.pk})
    act(csm, "submit", {"version": Document.objects.get().version})
    for user in (csm, pcm_a, dept_head_a):
        client_for(user).get(reverse("records:document-detail", args=[rule.pk]))
        act(user, "sign")
    act(csm, "publish", {"version": Document.objects.get().version})
    act(csm, "review", {"note": "仍适用", "version": Document.objects.get().version})
    rule.refresh_from_db()
    assert rule.state == "issued" and rule.reviewed_at is not None


def test_the_author_edits_a_draft_and_a_new_form_is_recorded(client_for, csm, notice, site_a):
    c = client_for(csm)
    data = {
        "title": "改后的标题",
        "issuing_body": "总经理办公室",
        "sites": [site_a.pk],
        "signer_roles": ["cs_manager"],
        "remind_after_days": 5,
        "version": notice.version,
    }
    c.post(reverse("records:document-edit", args=[notice.pk]), data)
    notice.refresh_from_db()
    assert notice.title == "改后的标题" and notice.remind_after_days == 5
    c.post(
        reverse("records:template-new"),
        {
            "code": "key_register",
            "name": "钥匙借用登记表",
            "department": "cs",
            "retention_days": 365,
            "label": "2026.1",
        },
    )
    assert FormTemplate.objects.get(code="key_register").versions.get().state == "draft"


def test_the_gm_retires_a_version_through_the_page(client_for, gm):
    v = TemplateVersion.objects.get(template__code="survey_form", state="approved")
    client_for(gm).post(
        reverse("records:version-action", args=[v.pk, "retire"]),
        {"reason": "换新问卷", "version": v.version},
    )
    v.refresh_from_db()
    assert v.state == "retired"
