"""A person's working days and what happened on each (R-ST-3), computed in memory.

Scheduled days: office hours (08:30–17:30) on the business calendar's working days — a make-up
workday (调休) counts, a public holiday does not — or a desk shift (day / middle / night; a
night shift ends the next morning) on the calendar's days or every day for the 24-hour desk.
A punch belongs to the scheduled day whose window, widened by six hours either side, holds it.
Late: the first clock-in is more than the grace minutes after the start (a clock-in within the
start minute is on time). Early leave: the last clock-out is before the end. Missing punch: a
clock-in without a clock-out or the reverse. Absence: no punch on a scheduled day without
approved leave.
"""

import bisect
import calendar as pycal
import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from propdesk.core.calendar import calendar_spec_for

WIDEN = datetime.timedelta(hours=6)


def month_days(month: datetime.date) -> list[datetime.date]:
    n = pycal.monthrange(month.year, month.month)[1]
    return [month.replace(day=d) for d in range(1, n + 1)]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def is_working_day(day: datetime.date, spec=None) -> bool:
    """The business calendar's working day; a 24×7 calendar falls back to Monday–Friday with its
    holidays and make-up workdays."""
    spec = spec or calendar_spec_for(None)
    if day in spec.holidays:
        return False
    if day in spec.workdays:
        return True
    weekdays = spec.weekdays if not spec.always_open else frozenset({1, 2, 3, 4, 5})
    return day.isoweekday() in weekdays


class PunchRow(NamedTuple):
    at: datetime.datetime
    kind: str
    method: str


@dataclass
class Day:
    date: datetime.date
    start: datetime.datetime
    end: datetime.datetime
    first_in: datetime.datetime | None = None
    last_out: datetime.datetime | None = None
    punches: int = 0
    corrected: bool = False
    leave: bool = False
    late_minutes: int = 0
    flags: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        tz = timezone.get_default_timezone()

        def hm(v):
            return v.astimezone(tz).strftime("%H:%M") if v else ""

        return {
            "date": self.date.isoformat(),
            "start": hm(self.start),
            "end": hm(self.end),
            "in": hm(self.first_in),
            "out": hm(self.last_out),
            "late_minutes": self.late_minutes,
            "flags": self.flags,
            "corrected": self.corrected,
        }


def scheduled_days(schedule, month: datetime.date, spec=None) -> list[Day]:
    tz = timezone.get_default_timezone()
    spec = spec or calendar_spec_for(None)
    start_t, end_t = schedule.start, schedule.end
    out = []
    for d in month_days(month):
        if schedule.days != "daily" and not is_working_day(d, spec):
            continue
        start = datetime.datetime.combine(d, start_t, tzinfo=tz)
        end_day = d + datetime.timedelta(days=1) if end_t <= start_t else d
        end = datetime.datetime.combine(end_day, end_t, tzinfo=tz)
        out.append(Day(d, start, end))
    return out


def evaluate(days: list[Day], punches, leave_days: set, grace_minutes: int) -> list[Day]:
    """Fill each day from `punches` (objects with .at, .kind, .method, sorted by .at)."""
    times = [p.at for p in punches]
    for day in days:
        if day.date in leave_days:
            day.leave = True
            day.flags.append("leave")
            continue
        lo = bisect.bisect_left(times, day.start - WIDEN)
        hi = bisect.bisect_left(times, day.end + WIDEN)
        ins = [p for p in punches[lo:hi] if p.kind == "in"]
        outs = [p for p in punches[lo:hi] if p.kind == "out"]
        day.punches = hi - lo
        day.corrected = any(p.method == "correction" for p in punches[lo:hi])
        if not day.punches:
            day.flags.append("absent")
            continue
        day.first_in = ins[0].at if ins else None
        day.last_out = outs[-1].at if outs else None
        if not ins or not outs:
            day.flags.append("missing")
        if day.first_in:
            late = int((day.first_in - day.start).total_seconds() // 60)
            if late > grace_minutes:
                day.late_minutes = late
                day.flags.append("late")
        if day.last_out and day.last_out < day.end:
            day.flags.append("early")
    return days
