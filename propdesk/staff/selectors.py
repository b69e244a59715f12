"""Reads of the staff app, with the pay privacy in the query (item 8 of the issue): a month,
complaint or ledger line is seen by its person, the people above them on their site, the GM and
the auditor — never by a colleague of the same rank. Everything else answers 404."""

import datetime

from django.db.models import Q
from django.http import Http404

from propdesk.core.access import scope_queryset
from propdesk.people.roles import Role

from .models import LeaveRequest, LedgerEntry, MonthSummary, PunchCorrection, StaffComplaint
from .permissions import RANK, rank


def _visible(qs, user, person_field="person"):
    if not getattr(user, "is_authenticated", False) or user.is_config_only:
        return qs.none()
    if user.has_any_role({Role.GM, Role.AUDITOR}):
        return qs
    own = Q(**{person_field: user.pk})
    r = rank(user)
    same_or_above = [code for code, v in RANK.items() if v >= r]
    below = scope_queryset(qs, user).exclude(**{f"{person_field}__groups__name__in": same_or_above})
    return qs.filter(own | Q(pk__in=below.values("pk")))


def months_for_user(user, *, month: datetime.date | None = None, site_id=None, state=""):
    qs = _visible(MonthSummary.objects.all(), user).select_related("person", "site")
    if month:
        qs = qs.filter(month=month)
    if site_id:
        qs = qs.filter(site_id=site_id)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-month", "person__username")


def month_get_for_user(user, pk) -> MonthSummary:
    row = months_for_user(user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def complaints_for_user(user):
    return _visible(StaffComplaint.objects.all(), user).select_related("person", "reported_by")


def complaint_get_for_user(user, pk) -> StaffComplaint:
    row = complaints_for_user(user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def ledger_for_user(user):
    return _visible(LedgerEntry.objects.all(), user).select_related("person", "granted_by")


def ledger_get_for_user(user, pk) -> LedgerEntry:
    row = ledger_for_user(user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def leave_for_user(user):
    return _visible(LeaveRequest.objects.all(), user).select_related("person")


def corrections_for_user(user):
    return _visible(PunchCorrection.objects.all(), user).select_related("person")


def get_for_user(qs, pk):
    row = qs.filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


def prime_roles(users) -> None:
    """Load the role codes of many users in one query (the buttons of a list ask each row's)."""
    from collections import defaultdict

    from propdesk.people.models import User

    users = [u for u in users if "role_codes" not in u.__dict__]
    codes = defaultdict(set)
    rows = User.groups.through.objects.filter(user_id__in=[u.pk for u in users])
    for uid, name in rows.values_list("user_id", "group__name"):
        codes[uid].add(name)
    for u in users:
        c = frozenset(codes[u.pk])
        u.__dict__["role_codes"] = (
            frozenset({"sysadmin"}) if "sysadmin" in c or u.is_superuser else c
        )
