"""Home page figures, each read through the owning app's scoped selectors."""

from propdesk.orgs.selectors import site_list_for_user, unit_list_for_user
from propdesk.people.selectors import resident_list_for_user

from .sites import current_site_id


def is_resident_only(user) -> bool:
    """A resident signing in (no staff role): gets the resident's landing page, not the staff home."""
    from propdesk.people.roles import Role

    return user.role_codes == {Role.RESIDENT}


def home_context(request) -> dict:
    user = request.user
    site_id = current_site_id(request)
    sites = site_list_for_user(user)
    if site_id:
        sites = sites.filter(pk=site_id)
    return {
        "sites": sites,
        "unit_count": unit_list_for_user(user, site_id=site_id).count(),
        "resident_count": resident_list_for_user(user, site_id=site_id).count(),
        **ticket_counts(user, site_id),
        **records_counts(user),
    }


def ticket_counts(user, site_id) -> dict:
    """Role-relevant ticket figures: my open tickets, callbacks waiting, the department's queue."""
    from propdesk.people.roles import Role
    from propdesk.tickets import selectors as tickets

    out = {}
    if user.has_any_role({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER}):
        mine = tickets.ticket_list_for_user(user, site_id=site_id, filters={"mine": 1, "open": 1})
        out["my_open_tickets"] = mine.count()
        out["awaiting_callback"] = tickets.callback_queue(user, site_id=site_id).count()
    if user.has_any_role({Role.DEPT_HEAD, Role.DEPT_STAFF}):
        out["department_queue"] = tickets.department_queue(user, site_id=site_id).count()
    return out


def records_counts(user) -> dict:
    """Documents awaiting my signature (R-DOC-1), overdue meeting actions I own or chair
    (R-MT-1) and overdue corrective actions I own (R-CP-5), for the roles that sign, meet and
    own actions."""
    from propdesk.meetings.permissions import is_reader as meets
    from propdesk.meetings.selectors import overdue_action_count
    from propdesk.quality.selectors import overdue_capa_count
    from propdesk.quality.workflow import CAPA_OWNERS
    from propdesk.records.permissions import is_reader as reads
    from propdesk.records.selectors import awaiting_count
    from propdesk.records.workflow import SIGNERS

    out = {}
    if reads(user) and user.has_any_role(SIGNERS):
        out["awaiting_signature"] = awaiting_count(user)
    if meets(user) and not user.is_read_only:
        out["overdue_actions"] = overdue_action_count(user)
    if user.has_any_role(CAPA_OWNERS):
        out["overdue_capas"] = overdue_capa_count(user)
    return out
