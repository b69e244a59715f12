"""Signatures and countersigns (R-FM-5, R-HO-7): request a slot, sign it once, list what waits."""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .access import scope_queryset
from .events import event_record
from .exceptions import Conflict, NotAllowed
from .models import Signature

COUNTERSIGN = "countersign"
# R-FM-5: the direct supervisor countersigns; role codes as stored in the role groups.
COUNTERSIGNERS = frozenset({"supervisor", "cs_manager", "centre_manager"})


def signature_request(
    *, target: models.Model, slot: str, requested_by=None, summary: str = "", new: bool = False
) -> Signature:
    """Open a signature line on `target` (idempotent per slot).

    `new=True` when `target` was created in this transaction: no line can exist yet, so the line
    is inserted without looking first (one query instead of four on every contact registered).
    """
    key = {"content_type": ContentType.objects.get_for_model(target), "object_id": target.pk}
    values = {
        "site_id": getattr(target, "site_id", None),
        "requested_by": requested_by,
        "summary": summary[:200],
    }
    if new:
        return Signature.objects.create(**key, slot=slot, **values)
    sig, _created = Signature.objects.get_or_create(**key, slot=slot, defaults=values)
    return sig


@transaction.atomic
def signature_sign(
    *, target: models.Model, slot: str, actor, note: str = "", forbid_self: bool = True
) -> Signature:
    """Sign the `slot` line of `target`; signs once, and nobody countersigns their own entry."""
    if actor.is_read_only:
        raise NotAllowed()
    if slot == COUNTERSIGN and not actor.has_any_role(COUNTERSIGNERS):
        raise NotAllowed(_("Only a supervisor or manager countersigns."), code="role")
    sig = signature_request(target=target, slot=slot)
    if forbid_self and sig.requested_by_id == actor.pk and slot == COUNTERSIGN:
        raise NotAllowed(_("You cannot countersign your own entry."), code="self_sign")
    updated = Signature.objects.filter(pk=sig.pk, signer__isnull=True).update(
        signer=actor, signed_at=timezone.now(), note=note[:300]
    )
    if updated != 1:
        raise Conflict(_("This has already been signed."), code="already_signed")
    sig.refresh_from_db()
    event_record(target=target, code=f"signed.{slot}", actor=actor, note=note)
    return sig


def signature_list_for(target: models.Model):
    ct = ContentType.objects.get_for_model(target)
    return Signature.objects.filter(content_type=ct, object_id=target.pk).select_related("signer")


def signature_pending_for_user(user, *, slot: str = COUNTERSIGN):
    """Signature lines of `slot` still unsigned in the user's sites, oldest first."""
    qs = Signature.objects.filter(slot=slot, signer__isnull=True).select_related(
        "content_type", "requested_by"
    )
    return scope_queryset(qs, user, field="site_id").order_by("requested_at", "id")
