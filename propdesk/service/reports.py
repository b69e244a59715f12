"""What the service app contributes to the boards: today's ticket figures (R-SS-1, R-SS-3, R-SS-4).

Read-only. Tickets and callbacks are read through `ticket_scope(user)` (the tickets app's own
definition of who sees what), with conditional counts in one query per table.
"""

from datetime import datetime, time, timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from propdesk.core.access import narrow_to_site
from propdesk.tickets.models import CallbackAttempt
from propdesk.tickets.permissions import ticket_scope


def day_bounds(day=None) -> tuple[datetime, datetime]:
    day = day or timezone.localdate()
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def today_numbers(user, *, site_id=None, day=None) -> dict:
    """New, dispatched, handled, called back and satisfaction of one day, in two queries."""
    start, end = day_bounds(day)
    scoped = narrow_to_site(ticket_scope(user), site_id)

    def within(field):
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})

    fields = ("created_at", "dispatched_at", "handled_at")
    touched = within(fields[0]) | within(fields[1]) | within(fields[2])
    tickets = scoped.filter(touched).aggregate(
        new=Count("id", filter=within("created_at")),
        dispatched=Count("id", filter=within("dispatched_at")),
        handled=Count("id", filter=within("handled_at")),
    )
    calls = CallbackAttempt.objects.filter(
        ticket__in=scoped.values("pk"), at__gte=start, at__lt=end, outcome="reached"
    ).aggregate(
        called_back=Count("id"),
        rated=Count("id", filter=Q(satisfied__isnull=False)),
        satisfied=Count("id", filter=Q(satisfied=True)),
        score=Avg("score"),
    )
    rated = calls["rated"]
    return {
        **tickets,
        "called_back": calls["called_back"],
        "satisfaction": round(100 * calls["satisfied"] / rated, 1) if rated else None,
        "score": round(calls["score"], 2) if calls["score"] is not None else None,
    }
