"""Reads of the front desk, always scoped to the user's sites (other site → 404)."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from propdesk.core.access import get_or_404, narrow_to_site, scope_queryset
from propdesk.core.corrections import corrections_by_object
from propdesk.orgs.models import FrontDesk, Shift
from propdesk.people.models import User

from .models import (
    DeskHolding,
    DutyLog,
    DutyLogEntry,
    HandoverCheck,
    HandoverQuestion,
    LeaveOfPost,
    MailItem,
    ShiftHandover,
    SpotCheck,
    VisitorLookup,
)


def parcel_overdue_days() -> int:
    return int(getattr(settings, "PROPDESK", {}).get("PARCEL_OVERDUE_DAYS", 3))


def desk_list_for_user(user, *, site_id: int | None = None) -> QuerySet[FrontDesk]:
    qs = scope_queryset(FrontDesk.objects.select_related("site"), user)
    return narrow_to_site(qs, site_id).order_by("site__name", "name")


def desk_get_for_user(user, pk: int) -> FrontDesk:
    return get_or_404(desk_list_for_user(user), pk=pk)


def desk_holders(desk_ids) -> dict[int, DeskHolding]:
    """Current holding per desk id (one query)."""
    rows = DeskHolding.objects.filter(desk_id__in=list(desk_ids), until__isnull=True)
    return {h.desk_id: h for h in rows.select_related("holder")}


def shift_at(desk, at: datetime | None = None) -> tuple[Shift | None, date]:
    """The desk's shift running at `at` and the date it started on (night shifts cross midnight)."""
    local = timezone.localtime(at or timezone.now())
    now_t = local.time()
    for shift in Shift.objects.filter(desk=desk).order_by("sort_order", "start"):
        if shift.start < shift.end and shift.start <= now_t < shift.end:
            return shift, local.date()
        if shift.end <= shift.start and (now_t >= shift.start or now_t < shift.end):
            started = local.date() if now_t >= shift.start else local.date() - timedelta(days=1)
            return shift, started
    return None, local.date()


def duty_log_list_for_user(user, *, site_id=None, day: date | None = None) -> QuerySet[DutyLog]:
    qs = scope_queryset(DutyLog.objects.select_related("desk", "shift", "recorder"), user)
    qs = narrow_to_site(qs, site_id)
    if day:
        qs = qs.filter(date=day)
    return qs.order_by("-date", "desk__name", "shift__sort_order")


def duty_log_get_for_user(user, pk: int) -> DutyLog:
    return get_or_404(duty_log_list_for_user(user), pk=pk)


def duty_entries_of(log) -> QuerySet[DutyLogEntry]:
    return log.entries.select_related("unit", "handled_by", "created_by", "mail_item")


def duty_entry_get_for_user(user, pk: int) -> DutyLogEntry:
    qs = scope_queryset(DutyLogEntry.objects.select_related("log"), user)
    return get_or_404(qs, pk=pk)


def duty_entries_for_day(user, *, site_id: int, day: date) -> QuerySet[DutyLogEntry]:
    qs = scope_queryset(DutyLogEntry.objects.all(), user).filter(site_id=site_id, log__date=day)
    return qs.select_related("log__desk", "log__shift", "unit", "handled_by", "created_by")


def handover_list_for_user(user, *, site_id=None, state: str = "") -> QuerySet[ShiftHandover]:
    qs = scope_queryset(
        ShiftHandover.objects.select_related("desk", "shift", "outgoing", "incoming"), user
    )
    qs = narrow_to_site(qs, site_id)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-created_at", "-id")


def handover_get_for_user(user, pk: int) -> ShiftHandover:
    qs = handover_list_for_user(user).select_related("duty_log", "resolved_by")
    qs = qs.prefetch_related(
        Prefetch("checks", queryset=HandoverCheck.objects.order_by("sort_order", "id")),
        Prefetch(
            "questions",
            queryset=HandoverQuestion.objects.select_related("asked_by", "answered_by"),
        ),
    )
    return get_or_404(qs, pk=pk)


def handover_active_for_desk(desk) -> ShiftHandover | None:
    active = [ShiftHandover.State.DRAFT, ShiftHandover.State.SUBMITTED]
    active += [ShiftHandover.State.REFUSED, ShiftHandover.State.RESOLVED]
    return ShiftHandover.objects.filter(desk=desk, state__in=active).first()


def handovers_refused(user, *, site_id=None) -> QuerySet[ShiftHandover]:
    """Refused handovers a shift lead has to settle, longest waiting first: the lead's board (R-HO-5)."""
    qs = handover_list_for_user(user, site_id=site_id, state=ShiftHandover.State.REFUSED)
    return qs.select_related("site").order_by("refused_at", "id")


def handovers_awaiting(user) -> QuerySet[ShiftHandover]:
    """Handovers waiting for this user as the incoming agent."""
    waiting = [ShiftHandover.State.SUBMITTED, ShiftHandover.State.RESOLVED]
    return handover_list_for_user(user).filter(incoming=user, state__in=waiting)


def mail_list_for_user(
    user, *, site_id=None, state: str = "", q: str = "", overdue: bool = False
) -> QuerySet[MailItem]:
    qs = scope_queryset(MailItem.objects.select_related("unit", "received_by"), user)
    qs = narrow_to_site(qs, site_id)
    if state == "waiting" or overdue:
        qs = qs.filter(state__in=[MailItem.State.RECEIVED, MailItem.State.NOTIFIED])
    elif state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(received_at__lt=timezone.now() - timedelta(days=parcel_overdue_days()))
    q = (q or "").strip()[:60]
    if q:
        qs = qs.filter(
            Q(tracking_no__icontains=q) | Q(number__icontains=q) | Q(unit__code__icontains=q)
        )
    return qs.order_by("-received_at", "-id")


def mail_get_for_user(user, pk: int) -> MailItem:
    return get_or_404(mail_list_for_user(user).select_related("handed_over_by", "resident"), pk=pk)


def mail_notices_of(item: MailItem):
    """The notices sent about an item (in-app and text message), oldest first. R-FD-4."""
    return item.notices.select_related("resident").order_by("created_at", "id")


def mail_for_day(user, *, site_id: int, day: date) -> QuerySet[MailItem]:
    qs = mail_list_for_user(user, site_id=site_id).filter(received_at__date=day)
    return qs.select_related("handed_over_by").order_by("received_at", "id")


def leave_list_for_user(user, *, site_id=None) -> QuerySet[LeaveOfPost]:
    qs = scope_queryset(
        LeaveOfPost.objects.select_related("desk", "requester", "replacement", "decided_by"), user
    )
    return narrow_to_site(qs, site_id)


def leave_get_for_user(user, pk: int) -> LeaveOfPost:
    return get_or_404(leave_list_for_user(user), pk=pk)


def spot_check_list_for_user(user, *, site_id=None) -> QuerySet[SpotCheck]:
    qs = scope_queryset(SpotCheck.objects.select_related("desk", "agent", "checked_by"), user)
    return narrow_to_site(qs, site_id).prefetch_related("findings")


def spot_check_get_for_user(user, pk: int) -> SpotCheck:
    return get_or_404(spot_check_list_for_user(user), pk=pk)


def lookup_log_for_user(user, *, site_id=None) -> QuerySet[VisitorLookup]:
    qs = scope_queryset(VisitorLookup.objects.select_related("agent", "site"), user)
    return narrow_to_site(qs, site_id)


def site_staff(site_id: int, roles) -> QuerySet[User]:
    """Active staff of a site holding one of `roles` (notification recipients, replacements)."""
    return (
        User.objects.filter(is_active=True, groups__name__in=list(roles), staff__sites=site_id)
        .distinct()
        .order_by("name", "username")
    )


def _review_slots(user) -> set[str]:
    from .services.review import REVIEW_SLOTS

    if user.is_read_only:
        return set()
    return {s for m in REVIEW_SLOTS.values() for s, roles in m.items() if user.has_any_role(roles)}


def _review_targets(pending, cts: dict) -> dict:
    """The records behind pending signature lines: one query per record type."""
    targets = {}
    for model, ct in cts.items():
        ids = [s.object_id for s in pending if s.content_type_id == ct.pk]
        related = ["desk", "shift"] if model in (ShiftHandover, DutyLog) else []
        for obj in model.objects.filter(pk__in=ids).select_related(*related) if ids else []:
            targets[(ct.pk, obj.pk)] = obj
    return targets


def review_queue_for_user(user, *, site_id=None) -> list[dict]:
    """The daily review queue (R-HO-7, R-FM-5): records awaiting this user's signature line.

    Handovers and duty logs wait for the supervisor (countersign) and the manager; mail-log days
    for the countersign. A record of an earlier day still unsigned is flagged `overdue`. Runs a
    fixed number of queries, whatever the queue length.
    """
    from django.contrib.contenttypes.models import ContentType

    from propdesk.core.signatures import signature_pending_for_user

    from .models import MailLogDay
    from .services.review import REVIEW_SLOTS

    slots = _review_slots(user)
    if not slots:
        return []
    cts = ContentType.objects.get_for_models(ShiftHandover, DutyLog, MailLogDay)
    ct_ids = [ct.pk for ct in cts.values()]
    pending = [
        s
        for slot in sorted(slots)
        for s in signature_pending_for_user(user, slot=slot).filter(content_type__in=ct_ids)
        if not site_id or s.site_id == site_id
    ]
    targets, today, rows = _review_targets(pending, cts), timezone.localdate(), []
    for s in pending:
        obj = targets.get((s.content_type_id, s.object_id))
        roles = REVIEW_SLOTS[type(obj)].get(s.slot) if obj is not None else None
        if roles is None or not user.has_any_role(roles):
            continue
        rows.append(
            {
                "signature": s,
                "target": obj,
                "kind": type(obj).__name__,
                "slot": s.slot,
                "date": obj.date,
                "overdue": obj.date < today,
            }
        )
    return sorted(rows, key=lambda r: (r["date"], r["kind"], r["target"].pk))


def mail_day_list_for_user(user, *, site_id=None):
    from .models import MailLogDay

    return narrow_to_site(scope_queryset(MailLogDay.objects.select_related("site"), user), site_id)


def mail_day_get_for_user(user, pk: int):
    return get_or_404(mail_day_list_for_user(user), pk=pk)


def duty_entries_with_errata(log) -> list[DutyLogEntry]:
    """The log's entries, each with `errata` (its corrections, R-FM-6); two queries in all."""
    entries = list(duty_entries_of(log))
    by_entry = corrections_by_object(DutyLogEntry, [e.pk for e in entries])
    for e in entries:
        e.errata = by_entry[e.pk]
    return entries
