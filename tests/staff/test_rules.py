"""The rule book's lateness deductions (R-ST-4) and the attendance days (R-ST-3)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from propdesk.core.models import BusinessCalendar, CalendarDay
from propdesk.staff import services
from propdesk.staff.models import AttendanceRule, MonthSummary, Schedule
from propdesk.staff.rules import RuleTerms, fen, lateness_deduction
from tests.staff.helpers import NOV, NOV_WORKDAYS, at, punch, staffed, work_day, work_month


@pytest.mark.parametrize(
    "late, expected", [(0, "0.00"), (1, "60.00"), (2, "120.00"), (3, "270.00"), (5, "570.00")]
)
def test_r_st_4_rule_book_numbers(late, expected):
    """R-ST-4: first two late days 2 % each, from the third (inclusive) 5 % each, on 3,000.00."""
    assert lateness_deduction(Decimal("3000.00"), late) == Decimal(expected)


def test_r_st_4_rounding_to_the_fen_half_up():
    """R-ST-4: each day's amount is rounded to the fen by ROUND_HALF_UP (2 % of 3,333.25 = 66.665)."""
    assert fen(Decimal("66.665")) == Decimal("66.67")
    assert lateness_deduction(Decimal("3333.25"), 1) == Decimal("66.67")
    assert lateness_deduction(Decimal("3333.25"), 3) == Decimal("66.67") * 2 + Decimal("166.66")


@pytest.mark.parametrize(
    "late, expected", [(1, "60.00"), (2, "120.00"), (3, "270.00"), (5, "570.00")]
)
def test_r_st_4_month_summary_gives_the_rule_book_numbers(site_a, late, expected):
    """R-ST-4: punches of a month with 1, 2, 3, 5 late days → the month's deduction exactly."""
    agent = staffed("agent", site_a)
    work_month(agent, late_days=late)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    assert s.late_days == late
    assert s.lateness_deduction == Decimal(expected)
    assert s.net == Decimal("3000.00") - Decimal(expected)
    assert s.scheduled_days == len(NOV_WORKDAYS) == s.worked_days
    assert s.absent_days == s.missing_days == s.early_days == 0


def test_r_st_3_makeup_workday_counts_and_public_holiday_does_not(site_a):
    """R-ST-3: a make-up workday (调休, Saturday 7 Nov) is scheduled; a holiday (Mon 2 Nov) is not."""
    cal = BusinessCalendar.objects.get(is_default=True)
    CalendarDay.objects.create(calendar=cal, date=datetime.date(2026, 11, 7), kind="workday")
    CalendarDay.objects.create(calendar=cal, date=datetime.date(2026, 11, 2), kind="holiday")
    agent = staffed("agent", site_a)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    dates = {d["date"] for d in s.days}
    assert "2026-11-07" in dates and "2026-11-02" not in dates
    assert s.scheduled_days == len(NOV_WORKDAYS)  # one added, one removed
    assert s.absent_days == s.scheduled_days  # nobody punched


def test_r_st_3_late_early_missing_absent_per_day(site_a):
    """R-ST-3: late, early leave, missing punch and absence are told apart per day."""
    agent = staffed("agent", site_a)
    work_day(agent, NOV.replace(day=2), in_at=(8, 31))  # late by 1 minute
    work_day(agent, NOV.replace(day=3), in_at=(8, 30, 59))  # within the start minute: on time
    work_day(agent, NOV.replace(day=4), out_at=(17, 0))  # early leave
    punch(agent, at(NOV.replace(day=5), 8, 20), "in")  # no clock-out
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    flags = {d["date"]: d["flags"] for d in s.days}
    assert flags["2026-11-02"] == ["late"] and flags["2026-11-03"] == []
    assert flags["2026-11-04"] == ["early"] and flags["2026-11-05"] == ["missing"]
    assert flags["2026-11-06"] == ["absent"]
    assert (s.late_days, s.early_days, s.missing_days) == (1, 1, 1)
    assert s.absent_days == len(NOV_WORKDAYS) - 4


def test_r_st_3_night_shift_of_the_24_hour_desk(site_a):
    """R-ST-3: a shift of the desk that ends after midnight, every day; the clock-out next morning."""
    from tests.business_records import desk_with_shifts

    desk = desk_with_shifts(site_a)
    middle = desk.shifts.get(name="中班")  # 16:00–00:00
    agent = staffed("agent", site_a, shift=middle, days=Schedule.Days.DAILY)
    punch(agent, at(NOV.replace(day=1), 16, 5), "in")
    punch(agent, at(NOV.replace(day=2), 0, 1), "out")
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    assert s.scheduled_days == 30
    assert s.days[0]["flags"] == ["late"] and s.days[0]["out"] == "00:01"


def test_r_st_4_rule_per_company_with_effective_date_kept_by_the_month(site_a):
    """R-ST-4: a company rule (grace 5 min, 3 % / 6 %) from 1 Nov; the month keeps its version."""
    AttendanceRule.objects.create(
        company=site_a.company,
        effective_from=NOV,
        first_count=2,
        first_percent=Decimal("3"),
        later_percent=Decimal("6"),
        grace_minutes=5,
    )
    agent = staffed("agent", site_a)
    work_month(agent, late_days=3, late_minutes=10)
    work_day(agent, datetime.date(2026, 11, 30), in_at=(8, 34))  # within grace: on time
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    assert s.late_days == 3 and s.lateness_deduction == Decimal("360.00")  # 90 + 90 + 180
    assert (s.rule_first_percent, s.rule_later_percent, s.rule_grace_minutes) == (3, 6, 5)
    # a later rule does not touch November
    AttendanceRule.objects.create(company=site_a.company, effective_from=datetime.date(2026, 12, 1))
    services.month_compute(site=site_a, month=NOV)
    assert MonthSummary.objects.get(pk=s.pk).lateness_deduction == Decimal("360.00")


# --- property test: random punch sequences against the rule computed here independently --------

minutes = st.integers(min_value=-30, max_value=90)  # clock-in minutes after 08:30 (negative: early)
day_plan = st.one_of(st.none(), minutes)  # None: no punch that day


def independent_deduction(base: Decimal, plans, grace: int, p1: Decimal, p2: Decimal, n1: int):
    late = 0
    total = Decimal("0")
    for m in plans:
        if m is not None and m > grace:
            late += 1
            pct = p1 if late <= n1 else p2
            total += (base * pct / 100).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    return total


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    plans=st.lists(day_plan, min_size=len(NOV_WORKDAYS), max_size=len(NOV_WORKDAYS)),
    base=st.decimals(min_value=1000, max_value=20000, places=2),
    grace=st.integers(min_value=0, max_value=15),
)
def test_r_st_4_property_random_punches_give_the_rule(site_a, plans, base, grace):
    """R-ST-4 (hypothesis): the month's deduction equals the rule computed independently."""
    from propdesk.people.models import StaffProfile
    from propdesk.staff.models import Punch

    AttendanceRule.objects.update_or_create(
        company=site_a.company, effective_from=NOV, defaults={"grace_minutes": grace}
    )
    agent = staffed("agent", site_a, base=str(base))
    rows = []
    for d, m in zip(NOV_WORKDAYS, plans, strict=True):
        if m is None:
            continue
        day = NOV.replace(day=d)
        start = at(day, 8, 30) + datetime.timedelta(minutes=m, seconds=m % 7 * 7)
        rows += [
            Punch(person=agent, site=site_a, at=start, kind="in", method="qr"),
            Punch(person=agent, site=site_a, at=at(day, 17, 40), kind="out", method="qr"),
        ]
    Punch.objects.bulk_create(rows)
    services.month_compute(site=site_a, month=NOV)
    s = MonthSummary.objects.get(person=agent, month=NOV)
    expected = independent_deduction(base, plans, grace, Decimal(2), Decimal(5), 2)
    assert s.lateness_deduction == expected
    assert s.absent_days == sum(1 for m in plans if m is None)
    StaffProfile.objects.filter(user=agent).delete()
    Schedule.objects.filter(person=agent).delete()


def test_r_st_4_terms_default():
    assert RuleTerms() == RuleTerms(2, Decimal("2"), Decimal("5"), 0)
