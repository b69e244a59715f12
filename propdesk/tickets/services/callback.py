"""Callback (回访, R-SS-3) and closing (R-CP-3, R-CP-7)."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict, InvalidInput

from ..major import major_signed_off
from ..models import CallbackAttempt, Kind, State, Ticket
from ..workflow import TICKET_FLOW
from .flow import act
from .notices import tell_department_reopened


def max_failed_attempts() -> int:
    return int(settings.PROPDESK.get("CALLBACK_MAX_ATTEMPTS", 3))


@transaction.atomic
def ticket_callback(
    *,
    actor,
    ticket: Ticket,
    outcome: str,
    satisfied: bool | None = None,
    score: int | None = None,
    comment: str = "",
    method: str = "phone",
    version=None,
) -> CallbackAttempt:
    """Record one callback attempt. Reached + satisfied → called back; reached + unsatisfied → reopened
    to the department; no answer / refused → stays awaiting callback (each attempt kept)."""
    TICKET_FLOW.check(action="callback_attempt", state=ticket.state, user=actor)
    if outcome not in CallbackAttempt.Outcome.values:
        raise InvalidInput(_("Choose the outcome of the call."), fields={"outcome": _("Required.")})
    if outcome == CallbackAttempt.Outcome.REACHED:
        if satisfied is None:
            raise InvalidInput(
                _("Record whether the resident is satisfied."), fields={"satisfied": _("Required.")}
            )
        if score is None or not 1 <= int(score) <= 5:
            raise InvalidInput(_("Give a score from 1 to 5."), fields={"score": _("1 to 5.")})
    else:
        satisfied, score = None, None
    attempt = CallbackAttempt.objects.create(
        ticket=ticket,
        at=timezone.now(),
        by=actor,
        method=method,
        outcome=outcome,
        satisfied=satisfied,
        score=score,
        comment=(comment or "")[:2000],
    )
    data = {"attempt": attempt.pk, "outcome": outcome, "satisfied": satisfied, "score": score}
    if outcome != CallbackAttempt.Outcome.REACHED:
        act(ticket, "callback_attempt", actor=actor, version=version, data=data, note=comment)
    elif satisfied:
        act(ticket, "callback_done", actor=actor, version=version, data=data, note=comment)
    else:
        act(
            ticket,
            "reopen",
            actor=actor,
            version=version,
            data=data,
            note=comment,
            changes={"dispatched_at": timezone.now(), "handled_at": None, "assignee": None},
        )
        tell_department_reopened(ticket, comment)
    return attempt


def failed_attempt_days(ticket: Ticket) -> int:
    """Number of distinct local days with a failed callback attempt."""
    days = {
        timezone.localtime(a.at).date()
        for a in ticket.callbacks.all()
        if a.outcome != CallbackAttempt.Outcome.REACHED
    }
    return len(days)


def callback_close_check(ticket: Ticket) -> dict | None:
    """The close event's callback facts, or None while a due callback is still missing (R-CP-3)."""
    if ticket.state == State.CALLBACK_DONE:
        return {"without_callback": False}
    if not ticket.callback_required:
        return {"without_callback": True, "callback_skip": ticket.callback_skip}
    days = failed_attempt_days(ticket)
    if days >= max_failed_attempts():
        return {"without_callback": True, "failed_attempts": days}
    return None


def _check_callback(ticket: Ticket) -> dict:
    data = callback_close_check(ticket)
    if data is None:
        raise Conflict(
            _(
                "A callback result is needed before closing, "
                "or %(n)d failed attempts on different days."
            )
            % {"n": max_failed_attempts()},
            code="callback_required",
        )
    return data


def _check_complaint(ticket: Ticket, cause: str, responsibility: str, desired: str) -> dict:
    """R-CP-7: the cause, what the resident wants and the responsibility are recorded before a
    complaint closes (given now, or already on the ticket)."""
    cause = (cause or ticket.cause or "").strip()
    desired = (ticket.desired_outcome or desired or "").strip()
    responsibility = responsibility or ticket.responsibility
    if ticket.kind == Kind.COMPLAINT:
        errors = {}
        if not cause:
            errors["cause"] = _("Required before a complaint closes.")
        if not desired:
            errors["desired_outcome"] = _("Required before a complaint closes.")
        if responsibility not in Ticket.Responsibility.values:
            errors["responsibility"] = _("Required before a complaint closes.")
        if errors:
            raise InvalidInput(
                _(
                    "Record the cause, what the resident wants and the responsibility "
                    "before closing the complaint."
                ),
                code="cause_required",
                fields=errors,
            )
    changes = {"cause": cause} if cause else {}
    if desired and not ticket.desired_outcome:
        changes["desired_outcome"] = desired[:1000]
    if responsibility:
        changes["responsibility"] = responsibility
    return changes


@transaction.atomic
def ticket_close(
    *,
    actor,
    ticket: Ticket,
    cause: str = "",
    responsibility: str = "",
    desired_outcome: str = "",
    note: str = "",
    version=None,
) -> Ticket:
    """Close after the callback (or N failed attempts, or no callback needed by policy)."""
    TICKET_FLOW.check(action="close", state=ticket.state, user=actor)
    if ticket.is_major and not major_signed_off(ticket):
        raise Conflict(
            _("A major complaint closes only after the property-centre manager's sign-off."),
            code="major_signoff",
        )
    data = _check_callback(ticket)
    changes = _check_complaint(ticket, cause, responsibility, desired_outcome)
    changes["closed_at"] = timezone.now()
    act(ticket, "close", actor=actor, version=version, note=note, changes=changes, data=data)
    return ticket
