"""Who is told when a ticket moves (R-CP-2, R-CP-3, R-FS-8): the one who must act next.

Titles are rendered here, in the language of the request that moved the ticket, like the rest
of the tickets app's notifications.
"""

from django.utils.translation import gettext_lazy as _

from propdesk.notify.services import notify
from propdesk.people.models import User
from propdesk.people.roles import Role

from ..models import CallbackSkip, Ticket
from ..routing import Recipient
from ..workflow import DESK


def ticket_url(ticket: Ticket) -> str:
    return f"/tickets/{ticket.pk}/"


def tell_head_dispatched(ticket: Ticket, recipient: Recipient) -> None:
    """The handling form reaches its recipient; a fallback is told whose department it acts for."""
    body = ""
    if recipient.is_fallback:
        body = _("%(department)s has no head: you receive its handling form and act for it.") % {
            "department": ticket.department.name
        }
    notify(
        recipients=[recipient.user],
        code="ticket.dispatched",
        site_id=ticket.site_id,
        title=_("New handling form %(number)s: %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        body=body,
        url=ticket_url(ticket),
        dedupe_key=f"dispatch:{ticket.pk}:{ticket.version}",
    )


def department_heads(ticket: Ticket) -> list[User]:
    """Who heads the ticket's department for it: the head, or the fallback acting for it."""
    people = [ticket.department.head if ticket.department else None, ticket.acting_head]
    return [u for u in people if u is not None and u.is_active]


def desk_recipients(ticket: Ticket) -> list[User]:
    """The agent who registered the ticket (first owner); the site's shift leads if that person
    is no longer at the desk."""
    owner = ticket.created_by
    if owner.is_active and owner.has_any_role(DESK):
        return [owner]
    return list(
        User.objects.filter(
            groups__name=Role.SUPERVISOR, staff__sites=ticket.site_id, is_active=True
        )
    )


def tell_desk_handled(ticket: Ticket, actor) -> None:
    values = {"number": ticket.number, "title": ticket.title}
    if ticket.callback_required:
        title = _("Handled, call the resident back: %(number)s %(title)s") % values
    else:
        values["why"] = CallbackSkip(ticket.callback_skip).label
        title = _("Handled, no callback needed (%(why)s): close %(number)s %(title)s") % values
    notify(
        recipients=[u for u in desk_recipients(ticket) if u.pk != actor.pk],
        code="ticket.handled",
        site_id=ticket.site_id,
        title=title,
        body=ticket.result[:500],
        url=ticket_url(ticket),
        dedupe_key=f"handled:{ticket.pk}:{ticket.version}",
    )


def tell_department_reopened(ticket: Ticket, comment: str) -> None:
    """R-CP-3, R-FS-8: the unsatisfied resident's job is back with the department's head."""
    notify(
        recipients=department_heads(ticket),
        code="ticket.reopened",
        site_id=ticket.site_id,
        title=_("Reopened after an unsatisfied callback: %(number)s %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        body=(comment or "")[:500],
        url=ticket_url(ticket),
        dedupe_key=f"reopen:{ticket.pk}:{ticket.version}",
    )


def resident_news_recipients(ticket: Ticket) -> list[User]:
    """Who must hear what a resident did in the portal: the desk of the site while the ticket
    waits there, the department's head and the assigned worker once it is dispatched."""
    from ..models import State

    if ticket.state == State.REGISTERED or ticket.department is None or not ticket.dispatched_at:
        return list(
            User.objects.filter(
                groups__name__in=[Role.AGENT, Role.SUPERVISOR],
                staff__sites=ticket.site_id,
                is_active=True,
            ).distinct()
        )
    people = department_heads(ticket) + ([ticket.assignee] if ticket.assignee else [])
    return [u for u in people if u.is_active]


RESIDENT_NEWS = {
    "portal.new": _("New request from the resident portal: %(number)s %(title)s"),
    "portal.note": _("The resident added information: %(number)s %(title)s"),
    "portal.urge": _("The resident chased %(number)s %(title)s"),
    "portal.withdraw": _("The resident withdrew %(number)s %(title)s"),
}


def tell_resident_news(ticket: Ticket, code: str, body: str = "") -> None:
    """The desk (or the department) is told of a resident's portal action on their ticket."""
    notify(
        recipients=resident_news_recipients(ticket),
        code=f"ticket.{code}",
        site_id=ticket.site_id,
        title=RESIDENT_NEWS[code] % {"number": ticket.number, "title": ticket.title},
        body=(body or "")[:500],
        url=ticket_url(ticket),
        dedupe_key=f"{code}:{ticket.pk}:{ticket.version}",
    )


TOLD_RESIDENT = {
    "dispatched": _("Your request %(number)s has been passed to %(department)s"),
    "handled": _("Your request %(number)s has been handled: please rate the work"),
    "answered": _("Your request %(number)s has been answered"),
    "cancelled": _("Your request %(number)s has been cancelled by the front desk"),
}


def tell_resident_moved(ticket: Ticket, what: str) -> None:
    """The resident is told in the portal (and by message, if they chose it) that their request
    moved (R-ST-10): the number and the department's name only, never a note or staff data."""
    if ticket.resident_id is None:
        return
    from propdesk.portal.notices import tell_resident

    tell_resident(
        resident=ticket.resident,
        code=f"resident.ticket.{what}",
        title=TOLD_RESIDENT[what],
        values={
            "number": ticket.number,
            "department": ticket.department.name if ticket.department else "",
        },
        url=f"/portal/requests/{ticket.pk}/",
        site_id=ticket.site_id,
        dedupe_key=f"resident.{what}:{ticket.pk}:{ticket.version}",
    )
