"""Reads of renovations, passes and releases, always scoped to the user's sites (other site → 404)."""

from datetime import date, timedelta

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst

from propdesk.core.access import get_or_404, narrow_to_site, scope_queryset
from propdesk.core.corrections import correction_list_for
from propdesk.core.masking import mask_phone
from propdesk.orgs.models import unit_search_key
from propdesk.people.models import Occupancy
from propdesk.people.roles import Role

from .models import (
    GateScan,
    GoodsRelease,
    GoodsReleaseItem,
    Renovation,
    RenovationInspection,
    RenovationRules,
    WorkerPass,
)
from .workflow import R_PASSABLE

EXPIRING_DAYS = 3
PASS_FILTERS = ("valid", "expiring", "expired", "returned", "revoked")


def rules_for_site(site_id: int) -> RenovationRules:
    """The site's renovation rules, or the defaults (unsaved) when the site has none."""
    return RenovationRules.objects.filter(site_id=site_id).first() or RenovationRules(
        site_id=site_id
    )


def _text_filter(qs, q: str, fields: tuple[str, ...]):
    q = (q or "").strip()[:60]
    if not q:
        return qs
    cond = Q(number__icontains=q)
    for f in fields:
        cond |= Q(**{f"{f}__icontains": q})
    key = unit_search_key(q)
    if key and any(c.isdigit() for c in q):
        cond |= Q(unit__search_key__startswith=key)
    return qs.filter(cond)


# --- renovations -------------------------------------------------------------------------


def renovation_list_for_user(
    user, *, site_id: int | None = None, state: str = "", q: str = ""
) -> QuerySet[Renovation]:
    qs = scope_queryset(Renovation.objects.select_related("unit", "site", "owner"), user)
    qs = narrow_to_site(qs, site_id)
    if state == "active":
        qs = qs.filter(state__in=list(R_PASSABLE) + [Renovation.State.SUSPENDED])
    elif state:
        qs = qs.filter(state=state)
    qs = _text_filter(qs, q, ("company", "lead_name"))
    return qs.order_by("-submitted_at", "-id")


def renovation_get_for_user(user, pk: int) -> Renovation:
    qs = scope_queryset(
        Renovation.objects.select_related(
            "unit", "site__company", "owner", "reviewed_by", "accepted_by", "refunded_by"
        ),
        user,
    )
    return get_or_404(qs, pk=pk)


def inspections_of(renovation) -> QuerySet[RenovationInspection]:
    return renovation.inspections.select_related("recorded_by").order_by("date", "id")


def unit_owners(unit) -> QuerySet[Occupancy]:
    """The unit's current owners in the directory (the people whose consent counts)."""
    return (
        Occupancy.objects.filter(
            unit=unit, relation=Occupancy.Relation.OWNER, move_out__isnull=True
        )
        .select_related("resident")
        .order_by("id")
    )


# The fields whose values are phones: shown masked in the errata, as on the record itself.
PHONE_FIELDS = frozenset({"lead_phone", "applicant_phone", "phone"})


def corrections_of(record) -> list:
    """The record's corrections (R-FM-6), oldest first, with the field's words and the values as
    the page shows them (phones masked); one query."""
    rows = list(correction_list_for(record))
    for row in rows:
        try:
            row.field_label = capfirst(type(record)._meta.get_field(row.field).verbose_name)
        except Exception:  # a field removed since the correction was made
            row.field_label = row.field
        masked = row.field in PHONE_FIELDS
        row.old_display = mask_phone(row.old_value) if masked else row.old_value
        row.new_display = mask_phone(row.new_value) if masked else row.new_value
    return rows


# --- passes --------------------------------------------------------------------------------


def pass_list_for_user(
    user, *, site_id: int | None = None, status: str = "", q: str = "", renovation_id=None
) -> QuerySet[WorkerPass]:
    """Passes; `status` valid / expiring (within 3 days) / expired (not returned) / returned / revoked."""
    qs = scope_queryset(WorkerPass.objects.select_related("renovation__unit", "site"), user)
    qs = narrow_to_site(qs, site_id)
    if renovation_id:
        qs = qs.filter(renovation_id=renovation_id)
    today = timezone.localdate()
    active = qs.filter(state=WorkerPass.State.ACTIVE)
    if status == "valid":
        qs = active.filter(valid_until__gte=today)
    elif status == "expiring":
        qs = active.filter(
            valid_until__gte=today, valid_until__lte=today + timedelta(EXPIRING_DAYS)
        )
    elif status == "expired":
        qs = active.filter(valid_until__lt=today)
    elif status in ("returned", "revoked"):
        qs = qs.filter(state=status)
    q = (q or "").strip()[:60]
    if q:
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(name__icontains=q)
            | Q(company__icontains=q)
            | Q(renovation__unit__code__icontains=q)
        )
    return qs.order_by("-issued_at", "-id")


def pass_get_for_user(user, pk: int) -> WorkerPass:
    qs = scope_queryset(
        WorkerPass.objects.select_related(
            "renovation__unit", "site__company", "photo", "issued_by"
        ),
        user,
    )
    return get_or_404(qs, pk=pk)


# --- releases --------------------------------------------------------------------------------


def _owned_units(user):
    return Occupancy.objects.filter(
        resident__user=user, relation=Occupancy.Relation.OWNER, move_out__isnull=True
    ).values("unit_id")


def release_list_for_user(
    user,
    *,
    site_id: int | None = None,
    state: str = "",
    q: str = "",
    day: date | None = None,
    unused: bool = False,
) -> QuerySet[GoodsRelease]:
    """Slips of the user's sites; a resident sees the slips of the units he owns (to consent)."""
    base = GoodsRelease.objects.select_related("unit", "site")
    if user.is_authenticated and user.role_codes == {Role.RESIDENT}:
        qs = base.filter(unit_id__in=_owned_units(user))
    else:
        qs = scope_queryset(base, user)
    qs = narrow_to_site(qs, site_id)
    if state:
        qs = qs.filter(state=state)
    if unused:
        qs = qs.filter(state=GoodsRelease.State.APPROVED)
    if day:
        qs = qs.filter(pass_date__lte=day, valid_until__gte=day)
    qs = _text_filter(qs, q, ("applicant_name", "vehicle_plate"))
    return qs.order_by("-created_at", "-id")


def release_get_for_user(user, pk: int) -> GoodsRelease:
    qs = release_list_for_user(user).select_related(
        "site__company",
        "consent_owner",
        "consent_by",
        "consent_confirmed_by",
        "approved_by",
        "gate_checked_by",
        "applicant_resident",
    )
    qs = qs.prefetch_related(
        Prefetch("items", queryset=GoodsReleaseItem.objects.order_by("sort_order", "id"))
    )
    return get_or_404(qs, pk=pk)


def scans_for_user(user, *, site_id: int | None = None, day: date | None = None):
    qs = scope_queryset(GateScan.objects.select_related("guard", "worker_pass", "release"), user)
    qs = narrow_to_site(qs, site_id)
    if day:
        qs = qs.filter(at__date=day)
    return qs.order_by("-at", "-id")
