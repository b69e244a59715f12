"""The quarterly complaint analysis (季度投诉分析, R-CP-5) of one site or the company.

The quarter's complaints are read once, a dozen short columns each, and counted in Python by
category, department, site, severity, validity, responsibility, cause and month: at 1,000,000
tickets a quarter of the company holds ~19,000 complaints, and a dozen separate GROUP BYs each
read the same ~12,000 heap pages again (~130 ms apiece). What needs other tables (the first
contact's channel, callbacks, SLA clocks) and what spans other periods (the kinds of all
tickets, the backlog at quarter end, the quarters compared) stays a database aggregate. The
words of the complaint texts are counted in Python too (segmented as the search does), over at
most `WORD_SAMPLE` texts of the quarter, the most recent first.

Where the rules are silent: merged tickets are not counted (their complaint lives on in the
ticket they were merged into); a complaint's department is the department complained about, or
the handling department when none was named; a ticket's channel is that of its first contact;
"unresolved at quarter end" counts every complaint registered before the quarter's end that was
not handled by then (the backlog of earlier quarters too), cancelled ones excepted.
"""

import datetime
from collections import Counter

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from propdesk.core.access import narrow_to_site, scope_queryset
from propdesk.orgs.models import Department, Site
from propdesk.tickets.models import (
    CallbackAttempt,
    Category,
    Channel,
    Contact,
    Kind,
    SlaClock,
    State,
    Ticket,
)
from propdesk.tickets.models_sla import Target

from .quarters import Quarter

WORD_SAMPLE = 3000
TOP = 10
SLA_TARGETS = (Target.RESPONSE, Target.RESOLVE, Target.CALLBACK)
_STOP = frozenset(
    "的 了 在 是 和 有 我 我们 你 他 她 也 就 都 而 及 与 不 没有 一个 这个 那个 请 问题 小区 投诉".split()
)


def _label(choices, value) -> str:
    if value in (None, ""):
        return _("Not recorded")
    return str(dict(choices).get(value, value))


def _rate(part, whole) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def tickets_in(user, site_id: int | None, start, end):
    """The reader's tickets registered in [start, end), merged ones left out."""
    qs = scope_queryset(Ticket.objects.all(), user)
    qs = narrow_to_site(qs, site_id)
    return qs.filter(created_at__gte=start, created_at__lt=end).exclude(state=State.MERGED)


def _ranked_counts(counts: dict, labels, total: int | None = None) -> list[dict]:
    """Counts per value as rows, the most frequent first, then by value (not recorded last);
    `total` (for the rates) defaults to the sum of the counts."""
    total = sum(counts.values()) if total is None else total
    order = sorted(counts, key=lambda v: (-counts[v], v is None, "" if v is None else v))
    return [
        {"key": v, "name": labels(v), "n": counts[v], "rate": _rate(counts[v], total)}
        for v in order
    ]


def _grouped(qs, field: str, labels, total: int | None = None) -> list[dict]:
    """Counts per value of `field`, one GROUP BY in the database."""
    return _ranked_counts(
        dict(qs.order_by().values_list(field).annotate(n=Count("pk"))), labels, total
    )


def _counted(values, labels, total: int) -> list[dict]:
    """Counts per value over values already read (the quarter's complaint rows)."""
    return _ranked_counts(Counter(values), labels, total)


def _minutes(delta) -> float | None:
    return None if delta is None else round(delta.total_seconds() / 60, 1)


_COLUMNS = (
    "category_id",
    "dept",
    "site_id",
    "severity",
    "validity",
    "responsibility",
    "cause",
    "is_major",
    "is_repeat",
    "state",
    "created_at",
    "dispatched_at",
    "handled_at",
)


def _complaint_rows(complaints) -> list[dict]:
    """The quarter's complaints, the columns the counts need, in one read."""
    with_dept = complaints.annotate(dept=Coalesce("target_department_id", "department_id"))
    return [
        dict(zip(_COLUMNS, r, strict=True)) for r in with_dept.order_by().values_list(*_COLUMNS)
    ]


def _mean_minutes(spans) -> float | None:
    spans = list(spans)
    if not spans:
        return None
    return _minutes(sum(spans, datetime.timedelta()) / len(spans))


def headline(user, site_id: int | None, quarter: Quarter) -> dict:
    """The few figures compared across quarters."""
    complaints = tickets_in(user, site_id, quarter.start, quarter.end).filter(kind=Kind.COMPLAINT)
    figures = complaints.aggregate(
        complaints=Count("pk"),
        major=Count("pk", filter=Q(is_major=True)),
        repeats=Count("pk", filter=Q(is_repeat=True)),
        valid=Count("pk", filter=Q(validity=Ticket.Validity.VALID)),
    )
    sat = _satisfaction(complaints)
    figures["satisfaction_rate"] = sat["rate"]
    figures["quarter"] = str(quarter)
    return figures


def _satisfaction(tickets) -> dict:
    calls = CallbackAttempt.objects.filter(ticket__in=tickets.values("pk"))
    agg = calls.aggregate(
        attempts=Count("pk"),
        reached=Count("pk", filter=Q(outcome=CallbackAttempt.Outcome.REACHED)),
        answered=Count(
            "pk", filter=Q(outcome=CallbackAttempt.Outcome.REACHED, satisfied__isnull=False)
        ),
        satisfied=Count("pk", filter=Q(outcome=CallbackAttempt.Outcome.REACHED, satisfied=True)),
        score=Avg("score", filter=Q(outcome=CallbackAttempt.Outcome.REACHED)),
        tickets_called=Count("ticket", distinct=True, filter=Q(outcome="reached")),
    )
    agg["score"] = round(agg["score"], 2) if agg["score"] is not None else None
    agg["rate"] = _rate(agg["satisfied"], agg["answered"])
    return agg


def _sla(tickets) -> list[dict]:
    breached = Q(breached_at__isnull=False) | Q(late_minutes__gt=0)
    decided = Q(state=SlaClock.ClockState.MET) | breached
    rows = (
        SlaClock.objects.filter(ticket__in=tickets.values("pk"), target__in=SLA_TARGETS)
        .order_by()
        .values("target")
        .annotate(
            clocks=Count("pk"),
            decided=Count("pk", filter=decided),
            breached=Count("pk", filter=breached),
        )
    )
    by_target = {r["target"]: r for r in rows}
    out = []
    for target in SLA_TARGETS:
        r = by_target.get(target, {"clocks": 0, "decided": 0, "breached": 0})
        on_time = r["decided"] - r["breached"]
        out.append(
            {
                "target": str(target),
                "name": _label(Target.choices, target),
                "clocks": r["clocks"],
                "decided": r["decided"],
                "breached": r["breached"],
                "on_time": on_time,
                "attainment": _rate(on_time, r["decided"]),
                "breach_rate": _rate(r["breached"], r["decided"]),
            }
        )
    return out


def _times(tickets, rows: list[dict]) -> dict:
    """Average minutes from registration to dispatch and to handling (from the rows read), and
    from handling to the first callback that reached the resident (in the database)."""
    first_reached = Subquery(
        CallbackAttempt.objects.filter(ticket=OuterRef("pk"), outcome="reached")
        .order_by("at", "id")
        .values("at")[:1]
    )
    called = tickets.filter(handled_at__isnull=False).annotate(first_call=first_reached)
    agg = called.filter(first_call__isnull=False).aggregate(
        callback=Avg(ExpressionWrapper(F("first_call") - F("handled_at"), DurationField()))
    )
    return {
        "dispatch": _mean_minutes(
            r["dispatched_at"] - r["created_at"] for r in rows if r["dispatched_at"]
        ),
        "handling": _mean_minutes(
            r["handled_at"] - r["created_at"] for r in rows if r["handled_at"]
        ),
        "callback": _minutes(agg["callback"]),
    }


def _words(complaints) -> list[dict]:
    from propdesk.search.segment import words_precise

    texts = complaints.order_by("-created_at").values_list("title", "description")[:WORD_SAMPLE]
    counts: Counter = Counter()
    for title, description in texts:
        seen = {w for w in words_precise(f"{title} {description}") if len(w) >= 2}
        counts.update(w for w in seen if w not in _STOP and not w.isdigit())
    return [{"word": w, "n": n} for w, n in counts.most_common(TOP)]


def complaint_analysis(user, *, site_id: int | None, quarter: Quarter) -> dict:
    """Every figure of the quarterly analysis (R-CP-5) as plain data (stored in reports)."""
    tickets = tickets_in(user, site_id, quarter.start, quarter.end)
    complaints = tickets.filter(kind=Kind.COMPLAINT)
    rows = _complaint_rows(complaints)
    total = len(rows)
    counts = {
        "major": sum(1 for r in rows if r["is_major"]),
        "repeats": sum(1 for r in rows if r["is_repeat"]),
        "handled": sum(1 for r in rows if r["handled_at"] is not None),
        "cancelled": sum(1 for r in rows if r["state"] == State.CANCELLED),
    }
    departments = dict(Department.objects.values_list("pk", "name"))
    sites = dict(Site.objects.values_list("pk", "name"))
    categories = dict(Category.objects.values_list("pk", "name"))
    first_channel = Subquery(
        Contact.objects.filter(ticket=OuterRef("pk"))
        .order_by("received_at", "id")
        .values("channel")[:1]
    )
    with_channel = complaints.annotate(channel=first_channel)
    by_month = Counter(timezone.localtime(r["created_at"]).date().replace(day=1) for r in rows)
    unresolved = (
        narrow_to_site(scope_queryset(Ticket.objects.all(), user), site_id)
        .filter(kind=Kind.COMPLAINT, created_at__lt=quarter.end)
        .exclude(state__in=[State.MERGED, State.CANCELLED])
        .filter(Q(handled_at__isnull=True) | Q(handled_at__gte=quarter.end))
        .count()
    )
    causes = _counted((r["cause"] for r in rows if r["cause"]), str, total)[:TOP]
    previous = headline(user, site_id, quarter.previous)
    year_before = headline(user, site_id, quarter.year_before)
    satisfaction = _satisfaction(complaints)
    return {
        "quarter": str(quarter),
        "quarter_label": quarter.label,
        "site_id": site_id,
        "site": sites.get(site_id, _("All sites")) if site_id else _("All sites"),
        "totals": {"complaints": total, "unresolved": unresolved, **counts},
        "rates": {
            "major": _rate(counts["major"], total),
            "repeats": _rate(counts["repeats"], total),
            "handled": _rate(counts["handled"], total),
        },
        "by_kind": _grouped(tickets, "kind", lambda v: _label(Kind.choices, v)),
        "by_category": _counted((r["category_id"] for r in rows), categories.get, total),
        "by_department": _counted(
            (r["dept"] for r in rows), lambda v: departments.get(v) or _("Not recorded"), total
        ),
        "by_site": _counted((r["site_id"] for r in rows), sites.get, total),
        "by_severity": _counted(
            (r["severity"] for r in rows), lambda v: _label(Ticket.Severity.choices, v), total
        ),
        "by_validity": _counted(
            (r["validity"] for r in rows), lambda v: _label(Ticket.Validity.choices, v), total
        ),
        "by_responsibility": _counted(
            (r["responsibility"] for r in rows),
            lambda v: _label(Ticket.Responsibility.choices, v),
            total,
        ),
        "by_channel": _grouped(
            with_channel, "channel", lambda v: _label(Channel.choices, v), total
        ),
        "by_month": [
            {"month": m.strftime("%Y-%m"), "n": by_month.get(m, 0)} for m in quarter.months()
        ],
        "times": _times(complaints, rows),
        "sla": _sla(complaints),
        "satisfaction": satisfaction,
        "previous": previous,
        "year_before": year_before,
        "change": {
            "previous": _change(total, previous["complaints"]),
            "year_before": _change(total, year_before["complaints"]),
        },
        "causes": [{"cause": r["key"], "n": r["n"]} for r in causes],
        "words": _words(complaints),
    }


def _change(now: int, before: int) -> float | None:
    return _rate(now - before, before)
