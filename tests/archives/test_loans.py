"""Borrowing (R-AR-5): no loan without approval, nobody approves their own request, a
confidential record needs the centre manager as well, an outside body the GM; the archivist
lends and takes back; access until the due date; every step on the timeline; overdue list."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.archives import services
from propdesk.archives.models import ArchiveLoan, ArchiveRecord
from propdesk.core.attachments import attachment_list_for
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _ask(user, record, **kw):
    values = {
        "mode": "borrow",
        "purpose": "核对产权资料",
        "due_date": timezone.localdate() + timedelta(days=7),
    }
    return services.loan_request(actor=user, record=record, **(values | kw))


def test_r_ar_5_no_loan_without_approval(owner_file, agent_a, archivist):
    loan = _ask(agent_a, owner_file)
    with pytest.raises(Conflict):
        services.loan_lend(actor=archivist, loan=loan)
    assert ArchiveLoan.objects.get(pk=loan.pk).state == ArchiveLoan.State.REQUESTED


def test_r_ar_5_desk_staff_are_approved_by_the_cs_manager(owner_file, agent_a, csm, archivist):
    loan = _ask(agent_a, owner_file)
    services.loan_approve(actor=csm, loan=loan)
    assert loan.state == ArchiveLoan.State.APPROVED and loan.head_approved_by == csm
    services.loan_lend(actor=archivist, loan=loan)
    assert loan.state == ArchiveLoan.State.LENT
    services.loan_take_back(actor=archivist, loan=loan, intact=True)
    assert loan.state == ArchiveLoan.State.RETURNED and loan.returned_intact is True


def test_r_ar_5_department_staff_are_approved_by_their_head(
    owner_file, site_a, eng_dept_a, dept_head_a, csm
):
    worker = make_user("dept_staff", site_a, department=eng_dept_a)
    loan = _ask(worker, owner_file)
    with pytest.raises(NotAllowed):
        services.loan_approve(actor=csm, loan=loan)
    services.loan_approve(actor=dept_head_a, loan=loan)
    assert loan.state == ArchiveLoan.State.APPROVED


def test_r_ar_5_nobody_approves_their_own_request(owner_file, site_a, pcm_a):
    other_csm = make_user("cs_manager", site_a)
    loan = _ask(other_csm, owner_file)
    with pytest.raises(NotAllowed) as err:
        services.loan_approve(actor=other_csm, loan=loan)
    assert err.value.code == "self_approval"
    services.loan_approve(actor=pcm_a, loan=loan)
    assert loan.state == ArchiveLoan.State.APPROVED


def test_r_ar_5_confidential_needs_the_centre_manager_as_well(owner_file, agent_a, csm, pcm_a):
    ArchiveRecord.objects.filter(pk=owner_file.pk).update(secrecy="confidential")
    owner_file.refresh_from_db()
    loan = _ask(agent_a, owner_file)
    services.loan_approve(actor=csm, loan=loan)
    assert loan.state == ArchiveLoan.State.REQUESTED and services.missing_steps(loan) == ["centre"]
    with pytest.raises(NotAllowed):
        services.loan_approve(actor=csm, loan=loan)
    services.loan_approve(actor=pcm_a, loan=loan)
    assert loan.state == ArchiveLoan.State.APPROVED


def test_r_ar_5_outside_bodies_need_the_gm(owner_file, agent_a, csm, gm):
    loan = _ask(agent_a, owner_file, outside_body="区住建局", contact="王科长")
    services.loan_approve(actor=csm, loan=loan)
    assert loan.state == ArchiveLoan.State.REQUESTED and services.missing_steps(loan) == ["gm"]
    services.loan_approve(actor=gm, loan=loan)
    assert loan.state == ArchiveLoan.State.APPROVED


def test_r_ar_5_one_record_is_out_once_and_damage_is_noted(
    owner_file, agent_a, lead_a, csm, archivist
):
    first, second = _ask(agent_a, owner_file), _ask(lead_a, owner_file)
    for loan in (first, second):
        services.loan_approve(actor=csm, loan=loan)
    services.loan_lend(actor=archivist, loan=first)
    with pytest.raises(Conflict):
        services.loan_lend(actor=archivist, loan=second)
    with pytest.raises(InvalidInput):
        services.loan_take_back(actor=archivist, loan=first, intact=False, damage_note="")
    services.loan_take_back(actor=archivist, loan=first, intact=False, damage_note="第3页撕裂")
    assert first.damage_note == "第3页撕裂"
    services.loan_lend(actor=archivist, loan=second)
    codes = [e.code for e in event_list_for(owner_file)]
    assert codes.count("lent") == 2 and codes.count("returned") == 1


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("mode", {"mode": "steal"}),
        ("purpose", {"purpose": " "}),
        ("due_date", {"due_date": None}),
        ("due_date", {"due_date": timezone.localdate() - timedelta(days=1)}),
        ("due_date", {"due_date": timezone.localdate() + timedelta(days=400)}),
        ("outside_body", {"outside_body": "局" * 101}),
    ],
)
def test_r_ar_5_bad_requests_are_refused_in_chinese(owner_file, agent_a, field, values):
    with pytest.raises(InvalidInput) as err:
        _ask(agent_a, owner_file, **values)
    assert field in err.value.fields
    assert not ArchiveLoan.objects.exists()


def test_r_ar_5_a_record_of_another_site_cannot_be_asked_for(owner_file, agent_b):
    with pytest.raises(InvalidInput):
        services.record_for_request(agent_b, owner_file.number)


def test_r_ar_5_the_borrower_reads_the_record_until_the_due_date(
    owner_file, agent_a, csm, archivist
):
    ArchiveRecord.objects.filter(pk=owner_file.pk).update(secrecy="confidential")
    owner_file.refresh_from_db()
    pcm = make_user("centre_manager", owner_file.site)
    loan = _ask(agent_a, owner_file)
    detail = reverse("archives:record-detail", args=[owner_file.pk])
    att = attachment_list_for(owner_file).get()
    file_url = reverse("archives:record-file", args=[owner_file.pk, att.key])
    c = _client(agent_a)
    assert c.get(detail).status_code == 404
    services.loan_approve(actor=csm, loan=loan)
    services.loan_approve(actor=pcm, loan=loan)
    assert c.get(detail).status_code == 404  # approved but not handed over
    services.loan_lend(actor=archivist, loan=loan)
    assert c.get(detail).status_code == 200
    assert c.get(file_url).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert _client(agent_a).get(detail).status_code == 404
        overdue = _client(archivist).get(reverse("archives:loan-list"), {"show": "overdue"})
        assert [x.pk for x in overdue.context["page"]] == [loan.pk]
    codes = [e.code for e in event_list_for(owner_file).filter(actor=agent_a)]
    assert codes == ["viewed", "downloaded"]


def test_a7_self_approval_through_the_api_is_refused(owner_file, site_a):
    other_csm = make_user("cs_manager", site_a)
    loan = _ask(other_csm, owner_file)
    got = _client(other_csm).get(f"/api/v1/archives/loans/{loan.pk}").json()
    assert "approve" not in got["actions"]
    resp = _client(other_csm).post(
        f"/api/v1/archives/loans/{loan.pk}/approve",
        {"version": loan.version},
        content_type="application/json",
    )
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    assert ArchiveLoan.objects.get(pk=loan.pk).state == ArchiveLoan.State.REQUESTED


def test_a1_loans_are_seen_by_their_borrower_approvers_and_archivist(
    owner_file, agent_a, site_a, site_b, csm, archivist, auditor
):
    loan = _ask(agent_a, owner_file)
    url = reverse("archives:loan-detail", args=[loan.pk])
    for user in (agent_a, csm, archivist, auditor):
        assert _client(user).get(url).status_code == 200
    for user in (make_user("agent", site_a), make_user("cs_manager", site_b)):
        assert _client(user).get(url).status_code == 404
    resp = _client(auditor).post(
        reverse("archives:loan-action", args=[loan.pk, "approve"]), {"version": loan.version}
    )
    assert resp.status_code == 403
    assert ArchiveLoan.objects.get(pk=loan.pk).state == ArchiveLoan.State.REQUESTED


def test_r_ar_5_the_whole_loan_on_the_pages(
    owner_file, agent_a, csm, archivist, django_assert_max_num_queries
):
    c = _client(agent_a)
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    resp = c.post(
        reverse("archives:loan-new"),
        {"record": owner_file.number.lower(), "mode": "read", "purpose": "核对", "due_date": due},
    )
    loan = ArchiveLoan.objects.get()
    assert resp.status_code == 302 and loan.borrower == agent_a
    bad = c.post(reverse("archives:loan-new"), {"record": "DA-XX-1", "mode": "read"}, follow=True)
    assert "没有" in bad.content.decode() and ArchiveLoan.objects.count() == 1
    _client(csm).post(
        reverse("archives:loan-action", args=[loan.pk, "approve"]), {"version": loan.version}
    )
    loan.refresh_from_db()
    a = _client(archivist)
    a.post(reverse("archives:loan-action", args=[loan.pk, "lend"]), {"version": loan.version})
    loan.refresh_from_db()
    a.post(
        reverse("archives:loan-action", args=[loan.pk, "take_back"]),
        {"version": loan.version, "intact": "1"},
    )
    loan.refresh_from_db()
    assert loan.state == ArchiveLoan.State.RETURNED
    assert [e.code for e in event_list_for(loan)] == ["requested", "approve", "lend", "take_back"]
    for _i in range(20):
        _ask(agent_a, owner_file)
    with django_assert_max_num_queries(12):
        page = a.get(reverse("archives:loan-list"))
    assert page.status_code == 200


def test_r_ar_5_the_whole_loan_through_the_api(owner_file, agent_a, csm, archivist):
    due = (timezone.localdate() + timedelta(days=4)).isoformat()
    made = _client(agent_a).post(
        "/api/v1/archives/loans",
        {"record": owner_file.number, "mode": "copy", "purpose": "复印", "due_date": due},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["missing_approvals"] == ["head"] and "cancel" in body["actions"]
    url = f"/api/v1/archives/loans/{body['id']}"
    lend_early = _client(archivist).post(
        f"{url}/lend", {"version": body["version"]}, content_type="application/json"
    )
    assert lend_early.status_code == 409
    ok = _client(csm).post(
        f"{url}/approve", {"note": "", "version": body["version"]}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["state"] == "approved"
    lent = _client(archivist).post(
        f"{url}/lend", {"version": ok.json()["version"]}, content_type="application/json"
    )
    assert lent.json()["state"] == "lent"
    back = _client(archivist).post(
        f"{url}/take-back",
        {"intact": False, "damage_note": "", "version": lent.json()["version"]},
        content_type="application/json",
    )
    assert back.status_code == 400 and "damage_note" in back.json()["fields"]
    listed = _client(archivist).get("/api/v1/archives/loans", {"show": "out"}).json()
    assert listed["count"] == 1
