"""Reads of promises and incidents: lists, board sections, sweep candidates, kept-on-time rate."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from propdesk.core.access import narrow_to_site
from propdesk.core.openitems import OpenItem
from propdesk.people.models import User
from propdesk.people.roles import Role

from .models import Incident, Promise
from .permissions import incident_scope, promise_scope

P = Promise.State
PROMISE_RELATED = ("site", "owner", "contact", "ticket", "resident")
OWNER_ROLES = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER, Role.DEPT_HEAD, Role.CENTRE_MANAGER}
)


def promise_list_for_user(
    user, *, site_id=None, state: str = "", overdue: bool = False, mine: bool = False
) -> QuerySet[Promise]:
    """Promises of the user's sites, soonest due first (R-FS-7)."""
    qs = narrow_to_site(promise_scope(user), site_id).select_related(*PROMISE_RELATED)
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=P.OPEN, due_at__lte=timezone.now())
    if mine:
        qs = qs.filter(owner=user)
    return qs.order_by("due_at", "id")


def promises_overdue(user, *, site_id=None) -> QuerySet[Promise]:
    """Open promises past their due time: the shift lead's board (R-FS-7)."""
    return promise_list_for_user(user, site_id=site_id, overdue=True)


def promise_reminders_due(now: datetime) -> list[Promise]:
    """Open promises whose reminder time has come and whose owner was not yet reminded (sweep)."""
    qs = Promise.objects.filter(
        state=P.OPEN, reminded_at__isnull=True, remind_at__lte=now, due_at__gt=now
    )
    return list(qs.select_related("owner").order_by("remind_at", "id")[:500])


def promises_overdue_unflagged(now: datetime) -> list[Promise]:
    """Open promises past due whose overdue notice was not yet sent (sweep)."""
    qs = Promise.objects.filter(state=P.OPEN, overdue_notified_at__isnull=True, due_at__lte=now)
    return list(qs.select_related("owner").order_by("due_at", "id")[:500])


def promise_kept_rate(
    user, *, by: str, site_id=None, date_from: datetime | None = None, date_to=None
) -> list[dict]:
    """Kept-on-time rate per owner (`by="owner"`) or per site, counted in one query. R-FS-7.

    Counted: promises due in [date_from, date_to) that are decided — kept, or still open past
    due (a missed promise counts against the rate). Cancelled promises and open ones not yet
    due are left out. `rate` is a percentage with one decimal, None when nothing is counted.
    """
    keys = {
        "owner": ("owner_id", "owner__username", "owner__name"),
        "site": ("site_id", "site__name"),
    }
    qs = narrow_to_site(promise_scope(user), site_id).filter(
        Q(state=P.KEPT) | Q(state=P.OPEN, due_at__lte=timezone.now())
    )
    if date_from is not None:
        qs = qs.filter(due_at__gte=date_from)
    if date_to is not None:
        qs = qs.filter(due_at__lt=date_to)
    rows = list(
        qs.values(*keys[by])
        .annotate(
            total=Count("id"),
            on_time=Count("id", filter=Q(kept_on_time=True)),
            late=Count("id", filter=Q(state=P.KEPT, kept_on_time=False)),
            missed=Count("id", filter=Q(state=P.OPEN)),
        )
        .order_by(*keys[by])
    )
    for row in rows:
        row["rate"] = round(100 * row["on_time"] / row["total"], 1) if row["total"] else None
    return rows


def promise_open_items_for_site(user, site_id: int) -> list[OpenItem]:
    """Open promises for the shift handover (R-HO-2: follow-up promises due)."""
    qs = promise_scope(user).filter(site_id=site_id, state=P.OPEN).order_by("due_at", "id")
    return [
        OpenItem(
            kind="promise.open",
            number=p.number,
            title=p.subject[:60],
            url=f"/service/promises/{p.pk}/",
            due_at=p.due_at,
        )
        for p in qs.only("pk", "number", "subject", "due_at")[:200]
    ]


def incident_list_for_user(user, *, site_id=None, state: str = "") -> QuerySet[Incident]:
    """Lobby incidents of the user's sites, newest first (R-FS-6)."""
    qs = narrow_to_site(incident_scope(user), site_id).select_related(
        "site", "reported_by", "handler"
    )
    if state == "active":
        qs = qs.exclude(state=Incident.State.CLOSED)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("-reported_at", "-id")


def incidents_open(user, *, site_id=None) -> QuerySet[Incident]:
    """Incidents not closed yet, most severe first: the boards (R-FS-6)."""
    order = ["critical", "serious", "minor"]
    qs = incident_list_for_user(user, site_id=site_id, state="active")
    return sorted_by_severity(qs, order)


def sorted_by_severity(qs: QuerySet[Incident], order: list[str]) -> QuerySet[Incident]:
    from django.db.models import Case, IntegerField, Value, When

    rank = Case(
        *[When(severity=s, then=Value(i)) for i, s in enumerate(order)],
        output_field=IntegerField(),
    )
    return qs.annotate(severity_rank=rank).order_by("severity_rank", "reported_at", "id")


def site_staff(site_id: int, roles) -> QuerySet[User]:
    """Active staff of a site holding one of `roles` (recipients, owner choices)."""
    return (
        User.objects.filter(is_active=True, groups__name__in=list(roles), staff__sites=site_id)
        .distinct()
        .order_by("name", "username")
    )


def owner_choices(site_id: int) -> QuerySet[User]:
    """Who may own a promise at a site: its desk staff, leads, managers and department heads."""
    return site_staff(site_id, OWNER_ROLES)
