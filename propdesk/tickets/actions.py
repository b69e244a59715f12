"""What a user can do on a ticket now: one list for the ticket page, the queues and the API.

An action is listed only when the service would accept it on the facts already known: the
transition table (state and role), department membership, the ticket's kind, and the checks the
services make before acting (price agreed, callback due, major sign-off, chasing too soon …).
What the user still has to type (a cause, a worker) is checked when acting.
"""

from django.utils import timezone

from propdesk.core.exceptions import NotAllowed

from .major import major_signed_off
from .models import Kind, Ticket
from .permissions import require_department_actor
from .services.callback import callback_close_check
from .services.flow import URGE_INTERVAL
from .workflow import DEPARTMENT_ACTIONS, DESK, DESK_OR_DEPARTMENT_ACTIONS, TICKET_FLOW

# The three callback transitions are one action ("callback"); the outcome picks the transition.
CALLBACK_ACTIONS = frozenset({"callback_attempt", "callback_done", "reopen"})
ANSWERABLE = frozenset({Kind.INQUIRY, Kind.HELP, Kind.SUGGESTION})


def _in_department(user, ticket: Ticket) -> bool:
    try:
        require_department_actor(ticket, user)
    except NotAllowed:
        return False
    return True


def _kind_allows(action: str, ticket: Ticket) -> bool:
    if action == "answer":
        return ticket.kind in ANSWERABLE
    if action in ("invalidate", "flag_major"):
        return ticket.kind == Kind.COMPLAINT
    if action == "agree_price":
        return ticket.kind == Kind.REPAIR and ticket.is_paid
    return True


def _close_ok(ticket: Ticket) -> bool:
    if ticket.is_major and not major_signed_off(ticket):
        return False
    return callback_close_check(ticket) is not None


def _facts_allow(action: str, ticket: Ticket) -> bool:
    """The service's own checks that need nothing from the user's input."""
    if action == "start":
        paid = ticket.kind == Kind.REPAIR and ticket.is_paid
        return not paid or ticket.price_agreed_at is not None
    if action == "close":
        return _close_ok(ticket)
    if action == "flag_major":
        return not ticket.is_major
    if action == "major_signoff":
        return ticket.is_major and not major_signed_off(ticket)
    if action == "clear_escalation":
        return ticket.escalated_at is not None and ticket.escalation_cleared_at is None
    if action == "urge":
        last = ticket.last_urged_at
        return last is None or timezone.now() - last >= URGE_INTERVAL
    return True


def _allowed(user, ticket: Ticket, action: str) -> bool:
    if action in DEPARTMENT_ACTIONS or (
        action in DESK_OR_DEPARTMENT_ACTIONS and not user.has_any_role(DESK)
    ):
        if not _in_department(user, ticket):
            return False
    return _kind_allows(action, ticket) and _facts_allow(action, ticket)


def ticket_actions_for(user, ticket: Ticket) -> list[str]:
    """The actions `user` may take on `ticket` now, by the names the page and the API use."""
    actions = []
    for action in TICKET_FLOW.allowed_actions(state=ticket.state, user=user):
        if not _allowed(user, ticket, action):
            continue
        name = "callback" if action in CALLBACK_ACTIONS else action
        if name not in actions:
            actions.append(name)
    return actions
