"""One-time invitations to the portal: the desk makes one for a resident of its site, prints it
(a PDF with the QR) or shows the link; opening it binds the directory entry to a portal login
and signs the resident in.

- The desk of the resident's site makes it: an agent, shift lead or CS manager with a site where
  the resident lives now (another site's resident: 404, like the directory). The auditor reads
  and changes nothing.
- The link's secret has 256 bits from the OS CSPRNG; only its SHA-256 is stored, so the link is
  shown (or printed) once, when it is made. A new invitation revokes the resident's open ones:
  only the latest paper works.
- It works once, for `DEFAULT_DAYS` (7; 1–30), and the desk can revoke it before.
- Opening the link shows a page with one button; only pressing it (a POST) uses the invitation,
  so a chat app fetching the link for its preview does not spend it.
- Using it: a resident without a login gets one (the resident role, no password: they come back
  by invitation or mobile-number code); a resident with a portal login signs in to it. A login
  that is not a resident's (staff) is never signed in by an invitation.
"""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role, visible_site_ids
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotFound
from propdesk.people.models import Occupancy, Resident, User
from propdesk.people.roles import Role

from .models import Invitation

DEFAULT_DAYS = 7
MAX_DAYS = 30
INVITERS = frozenset({Role.AGENT, Role.SUPERVISOR, Role.CS_MANAGER})


def key_hash(raw: str) -> str:
    return hashlib.sha256(("portal-invite|" + raw).encode()).hexdigest()


def invite_sites(user, resident) -> list[int]:
    """The sites of `user` where `resident` lives now (where the user may invite them)."""
    occ = Occupancy.objects.filter(resident=resident, move_out__isnull=True)
    ids = visible_site_ids(user)
    if ids is not None:
        occ = occ.filter(site_id__in=ids)
    return sorted(set(occ.values_list("site_id", flat=True)))


def can_invite(user, resident, sites=None) -> bool:
    """Whether `invitation_create` would succeed for `user` (the directory's button follows it)."""
    if user.is_read_only or not user.has_any_role(INVITERS):
        return False
    if resident.user_id and not resident.user.has_any_role({Role.RESIDENT}):
        return False
    return bool(invite_sites(user, resident) if sites is None else sites)


def invitation_list_for(user, resident):
    """The resident's invitations made at the user's sites, newest first."""
    qs = Invitation.objects.filter(resident=resident).select_related("created_by", "used_by")
    ids = visible_site_ids(user)
    if ids is not None:
        qs = qs.filter(site_id__in=ids)
    return qs


@transaction.atomic
def invitation_create(*, actor, resident, days: int = DEFAULT_DAYS) -> tuple[Invitation, str]:
    """Make a one-time invitation; returns it and the link's secret (shown or printed once)."""
    require_role(actor, INVITERS)
    sites = invite_sites(actor, resident)
    if not sites:
        raise NotFound()
    if resident.user_id and not resident.user.has_any_role({Role.RESIDENT}):
        raise Conflict(
            _("This resident's entry is linked to a staff login; it cannot be invited."),
            code="staff_login",
        )
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            _("An invitation lasts from 1 to %(max)d days.") % {"max": MAX_DAYS},
            fields={"days": _("From 1 to %(max)d.") % {"max": MAX_DAYS}},
        )
    now = timezone.now()
    Invitation.objects.filter(
        resident=resident, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(revoked_at=now, revoked_by=actor)
    raw = secrets.token_urlsafe(32)
    inv = Invitation.objects.create(
        resident=resident,
        site_id=sites[0],
        key_hash=key_hash(raw),
        created_by=actor,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    event_record(target=resident, code="portal.invited", actor=actor, data={"invitation": inv.pk})
    return inv, raw


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    require_role(actor, INVITERS)
    ids = visible_site_ids(actor)
    if ids is not None and invitation.site_id not in ids:
        raise NotFound()
    now = timezone.now()
    done = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now, revoked_by=actor)
    if not done:
        raise Conflict(_("This invitation was already used or revoked."), code="wrong_state")
    invitation.revoked_at, invitation.revoked_by = now, actor
    event_record(
        target=invitation.resident,
        code="portal.invitation_revoked",
        actor=actor,
        data={"invitation": invitation.pk},
    )
    return invitation


UNUSABLE = _(
    "This invitation cannot be used: it was used already, revoked or is out of date. "
    "Ask the front desk for a new one."
)


def invitation_find(raw: str) -> Invitation:
    """The open invitation of a link, or InvalidInput (the same words whatever the reason)."""
    raw = (raw or "")[:100]
    inv = (
        Invitation.objects.filter(key_hash=key_hash(raw)).select_related("resident").first()
        if raw
        else None
    )
    if inv is None or inv.status() != "open":
        raise InvalidInput(UNUSABLE, code="invitation_unusable")
    return inv


def _portal_login(resident: Resident) -> User:
    user = resident.user
    if user is not None:
        return user
    user = User(username=f"resident-{resident.pk}-{secrets.token_hex(3)}", name=resident.name)
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.RESIDENT)[0])
    resident.user = user
    resident.save(update_fields=["user"])
    return user


@transaction.atomic
def invitation_use(*, raw: str) -> User:
    """Use the invitation of a link: bind the resident to a portal login; returns the login."""
    inv = invitation_find(raw)
    # lock the invitation row only (PostgreSQL refuses FOR UPDATE on the nullable side of a join)
    inv = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("resident__user")
        .get(pk=inv.pk)
    )
    if inv.status() != "open":
        raise InvalidInput(UNUSABLE, code="invitation_unusable")
    resident = inv.resident
    if not Occupancy.objects.filter(
        resident=resident, site_id=inv.site_id, move_out__isnull=True
    ).exists():
        raise InvalidInput(UNUSABLE, code="invitation_unusable")
    if resident.user_id and (
        not resident.user.is_active or not resident.user.has_any_role({Role.RESIDENT})
    ):
        raise InvalidInput(UNUSABLE, code="invitation_unusable")
    user = _portal_login(resident)
    now = timezone.now()
    Invitation.objects.filter(pk=inv.pk).update(used_at=now, used_by=user)
    event_record(
        target=resident, code="portal.invitation_used", actor=user, data={"invitation": inv.pk}
    )
    return user
