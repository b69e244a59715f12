"""The actions a user may take on a record, the same for the pages' buttons and the API."""

from .permissions import can_decide, can_manage
from .workflow import LEDGER_FLOW, MONTH_FLOW, STAFF_COMPLAINT_FLOW, STAFF_LEAVE_FLOW


def _ok(machine, row, user, check):
    if not check(user, row.person, row.site_id):
        return []
    return machine.allowed_actions(state=row.state, user=user)


def month_actions(user, row) -> list[str]:
    return _ok(MONTH_FLOW, row, user, can_manage)


def request_actions(user, row) -> list[str]:
    return _ok(STAFF_LEAVE_FLOW, row, user, can_decide)


def complaint_actions(user, row) -> list[str]:
    acts = [a for a in _ok(STAFF_COMPLAINT_FLOW, row, user, can_manage)]
    if "confirm" in acts and user.pk == row.reported_by_id:
        acts.remove("confirm")
    if row.state == "open" and user.pk == row.person_id and not user.is_read_only:
        acts.append("statement")
    return acts


def ledger_actions(user, row) -> list[str]:
    return _ok(LEDGER_FLOW, row, user, can_decide)
