"""Who may do what at the front desk (SECURITY.md §c rows: visitor lookup, parcels, duty log and
handover, desk coverage). Per-object helpers answer 404 outside the user's sites."""

from propdesk.core.access import require_role
from propdesk.core.exceptions import NotAllowed
from propdesk.people.roles import Role

AGENTS = frozenset({Role.AGENT, Role.SUPERVISOR})
SUPERVISORS = frozenset({Role.SUPERVISOR, Role.CS_MANAGER})
MANAGERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER})
DESK_READERS = frozenset(
    {
        Role.AGENT,
        Role.SUPERVISOR,
        Role.CS_MANAGER,
        Role.CENTRE_MANAGER,
        Role.GM,
        Role.ARCHIVIST,
        Role.AUDITOR,
    }
)
LOOKUP_USERS = AGENTS
LOOKUP_LOG_READERS = frozenset(
    {Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.AUDITOR}
)
EXPORTERS = frozenset(
    {Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR}
)


def require_desk_reader(user) -> None:
    if not user.is_active or not user.has_any_role(DESK_READERS):
        raise NotAllowed()


def require_desk_agent(user) -> None:
    """Front-desk work (entries, handovers, parcels): agents and shift leads."""
    require_role(user, AGENTS)


def require_supervisor(user) -> None:
    require_role(user, SUPERVISORS)


def require_lookup_user(user) -> None:
    require_role(user, LOOKUP_USERS)


def require_lookup_log_reader(user) -> None:
    if not user.is_active or not user.has_any_role(LOOKUP_LOG_READERS):
        raise NotAllowed()


def can_lookup(user) -> bool:
    """Whether `require_lookup_user` lets the user in (the visitor-lookup link is shown only then)."""
    return can_act(user, LOOKUP_USERS)


def can_read_lookup_log(user) -> bool:
    return user.is_active and user.has_any_role(LOOKUP_LOG_READERS)


def can_export(user) -> bool:
    return user.has_any_role(EXPORTERS | {Role.AGENT})


def can_act(user, roles=AGENTS) -> bool:
    return user.is_active and not user.is_read_only and user.has_any_role(roles)
