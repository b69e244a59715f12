"""Reads of the quality app: lists paged and filtered in the database."""

import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from .models import AnalysisReport, CorrectiveAction
from .permissions import capa_openable, capa_scope, report_scope


def report_list_for_user(user, *, state: str = "", site_id: int | None = None) -> QuerySet:
    qs = report_scope(user).select_related("site", "created_by", "decided_by")
    if state in AnalysisReport.State.values:
        qs = qs.filter(state=state)
    if site_id:
        qs = qs.filter(site_id=site_id)
    return qs.order_by("-quarter", "site_id", "-id")


def capa_list_for_user(
    user,
    *,
    state: str = "",
    overdue: bool = False,
    mine: bool = False,
    site_id: int | None = None,
    report_id: int | None = None,
) -> QuerySet:
    qs = capa_scope(user).select_related("site", "department", "owner")
    if state in CorrectiveAction.State.values:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=CorrectiveAction.State.OPEN, due_date__lt=timezone.localdate())
    if mine:
        qs = qs.filter(owner_id=user.pk)
    if site_id:
        qs = qs.filter(site_id=site_id)
    if report_id:
        qs = qs.filter(report_id=report_id)
    return qs.order_by("state", "due_date", "id")


def capas_for_report(report: AnalysisReport) -> QuerySet:
    """The report's CAPA table: its own actions, and for a site report the site's actions
    still open or closed during the quarter."""
    return (
        CorrectiveAction.objects.filter(report=report)
        .select_related("department", "owner")
        .order_by("due_date", "id")
    )


def overdue_capa_count(user) -> int:
    """Open actions the user owns whose due date has passed (the owner's home card, R-CP-5)."""
    today = timezone.localdate()
    return CorrectiveAction.objects.filter(
        owner_id=user.pk, state=CorrectiveAction.State.OPEN, due_date__lt=today
    ).count()


def overdue_capas_at(
    site_id: int, at: datetime.datetime, *, department_id: int | None = None
) -> QuerySet[CorrectiveAction]:
    """The site's actions overdue at the moment `at` (a meeting's start): recorded before it,
    due before its day, and not reported done by then (never done, or done only afterwards).
    Narrowed to a department when one is given. R-CP-5."""
    day = timezone.localdate(at)
    qs = CorrectiveAction.objects.filter(
        site_id=site_id, created_at__lt=at, due_date__lt=day
    ).filter(Q(done_at__isnull=True) | Q(done_at__gte=at))
    if department_id:
        qs = qs.filter(department_id=department_id)
    return qs.select_related("site", "department", "owner").order_by("due_date", "id")


def _agenda_row(user, c: CorrectiveAction, day: datetime.date) -> dict:
    return {
        "pk": c.pk,
        "kind": c.get_kind_display(),
        "problem": c.problem,
        "action": c.action,
        "site": c.site.name,
        "department": c.department.name,
        "owner": str(c.owner),
        "due_date": c.due_date,
        "days_late": (day - c.due_date).days,
        "url": reverse("quality:capa-detail", args=[c.pk]) if capa_openable(user, c) else "",
    }


def overdue_capas_for_agenda(
    user, *, site_id: int, at: datetime.datetime, department_id: int | None = None, limit=50
) -> list[dict]:
    """The interface other apps (the meetings' agenda and minutes) read: plain rows of the
    actions overdue at `at`, each with the link to it when `user` may open it (one query)."""
    day = timezone.localdate(at)
    qs = overdue_capas_at(site_id, at, department_id=department_id)[:limit]
    return [_agenda_row(user, c, day) for c in qs]


def overdue_capas_owned_by(user, *, limit=50) -> list[dict]:
    """The owner's board: open actions `user` owns past their due date, most overdue first,
    in the same plain rows (one query). R-CP-5."""
    today = timezone.localdate()
    qs = (
        CorrectiveAction.objects.filter(
            owner_id=user.pk, state=CorrectiveAction.State.OPEN, due_date__lt=today
        )
        .select_related("site", "department", "owner")
        .order_by("due_date", "id")[:limit]
    )
    return [_agenda_row(user, c, today) for c in qs]
