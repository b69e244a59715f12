"""The resident's own actions on their requests (the resident portal): more information, urging
(催单, through `ticket_urge` and its 5-minute limit), withdrawing before dispatch, and rating the work
once handled (R-SS-2, R-SS-3).

Each checks that the ticket is the actor's own (a ticket of someone else answers 404, as if it
did not exist) and moves through the ticket flow's resident transitions, one timeline event each.

A rating is kept twice, each where the product already looks: `Ticket.resident_rating` (the
callback policy "skip when the resident rated the work" reads it) and a callback record with the
method "online" (the satisfaction reports and the staff timeline read those). Decisions taken
where the rules are silent:

- a ticket is rated once, in "handled", "called back" or "closed";
- under the policy "skip when rated" a rating of 3 or more, given while the ticket awaits its
  callback, replaces the callback (the desk may close it); a rating of 1 or 2 leaves the callback
  due, so an unhappy resident is still called; complaints are always called back (R-CP-3);
- withdrawing is possible only before dispatch (state "registered"); afterwards the resident asks
  the desk, which cancels with its reason.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict, InvalidInput, NotFound
from propdesk.core.text import optional_text, require_text

from ..models import CallbackAttempt, CallbackPolicy, CallbackSkip, Kind, State, Ticket
from ..sla import sla_after_action
from .flow import act
from .notices import tell_resident_news

NOTE_MAX = 1000
COMMENT_MAX = 1000
REPLACES_CALLBACK_FROM = 3


def require_own_ticket(actor, ticket: Ticket) -> None:
    """The ticket is the actor's own request, or it does not exist for them (404)."""
    resident = getattr(actor, "resident", None)
    if resident is None or ticket.resident_id != resident.pk:
        raise NotFound()


def _text(value: str, *, field: str, limit: int, required: bool, message) -> str:
    if required:
        return require_text(value, field, message, limit)
    return optional_text(value, field, limit)


@transaction.atomic
def ticket_resident_note(*, actor, ticket: Ticket, text: str, version=None) -> Ticket:
    """The resident adds information to an open request; the handling side sees it on the timeline."""
    require_own_ticket(actor, ticket)
    text = _text(
        text,
        field="text",
        limit=NOTE_MAX,
        required=True,
        message=_("Write what you would like to add."),
    )
    act(ticket, "resident_note", actor=actor, version=version, note=text)
    tell_resident_news(ticket, "portal.note", text)
    return ticket


@transaction.atomic
def ticket_resident_urge(*, actor, ticket: Ticket, version=None) -> Ticket:
    """The resident chases their request (催单): the desk's own urge, with its 5-minute limit."""
    from .flow import ticket_urge

    require_own_ticket(actor, ticket)
    try:
        ticket_urge(actor=actor, ticket=ticket, version=version)
    except Conflict as exc:
        if exc.code != "too_soon":
            raise
        raise Conflict(
            _("You chased this request less than 5 minutes ago; please wait a little."),
            code="too_soon",
        ) from None
    tell_resident_news(ticket, "portal.urge")
    return ticket


@transaction.atomic
def ticket_withdraw(*, actor, ticket: Ticket, reason: str = "", version=None) -> Ticket:
    """The resident withdraws a request the desk has not dispatched yet."""
    require_own_ticket(actor, ticket)
    reason = _text(reason, field="reason", limit=200, required=False, message="")
    act(
        ticket,
        "withdraw",
        actor=actor,
        version=version,
        note=reason,
        changes={"closed_at": timezone.now()},
    )
    tell_resident_news(ticket, "portal.withdraw", reason)
    return ticket


def rating_replaces_callback(ticket: Ticket, score: int) -> bool:
    return (
        ticket.state == State.HANDLED
        and ticket.callback_required
        and ticket.kind != Kind.COMPLAINT
        and ticket.category.callback_policy == CallbackPolicy.SKIP_IF_RATED
        and score >= REPLACES_CALLBACK_FROM
    )


@transaction.atomic
def ticket_rate(*, actor, ticket: Ticket, score, comment: str = "", version=None) -> Ticket:
    """The resident rates the work once it is handled: 1–5 and a comment (R-SS-3)."""
    require_own_ticket(actor, ticket)
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise InvalidInput(_("Give a score from 1 to 5."), fields={"score": _("1 to 5.")})
    comment = _text(comment, field="comment", limit=COMMENT_MAX, required=False, message="")
    if ticket.resident_rating is not None:
        raise Conflict(_("You have already rated this request."), code="already_rated")
    replaces = rating_replaces_callback(ticket, score)
    changes = {"resident_rating": score}
    if replaces:
        changes.update(callback_required=False, callback_skip=CallbackSkip.RATED)
    attempt = CallbackAttempt.objects.create(
        ticket=ticket,
        at=timezone.now(),
        by=actor,
        method=CallbackAttempt.Method.ONLINE,
        outcome=CallbackAttempt.Outcome.REACHED,
        satisfied=score >= REPLACES_CALLBACK_FROM,
        score=score,
        comment=comment,
    )
    act(
        ticket,
        "rate",
        actor=actor,
        version=version,
        note=comment,
        changes=changes,
        data={"attempt": attempt.pk, "score": score, "replaces_callback": replaces},
    )
    if replaces:
        sla_after_action(ticket, "callback_done")
    return ticket
