"""Site scoping: the one mechanism every view, API endpoint and export uses.

A user object answers `visible_site_ids()` with None (every site: company-level roles)
or a frozenset of site ids. Apps build their per-object helpers (`unit_get_for_user` …)
on `scope_queryset` and `get_or_404`, so lists, details, exports and the API agree.
Out-of-scope records answer 404, never 403, so their existence is not revealed.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404

from .exceptions import NotAllowed


def visible_site_ids(user) -> frozenset[int] | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    return user.visible_site_ids()


def scope_queryset(qs: QuerySet, user, field: str = "site") -> QuerySet:
    """Restrict `qs` to the sites `user` may see; `field` is the path to the site FK."""
    ids = visible_site_ids(user)
    if ids is None:
        return qs
    return qs.filter(**{f"{field}__in": ids})


def narrow_to_site(qs: QuerySet, site_id: int | None, field: str = "site") -> QuerySet:
    """Apply the user's current-site choice (the site switcher) on top of scoping."""
    if site_id is None:
        return qs
    return qs.filter(**{field: site_id})


def get_or_404(qs: QuerySet, **lookup):
    """Fetch one object from an already scoped queryset, or answer 404."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def require_write(user) -> None:
    """Read-only roles (the auditor) can never change anything; enforced in services."""
    if not user.is_authenticated or not user.is_active or user.is_read_only:
        raise NotAllowed()


def require_role(user, roles: Iterable[str]) -> None:
    """Refuse unless the user holds one of `roles` (and is not read-only)."""
    require_write(user)
    if not user.has_any_role(roles):
        raise NotAllowed()
