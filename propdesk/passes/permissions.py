"""Who may do what with renovations, passes and goods releases (SECURITY.md §c rows
"Renovation & worker passes" and "Goods release"). Records of other sites answer 404.

| role | renovations and passes | goods releases |
|---|---|---|
| agent | create, act (full ID number only when issuing) | create, record consent, approve |
| shift lead / CS manager | also review, suspend, refund, revoke; CS manager exports | also confirm a phone consent |
| security head and guards (秩序部) | read (masked), the gate check | the gate check, once |
| other department heads, centre manager, GM, archivist | read (masked) | read |
| auditor | read (masked), export | read, export |
| resident | — (the portal adds own-unit pages) | consent or decline for an owned unit |
"""

from django.db.models import Q

from propdesk.core.exceptions import NotAllowed
from propdesk.orgs.models import Department
from propdesk.people.roles import Role

from .models import GoodsRelease
from .workflow import DESK, GATE, PASS_FLOW, R_PASSABLE, RELEASE_FLOW, RENOVATION_FLOW

READERS = frozenset(
    {
        Role.AGENT,
        Role.SUPERVISOR,
        Role.CS_MANAGER,
        Role.DEPT_HEAD,
        Role.CENTRE_MANAGER,
        Role.GM,
        Role.ARCHIVIST,
        Role.AUDITOR,
    }
)
EXPORTERS = frozenset(
    {Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER, Role.CENTRE_MANAGER, Role.GM, Role.AUDITOR}
)


def is_guard(user) -> bool:
    """A member of a security department (秩序部) in a gate role: guards and their head.

    One query, remembered on the user object for the rest of the request (the gate check asks it
    on every scan)."""
    if not user.is_active or user.is_read_only or not user.has_any_role(GATE):
        return False
    cached = getattr(user, "_passes_is_guard", None)
    if cached is None:
        security = Department.Kind.SECURITY
        cached = Department.objects.filter(
            Q(staff__user=user, kind=security) | Q(head=user, kind=security)
        ).exists()
        user._passes_is_guard = cached
    return cached


def can_read(user) -> bool:
    return user.is_active and (user.has_any_role(READERS) or is_guard(user))


def require_reader(user) -> None:
    if not can_read(user):
        raise NotAllowed()


def can_act(user, roles=DESK) -> bool:
    return user.is_active and not user.is_read_only and user.has_any_role(roles)


def require_desk(user) -> None:
    if not can_act(user, DESK):
        raise NotAllowed()


def require_guard(user) -> None:
    if not is_guard(user):
        raise NotAllowed(code="not_guard")


def can_export(user) -> bool:
    return user.is_active and user.has_any_role(EXPORTERS)


def renovation_actions(user, renovation) -> list[str]:
    """What `user` may do on the application now: the state machine, less the approval of an
    application they registered themselves (the same checks as the services; SECURITY.md A7)."""
    actions = RENOVATION_FLOW.allowed_actions(state=renovation.state, user=user)
    if renovation.created_by_id == user.pk:
        actions = [a for a in actions if a != "approve"]
    return actions


def pass_actions(user, worker_pass) -> list[str]:
    """What `user` may do on the pass now: the state machine, less an extension while its
    renovation is not running (the same check as the service)."""
    actions = PASS_FLOW.allowed_actions(state=worker_pass.state, user=user)
    if worker_pass.renovation.state not in R_PASSABLE:
        actions = [a for a in actions if a != "extend"]
    return actions


def release_actions(user, release) -> list[str]:
    """What `user` may do on the slip now: whoever took a phone consent neither confirms it nor
    approves the slip (R-FD-3, SECURITY.md A7)."""
    actions = RELEASE_FLOW.allowed_actions(state=release.state, user=user)
    if release.consent_by_id == user.pk:
        own = {"consent_confirm"}
        if release.consent_method == GoodsRelease.Consent.PHONE:
            own.add("approve")
        actions = [a for a in actions if a not in own]
    return actions
