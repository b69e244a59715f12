"""Custody transfer (档案移交, R-AR-6): an archivist hands records in their custody to another
archivist on a transfer list both sign.

Where the rules are silent: the outgoing custodian draws up the list from the filed records in
their own custody (none already on another open list) and signs the handover line; the incoming
archivist signs the takeover line. Each line names its signer, so nobody signs both and nobody
takes over from themselves. The records' custodian changes only when the second line is signed, in
the same transaction; an open list may be withdrawn by either party. Transfers are between
archivists, who file for every site, so a list may hold records of several sites; it is read by the
archivists, the GM and the auditor.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from propdesk.core.access import require_role
from propdesk.core.events import event_record
from propdesk.core.exceptions import Conflict, InvalidInput, NotAllowed
from propdesk.core.signatures import signature_list_for, signature_request, signature_sign
from propdesk.core.statemachine import transition_apply
from propdesk.core.text import optional_text

from ..models import ArchiveRecord, CustodyTransfer
from ..workflow import ARCHIVISTS, TRANSFER_FLOW

HANDOVER, TAKEOVER = "handover", "takeover"
MAX_RECORDS = 2000


def _ids(raw) -> set[int]:
    msg = _("Choose the records to hand over.")
    out = set()
    for value in raw or []:
        try:
            pk = int(value)
        except (TypeError, ValueError):
            raise InvalidInput(msg, fields={"records": msg}) from None
        if not 0 < pk < 2**31:
            raise InvalidInput(msg, fields={"records": msg})
        out.add(pk)
    if not out or len(out) > MAX_RECORDS:
        raise InvalidInput(msg, fields={"records": msg})
    return out


def transferable(user):
    """Filed records in `user`'s custody that no open transfer list holds."""
    held = CustodyTransfer.records.through.objects.filter(
        custodytransfer__state=CustodyTransfer.State.OPEN
    ).values("archiverecord_id")
    return (
        ArchiveRecord.objects.filter(custodian_id=user.pk, state=ArchiveRecord.State.FILED)
        .exclude(pk__in=held)
        .select_related("archive_class", "site")
        .order_by("number")
    )


@transaction.atomic
def transfer_propose(*, actor, to_user, records, note: str = "") -> CustodyTransfer:
    """Draw up a transfer list of records in the actor's custody for `to_user`; the actor signs
    the handover line at once. R-AR-6."""
    require_role(actor, ARCHIVISTS)
    wanted = _ids(records)
    if to_user is None or not (to_user.is_active and to_user.has_any_role(ARCHIVISTS)):
        msg = _("Hand over to another archivist.")
        raise InvalidInput(msg, fields={"to_user": msg})
    if to_user.pk == actor.pk:
        msg = _("You cannot hand records over to yourself.")
        raise InvalidInput(msg, fields={"to_user": msg})
    note = optional_text(note, "note", 500)
    ok = list(
        transferable(actor)
        .select_for_update(of=("self",))
        .filter(pk__in=wanted)
        .values_list("pk", flat=True)
    )
    if len(ok) != len(wanted):
        msg = _("Hand over only filed records in your custody.")
        raise InvalidInput(msg, fields={"records": msg})
    transfer = CustodyTransfer.objects.create(from_user=actor, to_user=to_user, note=note)
    transfer.records.set(ok)
    signature_request(target=transfer, slot=HANDOVER, requested_by=actor, new=True)
    signature_request(target=transfer, slot=TAKEOVER, requested_by=actor, new=True)
    event_record(target=transfer, code="transfer_proposed", actor=actor, data={"records": len(ok)})
    signature_sign(target=transfer, slot=HANDOVER, actor=actor)
    return transfer


def slot_of(transfer: CustodyTransfer, user) -> str | None:
    if user.pk == transfer.from_user_id:
        return HANDOVER
    if user.pk == transfer.to_user_id:
        return TAKEOVER
    return None


def signed_slots(transfer: CustodyTransfer) -> set[str]:
    return {s.slot for s in signature_list_for(transfer) if s.signer_id}


@transaction.atomic
def transfer_sign(*, actor, transfer: CustodyTransfer, version: int | None = None):
    """Sign the actor's own line; when both lines are signed the records change custodian."""
    TRANSFER_FLOW.check(action="sign", state=transfer.state, user=actor)
    slot = slot_of(transfer, actor)
    if slot is None:
        raise NotAllowed(_("Only the two archivists named on the list sign it."), code="not_party")
    if version is not None and version != transfer.version:
        raise Conflict(_("The list changed meanwhile; reload the page."), code="stale")
    signature_sign(target=transfer, slot=slot, actor=actor)
    if signed_slots(transfer) >= {HANDOVER, TAKEOVER}:
        ids = list(transfer.records.values_list("pk", flat=True))
        transition_apply(
            obj=transfer,
            machine=TRANSFER_FLOW,
            action="sign",
            actor=actor,
            changes={"state": CustodyTransfer.State.DONE, "done_at": timezone.now()},
            data={"records": len(ids)},
        )
        for record in ArchiveRecord.objects.filter(pk__in=ids):
            event_record(
                target=record,
                code="custody",
                actor=actor,
                data={"from": transfer.from_user_id, "to": transfer.to_user_id},
            )
        ArchiveRecord.objects.filter(pk__in=ids).update(custodian=transfer.to_user)
    return transfer


@transaction.atomic
def transfer_cancel(*, actor, transfer: CustodyTransfer, version: int | None = None):
    """Withdraw an open list (either party); nothing changes custodian."""
    if slot_of(transfer, actor) is None:
        TRANSFER_FLOW.check_role(action="cancel", user=actor)
        raise NotAllowed(_("Only the two archivists named on the list sign it."), code="not_party")
    transition_apply(
        obj=transfer,
        machine=TRANSFER_FLOW,
        action="cancel",
        actor=actor,
        expected_version=version,
    )
    return transfer
