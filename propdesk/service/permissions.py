"""Who sees and changes promises and incidents. Out-of-site records answer 404, never 403."""

from django.db.models import QuerySet

from propdesk.core.access import get_or_404, scope_queryset, visible_site_ids
from propdesk.core.exceptions import NotAllowed, NotFound

from .models import Incident, Promise
from .workflow import DESK, READERS


def is_reader(user) -> bool:
    return bool(user.is_active and user.has_any_role(READERS))


def can_write(user) -> bool:
    return bool(user.is_active and not user.is_read_only and user.has_any_role(DESK))


def require_reader(user) -> None:
    if not is_reader(user):
        raise NotAllowed()


def require_site(user, site_id: int) -> None:
    """The user works at `site_id`; otherwise the record is treated as not found."""
    ids = visible_site_ids(user)
    if ids is not None and site_id not in ids:
        raise NotFound()


def promise_scope(user) -> QuerySet[Promise]:
    if not is_reader(user):
        return Promise.objects.none()
    return scope_queryset(Promise.objects.all(), user)


def promise_get_for_user(user, pk: int) -> Promise:
    """One promise of the user's sites, or 404."""
    qs = promise_scope(user).select_related(
        "site", "owner", "made_by", "kept_by", "contact", "ticket", "resident", "department"
    )
    return get_or_404(qs, pk=pk)


def incident_scope(user) -> QuerySet[Incident]:
    if not is_reader(user):
        return Incident.objects.none()
    return scope_queryset(Incident.objects.all(), user)


def incident_get_for_user(user, pk: int) -> Incident:
    """One incident of the user's sites, or 404."""
    qs = incident_scope(user).select_related("site", "reported_by", "handler", "closed_by")
    return get_or_404(qs, pk=pk)
