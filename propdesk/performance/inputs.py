"""The inputs of one person's score for one site and period, read from the records (R-ST-8).

Every input keeps the rows it was counted from (ticket, spot check, session ids with their
result), so the score page drills down to each ticket. "Tickets they handled" are those the person
registered (first owner, 首问负责制) or was assigned to do; "their stages" of the SLA are the
desk's (response, callback) on tickets they registered and the work stages (acceptance, arrival,
resolution) on tickets assigned to them. Complaints are complaint tickets naming the person as
"staff member complained about" (valid ones).
"""

import datetime

from django.db.models import OuterRef, Q, Subquery

from propdesk.frontdesk.models import SpotCheckFinding
from propdesk.service.models import Promise
from propdesk.tickets.models import CallbackAttempt, Kind, SlaClock, Ticket

from .activity import day_window
from .models import TrainingAttendance

DESK_STAGES = ("response", "callback")
WORK_STAGES = ("accept", "arrive", "resolve")


def _window(start: datetime.date, end: datetime.date):
    return day_window(start)[0], day_window(end)[1]


def _satisfaction(person, site, lo, hi) -> dict:
    rows = list(
        CallbackAttempt.objects.filter(
            Q(ticket__created_by=person) | Q(ticket__assignee=person),
            ticket__site=site,
            outcome=CallbackAttempt.Outcome.REACHED,
            satisfied__isnull=False,
            at__gte=lo,
            at__lt=hi,
        ).values_list("ticket_id", "satisfied")
    )
    return {"num": sum(1 for _, ok in rows if ok), "den": len(rows), "items": rows}


def _sla(person, site, lo, hi) -> dict:
    finished = Q(met_at__gte=lo, met_at__lt=hi) | Q(
        met_at__isnull=True, breached_at__gte=lo, breached_at__lt=hi
    )
    mine = Q(ticket__created_by=person, target__in=DESK_STAGES) | Q(
        ticket__assignee=person, target__in=WORK_STAGES
    )
    rows = [
        (t, stage, breached is None and (late or 0) <= 0)
        for t, stage, breached, late in SlaClock.objects.filter(finished, mine, ticket__site=site)
        .order_by("ticket_id", "target")
        .values_list("ticket_id", "target", "breached_at", "late_minutes")
    ]
    return {"num": sum(1 for r in rows if r[2]), "den": len(rows), "items": rows}


def _callbacks(person, site, lo, hi) -> dict:
    due = SlaClock.objects.filter(ticket=OuterRef("ticket"), target="callback").values("due_at")[:1]
    rows = [
        (t, due_at is None or at <= due_at)
        for t, at, due_at in CallbackAttempt.objects.filter(
            by=person, ticket__site=site, at__gte=lo, at__lt=hi
        )
        .annotate(due=Subquery(due))
        .values_list("ticket_id", "at", "due")
    ]
    return {"num": sum(1 for r in rows if r[1]), "den": len(rows), "items": rows}


def _promises(person, site, lo, hi) -> dict:
    rows = [
        (t, p, kept is not None and kept <= due)
        for t, p, kept, due in Promise.objects.filter(
            owner=person, site=site, due_at__gte=lo, due_at__lt=hi
        ).values_list("ticket_id", "id", "kept_at", "due_at")
    ]
    return {"num": sum(1 for r in rows if r[2]), "den": len(rows), "items": rows}


def _conduct(person, site, lo, hi) -> dict:
    rows = list(
        SpotCheckFinding.objects.filter(
            spot_check__agent=person,
            spot_check__site=site,
            spot_check__checked_at__gte=lo,
            spot_check__checked_at__lt=hi,
            result__in=[SpotCheckFinding.Result.MET, SpotCheckFinding.Result.VIOLATED],
        ).values_list("spot_check_id", "result")
    )
    met = sum(1 for _, r in rows if r == SpotCheckFinding.Result.MET)
    return {"num": met, "den": len(rows), "items": rows}


def _complaints(person, site, lo, hi) -> dict:
    ids = list(
        Ticket.objects.filter(
            kind=Kind.COMPLAINT,
            target_staff=person,
            site=site,
            created_at__gte=lo,
            created_at__lt=hi,
        )
        .exclude(validity=Ticket.Validity.INVALID)
        .values_list("id", flat=True)
    )
    return {"count": len(ids), "items": ids}


def _training(person, site, start, end) -> dict:
    rows = list(
        TrainingAttendance.objects.filter(
            person=person,
            session__site=site,
            session__date__gte=start,
            session__date__lte=end,
            attended__isnull=False,
        )
        .order_by("session__date", "id")
        .values_list("session_id", "attended", "assessment")
    )
    # Present with an assessment: the assessment; present without one: full marks; absent: 0.
    points = [(a if a is not None else 100) if ok else 0 for _, ok, a in rows]
    items = [(s, ok, None if a is None else str(a)) for s, ok, a in rows]
    return {"points": [str(p) for p in points], "items": items}


def score_inputs(person, site, start: datetime.date, end: datetime.date) -> dict:
    """The raw inputs of the score (seven queries)."""
    lo, hi = _window(start, end)
    return {
        "satisfaction": _satisfaction(person, site, lo, hi),
        "sla": _sla(person, site, lo, hi),
        "callbacks": _callbacks(person, site, lo, hi),
        "promises": _promises(person, site, lo, hi),
        "conduct": _conduct(person, site, lo, hi),
        "complaints": _complaints(person, site, lo, hi),
        "training": _training(person, site, start, end),
    }
