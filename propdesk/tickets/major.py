"""Major complaints (重大投诉, R-CP-4): detected by rule or flagged by hand; the property-centre
manager is notified and assigned at once and must sign off before the complaint closes."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext as _

from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput
from propdesk.core.models import Signature
from propdesk.core.signatures import signature_list_for, signature_request, signature_sign
from propdesk.notify.services import notify
from propdesk.people.models import User
from propdesk.people.roles import Role

from .models import Kind, MajorKeyword, Ticket
from .workflow import TICKET_FLOW

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


def major_detect(ticket: Ticket, *, actor=None) -> None:
    """Apply the rules to a new ticket; a complaint a manager registered as major is major too."""
    reasons = major_reasons(ticket)
    if ticket.kind == Kind.COMPLAINT and ticket.severity == Ticket.Severity.MAJOR:
        reasons.append("manual")
    if reasons:
        mark_major(ticket, reasons, actor=actor if "manual" in reasons else None)


def _check_version(ticket: Ticket, version: int | None) -> None:
    if version is not None and version != ticket.version:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")


@transaction.atomic
def ticket_flag_major(*, actor, ticket: Ticket, reason: str, version: int | None = None) -> Ticket:
    """Flag a complaint major by hand, with a reason (CS manager or property-centre manager only)."""
    TICKET_FLOW.check(action="flag_major", state=ticket.state, user=actor)
    if ticket.kind != Kind.COMPLAINT:
        raise Conflict(_("Only an open complaint can be flagged major."), code="kind")
    if ticket.is_major:
        raise Conflict(_("This complaint is already major."), code="already_major")
    if not (reason or "").strip():
        raise InvalidInput(_("Say why the complaint is major."), fields={"reason": _("Required.")})
    _check_version(ticket, version)
    bumped = Ticket.objects.filter(pk=ticket.pk, version=ticket.version, is_major=False).update(
        version=F("version") + 1
    )
    if bumped != 1:
        raise Conflict(_("Someone else changed this record; reload and try again."), code="stale")
    ticket.version += 1
    mark_major(ticket, ["manual"], actor=actor, note=reason.strip())
    return ticket


@transaction.atomic
def ticket_major_signoff(
    *, actor, ticket: Ticket, note: str = "", version: int | None = None
) -> Ticket:
    """The property-centre manager signs off a handled major complaint, with a note; only then
    can the desk close it (R-CP-4)."""
    TICKET_FLOW.check(action="major_signoff", state=ticket.state, user=actor)
    if not ticket.is_major:
        raise Conflict(_("This complaint is not major."), code="not_major")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(
            _("Write what you confirm with your sign-off."), fields={"note": _("Required.")}
        )
    _check_version(ticket, version)
    signature_sign(target=ticket, slot=SIGNOFF, actor=actor, note=note, forbid_self=False)
    _tell_desk_signed_off(ticket, actor)
    return ticket


def _tell_desk_signed_off(ticket: Ticket, actor) -> None:
    """The desk may close now: the agent who registered the complaint hears of the sign-off."""
    owner = ticket.created_by
    notify(
        recipients=[owner] if owner.pk != actor.pk else [],
        code="ticket.major_signed_off",
        site_id=ticket.site_id,
        url=f"/tickets/{ticket.pk}/",
        title=_("Major complaint %(number)s signed off: it can be closed")
        % {"number": ticket.number},
        dedupe_key=f"major_signoff:{ticket.pk}",
    )


def major_signature(ticket: Ticket):
    """The sign-off line of a major complaint (signed or still waiting), or None."""
    return signature_list_for(ticket).filter(slot=SIGNOFF).first()


def major_signed_off(ticket: Ticket) -> bool:
    """True once the centre manager signed off (an annotated `major_signed` saves the query)."""
    known = getattr(ticket, "major_signed", None)
    if known is not None:
        return bool(known)
    return signature_list_for(ticket).filter(slot=SIGNOFF, signer__isnull=False).exists()


def with_major_signed(qs):
    """Annotate `major_signed` on a ticket queryset (for lists that show the sign-off action)."""
    signed = Signature.objects.filter(
        content_type=ContentType.objects.get_for_model(Ticket),
        object_id=OuterRef("pk"),
        slot=SIGNOFF,
        signer__isnull=False,
    )
    return qs.annotate(major_signed=Exists(signed))
