"""SECURITY.md §c, "Documents, sign-off, form templates": FD R · SUP R A · CSM C R A · DH R A ·
PCM C R A · GM C A (approves templates) · ARC R U · RES — · AUD R *. Per role, through the pages
and the API; the route test covers anonymous visitors and CSRF for every new route."""

import pytest
from django.urls import reverse

from propdesk.records import services
from propdesk.records.models import FormTemplate, TemplateVersion
from tests.factories import make_user

READERS = ["agent_a", "lead_a", "csm", "dept_head_a", "pcm_a", "gm", "archivist", "auditor"]


@pytest.fixture
def issued(notice, csm):
    return services.document_issue(actor=csm, document=notice)


@pytest.mark.parametrize("persona", READERS)
def test_every_reader_role_reads_documents_of_site_a(request, client_for, issued, persona):
    c = client_for(request.getfixturevalue(persona))
    assert c.get(reverse("records:document-list")).status_code == 200
    assert c.get(reverse("records:document-detail", args=[issued.pk])).status_code == 200
    assert c.get(reverse("records:template-list")).status_code == 200


def test_residents_and_department_staff_see_nothing(client_for, resident_user, site_a, issued):
    worker = make_user("dept_staff", site_a)
    for user in (resident_user, worker):
        c = client_for(user)
        assert c.get(reverse("records:document-list")).status_code == 403
        assert c.get(f"/api/v1/documents/{issued.pk}").status_code in (403, 404)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("csm", 200),
        ("pcm_a", 200),
        ("gm", 200),
        ("agent_a", 404),
        ("lead_a", 404),
        ("dept_head_a", 404),
        ("archivist", 404),
        ("auditor", 404),
    ],
)
def test_only_cs_managers_centre_managers_and_the_gm_create_documents(
    request, db, client_for, persona, status
):
    c = client_for(request.getfixturevalue(persona))
    assert c.get(reverse("records:document-new")).status_code == status


@pytest.mark.parametrize(
    ("persona", "approved"),
    [("gm", True), ("pcm_a", True), ("csm", False), ("dept_head_a", False), ("auditor", False)],
)
def test_only_the_gm_and_centre_manager_approve_templates(
    request, client_for, lead_a, persona, approved
):
    """GM "C A (approves templates)"; the centre manager approves too (the issue's company leaders)."""
    t = FormTemplate.objects.get(code="handling_form")
    author = make_user("cs_manager")
    v = services.template_version_draft(
        actor=author, template=t, label="2026.9", change_note="改版"
    )
    client_for(request.getfixturevalue(persona)).post(
        reverse("records:version-action", args=[v.pk, "approve"]), {"version": v.version}
    )
    assert (TemplateVersion.objects.get(pk=v.pk).state == "approved") is approved


def test_the_auditor_reads_everything_and_changes_nothing(client_for, auditor, issued):
    c = client_for(auditor)
    assert c.post(
        f"/api/v1/documents/{issued.pk}/sign", {}, content_type="application/json"
    ).status_code in (403, 409)
    assert c.post(reverse("records:document-action", args=[issued.pk, "sign"])).status_code in (
        302,
        403,
    )
    assert issued.signers.filter(signature__signed_at__isnull=False).count() == 0


def test_the_archivist_sees_documents_of_every_site_without_being_assigned(
    client_for, archivist, issued
):
    """ARC "R U": company-wide reading of signed and archived documents."""
    body = client_for(archivist).get("/api/v1/documents/").json()
    assert [d["number"] for d in body["items"]] == [issued.number]


def test_a_manager_of_site_b_only_gets_404_for_site_a(client_for, issued, site_b):
    pcm_b = make_user("centre_manager", site_b)
    c = client_for(pcm_b)
    assert c.get(reverse("records:document-detail", args=[issued.pk])).status_code == 404
    assert c.get(f"/api/v1/documents/{issued.pk}").status_code == 404
    assert c.get(reverse("records:signers-export", args=[issued.pk])).status_code == 404
