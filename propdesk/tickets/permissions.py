"""Who sees which tickets and contacts (SECURITY.md §c): one definition for every list, page and API."""

from django.db.models import Q, QuerySet

from propdesk.core.access import get_or_404, visible_site_ids
from propdesk.core.exceptions import NotAllowed
from propdesk.people.roles import Role

from .models import Contact, Ticket

SITE_READERS = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR}
)
DEPARTMENT_READERS = frozenset({Role.DEPT_HEAD, Role.DEPT_STAFF})


def _ticket_q(user) -> Q | None:
    """A filter for the tickets `user` may see; None = nothing."""
    if not user.is_authenticated or not user.is_active:
        return None
    parts = []
    if user.has_any_role(SITE_READERS):
        ids = visible_site_ids(user)
        parts.append(Q() if ids is None else Q(site_id__in=ids))
    if user.has_any_role({Role.DEPT_HEAD}):
        # The head's own department by id (no join to its staff, which would repeat rows).
        dept_id = getattr(getattr(user, "staff", None), "department_id", None)
        parts.append(
            Q(department__head=user) | Q(department_id=dept_id)
            if dept_id
            else Q(department__head=user)
        )
    if user.has_any_role({Role.DEPT_STAFF}):
        parts.append(Q(assignee=user))
    if user.has_any_role({Role.RESIDENT}):
        parts.append(Q(resident__user=user))
    if not parts:
        return None
    q = parts[0]
    for p in parts[1:]:
        q |= p
    return q


def sees_whole_sites(user) -> bool:
    """True when, within the user's visible sites, the user sees every ticket and contact.

    Lets the search index skip the per-type visibility subquery for desk roles and managers: its
    rows carry their site, so the site filter alone decides (a subquery over 10,000 tickets of a
    site cost ~100 ms per search at a million tickets).
    """
    return user.has_any_role(SITE_READERS)


def ticket_scope(user, qs: QuerySet | None = None) -> QuerySet[Ticket]:
    qs = Ticket.objects.all() if qs is None else qs
    q = _ticket_q(user)
    if q is None:
        return qs.none()
    return qs.filter(q)


def ticket_get_for_user(user, pk: int, *, for_update: bool = False) -> Ticket:
    """One ticket the user may see, or 404."""
    qs = ticket_scope(user).select_related(
        "site",
        "category",
        "unit",
        "resident",
        "department",
        "department__head",
        "assignee",
        "created_by",
    )
    return get_or_404(qs, pk=pk)


def contact_scope(user, qs: QuerySet | None = None) -> QuerySet[Contact]:
    """The contact register: desk roles, managers, GM and auditor of the user's sites; residents their own."""
    qs = Contact.objects.all() if qs is None else qs
    if user.has_any_role(SITE_READERS):
        ids = visible_site_ids(user)
        return qs if ids is None else qs.filter(site_id__in=ids)
    if user.has_any_role({Role.RESIDENT}):
        return qs.filter(resident__user=user)
    return qs.none()


def contact_get_for_user(user, pk: int) -> Contact:
    qs = contact_scope(user).select_related("site", "unit", "resident", "received_by", "ticket")
    return get_or_404(qs, pk=pk)


def require_department_actor(ticket: Ticket, user) -> None:
    """Department actions: the department's head (or a head-role member of it), the fallback acting
    for a department without a head, or the assigned worker."""
    dept = ticket.department
    if dept is not None and dept.head_id == user.pk:
        return
    if ticket.acting_head_id is not None and ticket.acting_head_id == user.pk:
        return
    staff_dept = getattr(getattr(user, "staff", None), "department_id", None)
    if dept is not None and user.has_any_role({Role.DEPT_HEAD}) and staff_dept == dept.pk:
        return
    if user.has_any_role({Role.DEPT_STAFF}) and ticket.assignee_id == user.pk:
        return
    raise NotAllowed()
