"""Documents and sign-off (R-DOC-1): issue to the site's managers, open, sign, archive when all
have signed; a new revision supersedes the old one and needs new signatures."""

import pytest

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.notify.models import Notification
from propdesk.records import selectors, services
from tests.records.conftest import open_and_sign


def test_r_doc_1_issue_resolves_every_manager_of_the_site(notice, csm, pcm_a, dept_head_a, lead_a):
    """R-DOC-1: the default signers are the site's CS manager, centre manager and department heads."""
    services.document_issue(actor=csm, document=notice)
    signers = {s.user for s in selectors.signers_of(notice)}
    assert signers == {csm, pcm_a, dept_head_a} and notice.state == "circulating"
    assert Notification.objects.filter(code="document.sign").count() == 3
    assert notice.template_version == "2026.1"


def test_r_doc_1_archived_only_when_every_required_signer_has_signed(
    notice, csm, pcm_a, dept_head_a
):
    """R-DOC-1: two of three signatures leave it circulating; the third archives it."""
    services.document_issue(actor=csm, document=notice)
    open_and_sign(notice, csm, pcm_a)
    assert notice.state == "circulating" and notice.archived_at is None
    assert [s.user for s in selectors.signers_of(notice, unsigned=True)] == [dept_head_a]
    open_and_sign(notice, dept_head_a)
    assert notice.state == "archived" and notice.archived_at is not None
    assert Notification.objects.filter(code="document.archived", recipient=csm).count() == 1


def test_r_doc_1_signing_needs_the_document_opened_and_a_listed_signer(notice, csm, lead_a, pcm_a):
    services.document_issue(actor=csm, document=notice)
    with pytest.raises(Conflict):
        services.document_sign(actor=pcm_a, document=notice)  # not opened yet
    with pytest.raises(NotAllowed):
        services.document_sign(actor=lead_a, document=notice)  # supervisors are not asked here
    services.document_open(actor=pcm_a, document=notice)
    services.document_sign(actor=pcm_a, document=notice)
    with pytest.raises(Conflict):
        services.document_sign(actor=pcm_a, document=notice)  # signs once


def test_r_doc_1_superseded_revision_needs_new_signatures(notice, csm, pcm_a, dept_head_a):
    """R-DOC-1: revision 2 supersedes the archived revision 1 and asks everyone again."""
    services.document_issue(actor=csm, document=notice)
    open_and_sign(notice, csm, pcm_a, dept_head_a)
    new = services.document_revise(actor=csm, document=notice, change_note="值班时间延长")
    services.document_issue(actor=csm, document=new)
    notice.refresh_from_db()
    assert notice.state == "superseded" and new.revision == 2 and new.state == "circulating"
    assert selectors.signers_of(new, unsigned=True).count() == 3
    assert selectors.signers_of(notice, unsigned=True).count() == 0  # the old one stays as signed


def test_r_doc_1_awaiting_my_signature_lists_only_open_documents(notice, csm, pcm_a, dept_head_a):
    services.document_issue(actor=csm, document=notice)
    assert [s.document for s in selectors.awaiting_signature(pcm_a)] == [notice]
    open_and_sign(notice, pcm_a)
    assert list(selectors.awaiting_signature(pcm_a)) == []


def test_empty_title_and_no_site_are_refused_in_chinese(csm, site_a):
    with pytest.raises(InvalidInput) as err:
        services.document_create(
            actor=csm, kind="notice", sites=[site_a], title=" ", issuing_body="x"
        )
    assert "title" in err.value.fields
    with pytest.raises(InvalidInput):
        services.document_create(actor=csm, kind="notice", sites=[], title="t", issuing_body="x")
