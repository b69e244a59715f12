"""Meeting series: set-up and the plan of the next meeting (every Friday 09:00 by default; on a
public holiday the previous working day of the business calendar is proposed). R-MT-1."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.calendar import calendar_spec_for
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput
from propdesk.core.numbering import number_next

from .. import selectors
from ..models import Attendance, Meeting, MeetingSeries
from ..permissions import require_site
from ..workflow import ORGANISERS
from .common import recipients_language, require_text

# A proposed day never moves back further than this (a calendar without working days).
_MAX_BACK_DAYS = 14


def _check_people(site_id: int, chair, minute_taker, members) -> None:
    allowed = set(selectors.member_choices(site_id).values_list("pk", flat=True))
    for field, people in (
        ("chair", [chair]),
        ("minute_taker", [minute_taker]),
        ("members", members),
    ):
        if not people or any(p is None or p.pk not in allowed for p in people):
            msg = _("Choose managers of this site.")
            raise InvalidInput(msg, fields={field: msg})
    if chair is not None and minute_taker is not None and chair.pk == minute_taker.pk:
        msg = _("The chair and the minute-taker must be two people.")
        raise InvalidInput(msg, fields={"minute_taker": msg})


@transaction.atomic
def series_create(
    *,
    actor,
    site,
    chair,
    minute_taker,
    members=None,
    title: str = "",
    weekday: int = 5,
    start_time: datetime.time = datetime.time(9, 0),
    duration_minutes: int = 60,
    location: str = "",
    plan: bool = True,
) -> MeetingSeries:
    """Set up a site's weekly meeting and plan its next meeting (R-MT-1); `plan=False` leaves
    the planning to the hourly sweep."""
    require_role(actor, ORGANISERS)
    require_site(actor, site.pk)
    if members is None:
        members = list(selectors.site_staff(site.pk, selectors.DEFAULT_MEMBER_ROLES))
    members = list({m.pk: m for m in [*members, chair, minute_taker] if m is not None}.values())
    _check_people(site.pk, chair, minute_taker, members)
    if not 1 <= int(weekday) <= 7:
        raise InvalidInput(fields={"weekday": _("Choose a weekday.")})
    if not (title or "").strip():
        with recipients_language():  # stored text: in the product language, not the requester's
            title = gettext("Weekly meeting of the principal heads")
    series = MeetingSeries.objects.create(
        site=site,
        title=require_text(title, "title", _("Give the meeting a title."), 100),
        weekday=int(weekday),
        start_time=start_time,
        duration_minutes=duration_minutes,
        location=(location or "").strip()[:100],
        chair=chair,
        minute_taker=minute_taker,
        created_by=actor,
    )
    series.members.set(members)
    event_record(target=series, code="created", actor=actor, data={"members": len(members)})
    if plan:
        series_plan(series=series)
    return series


def regular_day(series: MeetingSeries, today: datetime.date) -> datetime.date:
    """The series' next regular day on or after `today` (e.g. the coming Friday)."""
    return today + datetime.timedelta(days=(series.weekday - today.isoweekday()) % 7)


def proposed_day(series: MeetingSeries, day: datetime.date) -> tuple[datetime.date, str]:
    """The day to meet for the regular day `day`: itself on a working day, else the previous
    working day of the series' calendar (R-MT-1)."""
    spec = calendar_spec_for(series.calendar_id)
    if spec.is_working_day(day):
        return day, Meeting.Moved.NONE
    for back in range(1, _MAX_BACK_DAYS + 1):
        earlier = day - datetime.timedelta(days=back)
        if spec.is_working_day(earlier):
            return earlier, Meeting.Moved.HOLIDAY
    return day, Meeting.Moved.NONE


def series_plan(*, series: MeetingSeries, now=None) -> Meeting | None:
    """Make sure the meeting of the next regular day exists; returns it when created now.

    Idempotent: one meeting per (series, regular day), guarded by a unique constraint, so two
    schedulers racing create it once.
    """
    now = now or timezone.now()
    day = regular_day(series, timezone.localtime(now).date())
    if not series.is_active or Meeting.objects.filter(series=series, planned_on=day).exists():
        return None
    meet_on, moved = proposed_day(series, day)
    starts = datetime.datetime.combine(meet_on, series.start_time, timezone.get_default_timezone())
    try:
        with transaction.atomic():
            meeting = Meeting.objects.create(
                series=series,
                site_id=series.site_id,
                number=number_next(scheme="HY", site_id=series.site_id, year=meet_on.year),
                planned_on=day,
                starts_at=starts,
                moved=moved,
                location=series.location,
                chair_id=series.chair_id,
                minute_taker_id=series.minute_taker_id,
            )
    except IntegrityError:
        return None  # planned by another scheduler at the same moment
    Attendance.objects.bulk_create(
        [Attendance(meeting=meeting, user=u) for u in series.members.filter(is_active=True)]
    )
    event_record(target=meeting, code="planned", data={"day": day.isoformat(), "moved": moved})
    from .actions import carry_open_actions

    carry_open_actions(meeting=meeting)
    return meeting


@transaction.atomic
def series_plan_now(*, actor, series: MeetingSeries) -> Meeting | None:
    """The chair or an organiser plans the next meeting at once (what the sweep does hourly)."""
    require_site(actor, series.site_id)
    if actor.pk != series.chair_id:
        require_role(actor, ORGANISERS)
    return series_plan(series=series)


def series_sweep(*, now=None) -> int:
    """Periodic sweep: plan the next meeting of every active series; returns how many were made."""
    made = 0
    for series in MeetingSeries.objects.filter(is_active=True).order_by("id"):
        with transaction.atomic():
            made += series_plan(series=series, now=now) is not None
    return made
