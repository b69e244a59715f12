"""Reads of the performance app: report lists, missing reports, rankings, training records. R-ST-2, R-ST-8, R-ST-9."""

import datetime

from django.db.models import Max, QuerySet
from django.utils import timezone

from propdesk.core.calendar import calendar_spec
from propdesk.people.models import User

from .models import DailyReport, Score, TrainingAttendance, TrainingInterval, in_force
from .permissions import report_scope, score_scope
from .workflow import SCORED

MAX_RANGE_DAYS = 92  # the missing-report list covers at most a quarter at a time


def reporters_of(site_ids) -> QuerySet[User]:
    """Active desk staff (agents, shift leads) of the given sites (None: every site)."""
    qs = User.objects.filter(is_active=True, groups__name__in=SCORED)
    if site_ids is not None:
        qs = qs.filter(staff__sites__in=site_ids)
    return qs.distinct().order_by("name", "username")


def report_list_for_user(user, *, site_id=None, state: str = "", day=None) -> QuerySet[DailyReport]:
    qs = report_scope(user).select_related("author", "site").order_by("-date", "author__name", "id")
    if site_id is not None:
        qs = qs.filter(site_id=site_id)
    if state:
        qs = qs.filter(state=state)
    if day is not None:
        qs = qs.filter(date=day)
    return qs


def working_days(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Working days of the default business calendar from `start` to `end` inclusive."""
    spec = calendar_spec(None)
    n = (end - start).days + 1
    return [
        d
        for d in (start + datetime.timedelta(days=i) for i in range(max(n, 0)))
        if spec.is_working_day(d)
    ]


def missing_reports(
    site_ids, start: datetime.date, end: datetime.date
) -> list[tuple[datetime.date, User]]:
    """(day, person) of every working day in [start, end] — never today or later, whose report is
    due at the end of the day — on which a desk staff member of the sites wrote no report (R-ST-2).
    Two queries."""
    end = min(end, timezone.localdate() - datetime.timedelta(days=1))
    days = working_days(start, end)
    if not days:
        return []
    people = list(reporters_of(site_ids))
    done = set(
        DailyReport.objects.filter(
            author__in=[p.pk for p in people], date__gte=days[0], date__lte=days[-1]
        ).values_list("author_id", "date")
    )
    return [(d, p) for d in reversed(days) for p in people if (p.pk, d) not in done]


def score_list_for_user(
    user, *, site_id=None, period="month", year=None, number=None
) -> QuerySet[Score]:
    """Scores the user may read, best first within each site (the ranking per site)."""
    qs = score_scope(user).select_related("person", "site").filter(period=period)
    if site_id is not None:
        qs = qs.filter(site_id=site_id)
    if year is not None:
        qs = qs.filter(year=year)
    if number is not None:
        qs = qs.filter(number=number)
    return qs.order_by("-year", "-number", "site__name", "-score", "person__name", "id")


def rank_of(score: Score) -> int:
    """1 + how many people of the same site and period scored higher (one query)."""
    return (
        1
        + Score.objects.filter(
            site_id=score.site_id,
            period=score.period,
            year=score.year,
            number=score.number,
            score__gt=score.score,
        ).count()
    )


def training_interval_days(day: datetime.date) -> int:
    row = in_force(TrainingInterval, day)
    return row.days if row else 90


def due_for_training(site_ids, *, today: datetime.date | None = None) -> list[dict]:
    """Desk staff whose last attended session is older than the interval, or who never attended
    one; oldest first (two queries). R-ST-9."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=training_interval_days(today))
    people = list(reporters_of(site_ids))
    last = dict(
        TrainingAttendance.objects.filter(attended=True, person__in=[p.pk for p in people])
        .values("person_id")
        .annotate(last=Max("session__date"))
        .values_list("person_id", "last")
    )
    rows = [{"person": p, "last": last.get(p.pk)} for p in people]
    due = [r for r in rows if r["last"] is None or r["last"] < cutoff]
    return sorted(due, key=lambda r: (r["last"] or datetime.date.min, r["person"].name))


def training_record(person, *, site_ids=None) -> QuerySet[TrainingAttendance]:
    """A person's sessions with attendance and assessment, newest first. R-ST-9."""
    qs = TrainingAttendance.objects.filter(person=person).select_related(
        "session", "session__trainer"
    )
    if site_ids is not None:
        qs = qs.filter(session__site_id__in=site_ids)
    return qs.order_by("-session__date", "-id")
