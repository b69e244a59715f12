"""Helpers shared by the services of renovations, passes and releases."""

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import visible_site_ids
from propdesk.core.calendar import calendar_spec_for
from propdesk.core.exceptions import InvalidInput, NotFound
from propdesk.core.text import optional_text, require_text  # noqa: F401 (the app's writes)

MAX_DAYS_AHEAD = 366


def require_site(user, site_id: int) -> None:
    """The user works at `site_id`; otherwise the record is treated as not found."""
    ids = visible_site_ids(user)
    if ids is not None and site_id not in ids:
        raise NotFound()


def money(value, field: str, *, default: Decimal = Decimal("0")) -> Decimal:
    """A non-negative amount in yuan with at most two decimals."""
    if value in (None, ""):
        return default
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        amount = Decimal("-1")
    if amount < 0 or amount > Decimal("99999999"):
        raise InvalidInput(
            _("Enter an amount of zero or more, in yuan."),
            code="bad_amount",
            fields={field: _("Not a valid amount.")},
        )
    return amount


def future_date(value, field: str, *, label) -> date:
    """A date from today on (at most a year ahead): a date in the past is refused."""
    if not isinstance(value, date):
        raise InvalidInput(
            _("Enter the %(what)s.") % {"what": label},
            code="required",
            fields={field: _("Required.")},
        )
    today = timezone.localdate()
    if value < today:
        raise InvalidInput(
            _("The %(what)s cannot be in the past.") % {"what": label},
            code="date_in_past",
            fields={field: _("A date from today on.")},
        )
    if value > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput(
            _("The %(what)s is more than a year ahead.") % {"what": label},
            code="date_too_far",
            fields={field: _("At most a year ahead.")},
        )
    return value


def add_working_days(day: date, n: int) -> date:
    """The n-th working day after `day` on the default business calendar (holidays, 调休)."""
    spec = calendar_spec_for(None)
    for _i in range(n):
        for _j in range(60):  # a calendar without working days must not loop forever
            day += timedelta(days=1)
            if spec.is_working_day(day):
                break
    return day


def is_working_day(day: date) -> bool:
    return calendar_spec_for(None).is_working_day(day)
