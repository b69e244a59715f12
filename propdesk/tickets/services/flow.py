"""Dispatch and department handling (R-FD-1, R-CP-2, R-CP-3), escalation (R-FS-4), urging."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.statemachine import transition_apply
from propdesk.notify.services import notify
from propdesk.orgs.models import Department
from propdesk.people.models import User
from propdesk.people.roles import Role

from ..models import CallbackPolicy, CallbackSkip, Kind, Ticket
from ..permissions import require_department_actor
from ..routing import require_recipient
from ..sla import sla_after_action
from ..workflow import DEPARTMENT_ACTIONS, DESK, DESK_OR_DEPARTMENT_ACTIONS, TICKET_FLOW
from .notices import tell_desk_handled, tell_head_dispatched, tell_resident_moved, ticket_url

URGE_INTERVAL = timedelta(minutes=5)


def act(
    ticket: Ticket, action: str, *, actor, changes=None, data=None, note: str = "", version=None
):
    """Apply one transition of the ticket flow with its event; department actions are checked per ticket.

    The SLA clocks move in the same transaction (R-SS-1).
    """
    TICKET_FLOW.check(action=action, state=ticket.state, user=actor)
    if action in DEPARTMENT_ACTIONS or (
        action in DESK_OR_DEPARTMENT_ACTIONS and not actor.has_any_role(DESK)
    ):
        require_department_actor(ticket, actor)
    event = transition_apply(
        obj=ticket,
        machine=TICKET_FLOW,
        action=action,
        actor=actor,
        changes=changes,
        data=data,
        note=note,
        expected_version=version,
    )
    sla_after_action(ticket, action)
    return event


def _required(value: str, field: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(message, fields={field: _("Required.")})
    return value


@transaction.atomic
def ticket_dispatch(
    *,
    actor,
    ticket: Ticket,
    department: Department | None = None,
    note: str = "",
    version: int | None = None,
) -> Ticket:
    """Send the handling form to the head of the department (category default, changeable). R-CP-2.

    A department without a head gets the form only through the site's fallback, who then acts
    for the department on this ticket; with no fallback the dispatch is refused (routing.py).
    """
    department = department or ticket.department
    if department is None or department.site_id != ticket.site_id:
        raise InvalidInput(
            _("Choose the department of this site that will handle it."),
            fields={"department": _("Required.")},
        )
    TICKET_FLOW.check(action="dispatch", state=ticket.state, user=actor)
    recipient = require_recipient(department)
    act(
        ticket,
        "dispatch",
        actor=actor,
        version=version,
        note=note,
        changes={
            "department": department,
            "dispatched_at": timezone.now(),
            "assignee": None,
            "acting_head": recipient.user if recipient.is_fallback else None,
        },
        data={"department": department.pk, "head": recipient.user.pk, "via": recipient.via},
    )
    tell_head_dispatched(ticket, recipient)
    tell_resident_moved(ticket, "dispatched")
    return ticket


@transaction.atomic
def ticket_send_back(*, actor, ticket: Ticket, reason: str, version: int | None = None) -> Ticket:
    """Wrong department: the ticket returns to the desk for re-dispatch, with the reason."""
    reason = _required(reason, "reason", _("Say why the ticket is sent back."))
    act(
        ticket,
        "send_back",
        actor=actor,
        version=version,
        note=reason,
        data={"department": ticket.department_id},
        changes={"dispatched_at": None},
    )
    return ticket


def _worker_of(ticket: Ticket, user: User | None) -> User:
    if user is None:
        raise InvalidInput(_("Choose who will do the work."), fields={"assignee": _("Required.")})
    staff = getattr(user, "staff", None)
    is_head = user.pk == ticket.acting_head_id or (
        ticket.department is not None and ticket.department.head_id == user.pk
    )
    if (
        not user.is_active
        or staff is None
        or not (is_head or staff.department_id == ticket.department_id)
    ):
        raise InvalidInput(
            _("The worker must belong to the handling department."),
            fields={"assignee": _("Not in this department.")},
        )
    return user


@transaction.atomic
def ticket_accept(*, actor, ticket: Ticket, assignee: User, note: str = "", version=None) -> Ticket:
    """The department head accepts the form and assigns a worker."""
    worker = _worker_of(ticket, assignee)
    act(
        ticket,
        "accept",
        actor=actor,
        version=version,
        note=note,
        changes={"assignee": worker, "accepted_at": timezone.now()},
        data={"assignee": worker.pk},
    )
    if worker.pk != actor.pk:
        notify(
            recipients=[worker],
            code="ticket.assigned",
            site_id=ticket.site_id,
            title=_("Work order %(number)s assigned to you") % {"number": ticket.number},
            url=ticket_url(ticket),
            dedupe_key=f"assign:{ticket.pk}:{ticket.version}",
        )
    return ticket


@transaction.atomic
def ticket_start(*, actor, ticket: Ticket, note: str = "", version=None) -> Ticket:
    if ticket.kind == Kind.REPAIR and ticket.is_paid and ticket.price_agreed_at is None:
        raise Conflict(
            _("Agree the price with the resident before the paid work starts."), code="price"
        )
    act(ticket, "start", actor=actor, version=version, note=note)
    return ticket


@transaction.atomic
def ticket_pause(*, actor, ticket: Ticket, reason: str, version=None) -> Ticket:
    reason = _required(reason, "reason", _("Say why the work is paused."))
    act(ticket, "pause", actor=actor, version=version, note=reason, data={"reason": reason})
    return ticket


@transaction.atomic
def ticket_resume(*, actor, ticket: Ticket, note: str = "", version=None) -> Ticket:
    act(ticket, "resume", actor=actor, version=version, note=note)
    return ticket


@transaction.atomic
def ticket_transfer(
    *, actor, ticket: Ticket, assignee: User, note: str = "", version=None
) -> Ticket:
    """A worker hands the job to another worker of the department; each hop is kept on the timeline."""
    worker = _worker_of(ticket, assignee)
    if worker.pk == ticket.assignee_id:
        raise InvalidInput(
            _("The ticket is already assigned to this worker."), fields={"assignee": _("Same.")}
        )
    act(
        ticket,
        "transfer",
        actor=actor,
        version=version,
        note=note,
        changes={"assignee": worker},
        data={"from_user": ticket.assignee_id, "to_user": worker.pk},
    )
    return ticket


@transaction.atomic
def ticket_agree_price(
    *, actor, ticket: Ticket, price: Decimal, agreed_by: str, version=None
) -> Ticket:
    """A paid repair's price is agreed with the resident before work starts, recording who agreed."""
    agreed_by = _required(agreed_by, "agreed_by", _("Write who agreed the price."))
    if ticket.kind != Kind.REPAIR or not ticket.is_paid:
        raise Conflict(_("Only a paid repair has a price to agree."), code="not_paid")
    if price is None or Decimal(price) < 0:
        raise InvalidInput(_("Enter the agreed price."), fields={"price": _("Required.")})
    act(
        ticket,
        "agree_price",
        actor=actor,
        version=version,
        changes={
            "price": Decimal(price),
            "price_agreed_by": agreed_by[:50],
            "price_agreed_at": timezone.now(),
        },
        data={"price": str(price), "agreed_by": agreed_by},
    )
    return ticket


@transaction.atomic
def ticket_handle(
    *,
    actor,
    ticket: Ticket,
    result: str,
    materials: list | None = None,
    cost: Decimal | None = None,
    version=None,
) -> Ticket:
    """The department reports the result; the form returns to customer service for the callback. R-CP-3.

    Whether a callback is due is decided now, by the category's policy, and said on the timeline;
    the desk is told at once (the agent who registered the ticket, R-CP-3).
    """
    result = _required(result, "result", _("Describe what was done."))
    skip = callback_skip_reason(ticket)
    act(
        ticket,
        "handle",
        actor=actor,
        version=version,
        note=result,
        changes={
            "result": result,
            "materials": materials or [],
            "cost": cost,
            "handled_at": timezone.now(),
            "callback_required": not skip,
            "callback_skip": skip,
        },
        data={"cost": str(cost) if cost is not None else None, "callback_skip": skip},
    )
    tell_desk_handled(ticket, actor)
    tell_resident_moved(ticket, "handled")
    return ticket


def callback_skip_reason(ticket: Ticket) -> str:
    """Why the category's policy needs no callback ("" = a callback is due). Complaints are
    always called back (R-CP-3); a sample is drawn by the ticket number."""
    policy = ticket.category.callback_policy
    if ticket.kind == Kind.COMPLAINT or policy == CallbackPolicy.ALWAYS:
        return ""
    if policy == CallbackPolicy.SKIP_IF_RATED:
        return CallbackSkip.RATED if ticket.resident_rating is not None else ""
    digits = "".join(ch for ch in ticket.number if ch.isdigit())
    drawn = int(digits or 0) % 100 < ticket.category.sample_percent
    return "" if drawn else CallbackSkip.NOT_SAMPLED


@transaction.atomic
def ticket_answer(*, actor, ticket: Ticket, answer: str, version=None) -> Ticket:
    """Inquiries, help and suggestions answered on the spot close without dispatch."""
    answer = _required(answer, "answer", _("Write down the answer given."))
    if ticket.kind not in (Kind.INQUIRY, Kind.HELP, Kind.SUGGESTION):
        raise Conflict(
            _("Only inquiries, help requests and suggestions can be answered on the spot."),
            code="kind",
        )
    act(
        ticket,
        "answer",
        actor=actor,
        version=version,
        note=answer,
        changes={"result": answer, "closed_at": timezone.now(), "callback_required": False},
    )
    tell_resident_moved(ticket, "answered")
    return ticket


@transaction.atomic
def ticket_invalidate(*, actor, ticket: Ticket, explanation: str, version=None) -> Ticket:
    """An invalid complaint (outside the service promise) is explained to the resident and closed."""
    explanation = _required(
        explanation, "explanation", _("Write what was explained to the resident.")
    )
    if ticket.kind != Kind.COMPLAINT:
        raise Conflict(_("Only a complaint can be marked invalid."), code="kind")
    act(
        ticket,
        "invalidate",
        actor=actor,
        version=version,
        note=explanation,
        changes={
            "validity": Ticket.Validity.INVALID,
            "result": explanation,
            "closed_at": timezone.now(),
            "callback_required": False,
        },
    )
    return ticket


@transaction.atomic
def ticket_cancel(*, actor, ticket: Ticket, reason: str, version=None) -> Ticket:
    """A supervisor cancels (duplicate / withdrawn / not our responsibility) with a reason."""
    reason = _required(reason, "reason", _("Say why the ticket is cancelled."))
    act(
        ticket,
        "cancel",
        actor=actor,
        version=version,
        note=reason,
        changes={"closed_at": timezone.now()},
    )
    tell_resident_moved(ticket, "cancelled")
    return ticket


@transaction.atomic
def ticket_merge(*, actor, ticket: Ticket, into: Ticket, version=None) -> Ticket:
    """Merge a duplicate into another open ticket of the same site; its contacts move along."""
    if into.pk == ticket.pk or into.site_id != ticket.site_id or not into.is_open:
        raise InvalidInput(
            _("Merge into another open ticket of the same site."), fields={"into": _("Invalid.")}
        )
    act(
        ticket,
        "merge",
        actor=actor,
        version=version,
        changes={"merged_into": into, "closed_at": timezone.now()},
        data={"into": into.number},
    )
    ticket.contacts.update(ticket=into)
    from propdesk.core.events import event_record

    event_record(target=into, code="merged_from", actor=actor, data={"ticket": ticket.number})
    return ticket


@transaction.atomic
def ticket_escalate(*, actor, ticket: Ticket, note: str, version=None) -> Ticket:
    """The desk cannot solve it: report to the shift lead at once (R-FS-4)."""
    note = _required(note, "note", _("Say what the shift lead should know."))
    act(
        ticket,
        "escalate",
        actor=actor,
        version=version,
        note=note,
        changes={"escalated_at": timezone.now(), "escalation_cleared_at": None},
    )
    leads = User.objects.filter(
        groups__name=Role.SUPERVISOR, staff__sites=ticket.site_id, is_active=True
    )
    notify(
        recipients=leads,
        code="ticket.escalated",
        site_id=ticket.site_id,
        url=ticket_url(ticket),
        title=_("Escalated to you: %(number)s %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        body=note,
        dedupe_key=f"escalate:{ticket.pk}:{ticket.version}",
    )
    return ticket


@transaction.atomic
def ticket_clear_escalation(*, actor, ticket: Ticket, note: str = "", version=None) -> Ticket:
    """The shift lead clears an escalation once it is dealt with (R-FS-4)."""
    if ticket.escalated_at is None or ticket.escalation_cleared_at is not None:
        TICKET_FLOW.check(action="clear_escalation", state=ticket.state, user=actor)
        raise Conflict(_("This ticket is not escalated."), code="not_escalated")
    act(
        ticket,
        "clear_escalation",
        actor=actor,
        version=version,
        note=note,
        changes={"escalation_cleared_at": timezone.now()},
    )
    return ticket


@transaction.atomic
def ticket_urge(*, actor, ticket: Ticket, note: str = "", version=None) -> Ticket:
    """The resident chases the ticket (催单): recorded, at most once per 5 minutes.

    The desk records a chase by phone; a resident chases their own request in the portal."""
    from .intake import is_resident_actor
    from .resident import require_own_ticket

    if is_resident_actor(actor):
        require_own_ticket(actor, ticket)
    now = timezone.now()
    if ticket.last_urged_at and now - ticket.last_urged_at < URGE_INTERVAL:
        raise Conflict(
            _("The resident already chased this ticket less than 5 minutes ago."), code="too_soon"
        )
    act(
        ticket,
        "urge",
        actor=actor,
        version=version,
        note=note,
        changes={"urge_count": ticket.urge_count + 1, "last_urged_at": now},
    )
    return ticket
