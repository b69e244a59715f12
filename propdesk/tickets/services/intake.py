"""Intake: every contact is registered first (R-CP-1); a ticket is opened from a contact."""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.numbering import number_next
from propdesk.core.signatures import COUNTERSIGN, signature_request
from propdesk.orgs.models import Department
from propdesk.people.roles import Role

from ..major import major_detect
from ..models import Category, Contact, Kind, Ticket
from ..sla import sla_on_open
from ..workflow import DESK, MAJOR_FLAGGERS

SCHEMES = {
    Kind.COMPLAINT: "TS",
    Kind.REPAIR: "BX",
    Kind.HELP: "QZ",
    Kind.INQUIRY: "ZX",
    Kind.SUGGESTION: "JY",
}
CONTACT_SCHEME = "DJ"
PHONE_CHARS = re.compile(r"^[0-9+\-() ]{3,20}$")
INTAKE_ROLES = DESK | {Role.RESIDENT}


def is_resident_actor(actor) -> bool:
    """A resident acting for themselves (the portal): no desk role of any site."""
    return actor.has_any_role({Role.RESIDENT}) and not actor.has_any_role(DESK)


def _check_own_unit(actor, site, unit, resident) -> None:
    """A resident registers only for themselves and one of their own current units (R-SS-2)."""
    own = getattr(actor, "resident", None)
    if own is None or resident is None or resident.pk != own.pk:
        raise NotAllowed(_("You can only submit requests for yourself."), code="not_self")
    if (
        unit is None
        or unit.site_id != site.pk
        or not own.occupancies.filter(unit_id=unit.pk)
        .exclude(move_out__lt=timezone.localdate())
        .exists()
    ):
        raise InvalidInput(
            _("Choose one of your own units."), fields={"unit": _("Not one of your units.")}
        )


def _check_site(actor, site) -> None:
    ids = visible_site_ids(actor)
    if ids is not None and site.pk not in ids:
        raise NotAllowed(_("This site is not one of yours."), code="site")


def _check_unit_resident(site, unit, resident) -> None:
    if unit is not None and unit.site_id != site.pk:
        raise InvalidInput(
            _("The unit is not in this site."), fields={"unit": _("Not in this site.")}
        )
    if resident is not None and not resident.occupancies.filter(site_id=site.pk).exists():
        raise InvalidInput(
            _("The resident has no unit in this site."),
            fields={"resident": _("Not a resident of this site.")},
        )


@transaction.atomic
def contact_register(
    *,
    actor,
    site,
    channel: str,
    kind: str,
    content: str,
    resident=None,
    unit=None,
    caller_name: str = "",
    caller_phone: str = "",
    location: str = "",
    desired_outcome: str = "",
    received_at=None,
) -> Contact:
    """Register a contact in the 来人来电来访登记表 with its number; the agent is its first owner."""
    require_role(actor, INTAKE_ROLES)
    if is_resident_actor(actor):
        _check_own_unit(actor, site, unit, resident)
    else:
        _check_site(actor, site)
    _check_unit_resident(site, unit, resident)
    if not (content or "").strip():
        raise InvalidInput(
            _("Write down what the contact is about."), fields={"content": _("Required.")}
        )
    if caller_phone and not PHONE_CHARS.match(caller_phone.strip()):
        raise InvalidInput(
            _("Write the phone number with digits only (a hyphen, + or brackets are fine)."),
            fields={"caller_phone": _("Not a phone number.")},
        )
    if resident is None and not (caller_name or "").strip():
        raise InvalidInput(
            _("Pick a resident or write the caller's name."),
            fields={"caller_name": _("Required when no resident is picked.")},
        )
    contact = Contact.objects.create(
        number=number_next(scheme=CONTACT_SCHEME, site_id=site.pk),
        site=site,
        received_at=received_at or timezone.now(),
        channel=channel,
        kind=kind,
        content=content.strip(),
        resident=resident,
        unit=unit,
        caller_name=caller_name or (resident.name if resident else ""),
        caller_phone=caller_phone or (resident.phone if resident else ""),
        location=location,
        desired_outcome=desired_outcome,
        received_by=actor,
    )
    event_record(
        target=contact, code="registered", actor=actor, data={"channel": channel, "kind": kind}
    )
    signature_request(
        target=contact,
        slot=COUNTERSIGN,
        requested_by=actor,
        summary=f"{contact.number} {contact.content[:60]}",
        new=True,
    )
    return contact


def _close_contact(contact: Contact, *, actor, disposition: str, answer: str = "") -> Contact:
    if contact.disposition != Contact.Disposition.OPEN:
        raise Conflict(_("This contact has already been dealt with."), code="wrong_state")
    if contact.kind == Kind.COMPLAINT and disposition != Contact.Disposition.TICKET:
        # R-CP-2, R-CP-4: every complaint gets a handling form (an invalid one is closed there
        # with its explanation), so the major-complaint rules and the callback always apply.
        raise Conflict(
            _(
                "A complaint is always handled as a ticket: create the ticket (an invalid "
                "complaint is closed there with its explanation)."
            ),
            code="complaint_needs_ticket",
        )
    require_role(actor, DESK)
    closed_at = timezone.now() if disposition != Contact.Disposition.PROMISED else None
    _claim_contact(contact, disposition=disposition, answer=answer, closed_at=closed_at)
    event_record(target=contact, code=disposition, actor=actor, note=answer)
    return contact


def _claim_contact(contact: Contact, **values) -> None:
    """Move an open contact on with a guarded UPDATE: of two people acting at once, one wins."""
    updated = Contact.objects.filter(
        pk=contact.pk, disposition=Contact.Disposition.OPEN, version=contact.version
    ).update(version=F("version") + 1, **values)
    if updated != 1:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")
    for key, value in values.items():
        setattr(contact, key, value)
    contact.version += 1


@transaction.atomic
def contact_answer(*, actor, contact: Contact, answer: str) -> Contact:
    """Answered on the spot: the answer is recorded and the entry closed."""
    if not (answer or "").strip():
        raise InvalidInput(_("Write down the answer given."), fields={"answer": _("Required.")})
    return _close_contact(
        contact, actor=actor, disposition=Contact.Disposition.ANSWERED, answer=answer
    )


@transaction.atomic
def contact_record_only(*, actor, contact: Contact, note: str = "") -> Contact:
    return _close_contact(
        contact, actor=actor, disposition=Contact.Disposition.RECORDED, answer=note
    )


@transaction.atomic
def contact_link_ticket(*, actor, contact: Contact, ticket: Ticket) -> Contact:
    """The same resident calls again: link the contact to the existing ticket instead of a duplicate."""
    if ticket.site_id != contact.site_id or not ticket.is_open:
        raise Conflict(_("Only an open ticket of the same site can be linked."), code="link")
    require_role(actor, DESK)
    if contact.disposition != Contact.Disposition.OPEN:
        raise Conflict(_("This contact has already been dealt with."), code="wrong_state")
    _claim_contact(
        contact, disposition=Contact.Disposition.TICKET, ticket=ticket, closed_at=timezone.now()
    )
    event_record(
        target=contact, code=Contact.Disposition.TICKET, actor=actor, data={"ticket": ticket.number}
    )
    event_record(
        target=ticket, code="contact_linked", actor=actor, data={"contact": contact.number}
    )
    return contact


def _repeat_of(ticket: Ticket) -> Ticket | None:
    """R-CP-8: the latest complaint of the same unit and category within the repeat window."""
    if ticket.kind != Kind.COMPLAINT or ticket.unit_id is None:
        return None
    since = ticket.created_at - timedelta(days=settings.PROPDESK.get("REPEAT_WINDOW_DAYS", 30))
    return (
        Ticket.objects.filter(
            unit_id=ticket.unit_id,
            category_id=ticket.category_id,
            kind=Kind.COMPLAINT,
            created_at__gte=since,
        )
        .exclude(pk=ticket.pk)
        .order_by("-created_at")
        .first()
    )


ALLOWED_TICKET_FIELDS = frozenset(
    {
        "title",
        "description",
        "desired_outcome",
        "location",
        "priority",
        "severity",
        "target_department",
        "target_staff",
        "occurred_at",
        "scope",
        "appointment_at",
        "is_paid",
    }
)
# What a resident may say about their own request; priority, severity, departments and the rest
# are the desk's to decide (SECURITY.md A4).
RESIDENT_TICKET_FIELDS = frozenset(
    {"title", "description", "desired_outcome", "location", "appointment_at"}
)
KIND_ONLY_FIELDS = {
    Kind.COMPLAINT: ("severity", "target_department", "target_staff", "occurred_at"),
    Kind.REPAIR: ("scope", "appointment_at", "is_paid"),
}


def _clean_ticket_fields(kind: str, category: Category, fields: dict) -> dict:
    """Check the fields of a new ticket; fields of another kind are dropped."""
    if category.kind != kind or not category.active:
        raise InvalidInput(
            _("The category does not belong to this kind."), fields={"category": _("Wrong kind.")}
        )
    if not (fields.get("title") or "").strip():
        raise InvalidInput(_("Give the ticket a short title."), fields={"title": _("Required.")})
    unknown = set(fields) - ALLOWED_TICKET_FIELDS
    if unknown:
        raise InvalidInput(
            _("These fields cannot be set here: %(f)s") % {"f": ", ".join(sorted(unknown))},
            code="forbidden_fields",
            fields={f: _("Not allowed.") for f in unknown},
        )
    for other, names in KIND_ONLY_FIELDS.items():
        if other != kind:
            for f in names:
                fields.pop(f, None)
    return _kind_defaults(kind, fields)


def _check_resident_ticket(actor, contact: Contact, department, fields: dict) -> None:
    """A resident opens a ticket only from their own contact, with the resident's fields only."""
    if contact.received_by_id != actor.pk:
        raise NotAllowed(_("You can only submit requests for yourself."), code="not_self")
    refused = set(fields) - RESIDENT_TICKET_FIELDS
    if department is not None:
        refused.add("department")
    if refused:
        raise InvalidInput(
            _("These fields cannot be set here: %(f)s") % {"f": ", ".join(sorted(refused))},
            code="forbidden_fields",
            fields={f: _("Not allowed.") for f in refused},
        )


def _kind_defaults(kind: str, fields: dict) -> dict:
    if kind == Kind.REPAIR:
        fields.setdefault("scope", Ticket.Scope.UNIT)
        fields["scope"] = fields["scope"] or Ticket.Scope.UNIT
        appointment = fields.get("appointment_at")
        if appointment and appointment < timezone.now() - timedelta(minutes=10):
            raise InvalidInput(
                _("The appointment time is in the past."),
                fields={"appointment_at": _("In the past.")},
            )
    if kind == Kind.COMPLAINT and not fields.get("severity"):
        fields["severity"] = Ticket.Severity.MINOR
    return fields


@transaction.atomic
def ticket_open(
    *, actor, contact: Contact, kind: str, category: Category, department=None, **fields
) -> Ticket:
    """Create a ticket from a registered contact (one action); the ticket links back to it. R-CP-1.

    The handling department is the category's department of the site unless `department` is given.
    """
    require_role(actor, INTAKE_ROLES)
    if fields.get("severity") == "major" and not actor.has_any_role(MAJOR_FLAGGERS):
        # SECURITY.md §c rule 3: only managers set "major" by hand (rules set it automatically).
        raise NotAllowed(_("Only a manager can mark a complaint major."), code="major_by_hand")
    if contact.disposition != Contact.Disposition.OPEN:
        raise Conflict(_("This contact has already been dealt with."), code="wrong_state")
    if is_resident_actor(actor):
        _check_resident_ticket(actor, contact, department, fields)
    fields = _clean_ticket_fields(kind, category, dict(fields))
    site = contact.site
    if department is not None and department.site_id != site.pk:
        raise InvalidInput(
            _("Choose a department of this site."),
            fields={"department": _("Not in this site.")},
        )
    department = (
        department or Department.objects.filter(site=site, kind=category.default_department).first()
    )
    ticket = Ticket(
        number=number_next(scheme=SCHEMES[kind], site_id=site.pk),
        site=site,
        kind=kind,
        category=category,
        unit=contact.unit,
        resident=contact.resident,
        contact_name=contact.caller_name,
        contact_phone=contact.caller_phone,
        desired_outcome=contact.desired_outcome,
        department=department,
        created_by=actor,
        created_at=timezone.now(),
        **fields,
    )
    if not ticket.description:
        ticket.description = contact.content
    ticket.callback_required = True
    repeat = _repeat_of(ticket)
    ticket.is_repeat, ticket.repeat_of = repeat is not None, repeat
    ticket.save()
    _claim_contact(contact, ticket=ticket, disposition=Contact.Disposition.TICKET)
    event_record(
        target=ticket,
        code="registered",
        actor=actor,
        data={"contact": contact.number, "repeat_of": repeat.number if repeat else None},
    )
    event_record(target=contact, code="ticket", actor=actor, data={"ticket": ticket.number})
    sla_on_open(ticket)
    major_detect(ticket, actor=actor)
    return ticket
