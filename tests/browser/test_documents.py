"""A notice signed by every manager, in a real browser, in Chinese (R-DOC-1): the CS manager
drafts and issues a notice to site A's managers; each finds it under "awaiting my signature",
opens it and signs; the issuer sees it archived."""

import os

import pytest

from propdesk.records.models import Document
from tests.browser.conftest import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("PROPDESK_SCREENSHOTS", "")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def test_r_doc_1_csm_issues_a_notice_each_manager_signs_the_issuer_sees_it_archived(
    browser, live_server, site_a, csm, pcm_a, dept_head_a
):
    issuer = signed_in_page(browser, live_server, csm)
    issuer.goto("/records/")
    issuer.click("#new-document")
    issuer.select_option("#id_kind", "notice")
    issuer.fill("#id_title", "关于加强国庆期间值班的通知")
    issuer.fill("#id_issuing_body", "翠湖花园客户服务中心")
    issuer.fill("#id_body", "10月1日至7日各部门须安排双人值班。")
    issuer.select_option("#id_sites", str(site_a.pk))
    issuer.click("#save-document")
    issuer.wait_for_url("**/records/documents/*/")
    url = issuer.url
    issuer.click("#issue")
    assert issuer.locator("#signers tr.unsigned").count() == 3
    _shot(issuer, "document-issued")

    for user in (pcm_a, dept_head_a, csm):
        signer = signed_in_page(browser, live_server, user)
        signer.goto("/records/awaiting/")
        signer.click("#awaiting a")
        signer.click("#sign")
        assert signer.locator(f"#signers tr[data-user='{user.username}'].signed").count() == 1
        signer.context.close()

    issuer.goto(url)
    _shot(issuer, "document-archived")
    assert issuer.locator("#archived-at").count() == 1
    assert issuer.locator("#signers tr.unsigned").count() == 0
    assert issuer.locator("#doc-state").inner_text() == "已签阅归档"
    assert Document.objects.get().state == "archived"
