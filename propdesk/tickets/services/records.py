"""Attachments and corrections on a ticket, with their permission checks and timeline rows."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, require_write
from propdesk.core.attachments import attachment_add
from propdesk.core.corrections import correction_apply
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed

from ..models import Kind, Ticket
from ..permissions import require_department_actor
from ..workflow import DESK, LEADS
from .reclassify import ticket_reclassify

CORRECTABLE = frozenset(
    {"title", "description", "desired_outcome", "location", "priority", "severity", "scope"}
)
KIND_FIELDS = {"severity": Kind.COMPLAINT, "scope": Kind.REPAIR}


def ticket_can_correct(user) -> bool:
    """Who may correct a ticket (R-FM-6): the shift lead and the CS manager, in any state."""
    return not user.is_read_only and user.has_any_role(LEADS)


def _clean_value(ticket: Ticket, field: str, value) -> str:
    """The new value as the ticket stores it: a code of the field's choices, within its length."""
    model_field = Ticket._meta.get_field(field)
    value = str(value or "").strip()
    if field in KIND_FIELDS and ticket.kind != KIND_FIELDS[field]:
        raise InvalidInput(
            _("This field does not apply to this kind of ticket."),
            fields={"field": _("Not for this kind.")},
        )
    if model_field.choices and value not in dict(model_field.choices):
        codes = ", ".join(str(code) for code, _label in model_field.choices)
        raise InvalidInput(
            _("The new value is not one of the choices."),
            fields={"new_value": _("Choose one of: %(values)s") % {"values": codes}},
        )
    if not value and not model_field.blank:
        raise InvalidInput(_("This field cannot be empty."), fields={"new_value": _("Required.")})
    if model_field.max_length and len(value) > model_field.max_length:
        raise InvalidInput(
            _("The new value is too long (at most %(n)d characters).")
            % {"n": model_field.max_length},
            fields={"new_value": _("Too long.")},
        )
    return value


def _check_major(ticket: Ticket, field: str, value: str) -> None:
    # SECURITY.md §c rule 3: "major" is set by the major-complaint rules or a manager's flag,
    # which also assign the centre manager (R-CP-4); a correction would only change the word.
    if field == "severity" and Ticket.Severity.MAJOR in (value, ticket.severity):
        raise Conflict(
            _("Whether a complaint is major is not changed by a correction."),
            code="major_by_flag",
        )


def _check_version(ticket: Ticket, version: int | None) -> None:
    """A stale version answers 409; the row is locked so that two corrections cannot both win."""
    if version is None:
        return
    current = (
        Ticket.objects.select_for_update()
        .filter(pk=ticket.pk)
        .values_list("version", flat=True)
        .first()
    )
    if version != ticket.version or current != version:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")


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
    _check_version(ticket, version)
    new_value = _clean_value(ticket, field, new_value)
    _check_major(ticket, field, new_value)
    if field == "priority":
        return ticket_reclassify(actor=actor, ticket=ticket, priority=new_value, reason=reason)
    return correction_apply(
        target=ticket, field=field, new_value=new_value, reason=reason, actor=actor
    )
