"""SLA clocks on the business calendar (R-SS-1): start, meet, pause, recompute, warn, breach, escalate.

A clock per timed stage of a ticket:
  response  registered → dispatched      accept   dispatched → accepted
  arrive    accepted → started (repairs; the appointment time when one was agreed)
  resolve   registered → handled         callback handled → called back / closed
Due times are stored when a stage starts and recomputed when the priority or category
changes; time in the paused state does not count (the remaining working minutes are kept
at pause and laid out again from the resume). The sweep warns at the policy's warning
percentage and marks a breach at 100 %, each once, with guarded UPDATEs, so concurrent
sweeps never send a warning twice; a sweep after downtime catches up in one pass.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.calendar import calendar_spec_for, due_at, working_minutes_between
from propdesk.core.events import event_record
from propdesk.core.localcache import LocalCache
from propdesk.core.templatetags.propdesk_tags import time_left

from .models import Kind, SlaClock, SlaPolicy, Target, Ticket

Running = SlaClock.ClockState

# action → (clocks it meets, clocks it starts)
ON_ACTION = {
    "dispatch": ({Target.RESPONSE}, {Target.ACCEPT}),
    "accept": ({Target.ACCEPT}, {Target.ARRIVE}),
    "start": ({Target.ARRIVE}, set()),
    "handle": ({Target.RESOLVE, Target.ARRIVE}, {Target.CALLBACK}),
    "callback_done": ({Target.CALLBACK}, set()),
    "close": ({Target.CALLBACK}, set()),
    "reopen": ({Target.CALLBACK}, {Target.ACCEPT}),
}
STOPPING = {"answer", "invalidate", "cancel", "merge", "withdraw"}


_policies = LocalCache(SlaPolicy)


def policy_for(ticket: Ticket) -> SlaPolicy | None:
    """The most specific policy: the site's own rows before the service level's, category and priority.

    Chosen in memory from every policy row (a few per service level and site override), which
    are kept for a minute in this process (core.localcache): one query less per ticket write.
    """
    site = ticket.site
    rows = [
        p
        for p in _policies.get("all", lambda: list(SlaPolicy.objects.all()))
        if (p.site_id == site.pk or (p.site_id is None and p.service_level == site.service_level))
        and p.kind == ticket.kind
        and p.category_id in (ticket.category_id, None)
        and p.priority in (ticket.priority, "")
    ]

    def rank(p: SlaPolicy):
        return (p.site_id is not None, p.category_id is not None, p.priority != "")

    rows = sorted(rows, key=rank, reverse=True)
    return rows[0] if rows else None


def _lay_out(clock: SlaClock, start, minutes: int, spec, pct: int) -> None:
    clock.due_at = due_at(start, minutes, spec)
    clock.warn_at = due_at(start, max(0, minutes * pct // 100), spec)


def _laid_out(ticket: Ticket, target: str, policy: SlaPolicy, now, spec, clock=None):
    """The clock of `target` started at `now` (unsaved), or None when the policy does not time it."""
    if target == Target.ARRIVE and ticket.kind != Kind.REPAIR:
        return None
    minutes = policy.minutes_for(target)
    if not minutes:
        return None
    clock = clock or SlaClock(ticket=ticket, target=target, site_id=ticket.site_id)
    clock.minutes, clock.calendar_id, clock.started_at = minutes, policy.calendar_id, now
    clock.state, clock.met_at, clock.late_minutes = Running.RUNNING, None, None
    clock.warned_at = clock.breached_at = clock.paused_at = None
    clock.escalation_level = 0
    _lay_out(clock, now, minutes, spec, policy.warn_percent)
    if target == Target.ARRIVE and ticket.appointment_at and ticket.appointment_at > now:
        clock.due_at = ticket.appointment_at  # on site at the agreed time
        clock.warn_at = ticket.appointment_at - timedelta(minutes=30)
    return clock


def _start(ticket: Ticket, target: str, policy: SlaPolicy, now) -> None:
    """(Re)start the clock of `target`: a reopened ticket's earlier clock is reused."""
    existing = SlaClock.objects.filter(ticket=ticket, target=target).first()
    clock = _laid_out(ticket, target, policy, now, calendar_spec_for(policy.calendar_id), existing)
    if clock is not None:
        clock.save()


def _meet(ticket: Ticket, targets, now) -> None:
    for clock in SlaClock.objects.filter(
        ticket=ticket, target__in=targets, state__in=[Running.RUNNING, Running.PAUSED]
    ):
        late = int((now - clock.due_at).total_seconds() // 60) if now > clock.due_at else 0
        clock.state, clock.met_at, clock.late_minutes = Running.MET, now, late
        clock.save(update_fields=["state", "met_at", "late_minutes"])


def sla_on_open(ticket: Ticket) -> None:
    """Start the response and resolution clocks of a new ticket."""
    policy = policy_for(ticket)
    if policy is None or policy.no_sla:
        return
    spec = calendar_spec_for(policy.calendar_id)  # one load of the calendar for both clocks
    clocks = [
        _laid_out(ticket, target, policy, ticket.created_at, spec)
        for target in (Target.RESPONSE, Target.RESOLVE)
    ]
    SlaClock.objects.bulk_create([c for c in clocks if c is not None])  # a new ticket has none yet


def sla_after_action(ticket: Ticket, action: str) -> None:
    """Move the clocks after a workflow action (called by the ticket services in the same transaction)."""
    now = timezone.now()
    if action in STOPPING:
        SlaClock.objects.filter(ticket=ticket, state__in=[Running.RUNNING, Running.PAUSED]).update(
            state=Running.STOPPED
        )
        return
    if action == "pause":
        _pause(ticket, now)
        return
    if action == "resume":
        _resume(ticket, now)
        return
    met, started = ON_ACTION.get(action, (set(), set()))
    if met:
        _meet(ticket, met, now)
    policy = policy_for(ticket) if started else None
    if policy is not None and not policy.no_sla:
        for target in started:
            if target != Target.CALLBACK or ticket.callback_required:
                _start(ticket, target, policy, now)


def _pause(ticket: Ticket, now) -> None:
    for clock in SlaClock.objects.filter(ticket=ticket, state=Running.RUNNING):
        clock.remaining_minutes = working_minutes_between(
            now, clock.due_at, calendar_spec_for(clock.calendar_id)
        )
        clock.state, clock.paused_at = Running.PAUSED, now
        clock.save(update_fields=["remaining_minutes", "state", "paused_at"])


def _resume(ticket: Ticket, now) -> None:
    for clock in SlaClock.objects.filter(ticket=ticket, state=Running.PAUSED):
        spec = calendar_spec_for(clock.calendar_id)
        to_warn = max(0, working_minutes_between(clock.paused_at, clock.warn_at, spec))
        clock.due_at = due_at(now, clock.remaining_minutes or 0, spec)
        clock.warn_at = due_at(now, to_warn, spec)
        clock.state, clock.paused_at = Running.RUNNING, None
        clock.save(update_fields=["due_at", "warn_at", "state", "paused_at"])


def sla_recompute(ticket: Ticket, *, actor) -> None:
    """Priority or category changed: lay out the running clocks again from their start (on the timeline)."""
    policy = policy_for(ticket)
    changed = {}
    for clock in SlaClock.objects.filter(ticket=ticket, state=Running.RUNNING):
        minutes = policy.minutes_for(clock.target) if policy else None
        if not minutes:
            clock.state = Running.STOPPED
            clock.save(update_fields=["state"])
            continue
        clock.minutes, clock.calendar_id = minutes, policy.calendar_id
        _lay_out(
            clock,
            clock.started_at,
            minutes,
            calendar_spec_for(policy.calendar_id),
            policy.warn_percent,
        )
        clock.warned_at = clock.warned_at if clock.warn_at <= timezone.now() else None
        clock.save(update_fields=["minutes", "calendar", "due_at", "warn_at", "warned_at"])
        changed[clock.target] = clock.due_at.isoformat()
    event_record(target=ticket, code="sla_recomputed", actor=actor, data={"due": changed})


def clock_list_for(ticket: Ticket):
    return ticket.sla_clocks.order_by("started_at", "id")


def clock_status(clock: SlaClock, now=None) -> tuple[str, int | None]:
    """How a stage stands, as the ticket page says it: (status, minutes).

    met: 'on_time' (0) or 'late' (minutes late); running: 'left' or 'overdue' (minutes either
    way, as `plain_time_left`); 'paused' (working minutes remaining) or 'stopped' (None).
    """
    if clock.state == Running.MET:
        return ("late", clock.late_minutes) if clock.late_minutes else ("on_time", 0)
    if clock.state == Running.RUNNING:
        return plain_time_left(clock.due_at, now)
    if clock.state == Running.PAUSED:
        return "paused", clock.remaining_minutes
    return "stopped", None


def clock_status_text(clock: SlaClock) -> str:
    """The words of the page's SLA table: "按时完成", "已完成，超时 12 分钟", "还剩 2 小时 10 分钟" …"""
    status, minutes = clock_status(clock)
    if status == "on_time":
        return _("Done on time")
    if status == "late":
        return _("Done, %(m)s min late") % {"m": minutes}
    if status in ("left", "overdue"):
        return time_left(clock.due_at)
    return str(clock.get_state_display())


def plain_time_left(due, now=None) -> tuple[str, int]:
    """('left'|'overdue', minutes) for showing "还剩 2 小时" / "已超时 35 分钟" in lists and pages."""
    now = now or timezone.now()
    minutes = int((due - now).total_seconds() // 60)
    return ("left", minutes) if minutes >= 0 else ("overdue", -minutes)
