"""The dashboards of the CS manager, the centre manager and the GM (R-SS-4): this month against
last by site and the 12-month trend, summed from the daily rollup (never from the tickets)."""

import datetime

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from propdesk.core.access import narrow_to_site, scope_queryset
from propdesk.orgs.models import Site

from .models import DailyRollup

FIELDS = (
    "complaints",
    "repairs",
    "major_complaints",
    "sla_decided",
    "sla_on_time",
    "handled",
    "called_back",
    "callbacks_answered",
    "callbacks_satisfied",
    "promises_due",
    "promises_kept",
)


def _month_start(day: datetime.date, back: int = 0) -> datetime.date:
    y, m = day.year, day.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return datetime.date(y, m, 1)


def _rate(part, whole):
    return round(100.0 * part / whole, 1) if whole else None


def _figures(sums: dict) -> dict:
    s = {k: sums.get(k) or 0 for k in FIELDS}
    s["sla_rate"] = _rate(s["sla_on_time"], s["sla_decided"])
    s["callback_rate"] = _rate(s["called_back"], s["handled"])
    s["satisfaction_rate"] = _rate(s["callbacks_satisfied"], s["callbacks_answered"])
    s["promise_rate"] = _rate(s["promises_kept"], s["promises_due"])
    return s


def dashboard(user, *, site_id: int | None = None, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    this, last = _month_start(today), _month_start(today, 1)
    rows = narrow_to_site(scope_queryset(DailyRollup.objects.all(), user), site_id)
    sums = {k: Sum(k) for k in FIELDS}
    per_site = {}
    for r in (
        rows.filter(day__gte=last)
        .annotate(month=TruncMonth("day"))
        .order_by()
        .values("site_id", "month")
        .annotate(**sums)
    ):
        month = r["month"] if isinstance(r["month"], datetime.date) else r["month"].date()
        key = "this" if month.replace(day=1) == this else "last"
        per_site.setdefault(r["site_id"], {})[key] = _figures(r)
    yesterday = today - datetime.timedelta(days=1)
    open_major = dict(rows.filter(day=yesterday).values_list("site_id", "major_open"))
    names = dict(scope_queryset(Site.objects.all(), user, "pk").values_list("pk", "name"))
    empty = _figures({})
    sites = [
        {
            "site_id": sid,
            "name": names.get(sid, ""),
            "this": v.get("this", empty),
            "last": v.get("last", empty),
            "major_open": open_major.get(sid, 0),
        }
        for sid, v in sorted(per_site.items(), key=lambda kv: names.get(kv[0], ""))
    ]
    trend = []
    for r in (
        rows.filter(day__gte=_month_start(today, 11))
        .annotate(month=TruncMonth("day"))
        .order_by("month")
        .values("month")
        .annotate(**sums)
    ):
        month = r["month"] if isinstance(r["month"], datetime.date) else r["month"].date()
        trend.append({"month": month.strftime("%Y-%m"), **_figures(r)})
    total_this = _figures({k: sum(s["this"][k] for s in sites) for k in FIELDS})
    total_last = _figures({k: sum(s["last"][k] for s in sites) for k in FIELDS})
    return {
        "sites": sites,
        "trend": trend,
        "this": total_this,
        "last": total_last,
        "major_open": sum(s["major_open"] for s in sites),
        "month": this,
        "last_month": last,
    }
