"""Loan renewals (续借) and overdue reminders (R-AR-5): a renewal is approved by the same steps as
the loan, never by the borrower; the due date moves only when every step is signed; an overdue
loan reminds its borrower and the archivist once a day."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from propdesk.archives import services
from propdesk.archives.models import ArchiveLoan, ArchiveLoanRenewal, ArchiveRecord
from propdesk.core.events import event_list_for
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.notify.models import Notification
from tests.factories import make_user


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _lent(record, borrower, approvers, archivist, days=7):
    loan = services.loan_request(
        actor=borrower,
        record=record,
        mode="borrow",
        purpose="核对产权资料",
        due_date=timezone.localdate() + timedelta(days=days),
    )
    for approver in approvers:
        services.loan_approve(actor=approver, loan=loan)
    services.loan_lend(actor=archivist, loan=loan)
    return loan


def test_r_ar_5_a_renewal_moves_the_due_date_once_approved(owner_file, agent_a, csm, archivist):
    loan = _lent(owner_file, agent_a, [csm], archivist)
    old = loan.due_date
    new = old + timedelta(days=14)
    renewal = services.loan_renew_request(
        actor=agent_a, loan=loan, new_due_date=new, reason="还在核对"
    )
    loan.refresh_from_db()
    assert loan.due_date == old and renewal.missing == ["head"]
    with pytest.raises(Conflict):  # one renewal waits at a time
        services.loan_renew_request(actor=agent_a, loan=loan, new_due_date=new, reason="再续")
    services.loan_renew_approve(actor=csm, renewal=renewal)
    loan.refresh_from_db()
    assert renewal.state == ArchiveLoanRenewal.State.APPROVED and loan.due_date == new
    codes = [e.code for e in event_list_for(loan)]
    assert codes[-3:] == ["renew", "renewal_approved", "renewed"]


def test_r_ar_5_a_confidential_renewal_needs_the_centre_manager_as_well(
    owner_file, agent_a, csm, pcm_a, archivist
):
    ArchiveRecord.objects.filter(pk=owner_file.pk).update(secrecy="confidential")
    owner_file.refresh_from_db()
    loan = _lent(owner_file, agent_a, [csm, pcm_a], archivist)
    old = loan.due_date
    renewal = services.loan_renew_request(
        actor=agent_a, loan=loan, new_due_date=old + timedelta(days=5), reason="补充核对"
    )
    services.loan_renew_approve(actor=csm, renewal=renewal)
    loan.refresh_from_db()
    assert renewal.missing == ["centre"] and loan.due_date == old
    services.loan_renew_approve(actor=pcm_a, renewal=renewal)
    loan.refresh_from_db()
    assert loan.due_date == old + timedelta(days=5)


def test_r_ar_5_nobody_approves_their_own_renewal(owner_file, site_a, pcm_a, archivist):
    other_csm = make_user("cs_manager", site_a)
    loan = _lent(owner_file, other_csm, [pcm_a], archivist)
    renewal = services.loan_renew_request(
        actor=other_csm, loan=loan, new_due_date=loan.due_date + timedelta(days=3), reason="续借"
    )
    with pytest.raises(NotAllowed) as err:
        services.loan_renew_approve(actor=other_csm, renewal=renewal)
    assert err.value.code == "self_approval"
    with pytest.raises(NotAllowed):  # the archivist lends, never approves
        services.loan_renew_approve(actor=archivist, renewal=renewal)
    renewal.refresh_from_db()
    assert renewal.state == ArchiveLoanRenewal.State.REQUESTED and renewal.head_approved_at is None


def test_r_ar_5_only_the_borrower_asks_for_a_renewal_of_a_lent_loan(
    owner_file, agent_a, csm, archivist, site_a
):
    loan = _lent(owner_file, agent_a, [csm], archivist)
    with pytest.raises(NotAllowed):
        services.loan_renew_request(
            actor=make_user("agent", site_a),
            loan=loan,
            new_due_date=loan.due_date + timedelta(days=3),
            reason="续借",
        )
    services.loan_take_back(actor=archivist, loan=loan, intact=True)
    with pytest.raises(Conflict):
        services.loan_renew_request(
            actor=agent_a, loan=loan, new_due_date=loan.due_date + timedelta(days=3), reason="x"
        )
    assert not ArchiveLoanRenewal.objects.exists()


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("reason", {"reason": " "}),
        ("reason", {"reason": "续" * 5000}),
        ("new_due_date", {"new_due_date": None}),
        ("new_due_date", {"days": 0}),
        ("new_due_date", {"days": -3}),
        ("new_due_date", {"days": 400}),
    ],
)
def test_r_ar_5_bad_renewals_are_refused_in_chinese(
    owner_file, agent_a, csm, archivist, field, values
):
    from django.utils import translation

    loan = _lent(owner_file, agent_a, [csm], archivist)
    kw = {"reason": "续借", "new_due_date": loan.due_date + timedelta(days=values.pop("days", 3))}
    with translation.override("zh-hans"):
        with pytest.raises(InvalidInput) as err:
            services.loan_renew_request(actor=agent_a, loan=loan, **(kw | values))
        assert field in err.value.fields
        assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value.fields[field]))
    assert not ArchiveLoanRenewal.objects.exists()


def test_r_ar_5_renewal_on_the_page_and_through_the_api(
    owner_file, agent_a, csm, archivist, django_assert_max_num_queries
):
    loan = _lent(owner_file, agent_a, [csm], archivist)
    new = (loan.due_date + timedelta(days=10)).isoformat()
    borrower = _client(agent_a)
    page = borrower.get(reverse("archives:loan-detail", args=[loan.pk])).content.decode()
    assert 'id="renew"' in page
    resp = borrower.post(
        reverse("archives:loan-action", args=[loan.pk, "renew"]),
        {"version": loan.version, "new_due_date": new, "reason": "还在核对"},
    )
    assert resp.status_code == 302
    renewal = ArchiveLoanRenewal.objects.get()
    got = _client(csm).get(f"/api/v1/archives/loans/{loan.pk}").json()
    assert got["renewal"]["new_due_date"] == new and "renewal_approve" in got["actions"]
    mine = borrower.get(f"/api/v1/archives/loans/{loan.pk}").json()
    assert "renewal_approve" not in mine["actions"] and "renew" not in mine["actions"]
    approver = _client(csm)
    with django_assert_max_num_queries(12):
        page = approver.get(reverse("archives:loan-detail", args=[loan.pk]))
    assert 'id="renewal-approve"' in page.content.decode()
    ok = _client(csm).post(
        f"/api/v1/archives/loans/{loan.pk}/renewal/approve",
        {"note": "", "version": renewal.version},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["due_date"] == new and ok.json()["renewal"] is None
    again = borrower.post(
        f"/api/v1/archives/loans/{loan.pk}/renew",
        {"new_due_date": new, "reason": "x", "version": ok.json()["version"]},
        content_type="application/json",
    )
    assert again.status_code == 400 and "new_due_date" in again.json()["fields"]


def test_r_ar_5_a_renewal_is_refused_with_a_reason(owner_file, agent_a, csm, archivist):
    loan = _lent(owner_file, agent_a, [csm], archivist)
    old = loan.due_date
    services.loan_renew_request(
        actor=agent_a, loan=loan, new_due_date=old + timedelta(days=4), reason="续"
    )
    c = _client(csm)
    url = f"/api/v1/archives/loans/{loan.pk}/renewal/refuse"
    renewal = ArchiveLoanRenewal.objects.get()
    empty = c.post(url, {"note": "", "version": renewal.version}, content_type="application/json")
    assert empty.status_code == 400 and "note" in empty.json()["fields"]
    done = c.post(
        url, {"note": "到期归还", "version": renewal.version}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["due_date"] == old.isoformat()
    renewal.refresh_from_db()
    assert renewal.state == ArchiveLoanRenewal.State.REFUSED
    none = c.post(url, {"note": "x", "version": renewal.version}, content_type="application/json")
    assert none.status_code == 409


def test_r_ar_5_overdue_loans_are_reminded_once_a_day(owner_file, agent_a, csm, archivist):
    loan = _lent(owner_file, agent_a, [csm], archivist, days=2)
    assert services.overdue_sweep() == 0  # not yet due
    later = timezone.now() + timedelta(days=4)
    with time_machine.travel(later, tick=False):
        assert services.overdue_sweep() == 1
        assert services.overdue_sweep() == 0  # once per day per loan
        sent = Notification.objects.filter(code="archive_overdue")
        assert {n.recipient_id for n in sent} == {agent_a.pk, archivist.pk}
        assert loan.number in sent.first().title
    with time_machine.travel(later + timedelta(days=1), tick=False):
        assert services.overdue_sweep() == 1
    assert Notification.objects.filter(code="archive_overdue", recipient=agent_a).count() == 2
    codes = [e.code for e in event_list_for(loan)]
    assert codes.count("overdue_reminder") == 2
    loan.refresh_from_db()
    services.loan_take_back(actor=archivist, loan=loan, intact=True)
    with time_machine.travel(later + timedelta(days=2), tick=False):
        assert services.overdue_sweep() == 0  # returned: no more reminders


def test_r_ar_5_the_overdue_sweep_is_registered_with_the_scheduler():
    from propdesk.core import periodic

    names = {s.name for s in periodic.registered()}
    assert "archives.overdue" in names


def test_r_ar_5_a_renewal_ends_the_overdue_state(owner_file, agent_a, csm, archivist):
    loan = _lent(owner_file, agent_a, [csm], archivist, days=1)
    with time_machine.travel(timezone.now() + timedelta(days=3), tick=False):
        services.overdue_sweep()
        loan.refresh_from_db()
        assert loan.is_overdue
        renewal = services.loan_renew_request(
            actor=agent_a,
            loan=loan,
            new_due_date=timezone.localdate() + timedelta(days=7),
            reason="补办",
        )
        services.loan_renew_approve(actor=csm, renewal=renewal)
        loan = ArchiveLoan.objects.get(pk=loan.pk)
        assert not loan.is_overdue and loan.reminded_on is None
        assert services.overdue_sweep() == 0
