"""Reads of the organisation, always scoped to the user's sites."""

from django.db.models import QuerySet

from propdesk.core.access import get_or_404, narrow_to_site, scope_queryset

from .models import Building, Site, Unit, unit_search_key


def site_list_for_user(user) -> QuerySet[Site]:
    return scope_queryset(Site.objects.filter(is_active=True), user, field="id")


def building_list_for_user(user, *, site_id: int | None = None) -> QuerySet[Building]:
    qs = scope_queryset(Building.objects.select_related("site"), user)
    return narrow_to_site(qs, site_id)


def unit_list_for_user(
    user, *, q: str = "", site_id: int | None = None, building_id: int | None = None
) -> QuerySet[Unit]:
    qs = scope_queryset(Unit.objects.select_related("site", "building"), user)
    qs = narrow_to_site(qs, site_id)
    if building_id:
        qs = qs.filter(building_id=building_id)
    q = (q or "").strip()[:50]
    if q:
        key = unit_search_key(q)
        qs = qs.filter(search_key__startswith=key) if key else qs.filter(code__icontains=q)
    return qs.order_by("site__name", "building__sort_order", "code")


def unit_get_for_user(user, pk: int) -> Unit:
    """One unit the user may see, or 404."""
    return get_or_404(scope_queryset(Unit.objects.select_related("site", "building"), user), pk=pk)
