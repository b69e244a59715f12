"""Clock-in by desk PC and rotating QR (R-ST-3), the month's review and freeze (R-ST-4),
probation (R-ST-5), complaints and fines (R-ST-6), the ledger (R-ST-7)."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.staff import qr, services
from propdesk.staff.models import (
    DeskStation,
    FineScale,
    LedgerEntry,
    MonthSummary,
    Punch,
    StaffComplaint,
)
from tests.factories import DeskFactory, make_user
from tests.staff.helpers import NOV, at, staffed, work_month


@pytest.fixture
def desk(site_a):
    return DeskFactory(site=site_a, name="总台")


def test_r_st_3_clock_in_by_the_desk_qr(site_a, desk):
    """R-ST-3: the code the desk shows now clocks the agent in, by QR."""
    agent = staffed("agent", site_a)
    p = services.punch_record(actor=agent, kind="in", code=qr.desk_code(desk.pk))
    assert (p.method, p.desk_id, p.site_id) == ("qr", desk.pk, site_a.pk)


def test_r_st_3_expired_or_forged_qr_refused(site_a, desk):
    """R-ST-3: a code older than its 30-second step (and the next) or a forged one is refused."""
    agent = staffed("agent", site_a)
    old = qr.desk_code(desk.pk)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=65)):
        with pytest.raises(InvalidInput) as e:
            services.punch_record(actor=agent, kind="in", code=old)
        assert e.value.code == "qr_expired"
    good = qr.desk_code(desk.pk)
    forged = good[:-3] + ("AAA" if not good.endswith("AAA") else "BBB")
    other_desk = good.replace(f":{desk.pk}:", f":{desk.pk + 1}:")
    for bad in (forged, other_desk, "PDQ1:1:1:XYZ", "<script>", "x" * 5000):
        with pytest.raises(InvalidInput) as e:
            services.punch_record(actor=agent, kind="in", code=bad)
        assert e.value.code == "qr_forged"
    assert not Punch.objects.filter(person=agent).exists()


def test_r_st_3_clock_in_only_at_a_desk_of_their_site(site_a, site_b):
    """R-ST-3: a desk PC of the person's site counts; another site's desk or an unknown PC not."""
    agent = staffed("agent", site_a)
    DeskStation.objects.create(desk=DeskFactory(site=site_a), name="PC1", address="10.0.0.5")
    DeskStation.objects.create(desk=DeskFactory(site=site_b), name="PC1", address="10.1.0.5")
    assert services.punch_record(actor=agent, kind="in", address="10.0.0.5").method == "pc"
    for address in ("10.1.0.5", "192.168.1.1"):
        with pytest.raises(NotAllowed):
            services.punch_record(actor=agent, kind="out", address=address)
    with pytest.raises(NotAllowed):  # another site's QR
        services.punch_record(
            actor=agent, kind="out", code=qr.desk_code(DeskFactory(site=site_b).pk)
        )
    assert Punch.objects.filter(person=agent).count() == 1


def test_r_st_3_missing_punch_corrected_by_approved_request_shows_as_correction(site_a):
    """R-ST-3: the missing clock-out comes in only when the supervisor approves; shown corrected."""
    agent, lead = staffed("agent", site_a), staffed("supervisor", site_a)
    services.punch_record  # noqa: B018 — the agent forgot to clock out on 2 Nov
    from tests.staff.helpers import punch

    punch(agent, at(NOV.replace(day=2), 8, 20), "in")
    services.month_compute(site=site_a, month=NOV)
    assert MonthSummary.objects.get(person=agent).days[0]["flags"] == ["missing"]
    req = services.correction_request(
        actor=agent, kind="out", at=at(NOV.replace(day=2), 17, 40), reason="忘记打卡"
    )
    with pytest.raises(NotAllowed):
        services.correction_decide(actor=agent, correction=req, approve=True)
    services.correction_decide(actor=lead, correction=req, approve=True)
    day = MonthSummary.objects.get(person=agent).days[0]
    assert day["flags"] == [] and day["corrected"] is True and day["out"] == "17:40"
    assert Punch.objects.get(person=agent, kind="out").method == "correction"


def test_r_st_3_leave_approved_by_supervisor_is_no_absence(site_a):
    agent, lead = staffed("agent", site_a), staffed("supervisor", site_a)
    leave = services.leave_request(
        actor=agent, kind="sick", first_day="2026-11-02", last_day="2026-11-03", reason="发烧"
    )
    with pytest.raises(NotAllowed):
        services.leave_decide(actor=agent, leave=leave, approve=True)
    services.leave_decide(actor=lead, leave=leave, approve=True)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    assert s.leave_days == 2 and s.days[0]["flags"] == ["leave"]


def test_r_st_3_bad_leave_input_changes_nothing(site_a):
    agent = staffed("agent", site_a)
    for kwargs in (
        {"kind": "sick", "first_day": "2026-11-05", "last_day": "2026-11-02", "reason": "x"},
        {"kind": "nap", "first_day": "2026-11-02", "last_day": "2026-11-02", "reason": "x"},
        {"kind": "sick", "first_day": "bad", "last_day": "2026-11-02", "reason": "x"},
        {"kind": "sick", "first_day": "2026-11-02", "last_day": "2026-11-02", "reason": "x" * 5000},
        {"kind": "sick", "first_day": "2026-11-02", "last_day": "2026-11-02", "reason": "  "},
    ):
        with pytest.raises(InvalidInput):
            services.leave_request(actor=agent, **kwargs)


def _confirmed_november(site_a, csm, agent, late=3):
    work_month(agent, late_days=late)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    services.month_review(actor=csm, summary=s)
    services.month_confirm(actor=csm, summary=s)
    s.refresh_from_db()
    return s


def test_r_st_4_review_confirm_and_a_confirmed_month_never_changes(site_a, csm):
    """R-ST-4: draft → reviewed → confirmed; later punches, fines and rewards for a confirmed
    month change nothing in it and show as corrections in the next month."""
    agent, lead = staffed("agent", site_a), staffed("supervisor", site_a)
    s = _confirmed_november(site_a, csm, agent)
    frozen = MonthSummary.objects.filter(pk=s.pk).values().get()
    assert s.state == "confirmed" and s.lateness_deduction == Decimal("270.00")
    services.month_compute(site=site_a, month=NOV)
    # a late correction of 2 Nov's clock-in: was 08:40, the real clock-in at 08:28
    services.correction_decide(
        actor=lead,
        approve=True,
        correction=services.correction_request(
            actor=agent, kind="in", at=at(NOV.replace(day=2), 8, 28), reason="打卡机故障"
        ),
    )
    services.complaint_decide(
        actor=csm,
        confirm=True,
        complaint=services.complaint_file(
            actor=lead,
            person=agent,
            source="colleague",
            severity="minor",
            description="态度",
            occurred_on="2026-11-20",
        ),
    )
    services.ledger_entry_add(
        actor=lead, person=agent, month=NOV, kind="award", amount="50", note="服务之星"
    )
    with pytest.raises(Conflict):
        services.month_reopen(actor=csm, summary=s)
    assert MonthSummary.objects.filter(pk=s.pk).values().get() == frozen
    dec = datetime.date(2026, 12, 1)
    entries = LedgerEntry.objects.filter(person=agent)
    assert {(e.month, e.kind, e.amount, e.corrects_month) for e in entries} == {
        (dec, "correction", Decimal("150.00"), NOV),  # 270.00 for 3 late days → 120.00 for 2
        (dec, "award", Decimal("50.00"), NOV),
    }
    c = StaffComplaint.objects.get(person=agent)
    assert c.month == dec and c.is_correction


def test_r_st_4_correction_line_is_the_difference(site_a, csm):
    """R-ST-4: 3 late days (270.00) corrected to 2 (120.00) → a +150.00 correction next month."""
    agent, lead = staffed("agent", site_a), staffed("supervisor", site_a)
    _confirmed_november(site_a, csm, agent)
    req = services.correction_request(
        actor=agent, kind="in", at=at(NOV.replace(day=2), 8, 28), reason="打卡机故障"
    )
    services.correction_decide(actor=lead, correction=req, approve=True)
    e = LedgerEntry.objects.get(person=agent, kind="correction")
    assert e.amount == Decimal("150.00") and e.month == datetime.date(2026, 12, 1)


def test_r_st_4_nobody_reviews_or_confirms_their_own_month(site_a, csm):
    agent = staffed("agent", site_a)
    own = staffed("cs_manager", site_a)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=own)
    with pytest.raises(NotAllowed):
        services.month_review(actor=own, summary=s)
    with pytest.raises(NotAllowed):  # the agent is not a manager
        services.month_review(actor=agent, summary=MonthSummary.objects.get(person=agent))
    assert MonthSummary.objects.get(pk=s.pk).state == "draft"


def test_r_st_5_probationer_with_customer_complaint_flagged_without_not(site_a, csm):
    """R-ST-5: a probationer (hired 1 Oct, three months) with a customer complaint in the month is
    flagged for the manager's decision; one without is not; a colleague's complaint no flag."""
    hired = datetime.date(2026, 10, 1)
    complained = staffed("agent", site_a, hire=hired)
    clean = staffed("agent", site_a, hire=hired)
    colleague_only = staffed("agent", site_a, hire=hired)
    veteran = staffed("agent", site_a)
    for person, source in (
        (complained, "ticket"),
        (colleague_only, "colleague"),
        (veteran, "sales"),
    ):
        services.complaint_file(
            actor=csm,
            person=person,
            source=source,
            severity="minor",
            description="投诉",
            occurred_on="2026-11-10",
        )
    services.month_compute(site=site_a, month=NOV)
    got = {s.person_id: (s.on_probation, s.probation_flag) for s in MonthSummary.objects.all()}
    assert got[complained.pk] == (True, True)
    assert got[clean.pk] == (True, False)
    assert got[colleague_only.pk] == (True, False)
    assert got[veteran.pk] == (False, False)
    from propdesk.people.models import StaffProfile

    assert services.probation_end(StaffProfile.objects.get(user=complained)) == datetime.date(
        2026, 12, 31
    )


def test_r_st_6_fine_under_10_refused_and_defaults_per_severity(site_a, csm):
    """R-ST-6: a fine of 9.99 is refused; the default per severity is configurable (≥ 10)."""
    agent = staffed("agent", site_a)
    for bad in ("9.99", "0", "-10", "abc", "1e400"):
        with pytest.raises(InvalidInput):
            services.complaint_file(
                actor=csm,
                person=agent,
                source="colleague",
                severity="minor",
                description="x",
                occurred_on="2026-11-10",
                fine=bad,
            )
    assert not StaffComplaint.objects.exists()
    c = services.complaint_file(
        actor=csm,
        person=agent,
        source="colleague",
        severity="moderate",
        description="x",
        occurred_on="2026-11-10",
    )
    assert c.fine == Decimal("50.00")
    FineScale.objects.create(company=site_a.company, severity="moderate", amount=Decimal("30"))
    c2 = services.complaint_file(
        actor=csm,
        person=agent,
        source="colleague",
        severity="moderate",
        description="x",
        occurred_on="2026-11-10",
    )
    assert c2.fine == Decimal("30.00")


def test_r_st_6_from_a_ticket_statement_confirm_and_fine_in_the_month(site_a, csm):
    """R-ST-6: the ticket names the person complained about; they state their side; the manager
    confirms; the fine is in the month's summary. Withdrawn costs nothing."""
    from tests.staff.helpers import complaint_ticket

    agent = staffed("agent", site_a)
    ticket = complaint_ticket(site_a, target_staff=agent)
    c = services.complaint_file(
        actor=csm,
        person=agent,
        source="colleague",
        severity="serious",
        description="顶撞业主",
        occurred_on="2026-11-10",
        ticket=ticket,
    )
    assert c.source == "ticket"
    services.complaint_statement(actor=agent, complaint=c, statement="业主先辱骂")
    with pytest.raises(NotAllowed):
        services.complaint_statement(actor=csm, complaint=c, statement="x")
    other = make_user("cs_manager", site_a)
    services.complaint_decide(actor=other, complaint=c, confirm=True)
    w = services.complaint_file(
        actor=csm,
        person=agent,
        source="sales",
        severity="minor",
        description="x",
        occurred_on="2026-11-11",
    )
    services.complaint_decide(actor=other, complaint=w, confirm=False)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent)
    assert s.fines == Decimal("100.00")
    assert [ln["kind"] for ln in s.lines] == ["fine"]
    with pytest.raises(Conflict):
        services.complaint_statement(actor=agent, complaint=c, statement="again")


def test_r_st_7_ledger_entries_with_who_granted_and_suggested_lines(site_a, csm):
    """R-ST-7: rewards, commission and penalties per month with the granter; a suggested line
    (another app's) counts once granted; nobody grants their own."""
    agent, lead = staffed("agent", site_a), staffed("supervisor", site_a)
    services.ledger_entry_add(
        actor=lead, person=agent, month=NOV, kind="praise", amount="20", note="业主表扬"
    )
    services.ledger_entry_add(
        actor=csm, person=agent, month=NOV, kind="commission", amount="300", note="提成"
    )
    services.ledger_entry_add(
        actor=csm, person=agent, month=NOV, kind="penalty", amount="15", note="迟交日报"
    )
    sug = services.ledger_entry_add(
        actor=None,
        person=agent,
        month=NOV,
        kind="bonus",
        amount="200",
        note="绩效奖金建议",
        source="performance",
        suggested=True,
    )
    with pytest.raises(NotAllowed):
        services.ledger_entry_add(
            actor=agent, person=agent, month=NOV, kind="bonus", amount="1", note="x"
        )
    with pytest.raises(NotAllowed):
        services.ledger_entry_grant(actor=agent, entry=sug)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent)
    assert s.ledger_total == Decimal("305.00")
    services.ledger_entry_grant(actor=csm, entry=sug)
    s.refresh_from_db()
    assert s.ledger_total == Decimal("505.00")
    assert LedgerEntry.objects.get(pk=sug.pk).granted_by == csm
