"""Who decides on whose attendance, pay and complaints, and who may see them (R-ST-3 … R-ST-7).

The chain of command is by role rank on a shared site: agent < supervisor < CS manager <
property-centre manager < GM (the GM is above everyone, on every site). Pay, fines and scores
are visible to the person, the people above them in the chain, the GM and the auditor only —
never to colleagues of the same rank.
"""

from propdesk.people.roles import Role

RANK = {
    Role.AGENT: 1,
    Role.DEPT_STAFF: 1,
    Role.ARCHIVIST: 1,
    Role.SUPERVISOR: 2,
    Role.DEPT_HEAD: 2,
    Role.CS_MANAGER: 3,
    Role.CENTRE_MANAGER: 4,
    Role.GM: 5,
}
MANAGERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})


def rank(user) -> int:
    return max((RANK.get(code, 0) for code in user.role_codes), default=0)


def _shares_site(user, site_id: int) -> bool:
    ids = user.visible_site_ids()
    return ids is None or site_id in ids


def is_above(actor, person, site_id: int) -> bool:
    """Whether `actor` stands above `person` in the chain on `site_id` (never the person)."""
    if not getattr(actor, "is_authenticated", False) or actor.pk == person.pk:
        return False
    if actor.is_read_only or not actor.is_active:
        return False
    return rank(actor) > rank(person) and _shares_site(actor, site_id)


def can_decide(actor, person, site_id: int) -> bool:
    """Approve leave or a punch correction, grant a reward: someone above the person (A7)."""
    return is_above(actor, person, site_id)


def can_manage(actor, person, site_id: int) -> bool:
    """Review/confirm a month, confirm or withdraw a complaint: a manager above the person."""
    return is_above(actor, person, site_id) and actor.has_any_role(MANAGERS)
