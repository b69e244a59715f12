"""The daily rollup the dashboards read (R-SS-4): one row per site and day, computed from the
tickets registered that day (their SLA clocks and callbacks), the promises due that day and the
major complaints still open at the day's end. The scheduler fills today and yesterday every
hour, and recomputes every day whose tickets changed since the last run (a corrected ticket)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from propdesk.orgs.models import Site
from propdesk.service.models import Promise
from propdesk.tickets.models import CallbackAttempt, Kind, SlaClock, State, Ticket

from .models import DailyRollup


def _bounds(day: datetime.date):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return start, start + datetime.timedelta(days=1)


def rollup_day(site_id: int, day: datetime.date) -> DailyRollup:
    start, end = _bounds(day)
    tickets = Ticket.objects.filter(site_id=site_id, created_at__gte=start, created_at__lt=end)
    tickets = tickets.exclude(state=State.MERGED)
    reached = CallbackAttempt.objects.filter(ticket=OuterRef("pk"), outcome="reached")
    t = tickets.annotate(called=Exists(reached)).aggregate(
        complaints=Count("pk", filter=Q(kind=Kind.COMPLAINT)),
        repairs=Count("pk", filter=Q(kind=Kind.REPAIR)),
        major_complaints=Count("pk", filter=Q(kind=Kind.COMPLAINT, is_major=True)),
        handled=Count("pk", filter=Q(handled_at__isnull=False, callback_required=True)),
        called_back=Count("pk", filter=Q(handled_at__isnull=False, called=True)),
    )
    breached = Q(breached_at__isnull=False) | Q(late_minutes__gt=0)
    clocks = SlaClock.objects.filter(ticket__in=tickets.values("pk")).aggregate(
        decided=Count("pk", filter=Q(state=SlaClock.ClockState.MET) | breached),
        breached=Count("pk", filter=breached),
    )
    calls = CallbackAttempt.objects.filter(
        ticket__in=tickets.values("pk"), outcome="reached", satisfied__isnull=False
    ).aggregate(answered=Count("pk"), satisfied=Count("pk", filter=Q(satisfied=True)))
    promises = Promise.objects.filter(site_id=site_id, due_at__gte=start, due_at__lt=end)
    p = promises.aggregate(due=Count("pk"), kept=Count("pk", filter=Q(kept_on_time=True)))
    major_open = (
        Ticket.objects.filter(
            site_id=site_id, kind=Kind.COMPLAINT, is_major=True, created_at__lt=end
        )
        .exclude(state__in=[State.MERGED, State.CANCELLED])
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        .count()
    )
    row, _ = DailyRollup.objects.update_or_create(
        site_id=site_id,
        day=day,
        defaults={
            **t,
            "sla_decided": clocks["decided"],
            "sla_on_time": clocks["decided"] - clocks["breached"],
            "callbacks_answered": calls["answered"],
            "callbacks_satisfied": calls["satisfied"],
            "promises_due": p["due"],
            "promises_kept": p["kept"],
            "major_open": major_open,
            "computed_at": timezone.now(),
        },
    )
    return row


def rollup_range(first: datetime.date, last: datetime.date, site_ids=None) -> int:
    """Recompute every day of [first, last] for the sites (all when None); returns rows."""
    ids = (
        list(site_ids) if site_ids is not None else list(Site.objects.values_list("pk", flat=True))
    )
    n = 0
    day = first
    while day <= last:
        for site_id in ids:
            rollup_day(site_id, day)
            n += 1
        day += datetime.timedelta(days=1)
    return n


def rollup_sweep() -> int:
    """The scheduler's turn: today and yesterday, and the days of tickets corrected since."""
    today = timezone.localdate()
    n = rollup_range(today - datetime.timedelta(days=1), today)
    last = (
        DailyRollup.objects.filter(day__lt=today - datetime.timedelta(days=1))
        .order_by("-computed_at")
        .values_list("computed_at", flat=True)
        .first()
    )
    if last is None:
        return n
    changed = (
        Ticket.objects.filter(
            updated_at__gt=last, created_at__lt=_bounds(today)[0] - datetime.timedelta(days=1)
        )
        .order_by()
        .values_list("site_id", "created_at")
        .distinct()[:5000]
    )
    days = {(s, timezone.localtime(c).date()) for s, c in changed}
    for site_id, day in days:
        rollup_day(site_id, day)
    return n + len(days)
