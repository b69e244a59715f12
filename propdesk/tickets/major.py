"""Major complaints (重大投诉, R-CP-4): detected by rule or flagged by hand; the property-centre
manager is notified and assigned at once and must sign off before the complaint closes."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.signatures import signature_list_for, signature_request, signature_sign
from propdesk.notify.services import notify
from propdesk.people.models import User
from propdesk.people.roles import Role

from .models import Kind, MajorKeyword, Ticket

SIGNOFF = "major_signoff"
REPEAT_THRESHOLD = 3


def major_reasons(ticket: Ticket) -> list[str]:
    """Rule codes that make this complaint major: category, repeat ≥3 in 30 days, keyword:<word>."""
    if ticket.kind != Kind.COMPLAINT:
        return []
    reasons = []
    if ticket.category.is_major:
        reasons.append("category")
    if ticket.unit_id:
        since = ticket.created_at - timedelta(days=settings.PROPDESK.get("REPEAT_WINDOW_DAYS", 30))
        count = Ticket.objects.filter(
            unit_id=ticket.unit_id, kind=Kind.COMPLAINT, created_at__gte=since
        ).count()
        if count >= REPEAT_THRESHOLD:
            reasons.append("repeat")
    text = " ".join((ticket.title, ticket.description, ticket.desired_outcome))
    words = MajorKeyword.objects.filter(active=True).values_list("word", flat=True)
    reasons += [f"keyword:{w}" for w in words if w and w in text]
    return reasons


def _centre_managers(site_id: int) -> list:
    return list(
        User.objects.filter(
            groups__name=Role.CENTRE_MANAGER, staff__sites=site_id, is_active=True
        ).order_by("id")
    )


def mark_major(ticket: Ticket, reasons: list[str], *, actor=None, note: str = "") -> None:
    """Flag the ticket major, assign and notify the property-centre manager, open the sign-off line."""
    managers = _centre_managers(ticket.site_id)
    owner = managers[0] if managers else None
    merged = sorted(set(ticket.major_reasons or []) | set(reasons))
    Ticket.objects.filter(pk=ticket.pk).update(
        is_major=True, major_reasons=merged, major_owner=owner, severity=Ticket.Severity.MAJOR
    )
    ticket.is_major, ticket.major_reasons, ticket.major_owner = True, merged, owner
    ticket.severity = Ticket.Severity.MAJOR
    event_record(
        target=ticket,
        code="major",
        actor=actor,
        note=note,
        data={"reasons": reasons, "owner": owner.pk if owner else None},
    )
    signature_request(
        target=ticket, slot=SIGNOFF, requested_by=actor, summary=f"{ticket.number} {ticket.title}"
    )
    notify(
        recipients=managers,
        code="ticket.major",
        site_id=ticket.site_id,
        url=f"/tickets/{ticket.pk}/",
        title=_("Major complaint %(number)s: %(title)s")
        % {"number": ticket.number, "title": ticket.title},
        body=ticket.description[:500],
        dedupe_key=f"major:{ticket.pk}",
    )


def major_detect(ticket: Ticket) -> None:
    reasons = major_reasons(ticket)
    if reasons:
        mark_major(ticket, reasons)


@transaction.atomic
def ticket_flag_major(*, actor, ticket: Ticket, reason: str) -> Ticket:
    """Flag a complaint major by hand, with a reason (CS manager or property-centre manager only)."""
    require_role(actor, {Role.CS_MANAGER, Role.CENTRE_MANAGER})
    if ticket.kind != Kind.COMPLAINT or not ticket.is_open:
        raise Conflict(_("Only an open complaint can be flagged major."), code="kind")
    if not (reason or "").strip():
        raise InvalidInput(_("Say why the complaint is major."), fields={"reason": _("Required.")})
    mark_major(ticket, ["manual"], actor=actor, note=reason.strip())
    return ticket


@transaction.atomic
def ticket_major_signoff(*, actor, ticket: Ticket, note: str = "") -> Ticket:
    """The property-centre manager signs off a major complaint; only then can it close."""
    require_role(actor, {Role.CENTRE_MANAGER})
    if not ticket.is_major:
        raise Conflict(_("This complaint is not major."), code="not_major")
    signature_sign(target=ticket, slot=SIGNOFF, actor=actor, note=note, forbid_self=False)
    return ticket


def major_signed_off(ticket: Ticket) -> bool:
    return signature_list_for(ticket).filter(slot=SIGNOFF, signer__isnull=False).exists()
