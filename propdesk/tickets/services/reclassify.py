"""Changing the priority or category of a registered ticket: a visible correction (R-FM-6) that
recomputes the SLA due times (R-SS-1) and re-checks the major-complaint rules (R-CP-4)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.corrections import correction_apply
from propdesk.core.exceptions import Conflict, InvalidInput

from ..major import major_detect
from ..models import Category, Priority, Ticket
from ..sla import sla_recompute
from ..workflow import DESK


@transaction.atomic
def ticket_reclassify(
    *,
    actor,
    ticket: Ticket,
    reason: str,
    priority: str | None = None,
    category: Category | None = None,
) -> Ticket:
    """Correct priority and/or category with a reason; due times are laid out again."""
    require_role(actor, DESK)
    if not ticket.is_open:
        raise Conflict(_("A closed ticket cannot be reclassified."), code="wrong_state")
    if priority is not None and priority not in Priority.values:
        raise InvalidInput(_("Unknown priority."), fields={"priority": _("Invalid.")})
    if category is not None and (category.kind != ticket.kind or not category.active):
        raise InvalidInput(
            _("The category does not belong to this kind."), fields={"category": _("Wrong kind.")}
        )
    changed = False
    if priority is not None and priority != ticket.priority:
        correction_apply(
            target=ticket, field="priority", new_value=priority, reason=reason, actor=actor
        )
        changed = True
    if category is not None and category.pk != ticket.category_id:
        correction_apply(
            target=ticket, field="category_id", new_value=category.pk, reason=reason, actor=actor
        )
        ticket.category = category
        changed = True
    if not changed:
        raise InvalidInput(_("Nothing was changed."), code="unchanged")
    sla_recompute(ticket, actor=actor)
    if not ticket.is_major:
        major_detect(ticket)
    return ticket
