"""Periodic sweeps of the tickets app: SLA warnings, breaches and escalation; desk escalation (R-FS-4).

Each step claims its rows with a guarded UPDATE (`… WHERE warned_at IS NULL`), so two sweeps
running at once notify once, and a sweep after downtime handles everything overdue in one pass.
"""

from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from propdesk.core.events import event_record
from propdesk.notify.services import notify
from propdesk.people.models import User
from propdesk.people.roles import Role

from .models import Kind, SlaClock, State, Ticket

TARGET_LABELS = {
    "response": gettext_lazy("dispatch"),
    "accept": gettext_lazy("acceptance"),
    "arrive": gettext_lazy("arrival on site"),
    "resolve": gettext_lazy("resolution"),
    "callback": gettext_lazy("callback"),
}


@lru_cache(maxsize=1024)
def _site_role(site_id: int, role: str) -> list:
    """The active holders of `role` at a site; cached for one sweep (cleared when a sweep starts),
    so a sweep that notifies about many tickets of a site asks once, not once per ticket."""
    return list(User.objects.filter(groups__name=role, staff__sites=site_id, is_active=True))


def _responsible(clock: SlaClock) -> list:
    t = clock.ticket
    if clock.target in ("response", "callback"):
        return [t.created_by]
    if clock.target == "accept":
        return [t.department.head] if t.department and t.department.head else []
    return [u for u in (t.assignee, t.department.head if t.department else None) if u]


def _label(clock: SlaClock) -> str:
    return str(TARGET_LABELS.get(clock.target, clock.target))


def _claim(qs, field: str, now) -> list[SlaClock]:
    """Rows of `qs` this sweep won: set `field` only where it is still empty (one winner per row)."""
    won = []
    related = ("ticket", "ticket__department__head", "ticket__assignee", "ticket__created_by")
    for clock in qs.select_related(*related)[:500]:
        if (
            SlaClock.objects.filter(pk=clock.pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            )
            == 1
        ):
            won.append(clock)
    return won


def _warn(now) -> int:
    qs = SlaClock.objects.filter(
        state=SlaClock.ClockState.RUNNING, warn_at__lte=now, warned_at__isnull=True, due_at__gt=now
    )
    won = _claim(qs, "warned_at", now)
    for c in won:
        notify(
            recipients=_responsible(c),
            code="sla.warning",
            site_id=c.site_id,
            url=f"/tickets/{c.ticket_id}/",
            title=_("%(number)s: the %(stage)s deadline is near (%(time)s)")
            % {
                "number": c.ticket.number,
                "stage": _label(c),
                "time": timezone.localtime(c.due_at).strftime("%m-%d %H:%M"),
            },
            dedupe_key=f"sla-warn:{c.pk}:{c.due_at.isoformat()}",
        )
    return len(won)


def _breach(now) -> int:
    qs = SlaClock.objects.filter(
        state=SlaClock.ClockState.RUNNING, due_at__lte=now, breached_at__isnull=True
    )
    won = _claim(qs, "breached_at", now)
    for c in won:
        SlaClock.objects.filter(pk=c.pk).update(escalation_level=1)
        recipients = _responsible(c) + _site_role(c.site_id, Role.SUPERVISOR)
        notify(
            recipients=recipients,
            code="sla.breached",
            site_id=c.site_id,
            url=f"/tickets/{c.ticket_id}/",
            title=_("%(number)s is overdue for %(stage)s")
            % {"number": c.ticket.number, "stage": _label(c)},
            dedupe_key=f"sla-breach:{c.pk}:{c.due_at.isoformat()}",
        )
        event_record(
            target=c.ticket,
            code="sla_breached",
            data={"target": c.target, "due": c.due_at.isoformat()},
        )
    return len(won)


def _escalate(now) -> int:
    """Second step of the ladder: late by more than SLA_MANAGER_AFTER_MINUTES → the CS manager."""
    after = timedelta(minutes=settings.PROPDESK.get("SLA_MANAGER_AFTER_MINUTES", 120))
    qs = SlaClock.objects.filter(
        state=SlaClock.ClockState.RUNNING, escalation_level=1, due_at__lte=now - after
    )
    count = 0
    for c in qs.select_related("ticket")[:500]:
        if SlaClock.objects.filter(pk=c.pk, escalation_level=1).update(escalation_level=2) != 1:
            continue
        count += 1
        notify(
            recipients=_site_role(c.site_id, Role.CS_MANAGER),
            code="sla.escalated",
            site_id=c.site_id,
            url=f"/tickets/{c.ticket_id}/",
            title=_("%(number)s is seriously overdue for %(stage)s")
            % {"number": c.ticket.number, "stage": _label(c)},
            dedupe_key=f"sla-esc:{c.pk}:{c.due_at.isoformat()}",
        )
    return count


def sla_sweep(now=None) -> dict:
    """Warn at the warning time, mark breaches at the due time, escalate long breaches (R-SS-1)."""
    now = now or timezone.now()
    _site_role.cache_clear()
    return {"warned": _warn(now), "breached": _breach(now), "escalated": _escalate(now)}


def desk_escalation_sweep(now=None) -> int:
    """R-FS-4: a complaint not dispatched N minutes after registration goes to the shift lead's board."""
    now = now or timezone.now()
    _site_role.cache_clear()
    limit = timedelta(minutes=settings.PROPDESK.get("DESK_ESCALATION_MINUTES", 30))
    qs = Ticket.objects.filter(
        kind=Kind.COMPLAINT,
        state=State.REGISTERED,
        escalated_at__isnull=True,
        created_at__lte=now - limit,
    )
    count = 0
    for t in qs[:500]:
        if Ticket.objects.filter(pk=t.pk, escalated_at__isnull=True).update(escalated_at=now) != 1:
            continue
        count += 1
        event_record(
            target=t, code="auto_escalated", data={"minutes": int(limit.total_seconds() // 60)}
        )
        notify(
            recipients=_site_role(t.site_id, Role.SUPERVISOR),
            code="ticket.escalated",
            site_id=t.site_id,
            url=f"/tickets/{t.pk}/",
            dedupe_key=f"desk-esc:{t.pk}",
            title=_("Complaint %(number)s has not been dispatched for %(minutes)d minutes")
            % {"number": t.number, "minutes": int(limit.total_seconds() // 60)},
        )
    return count
