"""Who uses the intake suggestions and who reads the model page."""

from propdesk.people.roles import Role

SUGGEST_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})  # the desk
MODEL_READERS = frozenset({Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM})
TRAINERS = frozenset({Role.CS_MANAGER})


def may_retrain(user) -> bool:
    return bool(user.is_authenticated) and not user.is_read_only and user.has_any_role(TRAINERS)
