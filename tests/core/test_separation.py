"""A7: separation of duties — nobody approves, accepts, countersigns or grants their own.

APPROVALS has one row per approval the product has, keyed by where it lives; each row tries the
self-approval through the page or the API and asserts it is refused and nothing changed.
`test_a7_every_approval_has_a_row` finds the approvals in the code — the approve/accept/sign
actions of every state machine, every review signature line, the countersign — so a new app's
approval (archive borrowing, destruction, goods release on a phone consent, attendance correction)
fails CI until it has a row here.
"""

import importlib
import inspect
import pkgutil
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import propdesk
from propdesk.core.models import Signature
from propdesk.core.statemachine import StateMachine
from propdesk.frontdesk import services as desk
from propdesk.frontdesk.models import LeaveOfPost, MailLogDay, ShiftHandover
from tests.business_records import desk_with_shifts
from tests.factories import make_user

APPROVAL_WORDS = ("approve", "accept", "sign", "countersign", "grant", "consent", "confirm")
# Actions named like an approval that approve nobody's own request, and why.
NOT_SELF_APPROVALS = {
    "TICKET_FLOW.accept": "the department head takes dispatched work on",
    "RENOVATION_FLOW.accept": "the desk accepts the contractor's finished works; no user is a party",
    "RELEASE_FLOW.consent": "the desk records the owner's own signature; the owner consents",
    "RELEASE_FLOW.consent_phone": "records the owner's word on the phone; a second person confirms",
    "RELEASE_FLOW.owner_consent": "the owner consents to a tenant's slip for their own unit",
    "DOCUMENT_FLOW.sign": "each manager signs that they have read it (签阅), the issuer included",
}


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _signed(target, slot):
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(target)
    return Signature.objects.filter(
        content_type=ct, object_id=target.pk, slot=slot, signer__isnull=False
    ).exists()


@pytest.fixture
def accepted(site_a, lead_a, agent_a):
    """A handover the shift lead gave (outgoing, recorder of its duty log) and agent A accepted."""
    with time_machine.travel("2026-03-02 07:50 +0800", tick=False):
        d = desk_with_shifts(site_a)
        h = desk.handover_open(actor=lead_a, desk=d, summary="夜班平稳", incoming=agent_a)
        for c in h.checks.all():
            desk.handover_check_set(actor=lead_a, handover=h, code=c.code, result="pass")
        desk.handover_submit(actor=lead_a, handover=h)
        h.refresh_from_db()
        for part in ("log", "handover"):
            desk.handover_record_read(actor=agent_a, handover=h, part=part)
        h.refresh_from_db()
        desk.handover_accept(actor=agent_a, handover=h)
        h.refresh_from_db()
    return h


def _review_own(accepted, lead_a, kind, slot):
    target = accepted if kind == "handover" else accepted.duty_log
    resp = _client(lead_a).post(reverse("frontdesk:sign", args=[kind, target.pk]), {"slot": slot})
    assert resp.status_code in (302, 403, 409), resp.status_code
    assert not _signed(target, slot)


def a7_review_own_handover_supervisor(accepted, lead_a, **_):
    _review_own(accepted, lead_a, "handover", "supervisor")


def a7_review_own_handover_manager(accepted, site_a, **_):
    manager = make_user("cs_manager", site_a)  # on the record as its incoming agent
    ShiftHandover.objects.filter(pk=accepted.pk).update(incoming=manager)
    resp = _client(manager).post(
        reverse("frontdesk:sign", args=["handover", accepted.pk]), {"slot": "manager"}
    )
    assert resp.status_code in (302, 403, 409)
    assert not _signed(accepted, "manager")


def a7_review_own_duty_log_countersign(accepted, lead_a, **_):
    _review_own(accepted, lead_a, "dutylog", "countersign")


def a7_review_own_duty_log_manager(accepted, site_a, **_):
    manager = make_user("cs_manager", site_a)
    log = accepted.duty_log
    type(log).objects.filter(pk=log.pk).update(recorder=manager)
    resp = _client(manager).post(
        reverse("frontdesk:sign", args=["dutylog", log.pk]), {"slot": "manager"}
    )
    assert resp.status_code in (302, 403, 409)
    assert not _signed(log, "manager")


def a7_one_person_signs_one_line_only(accepted, site_a, **_):
    """The supervisor and manager lines are two people (a CS manager could sign both)."""
    manager = make_user("cs_manager", site_a)
    c = _client(manager)
    url = reverse("frontdesk:sign", args=["handover", accepted.pk])
    c.post(url, {"slot": "supervisor"})
    assert _signed(accepted, "supervisor")
    c.post(url, {"slot": "manager"})
    assert not _signed(accepted, "manager")


def a7_countersign_own_mail_day(site_a, lead_a, unit_a, **_):
    desk_with_shifts(site_a)
    desk.mail_register(actor=lead_a, site_id=site_a.pk, unit=unit_a)
    day = MailLogDay.objects.get(site=site_a)
    resp = _client(lead_a).post(
        reverse("frontdesk:sign", args=["mailday", day.pk]), {"slot": "countersign"}
    )
    assert resp.status_code in (302, 403, 409)
    assert not _signed(day, "countersign")


def a7_countersign_own_contact(site_a, lead_a, **_):
    from propdesk.tickets import services as tickets

    contact = tickets.contact_register(
        actor=lead_a,
        site=site_a,
        channel="visit",
        kind="inquiry",
        content="询问",
        caller_name="访客",
    )
    sig = Signature.objects.get(object_id=contact.pk, slot="countersign")
    resp = _client(lead_a).post(reverse("tickets:countersign-sign", args=[sig.pk]))
    assert resp.status_code in (302, 403, 404)
    sig.refresh_from_db()
    assert sig.signer_id is None


def a7_approve_own_leave_of_post(site_a, lead_a, agent_a, **_):
    d = desk_with_shifts(site_a)
    desk.desk_take(actor=lead_a, desk=d)
    leave = desk.leave_request(actor=lead_a, desk=d, replacement=agent_a, reason="去开会")
    resp = _client(lead_a).post(
        f"/api/v1/desk/leave-requests/{leave.pk}/approve", {}, content_type="application/json"
    )
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    assert LeaveOfPost.objects.get(pk=leave.pk).state == LeaveOfPost.State.REQUESTED


def a7_accept_own_handover(site_a, agent_a, **_):
    with time_machine.travel("2026-03-02 07:50 +0800", tick=False):
        other = make_user("agent", site_a)
        h = desk.handover_open(actor=agent_a, desk=desk_with_shifts(site_a), incoming=other)
        for c in h.checks.all():
            desk.handover_check_set(actor=agent_a, handover=h, code=c.code, result="pass")
        desk.handover_submit(actor=agent_a, handover=h)
        resp = _client(agent_a).post(
            f"/api/v1/desk/handovers/{h.pk}/accept", {}, content_type="application/json"
        )
    assert resp.status_code == 403
    assert ShiftHandover.objects.get(pk=h.pk).state == ShiftHandover.State.SUBMITTED


def a7_grant_own_role(db, **_):
    """Whoever grants roles never grants their own (nor switches off their own login)."""
    admin_user = make_user("sysadmin", is_staff=True)
    resp = _client(admin_user).post(
        reverse("admin:people_user_change", args=[admin_user.pk]),
        {
            "username": admin_user.username,
            "name": "我",
            "groups": [Group.objects.get(name="gm").pk],
            "staff-TOTAL_FORMS": "0",
            "staff-INITIAL_FORMS": "0",
        },
    )
    assert resp.status_code == 302
    admin_user.refresh_from_db()
    assert set(admin_user.groups.values_list("name", flat=True)) == {"sysadmin"}
    assert admin_user.is_active and admin_user.is_staff


def _post(user, url, data=None):
    return _client(user).post(url, data or {}, content_type="application/json")


def a7_approve_own_renovation(site_a, lead_a, unit_a, **_):
    """The shift lead who registered an application never approves it (R-FD-2)."""
    from propdesk.passes.models import Renovation
    from tests.factories import resident_in
    from tests.passes.conftest import renovation_for

    r = renovation_for(lead_a, unit_a, resident_in(unit_a, name="张业主"))
    got = _client(lead_a).get(f"/api/v1/renovations/{r.pk}").json()
    assert "approve" not in got["actions"]
    resp = _post(lead_a, f"/api/v1/renovations/{r.pk}/approve", {"version": r.version})
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    assert Renovation.objects.get(pk=r.pk).state == Renovation.State.SUBMITTED


def _phone_consent(agent, unit):
    from tests.factories import resident_in
    from tests.passes.conftest import release_for

    owner = resident_in(unit, name="张业主", phone="13812345678")
    g = release_for(agent, unit)
    body = _post(
        agent,
        f"/api/v1/releases/{g.pk}/consent-phone",
        {"phone": owner.phone, "version": g.version},
    ).json()
    assert body["state"] == "consent_check"
    return g, body


def a7_confirm_own_phone_consent(site_a, lead_a, unit_a, **_):
    """Whoever called the owner never confirms that call (R-FD-3)."""
    from propdesk.passes.models import GoodsRelease

    g, body = _phone_consent(lead_a, unit_a)
    assert "consent_confirm" not in body["actions"]
    resp = _post(lead_a, f"/api/v1/releases/{g.pk}/consent-confirm", {"version": body["version"]})
    assert resp.status_code == 403
    assert GoodsRelease.objects.get(pk=g.pk).state == GoodsRelease.State.CONSENT_CHECK


def a7_approve_slip_on_own_phone_consent(site_a, agent_a, lead_a, unit_a, **_):
    """The agent who took the phone consent never stamps the slip (R-FD-3)."""
    from propdesk.passes.models import GoodsRelease

    g, body = _phone_consent(agent_a, unit_a)
    _post(lead_a, f"/api/v1/releases/{g.pk}/consent-confirm", {"version": body["version"]})
    body = _client(agent_a).get(f"/api/v1/releases/{g.pk}").json()
    assert body["state"] == "consented" and "approve" not in body["actions"]
    resp = _post(
        agent_a,
        f"/api/v1/releases/{g.pk}/approve",
        {"arrears_checked": True, "version": body["version"]},
    )
    assert resp.status_code == 403 and resp.json()["code"] == "self_approve"
    assert GoodsRelease.objects.get(pk=g.pk).state == GoodsRelease.State.CONSENTED


def a7_approve_own_template_version(pcm_a, **_):
    """The author of a form version never approves it (R-FM-1)."""
    from propdesk.records import services as records
    from propdesk.records.models import FormTemplate, TemplateVersion

    v = records.template_version_draft(
        actor=pcm_a,
        template=FormTemplate.objects.get(code="duty_log"),
        label="2026.9",
        change_note="改版",
    )
    got = _client(pcm_a).get(f"/api/v1/template-versions/{v.pk}")
    if got.status_code == 200:
        assert "approve" not in got.json()["actions"]
    resp = _post(pcm_a, f"/api/v1/template-versions/{v.pk}/approve", {"version": v.version})
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    assert TemplateVersion.objects.get(pk=v.pk).state == TemplateVersion.State.DRAFT


def a7_chair_signs_minutes_they_took(site_a, pcm_a, csm, dept_head_a, **_):
    """The chair signs the minutes the minute-taker wrote; never minutes of their own (R-MT-1)."""
    from propdesk.meetings import services as meetings
    from propdesk.meetings.models import Meeting

    made = _post(
        pcm_a,
        "/api/v1/meetings/series/",
        {"site": site_a.pk, "chair": pcm_a.pk, "minute_taker": pcm_a.pk},
    )
    assert made.status_code == 400 and "minute_taker" in made.json()["fields"]
    series = meetings.series_create(actor=pcm_a, site=site_a, chair=pcm_a, minute_taker=csm)
    meeting = series.meetings.get()
    meetings.meeting_hold(actor=pcm_a, meeting=meeting)
    for user in (pcm_a, csm, dept_head_a):
        meetings.meeting_attendance(actor=csm, meeting=meeting, user=user, status="present")
    meetings.meeting_minutes_write(actor=csm, meeting=meeting, minutes="纪要正文")
    meetings.meeting_submit(actor=csm, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(minute_taker=pcm_a)  # as if named so since
    body = _client(pcm_a).get(f"/api/v1/meetings/{meeting.pk}").json()
    assert "sign" not in body["actions"]
    resp = _post(pcm_a, f"/api/v1/meetings/{meeting.pk}/sign", {"version": body["version"]})
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    assert Meeting.objects.get(pk=meeting.pk).state == Meeting.State.SUBMITTED


def a7_approve_own_archive_loan(site_a, pcm_a, **_):
    """Whoever asks to borrow an archive record never approves it (R-AR-5)."""
    from propdesk.archives import services as archives
    from propdesk.archives.models import ArchiveClass, ArchiveLoan

    archivist = make_user("archivist")
    record = archives.record_create(
        actor=archivist,
        archive_class=ArchiveClass.objects.get(code="yz"),
        site=site_a,
        title="业主档案",
        secrecy="confidential",
    )
    loan = archives.loan_request(
        actor=pcm_a,
        record=record,
        mode="borrow",
        purpose="核对",
        due_date=timezone.localdate() + timedelta(days=3),
    )
    got = _client(pcm_a).get(f"/api/v1/archives/loans/{loan.pk}").json()
    assert "approve" not in got["actions"]
    resp = _post(pcm_a, f"/api/v1/archives/loans/{loan.pk}/approve", {"version": loan.version})
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    page = _client(pcm_a).post(
        reverse("archives:loan-action", args=[loan.pk, "approve"]), {"version": loan.version}
    )
    assert page.status_code == 403
    loan.refresh_from_db()
    assert loan.state == ArchiveLoan.State.REQUESTED and loan.centre_approved_at is None


def a7_approve_own_archive_loan_renewal(site_a, pcm_a, **_):
    """Whoever asks to keep a lent archive record longer never approves the renewal (R-AR-5)."""
    from propdesk.archives import services as archives
    from propdesk.archives.models import ArchiveClass, ArchiveLoan, ArchiveLoanRenewal

    archivist = make_user("archivist")
    record = archives.record_create(
        actor=archivist,
        archive_class=ArchiveClass.objects.get(code="yz"),
        site=site_a,
        title="业主档案",
    )
    borrower = make_user("cs_manager", site_a)
    loan = archives.loan_request(
        actor=borrower,
        record=record,
        mode="borrow",
        purpose="核对",
        due_date=timezone.localdate() + timedelta(days=3),
    )
    archives.loan_approve(actor=pcm_a, loan=loan)
    archives.loan_lend(actor=archivist, loan=loan)
    renewal = archives.loan_renew_request(
        actor=borrower, loan=loan, new_due_date=loan.due_date + timedelta(days=5), reason="续借"
    )
    got = _client(borrower).get(f"/api/v1/archives/loans/{loan.pk}").json()
    assert "renewal_approve" not in got["actions"]
    url = f"/api/v1/archives/loans/{loan.pk}/renewal/approve"
    resp = _post(borrower, url, {"version": renewal.version})
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    page = _client(borrower).post(
        reverse("archives:loan-action", args=[loan.pk, "renewal_approve"]),
        {"version": renewal.version},
    )
    assert page.status_code == 403
    renewal.refresh_from_db()
    assert renewal.state == ArchiveLoanRenewal.State.REQUESTED and renewal.head_approved_at is None
    assert ArchiveLoan.objects.get(pk=loan.pk).due_date == loan.due_date


def a7_countersign_own_inspection_round(site_a, **_):
    """Whoever closed a quarterly archive inspection never countersigns it (R-AR-4)."""
    from propdesk.archives import services as archives
    from propdesk.archives.models import InspectionRound

    both = make_user("archivist", site_a)
    both.groups.add(Group.objects.get(name="cs_manager"))
    rnd, _ = archives.inspection_round_open(site=site_a)
    archives.inspection_close(actor=both, rnd=rnd)
    resp = _client(both).post(
        reverse("archives:round-action", args=[rnd.pk, "countersign"]), {"version": rnd.version}
    )
    assert resp.status_code == 403
    assert InspectionRound.objects.get(pk=rnd.pk).state == InspectionRound.State.CLOSED


def a7_approve_own_destruction(site_a, **_):
    """Whoever proposed a destruction never approves it; one person never fills both lines."""
    from datetime import date

    import time_machine as tm

    from propdesk.archives import services as archives
    from propdesk.archives.models import ArchiveClass, DestructionBatch

    proposer = make_user("archivist")
    proposer.groups.add(Group.objects.get(name="cs_manager"))
    with tm.travel("2020-03-01 10:00 +0800", tick=False):
        record = archives.record_create(
            actor=proposer,
            archive_class=ArchiveClass.objects.get(code="ts"),
            site=site_a,
            title="投诉卷",
            date_to=date(2020, 2, 28),
        )
    batch = archives.destruction_propose(
        actor=proposer, site=site_a, record_ids=[record.pk], reason="保管期满"
    )
    resp = _client(proposer).post(
        reverse("archives:destruction-action", args=[batch.pk, "approve"]), {"version": 0}
    )
    assert resp.status_code == 403
    assert DestructionBatch.objects.get(pk=batch.pk).state == DestructionBatch.State.PROPOSED


def a7_sign_both_lines_of_custody_transfer(site_a, **_):
    """The archivist handing records over never signs the takeover line too (R-AR-6)."""
    from propdesk.archives import services as archives
    from propdesk.archives.models import ArchiveClass, ArchiveRecord, CustodyTransfer

    outgoing, incoming = make_user("archivist"), make_user("archivist")
    record = archives.record_create(
        actor=outgoing,
        archive_class=ArchiveClass.objects.get(code="yz"),
        site=site_a,
        title="业主档案",
    )
    t = archives.transfer_propose(actor=outgoing, to_user=incoming, records=[record.pk])
    resp = _client(outgoing).post(
        reverse("archives:transfer-action", args=[t.pk, "sign"]), {"version": t.version}
    )
    assert resp.status_code == 302
    api = _post(outgoing, f"/api/v1/archives/transfers/{t.pk}/sign", {"version": t.version})
    assert api.status_code == 409 and api.json()["code"] == "already_signed"
    assert CustodyTransfer.objects.get(pk=t.pk).state == CustodyTransfer.State.OPEN
    assert ArchiveRecord.objects.get(pk=record.pk).custodian == outgoing


def a7_confirm_own_household_link(site_a, unit_a, resident_a):
    """A desk agent living at the site asks to link a person to their own unit: their own
    confirmation is refused and the directory is unchanged."""
    from propdesk.people.models import Occupancy, StaffProfile
    from propdesk.portal.household import link_request_create
    from propdesk.portal.models import HouseholdRequest

    user = make_user("resident")
    user.groups.add(Group.objects.get(name="agent"))
    StaffProfile.objects.create(user=user, employee_no="A7HH1").sites.set([site_a])
    resident_a.user = user
    resident_a.save()
    req = link_request_create(
        actor=user,
        resident=resident_a,
        unit_id=unit_a.pk,
        name="孙八",
        phone="13755556666",
        relation="family",
    )
    _client(user).post(reverse("household-request-decide", args=[req.pk, "confirm"]))
    assert HouseholdRequest.objects.get(pk=req.pk).state == "pending"
    assert not Occupancy.objects.filter(resident__phone="13755556666").exists()


def _lead_and_manager(site_a):
    """One person who leads a shift and manages the desk (both roles), so would review themself."""
    both = make_user("supervisor", site_a)
    both.groups.add(Group.objects.get(name="cs_manager"))
    return both


def a7_accept_own_daily_report(site_a, **_):
    """Nobody accepts their own daily work report (R-ST-2)."""
    from propdesk.performance import services as perf
    from propdesk.performance.models import DailyReport

    both = _lead_and_manager(site_a)
    r = perf.report_submit(actor=both, site=site_a, day=timezone.localdate())
    got = _client(both).get(f"/api/v1/performance/reports/{r.pk}").json()
    assert "accept" not in got["actions"]
    resp = _post(both, f"/api/v1/performance/reports/{r.pk}/accept", {"version": r.version})
    assert resp.status_code == 403 and resp.json()["code"] == "own"
    page = _client(both).post(reverse("performance:report-accept", args=[r.pk]), {"version": 0})
    assert page.status_code == 403
    assert DailyReport.objects.get(pk=r.pk).state == DailyReport.State.SUBMITTED


def a7_confirm_own_bonus_line(site_a, **_):
    """Nobody confirms the bonus line of their own performance score (R-ST-8)."""
    from propdesk.performance import services as perf
    from propdesk.performance.models import Score

    both = _lead_and_manager(site_a)
    today = timezone.localdate()
    perf.scores_compute(
        actor=both, site=site_a, period="month", year=today.year, number=today.month
    )
    score = Score.objects.get(person=both)
    got = _client(both).get(f"/api/v1/performance/scores/{score.pk}").json()
    assert "confirm" not in got["actions"]
    resp = _post(both, f"/api/v1/performance/scores/{score.pk}/confirm", {"version": score.version})
    assert resp.status_code == 403 and resp.json()["code"] == "own"
    page = _client(both).post(reverse("performance:score-confirm", args=[score.pk]), {"version": 0})
    assert page.status_code == 403
    assert Score.objects.get(pk=score.pk).confirmed_by is None


def a7_approve_own_survey(site_a, **_):
    """Whoever drafted a satisfaction survey never approves it, even as a site head (R-SS-3)."""
    from propdesk.surveys import services as surveys
    from propdesk.surveys.models import Survey

    author = make_user("cs_manager", site_a)
    today = timezone.localdate()
    survey = surveys.survey_create(
        actor=author, site=site_a, name="满意度调查", period="2026", opens_on=today, closes_on=today
    )
    got = _client(author).get(f"/api/v1/surveys/{survey.pk}").json()
    assert "approve" not in got["actions"]
    resp = _post(author, f"/api/v1/surveys/{survey.pk}/approve", {"version": survey.version})
    assert resp.status_code == 403 and resp.json()["code"] == "self_approval"
    page = _client(author).post(
        reverse("surveys:survey-action", args=[survey.pk, "approve"]), {"version": survey.version}
    )
    assert page.status_code == 403
    assert Survey.objects.get(pk=survey.pk).state == Survey.State.DRAFTED


def a7_approve_own_quality_report(site_a, **_):
    """Whoever drafted or submitted the complaint analysis report never approves it (R-CP-6)."""
    from propdesk.quality import services as quality
    from propdesk.quality.models import AnalysisReport
    from propdesk.quality.quarters import current_quarter

    both = make_user("cs_manager", site_a)
    both.groups.add(Group.objects.get(name="gm"))
    report = quality.report_generate(
        actor=both, quarter=str(current_quarter().previous), site_id=site_a.pk
    )
    quality.report_edit(actor=both, report=report, summary="本季度投诉情况", analysis_text="")
    quality.report_submit(actor=both, report=report)
    assert "approve" not in quality.report_actions(both, report)
    resp = _client(both).post(
        reverse("quality:report-action", args=[report.pk, "approve"]), {"version": report.version}
    )
    assert resp.status_code == 403
    assert AnalysisReport.objects.get(pk=report.pk).state == AnalysisReport.State.SUBMITTED


def _staff_refused(fn, **kwargs):
    from propdesk.core.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        fn(**kwargs)


def a7_approve_own_staff_leave(site_a):
    """A supervisor's own leave: they may approve others', never their own (R-ST-3)."""
    from propdesk.staff import services as staff
    from propdesk.staff.models import LeaveRequest
    from tests.staff.helpers import staffed

    lead = staffed("supervisor", site_a)
    leave = staff.leave_request(
        actor=lead, kind="annual", first_day="2026-11-02", last_day="2026-11-02", reason="休假"
    )
    _staff_refused(staff.leave_decide, actor=lead, leave=leave, approve=True)
    api = _client(lead).post(
        f"/api/v1/staff/leave/{leave.pk}/approve", content_type="application/json"
    )
    assert api.status_code in (403, 404)
    assert LeaveRequest.objects.get(pk=leave.pk).state == "pending"


def a7_approve_own_punch_correction(site_a):
    """Nobody approves the correction of their own punches (R-ST-3)."""
    from propdesk.staff import services as staff
    from propdesk.staff.models import PunchCorrection
    from tests.staff.helpers import at, staffed

    lead = staffed("supervisor", site_a)
    req = staff.correction_request(
        actor=lead,
        kind="out",
        at=at(timezone.localdate() - timedelta(days=1), 17, 40),
        reason="忘打卡",
    )
    _staff_refused(staff.correction_decide, actor=lead, correction=req, approve=True)
    api = _client(lead).post(
        f"/api/v1/staff/corrections/{req.pk}/approve", content_type="application/json"
    )
    assert api.status_code in (403, 404)
    assert PunchCorrection.objects.get(pk=req.pk).state == "pending"


def a7_confirm_own_month(site_a):
    """A CS manager never reviews or confirms their own month (R-ST-4)."""
    from propdesk.staff import services as staff
    from propdesk.staff.models import MonthSummary
    from tests.staff.helpers import NOV, staffed

    own = staffed("cs_manager", site_a)
    staff.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=own)
    MonthSummary.objects.filter(pk=s.pk).update(state="reviewed")
    s.refresh_from_db()
    _staff_refused(staff.month_confirm, actor=own, summary=s)
    api = _client(own).post(f"/api/v1/staff/months/{s.pk}/confirm", content_type="application/json")
    assert api.status_code in (403, 404)
    assert MonthSummary.objects.get(pk=s.pk).state == "reviewed"


def a7_confirm_complaint_against_self(site_a):
    """A manager never confirms a complaint against themself, nor one they filed (R-ST-6)."""
    from propdesk.staff import services as staff
    from propdesk.staff.models import StaffComplaint
    from tests.staff.helpers import staffed

    own = staffed("cs_manager", site_a)
    agent = staffed("agent", site_a)
    gm = make_user("gm")
    against_self = staff.complaint_file(
        actor=gm,
        person=own,
        source="colleague",
        severity="minor",
        description="x",
        occurred_on="2026-11-10",
    )
    filed_by_self = staff.complaint_file(
        actor=own,
        person=agent,
        source="colleague",
        severity="minor",
        description="x",
        occurred_on="2026-11-10",
    )
    for c in (against_self, filed_by_self):
        _staff_refused(staff.complaint_decide, actor=own, complaint=c, confirm=True)
    api = _client(own).post(
        f"/api/v1/staff/complaints/{against_self.pk}/confirm", content_type="application/json"
    )
    assert api.status_code in (403, 404)
    assert set(StaffComplaint.objects.values_list("state", flat=True)) == {"open"}


def a7_grant_own_ledger_entry(site_a):
    """Nobody grants a reward to themself, directly or by granting a suggested line (R-ST-7)."""
    from propdesk.staff import services as staff
    from propdesk.staff.models import LedgerEntry
    from tests.staff.helpers import NOV, staffed

    lead = staffed("supervisor", site_a)
    _staff_refused(
        staff.ledger_entry_add,
        actor=lead,
        person=lead,
        month=NOV,
        kind="bonus",
        amount="100",
        note="x",
    )
    sug = staff.ledger_entry_add(
        actor=None, person=lead, month=NOV, kind="bonus", amount="100", note="x", suggested=True
    )
    _staff_refused(staff.ledger_entry_grant, actor=lead, entry=sug)
    api = _client(lead).post(
        f"/api/v1/staff/ledger/{sug.pk}/grant", content_type="application/json"
    )
    assert api.status_code in (403, 404)
    assert list(LedgerEntry.objects.values_list("state", flat=True)) == ["suggested"]


def test_a7_staff_approvals_over_all_pairs(site_a):
    """A7 (R-ST-3 … R-ST-7): over every pair of roles on a site, a decision on someone's leave,
    punch correction, reward or complaint is allowed only from above, never to oneself."""
    from propdesk.staff.permissions import can_decide, can_manage, rank
    from tests.staff.helpers import staffed

    people = [staffed(r, site_a) for r in ("agent", "supervisor", "cs_manager", "centre_manager")]
    people.append(make_user("gm"))
    people.append(make_user("auditor"))
    for actor in people:
        for person in people:
            allowed = can_decide(actor, person, site_a.pk)
            if actor.pk == person.pk or actor.is_read_only:
                assert not allowed
                assert not can_manage(actor, person, site_a.pk)
            else:
                assert allowed == (rank(actor) > rank(person))


APPROVALS = {
    "HOUSEHOLD_FLOW.confirm": a7_confirm_own_household_link,
    "SURVEY_FLOW.approve": a7_approve_own_survey,
    "DESTRUCTION_FLOW.approve": a7_approve_own_destruction,
    "ROUND_FLOW.countersign": a7_countersign_own_inspection_round,
    "LOAN_FLOW.approve": a7_approve_own_archive_loan,
    "RENEWAL_FLOW.approve": a7_approve_own_archive_loan_renewal,
    "TRANSFER_FLOW.sign": a7_sign_both_lines_of_custody_transfer,
    "RENOVATION_FLOW.approve": a7_approve_own_renovation,
    "RELEASE_FLOW.consent_confirm": a7_confirm_own_phone_consent,
    "RELEASE_FLOW.approve": a7_approve_slip_on_own_phone_consent,
    "TEMPLATE_FLOW.approve": a7_approve_own_template_version,
    "MEETING_FLOW.sign": a7_chair_signs_minutes_they_took,
    "frontdesk.review.ShiftHandover.supervisor": a7_review_own_handover_supervisor,
    "frontdesk.review.ShiftHandover.manager": a7_review_own_handover_manager,
    "frontdesk.review.DutyLog.countersign": a7_review_own_duty_log_countersign,
    "frontdesk.review.DutyLog.manager": a7_review_own_duty_log_manager,
    "frontdesk.review.MailLogDay.countersign": a7_countersign_own_mail_day,
    "frontdesk.review.two_lines": a7_one_person_signs_one_line_only,
    "core.signatures.countersign": a7_countersign_own_contact,
    "LEAVE_FLOW.approve": a7_approve_own_leave_of_post,
    "HANDOVER_FLOW.accept": a7_accept_own_handover,
    "people.roles.grant": a7_grant_own_role,
    "REPORT_FLOW.accept": a7_accept_own_daily_report,
    "SCORE_FLOW.confirm": a7_confirm_own_bonus_line,
    "ANALYSIS_REPORT_FLOW.approve": a7_approve_own_quality_report,
    "STAFF_LEAVE_FLOW.approve": a7_approve_own_staff_leave,
    "PUNCH_CORRECTION_FLOW.approve": a7_approve_own_punch_correction,
    "MONTH_FLOW.confirm": a7_confirm_own_month,
    "STAFF_COMPLAINT_FLOW.confirm": a7_confirm_complaint_against_self,
    "LEDGER_FLOW.grant": a7_grant_own_ledger_entry,
}


@pytest.fixture
def needs(request):
    """The fixtures a row asks for, by name (rows take only what they use)."""
    return lambda names: {n: request.getfixturevalue(n) for n in names}


@pytest.mark.parametrize("key", sorted(APPROVALS))
def test_a7_no_self_approval(key, needs):
    """A7: the requester, filler or person on the record never approves it (0 self-approvals)."""
    fn = APPROVALS[key]
    params = inspect.signature(fn).parameters.values()
    fn(**needs([p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]))


def _state_machines() -> dict[str, StateMachine]:
    """Every state machine of the product by its name (TICKET_FLOW …), wherever it is imported."""
    machines = {}
    for info in pkgutil.walk_packages(propdesk.__path__, "propdesk."):
        if ".migrations" in info.name or ".management" in info.name:
            continue
        for attr, value in vars(importlib.import_module(info.name)).items():
            if isinstance(value, StateMachine):
                machines[attr] = value
    return machines


def _approvals_in_code() -> set[str]:
    found = set()
    for name, machine in _state_machines().items():
        for action in machine.transitions:
            if set(action.split("_")) & set(APPROVAL_WORDS):
                found.add(f"{name}.{action}")
    from propdesk.frontdesk.services.review import REVIEW_SLOTS

    for model, slots in REVIEW_SLOTS.items():
        found |= {f"frontdesk.review.{model.__name__}.{slot}" for slot in slots}
    found.add("core.signatures.countersign")
    found.add("people.roles.grant")
    return found


def test_a7_every_approval_has_a_row():
    """A new approval in the code (a state-machine action, a signature line) needs a row above."""
    missing = _approvals_in_code() - set(APPROVALS) - set(NOT_SELF_APPROVALS)
    assert missing == set()
    assert "LEAVE_FLOW.approve" in _approvals_in_code()


def test_a7_leave_is_approved_by_another_supervisor(site_a, lead_a, agent_a):
    """The same route works when someone else approves (the refusals above are about the self)."""
    d = desk_with_shifts(site_a)
    desk.desk_take(actor=lead_a, desk=d)
    leave = desk.leave_request(actor=lead_a, desk=d, replacement=agent_a, reason="去开会")
    other = make_user("supervisor", site_a)
    resp = _client(other).post(
        f"/api/v1/desk/leave-requests/{leave.pk}/approve", {}, content_type="application/json"
    )
    assert resp.status_code == 200
    assert timezone.now() - LeaveOfPost.objects.get(pk=leave.pk).decided_at < timedelta(minutes=1)
