"""Attachments and corrections on a ticket, with their permission checks and timeline rows."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, require_write
from propdesk.core.attachments import attachment_add
from propdesk.core.corrections import correction_apply
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed

from ..models import Ticket
from ..permissions import require_department_actor
from ..workflow import DESK, LEADS
from .reclassify import ticket_reclassify

CORRECTABLE = frozenset(
    {"title", "description", "desired_outcome", "location", "priority", "severity", "scope"}
)


@transaction.atomic
def ticket_attach(*, actor, ticket: Ticket, upload, purpose: str = "ticket"):
    """Attach a photo or PDF: the desk, or the department handling the ticket; on the timeline."""
    require_write(actor)
    if not actor.has_any_role(DESK):
        try:
            require_department_actor(ticket, actor)
        except NotAllowed:
            raise NotAllowed(
                _("Only the desk or the handling department can attach files.")
            ) from None
    att = attachment_add(target=ticket, upload=upload, actor=actor, purpose=purpose)
    event_record(
        target=ticket,
        code="attached",
        actor=actor,
        data={"attachment": att.pk, "name": att.original_name},
    )
    return att


@transaction.atomic
def ticket_correct(
    *, actor, ticket: Ticket, field: str, new_value, reason: str, version: int | None = None
):
    """R-FM-6: a supervisor corrects one field with a reason; a priority change also recomputes SLAs."""
    require_role(actor, LEADS)
    if field not in CORRECTABLE:
        raise InvalidInput(
            _("This field cannot be corrected."), fields={"field": _("Not allowed.")}
        )
    if version is not None and version != ticket.version:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")
    if field == "severity" and new_value == Ticket.Severity.MAJOR:
        # R-CP-4: "major" assigns the property-centre manager; only its own action sets it.
        raise InvalidInput(
            _("To make a complaint major, a manager uses “Flag as a major complaint”."),
            fields={"new_value": _("Not allowed.")},
        )
    if field == "priority":
        return ticket_reclassify(actor=actor, ticket=ticket, priority=new_value, reason=reason)
    return correction_apply(
        target=ticket, field=field, new_value=new_value, reason=reason, actor=actor
    )
