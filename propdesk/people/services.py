"""Writes about people: revealing personal data (logged), API tokens, deactivation."""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import InvalidInput, NotAllowed, NotFound
from propdesk.core.models import DataAccess

from .models import ApiToken, Resident, User, UserSession, hash_token
from .roles import REVEALERS

REVEALABLE = {
    "phone": DataAccess.Field.PHONE,
    "phone2": DataAccess.Field.PHONE,
    "id_number": DataAccess.Field.ID_NUMBER,
}


@transaction.atomic
def personal_data_reveal(*, actor: User, resident: Resident, field: str, reason: str = "") -> str:
    """Return the full value of a masked field and log who saw whose, when and why."""
    require_role(actor, REVEALERS)
    if field not in REVEALABLE:
        raise InvalidInput(_("This field cannot be revealed."), code="bad_field")
    DataAccess.objects.create(
        actor=actor,
        content_type=ContentType.objects.get_for_model(Resident),
        object_id=resident.pk,
        field=REVEALABLE[field],
        reason=reason[:200],
    )
    return getattr(resident, field)


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `user`; the raw key is returned once and only its hash is stored."""
    name = (name or "").strip()
    if not name or len(name) > 50:
        raise InvalidInput(
            _("Give the token a name of at most 50 characters."),
            fields={"name": _("Required, at most 50 characters.")},
        )
    raw = secrets.token_urlsafe(32)  # 256 bits from the OS CSPRNG
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], key_hash=hash_token(raw))
    event_record(target=user, code="api_token.created", actor=user, data={"token_id": token.pk})
    return token, raw


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).first()
    if token is None:
        raise NotFound()
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    event_record(target=user, code="api_token.revoked", actor=user, data={"token_id": token.pk})
    return token


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> None:
    """Deactivate a login: its sessions are deleted and its API tokens revoked (ASVS 7.4.2, A8).

    The system administrator does it from the admin (a user list action, or unticking "active");
    nobody deactivates themselves.
    """
    if actor.pk == user.pk:
        raise NotAllowed(_("You cannot deactivate your own login."), code="self")
    user.is_active = False
    user.save(update_fields=["is_active"])
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    UserSession.objects.filter(user_id=user.pk).delete()  # an index, not a scan of every session
    event_record(target=user, code="user.deactivated", actor=actor)


@transaction.atomic
def occupancy_link(*, actor: User, unit, name: str, phone: str, relation: str):
    """Link a person to `unit` in the directory (today's move-in); returns the resident.

    The person is the directory's resident with that mobile number at the unit's site, or a new
    entry. Someone linked to the unit now is refused; a moved-out link is renewed.
    """
    from django.db.models import Q

    from .models import Occupancy

    require_role(actor, {"agent", "supervisor", "cs_manager"})
    resident = (
        Resident.objects.filter(Q(phone=phone) | Q(phone2=phone), occupancies__site=unit.site_id)
        .order_by("pk")
        .first()
    )
    if resident is None:
        resident = Resident.objects.create(name=name, phone=phone)
    occ = Occupancy.objects.filter(resident=resident, unit=unit).first()
    today = timezone.localdate()
    if occ is not None and (occ.move_out is None or occ.move_out >= today):
        raise InvalidInput(_("This person is already linked to the unit."), code="already_linked")
    if occ is None:
        occ = Occupancy(resident=resident, unit=unit, relation=relation, move_in=today)
    else:
        occ.relation, occ.move_in, occ.move_out = relation, today, None
    occ.save()
    event_record(
        target=resident,
        code="occupancy.linked",
        actor=actor,
        site_id=unit.site_id,
        data={"unit": unit.pk, "relation": relation},
    )
    return resident
