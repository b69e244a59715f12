"""Reads of tickets and contacts: lists filtered, sorted and paged in the database, queues, boards."""

from datetime import date, datetime, time

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from propdesk.core.access import narrow_to_site
from propdesk.core.exceptions import InvalidInput
from propdesk.orgs.models import Department
from propdesk.orgs.selectors import site_list_for_user

from .major import with_major_signed
from .models import Category, State, Task, Ticket
from .permissions import contact_scope, ticket_scope
from .workflow import OPEN, TICKET_FLOW

SORTS = {
    "created": "created_at",
    "-created": "-created_at",
    "number": "number",
    "-number": "-number",
    "priority": "priority",
    "state": "state",
    "-updated": "-updated_at",
}
LIST_RELATED = ("site", "category", "unit", "department", "assignee")


def _day_start(d: date) -> datetime:
    return timezone.make_aware(datetime.combine(d, time.min))


def ticket_list_for_user(
    user, *, site_id=None, filters: dict | None = None, sort: str = "-created"
) -> QuerySet:
    """Tickets the user may see, narrowed by the site switcher and the list filters (allow-listed)."""
    if sort not in SORTS:
        raise InvalidInput(fields={"sort": "unknown sort"}, code="bad_sort")
    qs = narrow_to_site(ticket_scope(user), site_id).select_related(*LIST_RELATED)
    f = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    simple = {
        "state": "state",
        "kind": "kind",
        "category": "category_id",
        "department": "department_id",
        "priority": "priority",
        "site": "site_id",
        "assignee": "assignee_id",
        "unit": "unit_id",
    }
    qs = qs.filter(**{simple[k]: v for k, v in f.items() if k in simple})
    if f.get("repeat"):
        qs = qs.filter(is_repeat=True)
    if f.get("open"):
        qs = qs.filter(state__in=OPEN)
    if f.get("date_from"):
        qs = qs.filter(created_at__gte=_day_start(f["date_from"]))
    if f.get("date_to"):
        qs = qs.filter(created_at__lt=_day_start(f["date_to"]) + timezone.timedelta(days=1))
    if f.get("mine"):
        qs = qs.filter(Q(created_by=user) | Q(assignee=user) | Q(department__head=user))
    if f.get("q"):  # words, a unit or a phone fragment, through the search index (R-AR-3)
        from propdesk.search.selectors import search_object_ids

        ids = search_object_ids(user, f["q"], "ticket")
        qs = qs.none() if ids is None else qs.filter(pk__in=ids)
    return qs.order_by(SORTS[sort], "-id")


def ticket_recent_for_unit(user, unit_id: int, *, limit: int = 10) -> list[Ticket]:
    """The unit's latest tickets, for the intake screen while the resident is on the phone."""
    qs = (
        ticket_scope(user)
        .filter(unit_id=unit_id)
        .select_related("category")
        .order_by("-created_at")
    )
    return list(qs[:limit])


def department_queue(user, *, site_id=None) -> QuerySet:
    """Handling forms of the head's department waiting for acceptance or in work."""
    states = [State.DISPATCHED, State.ACCEPTED, State.IN_PROGRESS, State.PAUSED]
    qs = (
        ticket_scope(user)
        .filter(state__in=states)
        .filter(Q(department__head=user) | Q(assignee=user) | Q(acting_head=user))
    )
    qs = with_sla_due(narrow_to_site(qs, site_id).select_related(*LIST_RELATED))
    # The most urgent first: the nearest running deadline, then the longest waiting.
    return qs.order_by(F("sla_due").asc(nulls_last=True), "dispatched_at", "id")


def callback_queue(user, *, site_id=None) -> QuerySet:
    """Tickets handled by the departments, back at customer service for the callback (R-CP-3);
    called back ones wait here for closing. Those the policy exempts are in `no_callback_queue`."""
    qs = ticket_scope(user).filter(
        Q(state=State.HANDLED, callback_required=True) | Q(state=State.CALLBACK_DONE)
    )
    return narrow_to_site(qs, site_id).select_related(*LIST_RELATED).order_by("handled_at", "id")


def no_callback_queue(user, *, site_id=None) -> QuerySet:
    """Handled tickets whose category's policy needs no callback: the desk closes them (R-CP-3)."""
    qs = ticket_scope(user).filter(state=State.HANDLED, callback_required=False)
    return narrow_to_site(qs, site_id).select_related(*LIST_RELATED).order_by("handled_at", "id")


def escalation_board(user, *, site_id=None) -> QuerySet:
    """Tickets escalated to the shift lead and not yet cleared (R-FS-4)."""
    qs = ticket_scope(user).filter(
        escalated_at__isnull=False, escalation_cleared_at__isnull=True, state__in=OPEN
    )
    return narrow_to_site(qs, site_id).select_related(*LIST_RELATED).order_by("escalated_at", "id")


def contact_list_for_user(user, *, site_id=None, filters: dict | None = None) -> QuerySet:
    qs = narrow_to_site(contact_scope(user), site_id).select_related(
        "site", "unit", "received_by", "ticket"
    )
    f = {k: v for k, v in (filters or {}).items() if v not in (None, "")}
    for key in ("channel", "kind", "disposition"):
        if f.get(key):
            qs = qs.filter(**{key: f[key]})
    if f.get("date_from"):
        qs = qs.filter(received_at__gte=_day_start(f["date_from"]))
    if f.get("date_to"):
        qs = qs.filter(received_at__lt=_day_start(f["date_to"]) + timezone.timedelta(days=1))
    return qs.order_by("-received_at", "-id")


def task_list_for_user(user, *, site_id=None, overdue: bool = False) -> QuerySet:
    """Tasks assigned to the user, or all tasks of the user's sites for leaders."""
    from propdesk.core.access import scope_queryset
    from propdesk.people.roles import Role

    qs = Task.objects.select_related("assigned_to", "assigned_by", "site")
    if user.has_any_role(
        {Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.AUDITOR, Role.GM}
    ):
        qs = scope_queryset(qs, user)
    else:
        qs = qs.filter(assigned_to=user)
    qs = narrow_to_site(qs, site_id)
    if overdue:
        qs = qs.filter(state=Task.TaskState.OPEN, due_at__lt=timezone.now())
    return qs.order_by("state", "due_at", "id")


def ticket_open_items_for_site(user, site_id: int):
    """Open items for the shift handover (R-HO-2): undispatched tickets and tickets awaiting callback."""
    from propdesk.core.openitems import OpenItem

    qs = ticket_scope(user).filter(site_id=site_id, state__in=[State.REGISTERED, State.HANDLED])
    rows = qs.only("pk", "number", "title", "state").order_by("created_at")[:200]
    kinds = {State.REGISTERED: "ticket.undispatched", State.HANDLED: "ticket.awaiting_callback"}
    return [
        OpenItem(kind=kinds[t.state], number=t.number, title=t.title, url=f"/tickets/{t.pk}/")
        for t in rows
    ]


def task_open_items_for_site(user, site_id: int):
    from propdesk.core.openitems import OpenItem

    qs = Task.objects.filter(site_id=site_id, state=Task.TaskState.OPEN).order_by("due_at")[:200]
    return [
        OpenItem(
            kind="task.open",
            number=f"T{t.pk}",
            title=t.title,
            url="/tickets/tasks/",
            due_at=t.due_at,
        )
        for t in qs
    ]


def major_complaints(user, *, site_id=None, open_only: bool = True) -> QuerySet:
    """Major complaints for the property-centre manager's board (R-CP-4), with `major_signed`."""
    qs = (
        narrow_to_site(ticket_scope(user), site_id)
        .filter(is_major=True)
        .select_related(*LIST_RELATED, "major_owner")
    )
    if open_only:
        qs = qs.filter(state__in=OPEN)
    return with_major_signed(qs).order_by("-created_at", "-id")


def major_awaiting_signoff(user, *, site_id=None) -> QuerySet:
    """Handled major complaints the centre manager has not signed off yet, oldest first (R-CP-4)."""
    qs = major_complaints(user, site_id=site_id).filter(
        state__in=TICKET_FLOW.transitions["major_signoff"].sources, major_signed=False
    )
    return qs.order_by("handled_at", "id")


def tickets_breaching(user, *, site_id=None) -> QuerySet:
    """Open tickets with a running SLA clock past its warning time, most urgent first (R-SS-1)."""
    from django.db.models import Min

    now = timezone.now()
    qs = narrow_to_site(ticket_scope(user), site_id).filter(
        state__in=OPEN, sla_clocks__state="running", sla_clocks__warn_at__lte=now
    )
    return (
        qs.annotate(sla_due=Min("sla_clocks__due_at"))
        .select_related(*LIST_RELATED)
        .order_by("sla_due", "id")
    )


def with_sla_due(qs: QuerySet) -> QuerySet:
    """Annotate `sla_due` and `sla_warn`: the due and warning times of the ticket's nearest running
    clock (for lists: overdue past `sla_due`, due soon past `sla_warn`)."""
    from django.db.models import OuterRef, Subquery

    from .models import SlaClock

    clock = SlaClock.objects.filter(ticket=OuterRef("pk"), state="running").order_by("due_at")
    return qs.annotate(
        sla_due=Subquery(clock.values("due_at")[:1]),
        sla_warn=Subquery(clock.values("warn_at")[:1]),
    )


def category_list_active(*, kind: str | None = None) -> QuerySet[Category]:
    """The categories a new ticket may take, in the order the intake screen lists them."""
    qs = Category.objects.filter(active=True)
    return qs.filter(kind=kind) if kind else qs


def category_departments_attach(user, categories: list[Category], *, site_id=None) -> None:
    """Set `site_departments` on each category: per site of the user, the department its tickets
    go to when dispatched without one (R-CP-2), and whether it has a head (two queries)."""
    sites = list(narrow_to_site(site_list_for_user(user), site_id, field="id").values("id"))
    site_ids = [s["id"] for s in sites]
    kinds = {c.default_department for c in categories if c.default_department}
    by_key = {
        (d.site_id, d.kind): d
        for d in Department.objects.filter(site_id__in=site_ids, kind__in=kinds)
    }
    for cat in categories:
        rows = []
        for sid in site_ids:
            d = by_key.get((sid, cat.default_department))
            rows.append(
                {
                    "site_id": sid,
                    "department_id": d.pk if d else None,
                    "department": d.name if d else "",
                    "has_head": bool(d and d.head_id),
                }
            )
        cat.site_departments = rows
