"""Reads of people: the resident directory, always scoped to the user's sites."""

import re

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from propdesk.core.access import get_or_404, visible_site_ids
from propdesk.orgs.models import unit_search_key

from .models import Occupancy, Resident, StaffProfile

_DIGITS = re.compile(r"^\d{3,}$")


def _occupancy_prefetch() -> Prefetch:
    return Prefetch("occupancies", queryset=Occupancy.objects.select_related("unit", "unit__site"))


def resident_list_for_user(user, *, q: str = "", site_id: int | None = None) -> QuerySet[Resident]:
    """Residents with a unit in the user's sites (and in `site_id` when the switcher narrows it).

    `q` matches a name fragment, a phone fragment (3+ digits) or a unit (`3栋1单元502`, `3-1-502`).
    """
    occ = Occupancy.objects.filter(resident=OuterRef("pk"))
    ids = visible_site_ids(user)
    if ids is not None:
        occ = occ.filter(site_id__in=ids)
    if site_id is not None:
        occ = occ.filter(site_id=site_id)
    q = (q or "").strip()[:50]
    if q:
        occ_match = Q()
        key = unit_search_key(q)
        if key and any(ch.isdigit() for ch in q):
            occ_match = Q(unit__search_key__startswith=key)
        text = Q(name__icontains=q)
        if _DIGITS.match(q):
            # Start or end of the number: what the masked display (138****5678) shows, so a hit
            # always visibly matches what the agent typed.
            for field in ("phone", "phone2"):
                text |= Q(**{f"{field}__startswith": q}) | Q(**{f"{field}__endswith": q})
        qs = Resident.objects.filter(Exists(occ)).filter(
            text | Exists(occ.filter(occ_match)) if occ_match else text
        )
    else:
        qs = Resident.objects.filter(Exists(occ))
    return qs.prefetch_related(_occupancy_prefetch()).order_by("name", "id")


def resident_get_for_user(user, pk: int) -> Resident:
    """One resident the user may see (has a unit in one of their sites), or 404."""
    return get_or_404(resident_list_for_user(user), pk=pk)


def occupancy_list_for_unit(unit) -> QuerySet[Occupancy]:
    return unit.occupancies.select_related("resident").order_by("move_out", "relation", "id")


def staff_list_for_user(user) -> QuerySet[StaffProfile]:
    qs = StaffProfile.objects.select_related("user", "department")
    ids = visible_site_ids(user)
    if ids is not None:
        qs = qs.filter(sites__in=ids).distinct()
    return qs
