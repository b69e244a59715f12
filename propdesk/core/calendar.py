"""Business calendar arithmetic for SLA clocks: due times and working minutes. R-SS-1.

A calendar is 24×7 or business hours (default 08:30–17:30, Monday–Friday) with public holidays
and make-up workdays (调休). Paused intervals (a ticket waiting on the resident) never count.
All datetimes are aware; working days are cut in Asia/Shanghai (`TIME_ZONE`).
"""

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils import timezone

from .localcache import LocalCache
from .models import BusinessCalendar, CalendarDay

Interval = tuple[datetime.datetime, datetime.datetime]

# A calendar with no working day at all would loop forever; ten years is far beyond any SLA.
_MAX_DAYS = 3660


@dataclass(frozen=True)
class CalendarSpec:
    """A calendar loaded into memory: the arithmetic below runs without further queries."""

    always_open: bool = False
    day_start: datetime.time = datetime.time(8, 30)
    day_end: datetime.time = datetime.time(17, 30)
    weekdays: frozenset[int] = frozenset({1, 2, 3, 4, 5})
    holidays: frozenset[datetime.date] = frozenset()
    workdays: frozenset[datetime.date] = frozenset()

    def is_working_day(self, day: datetime.date) -> bool:
        """Holidays win over the weekly pattern; make-up workdays turn a weekend day into a workday."""
        if self.always_open:
            return True
        if day in self.holidays:
            return False
        return day in self.workdays or day.isoweekday() in self.weekdays


ALWAYS_OPEN = CalendarSpec(always_open=True)


def calendar_spec(calendar: "BusinessCalendar | CalendarSpec | None") -> CalendarSpec:
    """The in-memory form of `calendar` (one query for its days); None means the default calendar."""
    if isinstance(calendar, CalendarSpec):
        return calendar
    if calendar is None:
        calendar = default_calendar()
        if calendar is None:
            return ALWAYS_OPEN
    days = CalendarDay.objects.filter(calendar=calendar).values_list("date", "kind")
    holidays = {d for d, kind in days if kind == CalendarDay.Kind.HOLIDAY}
    workdays = {d for d, kind in days if kind == CalendarDay.Kind.WORKDAY}
    return CalendarSpec(
        always_open=calendar.always_open,
        day_start=calendar.day_start,
        day_end=calendar.day_end,
        weekdays=frozenset(int(c) for c in calendar.weekdays if c.isdigit()),
        holidays=frozenset(holidays),
        workdays=frozenset(workdays),
    )


_specs = LocalCache(BusinessCalendar, CalendarDay)


def calendar_spec_for(calendar_id: int | None) -> CalendarSpec:
    """The spec of a calendar by id (None: the default calendar), without queries most of the
    time: specs are kept for a minute in this process (core.localcache)."""

    def load() -> CalendarSpec:  # calendar_spec(None) is the default calendar's
        calendar = BusinessCalendar.objects.filter(pk=calendar_id).first() if calendar_id else None
        return calendar_spec(calendar)

    return _specs.get(calendar_id, load)


def default_calendar() -> BusinessCalendar | None:
    """The calendar marked default (created by a migration, editable in the admin)."""
    return BusinessCalendar.objects.filter(is_default=True).first()


def _day_window(spec: CalendarSpec, day: datetime.date) -> Interval | None:
    tz = timezone.get_default_timezone()
    if not spec.is_working_day(day):
        return None
    if spec.always_open:
        start = datetime.datetime.combine(day, datetime.time.min, tz)
        return start, datetime.datetime.combine(
            day + datetime.timedelta(days=1), datetime.time.min, tz
        )
    return (
        datetime.datetime.combine(day, spec.day_start, tz),
        datetime.datetime.combine(day, spec.day_end, tz),
    )


def _windows(spec: CalendarSpec, start: datetime.datetime) -> Iterator[Interval]:
    """Working windows in time order, the first one clipped to begin at `start`."""
    day = timezone.localtime(start).date()
    for offset in range(_MAX_DAYS):
        window = _day_window(spec, day + datetime.timedelta(days=offset))
        if window is not None and window[1] > start:
            yield max(window[0], start), window[1]


def _minus_paused(window: Interval, paused: list[Interval]) -> Iterator[Interval]:
    """The parts of `window` outside every paused interval (`paused` sorted by start)."""
    start, end = window
    for p_start, p_end in paused:
        if p_end <= start or p_start >= end:
            continue
        if p_start > start:
            yield start, p_start
        start = max(start, p_end)
        if start >= end:
            return
    if start < end:
        yield start, end


def _normalise(paused: Iterable[Interval] | None) -> list[Interval]:
    return sorted((a, b) for a, b in (paused or ()) if b > a)


def _check_aware(*values: datetime.datetime) -> None:
    if any(timezone.is_naive(v) for v in values):
        raise ValueError("business calendar arithmetic needs aware datetimes")


def due_at(
    start: datetime.datetime,
    minutes: int,
    calendar: "BusinessCalendar | CalendarSpec | None",
    *,
    paused: Iterable[Interval] | None = None,
) -> datetime.datetime:
    """`start` plus `minutes` of working time on `calendar`, skipping `paused` intervals."""
    _check_aware(start)
    if minutes <= 0:
        return start
    spec, pauses = calendar_spec(calendar), _normalise(paused)
    left = datetime.timedelta(minutes=minutes)
    for window in _windows(spec, start):
        for part_start, part_end in _minus_paused(window, pauses):
            if part_end - part_start >= left:
                return part_start + left
            left -= part_end - part_start
    raise ValueError("the calendar has no working time within ten years")


def working_minutes_between(
    a: datetime.datetime,
    b: datetime.datetime,
    calendar: "BusinessCalendar | CalendarSpec | None",
    *,
    paused: Iterable[Interval] | None = None,
) -> int:
    """Whole working minutes from `a` to `b` on `calendar`, not counting `paused`; 0 if b ≤ a."""
    _check_aware(a, b)
    if b <= a:
        return 0
    spec, pauses = calendar_spec(calendar), _normalise(paused)
    total = datetime.timedelta()
    for window in _windows(spec, a):
        if window[0] >= b:
            break
        for part_start, part_end in _minus_paused((window[0], min(window[1], b)), pauses):
            total += part_end - part_start
    return int(total.total_seconds() // 60)
