"""Who receives a handling form (R-CP-2, R-FD-1): the department's head, else the site's fallback.

A dispatch must reach a person. A department without an (active) head gets its forms only when
the site names a fallback (`Site.dispatch_fallback`: the CS manager or the property-centre
manager), who then acts as the department's head for that ticket (`Ticket.acting_head`);
otherwise the dispatch is refused with a message naming the department.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import InvalidInput
from propdesk.orgs.models import Department, Site
from propdesk.people.models import User

VIA_HEAD = "head"


@dataclass(frozen=True)
class Recipient:
    user: User | None
    via: str  # "head", or the fallback role ("cs_manager" / "centre_manager"); "" when nobody

    @property
    def is_fallback(self) -> bool:
        return self.user is not None and self.via != VIA_HEAD


def fallback_user(site: Site) -> User | None:
    """The person the site's fallback names (its first active holder of the role), or None."""
    role = site.dispatch_fallback
    if not role:
        return None
    return (
        User.objects.filter(groups__name=role, staff__sites=site.pk, is_active=True)
        .order_by("id")
        .first()
    )


def form_recipient(department: Department) -> Recipient:
    """The department's active head, else the site's fallback person, else nobody."""
    head = department.head
    if head is not None and head.is_active:
        return Recipient(head, VIA_HEAD)
    user = fallback_user(department.site)
    return Recipient(user, department.site.dispatch_fallback if user else "")


def require_recipient(department: Department) -> Recipient:
    """The recipient of a handling form for `department`, or a refusal naming the department."""
    recipient = form_recipient(department)
    if recipient.user is None:
        message = _(
            "%(department)s has no head, so nobody would receive the handling form. "
            "Ask the administrator to name its head, or dispatch to another department."
        ) % {"department": department.name}
        raise InvalidInput(message, code="no_head", fields={"department": message})
    return recipient


def headless_ids(site: Site, departments) -> set[int]:
    """Ids of `departments` whose forms would reach nobody (no active head, no fallback person)."""
    no_head = {d.pk for d in departments if d.head_id is None or not d.head.is_active}
    if no_head and fallback_user(site) is not None:
        return set()
    return no_head
