"""State machines: one transition table per workflow, enforced in services.

    TICKET_FLOW = StateMachine({
        "dispatch": Transition(sources={"registered"}, target="dispatched", roles={"agent", …}),
        …
    })
    TICKET_FLOW.check(action="dispatch", state=ticket.state, user=actor)  # raises Conflict / NotAllowed

A move is applied with `transition_apply`, which updates the row only if it is still in the
expected state and version (`UPDATE … WHERE state=… AND version=…`): of two concurrent actions
on the same record exactly one wins, on PostgreSQL and SQLite alike, and the loser gets a
Conflict. The move and its timeline event are written in the caller's transaction.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .events import event_record
from .exceptions import Conflict, NotAllowed

STALE_MESSAGE = _("Someone else changed this record; reload and try again.")


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str] | set[str]
    target: str | None  # None: the state does not change (e.g. transfer, urge)
    roles: frozenset[str] | set[str] = field(default_factory=frozenset)


class StateMachine:
    def __init__(self, transitions: dict[str, Transition]):
        self.transitions = transitions

    def allowed_actions(self, *, state: str, user) -> list[str]:
        """Actions this user may take now (for showing only the buttons that work)."""
        return [
            a for a, t in self.transitions.items() if state in t.sources and self._role_ok(t, user)
        ]

    def check_role(self, *, action: str, user) -> Transition:
        """Refuse (403) a user whose role may never take `action`, whatever the record's state."""
        t = self.transitions[action]
        if not self._role_ok(t, user):
            raise NotAllowed(_("Your role may not do this."), code="role")
        return t

    def check(self, *, action: str, state: str, user) -> Transition:
        t = self.check_role(action=action, user=user)
        if state not in t.sources:
            # Nearly always a page shown before someone else moved the record on: say so, in
            # words (the state key itself never reaches a user).
            raise Conflict(STALE_MESSAGE, code="wrong_state")
        return t

    @staticmethod
    def _role_ok(t: Transition, user) -> bool:
        if getattr(user, "is_read_only", True) or not getattr(user, "is_active", False):
            return False
        return not t.roles or user.has_any_role(t.roles)

    def targets(self) -> Iterable[str]:
        return {t.target for t in self.transitions.values() if t.target}


def transition_apply(
    *,
    obj: models.Model,
    machine: StateMachine,
    action: str,
    actor,
    changes: dict | None = None,
    data: dict | None = None,
    note: str = "",
    expected_version: int | None = None,
    state_field: str = "state",
):
    """Check and apply `action` to `obj` with a guarded UPDATE; record one event. Returns the event."""
    current = getattr(obj, state_field)
    machine.check_role(action=action, user=actor)  # a refused role is 403 even on a stale page
    version = obj.version if expected_version is None else expected_version
    if expected_version is not None and expected_version != obj.version:
        raise Conflict(STALE_MESSAGE, code="stale")
    t = machine.check(action=action, state=current, user=actor)
    values = dict(changes or {})
    if t.target:
        values[state_field] = t.target
    updated = (
        type(obj)
        ._default_manager.filter(pk=obj.pk, version=version, **{state_field: current})
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise Conflict(STALE_MESSAGE, code="stale")
    for k, v in values.items():
        setattr(obj, k, v)
    obj.version = version + 1
    payload = {"from": current, "to": values.get(state_field, current), **(data or {})}
    return event_record(target=obj, code=action, actor=actor, data=payload, note=note)
