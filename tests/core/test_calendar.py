"""Business calendar: due times and working minutes across weekends, holidays, 调休 and pauses. R-SS-1."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from propdesk.core.calendar import (
    ALWAYS_OPEN,
    CalendarSpec,
    calendar_spec,
    default_calendar,
    due_at,
)
from propdesk.core.calendar import working_minutes_between as minutes_between
from propdesk.core.models import BusinessCalendar, CalendarDay

SH = timezone.get_default_timezone()
BUSINESS = CalendarSpec(
    holidays=frozenset({datetime.date(2026, 10, d) for d in range(1, 8)}),
    workdays=frozenset({datetime.date(2026, 9, 20), datetime.date(2026, 10, 10)}),
)


def at(y, m, d, hh=0, mm=0):
    return datetime.datetime(y, m, d, hh, mm, tzinfo=SH)


def test_r_ss_1_due_within_the_same_day():
    """R-SS-1: 60 working minutes from Monday 09:00 is Monday 10:00."""
    assert due_at(at(2026, 11, 30, 9), 60, BUSINESS) == at(2026, 11, 30, 10)


def test_r_ss_1_due_runs_overnight_into_the_next_morning():
    """R-SS-1: the clock stops at 17:30 and restarts at 08:30."""
    assert due_at(at(2026, 12, 1, 17), 60, BUSINESS) == at(2026, 12, 2, 9)


def test_r_ss_1_due_ending_at_closing_time_stays_that_day():
    assert due_at(at(2026, 12, 1, 16, 30), 60, BUSINESS) == at(2026, 12, 1, 17, 30)


def test_r_ss_1_due_skips_the_weekend():
    """R-SS-1: Friday 17:00 + 60 min → Monday 09:00."""
    assert due_at(at(2026, 12, 4, 17), 60, BUSINESS) == at(2026, 12, 7, 9)


def test_r_ss_1_registered_at_night_starts_next_working_morning():
    assert due_at(at(2026, 12, 1, 22), 30, BUSINESS) == at(2026, 12, 2, 9)


def test_r_ss_1_due_skips_the_national_day_holiday():
    """R-SS-1: Wednesday 30 Sep 17:00 + 60 min → 8 Oct 09:00 (1–7 Oct are holidays)."""
    assert due_at(at(2026, 9, 30, 17), 60, BUSINESS) == at(2026, 10, 8, 9)


def test_r_ss_1_make_up_saturday_is_a_workday():
    """R-SS-1: Friday 9 Oct 17:00 + 60 min → Saturday 10 Oct 09:00 (调休 workday)."""
    assert due_at(at(2026, 10, 9, 17), 60, BUSINESS) == at(2026, 10, 10, 9)


def test_r_ss_1_make_up_sunday_counts_in_working_minutes():
    """R-SS-1: the make-up Sunday 20 Sep counts 540 minutes; an ordinary Sunday counts none."""
    assert minutes_between(at(2026, 9, 20), at(2026, 9, 21), BUSINESS) == 540
    assert minutes_between(at(2026, 9, 27), at(2026, 9, 28), BUSINESS) == 0


def test_r_ss_1_always_open_counts_every_minute():
    assert due_at(at(2026, 10, 3, 23, 50), 30, ALWAYS_OPEN) == at(2026, 10, 4, 0, 20)
    assert minutes_between(at(2026, 10, 3, 23), at(2026, 10, 4, 1), ALWAYS_OPEN) == 120


def test_r_ss_1_paused_time_does_not_count():
    """R-SS-1: a pause 10:00–11:00 pushes a 120-minute target from 11:00 to 12:00."""
    pause = [(at(2026, 12, 1, 10), at(2026, 12, 1, 11))]
    assert due_at(at(2026, 12, 1, 9), 120, BUSINESS, paused=pause) == at(2026, 12, 1, 12)
    assert minutes_between(at(2026, 12, 1, 9), at(2026, 12, 1, 12), BUSINESS, paused=pause) == 120


def test_r_ss_1_pause_across_the_night_and_overlapping_pauses():
    pauses = [
        (at(2026, 12, 1, 17), at(2026, 12, 2, 9)),
        (at(2026, 12, 2, 8, 45), at(2026, 12, 2, 9, 30)),
    ]
    assert minutes_between(at(2026, 12, 1, 16), at(2026, 12, 2, 10), BUSINESS, paused=pauses) == 90


def test_working_minutes_round_trip_with_due_at():
    start = at(2026, 9, 29, 15, 7)
    for minutes in (1, 59, 540, 541, 3000):
        assert minutes_between(start, due_at(start, minutes, BUSINESS), BUSINESS) == minutes


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        due_at(datetime.datetime(2026, 12, 1, 9), 10, BUSINESS)


def test_zero_minutes_and_reversed_interval():
    assert due_at(at(2026, 12, 5, 3), 0, BUSINESS) == at(2026, 12, 5, 3)
    assert minutes_between(at(2026, 12, 2), at(2026, 12, 1), BUSINESS) == 0


def test_calendar_without_working_days_is_an_error():
    with pytest.raises(ValueError):
        due_at(at(2026, 12, 1), 10, CalendarSpec(weekdays=frozenset()))


@pytest.mark.django_db
def test_r_ss_1_default_calendar_has_the_2026_chinese_schedule():
    """R-SS-1: the migration's default calendar: Spring Festival off, 14 Feb (Saturday) worked."""
    spec = calendar_spec(None)
    assert not spec.is_working_day(datetime.date(2026, 2, 17))
    assert spec.is_working_day(datetime.date(2026, 2, 14))
    assert spec.is_working_day(datetime.date(2026, 10, 10))
    assert not spec.is_working_day(datetime.date(2027, 10, 1))
    assert default_calendar().code == "cn-business"


@pytest.mark.django_db
def test_r_ss_1_due_time_from_now_on_the_database_calendar():
    """R-SS-1: a complaint registered on Friday 13 Feb 2026 17:00 is due on the make-up Saturday."""
    with time_machine.travel(at(2026, 2, 13, 17), tick=False):
        calendar = default_calendar()
        assert due_at(timezone.now(), 60, calendar) == at(2026, 2, 14, 9)
        # Next: the Spring Festival holiday (15–23 Feb) is skipped.
        assert due_at(timezone.now(), 60 + 540, calendar) == at(2026, 2, 24, 9)


@pytest.mark.django_db
def test_calendar_edited_in_the_admin_is_used():
    cal = BusinessCalendar.objects.create(code="site-x", name="X", weekdays="123456")
    CalendarDay.objects.create(calendar=cal, date=datetime.date(2026, 12, 1), kind="holiday")
    assert due_at(at(2026, 11, 30, 17), 60, cal) == at(2026, 12, 2, 9)
    assert due_at(at(2026, 12, 4, 17), 60, cal) == at(2026, 12, 5, 9)
