"""The three boards (issue 4 part 9): each section is one bounded query, whatever the data volume.

Sections that rely on a tickets selector not yet available (`tickets_breaching`,
`major_complaints`) are shown only when the selector exists.
"""

from django.utils import timezone

from propdesk.frontdesk import selectors as desk_selectors
from propdesk.people.roles import Role
from propdesk.tickets import selectors as ticket_selectors
from propdesk.tickets.actions import ticket_actions_for
from propdesk.tickets.forms import ACTION_FORMS

from . import reports, selectors

ROWS = 50  # rows per section; the page shows "more" and links to the full list
LEAD_BOARD = frozenset({Role.SUPERVISOR, Role.CS_MANAGER, Role.GM, Role.AUDITOR})
MANAGER_BOARD = frozenset({Role.CS_MANAGER, Role.GM, Role.AUDITOR})
CENTRE_BOARD = frozenset({Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR})


def _section(qs) -> dict:
    """At most ROWS rows and whether there are more, in one query."""
    rows = list(qs[: ROWS + 1])
    return {"rows": rows[:ROWS], "more": len(rows) > ROWS}


def _optional(name: str, user, site_id) -> dict | None:
    fn = getattr(ticket_selectors, name, None)
    if fn is None:
        return None
    qs = fn(user, site_id=site_id)
    if hasattr(qs, "select_related"):
        qs = qs.select_related("site")  # the rows show the site: one query, not one per row
    return _section(qs)


def lead_board(user, *, site_id=None) -> dict:
    """Shift lead: escalations, refused handovers, overdue promises, breaching tickets, open
    incidents (R-FS-4/6/7, R-HO-5)."""
    return {
        "escalated": _section(ticket_selectors.escalation_board(user, site_id=site_id)),
        "refused_handovers": _section(desk_selectors.handovers_refused(user, site_id=site_id)),
        "overdue_promises": _section(selectors.promises_overdue(user, site_id=site_id)),
        "breaching": _optional("tickets_breaching", user, site_id),
        "incidents": _section(selectors.incidents_open(user, site_id=site_id)),
        "now": timezone.now(),
    }


def manager_board(user, *, site_id=None) -> dict:
    """CS manager: the lead's sections across their sites, today's numbers, kept-on-time rate."""
    month_start = timezone.localdate().replace(day=1)
    start, _end = reports.day_bounds(month_start)
    return {
        **lead_board(user, site_id=site_id),
        "today": reports.today_numbers(user, site_id=site_id),
        "kept_by_site": selectors.promise_kept_rate(
            user, by="site", site_id=site_id, date_from=start
        ),
    }


def centre_board(user, *, site_id=None) -> dict:
    """Property-centre manager: major complaints (R-CP-4)."""
    return {"major": _optional("major_complaints", user, site_id), "now": timezone.now()}


def centre_signoffs(user, *, site_id=None) -> dict:
    """Handled major complaints waiting for the sign-off, each with its form for whoever may sign
    (outside the refreshed board body, so a note being written is not wiped)."""
    section = _section(
        ticket_selectors.major_awaiting_signoff(user, site_id=site_id).select_related("site")
    )
    section["rows"] = [{"ticket": t, "form": _signoff_form(user, t)} for t in section["rows"]]
    return section


def _signoff_form(user, ticket):
    if "major_signoff" not in ticket_actions_for(user, ticket):
        return None
    return ACTION_FORMS["major_signoff"](
        ticket=ticket, user=user, prefix="major_signoff", auto_id=f"id_{ticket.pk}_%s"
    )
