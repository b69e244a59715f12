"""Quarters: parsed from `2026Q3`, bounded in the local time zone, never in the future."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.exceptions import InvalidInput

_PATTERN = re.compile(r"^\s*(\d{4})\s*[Qq]\s*([1-4])\s*$")


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return _("%(year)s Q%(number)s") % {"year": self.year, "number": self.number}

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 3 * self.number - 2, 1)

    @property
    def next(self) -> "Quarter":
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    @property
    def previous(self) -> "Quarter":
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @property
    def year_before(self) -> "Quarter":
        return Quarter(self.year - 1, self.number)

    @property
    def start(self) -> datetime.datetime:
        return _local_midnight(self.first_day)

    @property
    def end(self) -> datetime.datetime:
        """The first instant after the quarter (half-open interval)."""
        return self.next.start

    def months(self) -> list[datetime.date]:
        return [datetime.date(self.year, 3 * self.number - 2 + i, 1) for i in range(3)]

    @classmethod
    def of(cls, day: datetime.date) -> "Quarter":
        return cls(day.year, (day.month - 1) // 3 + 1)


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def current_quarter() -> Quarter:
    return Quarter.of(timezone.localdate())


def last_complete_quarter() -> Quarter:
    return current_quarter().previous


def parse_quarter(raw, *, allow_current: bool = True) -> Quarter:
    """`2026Q3` → Quarter; a malformed, too old or future quarter is refused with a message."""
    match = _PATTERN.match(str(raw or ""))
    if not match:
        raise InvalidInput(
            _("Give the quarter as year and quarter, e.g. 2026Q3."),
            code="quarter",
            fields={"quarter": _("Give the quarter as year and quarter, e.g. 2026Q3.")},
        )
    quarter = Quarter(int(match.group(1)), int(match.group(2)))
    if quarter > current_quarter():
        message = _("Quarter %(quarter)s is in the future; choose a past quarter.") % {
            "quarter": quarter
        }
        raise InvalidInput(message, code="quarter_future", fields={"quarter": message})
    if not allow_current and quarter == current_quarter():
        message = _("Quarter %(quarter)s has not ended yet; choose a past quarter.") % {
            "quarter": quarter
        }
        raise InvalidInput(message, code="quarter_open", fields={"quarter": message})
    if quarter.year < 2000:
        message = _("Quarter %(quarter)s is before the records begin.") % {"quarter": quarter}
        raise InvalidInput(message, code="quarter_old", fields={"quarter": message})
    return quarter
